"""The plan proves itself: before anything is written, every link of every Markdown file the
plan writes is resolved as it renders before and as it would render after, and must reach
the same content.

A link is what the reader clicks: an inline link or image, a reference-style use (resolved
to the definition Python-Markdown picks: the last one with that label in the page, so a
fold whose labels collide is caught), a footnote marker (its definition), an autolink, a
raw HTML ``href``/``src`` or a snippet include. Its target is known by content, not by name:

* a page or file: its path after the plan;
* ``page#id``: the element that has the id, known by the file its text came from (for a
  folded page: the page, not the host) and its heading title or its rank among that file's
  other ids, so a renamed id (``#overview`` -> ``#overview-beta``) still matches and a link
  that now reaches the host's own ``#overview`` does not;
* the section a page was folded into: that page and section id;
* a footnote: the file its definition came from and its rank there.

Links of one source file are compared as a multiset, so folded text inserted in a host
needs no alignment. Each difference names the file, the line, and both targets.
"""

from __future__ import annotations

import bisect
import dataclasses
import multiprocessing
import os
import posixpath
from collections import Counter

import yaml

from . import anchors, scan, yamledit
from .plan import clean_path
from .engine import PARALLEL_MIN_FILES
from .site import Site, resolve, unresolved_location


@dataclasses.dataclass
class Change:
    file: str  # docs path (before the plan)
    line: int
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: link {self.label!r} would change target: before {self.before}, after {self.after}"


def site_after(site: Site, renames: list[tuple[str, str]], retired: list[str]) -> Site:
    """The site as it will be after the plan (files only; nothing is read from disk)."""
    gone = {a for a, _ in renames} | set(retired)
    files = (site.files - gone) | {b for _, b in renames}
    dirs = {""}
    for f in files:
        d = posixpath.dirname(f)
        while d and d not in dirs:
            dirs.add(d)
            d = posixpath.dirname(d)
    after = dataclasses.replace(site, files=files, dirs=dirs, _by_url={}, _pages={})
    for f in files:
        if after.is_page(f):
            after._by_url.setdefault(after.url_of(f), f)
    return after


class Side:
    """One side (before or after): the site, page texts, and where folded text came from."""

    def __init__(self, site: Site, texts: dict[str, str], origins: dict[str, list[tuple[int, int, str]]],
                 own: dict[str, str]):
        self.site = site
        self.texts = texts  # docs path -> text, read lazily from disk for the rest
        self.origins = origins  # path -> spans of text that came from a folded page
        self.own = own  # path -> the (old) path its own text came from
        self._ids: dict[str, dict[str, str]] = {}

    def text(self, rel: str) -> str | None:
        if rel not in self.texts:
            try:
                self.texts[rel] = (self.site.docs_dir / rel).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self.texts[rel] = None  # type: ignore[assignment]
        return self.texts[rel]

    def origin(self, rel: str, pos: int) -> str:
        for a, b, src in self.origins.get(rel, ()):
            if a <= pos < b:
                return src
        return self.own.get(rel, rel)

    def element(self, rel: str, frag: str) -> str:
        """Identity of the element ``rel#frag``: the file its text came from, and its title or rank."""
        table = self._ids.get(rel)
        if table is None:
            table = self._ids[rel] = self._id_table(rel)
        return table.get(frag) or f"{rel}#{frag} (no such id)"

    def _id_table(self, rel: str) -> dict[str, str]:
        text = self.text(rel)
        if text is None:
            return {}
        seen: Counter = Counter()
        out: dict[str, str] = {}
        for a in anchors.ids(text):
            origin = self.origin(rel, a.pos)
            title = a.heading.title if a.heading else ""
            key = (origin, a.kind if a.heading else "id", title)
            seen[key] += 1
            out.setdefault(a.id, f"{origin}: heading {title!r} ({seen[key]})" if a.heading else f"{origin}: id ({seen[key]})")
        return out


_STATE: "Targets | None" = None


def _job(chunk: list[tuple[str, str]]) -> list[tuple]:
    t: Targets = _STATE  # type: ignore[assignment]
    out = []
    for side, rel in chunk:
        sides = (side,)
        if side == "s":
            result = t.in_place(rel)
            if result is not None:
                out.append(("s", rel, result))
                continue
            sides = ("a", "b")  # not one to one after all: both sides in full
        for one in sides:
            if one == "a":
                out.append(("a", rel, links(t.after, rel, t.res.texts_after[rel], t.after_target_in(rel))))
            else:
                text = t.before.text(rel)
                out.append(("b", rel, links(t.before, rel, text, t.before_target) if text is not None else None))
    return out


def _run_jobs(jobs: list[tuple[str, str]], state: "Targets") -> list[tuple]:
    """The links of every file, in forked processes on a big plan (as the rewrite does)."""
    global _STATE
    _STATE = state
    try:
        workers = min(os.cpu_count() or 1, 8)
        if len(jobs) < PARALLEL_MIN_FILES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return _job(jobs)
        size = max(200, len(jobs) // (workers * 4))
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [x for part in pool.map(_job, [jobs[i:i + size] for i in range(0, len(jobs), size)]) for x in part]
    finally:
        _STATE = None


def nav_pages(text: str, name: str) -> list[tuple[str, int]]:
    """(page path as written, line) of every page of the nav of ``mkdocs.yml``, in order."""
    root = yamledit.compose(text, name)
    nav = next((v for k, v in root.value if getattr(k, "value", None) == "nav"), None) if isinstance(root, yaml.MappingNode) else None
    out: list[tuple[str, int]] = []

    def walk(node) -> None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            out.append((node.value, node.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif isinstance(node, yaml.MappingNode):
            for _, value in node.value:
                walk(value)
    walk(nav)
    return out


def _check_nav(site: Site, res, page_map: dict[str, str]) -> tuple[int, list[Change]]:
    """Every nav entry still names the page it named (folded pages leave the nav)."""
    name = str(site.config_file)
    before = nav_pages(res.before[site.config_file], name)
    after = nav_pages(res.writes[site.config_file].decode("utf-8"), name)
    expected = []
    for value, line in before:
        path, _ = clean_path(value)
        if path in res.specs:
            continue
        new = page_map.get(path)
        expected.append((value if new is None else new, line, value))
    changes = []
    for (want, line, old), (got, _) in zip(expected, after):
        if clean_path(want)[0] != clean_path(got)[0]:
            changes.append(Change(name, line, "nav", f"page {want}", f"page {got}"))
    if len(expected) != len(after):
        changes.append(Change(name, 0, "nav", f"{len(expected)} entries", f"{len(after)} entries"))
    return len(before), changes


def links(side: Side, rel: str, text: str, target_of) -> list[tuple[str, int, str, str]]:
    """(origin file, line, label, target) of every link a reader sees in ``text`` (at ``rel``).
    ``target_of(origin, dest, kind)`` names a destination's target."""
    m = scan.masked(text)
    found = scan.find_links(text, masked_text=m)
    ref_dest: dict[str, str] = {}
    starts = [ln.start for ln in found]
    for label, (_, end) in anchors.ref_defs(text, m):
        i = bisect.bisect_left(starts, end)
        if i < len(found) and found[i].kind == "ref":
            ref_dest[anchors.norm_label(label)] = found[i].dest
    out = []

    def add(pos: int, label: str, target: str) -> None:
        out.append((side.origin(rel, pos), pos, label, target, rel))  # position: a line only when reported

    for ln in found:
        if ln.kind != "ref":
            add(ln.start, ln.kind, target_of(side.origin(rel, ln.start), ln.dest, ln.kind))
    for use in anchors.ref_uses(text, set(ref_dest), m):
        dest = ref_dest[anchors.norm_label(use.label)]
        add(use.start, f"[{use.text}]", target_of(side.origin(rel, use.start), dest, "ref"))
    feet: dict[str, str] = {}
    rank: Counter = Counter()
    for label, (s, _) in anchors.footnote_defs(text, m):
        origin = side.origin(rel, s)
        rank[origin] += 1
        feet[label] = f"footnote {origin} ({rank[origin]})"
    for label, (s, _) in anchors.footnote_uses(text, m):
        add(s, "footnote", feet.get(label, "(no footnote)"))
    return out


def _locate(site: Site, rel: str, dest: str, kind: str, shown=lambda doc: doc) -> tuple[str | None, str]:
    """(page, fragment) a link of ``rel`` reaches; (None, its final description) when it reaches
    no page: unresolved, or a file (``shown`` names a file as the comparison does)."""
    if dest.startswith("#") and kind != "snippet":
        return rel, dest[1:]
    t = resolve(site, rel, dest, kind)
    if t is None:
        return None, f"unresolved {unresolved_location(site, rel, dest, kind) or dest}"
    if kind == "snippet" or not site.is_markdown(t.doc):
        return None, f"file {shown(t.doc)}"
    return t.doc, t.rest.partition("#")[2]


class Targets:
    """Where the links of both sides land, named alike so they compare: a link before the plan
    is named in the terms of after (new paths, sections of folds)."""

    def __init__(self, site: Site, res, page_map: dict[str, str]):
        self.site, self.res, self.page_map, self.specs = site, res, page_map, res.specs
        self.after_site = site_after(site, res.renames, res.retired)
        self.sections: dict[str, set[str]] = {}  # page taking folds (new path) -> the folds' section ids
        for src, spec in self.specs.items():
            self.sections.setdefault(page_map[src], set()).add(spec.anchor)
        self.own_after = {new: old for old, new in res.renames}
        self.before = Side(site, dict(res.texts_before), {}, {})
        self.after = Side(self.after_site, dict(res.texts_after), res.origins, self.own_after)

    def new_doc(self, doc: str) -> str:
        return self.page_map.get(doc, doc)

    def before_target(self, origin: str, dest: str, kind: str) -> str:
        doc, frag = _locate(self.site, origin, dest, kind, self.new_doc)
        if doc is None:
            return frag
        new_doc, sections = self.new_doc(doc), self.sections
        spec = self.specs.get(doc)
        if spec is not None and (not frag or spec.ids.get(frag) == spec.anchor):
            return f"section {new_doc}#{spec.anchor}"
        if frag and frag in sections.get(new_doc, ()):
            return f"section {new_doc}#{frag}"
        if not frag:
            return f"page {new_doc}"
        if doc not in self.specs and new_doc not in sections:  # its ids stay as they are: known by name
            return f"{new_doc}#{frag}"
        ident = self.before.element(doc, frag)
        if ident.endswith("(no such id)"):  # named as the link will name it after the plan
            return f"{new_doc}#{spec.ids.get(frag, frag) if spec else frag} (no such id)"
        return ident

    def after_target_in(self, rel: str):
        def after_target(origin: str, dest: str, kind: str) -> str:
            doc, frag = _locate(self.after_site, rel, dest, kind)
            if doc is None:
                return frag
            if frag and frag in self.sections.get(doc, ()):
                return f"section {doc}#{frag}"
            if not frag:
                return f"page {doc}"
            return self.after.element(doc, frag) if doc in self.sections else f"{doc}#{frag}"
        return after_target

    def in_place(self, rel: str) -> tuple[int, list[Change]] | None:
        """A file that stays, takes no fold and had only destinations rewritten: its links pair
        up one to one; a link whose text is unchanged keeps its target unless it reaches a
        page the plan moves or a page that takes a fold (then both sides are resolved)."""
        old, new = self.before.text(rel), self.res.texts_after[rel]
        a, b = scan.find_links(old or ""), scan.find_links(new)
        if old is None or len(a) != len(b):
            return None
        out = []
        target_after = self.after_target_in(rel)
        for la, lb in zip(a, b):
            if la.kind != lb.kind:
                return None
            if la.dest == lb.dest and not la.dest.startswith("#"):
                t = resolve(self.site, rel, la.dest, la.kind)
                if t is None or (t.doc not in self.page_map and t.doc not in self.sections):
                    continue
            elif la.dest == lb.dest:
                continue
            was, now = self.before_target(rel, la.dest, la.kind), target_after(rel, lb.dest, lb.kind)
            if was != now:
                out.append(Change(rel, old.count("\n", 0, la.start) + 1, la.kind, was, now))
        return len(a), out

    def jobs(self) -> list[tuple[str, str]]:
        """("s", file): compared in place; ("a", file): links after; ("b", origin): links before."""
        res = self.res
        simple = [rel for rel in res.texts_after if rel not in self.own_after and rel not in res.origins
                  and rel not in self.specs]
        full = sorted(set(res.texts_after) - set(simple))
        origins = {self.own_after.get(rel, rel) for rel in full} | set(self.specs)
        return [("s", rel) for rel in sorted(simple)] + [("a", rel) for rel in full] + [("b", o) for o in sorted(origins)]


def check(site: Site, res, page_map: dict[str, str], max_report: int = 50) -> tuple[int, list[Change]]:
    """(links compared, changes) for every Markdown file the computed plan ``res`` writes."""
    t = Targets(site, res, page_map)
    compared = 0
    changes: list[Change] = []
    if site.config_file is not None and site.config_file in res.writes:
        compared, changes = _check_nav(site, res, page_map)
    by_origin_before: dict[str, list] = {}
    by_origin_after: dict[str, list] = {}
    for side, rel, items in _run_jobs(t.jobs(), t):
        if side == "s":
            compared += items[0]
            changes += items[1]
        elif items is None:
            continue
        elif side == "b":
            by_origin_before[rel] = items
        else:
            for item in items:
                by_origin_after.setdefault(item[0], []).append(item)
    for origin, items in by_origin_before.items():
        compared += len(items)
        changes += _differences(t, origin, items, by_origin_after.get(origin, []))
        if len(changes) >= max_report:
            break
    return compared, changes


def _differences(t: Targets, origin: str, items: list, got: list) -> list[Change]:
    """The links of ``origin`` whose targets differ, as a multiset, between before and after."""
    missing = Counter((label, x) for _, _, label, x, _ in items) - Counter((label, x) for _, _, label, x, _ in got)
    extra = Counter((label, x) for _, _, label, x, _ in got) - Counter((label, x) for _, _, label, x, _ in items)
    changes: list[Change] = []
    if not missing and not extra:
        return changes
    for _, pos, label, x, _ in items:
        if missing.get((label, x)):
            line = (t.before.text(origin) or "").count("\n", 0, pos) + 1
            missing[(label, x)] -= 1
            other = next((k for k in extra if extra[k] and k[0] == label), None)
            if other:
                extra[other] -= 1
            changes.append(Change(origin, line, label, x, other[1] if other else "(link gone)"))
    for (label, x), n in extra.items():
        pos, rel = next(((p, r) for _, p, lab, tt, r in got if lab == label and tt == x), (0, origin))
        line = (t.after.text(rel) or "").count("\n", 0, pos) + 1
        changes.extend(Change(rel, line, label, "(no such link)", x) for _ in range(n))
    return changes
