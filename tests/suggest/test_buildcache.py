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
