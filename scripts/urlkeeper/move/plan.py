"""Move plans: ``redirects/plans/<name>.yml``.

::

    # redirects/plans/merge.yml
    moves:
      - from: en/apps/overview.md                    # page to page
        to: en/developer-portal/about.md
      - from: en/apps/certification/                 # folder to folder (media included)
        to: en/developer-portal/standard-app/certification/
      - from: en/apps/publish/beta.md                # page into a section of another page
        to: en/developer-portal/standard-app/publish.md#beta
        title: Beta period                           # optional: heading of the new section

Paths are relative to ``docs_dir``. A page moved to a path ending in ``/`` keeps its file
name. The redirect rules go to ``redirects/<name>.yml`` (the plan file's name).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import yamlsrc
from ..errors import InputError

KEYS = {"from", "to", "title", "note"}


@dataclass
class Move:
    src: str
    dst: str  # docs-relative path (no fragment)
    anchor: str | None = None  # set for a fold (page into a section)
    title: str | None = None
    line: int | None = None

    @property
    def fold(self) -> bool:
        return self.anchor is not None

    def describe(self) -> str:
        return f"{self.src} -> {self.dst}" + (f"#{self.anchor}" if self.anchor is not None else "")


@dataclass
class Plan:
    name: str
    moves: list[Move]
    file: str | None = None


def clean_path(raw: str) -> tuple[str, bool]:
    """A docs-relative path: normalised, without leading './'; second value: written as a folder."""
    folder = raw.endswith("/")
    p = posixpath.normpath(raw.strip()) if raw.strip() else ""
    if p == ".":
        p = ""
    return p, folder


def make_move(src: str, dst: str, line: int | None = None, title: str | None = None) -> Move:
    dst_path, sep, anchor = dst.partition("#")  # "page.md#": a fold whose section is named from the page
    return Move(src, dst_path, anchor if sep else None, title, line)


def load(path: str | Path) -> Plan:
    name = str(path)
    root = yamlsrc.compose(path)
    items = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "moves":
                items = value
            else:
                raise InputError(f"unknown top-level key {key.value!r} (expected 'moves')", name, yamlsrc.line_of(key))
    elif root is not None:
        raise InputError("a plan is a mapping with a 'moves' list", name, yamlsrc.line_of(root))
    moves: list[Move] = []
    if items is None or (isinstance(items, yaml.ScalarNode) and items.value in ("", "~", "null")):
        return Plan(Path(path).stem, moves, name)
    if not isinstance(items, yaml.SequenceNode):
        raise InputError("'moves' must be a list of entries with 'from' and 'to'", name, yamlsrc.line_of(items))
    for item in items.value:
        line = yamlsrc.line_of(item)
        if not isinstance(item, yaml.MappingNode):
            raise InputError("a move must be a mapping with 'from' and 'to'", name, line)
        values: dict[str, object] = {}
        for key, value in item.value:
            if key.value not in KEYS:
                raise InputError(f"unknown key {key.value!r} in move (allowed: from, to, title, note)", name, yamlsrc.line_of(key))
            if key.value in values:
                raise InputError(f"key {key.value!r} given twice in one move", name, yamlsrc.line_of(key))
            if not isinstance(value, yaml.ScalarNode):
                raise InputError(f"{key.value!r} must be a single value", name, yamlsrc.line_of(value))
            values[key.value] = yamlsrc.scalar(value)
        for required in ("from", "to"):
            if not isinstance(values.get(required), str) or not values[required]:
                raise InputError(f"move needs a non-empty {required!r} path", name, line)
        title = values.get("title")
        moves.append(make_move(str(values["from"]), str(values["to"]), line, str(title) if title is not None else None))
    return Plan(Path(path).stem, moves, name)
