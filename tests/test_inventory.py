"""The URL inventory: built from a real MkDocs site, from a sitemap, and in its text format."""

from __future__ import annotations


import pytest

from conftest import TINY_PAGES, build, make_project, urlkeeper
from urlkeeper.errors import InputError
from urlkeeper.html_scan import anchors
from urlkeeper.inventory import Inventory, page_url, parse_entries


def test_inventory_of_a_real_build(tiny_site):
    inv = Inventory.from_site(tiny_site)
    assert len(inv) == len(TINY_PAGES)
    assert "/en/developer-portal/about/" in inv
    assert {"overview", "roles"} <= inv.anchors("/en/developer-portal/about/")
    assert "/404.html" not in inv
    assert inv.resolve_page("/en/developer-portal/about/index.html") == "/en/developer-portal/about/"
    assert inv.resolve_page("/en/developer-portal/about") == "/en/developer-portal/about/"
    assert inv.resolve_page("/en/developer-portal/about.html") is None  # hosts do not serve that form


def test_cli_inventory_is_sorted_and_stable(tiny_site, tmp_path):
    out1, out2 = tmp_path / "a.txt", tmp_path / "b.txt"
    assert urlkeeper("inventory", str(tiny_site), "-o", str(out1)).returncode == 0
    assert urlkeeper("inventory", str(tiny_site), "-o", str(out2)).returncode == 0
    text = out1.read_text()
    assert text == out2.read_text()
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == sorted(lines)
    assert "/en/api/reference/operations/list-contacts/#param-limit" in lines
    assert Inventory.read(out1).pages == Inventory.from_site(tiny_site).pages


def test_redirect_pages_are_not_live_pages(tmp_path):
    site = tmp_path / "site"
    (site / "en" / "old").mkdir(parents=True)
    (site / "en" / "index.html").write_text('<h1 id="home">Home</h1>')
    (site / "en" / "old" / "index.html").write_text(
        '<!doctype html><meta name="generator" content="urlkeeper-redirect"><meta http-equiv="refresh" content="0; url=/en/">')
    assert set(Inventory.from_site(site).pages) == {"/en/"}


def test_anchor_scanner_ids_names_and_exclusions():
    html = """
    <h2 id="a">A</h2><a name="legacy"></a><input name="q"><div id='single'></div><p id=bare>x</p>
    <script>var s = '<div id="in-script">';</script><!-- <h2 id="in-comment"> -->
    <pre><code>&lt;div id="in-code"&gt;</code></pre><nav id="__drawer"></nav><h3 id="amp&amp;x">y</h3>
    """
    import re

    found = anchors(html, re.compile("^__"))
    assert found == {"a", "legacy", "single", "bare", "amp&x"}


def test_anchor_scanner_edge_cases():
    html = """<DIV ID="Upper"></DIV><A NAME="OldStyle"></A><span data-id="not" grid="x"></span>
    <p>Text with id="in-text" and name="not-a-tag" outside any tag.</p>
    <img
      alt="a > b" id="after-gt-in-value"><h2 class="x"
      id = "spaced">S</h2><p>Turkish İstanbul</p><h4 id="after-i">I</h4>
    <scripts id="custom-element"></scripts><style>#x { content: ' id="in-style"'; }</style>
    <template><p id="in-template"></p></template><p id="last"></p>
    <script>document.write('<p id="unclosed">')"""
    found = anchors(html)
    # A ">" inside a quoted value does not end the tag (raw HTML in Markdown has them).
    assert found == {"Upper", "OldStyle", "after-gt-in-value", "spaced", "after-i", "custom-element", "last"}


def test_sitemap_reading(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "<url><loc>https://docs.example.com/docs/en/apps/overview/</loc></url>\n"
        "<url><loc>https://docs.example.com/docs/en/</loc></url>\n</urlset>\n")
    inv = Inventory.from_sitemap(sitemap, "https://docs.example.com/docs/")
    assert set(inv.pages) == {"/en/apps/overview/", "/en/"}
    proc = urlkeeper("inventory", str(sitemap), "--site-url", "https://docs.example.com/docs/")
    assert proc.returncode == 0 and "/en/apps/overview/\n" in proc.stdout
    bad = tmp_path / "bad.xml"
    bad.write_text("<urlset>\n<url>\n")
    with pytest.raises(InputError):
        Inventory.from_sitemap(bad)


def test_baseline_line_errors_name_the_line():
    with pytest.raises(InputError) as err:
        parse_entries("/en/\n\nen/no-slash/\n", "b.txt")
    assert err.value.line == 3 and "b.txt:3" in str(err.value)


def test_page_url():
    assert page_url("index.html") == "/"
    assert page_url("en/x/index.html") == "/en/x/"
    assert page_url("en/x.html") == "/en/x.html"


def test_two_builds_give_identical_inventories(tmp_path):
    a = make_project(tmp_path / "a", TINY_PAGES)
    b = make_project(tmp_path / "b", TINY_PAGES)
    build(a), build(b)
    assert Inventory.from_site(a / "site").to_text() == Inventory.from_site(b / "site").to_text()


def test_files_that_are_not_pages(tmp_path):
    """Inventory.files: every file of the built site that is not a page (404.html included),
    the same whether read with the inventory or alone (the plugin's way)."""
    from urlkeeper.inventory import other_files

    (tmp_path / "en" / "a").mkdir(parents=True)
    (tmp_path / "en" / "a" / "index.html").write_text("<h1 id='x'>A</h1>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text("body {}", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>Not found</h1>", encoding="utf-8")
    inv = Inventory.from_site(tmp_path)
    assert set(inv.pages) == {"/en/a/"}
    assert inv.files == {"/assets/site.css", "/404.html"} == other_files(tmp_path)
