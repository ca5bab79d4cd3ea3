"""Redirect pages kept from one clean build to the next.

MkDocs empties the site folder before every build that is not dirty, so the plugin used to
delete and create again the same redirect pages at each build: on the 2,000-page benchmark
(500 moved pages, so 2,000 files in 1,000 folders) that was most of its cost, nearly all of it
system time. Instead:

1. :func:`stash` (``on_pre_build``, before MkDocs cleans): the entries the plugin wrote into
   this site folder at the last build (the folders it created, its pages in folders it did not
   create; :func:`save` recorded them) are renamed into the hidden folder ``.urlkeeper-kept`` of
   the site folder, which MkDocs does not clean (it leaves hidden entries alone).
2. :func:`restore` (``on_post_build``): each entry is renamed back unless something took its
   place during the build, then every file in it is held against this build's redirect pages:
   the same bytes stay (not written, modification time unchanged), a page still wanted with
   other bytes is written over, anything else is removed. The rest of the hidden folder goes.
   So the site ends byte for byte as a clean build leaves it, whatever the record says.
3. :func:`save` records this build's entries for the next.

A build that fails puts every entry back unchecked where nothing took its place (as a dirty
build leaves the site); a killed one leaves the hidden folder, which the next build removes.
An entry that cannot be moved (a symlink on the way, another file system) stays for MkDocs to
clean: that costs only the time this saves.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
import stat
from pathlib import Path

from ..errors import InputError

KEPT = ".urlkeeper-kept"  # hidden: MkDocs neither cleans nor copies it


def cache_file(cache_dir: Path, stem: str, site_dir: str, suffix: str) -> Path:
    """A cache file of one site folder (a project may build into several)."""
    key = hashlib.sha1(os.path.abspath(site_dir).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_dir / f"{stem}-{key}{suffix}"


CACHED_SITES = 4  # site folders whose files each cache keeps (`mkdocs serve` builds into a new one each time)


def prune(cache_dir: Path, stem: str, suffix: str) -> None:
    """Remove all but the newest CACHED_SITES files of one cache."""
    try:
        found = [(e.stat().st_mtime_ns, e.path) for e in os.scandir(cache_dir)
                 if e.name.startswith(stem + "-") and e.name.endswith(suffix) and e.is_file()]
        for _, path in sorted(found, reverse=True)[CACHED_SITES:]:
            os.unlink(path)
    except OSError:
        pass


def record_of(cache_dir: Path, site_dir: str) -> Path:
    """The record of the redirect pages written into one site folder."""
    return cache_file(cache_dir, "redirect-pages", site_dir, ".txt")


def load(record: Path) -> list[str]:
    """The entries recorded by the last build (relative paths); none when unreadable."""
    try:
        lines = record.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line for line in lines[1:] if _safe(line)]


def save(record: Path, site_dir: str, entries: list[str]) -> None:
    """Record ``entries`` for the next build (a cache: a failed write only costs that time)."""
    text = f"# urlkeeper: redirect pages written into {os.path.abspath(site_dir)}\n" + "".join(e + "\n" for e in entries)
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(text, encoding="utf-8")
    except OSError:
        return
    prune(record.parent, "redirect-pages", ".txt")


def _safe(rel: str) -> bool:
    """A plain relative path inside the site folder, not the hidden folder of this module."""
    return (bool(rel) and posixpath.normpath(rel) == rel and not rel.startswith(("/", "../", "."))
            and rel != ".." and "\\" not in rel)


class _Parents:
    """Folders of the site folder reached without a symlink (checked once each)."""

    def __init__(self, site: str):
        self.site, self.real = site, os.path.realpath(site)
        self.known: dict[str, bool] = {"": True}

    def plain(self, folder: str) -> bool:
        hit = self.known.get(folder)
        if hit is None:
            hit = os.path.realpath(os.path.join(self.site, folder)) == os.path.join(self.real, folder)
            self.known[folder] = hit
        return hit


def stash(site_dir: str, entries: list[str]) -> list[str]:
    """Move ``entries`` out of the way of MkDocs' cleaning; the ones moved."""
    site = os.path.abspath(site_dir)
    kept = os.path.join(site, KEPT)
    discard(site)  # left by a killed build
    if not entries or not os.path.isdir(site):
        return []
    parents = _Parents(site)
    made: set[str] = set()
    moved: list[str] = []
    for rel in entries:
        folder = posixpath.dirname(rel)
        if not parents.plain(folder):
            continue
        try:
            if folder not in made:
                os.makedirs(os.path.join(kept, folder), exist_ok=True)
                made.add(folder)
            os.rename(os.path.join(site, rel), os.path.join(kept, rel))
        except OSError:  # gone, or not movable: MkDocs cleans it as before
            continue
        moved.append(rel)
    return moved


def restore(site_dir: str, moved: list[str], pages: dict[str, str] | None) -> tuple[set[str], list[str], int]:
    """Put the moved entries back where nothing took their place and remove the hidden folder.

    With ``pages`` (this build's redirect pages: path -> text), every file put back is made
    what a clean build writes: the same bytes kept, other bytes of a wanted page written over,
    the rest removed. Returns the pages now on disk, the entries still there and how many
    files were written over. Without ``pages`` (a failed build) the entries go back unchecked."""
    site = os.path.abspath(site_dir)
    kept = os.path.join(site, KEPT)
    sifter = _Sifter(site, pages) if pages is not None else None
    parents = _Parents(site)
    back: list[str] = []
    for rel in moved:
        target = os.path.join(site, rel)
        folder = posixpath.dirname(rel)
        try:
            if os.path.lexists(target) or not os.path.isdir(os.path.join(site, folder)) or not parents.plain(folder):
                continue  # the build put something there, or its folder is gone: the writer decides
            os.rename(os.path.join(kept, rel), target)
        except OSError:
            continue
        try:
            if sifter is None or sifter.sift(rel):
                back.append(rel)
        except OSError as exc:
            raise InputError(f"cannot write under {site}: {exc.filename or ''}: {exc.strerror or exc}") from None
    discard(site)
    if sifter is None:
        return set(), back, 0
    return sifter.done, back, sifter.written


def discard(site_dir: str | Path) -> None:
    """Remove the hidden folder and what is left in it."""
    shutil.rmtree(os.path.join(site_dir, KEPT), ignore_errors=True)


class _Sifter:
    """Makes the files of a put-back entry what this build writes (see :func:`restore`)."""

    def __init__(self, site: str, pages: dict[str, str]):
        self.site, self.pages = site, pages
        self.done: set[str] = set()  # pages whose bytes are on disk now
        self.written = 0  # of which written over (other bytes)
        self._folders: set[str] | None = None

    def folders(self) -> set[str]:
        """The folders this build's pages are in (kept even when empty: pages go there)."""
        if self._folders is None:
            self._folders = set()
            for rel in self.pages:
                folder = posixpath.dirname(rel)
                while folder and folder not in self._folders:
                    self._folders.add(folder)
                    folder = posixpath.dirname(folder)
        return self._folders

    def sift(self, rel: str) -> bool:
        """Sift the entry ``rel``; whether it is still there."""
        path = os.path.join(self.site, rel)
        mode = os.lstat(path).st_mode
        if stat.S_ISDIR(mode):
            with os.scandir(path) as it:
                names = [e.name for e in it]
            left = [name for name in names if self.sift(f"{rel}/{name}")]
            if left or rel in self.folders():
                return True
            os.rmdir(path)
            return False
        text = self.pages.get(rel)
        if text is None or not stat.S_ISREG(mode):
            os.unlink(path)
            return False
        data = text.encode("utf-8")
        with open(path, "rb") as fh:
            same = fh.read(len(data) + 1) == data
        if not same:
            with open(path, "wb") as fh:
                fh.write(data)
            self.written += 1
        self.done.add(rel)
        return True


def entries(back: list[str], created: set[str], written: list[str]) -> list[str]:
    """What the next build moves aside: the entries put back, the folders created and the files
    written, each unless it lies in another of them (so every one is wholly the plugin's)."""
    out: set[str] = set()
    for rel in sorted({*back, *created, *written}, key=lambda r: (r.count("/"), r)):
        parent = posixpath.dirname(rel)
        while parent and parent not in out:
            parent = posixpath.dirname(parent)
        if not parent:
            out.add(rel)
    return sorted(out)
