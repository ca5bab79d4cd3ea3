"""Shared fixtures: real tiny MkDocs sites built in temporary folders."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def write_tree(base: Path, files: dict[str, str | bytes]) -> None:
    """Write files under ``base``: text dedented, bytes as they are."""
    for rel, text in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def mkdocs_config(plugins: list | None = None, theme: str = "mkdocs", **extra) -> dict:
    cfg = {
        "site_name": "Tiny",
        "site_url": "https://docs.example.com/",
        "docs_dir": "docs",
        "theme": {"name": theme},
        "markdown_extensions": ["attr_list", {"toc": {"permalink": False}}],
        "plugins": plugins if plugins is not None else [],
    }
    cfg.update(extra)
    return cfg


def build(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build` in ``project``."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args], cwd=project, env=ENV,
        capture_output=True, text=True, timeout=300,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def make_project(base: Path, pages: dict[str, str], config: dict | None = None, extra_files: dict[str, str] | None = None) -> Path:
    base.mkdir(parents=True, exist_ok=True)
    write_tree(base / "docs", pages)
    if extra_files:
        write_tree(base, extra_files)
    (base / "mkdocs.yml").write_text(yaml.safe_dump(config or mkdocs_config(), sort_keys=False), encoding="utf-8")
    return base


# What a copy of this repository needs to build the portal.
PORTAL_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "redirects", "scripts/gen_api_reference.py",
                "scripts/api_reference")


def copy_portal(project: Path) -> Path:
    """Copy the files the portal's build reads into ``project`` (created if needed)."""
    import shutil

    for part in PORTAL_PARTS:
        src, dest = ROOT / part, project / part
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        else:
            shutil.copy2(src, dest)
    return project
# Programs some tests drive, and how .ci/run installs them on Debian.
PROGRAMS = {
    "chromium": ("/usr/bin/chromium", "apt-get install -y chromium"),
    "nginx": (None, "apt-get install -y nginx-light"),
}


def program(name: str) -> str | None:
    """The path of a program the tests drive, or None (also when URLKEEPER_TEST_WITHOUT, a
    comma-separated list, names it: how the skips are tried on a machine that has it)."""
    import shutil

    if name in os.environ.get("URLKEEPER_TEST_WITHOUT", "").split(","):
        return None
    fixed, _ = PROGRAMS[name]
    if fixed:
        return fixed if os.path.exists(fixed) else None
    return shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/local/sbin/{name}") if os.path.exists(p)), None)


def require(name: str) -> str:
    """The program's path; skips the test when it is missing."""
    path = program(name)
    if path is None:
        pytest.skip(_missing(name))
    return path


def _missing(name: str) -> str:
    return f"{name} is not installed (on Debian: {PROGRAMS[name][1]})"


_LEFT_OUT: dict[str, int] = {}  # missing program -> tests left out for it


def pytest_collection_modifyitems(config, items):
    """Tests that need a missing program (fixture ``needs_<program>``) are left out, and the
    summary says so once per program with its install command, instead of one skip line per
    test (pytest reports a skip at each test's own line)."""
    keep, out = [], []
    for item in items:
        missing = [n for n in PROGRAMS if f"needs_{n}" in getattr(item, "fixturenames", ()) and program(n) is None]
        if missing:
            out.append(item)
            _LEFT_OUT[missing[0]] = _LEFT_OUT.get(missing[0], 0) + 1
        else:
            keep.append(item)
    if out:
        items[:] = keep
        config.hook.pytest_deselected(items=out)


def pytest_terminal_summary(terminalreporter):
    for name, count in _LEFT_OUT.items():
        terminalreporter.write_line(f"SKIPPED {count} tests: {_missing(name)}", yellow=True)


@pytest.fixture
def needs_chromium() -> str:
    return require("chromium")


@pytest.fixture
def needs_nginx() -> str:
    return require("nginx")


def urlkeeper(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `urlkeeper` command line (``env``: variables added to the test environment)."""
    return subprocess.run([sys.executable, "-m", "urlkeeper", *args], cwd=cwd, env={**ENV, **(env or {})},
                          capture_output=True, text=True, timeout=300)


# A small portal after a merge: what the checks run against.
TINY_PAGES = {
    "en/index.md": "# Home\n\nWelcome.\n",
    "en/developer-portal/index.md": "# Developer Portal\n\n## Sections {#sections}\n",
    "en/developer-portal/about.md": "# About the portal\n\n## Overview {#overview}\n\nText.\n\n## Roles {#roles}\n",
    "en/developer-portal/getting-started.md": "# Getting started\n\n## Register {#register}\n",
    "en/developer-portal/standard-app/publish.md": "# Publish\n\n## Beta period {#beta}\n\n## Release {#release}\n",
    "en/developer-portal/standard-app/certification.md": "# Certification\n\n## Checklist {#checklist}\n",
    "en/api/reference/index.md": "# API reference\n",
    "en/api/reference/operations/list-contacts.md": "# List contacts\n\n## limit {#param-limit}\n\n## 200 {#response-200}\n",
    "en/api/reference/schemas/contact.md": "# Contact\n\n## id {#prop-id}\n",
}


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory) -> Path:
    """A real MkDocs build of TINY_PAGES (no urlkeeper plugin); returns the site folder."""
    project = make_project(tmp_path_factory.mktemp("tiny"), TINY_PAGES)
    build(project)
    return project / "site"
