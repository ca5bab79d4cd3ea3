"""`urlkeeper redirects from-git` and the baseline check for pages deleted with git."""

from __future__ import annotations

import json

import yaml

from movekit import build, config, git, project, uk

PAGES = {
    "en/index.md": "# Home\n\n[a](apps/a.md) [b](apps/b.md) [c](apps/c.md)\n",
    "en/apps/index.md": "# Apps\n",
    "en/apps/a.md": "# A\n\nAlpha page with enough text for rename detection to match it.\n",
    "en/apps/b.md": "# B\n\nBeta page with enough text for rename detection to match it.\n",
    "en/apps/c.md": "# C\n\nGamma page with enough text for rename detection to match it.\n",
    "en/apps/logo.png": "png",
}


def test_from_git_proposes_rules_for_renamed_and_deleted_pages(tmp_path):
    base = project(tmp_path / "p", PAGES, config())
    git(base, "tag", "v1")
    git(base, "mv", "docs/en/apps/a.md", "docs/en/apps/alpha.md")
    git(base, "mv", "docs/en/apps/logo.png", "docs/en/logo.png")  # not a page: no rule
    git(base, "rm", "-q", "docs/en/apps/b.md")
    git(base, "commit", "-qm", "restructure")
    (base / "docs/en/apps/c.md").unlink()  # deleted in the work tree only
    proc = uk(base, "redirects", "from-git", "v1")
    assert proc.returncode == 0, proc.stderr
    rules = yaml.safe_load(proc.stdout)["redirects"]
    assert rules == [
        {"from": "/en/apps/a/", "to": "/en/apps/alpha/"},
        {"from": "/en/apps/b/", "to": "/en/apps/", "note": "deleted page: review the target"},
        {"from": "/en/apps/c/", "to": "/en/apps/", "note": "deleted page: review the target"},
    ]
    # -o appends to a map, and a second run proposes nothing new
    assert uk(base, "redirects", "from-git", "v1", "-o", "redirects/restructure.yml").returncode == 0
    saved = yaml.safe_load((base / "redirects/restructure.yml").read_text())["redirects"]
    assert saved == rules
    again = uk(base, "redirects", "from-git", "v1")
    assert yaml.safe_load(again.stdout)["redirects"] is None


def test_from_git_bad_revision_is_bad_input(tmp_path):
    base = project(tmp_path / "p", PAGES, config())
    proc = uk(base, "redirects", "from-git", "no-such-rev")
    assert proc.returncode == 2 and "git diff no-such-rev failed" in proc.stderr


def test_check_reports_a_page_deleted_with_git_since_the_baseline(tmp_path):
    base = project(tmp_path / "p", PAGES, config())
    build(base)
    assert uk(base, "inventory", "site", "-o", "redirects/baselines/v1.txt").returncode == 0
    git(base, "add", "-A")
    git(base, "commit", "-qm", "baseline")
    git(base, "rm", "-q", "docs/en/apps/b.md")
    (base / "docs/en/index.md").write_text("# Home\n\n[a](apps/a.md) [c](apps/c.md)\n")
    build(base)
    proc = uk(base, "check", "--format", "json")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    broken = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "UK201"]
    assert {f["url"].split("#")[0] for f in broken} == {"/en/apps/b/"}
    assert "/en/apps/b/" in [f["url"] for f in broken]
    assert broken[0]["file"].endswith("v1.txt")
    # the proposed rule makes the URL resolve again (its old anchors stay reported: UK202)
    assert uk(base, "redirects", "from-git", "HEAD", "-o", "redirects/fix.yml").returncode == 0
    build(base)
    after = json.loads(uk(base, "check", "--format", "json").stdout)["findings"]
    assert not [f for f in after if f["code"] == "UK201"]
