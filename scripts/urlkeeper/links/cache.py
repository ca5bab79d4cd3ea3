"""The on-disk caches of the link checker, under ``.urlkeeper-cache/``.

Internal links: one ``marshal`` file per site folder, keyed by content hash. Per HTML page it
keeps the stat (a fast path), the SHA-1 of the content and of its anchors, the redirect target,
the problems found and the external URLs; plus a reverse index from each link target to the
pages linking to it (all links, and links with a fragment), as packed arrays of page ids.
Loading it for a 30,000-page site takes a few tens of milliseconds, so a re-check after a
one-page edit costs a directory walk, one page and the pages whose links into it may change.

External links: a JSON file of results with the time they were taken; entries older than the
maximum age are checked again.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import time
from array import array
from pathlib import Path

FORMAT = 4


def _site_key(site_dir: str | os.PathLike) -> str:
    return hashlib.sha1(os.path.abspath(os.fspath(site_dir)).encode()).hexdigest()[:12]


class InternalCache:
    """pages: rel -> [mtime_ns, size, digest, anchors digest, redirect, problems, externals, id]."""

    def __init__(self, path: Path | None, signature: str):
        self.path = path
        self.signature = signature
        self.pages: dict[str, list] = {}
        self.others: dict[str, tuple[int, int]] = {}
        self.rev: dict[str, bytes] = {}
        self.frev: dict[str, bytes] = {}
        self.next_id = 1
        self.loaded = False

    @classmethod
    def open(cls, cache_dir: str | os.PathLike | None, site_dir, signature: str) -> "InternalCache":
        if not cache_dir:
            return cls(None, signature)
        path = Path(cache_dir) / f"links-{_site_key(site_dir)}.marshal"
        cache = cls(path, signature)
        try:
            with open(path, "rb") as fh:
                data = marshal.loads(fh.read())  # one read: marshal.load(fh) reads in small pieces
            if data.get("format") == FORMAT and data.get("signature") == signature and data.get("python") == sys.version_info[:2]:
                cache.pages = data["pages"]
                cache.others = data["others"]
                cache.rev = data["rev"]
                cache.frev = data["frev"]
                cache.next_id = data["next_id"]
                cache.loaded = True
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass
        return cache

    def save(self) -> None:
        if not self.path:
            return
        _prepare_dir(self.path.parent)
        data = {"format": FORMAT, "signature": self.signature, "python": sys.version_info[:2],
                "pages": self.pages, "others": self.others, "rev": self.rev, "frev": self.frev, "next_id": self.next_id}
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps(data))
        os.replace(tmp, self.path)

    # ---- reverse index ------------------------------------------------------------------------
    def dependents(self, keys, fragment_only: bool = False) -> set[int]:
        index = self.frev if fragment_only else self.rev
        out: set[int] = set()
        for key in keys:
            blob = index.get(key)
            if blob:
                a = array("I")
                a.frombytes(blob)
                out.update(a)
        return out

    def add_dependents(self, index: dict[str, bytes], key: str, page_id: int) -> None:
        blob = index.get(key)
        a = array("I")
        if blob:
            a.frombytes(blob)
            if page_id in a:
                return
        a.append(page_id)
        index[key] = a.tobytes()


class ExternalCache:
    """url -> result dict with ``checked`` (epoch seconds)."""

    def __init__(self, path: Path | None, max_age: float):
        self.path = path
        self.max_age = max_age
        self.entries: dict[str, dict] = {}
        if path:
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8")).get("results", {})
            except (OSError, ValueError, AttributeError):
                self.entries = {}

    @classmethod
    def open(cls, cache_dir, max_age: float) -> "ExternalCache":
        return cls(Path(cache_dir) / "external.json" if cache_dir else None, max_age)

    def get(self, url: str, now: float | None = None) -> dict | None:
        entry = self.entries.get(url)
        if not entry:
            return None
        now = time.time() if now is None else now
        if self.max_age <= 0 or now - entry.get("checked", 0) > self.max_age:
            return None
        return entry

    def put(self, url: str, result: dict) -> None:
        self.entries[url] = result

    def save(self) -> None:
        if not self.path:
            return
        _prepare_dir(self.path.parent)
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps({"format": 1, "results": self.entries}, indent=0, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


def _prepare_dir(folder: Path) -> None:
    """Create the cache folder, with a .gitignore so its files are never committed."""
    folder.mkdir(parents=True, exist_ok=True)
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text("*\n", encoding="utf-8")
