"""Apply computed edits all-or-nothing, crash-safe, with ``git mv`` semantics inside a git work tree.

Every operation is listed in a write-ahead journal (:mod:`.journal`) that is on disk before the
first change. New content is staged under temporary names next to the targets, fsynced, and
renamed into place; each file replaced or removed keeps a before-image in the journal. On an
error, SIGTERM, SIGINT or SIGHUP the journal is rolled back at once; after SIGKILL or a power cut the
next ``urlkeeper move``/``apply``/``redirects from-git`` (or ``urlkeeper apply --recover``)
rolls it back. Moves of tracked files are recorded in the index the way ``git mv`` records them
(the old blob under the new path), in one ``git update-index``.

For tests: ``URLKEEPER_MOVE_FAIL_AFTER=N`` makes the N+1-th step fail (a real error half way,
to prove the rollback); ``URLKEEPER_TXN_HOOK=FILE:N`` makes the process write ``N TOTAL`` to
FILE after N steps and wait there for a signal (to kill it at a known point).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .journal import Journal, Op, image, sync_all, write_new


class Aborted(Exception):
    """The change failed half way and was rolled back."""


class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived during the change."""

    def __init__(self, signum: int, complete: bool = False) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum
        self.complete = complete  # the signal came after the commit: the change is whole


def git_top(path: Path) -> Path | None:
    try:
        proc = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path, capture_output=True, text=True)
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    return Path(proc.stdout.strip())


def index_changes(top: Path, renames: list[tuple[Path, Path]], deletions: list[Path]) -> tuple[Path, bytes] | None:
    """The index file and the ``git update-index --index-info`` input that records the renames
    and deletions of tracked files as git mv / git rm do (None when nothing is tracked)."""
    if not (renames or deletions):
        return None
    proc = subprocess.run(["git", "rev-parse", "--git-path", "index"], cwd=top, capture_output=True, text=True, check=True)
    index = Path(proc.stdout.strip())
    index = index if index.is_absolute() else top / index

    def rel(p: Path) -> str:  # the path itself when it is a symlink, not its target
        return os.path.relpath(os.path.join(os.path.realpath(p.parent), p.name), os.path.realpath(top)).replace(os.sep, "/")

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
        return None
    lines.sort(key=lambda ln: not ln.startswith("0 "))  # every old path out before any new one in: swaps
    return index, "".join(x + "\0" for x in lines).encode("utf-8", "surrogateescape")


class Transaction:
    def __init__(self, root: Path, stop: Path, git: Path | None = None, what: str = "change") -> None:
        self.root = root
        self.stop = stop.resolve()  # never prune this folder or above
        self.git = git
        self.what = what
        self.journal = Journal(root)
        self.steps = 0
        self.total = 0
        self.committed = False
        self.late_signal: int | None = None
        limit = os.environ.get("URLKEEPER_MOVE_FAIL_AFTER")
        self.fail_after = int(limit) if limit not in (None, "") else None
        hook = os.environ.get("URLKEEPER_TXN_HOOK", "")
        self.hook_file, _, at = hook.rpartition(":")
        self.hook_at = int(at) if self.hook_file and at.isdigit() else None

    # ---- steps and test hooks ------------------------------------------------------------------
    def _step(self) -> None:
        if self.hook_at is not None and self.steps == self.hook_at:
            self._wait_at_hook()
        self.steps += 1
        if self.fail_after is not None and self.steps > self.fail_after and not self.committed:
            raise OSError(f"injected failure after {self.fail_after} file operations (URLKEEPER_MOVE_FAIL_AFTER)")

    def _wait_at_hook(self) -> None:
        tmp = self.hook_file + ".tmp"
        Path(tmp).write_text(f"{self.steps} {self.total}\n")
        os.replace(tmp, self.hook_file)
        while self.late_signal is None:  # a signal before the commit raises out of this loop
            time.sleep(0.01)

    # ---- signals -------------------------------------------------------------------------------
    def _on_signal(self, signum, frame) -> None:
        if self.committed:
            self.late_signal = signum  # the change is complete: finish cleaning up
            return
        raise Interrupted(signum)

    def _handlers(self, handler) -> dict:
        if threading.current_thread() is not threading.main_thread():
            return {}
        signals = [signal.SIGTERM, signal.SIGINT] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
        return {s: signal.signal(s, handler) for s in signals}

    # ---- planning ------------------------------------------------------------------------------
    def plan(self, writes: dict[Path, bytes], removes: list[Path], index: tuple[Path, bytes] | None,
             modes: dict[Path, int], links: dict[Path, str] | None = None) -> tuple[list[Op], dict[str, bytes], dict[str, int]]:
        """The operations, in order. A file that is a symlink is edited through it (the link
        stays); ``links`` are paths to create as symlinks (a symlinked page moved)."""
        j = self.journal
        links = links or {}
        writes = {(Path(os.path.realpath(p)) if p not in links and p.is_symlink() else p): d for p, d in writes.items()}
        ops: list[Op] = []
        data: dict[str, bytes] = {}
        made: set[Path] = set()
        for path in writes:
            missing = []
            folder = path.parent
            while not folder.exists() and folder not in made:
                missing.append(folder)
                made.add(folder)
                folder = folder.parent
            ops.extend(Op("mkdir", j.rel(d)) for d in reversed(missing))
        for n, (path, content) in enumerate(writes.items()):
            exists = os.path.lexists(path)
            link = links.get(path)
            if link is None and exists and path.is_file() and path.stat().st_size == len(content) \
                    and path.read_bytes() == content:
                continue
            rel = j.rel(path)
            tmp = j.rel(path.with_name(f".{path.name}.urlkeeper-{os.getpid()}-{n}.tmp"))
            ops.append(Op("write", rel, tmp=tmp, backup=f"before/w{n}" if exists else None, link=link))
            data[rel] = content
        written = set(writes)
        for n, path in enumerate(removes):
            if path not in written and os.path.lexists(path):
                ops.append(Op("remove", j.rel(path), backup=f"before/r{n}"))
        if index is not None:
            ops.append(Op("index", j.rel(index[0]), backup="before/index"))
        file_modes = {j.rel(p): m for p, m in modes.items()}
        return ops, data, file_modes

    # ---- running -------------------------------------------------------------------------------
    def run(self, ops: list[Op], data: dict[str, bytes], modes: dict[str, int], index_input: bytes | None,
            prune: list[Path]) -> None:
        self.total = len(ops) + sum(1 for o in ops if o.op == "write") + sum(1 for o in ops if o.backup) + 3
        previous = self._handlers(self._on_signal)
        began = False
        try:
            self.journal.begin(ops, {"what": self.what, "pid": os.getpid(), "started": time.time(),
                                     "command": sys.argv})
            began = True
            self._stage(ops, data, modes)
            j = self.journal
            staged = [j.abs(o.tmp) for o in ops if o.tmp]
            folders = {j.abs(o.path).parent for o in ops} | {j.dir / "before"}
            sync_all(self.root, staged, folders)  # new content and before-images on disk before any change
            self._perform(ops, index_input)
            self._step()
            for folder in prune:
                self._prune(folder)
            sync_all(self.root, [], folders | set(prune))  # every rename on disk before the commit
            self._step()
            self.journal.commit()
            self.committed = True
        except BaseException as exc:
            if not began:
                self._handlers_restore(previous)
                raise
            self._handlers(signal.SIG_IGN)  # a second signal must not cut the rollback short
            try:
                problems = self.journal.rollback()
                if not problems:
                    self.journal.close()
            finally:
                self._handlers_restore(previous)
            if isinstance(exc, Interrupted):
                raise
            detail = f"; rollback problems: {'; '.join(problems)}" if problems else "; nothing was changed"
            raise Aborted(f"{exc}{detail}") from exc
        try:
            self._step()
            self.journal.close()
            if self.hook_at is not None and self.steps == self.hook_at:
                self._wait_at_hook()
        finally:
            self._handlers_restore(previous)

    def _handlers_restore(self, previous: dict) -> None:
        for s, h in previous.items():
            signal.signal(s, h)

    def _stage(self, ops: list[Op], data: dict[str, bytes], modes: dict[str, int]) -> None:
        """Create folders, write new content under temporary names and take the before-images:
        nothing a reader of the tree sees changes yet."""
        j = self.journal
        for op in ops:
            path = j.abs(op.path)
            if op.op == "mkdir":
                self._step()
                path.mkdir(exist_ok=True)
                continue
            if op.op == "write" and op.link is not None:
                self._step()
                os.symlink(op.link, j.abs(op.tmp or ""))
            elif op.op == "write":
                self._step()
                mode = modes.get(op.path)
                if mode is None and op.backup:
                    mode = os.stat(path).st_mode
                write_new(j.abs(op.tmp or ""), data[op.path], 0o666 if mode is None else mode & 0o7777, sync=False)
                if mode is not None:
                    os.chmod(j.abs(op.tmp or ""), mode & 0o7777)
            if op.backup:
                self._step()
                image(j.abs(op.to) if op.op == "rename" and op.to else path, j.backup_path(op))

    def _perform(self, ops: list[Op], index_input: bytes | None) -> None:
        j = self.journal
        for n, op in enumerate(ops):
            path = j.abs(op.path)
            if op.op == "write":
                self._step()
                os.replace(j.abs(op.tmp or ""), path)
            elif op.op == "remove":
                self._step()
                os.unlink(path)
            elif op.op == "rename":
                self._step()
                j.intent(n)
                os.replace(path, j.abs(op.to or ""))
            elif op.op == "index":
                self._step()
                proc = subprocess.run(["git", "update-index", "-z", "--index-info"], cwd=self.git,
                                      input=index_input, capture_output=True)
                if proc.returncode != 0:
                    raise OSError(f"git update-index failed: {proc.stderr.decode(errors='replace').strip()}")

    def _prune(self, folder: Path) -> None:
        """Remove ``folder`` and its parents while they are empty (never ``stop``); a rollback
        recreates them with the files it restores."""
        folder = folder.resolve()
        while folder != self.stop and self.stop in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent


def apply(result, docs_dir: Path, use_git: bool = True, root: Path | None = None,
          links: dict[Path, str] | None = None) -> None:
    """Write a computed :class:`~.engine.Result` to disk, all or nothing. The journal goes to
    ``root/.urlkeeper/journal`` (``root``: the project folder, by default the parent of docs_dir)."""
    root = Path(root) if root is not None else docs_dir.parent
    top = git_top(docs_dir) if use_git else None
    renames = [(docs_dir / a, docs_dir / b) for a, b in result.renames]
    index = index_changes(top, renames, [docs_dir / r for r in result.retired]) if top is not None else None
    modes = {}
    for new, old in getattr(result, "before_name", {}).items():
        try:
            modes[new] = os.stat(old).st_mode
        except OSError:
            pass
    txn = Transaction(root, docs_dir, top, what=f"apply of plan '{result.plan.name}'")
    ops, data, file_modes = txn.plan(result.writes, result.removes, index, modes, links)
    prune = sorted({p.parent for p in result.removes}, key=lambda p: -len(p.parts))
    txn.run(ops, data, file_modes, index[1] if index else None, prune)
    if txn.late_signal is not None:
        raise Interrupted(txn.late_signal, complete=True)
