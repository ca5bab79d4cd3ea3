"""Helpers for the move tests: real tiny sites in temp folders, real git, real mkdocs."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import yaml

from conftest import ENV, build as mkdocs_build, urlkeeper, write_tree as write

GIT_ENV = {**ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": os.environ.get("HOME", "/tmp")}

STRICT = {"links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn", "absolute_links": "info"},
          "nav": {"not_found": "warn", "omitted_files": "info"}}


def config(nav=None, **extra) -> dict:
    cfg = {
        "site_name": "Tiny",
        "site_url": "https://docs.example.com/",
        "docs_dir": "docs",
        "theme": {"name": "mkdocs"},
        "exclude_docs": "/snippets/\n",
        "validation": STRICT,
        "markdown_extensions": ["attr_list", {"toc": {"permalink": False}},
                                {"pymdownx.snippets": {"base_path": ["docs"], "check_paths": True}}],
        "plugins": [],
    }
    if nav is not None:
        cfg["nav"] = nav
    cfg.update(extra)
    return cfg


def project(base: Path, pages: dict[str, str], cfg: dict | str | None = None, files: dict[str, str] | None = None,
            git_repo: bool = True) -> Path:
    base.mkdir(parents=True, exist_ok=True)
    write(base / "docs", pages)
    if files:
        write(base, files)
    text = cfg if isinstance(cfg, str) else yaml.safe_dump(cfg or config(), sort_keys=False)
    (base / "mkdocs.yml").write_text(textwrap.dedent(text).lstrip("\n") if isinstance(cfg, str) else text, encoding="utf-8")
    if git_repo:
        git(base, "init", "-q", "-b", "main")
        git(base, "add", "-A")
        git(base, "commit", "-q", "-m", "initial")
    return base


def git(cwd: Path, *args: str, check: bool = True) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def uk(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return urlkeeper(*args, cwd=cwd, env=env)


def snapshot(base: Path) -> dict:
    """Every file's bytes (outside .git and site) plus the git index and status."""
    files = {}
    for p in sorted(base.rglob("*")):
        rel = p.relative_to(base).as_posix()
        if rel.startswith((".git/", "site/")) or rel in (".git", "site"):
            continue
        files[rel] = p.read_bytes() if p.is_file() else "<dir>"
    state = {"files": files}
    if (base / ".git").exists():
        state["index"] = git(base, "ls-files", "-s")
        state["status"] = git(base, "status", "--porcelain")
    return state


def build(base: Path, strict: bool = True) -> subprocess.CompletedProcess:
    return mkdocs_build(base, "-q", *(["--strict"] if strict else []))


def read(base: Path, rel: str) -> str:
    return (base / "docs" / rel).read_text(encoding="utf-8")
