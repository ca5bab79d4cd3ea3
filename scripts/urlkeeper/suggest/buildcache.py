"""The fingerprints of a build's pages, kept between runs so a large build is not read again.

``suggest`` needs a fingerprint and the anchors of every live page; extracting them from
30,000 built pages costs far more than matching. The cache holds them by built file, each
with the file's size and modification time, so only files written since are read again. The
MkDocs plugin fills it during the build when its ``fingerprints`` option is on (it has every
page's HTML in hand); ``suggest`` fills it otherwise, after its first full read.

File (``.urlkeeper-cache/build.fingerprints`` under the project root), one built file a line::

    # urlkeeper build fingerprints v1<TAB>{"site":"/abs/site","ignore":"^__"}
    en/x/index.html<TAB>SIZE:MTIME_NS<TAB>{"t":...,"h":[...],"n":12,"m":"...","a":["id",...]}

A line without a fingerprint (``{}``) is a built file that is not a page (a redirect page).
Entries recorded for another site folder or another ``anchor_ignore`` are not used.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import InputError
from ..inventory import page_url
from .fingerprint import Fingerprint

HEADER = "# urlkeeper build fingerprints v1"
CACHE = ".urlkeeper-cache/build.fingerprints"

Stamp = str  # "SIZE:MTIME_NS" of a built file
Entry = tuple[Stamp, Fingerprint | None, frozenset[str]]  # a built file's stamp, fingerprint (None: not a page), anchors


def path_of(root: str | Path) -> Path:
    return Path(root) / CACHE


def stamp(st: os.stat_result) -> Stamp:
    return f"{st.st_size}:{st.st_mtime_ns}"


def _key(site_dir: str | Path, anchor_ignore: str | None) -> dict:
    return {"site": str(Path(site_dir).resolve()), "ignore": anchor_ignore}


def load(path: str | Path, site_dir: str | Path, anchor_ignore: str | None) -> dict[str, Entry]:
    """Built file (relative to the site, ``/``-separated) -> its entry; {} when the cache is
    missing, unreadable or was made for another site or ``anchor_ignore``."""
    try:
        with open(path, encoding="utf-8") as fh:
            head = fh.readline().rstrip("\n")
            title, _, key = head.partition("\t")
            if title != HEADER or json.loads(key or "null") != _key(site_dir, anchor_ignore):
                return {}
            out: dict[str, Entry] = {}
            for number, line in enumerate(fh, 2):
                rel, st, raw = line.rstrip("\n").split("\t", 2)
                data = json.loads(raw)
                fp = Fingerprint.from_data(data, str(path), number, page_url(rel)) if data else None
                out[rel] = (st, fp, frozenset(data.get("a", ())))
            return out
    except (OSError, ValueError, UnicodeDecodeError, InputError):
        return {}  # a cache that cannot be read is rebuilt, never an error


def entry_text(fp: Fingerprint | None, anchors: frozenset[str]) -> str:
    """The JSON of a built file's entry (the last column of its line)."""
    data = {} if fp is None else {**fp.to_data(), "a": sorted(anchors)}
    data.pop("i", None)  # identifiers come from the Markdown's front matter at each run
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def save(path: str | Path, site_dir: str | Path, anchor_ignore: str | None, entries: dict[str, Entry],
         texts: dict[str, str] | None = None) -> None:
    """Write the cache (atomically: a half-written cache is never read). ``texts``: the
    :func:`entry_text` of some entries, already made (by the processes that read the pages)."""
    texts = texts or {}
    lines = [f"{HEADER}\t{json.dumps(_key(site_dir, anchor_ignore), separators=(',', ':'))}"]
    for rel in sorted(entries):
        st, fp, anchors = entries[rel]
        lines.append(f"{rel}\t{st}\t{texts.get(rel) or entry_text(fp, anchors)}")
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # a cache is an optimisation: a read-only project still gets its suggestions


def record(root: str | Path, site_dir: str | Path, anchor_ignore: str | None,
           pages: dict[str, tuple[Fingerprint, frozenset[str]]]) -> Path:
    """After a build: the fingerprints and anchors of the pages it rendered (built file's
    absolute path -> both), stamped with their files as written, merged into the cache (the
    entries of pages a dirty build left alone are kept: their stamps still tell whether they
    are current)."""
    path = path_of(root)
    site = Path(site_dir).resolve()
    entries = load(path, site, anchor_ignore)
    for dest, (fp, anchors) in pages.items():
        try:
            st = os.stat(dest)
            rel = Path(dest).resolve().relative_to(site).as_posix()
        except (OSError, ValueError):
            continue  # not written, or outside the site folder
        entries[rel] = (stamp(st), fp, anchors)
    save(path, site, anchor_ignore, entries)
    return path
