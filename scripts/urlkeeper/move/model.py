"""What a computed move is made of: a :class:`Conflict` found on the way, the :class:`Result`
(every edit, in memory) and the :class:`Mapper` of old paths to new."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from . import fold as fold_mod
from .plan import Move, Plan


@dataclass
class Conflict:
    message: str
    file: str | None = None
    line: int | None = None
    fatal: bool = True

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else f"{self.file}: " if self.file else ""
        return where + self.message


@dataclass
class Result:
    plan: Plan
    redirect_file: Path
    renames: list[tuple[str, str]] = field(default_factory=list)  # docs-relative, every file moved
    retired: list[str] = field(default_factory=list)  # folded pages removed
    folds: list[tuple[str, str, str]] = field(default_factory=list)  # (page, target, anchor)
    moved: dict[str, str] = field(default_factory=dict)  # old docs path -> new (folded: the host)
    checked: int = -1  # links verified (-1: not verified)
    changed: list = field(default_factory=list)  # verify.Change: links that would change target
    specs: dict[str, "fold_mod.Spec"] = field(default_factory=dict)  # folded page -> how it was folded
    origins: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)  # new path -> spans of folded pages
    texts_before: dict[str, str] = field(default_factory=dict)  # old docs path -> text (Markdown read)
    texts_after: dict[str, str] = field(default_factory=dict)  # new docs path -> text (Markdown changed)
    writes: dict[Path, bytes] = field(default_factory=dict)  # absolute path -> new content
    removes: list[Path] = field(default_factory=list)
    before: dict[Path, str] = field(default_factory=dict)  # text before, for diffs (by new path)
    before_name: dict[Path, Path] = field(default_factory=dict)  # new path -> old path
    rules_added: list[tuple[str, str]] = field(default_factory=list)
    rules_dropped: list[str] = field(default_factory=list)
    links_rewritten: int = 0
    files_edited: int = 0
    skipped: list[Move] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def fatal(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.fatal]

    @property
    def nothing_to_do(self) -> bool:
        return not self.renames and not self.retired and not self.writes

    def diffs(self, root: Path) -> str:
        out = []
        for path in sorted(self.writes, key=str):
            old_path = self.before_name.get(path, path)
            old = self.before.get(path)
            if old is None:
                if path.suffix in (".md", ".markdown", ".yml", ".yaml") and old_path == path:
                    old = ""
                else:
                    continue
            try:
                new = self.writes[path].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if old == new:
                continue
            a, b = shown(old_path, root), shown(path, root)
            out.extend(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                            f"a/{a}", f"b/{b}"))
            if out and not out[-1].endswith("\n"):
                out.append("\n\\ No newline at end of file\n")
        return "".join(out)


def shown(path: Path, root: Path) -> str:
    """A path as reports name it: relative to the project root when it lies inside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class Mapper:
    """Old docs path -> new docs path (and section anchor for folded pages)."""

    def __init__(self) -> None:
        self.new: dict[str, str] = {}
        self.anchor: dict[str, str] = {}
        self.ids: dict[str, dict[str, str]] = {}  # folded page -> its ids -> ids in the target
        self.owner: dict[str, Move] = {}
