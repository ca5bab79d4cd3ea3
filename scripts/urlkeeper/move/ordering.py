"""The order of a plan: which moves are already applied, where folds into moved pages go,
and the order renames are recorded in (a path vacated before another file takes it)."""

from __future__ import annotations

import posixpath

from . import scan
from .plan import Plan, clean_path
from .site import Site


def applied_moves(site: Site, plan: Plan, read) -> set[int]:
    """Moves already applied (ids of Move objects): the target is in place and the source is
    gone, or its path was taken over by another move of the plan that is applied (a reused
    path). A plan that only swaps pages leaves no such trace and is applied again."""
    info = []
    for m in plan.moves:
        src, _ = clean_path(m.src)
        dst, dst_folder = clean_path(m.dst)
        if m.fold:
            in_place = dst  # decided below: the target may be a page the plan moved
            new = None
        elif posixpath.splitext(src)[1]:
            new = posixpath.join(dst, posixpath.basename(src)) if (dst_folder or dst in site.dirs) else dst
            in_place = new in site.files
        else:
            new = dst
            in_place = dst in site.dirs
        info.append((m, src, new, in_place, src in site.files or (src in site.dirs and not posixpath.splitext(src)[1])))
    applied: set[int] = set()
    changed = True
    while changed:
        changed = False
        taken_by = {new for m, _, new, _, _ in info if id(m) in applied and new}
        moved_to = {src: new for m, src, new, _, _ in info if id(m) in applied and new}
        for m, src, new, in_place, present in info:
            if id(m) in applied:
                continue
            if isinstance(in_place, str):  # a fold: its target holds the section
                target = in_place if in_place in site.files else moved_to.get(in_place, "")
                in_place = target in site.files and (not m.anchor or m.anchor in scan.anchors(read(target) or ""))
            if not in_place:
                continue
            if not present or src in taken_by:
                applied.add(id(m))
                changed = True
    return applied


def follow_moved_fold_targets(mapper, fold_targets: dict) -> None:
    """A fold into a page this plan moves goes to the page's new path (unless another page
    of the plan arrives at that path: then the fold goes into the page arriving)."""
    arriving = {new for old, new in mapper.new.items() if old not in mapper.anchor}
    for target in list(fold_targets):
        if target in mapper.new and target not in arriving and target not in mapper.anchor:
            moved = mapper.new[target]
            entries = fold_targets.pop(target)
            fold_targets.setdefault(moved, []).extend(entries)
            for src, _ in entries:
                mapper.new[src] = moved


def dependency_order(renames: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Renames ordered so that a path is vacated before another file takes it (B -> C before
    A -> B); the files of a cycle keep their order (the index records removals first)."""
    by_source = {a: b for a, b in renames}
    out: list[tuple[str, str]] = []
    done: set[str] = set()
    for a, _ in renames:
        chain = []
        while a in by_source and a not in done:
            done.add(a)
            chain.append((a, by_source[a]))
            a = by_source[a]
        out.extend(reversed(chain))
    return out
