"""Hostile input fed to every command: one line naming the file (and line), exit 2, no
traceback, nothing changed."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ENV, make_project, mkdocs_config, urlkeeper
from urlkeeper import cli

PAGES = {"en/index.md": "# Home\n\n[a](a.md)\n", "en/a.md": "# A\n\n## Part {#part}\n", "en/b.md": "# B\n"}
GOOD_MAP = "redirects:\n  - from: /en/old/\n    to: /en/a/\n"
GOOD_PLAN = "moves:\n  - from: en/b.md\n    to: en/c.md\n"

# every command that reads mkdocs.yml or the redirect maps or the plan
COMMANDS = {
    "check": ["check", "--site", "site"],
    "render": ["redirects", "render", "--format", "json"],
    "from-git": ["redirects", "from-git", "HEAD"],
    "move": ["move", "en/b.md", "en/c.md"],
    "move-dry": ["move", "en/b.md", "en/c.md", "--dry-run"],
    "apply": ["apply", "redirects/plans/p.yml"],
    "links": ["links", "--site", "site", "--no-cache"],
}
READS_MAPS = ("check", "render", "from-git", "move", "move-dry", "apply")


def base_config(**plugin) -> dict:
    return mkdocs_config(plugins=[{"urlkeeper": plugin} if plugin else "urlkeeper"], exclude_docs="/snippets/\n")


# appended to a good mkdocs.yml (the error is on the first appended line; a key given there
# twice replaces the one above)
MKDOCS_CASES = [
    ("complex key", "? [a, b]\n: 1\n"),
    ("custom tag on a complex key", "? !thing [a]\n: 1\n"),
    ("duplicate key", "docs_dir: docs\n"),
    ("docs_dir list", "docs_dir: [docs]\n"),
    ("site_url int", "site_url: 5\n"),
    ("plugins int", "plugins: 5\n"),
    ("site_dir list", "site_dir: [site]\n"),
    ("exclude_docs int", "exclude_docs: 5\n"),
    ("markdown_extensions str", "markdown_extensions: attr_list\n"),
]
PLUGIN_CASES = [
    ("redirects_dir int", {"redirects_dir": 5}),
    ("baselines_dir list", {"baselines_dir": ["a"]}),
    ("anchor_ignore regex", {"anchor_ignore": "["}),
    ("language_prefix int", {"language_prefix": 5}),
]
MAP_CASES = [
    ("map complex key", "redirects:\n  - ? [a]\n    : 1\n", 2),
    ("map custom tag", "redirects:\n  - from: !shout /en/old/\n    to: /en/a/\n", 2),
    ("map duplicate key", GOOD_MAP + "redirects: []\n", 4),
    ("map top-level typo", "redirect:\n  - from: /en/old/\n    to: /en/a/\n", 1),
    ("map complex top-level key", "? [redirects]\n: []\n", 1),
]
PLAN_CASES = [
    ("plan complex key", "moves:\n  - ? [from]\n    : en/b.md\n", 2),
    ("plan custom tag", "moves:\n  - from: !path en/b.md\n    to: en/c.md\n", 2),
    ("plan duplicate key", GOOD_PLAN + "moves: []\n", 4),
]


def make(tmp_path: Path, cfg_text: str | None = None, plugin: dict | None = None, files: dict | None = None) -> Path:
    base = make_project(tmp_path / "p", PAGES, base_config(**(plugin or {})),
                        {"redirects/old.yml": GOOD_MAP, "redirects/plans/p.yml": GOOD_PLAN, **(files or {})})
    if cfg_text is not None:
        with open(base / "mkdocs.yml", "a", encoding="utf-8") as fh:
            fh.write(cfg_text)
    (base / "site").mkdir()
    (base / "site/en/a").mkdir(parents=True)
    (base / "site/index.html").write_text("<html><body>home</body></html>")
    (base / "site/en/a/index.html").write_text('<html><body><h2 id="part">Part</h2></body></html>')
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=base, check=True, capture_output=True, env=ENV)
    return base


def tree(base: Path) -> dict:
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file() and ".git" not in p.parts}


def run(base: Path, args: list[str]) -> tuple[int, str, str]:
    """The real command line, in this process (a traceback would fail the test with it)."""
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(base)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(args)
    finally:
        os.chdir(cwd)
    return code, out.getvalue(), err.getvalue()


def assert_bad_input(base: Path, args: list[str], file: str, line: int | None) -> None:
    before = tree(base)
    code, out, err = run(base, args)
    err = err.strip()
    assert code == 2, f"{args}: exit {code}\n{out}\n{err}"
    assert "Traceback" not in err and len(err.splitlines()) == 1, f"{args}: {err}"
    where = re.escape(file) + (rf":{line}:" if line else r"(:\d+)?:")
    assert re.match(rf"urlkeeper: error: {where} ", err), f"{args}: {err}"
    assert tree(base) == before, f"{args} changed files"


@pytest.mark.parametrize("name, text", MKDOCS_CASES, ids=[c[0] for c in MKDOCS_CASES])
def test_bad_mkdocs_yml_is_bad_input_for_every_command(tmp_path, name, text):
    base = make(tmp_path)
    line = len((base / "mkdocs.yml").read_text().splitlines()) + 1
    with open(base / "mkdocs.yml", "a", encoding="utf-8") as fh:
        fh.write(text)
    for cmd, args in COMMANDS.items():
        assert_bad_input(base, args, "mkdocs.yml", line)


@pytest.mark.parametrize("name, plugin", PLUGIN_CASES, ids=[c[0] for c in PLUGIN_CASES])
def test_bad_plugin_options_are_bad_input_for_every_command(tmp_path, name, plugin):
    base = make(tmp_path, plugin=plugin)
    for cmd, args in COMMANDS.items():
        if cmd == "links" and "anchor_ignore" not in plugin and "language_prefix" not in plugin:
            continue  # links reads only its own options and the site's
        assert_bad_input(base, args, "mkdocs.yml", None)


@pytest.mark.parametrize("name, text, line", MAP_CASES, ids=[c[0] for c in MAP_CASES])
def test_bad_redirect_map_is_bad_input_for_every_command_that_reads_maps(tmp_path, name, text, line):
    base = make(tmp_path, files={"redirects/old.yml": text})
    for cmd in READS_MAPS:
        assert_bad_input(base, COMMANDS[cmd], "redirects/old.yml", line)


@pytest.mark.parametrize("name, text, line", PLAN_CASES, ids=[c[0] for c in PLAN_CASES])
def test_bad_plan_is_bad_input(tmp_path, name, text, line):
    base = make(tmp_path, files={"redirects/plans/p.yml": text})
    for args in (COMMANDS["apply"], COMMANDS["apply"] + ["--dry-run"]):
        assert_bad_input(base, args, "redirects/plans/p.yml", line)


@pytest.mark.parametrize("args", [
    ["inventory", "site", "--anchor-ignore", "["],
    ["links", "--site", "site", "--no-cache", "--ignore", "("],
])
def test_invalid_regex_options_are_bad_input(tmp_path, args):
    base = make(tmp_path)
    code, out, err = run(base, args)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "invalid" in err, err


def test_the_good_project_passes_so_the_cases_above_test_their_defect(tmp_path):
    base = make(tmp_path)
    for cmd in ("render", "from-git", "move-dry", "check", "links"):
        code, out, err = run(base, COMMANDS[cmd])
        assert code == 0, (cmd, out, err)
    proc = urlkeeper(*COMMANDS["move"], cwd=base)  # the real process too
    assert proc.returncode == 0 and (base / "docs/en/c.md").exists(), proc.stderr
    assert yaml.safe_load((base / "mkdocs.yml").read_text())["plugins"] == ["urlkeeper"]
