"""The check of the last build reused by the next `mkdocs build` (urlkeeper.mkdocs_plugin.reuse):
only when nothing it reads changed, with the same findings and files as a check run again."""

from __future__ import annotations

import os
import re
from pathlib import Path

from conftest import build
from test_plugin import plugin_project
from test_plugin_keep import tree

from urlkeeper.mkdocs_plugin import keep

RULES = """redirects:
  - from: /en/apps/overview/
    to: /en/developer-portal/about/#roles
  - from: /en/apps/gone/
    to: /en/developer-portal/nowhere/
"""
# an anchor of a live page, an anchor a rule names, a URL that no longer resolves
BASELINE = "/en/developer-portal/getting-started/#register\n/en/apps/overview/\n/en/apps/removed/\n"
REUSED = "the check of the last build"


def urlkeeper_lines(stderr: str) -> list[str]:
    """The plugin's lines, without its timings and the count of files written (pages kept are not)."""
    lines = [line for line in stderr.splitlines() if "urlkeeper" in line or "UK" in line]
    return [re.sub(r"[\d.]+s", "Ts", re.sub(r"\d+ files written", "N files written", line)).replace(f" ({REUSED}, as nothing it reads changed)", "") for line in lines]


def cache_file(p: Path) -> Path:
    return keep.cache_file(p / ".urlkeeper-cache", "check", str(p / "site"), ".json")


def test_a_second_build_reuses_the_check_with_the_same_findings_and_files(tmp_path):
    p = plugin_project(tmp_path / "p", RULES, BASELINE, formats=("html", "json", "netlify", "nginx"))
    first = build(p)
    assert REUSED not in first.stderr and cache_file(p).is_file()
    before = tree(p / "site")
    second = build(p)
    assert REUSED in second.stderr
    assert urlkeeper_lines(second.stderr) == urlkeeper_lines(first.stderr)
    assert any("UK201" in line for line in urlkeeper_lines(second.stderr))  # findings come back too
    assert tree(p / "site") == before


def test_an_anchor_the_check_read_is_read_again(tmp_path):
    p = plugin_project(tmp_path / "p", RULES, BASELINE, formats=("html",))
    build(p)
    page = p / "docs" / "en" / "developer-portal" / "about.md"
    page.write_text(page.read_text().replace("{#roles}", "{#duties}"))
    proc = build(p)
    assert REUSED not in proc.stderr and "#roles" in proc.stderr  # the rule's target anchor is gone
    other = p / "docs" / "en" / "developer-portal" / "standard-app" / "publish.md"
    other.write_text(other.read_text().replace("{#beta}", "{#preview}"))  # an anchor nothing names
    assert REUSED in build(p).stderr


def test_changed_inputs_run_the_check_again(tmp_path):
    p = plugin_project(tmp_path / "p", RULES, BASELINE, formats=("html",))
    build(p)
    (p / "redirects" / "baselines" / "old.txt").write_text(BASELINE + "/en/apps/also-removed/\n")
    proc = build(p)
    assert REUSED not in proc.stderr and "/en/apps/also-removed/" in proc.stderr
    (p / "docs" / "en" / "new-page.md").write_text("# New\n")  # one more page URL
    assert REUSED not in build(p).stderr


def test_a_damaged_cache_file_is_not_used(tmp_path):
    p = plugin_project(tmp_path / "p", RULES, BASELINE, formats=("html",))
    first = build(p)
    good = cache_file(p).read_text()
    for damaged in ("{not json", "[]", good.replace('"rules":', '"rules":"x","was":'),
                    good.replace('"findings":[[', '"findings":[["UK999"'), good.replace('"texts":["', '"texts":[7,"')):
        cache_file(p).write_text(damaged)
        proc = build(p)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr
        assert REUSED not in proc.stderr, damaged[:80]
        assert urlkeeper_lines(proc.stderr) == urlkeeper_lines(first.stderr)


def test_the_cache_keeps_the_newest_site_folders_only(tmp_path):
    # `mkdocs serve` builds into a new temporary folder each time it starts: its cache files
    # must not pile up
    p = plugin_project(tmp_path / "p", RULES, BASELINE, formats=("html",))
    cache = p / ".urlkeeper-cache"
    cache.mkdir()
    for i in range(6):
        for name in (f"check-old{i}.json", f"redirect-pages-old{i}.txt"):
            (cache / name).write_text("{}")
            os.utime(cache / name, ns=(i * 10**9, i * 10**9))
    build(p)
    assert sorted(f.name for f in cache.glob("check-*")) == sorted(
        [cache_file(p).name, "check-old5.json", "check-old4.json", "check-old3.json"])
    assert len(list(cache.glob("redirect-pages-*"))) == keep.CACHED_SITES
