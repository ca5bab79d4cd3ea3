"""Apply computed edits all-or-nothing, with ``git mv`` semantics inside a git work tree.

Every file touched is backed up in memory before it changes; on any error the backups are
put back, created folders removed, removed folders recreated and the git index restored,
so the tree is exactly as before. Moves of tracked files are recorded in the index the way
``git mv`` records them (the old blob under the new path), in one ``git update-index``.

For tests, ``URLKEEPER_MOVE_FAIL_AFTER=N`` makes the N+1-th file operation fail (a real
error half way, to prove the rollback).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class Aborted(Exception):
    """The change failed half way and was rolled back."""


def git_top(path: Path) -> Path | None:
    try:
        proc = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path, capture_output=True, text=True)
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.strip())


class Transaction:
    def __init__(self, stop: Path, git: Path | None = None) -> None:
        self.stop = stop.resolve()  # never remove this folder or above
        self.git = git
        self.backups: dict[Path, bytes | None] = {}
        self.created_dirs: list[Path] = []
        self.removed_dirs: list[Path] = []
        self.index_path: Path | None = None
        self.index_backup: bytes | None = None
        self.ops = 0
        limit = os.environ.get("URLKEEPER_MOVE_FAIL_AFTER")
        self.fail_after = int(limit) if limit not in (None, "") else None

    def _tick(self) -> None:
        self.ops += 1
        if self.fail_after is not None and self.ops > self.fail_after:
            raise OSError(f"injected failure after {self.fail_after} file operations (URLKEEPER_MOVE_FAIL_AFTER)")

    def _backup(self, path: Path) -> None:
        if path not in self.backups:
            self.backups[path] = path.read_bytes() if path.exists() else None

    def _mkdirs(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for d in reversed(missing):
            d.mkdir()
            self.created_dirs.append(d)

    def write(self, path: Path, data: bytes) -> None:
        self._tick()
        self._backup(path)
        self._mkdirs(path.parent)
        if self.backups[path] == data:
            return
        path.write_bytes(data)

    def remove(self, path: Path) -> None:
        self._tick()
        self._backup(path)
        if path.exists():
            path.unlink()

    def prune(self, folder: Path) -> None:
        """Remove ``folder`` and its parents while they are empty (never ``stop``)."""
        folder = folder.resolve()
        while folder != self.stop and self.stop in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return
            self.removed_dirs.append(folder)
            folder = folder.parent

    # ---- git -------------------------------------------------------------------------------
    def git_stage(self, renames: list[tuple[Path, Path]], deletions: list[Path]) -> None:
        """Record renames and deletions of tracked files in the index, as git mv / git rm do."""
        if self.git is None or not (renames or deletions):
            return
        top = self.git
        proc = subprocess.run(["git", "rev-parse", "--git-path", "index"], cwd=top, capture_output=True, text=True, check=True)
        index = Path(proc.stdout.strip())
        self.index_path = index if index.is_absolute() else top / index
        self.index_backup = self.index_path.read_bytes() if self.index_path.exists() else None

        def rel(p: Path) -> str:
            return os.path.relpath(os.path.realpath(p), os.path.realpath(top)).replace(os.sep, "/")

        olds = [rel(a) for a, _ in renames] + [rel(d) for d in deletions]
        proc = subprocess.run(["git", "ls-files", "-s", "-z", "--", *[":(literal)" + o for o in olds]] if len(olds) < 2000
                              else ["git", "ls-files", "-s", "-z"], cwd=top, capture_output=True, check=True)
        staged: dict[str, tuple[str, str]] = {}
        for rec in proc.stdout.split(b"\0"):
            if not rec:
                continue
            meta, _, name = rec.partition(b"\t")
            mode, sha, _stage = meta.decode().split()
            staged[name.decode("utf-8", "surrogateescape")] = (mode, sha)
        zero = "0" * 40 if not staged else "0" * len(next(iter(staged.values()))[1])
        lines = []
        for a, b in renames:
            ra, rb = rel(a), rel(b)
            if ra in staged:
                mode, sha = staged[ra]
                lines.append(f"0 {zero}\t{ra}")
                lines.append(f"{mode} {sha}\t{rb}")
        for d in deletions:
            rd = rel(d)
            if rd in staged:
                lines.append(f"0 {zero}\t{rd}")
        if not lines:
            return
        lines.sort(key=lambda ln: not ln.startswith("0 "))  # every old path out before any new one in: swaps
        self._tick()
        data = "".join(x + "\0" for x in lines).encode("utf-8", "surrogateescape")
        proc = subprocess.run(["git", "update-index", "-z", "--index-info"], cwd=top, input=data, capture_output=True)
        if proc.returncode != 0:
            raise OSError(f"git update-index failed: {proc.stderr.decode(errors='replace').strip()}")

    # ---- rollback --------------------------------------------------------------------------
    def rollback(self) -> list[str]:
        """Put everything back; returns problems met (empty when the tree is as before)."""
        problems = []
        for d in reversed(self.removed_dirs):
            try:
                d.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                problems.append(f"{d}: {exc}")
        for path, data in self.backups.items():
            try:
                if data is None:
                    if path.exists():
                        path.unlink()
                else:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    if not path.exists() or path.read_bytes() != data:
                        path.write_bytes(data)
            except OSError as exc:
                problems.append(f"{path}: {exc}")
        for d in reversed(self.created_dirs):
            try:
                d.rmdir()
            except OSError:
                pass
        if self.index_path is not None and self.index_backup is not None:
            try:
                if self.index_path.read_bytes() != self.index_backup:
                    self.index_path.write_bytes(self.index_backup)
            except OSError as exc:
                problems.append(f"{self.index_path}: {exc}")
        return problems


def apply(result, docs_dir: Path, use_git: bool = True) -> None:
    """Write a computed :class:`~.engine.Result` to disk, all or nothing."""
    top = git_top(docs_dir) if use_git else None
    txn = Transaction(docs_dir, top)
    try:
        for path, data in result.writes.items():
            txn.write(path, data)
        written = set(result.writes)
        for path in result.removes:
            if path not in written:
                txn.remove(path)
        for folder in sorted({p.parent for p in result.removes}, key=lambda p: -len(p.parts)):
            txn.prune(folder)
        renames = [(docs_dir / a, docs_dir / b) for a, b in result.renames]
        txn.git_stage(renames, [docs_dir / r for r in result.retired])
    except BaseException as exc:
        problems = txn.rollback()
        detail = f"; rollback problems: {'; '.join(problems)}" if problems else "; nothing was changed"
        raise Aborted(f"{exc}{detail}") from exc
