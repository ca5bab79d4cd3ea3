"""Apache .htaccess: evaluated with Python's re (the patterns use only PCRE syntax that re
shares), first matching RedirectMatch wins, the way mod_alias applies them. A real Apache run
is optional and skipped."""

from __future__ import annotations

import re
from urllib.parse import unquote


from urlkeeper.renderers import get
from urlkeeper.resolve import Resolver

from render_fixtures import live_forms, make_input, old_forms


def _unquote_conf(token: str) -> str:
    assert token.startswith('"') and token.endswith('"'), token
    return re.sub(r'\\([\\"])', r"\1", token[1:-1])


def parse(text: str):
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r'RedirectMatch (\d{3}) ("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*")', line)
        assert m, line
        out.append((int(m.group(1)), re.compile(_unquote_conf(m.group(2))), _unquote_conf(m.group(3))))
    return out


def evaluate(rules, path: str):
    for status, pattern, target in rules:
        m = pattern.search(path)
        if m:
            def sub(t):
                if t.group(0) == "\\&":
                    return "&"
                if t.group(0) == "&":
                    return m.group(0)
                return m.group(int(t.group(0)[1]))
            return status, re.sub(r"\\&|&|\$\d", sub, target)
    return None


def test_every_old_url_redirects_like_the_resolver():
    data = make_input()
    rules = parse(get("apache").render(data).files[".htaccess"])
    resolver = Resolver(data.rules, data.inventory, data.language_prefix)
    for form in old_forms(data):
        expected = resolver.resolve(form)
        hit = evaluate(rules, unquote(form))
        assert hit is not None, form
        assert hit[0] == expected.rules[0].status, form
        assert unquote(hit[1]) == unquote(expected.hops[0]), form


def test_live_pages_are_not_redirected():
    data = make_input()
    rules = parse(get("apache").render(data).files[".htaccess"])
    for form in live_forms(data):
        assert evaluate(rules, unquote(form)) is None, form


def test_exact_forms_do_not_match_below_them():
    rules = parse(get("apache").render(make_input()).files[".htaccess"])
    # mod_alias "Redirect /en/apps/overview/ ..." would also take /en/apps/overview/child/
    hit = evaluate(rules, "/en/partners/child/")
    assert hit is None

