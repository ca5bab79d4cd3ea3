"""Plans are applied in dependency order: a path vacated by one move may be taken by another
(`B -> C` and `A -> B`, listed in either order), pages may swap, and only true conflicts are
refused. Real git, real MkDocs builds."""

from __future__ import annotations

import pytest
import yaml

from movekit import build, config, git, project, read, snapshot, uk, write

PAGES = {
    "en/index.md": "# Home\n\n[Overview](x/overview.md#partner), [about](x/about.md), [old](x/legacy.md#keep)\n",
    "en/x/overview.md": "# Overview\n\n## Partner {#partner}\n\nPartners. Back [home](../index.md).\n",
    "en/x/about.md": "# About\n\n## Team {#team}\n\nThe team.\n",
    "en/x/legacy.md": "# Legacy\n\n## Keep {#keep}\n\nKept. See [overview](overview.md).\n",
}


def make(tmp_path):
    return project(tmp_path / "p", PAGES, config(nav=["en/index.md", "en/x/overview.md", "en/x/about.md", "en/x/legacy.md"]))


def write_plan(base, moves):
    write(base, {"redirects/plans/reuse.yml": "moves:\n" + "".join(f"  - from: {a}\n    to: {b}\n" for a, b in moves)})


def apply(base, moves):
    write_plan(base, moves)
    return uk(base, "apply", "redirects/plans/reuse.yml")


@pytest.mark.parametrize("order", ["vacate-first", "take-first"])
def test_reused_path_in_either_order_applies_reapplies_as_no_op_and_has_no_rule_for_it(tmp_path, order):
    base = make(tmp_path)
    moves = [("en/x/overview.md", "en/x/about.md"), ("en/x/about.md", "en/x/team.md")]
    if order == "vacate-first":
        moves.reverse()
    proc = apply(base, moves)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert read(base, "en/x/about.md").startswith("# Overview")
    assert read(base, "en/x/team.md").startswith("# About")
    assert not (base / "docs/en/x/overview.md").exists()
    assert read(base, "en/index.md") == "# Home\n\n[Overview](x/about.md#partner), [about](x/team.md), [old](x/legacy.md#keep)\n"
    assert "See [overview](about.md)." in read(base, "en/x/legacy.md")
    rules = yaml.safe_load((base / "redirects/reuse.yml").read_text())["redirects"]
    assert rules == [{"from": "/en/x/overview/", "to": "/en/x/about/"}]  # none from /en/x/about/: it is live
    status = git(base, "status", "--porcelain")
    assert "R  docs/en/x/about.md -> docs/en/x/team.md" in status or "docs/en/x/team.md" in status
    assert git(base, "diff", "--cached", "--name-status", "-M").count("\n") >= 2
    build(base)
    after = snapshot(base)
    again = apply(base, moves)
    assert again.returncode == 0 and "nothing to do" in again.stdout, again.stdout + again.stderr
    assert snapshot(base) == after


def test_swap_goes_through_without_a_conflict(tmp_path):
    base = make(tmp_path)
    proc = apply(base, [("en/x/overview.md", "en/x/about.md"), ("en/x/about.md", "en/x/overview.md")])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert read(base, "en/x/about.md").startswith("# Overview") and read(base, "en/x/overview.md").startswith("# About")
    assert read(base, "en/index.md").startswith("# Home\n\n[Overview](x/about.md#partner), [about](x/overview.md)")
    assert not (base / "redirects/reuse.yml").exists()  # both URLs stay live: no rule
    index = git(base, "ls-files", "-s", "docs/en/x")
    blobs = {line.split("\t")[1]: line.split()[1] for line in index.splitlines()}
    head = {line.split("\t")[1]: line.split()[2] for line in git(base, "ls-tree", "-r", "HEAD", "docs/en/x").splitlines()}
    assert blobs["docs/en/x/about.md"] == head["docs/en/x/overview.md"]  # git mv semantics, swapped
    assert blobs["docs/en/x/overview.md"] == head["docs/en/x/about.md"]
    build(base)


def test_three_page_cycle(tmp_path):
    base = make(tmp_path)
    proc = apply(base, [("en/x/overview.md", "en/x/about.md"), ("en/x/about.md", "en/x/legacy.md"),
                        ("en/x/legacy.md", "en/x/overview.md")])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert read(base, "en/x/overview.md").startswith("# Legacy") and "See [overview](about.md)." in read(base, "en/x/overview.md")
    assert read(base, "en/index.md") == "# Home\n\n[Overview](x/about.md#partner), [about](x/legacy.md), [old](x/overview.md#keep)\n"
    build(base)


@pytest.mark.parametrize("moves, message", [
    ([("en/x/overview.md", "en/x/about.md")], "target exists: en/x/about.md"),  # about stays: a true conflict
    ([("en/x/overview.md", "en/x/team.md"), ("en/x/about.md", "en/x/team.md")], "two moves to one place"),
    ([("en/x/", "en/x/sub/")], "cannot move a folder into itself"),
])
def test_true_conflicts_are_still_refused(tmp_path, moves, message):
    base = make(tmp_path)
    write_plan(base, moves)
    before = snapshot(base)
    proc = uk(base, "apply", "redirects/plans/reuse.yml")
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert snapshot(base) == before
