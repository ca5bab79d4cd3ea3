"""Shared data and helpers of the renderer tests: a fixed rule set that covers every kind of
rule (exact, section anchor, prefix with splat, nested prefix, prefix to one page, 302, an
external target, nasty characters), its inventory and baseline, and the golden-file check."""

from __future__ import annotations

import os
from pathlib import Path

from urlkeeper.inventory import Inventory
from urlkeeper.renderers import RenderInput, load_all
from urlkeeper.resolve import Resolver
from urlkeeper.rules import Rule
from urlkeeper.urls import forms_of

load_all()


def make_rules() -> list[Rule]:
    rules = [
        Rule("/en/apps/overview/", "/en/developer-portal/about/"),  # exact
        Rule("/en/apps/publish/beta/", "/en/developer-portal/standard-app/publish/#beta"),  # section anchor
        Rule("/en/apps/", "/en/developer-portal/*", prefix=True),  # prefix, keeps the rest of the path
        Rule("/en/apps/legacy-tools/", "/en/developer-portal/getting-started/#register", prefix=True),  # nested prefix
        Rule("/en/old-guides/", "/en/developer-portal/getting-started/", prefix=True),  # prefix to one page
        Rule("/en/temp/", "/en/developer-portal/", status=302),  # temporary
        Rule("/en/partners/", "https://partners.example.com/programme/?ref=docs&lang=en"),  # external, allowed host
        Rule("/en/a%20b/", "/en/developer-portal/caf%C3%A9/"),  # encoded space, encoded unicode
        Rule("/en/price-$5/", "/en/developer-portal/über/#größe"),  # dollar, raw unicode
        Rule("/en/quote/", '/en/developer-portal/say-"hi"-<b>/'),  # quotes and angle brackets
        Rule("/apps/legacy/", "/en/developer-portal/"),  # claims a bare form explicitly
    ]
    return sorted(rules, key=lambda r: (r.source, r.prefix))


LIVE = {
    "/en/": (),
    "/en/developer-portal/": ("sections",),
    "/en/developer-portal/about/": ("overview",),
    "/en/developer-portal/getting-started/": ("register",),
    "/en/developer-portal/standard-app/publish/": ("beta",),
    "/en/developer-portal/standard-app/certification/": (),
    "/en/developer-portal/café/": (),
    "/en/developer-portal/über/": ("größe",),
    '/en/developer-portal/say-"hi"-<b>/': (),
    "/en/developer-portal/tools/": (),
    "/en/apps/keep/": (),  # still live under a moved prefix: must not be redirected
}

BASELINE = [
    "/en/apps/overview/",
    "/en/apps/publish/beta/",
    "/en/apps/standard-app/publish/",
    "/en/apps/standard-app/certification/",
    "/en/apps/about/",
    "/en/apps/tools/",
    "/en/apps/keep/",
    "/en/apps/legacy-tools/cli/",
    "/en/old-guides/intro/",
    "/en/old-guides/setup/",
    "/en/temp/",
]


def make_inventory() -> Inventory:
    inv = Inventory()
    for url, anchors in LIVE.items():
        inv.add(url, anchors)
    return inv


def make_input(**overrides) -> RenderInput:
    data = dict(rules=make_rules(), language_prefix="/en", base_path="", inventory=make_inventory(),
                baseline_urls=list(BASELINE), site_url="https://docs.example.com/", allowed_hosts=("partners.example.com",))
    data.update(overrides)
    return RenderInput(**data)

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str) -> None:
    """Compare with tests/renderers/golden/<name>; rewrite it only when UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"golden file {path} is missing: run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file (UPDATE_GOLDEN=1 regenerates it after review)"


def old_forms(data) -> list[str]:
    """Every concrete old URL the rules must keep working: all forms of exact rules and of
    the published URLs under prefix rules, except live ones."""
    resolver = Resolver(data.rules, data.inventory, data.language_prefix)
    keys = {r.source for r in data.rules if not r.prefix} | set(data.baseline_urls)
    keys |= {r.source for r in data.rules if r.prefix}
    out = set()
    for key in keys:
        if data.inventory.resolve_page(key) is not None:
            continue
        for form in forms_of(key, data.language_prefix):
            if data.inventory.resolve_page(form) is None and resolver.resolve(form).ok:
                out.add(form)
    return sorted(out)


def live_forms(data) -> list[str]:
    out = []
    for page in data.inventory.pages:
        out.append(page)
        if page.endswith("/"):
            out.append(page + "index.html")
    return sorted(out)
