"""Baselines: every URL the site ever published still resolves; protected URLs stay live.

A baseline is an inventory file (see :mod:`.inventory`) under ``redirects/baselines/``.
Each entry must resolve on the new build, live or through exactly one redirect, with its
anchor. An entry under a protected prefix must still be a live page with that anchor.
"""

from __future__ import annotations

from pathlib import Path

from . import findings as F
from .findings import Finding
from .inventory import Entry, Inventory, read_entries
from .resolve import Resolution, Resolver
from .urls import canonical


def baseline_files(baselines_dir: str | Path) -> list[Path]:
    """The baseline files of a folder (``*.txt``), or the one file named."""
    d = Path(baselines_dir)
    if d.is_file():
        return [d]
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.is_file() and p.suffix == ".txt")


_PARSED: dict[str, tuple[tuple[int, int], list[Entry]]] = {}  # path -> (mtime, size), entries


def load_entries(baselines_dir: str | Path) -> list[Entry]:
    """Every entry of every baseline file. A file read before is parsed again only when it
    changed (``mkdocs serve`` rebuilds the site in the same process)."""
    entries: list[Entry] = []
    for path in baseline_files(baselines_dir):
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
        hit = _PARSED.get(str(path))
        if stamp is None or hit is None or hit[0] != stamp:
            hit = (stamp, read_entries(path))
            if stamp is not None:
                _PARSED[str(path)] = hit
        entries.extend(hit[1])
    return entries


def check_entries(entries: list[Entry], inventory: Inventory, resolver: Resolver,
                  protected: tuple[str, ...] = (), forwards: dict[str, dict[str, str]] | None = None) -> list[Finding]:
    """``forwards``: old page URL -> anchor -> new URL (:mod:`.fragments`): an anchor the landing
    page lacks is resolved when it is forwarded to a page that has it."""
    out: list[Finding] = []
    cache: dict[str, Resolution] = {}
    for e in entries:
        guard = next((p for p in protected if e.url.startswith(p)), None)
        if guard is not None:
            out.extend(_check_protected(e, guard, inventory, resolver))
            continue
        res = cache.get(e.url)
        if res is None:
            res = cache[e.url] = resolver.resolve(e.url)
        if not res.ok:
            out.append(Finding(F.BASELINE_BROKEN, f"{e.text} no longer resolves: {res.problem}", e.file, e.line, url=e.text))
            continue
        if len(res.hops) > 1:
            out.append(Finding(F.BASELINE_MULTI_HOP, f"{e.text} needs {len(res.hops)} redirects: {' -> '.join(res.hops)}",
                               e.file, e.line, url=e.text))
        if e.fragment and res.page is not None:
            # A rule's own fragment wins (HTTP Location semantics); otherwise the old one is carried.
            fragment = res.fragment or e.fragment
            if not inventory.has_anchor(res.page, fragment) and not _forwarded(e, inventory, forwards):
                out.append(Finding(F.BASELINE_ANCHOR_MISSING,
                                   f"{e.text} lands on {res.page}, which has no anchor #{fragment}",
                                   e.file, e.line, url=e.text))
    return out


def _forwarded(e: Entry, inventory: Inventory, forwards: dict[str, dict[str, str]] | None) -> bool:
    target = (forwards or {}).get(canonical(e.url), {}).get(e.fragment)
    if not target:
        return False
    path, _, fragment = target.partition("#")
    page = inventory.resolve_page(path)
    return page is not None and inventory.has_anchor(page, fragment)


def _check_protected(e: Entry, guard: str, inventory: Inventory, resolver: Resolver) -> list[Finding]:
    page = inventory.resolve_page(e.url)
    if page is None:
        res = resolver.resolve(e.url)
        if res.ok:
            return [Finding(F.PROTECTED_REDIRECTED,
                            f"protected URL {e.url} (under {guard}) is no longer a page; it only redirects to {res.final}",
                            e.file, e.line, url=e.text)]
        return [Finding(F.PROTECTED_REMOVED, f"protected URL {e.url} (under {guard}) is gone from the build",
                        e.file, e.line, url=e.text)]
    if e.fragment and not inventory.has_anchor(page, e.fragment):
        return [Finding(F.PROTECTED_ANCHOR_REMOVED, f"protected URL {e.text} (under {guard}): the page no longer has anchor #{e.fragment}",
                        e.file, e.line, url=e.text)]
    return []
