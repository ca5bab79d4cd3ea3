"""HTML redirect pages: escaping, the generator mark, and never overwriting a real page."""

from __future__ import annotations

import json
import re

from urlkeeper.findings import HOST_UNSUPPORTED, REDIRECT_PAGE_SKIPPED
from urlkeeper.html_scan import is_redirect_page
from urlkeeper.inventory import Inventory
from urlkeeper.renderers import get
from urlkeeper.renderers.html_pages import js_string, page
from urlkeeper.rules import Rule

from render_fixtures import make_input, make_inventory

XSS = "/en/x/</script><script>alert(1)</script>"


def _render(rules, **kw):
    return get("html").render(make_input(rules=rules, **kw))


def test_script_breakout_is_escaped():
    out = _render([Rule("/en/evil/", XSS)])
    text = out.files["en/evil/index.html"]
    assert "<script>alert" not in text
    assert text.count("</script>") == 1  # only the page's own
    assert text.lower().count("<script") == 1


def test_escaping_holds_even_for_unencoded_targets():
    text = page('/x/</script><script>alert("1")</script>&\u2028', "/c/\"><b>")
    assert "<script>alert" not in text and text.count("</script>") == 1
    script_block = text[text.index("<script>"):text.index("</script>")]
    assert "\u2028" not in script_block and "\\u2028" in script_block
    assert 'href="/c/&quot;&gt;&lt;b&gt;"' in text
    script = re.search(r"var target = (.*);\n", text).group(1)
    assert json.loads(script) == '/x/</script><script>alert("1")</script>&\u2028'
    assert js_string("</script>") == '"\\u003c/script\\u003e"'


def test_page_parts():
    out = _render([Rule("/en/old/", "/en/developer-portal/about/#roles")], site_url="https://docs.example.com/")
    text = out.files["en/old/index.html"]
    assert is_redirect_page(text)
    assert text.index('<meta name="generator" content="urlkeeper-redirect"') < 2048
    assert '<meta http-equiv="refresh" content="0; url=/en/developer-portal/about/#roles">' in text
    assert '<link rel="canonical" href="https://docs.example.com/en/developer-portal/about/#roles">' in text
    assert '<meta name="robots" content="noindex">' in text
    assert "location.replace" in text and "location.search" in text and "location.hash" in text
    assert '<a href="/en/developer-portal/about/#roles">' in text
    # every form: directory and index.html share a file, the legacy form has its own, with and without /en
    assert sorted(out.files) == ["en/old.html", "en/old/index.html", "old.html", "old/index.html"]


def test_pages_are_not_live_pages_for_the_inventory():
    out = _render(make_input().rules)
    inv = Inventory.from_pages((("/" + rel, text) for rel, text in out.files.items()))
    assert len(inv) == 0


def test_never_overwrites_a_live_page():
    inv = make_inventory()
    inv.add("/en/old/")  # the old URL is still a live page (validation reports it; the renderer must not clobber it)
    inv.add("/old.html")
    out = _render([Rule("/en/old/", "/en/developer-portal/about/")], inventory=inv)
    assert "en/old/index.html" not in out.files
    assert "old.html" not in out.files
    assert "en/old.html" in out.files and "old/index.html" in out.files
    skipped = [f for f in out.findings if f.code is REDIRECT_PAGE_SKIPPED]
    assert {f.url for f in skipped} >= {"/en/old/", "/old.html"}


def test_never_overwrites_another_rules_page():
    # the bare form /apps/legacy/ is claimed explicitly by another rule: its page wins
    rules = [Rule("/en/apps/legacy/", "/en/developer-portal/about/"), Rule("/apps/legacy/", "/en/developer-portal/")]
    out = _render(rules)
    assert 'url=/en/developer-portal/"' in out.files["apps/legacy/index.html"]
    assert 'url=/en/developer-portal/about/"' in out.files["en/apps/legacy/index.html"]


def test_prefix_rules_get_pages_for_published_urls_only():
    out = _render(make_input().rules)
    assert "en/apps/tools/index.html" in out.files  # baseline URL under /en/apps/*
    assert 'url=/en/developer-portal/tools/"' in out.files["en/apps/tools.html"]
    assert "en/apps/keep/index.html" not in out.files  # still live
    assert "en/apps/keep.html" not in out.files
    assert "en/apps/never-published/index.html" not in out.files


def test_prefix_rule_without_published_urls_warns():
    out = _render([Rule("/en/gone/", "/en/developer-portal/*", prefix=True)], baseline_urls=[])
    assert any(f.code is HOST_UNSUPPORTED and f.url == "/en/gone/" for f in out.findings)
    assert "en/gone/index.html" in out.files  # its own root still gets a page


def test_non_html_urls_are_reported_not_written():
    out = _render([Rule("/en/api/openapi.yaml", "/en/api/reference/")])
    assert out.files == {}
    assert {f.code for f in out.findings} == {HOST_UNSUPPORTED}
    assert {f.url for f in out.findings} == {"/en/api/openapi.yaml", "/api/openapi.yaml"}


def test_visible_link_text_is_escaped():
    out = _render([Rule("/en/q/", '/en/a"b<c>/')])
    text = out.files["en/q/index.html"]
    assert "<c>" not in text
    assert re.search(r"<a href=\"[^\"<>]*\">[^<>]*</a>", text)


def test_write_files_never_leaves_the_site_and_never_replaces_a_page(tmp_path):
    import pytest

    from urlkeeper.errors import InputError
    from urlkeeper.renderers.base import write_files

    site = tmp_path / "site"
    (site / "en" / "live").mkdir(parents=True)
    (site / "en" / "live" / "index.html").write_text("real page")
    many = {f"old/p{i}/index.html": f"redirect {i}" for i in range(300)}
    many["en/live/index.html"] = "redirect page"
    assert write_files(site, many, overwrite=False) == 300
    assert (site / "en" / "live" / "index.html").read_text() == "real page"
    assert (site / "old" / "p299" / "index.html").read_text() == "redirect 299"
    assert write_files(site, {"_redirects": "a"}, overwrite=True) == 1
    assert write_files(site, {"_redirects": "b"}, overwrite=True) == 1
    assert (site / "_redirects").read_text() == "b"
    for bad in ("../outside.html", "old/../../outside.html", "/etc/x.html"):
        with pytest.raises(InputError, match="refusing to write outside"):
            write_files(site, {"fine/index.html": "x", bad: "x"}, overwrite=False)
        assert not (site / "fine").exists()  # nothing written when one path is bad
    assert not (tmp_path / "outside.html").exists()
    (site / "blocked").write_text("a file where a folder would go")
    with pytest.raises(InputError, match="cannot write under"):
        write_files(site, {"blocked/index.html": "x"}, overwrite=False)


def test_legacy_html_pages_for_every_live_page():
    plain = get("html").render(make_input())
    rendered = get("html").render(make_input(legacy_html=True))
    added = set(rendered.files) - set(plain.files)
    assert "en/developer-portal/about.html" in added
    assert "url=/en/developer-portal/about/" in rendered.files["en/developer-portal/about.html"]
    assert "en/apps/keep.html" in added  # a live page under a moved prefix keeps its .html address too
    assert not any(rel.endswith("/index.html") for rel in added)
    doc = json.loads(get("json").render(make_input(legacy_html=True)).files["redirects.json"])
    assert doc["legacy_html"] is True
    assert "legacy_html" not in json.loads(get("json").render(make_input()).files["redirects.json"])
