"""`urlkeeper move` against hostile input, one test per finding of issue 11: symlinks out of the
project, symlinked pages, non-UTF-8 pages, maps it cannot read, --name, line endings,
destinations that would not be published, git arguments."""

from __future__ import annotations

import os
import subprocess

import pytest

from movekit import config, git, project, snapshot, uk

PAGES = {
    "en/index.md": "# Home\n\n[a](a.md) [b](b.md) [s](shared.md)\n",
    "en/a.md": "# A\n\n[b](b.md)\n",
    "en/b.md": "# B\n\n## Part {#part}\n",
}


def refused(base, *args, message: str):
    before = snapshot(base)
    proc = uk(base, *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert snapshot(base) == before
    return proc


def test_moving_into_a_symlinked_folder_that_leads_outside_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.md").write_text("precious\n")
    base = project(tmp_path / "p", PAGES, config())
    os.symlink(outside, base / "docs/en/ext")
    refused(base, "move", "en/a.md", "en/ext/a.md", message="outside the project")
    assert (outside / "a.md").read_text() == "precious\n"


def test_a_symlinked_page_is_moved_as_a_symlink_and_edited_through_it(tmp_path):
    files = {"shared/shared.md": "# Shared\n\nSee the [portal](https://docs.example.com/en/).\n",
             "shared/linking.md": "# Linking\n\n[a](a.md)\n"}
    base = project(tmp_path / "p", PAGES, config(), files=files, git_repo=False)
    os.symlink("../../shared/shared.md", base / "docs/en/shared.md")
    os.symlink("../../shared/linking.md", base / "docs/en/linking.md")
    git(base, "init", "-q", "-b", "main")
    git(base, "add", "-A")
    git(base, "commit", "-qm", "x")
    proc = uk(base, "move", "en/shared.md", "en/guide/shared.md")
    assert proc.returncode == 0, proc.stderr
    moved = base / "docs/en/guide/shared.md"
    assert moved.is_symlink() and os.readlink(moved) == "../../../shared/shared.md"
    assert moved.read_text().startswith("# Shared")
    assert "[s](guide/shared.md)" in (base / "docs/en/index.md").read_text()
    # a symlinked page whose links change is edited through the link, which stays a link
    proc = uk(base, "move", "en/a.md", "en/z.md")
    assert proc.returncode == 0, proc.stderr
    assert (base / "docs/en/linking.md").is_symlink()
    assert (base / "shared/linking.md").read_text() == "# Linking\n\n[a](z.md)\n"


def test_a_symlinked_page_whose_own_links_would_change_is_refused(tmp_path):
    files = {"shared/page.md": "# Page\n\n[b](b.md)\n"}
    base = project(tmp_path / "p", PAGES, config(), files=files, git_repo=False)
    os.symlink("../../shared/page.md", base / "docs/en/page.md")
    refused(base, "move", "en/page.md", "en/sub/page.md", message="is a symlink and its links would change")


def test_a_page_symlinked_to_outside_the_project_is_refused(tmp_path):
    (tmp_path / "far.md").write_text("# Far\n")
    base = project(tmp_path / "p", PAGES, config(), git_repo=False)
    os.symlink(tmp_path / "far.md", base / "docs/en/far.md")
    refused(base, "move", "en/a.md", "en/z.md", message="outside the project")


@pytest.mark.parametrize("which", ["folded page", "fold target", "bystander"])
def test_a_page_that_is_not_utf8_is_bad_input(tmp_path, which):
    latin = "# Caf\xe9\n\nPrix: 5\xa0\u20ac\n".encode("cp1252")
    pages = dict(PAGES)
    pages[{"folded page": "en/a.md", "fold target": "en/b.md", "bystander": "en/index.md"}[which]] = latin
    base = project(tmp_path / "p", pages, config())
    refused(base, "move", "en/a.md", "en/b.md#a", message="not UTF-8 text")


def test_name_must_be_a_plain_name(tmp_path):
    base = project(tmp_path / "p", PAGES, config())
    refused(base, "move", "en/a.md", "en/z.md", "--name", "../mkdocs", message="must be a plain file name")


def test_a_map_with_a_typo_is_bad_input_and_keeps_its_rules(tmp_path):
    typo = "redirect:\n  - from: /en/old/\n    to: /en/b/\n"
    base = project(tmp_path / "p", PAGES, config(), files={"redirects/moves.yml": typo})
    refused(base, "move", "en/a.md", "en/z.md", message="redirects/moves.yml:1: unknown top-level key 'redirect'")
    assert (base / "redirects/moves.yml").read_text() == typo


@pytest.mark.parametrize("dst, message", [
    ("en/x\ny.md", "control character"),
    ("en/x\x1b[31my.md", "control character"),
    ("en/.hidden.md", "hidden path"),
    ("en/.drafts/a.md", "hidden path"),
    ("en/drafts/a.md", "excluded from the build by exclude_docs"),
    ("../a.md", "must be inside docs_dir"),
])
def test_destinations_that_would_not_be_published_are_refused(tmp_path, dst, message):
    base = project(tmp_path / "p", PAGES, config(exclude_docs="drafts/\n"))
    refused(base, "move", "en/a.md", dst, message=message)


def test_line_endings_boms_and_trailing_newlines_are_kept(tmp_path):
    pages = {
        "en/index.md": b"\xef\xbb\xbf# Home\r\n\r\n[a](a.md) and [b](b.md)\r\n",  # BOM, CRLF
        "en/mixed.md": b"# Mixed\r\n\nSee [a](a.md).\r\nAnd [b](b.md)\n\r\nend",  # mixed, no final newline
        "en/a.md": b"# A\r\n\r\n[b](b.md)\r\n",
        "en/b.md": b"# B\n",
    }
    cfg = ("site_name: T\r\nsite_url: https://docs.example.com/\r\ndocs_dir: docs\r\nnav:\r\n"
           "  - en/index.md\r\n  - en/a.md\r\n  - en/mixed.md\r\n  - en/b.md\r\n")
    base = project(tmp_path / "p", pages, cfg, files={"redirects/moves.yml": b"redirects:\r\n  - from: /en/old/\r\n    to: /en/b/\r\n"})
    dry = uk(base, "move", "en/a.md", "en/sub/a.md", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    changed = [ln for ln in dry.stdout.split("\n") if ln[:1] in ("+", "-") and not ln.startswith(("---", "+++"))]
    # only the real edits: one line per link rewritten, the nav entry, the new rule
    assert [ln for ln in changed if ln[0] == "-"] == ["-[a](a.md) and [b](b.md)", "-See [a](a.md).", "-[b](b.md)",
                                                      "-  - en/a.md"]
    assert len(changed) == 10
    assert uk(base, "move", "en/a.md", "en/sub/a.md").returncode == 0
    docs = base / "docs/en"
    assert (docs / "index.md").read_bytes() == b"\xef\xbb\xbf# Home\r\n\r\n[a](sub/a.md) and [b](b.md)\r\n"
    assert (docs / "mixed.md").read_bytes() == b"# Mixed\r\n\nSee [a](sub/a.md).\r\nAnd [b](b.md)\n\r\nend"
    assert (docs / "sub/a.md").read_bytes() == b"# A\r\n\r\n[b](../b.md)\r\n"
    assert (base / "mkdocs.yml").read_bytes() == cfg.replace("en/a.md", "en/sub/a.md").encode()
    rules = (base / "redirects/moves.yml").read_bytes()
    assert rules.count(b"\r\n") == rules.count(b"\n") and b"/en/sub/a/" in rules


def test_from_git_revision_is_never_an_option(tmp_path):
    base = project(tmp_path / "p", PAGES, config())
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    for rev in (f"--output={victim}", "-p"):
        proc = uk(base, "redirects", "from-git", "--", rev)
        assert proc.returncode == 2 and "is not a commit" in proc.stderr, proc.stderr
    assert victim.read_text() == "keep me\n"
    assert subprocess.run(["git", "status", "--porcelain"], cwd=base, capture_output=True, text=True).stdout == ""


def test_a_fold_keeps_the_targets_line_endings(tmp_path):
    pages = {"en/index.md": b"# Home\r\n\r\n[a](a.md) [b](b.md) [m](m.md)\r\n",
             "en/a.md": b"# A page\r\n\r\nText of a.\r\n\r\n## Sub\r\n\r\nMore.\r\n",
             "en/b.md": b"# B\r\n\r\n## Part {#part}\r\n\r\nBody.\r\n\r\n## Other\r\n\r\nx\r\n",
             "en/m.md": b"# M\r\n\nmixed\n"}
    base = project(tmp_path / "p", pages, config())
    refused(base, "move", "en/a.md", "en/m.md#a", message="mixes CRLF and LF")
    assert uk(base, "move", "en/a.md", "en/b.md#part").returncode == 0
    assert (base / "docs/en/b.md").read_bytes() == (b"# B\r\n\r\n## Part {#part}\r\n\r\nBody.\r\n\r\nText of a.\r\n\r\n"
                                                    b"### Sub\r\n\r\nMore.\r\n\r\n## Other\r\n\r\nx\r\n")


def test_symlinked_folders_inside_the_project_are_never_written_through_blind(tmp_path):
    pages = {**PAGES, "en/real/x.md": "# X\n"}
    base = project(tmp_path / "p", pages, config(), git_repo=False)
    os.symlink("real", base / "docs/en/alias")
    # the folder behind the link holds x.md: moving onto alias/x.md would overwrite it
    refused(base, "move", "en/a.md", "en/alias/x.md", message="target exists: en/alias/x.md")
    # a symlinked folder is not moved (its pages are not followed), and says so
    refused(base, "move", "en/alias/", "en/other/", message="is a symlinked folder")
