"""The build's fingerprints kept between runs: written by `suggest` or by the plugin during the
build, used only for built files unchanged since."""

from __future__ import annotations

import shutil

import yaml

import pages
from conftest import build, urlkeeper
from suggestkit import restructured  # noqa: F401 (fixture)

from urlkeeper.suggest import buildcache


def _copy(restructured, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(restructured, project, ignore=shutil.ignore_patterns(".git", ".urlkeeper-cache"))
    return project


def _suggest(project):
    proc = urlkeeper("redirects", "suggest", cwd=project)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_suggest_caches_the_build_and_reads_again_only_what_changed(restructured, tmp_path):
    project = _copy(restructured, tmp_path)
    cache = project / buildcache.CACHE
    first = _suggest(project)
    entries = buildcache.load(cache, project / "site", r"^__")
    built = {p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*.html")}
    assert set(entries) == built
    assert entries["en/auth/oauth/index.html"][1].title == "OAuth apps"
    written = cache.stat().st_mtime_ns
    assert _suggest(project) == first and cache.stat().st_mtime_ns == written  # all fresh: not rewritten
    page = project / "site/en/auth/oauth/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('id="oauth-apps">OAuth apps<', 'id="oauth-apps">OAuth flows<'), encoding="utf-8")
    _suggest(project)
    again = buildcache.load(cache, project / "site", r"^__")
    assert again["en/auth/oauth/index.html"][1].title == "OAuth flows"
    assert again["en/auth/oauth/index.html"][0] != entries["en/auth/oauth/index.html"][0]


def test_cache_of_another_site_or_broken_is_not_used(restructured, tmp_path):
    project = _copy(restructured, tmp_path)
    cache = project / buildcache.CACHE
    first = _suggest(project)
    assert buildcache.load(cache, tmp_path / "elsewhere", r"^__") == {}
    assert buildcache.load(cache, project / "site", None) == {}  # made with another anchor_ignore
    cache.write_text(cache.read_text(encoding="utf-8")[:-40], encoding="utf-8")  # cut mid-line
    assert _suggest(project) == first
    assert set(buildcache.load(cache, project / "site", r"^__"))  # rebuilt


def test_plugin_option_records_the_fingerprints_during_the_build(restructured, tmp_path):
    project = _copy(restructured, tmp_path)
    cfg = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["plugins"] = [{"urlkeeper": {"fingerprints": True}}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    shutil.rmtree(project / "site")
    build(project)
    cache = project / buildcache.CACHE
    entries = buildcache.load(cache, project / "site", r"^__")
    pages_built = {rel for rel, (_st, fp, _a) in entries.items() if fp is not None}
    assert "en/auth/oauth/index.html" in pages_built and len(pages_built) >= len(pages.NEW)
    for rel in pages_built:  # stamped as written: suggest takes them without reading the pages
        assert entries[rel][0] == buildcache.stamp((project / "site" / rel).stat())
    out = _suggest(project)
    rules = {r["from"]: r["to"] for r in yaml.safe_load(out)["redirects"]}
    assert rules == pages.EXPECTED


def _page(i: int) -> str:
    words = "\n".join(f"w{(i * 7 + k) % 97} théme{k % 5}" for k in range(40))
    return (f"<!doctype html><html><head><title>Page {i} - Docs</title></head><body><nav>Home</nav>"
            f'<article><h1 id="page-{i}">Page {i}</h1><p>{words}</p><h2 id="more">More\n{i % 9}</h2>'
            f'<p id="p{i}">Tail text of page {i}.</p></article></body></html>')


def test_a_large_site_is_read_in_worker_processes_as_one_process_reads_it(tmp_path):
    """Over a thousand pages: read in parallel; every page as the plain serial reading of its
    file (text mode) gives it, redirect pages and the 404 page left out, and the cache holds
    the same."""
    from urlkeeper import html_scan
    from urlkeeper.inventory import page_url
    from urlkeeper.suggest import extract, sources

    site = tmp_path / "site"
    for i in range(sources.BATCH + 300):
        path = site / f"s{i % 13}/p{i}/index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_page(i).replace("\n", "\r\n" if i % 2 else "\r").encode())
    (site / "404.html").write_text(_page(-1), encoding="utf-8")
    (site / "old/index.html").parent.mkdir()
    (site / "old/index.html").write_text(f'<html><head><meta name="generator" content="{html_scan.REDIRECT_GENERATOR}">'
                                         '</head></html>', encoding="utf-8")
    cache = tmp_path / buildcache.CACHE
    prints, inventory = sources.site_and_inventory(site, None, r"^__", cache)
    assert len(prints) == sources.BATCH + 300 == len(inventory.pages)
    for path in site.glob("s*/p*/index.html"):
        url = page_url(path.relative_to(site).as_posix())
        want = extract.from_html(url, path.read_text(encoding="utf-8"))
        got = prints[url]
        assert (got.title, got.headings, got.shingles, got.sig.tolist()) == (want.title, want.headings, want.shingles, want.sig.tolist())
        assert inventory.pages[url] == frozenset(html_scan.anchors(path.read_text(encoding="utf-8")))
    entries = buildcache.load(cache, site, r"^__")
    assert len(entries) == sources.BATCH + 302 and entries["old/index.html"][1] is None
    assert {e[1].url: e[1].sig.tolist() for e in entries.values() if e[1]} == {u: fp.sig.tolist() for u, fp in prints.items()}
