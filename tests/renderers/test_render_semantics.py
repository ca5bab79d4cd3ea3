"""Semantics: the rendered _redirects, evaluated the way Netlify / Cloudflare Pages do, takes
every old URL where urlkeeper's resolver says it goes, and leaves live pages alone."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from urlkeeper.renderers import get
from urlkeeper.resolve import Resolver
from urlkeeper.urls import is_external, join_base

from render_fixtures import live_forms, make_input, old_forms


def parse_redirects(text: str) -> list[tuple[str, str, int]]:
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split()
        assert len(parts) == 3, f"not 'from to status': {line!r}"
        rules.append((parts[0], parts[1], int(parts[2])))
    return rules


def evaluate(rules, path: str) -> tuple[int, str] | None:
    """First match wins; ``*`` at the end of ``from`` matches the rest, ``:splat`` takes it.
    Paths compare percent-decoded (both hosts decode rule paths and requests)."""
    want = unquote(path)
    for src, dst, status in rules:
        src = unquote(src)
        if src.endswith("*"):
            if not want.startswith(src[:-1]):
                continue
            dst = dst.replace(":splat", want[len(src) - 1:])
        elif src != want:
            continue
        return status, dst
    return None


def follow(rules, inventory, path: str, hops: int = 5) -> tuple[str, list[int]]:
    """Where a request ends: the live page (with fragment) or an external URL; and the statuses."""
    statuses = []
    fragment = ""
    for _ in range(hops):
        hit = evaluate(rules, path)
        if hit is None or hit[0] == 200:
            page = inventory.resolve_page(unquote(path))
            assert page is not None, f"{path} ends on no live page"
            return page + (f"#{fragment}" if fragment else ""), statuses
        status, target = hit
        statuses.append(status)
        if is_external(target):
            return target, statuses
        path, _, frag = target.partition("#")
        path = urlsplit(path).path
        if frag:
            fragment = unquote(frag)
    raise AssertionError(f"more than {hops} redirects from {path}")


@pytest.mark.parametrize("base", ["", "/docs"])
def test_every_old_url_resolves_like_the_resolver(base):
    data = make_input(base_path=base)
    rules = parse_redirects(get("netlify").render(data).files["_redirects"])
    resolver = Resolver(data.rules, data.inventory, data.language_prefix)
    forms = old_forms(data)
    assert len(forms) > 60
    for form in forms:
        expected = resolver.resolve(form)
        assert expected.ok, form
        end, statuses = follow(rules, _based(data.inventory, base), join_base(base, form))
        assert len(statuses) == 1, f"{form}: {len(statuses)} hops"
        assert statuses[0] == expected.rules[0].status, form
        if expected.external:
            assert end == expected.external, form
        else:
            assert end == join_base(base, expected.final), form
            page, _, fragment = expected.final.partition("#")
            assert data.inventory.has_anchor(page, fragment), form


def test_live_pages_are_served_not_redirected():
    data = make_input()
    rules = parse_redirects(get("netlify").render(data).files["_redirects"])
    for form in live_forms(data):
        end, statuses = follow(rules, data.inventory, form)
        assert statuses == [], f"live {form} was redirected"


class _based:
    """The inventory as the host sees it below a base path."""

    def __init__(self, inventory, base):
        self.inventory, self.base = inventory, base

    def resolve_page(self, path):
        if self.base:
            if not path.startswith(self.base + "/"):
                return None
            path = path[len(self.base):]
        page = self.inventory.resolve_page(path)
        return join_base(self.base, page) if page is not None else None
