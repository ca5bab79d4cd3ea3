"""The suggest tests' project: the site of pages.py built with real MkDocs, before and after."""

from __future__ import annotations

import shutil
from pathlib import Path

import pages
import pytest
from conftest import build, urlkeeper, write_tree
from move.movekit import config, git, project


def restructure(base: Path) -> None:
    """Replace the Markdown of OLD by NEW in a git work tree, as a writer would by hand."""
    git(base, "rm", "-q", "-r", "docs/en")
    write_tree(base / "docs", pages.NEW)
    git(base, "add", "-A")
    git(base, "commit", "-q", "-m", "restructure by hand")


@pytest.fixture(scope="session")
def restructured(tmp_path_factory) -> Path:
    """A git project: v1 built and baselined with fingerprints (old build kept in old-site/),
    then restructured and built again."""
    base = project(tmp_path_factory.mktemp("suggest") / "p", pages.OLD, config())
    git(base, "tag", "v1")
    build(base)
    proc = urlkeeper("inventory", "site", "-o", "redirects/baselines/en.txt", "--fingerprints", "--docs", "docs", cwd=base)
    assert proc.returncode == 0, proc.stderr
    shutil.copytree(base / "site", base / "old-site")
    restructure(base)
    shutil.rmtree(base / "site")
    build(base)
    return base
