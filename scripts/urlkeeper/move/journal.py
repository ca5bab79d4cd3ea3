"""A write-ahead journal of file operations, so a change interrupted at any point (a signal, a
crash, a power cut) can be rolled back to the tree as it was.

The journal lives in ``<project>/.urlkeeper/journal/``: ``journal.json`` lists every operation
before the first one is made (written to a temporary name, fsynced, renamed into place), and
``before/`` holds the before-image of every file an operation replaces or deletes. The images
are hard links to the old files (no data is copied; a copy where hard links are not possible),
taken just before each operation. New content is written to a temporary name next to its
target, fsynced, and renamed into place, so a file is always whole: old or new.

Operations (paths relative to the project root, ``/``-separated):

``write``   path gets new content (``tmp`` is the staged file; a symlink to ``link`` when
            that is set); ``backup`` names its before-image, or is null when the file did not
            exist (a create)
``remove``  path is deleted: it is renamed into ``backup``
``rename``  path is renamed to ``to``; ``backup`` is the before-image of ``to`` if it existed
``mkdir``   a folder that did not exist is created
``index``   git's index file is replaced (by ``git update-index``); ``backup`` is its image

Rolling back undoes the operations in reverse order from what is on disk, so it is correct
whether each operation was made, half made or not made, and it can itself be interrupted and
run again. The file ``committed`` in the journal is the commit point: once it exists the change
is complete and recovering only removes the journal.

Durability costs two ``syncfs`` calls per change (staged files and images, then the renames)
rather than an fsync per file; ``URLKEEPER_JOURNAL_SYNC=fsync`` forces the per-file way (also
used where ``syncfs`` is missing), to compare.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import InputError

try:
    import fcntl
except ImportError:  # not on Windows: the journal folder itself is the lock
    fcntl = None  # type: ignore[assignment]

FOLDER = Path(".urlkeeper") / "journal"
VERSION = 1


@dataclass
class Op:
    op: str  # write, remove, rename, mkdir, index
    path: str
    to: str | None = None
    tmp: str | None = None
    backup: str | None = None
    link: str | None = None  # a write that makes ``path`` a symlink to this


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_new(path: Path, data: bytes, mode: int = 0o666, sync: bool = True) -> None:
    """Write ``path`` (a new name), fsynced unless ``sync`` is false (see :func:`sync_all`)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs(folder: Path) -> bool:
    """Flush the whole file system holding ``folder`` (Linux ``syncfs``); False where unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return call(fd) == 0
    finally:
        os.close(fd)


def sync_all(root: Path, files: list[Path], folders: set[Path]) -> None:
    """Make ``files`` and the entries of ``folders`` durable: one ``syncfs`` of the file system
    (thousands of fsyncs cost seconds), or an fsync of each where syncfs is not available."""
    if os.environ.get("URLKEEPER_JOURNAL_SYNC") != "fsync" and _syncfs(root):
        return
    for path in files:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    for folder in folders:
        fsync_dir(folder)


def image(src: Path, dst: Path) -> None:
    """A before-image of ``src`` at ``dst``: a hard link (a symlink is linked as itself), else a copy."""
    try:
        os.link(src, dst, follow_symlinks=False)
        return
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    tmp = dst.with_name(dst.name + ".copy")
    shutil.copy2(src, tmp, follow_symlinks=False)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dst)


def _wait_for_git(index: Path, limit: float = 10.0) -> None:
    """A git update-index left running by a killed urlkeeper would write the index after the
    rollback: wait (a little) for its lock to go before the index is put back."""
    lock = index.with_name(index.name + ".lock")
    deadline = time.monotonic() + limit
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


class Journal:
    """The journal folder of one project; at most one change at a time holds it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dir = root / FOLDER
        self.ops: list[Op] = []
        self._lock_fd: int | None = None

    # ---- writing -------------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def abs(self, rel: str) -> Path:
        return self.root / rel

    def backup_path(self, op: Op) -> Path:
        return self.dir / (op.backup or "")

    def begin(self, ops: list[Op], info: dict) -> None:
        """Create the journal and make it durable before any change is made."""
        self.dir.parent.mkdir(exist_ok=True)
        try:
            self.dir.mkdir()
        except FileExistsError:
            raise InputError("an unfinished change holds the journal; run `urlkeeper apply --recover`",
                             str(self.dir)) from None
        try:
            self._lock()
            (self.dir / "before").mkdir()
            self.ops = ops
            body = json.dumps({"version": VERSION, **info, "ops": [asdict(o) for o in ops]}, ensure_ascii=False)
            tmp = self.dir / "journal.json.tmp"
            write_new(tmp, body.encode("utf-8"))
            os.replace(tmp, self.dir / "journal.json")
            fsync_dir(self.dir)
            fsync_dir(self.dir.parent)
        except BaseException:
            self.close()  # nothing was changed yet
            raise

    def intent(self, index: int) -> None:
        """Record, durably, that operation ``index`` (a rename) is about to be made. A rename
        cannot be undone from what is on disk alone (in a swap, ``a -> tmp``, ``b -> a``,
        ``tmp -> b``, every name exists before and after), so its undo needs to know how far
        the change got; writes and removes need not."""
        fd = os.open(self.dir / "progress", os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            os.pwrite(fd, f"{index:>12}\n".encode(), 0)
            os.fsync(fd)
        finally:
            os.close(fd)
        if index == next(i for i, o in enumerate(self.ops) if o.op == "rename"):
            fsync_dir(self.dir)

    def _progress(self) -> int:
        try:
            return int((self.dir / "progress").read_text().strip() or -1)
        except (OSError, ValueError):
            return -1

    def commit(self) -> None:
        write_new(self.dir / "committed", b"")
        fsync_dir(self.dir)

    def close(self) -> None:
        """Remove the journal (after a commit or a rollback): first renamed away in one step,
        so that a journal half deleted is never taken for one to recover."""
        if self.dir.is_dir():
            trash = self.dir.with_name(f"done-{os.getpid()}-{time.time_ns()}")
            os.rename(self.dir, trash)
            fsync_dir(self.dir.parent)
        for old in self.dir.parent.glob("done-*"):
            shutil.rmtree(old, ignore_errors=True)
        try:
            self.dir.parent.rmdir()  # .urlkeeper/, when nothing else is in it
        except OSError:
            pass
        fsync_dir(self.root)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _lock(self) -> bool:
        if fcntl is None:
            return True
        fd = os.open(self.dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._lock_fd = fd
        return True

    # ---- undoing -------------------------------------------------------------------------------
    def rollback(self) -> list[str]:
        """Undo every operation (made or not) in reverse order; returns problems met."""
        problems: list[str] = []
        if (self.dir / "committed").exists():  # an error after the commit mark: it no longer holds
            os.unlink(self.dir / "committed")
            fsync_dir(self.dir)
        reached = self._progress()
        for i in range(len(self.ops) - 1, -1, -1):
            op = self.ops[i]
            try:
                if op.op != "rename" or i < reached or (i == reached and self._renamed(op)):
                    self._undo(op)  # (a rename not made has nothing to undo)
            except OSError as exc:
                problems.append(f"{op.path}: {exc.strerror or exc}")
        return problems

    def _undo(self, op: Op) -> None:
        path = self.abs(op.path)
        if op.tmp and os.path.lexists(self.abs(op.tmp)):
            os.unlink(self.abs(op.tmp))
        backup = self.backup_path(op) if op.backup else None
        if op.op == "mkdir":
            try:
                path.rmdir()
            except OSError:
                pass  # not there, or holds files that were not ours
            return
        if op.op == "rename":
            dst = self.abs(op.to or "")
            os.rename(dst, path)
            path = dst
        elif op.op == "write" and backup is None:
            if os.path.lexists(path):
                os.unlink(path)  # a file this change created
            return
        if backup is not None and os.path.lexists(backup):
            if op.op == "index":
                _wait_for_git(path)
            path.parent.mkdir(parents=True, exist_ok=True)  # a folder pruned after a remove
            os.replace(backup, path)

    def _renamed(self, op: Op) -> bool:
        """The rename in progress was made (its source is gone, its target is there)."""
        return not os.path.lexists(self.abs(op.path)) and os.path.lexists(self.abs(op.to or ""))

    # ---- recovery ------------------------------------------------------------------------------
    def pending(self) -> bool:
        return self.dir.is_dir()

    def recover(self) -> str | None:
        """Finish an interrupted change: roll it back, or only clean up when it was committed.
        Returns what was done (None when there was no journal)."""
        if not self.dir.is_dir():
            if self.dir.parent.is_dir() and any(self.dir.parent.glob("done-*")):
                self.close()  # a journal left half deleted after its change was finished
            return None
        if not self._lock():
            raise InputError("another urlkeeper process is changing this project; wait for it to finish",
                             str(self.dir))
        name = shown = str(self.dir / "journal.json")
        if (self.dir / "committed").exists():
            self.close()
            return "the interrupted change had completed; its journal was removed"
        try:
            data = json.loads((self.dir / "journal.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.close()  # interrupted before the journal was complete: nothing was changed
            return "the interrupted change had not started; its journal was removed"
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read the journal: {exc}", shown) from None
        if data.get("version") != VERSION:
            raise InputError(f"journal version {data.get('version')!r} is not {VERSION}", name)
        self.ops = [Op(**o) for o in data["ops"]]
        problems = self.rollback()
        if problems:
            raise InputError("rollback incomplete: " + "; ".join(problems), name)
        self.close()
        what = data.get("what", "a change")
        return f"the interrupted {what} was rolled back; the tree is as before it"


def recover(root: Path) -> str | None:
    """Roll back an interrupted change of the project at ``root`` (see :meth:`Journal.recover`)."""
    return Journal(root).recover()
