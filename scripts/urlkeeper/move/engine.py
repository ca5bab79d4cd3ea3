"""Compute every edit of a move plan in memory: files moved, links rewritten, sections
folded, nav and redirect maps edited. Nothing is written here (see :mod:`.txn`).

:func:`compute` runs the phases of :mod:`.phases` in order and stops after one that found a
fatal conflict; the link rewriting (the bulk of the work, in parallel on a big site) is here."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from urllib.parse import unquote

from . import phases, scan
from .model import Conflict, Mapper, Result, shown
from .phases import Conflicts, State
from .plan import Plan
from .prefilter import Prefilter
from .redirect_maps import redirect_rules
from .site import Site, resolve, unresolved_dest, write_dest

__all__ = ["Conflict", "Mapper", "Prefilter", "Result", "compute", "redirect_rules", "rewrite_text", "shown"]


def compute(site: Site, plan: Plan, redirect_file: Path) -> Result:
    st = State.begin(site, Result(plan, redirect_file))
    if not _stage(st, phases.expand, phases.check_targets, phases.check_folds) or not st.mapper.new:
        return st.res
    if _stage(st, phases.prepare_folds) and _stage(st, rewrite_links) and _stage(st, phases.front_matter, phases.fold):
        _stage(st, phases.file_operations, phases.nav, redirect_maps, phases.forward_fragments)
    return st.res


def _stage(st: State, *steps) -> bool:
    """Run ``steps`` in order, recording the conflicts each finds; False when one was fatal."""
    for step in steps:
        for c in step(st) or ():
            st.res.conflicts.append(c)
    return not st.res.fatal


def rewrite_links(st: State) -> Conflicts:
    """2. The links of every Markdown file rewritten (the new texts kept by old path)."""
    site, res = st.site, st.res
    res.moved = st.mapper.new
    for rel, out, count, problem, fatal in _rewrite_all(site, st.mapper, Prefilter(st.mapper), st.markdown):
        if problem:
            yield Conflict(problem, str(site.docs_dir / rel) if not fatal else res.plan.file, None, fatal)
            continue
        res.links_rewritten += count
        st.new_text[rel] = out
        st.read(rel)


def redirect_maps(st: State) -> None:
    """6. Redirect rules for the moved pages (see :mod:`.redirect_maps`)."""
    redirect_rules(st.site, st.res, st.mapper)


PARALLEL_MIN_FILES = 4000
_WORK: tuple | None = None


def _rewrite_chunk(rels: list[str]) -> list[tuple]:
    site, mapper, filt = _WORK  # type: ignore[misc]
    out = []
    for rel in rels:
        try:
            text = (site.docs_dir / rel).read_bytes().decode("utf-8")  # newlines as they are
        except UnicodeDecodeError:
            out.append((rel, None, 0, "not UTF-8 text; its links were not checked", False))
            continue
        here = mapper.new.get(rel, rel)
        if here == rel and not filt.file(rel, text):
            continue
        try:
            new, count = rewrite_text(site, rel, here, text, mapper, None if here != rel else filt)
        except ValueError as exc:
            out.append((rel, None, 0, f"{rel}: {exc}", True))
            continue
        if count:
            out.append((rel, new, count, None, False))
    return out


def _rewrite_all(site: Site, mapper: Mapper, filt: "Prefilter", rels: list[str]) -> list[tuple]:
    """Rewrite every file (in parallel processes on a big site where fork is available)."""
    global _WORK
    _WORK = (site, mapper, filt)
    try:
        workers = min(os.cpu_count() or 1, 8)
        if len(rels) < PARALLEL_MIN_FILES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return _rewrite_chunk(rels)
        size = max(200, len(rels) // (workers * 4))
        chunks = [rels[i:i + size] for i in range(0, len(rels), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_rewrite_chunk, chunks)
        return [item for chunk in results for item in chunk]
    finally:
        _WORK = None


def rewrite_text(site: Site, old_path: str, new_path: str, text: str, mapper: Mapper,
                 filt: Prefilter | None = None) -> tuple[str, int]:
    """The text of ``old_path`` (now at ``new_path``) with its links fixed, and how many.
    ``filt`` skips links that cannot reach a moved file (for files that stay)."""
    moved = old_path != new_path
    parts: list[str] = []
    pos = 0
    count = 0
    news = mapper.new
    own_ids = mapper.ids.get(old_path)
    for link in scan.find_links(text):
        if own_ids is not None and link.dest.startswith("#") and link.kind != "snippet":
            new_dest = _map_fragment(link.dest, own_ids)  # within a folded page: its ids may be renamed
            if new_dest != link.dest:
                parts += [text[pos:link.start], new_dest]
                pos = link.end
                count += 1
            continue
        if filt is not None and not filt.link(link.dest):
            continue
        t = resolve(site, old_path, link.dest, link.kind)
        if t is None:
            kept = unresolved_dest(site, old_path, new_path, link.dest, link.kind) if moved else None
            if kept is not None and kept != link.dest:  # a link that reaches no file still reaches the same place
                parts += [text[pos:link.start], kept]
                pos = link.end
                count += 1
            continue
        doc = t.doc
        new_doc = news.get(doc, doc)
        if new_doc == doc and (not moved or t.mode in ("abs", "site", "snippet")):
            continue
        anchor = mapper.anchor.get(doc)
        path = write_dest(site, t, new_path, new_doc)
        rest = t.rest
        if anchor is not None and "#" not in rest:
            rest = rest + "#" + anchor
        elif doc in mapper.ids:
            rest = _map_fragment(rest, mapper.ids[doc])
        if path == t.path and rest == t.rest:
            continue
        if t.mode == "snippet":
            new_dest = path
        elif new_doc == new_path and t.mode in ("file", "url") and rest.startswith("#"):
            new_dest = rest  # now a link within the same page
        else:
            new_dest = path + rest
        parts.append(text[pos:link.start])
        parts.append(new_dest)
        pos = link.end
        count += 1
    if not count:
        return text, 0
    parts.append(text[pos:])
    return "".join(parts), count


def _map_fragment(rest: str, ids: dict[str, str]) -> str:
    """``?query#id`` with the id as a folded page's content has it in its new page."""
    head, sep, frag = rest.partition("#")
    if not sep:
        return rest
    return head + "#" + ids.get(frag, ids.get(unquote(frag), frag))
