"""Redirect pages kept across clean builds (urlkeeper.mkdocs_plugin.keep): whatever happened
between builds, the site ends byte for byte as a build into an empty folder leaves it, while
pages that did not change are not written again."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import build
from test_plugin import plugin_project

from urlkeeper.mkdocs_plugin import keep

RULES = """redirects:
  - from: /en/apps/overview/
    to: /en/developer-portal/about/
  - from: /en/apps/certification/requirements/
    to: /en/developer-portal/standard-app/certification/
  - from: /en/developer-portal/old-start/
    to: /en/developer-portal/getting-started/
"""
BASELINE = "/en/apps/overview/\n/en/apps/certification/requirements/\n/en/developer-portal/old-start/\n"


def tree(root: Path) -> dict[str, bytes | None]:
    """Every folder (None) and file (its bytes) under ``root``, hidden ones too."""
    out: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        rel = Path(folder).relative_to(root)
        for name in dirs:
            out[(rel / name).as_posix() + "/"] = None
        for name in files:
            if name != "sitemap.xml.gz":  # gzip stamps the time of writing
                out[(rel / name).as_posix()] = (Path(folder) / name).read_bytes()
    return out


def same_as_clean_build(project: Path, n: int) -> None:
    """The site equals a build of the same project into an empty folder."""
    fresh = project.parent / f"fresh-{n}"
    build(project, "-d", str(fresh))
    got, want = tree(project / "site"), tree(fresh)
    assert got.keys() == want.keys(), (sorted(got.keys() - want.keys()), sorted(want.keys() - got.keys()))
    assert [k for k in got if got[k] != want[k]] == []


def stamps(site: Path) -> dict[str, tuple[int, int]]:
    """(inode, modification time) of every redirect page: unchanged when it was not written."""
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("*.html") if b"urlkeeper-redirect" in p.read_bytes()}


def record_lines(project: Path) -> list[str]:
    return keep.load(keep.record_of(project / ".urlkeeper-cache", str(project / "site")))


def test_a_rebuild_keeps_unchanged_pages_and_ends_as_a_clean_build(tmp_path):
    p = plugin_project(tmp_path / "p", RULES, BASELINE, formats=("html",))
    build(p)
    site = p / "site"
    same_as_clean_build(p, 1)
    # the folders the plugin created, and its pages in folders of real pages
    assert record_lines(p) == ["apps", "developer-portal", "en/apps", "en/developer-portal/old-start",
                               "en/developer-portal/old-start.html"]
    before = stamps(site)
    assert len(before) == 12
    build(p)
    assert stamps(site) == before  # not one redirect page deleted or written again
    same_as_clean_build(p, 2)
    assert not (site / keep.KEPT).exists()


def test_changed_rules_new_pages_strays_and_a_bad_record_end_as_a_clean_build(tmp_path):
    p = plugin_project(tmp_path / "p", RULES, BASELINE, formats=("html",))
    build(p)
    site = p / "site"
    kept = stamps(site)["en/apps/certification/requirements/index.html"]
    # a rule's target changed, a rule removed, a real page where a rule's source was
    (p / "redirects" / "merge.yml").write_text(
        RULES.replace("/en/developer-portal/about/", "/en/developer-portal/getting-started/")
        .replace("  - from: /en/developer-portal/old-start/\n    to: /en/developer-portal/getting-started/\n", ""))
    (p / "docs" / "apps").mkdir(parents=True)
    (p / "docs" / "apps" / "overview.md").write_text("# A real page where a redirect was\n")
    # a stray file in a folder of the plugin's, a killed build's leftovers, a record naming
    # folders of real pages, paths outside the site and a path through a symlink
    (site / "en" / "apps" / "stray.txt").write_text("not from this build")
    (site / keep.KEPT / "en").mkdir(parents=True)
    (site / keep.KEPT / "en" / "left.html").write_text("left by a killed build")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.html").write_text("outside")
    (site / "linked").symlink_to(outside)
    record = keep.record_of(p / ".urlkeeper-cache", str(site))
    record.write_text(record.read_text() + "en\nen/index.html\n../outside\n/etc\nlinked/x.html\n")
    build(p)
    assert (outside / "x.html").read_text() == "outside"
    (site / "linked").unlink()  # (MkDocs' cleaning leaves a symlink to a folder)
    same_as_clean_build(p, 3)
    assert "getting-started" in (site / "en" / "apps" / "overview" / "index.html").read_text()
    assert stamps(site)["en/apps/certification/requirements/index.html"] == kept
    assert not (site / "en" / "developer-portal" / "old-start").exists()


def test_a_failed_build_puts_the_pages_back(tmp_path):
    p = plugin_project(tmp_path / "p", RULES, BASELINE, formats=("html",))
    build(p)
    site = p / "site"
    (p / "redirects" / "merge.yml").write_text("redirects: [\n")
    proc = build(p, check=False)
    assert proc.returncode != 0 and "merge.yml" in proc.stderr and "Traceback" not in proc.stderr
    assert not (site / keep.KEPT).exists()
    assert "/en/developer-portal/about/" in (site / "en" / "apps" / "overview" / "index.html").read_text()
    (p / "redirects" / "merge.yml").write_text(RULES)
    build(p)
    same_as_clean_build(p, 4)


def test_entries_are_the_top_folders_and_the_loose_files():
    assert keep.entries(["a/b"], {"c", "c/d", "a/b/e"}, ["c/d/index.html", "f/x.html", "a/b/e/index.html", "g.html"]) \
        == ["a/b", "c", "f/x.html", "g.html"]
