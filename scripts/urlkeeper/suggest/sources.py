"""Where fingerprints come from: a built site, Markdown at a git revision, baseline sidecars.

The new side of a suggestion is always the current build (``site_dir``), with identifiers
read from the front matter of the Markdown each page was built from. The old side is the
baselines' fingerprint sidecars, the Markdown of ``docs_dir`` at a git revision, or an old
built site (any generator's HTML).
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .. import html_scan
from ..errors import InputError
from ..gitblobs import cat_blobs
from ..inventory import DEFAULT_ANCHOR_IGNORE, NOT_PAGE_NAME, Inventory, page_url
from ..move.site import PAGE_SUFFIXES, Site
from . import buildcache, extract, fingerprint
from .fingerprint import Fingerprint


def from_site(site_dir: str | Path, docs_dir: str | Path | None = None) -> dict[str, Fingerprint]:
    """Fingerprints of every page of a built site (redirect pages and 404 pages left out)."""
    return site_and_inventory(site_dir, docs_dir, None)[0]


def site_and_inventory(site_dir: str | Path, docs_dir: str | Path | None,
                       anchor_ignore: str | None = DEFAULT_ANCHOR_IGNORE,
                       cache: str | Path | None = None) -> tuple[dict[str, Fingerprint], Inventory]:
    """The fingerprints and the URL inventory of a built site. With ``cache`` (see
    :mod:`.buildcache`), the built files unchanged since it was written are not read again and
    the cache is brought up to date; the others are read once (large sites in parallel, one
    process per core)."""
    with site_reading(site_dir, docs_dir, anchor_ignore, cache) as result:
        return result()


@contextmanager
def site_reading(site_dir: str | Path, docs_dir: str | Path | None,
                 anchor_ignore: str | None = DEFAULT_ANCHOR_IGNORE, cache: str | Path | None = None):
    """:func:`site_and_inventory` started in worker processes: yields the function that waits
    for its result, so that the caller can do other work while the pages are read."""
    site = Path(site_dir)
    if not site.is_dir():
        raise InputError(f"site directory {site} does not exist (build the site first)")
    known = buildcache.load(cache, site, anchor_ignore) if cache else {}
    stamps: dict[str, str] = {}
    entries: dict[str, buildcache.Entry] = {}
    todo: list[str] = []
    pool: ProcessPoolExecutor | None = None
    pending = []  # a batch goes to the workers as soon as the scan has found it and more
    try:
        for rel, st in _html_files(site):
            stamps[rel] = st
            if rel in known and known[rel][0] == st:
                entries[rel] = known[rel]
                continue
            todo.append(rel)
            if len(todo) > BATCH * (len(pending) + 1) and (os.cpu_count() or 1) > 1:
                pool = pool or ProcessPoolExecutor(os.cpu_count())
                pending.append(pool.submit(_read_batch, (str(site), todo[-BATCH - 1:-1], anchor_ignore)))
        rest = (str(site), todo[BATCH * len(pending):], anchor_ignore)
        if pool:
            pending.append(pool.submit(_read_batch, rest))

        def result(each: Callable[[Fingerprint], None] | None = None) -> tuple[dict[str, Fingerprint], Inventory]:
            """``each``: called with every page's fingerprint (identifiers set) as it comes in."""
            ids = docs_identifiers(docs_dir) if docs_dir else {}  # while the workers read
            take = _taker(ids, each)
            for _st, fp, _a in entries.values():
                take(fp)
            texts: dict[str, str] = {}
            for batch in (f.result() for f in pending) if pool else [_read_batch(rest)]:
                for rel, fp, anchors, text in batch:  # the next batches are read meanwhile
                    entries[rel] = (stamps[rel], fp, anchors)
                    texts[rel] = text
                    take(fp)
            if cache and (todo or len(known) != len(entries)):
                buildcache.save(cache, site, anchor_ignore, entries, texts)
            return _assemble(stamps, entries)

        yield result
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


BATCH = 500  # pages per task when a site is read in parallel (a site of no more is read here)


def _taker(ids: dict[str, list[str]], each: Callable[[Fingerprint], None] | None) -> Callable[[Fingerprint | None], None]:
    def take(fp: Fingerprint | None) -> None:
        if fp is not None:
            fp.ids = tuple(ids.get(fp.url, ()))
            if each is not None:
                each(fp)
    return take


def _assemble(stamps: dict[str, str], entries: dict[str, buildcache.Entry]) -> tuple[dict[str, Fingerprint], Inventory]:
    prints: dict[str, Fingerprint] = {}
    inventory = Inventory()
    for rel in stamps:
        _st, fp, anchors = entries[rel]
        if fp is not None:
            prints[fp.url] = fp
            inventory.pages[fp.url] = anchors
    return prints, inventory


def _html_files(site: Path) -> Iterator[tuple[str, str]]:
    """(path relative to the site with ``/``, stamp) of every HTML file."""
    stack = [""]
    while stack:
        folder = stack.pop()
        with os.scandir(site / folder if folder else site) as it:
            for entry in it:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append(rel)
                elif entry.name.endswith(".html"):
                    yield rel, buildcache.stamp(entry.stat())


def _read_batch(task: tuple[str, list[str], str | None]) -> list[tuple[str, Fingerprint | None, frozenset[str], str]]:
    """(built file, fingerprint or None for a file that is not a page, anchors, cache entry text)."""
    site, rels, anchor_ignore = task
    ignore = re.compile(anchor_ignore) if anchor_ignore else None
    out = []
    for rel in rels:
        with open(os.path.join(site, rel), "rb") as fh:
            text = fh.read().decode("utf-8", "replace")
        if "\r" in text:  # as a file opened as text reads it
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        url = page_url(rel)
        if url.endswith(NOT_PAGE_NAME) or html_scan.is_redirect_page(text):
            fp, anchors = None, frozenset()
        else:
            fp, anchors = extract.from_html(url, text), frozenset(html_scan.anchors(text, ignore))
        out.append((rel, fp, anchors, buildcache.entry_text(fp, anchors)))
    return out


def docs_identifiers(docs_dir: str | Path) -> dict[str, list[str]]:
    """URL -> front-matter identifiers, for the Markdown pages of ``docs_dir`` that declare some."""
    docs = Path(docs_dir)
    out: dict[str, list[str]] = {}
    if not docs.is_dir():
        return out
    for root, dirs, files in os.walk(docs):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(PAGE_SUFFIXES):
                full = os.path.join(root, name)
                with open(full, encoding="utf-8", errors="replace") as fh:
                    head = fh.read(4096)
                if head.startswith("---"):
                    meta, _ = extract.front_matter(head if "\n---" in head[3:] else _read(full))
                    found = extract.identifiers(meta)
                    if found:
                        out[Site.url_of(os.path.relpath(full, docs).replace(os.sep, "/"))] = found
    return out


def _read(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def default_title(rel: str) -> str:
    """The title MkDocs derives from a file name when a page has none."""
    stem = posixpath.splitext(posixpath.basename(rel))[0]
    if stem in ("index", "README"):
        stem = posixpath.basename(posixpath.dirname(rel)) or "Home"
    return stem.replace("-", " ").replace("_", " ").capitalize()


def from_rev(docs_dir: str | Path, rev: str) -> dict[str, Fingerprint]:
    """Fingerprints of the Markdown pages of ``docs_dir`` as they were at git revision ``rev``."""
    docs = Path(docs_dir).resolve()
    if not docs.is_dir():
        raise InputError(f"docs_dir {docs_dir} is not a folder")
    git = ["git", "-C", str(docs)]
    try:
        top = subprocess.run([*git, "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    except OSError as exc:
        raise InputError(f"git is not available: {exc}") from None
    if top.returncode != 0:
        raise InputError(f"{docs_dir} is not inside a git work tree")
    prefix = os.path.relpath(docs, Path(top.stdout.strip()).resolve()).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    listing = subprocess.run([*git, "ls-tree", "-r", "-z", "--full-tree", rev, "--", prefix or "."],
                             capture_output=True, text=True)
    if listing.returncode != 0:
        raise InputError(f"git revision {rev!r} not found: {listing.stderr.strip().splitlines()[-1] if listing.stderr.strip() else ''}")
    blobs: list[tuple[str, str]] = []  # (docs-relative path, object id)
    for item in listing.stdout.split("\0"):
        meta, _, path = item.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and path.startswith(prefix) and path.endswith(PAGE_SUFFIXES):
            rel = path[len(prefix):]
            if not any(p.startswith(".") for p in rel.split("/")):
                blobs.append((rel, parts[2]))
    texts = cat_blobs(docs, [oid for _, oid in blobs])
    return {Site.url_of(rel): extract.from_markdown(Site.url_of(rel), text, default_title(rel))
            for (rel, _), text in zip(blobs, texts)}


def from_baselines(baselines_dir: str | Path) -> dict[str, Fingerprint]:
    """The fingerprints recorded beside the baselines (``*.fingerprints``); {} for old baselines."""
    d = Path(baselines_dir)
    out: dict[str, Fingerprint] = {}
    if d.is_dir():
        for path in sorted(d.glob("*" + fingerprint.SUFFIX)):
            out.update(fingerprint.read(path))
    return out
