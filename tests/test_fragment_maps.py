"""redirects/fragments/*.yml: read strictly (bad input names file and line), merged on write."""

from __future__ import annotations

from pathlib import Path

import pytest

from urlkeeper import fragments
from urlkeeper.errors import InputError


def write(base: Path, text: str) -> Path:
    path = base / "fragments" / "merge.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_are_read_by_canonical_page_url(tmp_path):
    write(tmp_path, 'fragments:\n  /en/apps/beta/index.html:\n    step-3: "/en/guide/publish/#step-3"\n')
    where: dict = {}
    assert fragments.load(tmp_path, where) == {"/en/apps/beta/": {"step-3": "/en/guide/publish/#step-3"}}
    assert where[("/en/apps/beta/", "step-3")][1] == 3


@pytest.mark.parametrize("text, line", [
    ("- a\n", 1),
    ("fragments:\n  en/x/: {a: /en/y/#a}\n", 2),
    ("fragments:\n  /en/x/:\n    a: /en/y/\n", 3),
    ("fragments: {}\nother: 1\n", 1),
])
def test_bad_files_name_file_and_line(tmp_path, text, line):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        fragments.load(tmp_path)
    assert str(path) in str(info.value) and f":{line}" in str(info.value)


def test_write_merges_with_what_the_file_holds(tmp_path):
    path = write(tmp_path, fragments.write(tmp_path / "none.yml", {"/en/a/": {"x": "/en/b/#x"}}, "one"))
    text = fragments.write(path, {"/en/a/": {"y": "/en/b/#y-a"}, "/en/c/": {"z": "/en/d/#z"}}, "two")
    path.write_text(text)
    assert fragments.load(tmp_path) == {"/en/a/": {"x": "/en/b/#x", "y": "/en/b/#y-a"}, "/en/c/": {"z": "/en/d/#z"}}
