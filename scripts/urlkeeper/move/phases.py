"""The phases of :func:`.engine.compute`, in the order it runs them, and the :class:`State`
they share. A phase returns (or yields) the :class:`~.model.Conflict` s it finds; the engine
records them and stops after a phase that found a fatal one. The link rewriting itself lives
in :mod:`.engine`."""

from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator

from .. import yamlsrc
from . import eol, page_refs, fold as fold_mod, forward, ordering, yamledit
from .model import Conflict, Mapper, Result
from .plan import Move, clean_path
from .site import Site

Conflicts = Iterator[Conflict]


@dataclass
class State:
    """What the phases of one computation share."""

    site: Site
    res: Result
    files: list[str]  # every file of docs_dir, sorted (a folder's files are a range of it)
    mapper: Mapper = field(default_factory=Mapper)
    texts: dict[str, str | None] = field(default_factory=dict)  # old docs path -> text as read (None: not UTF-8)
    fold_targets: dict[str, list[tuple[str, Move]]] = field(default_factory=dict)  # target -> (page, move) folded in
    arriving: dict[str, str] = field(default_factory=dict)  # new path -> old path, of every move that is no fold
    new_text: dict[str, str] = field(default_factory=dict)  # old docs path -> text with its links rewritten
    folded_into: dict[str, str] = field(default_factory=dict)  # fold target (new path) -> text with its sections

    @classmethod
    def begin(cls, site: Site, res: Result) -> "State":
        return cls(site, res, sorted(site.files))

    @cached_property
    def markdown(self) -> list[str]:
        return [rel for rel in self.files if self.site.is_markdown(rel)]

    def read(self, rel: str) -> str | None:
        """A file's text (newlines as they are), read once; a file that is not UTF-8 is recorded
        as a warning the moment it is read (so warnings keep the order of the work)."""
        if rel not in self.texts:
            try:
                self.texts[rel] = (self.site.docs_dir / rel).read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                self.res.conflicts.append(Conflict("not UTF-8 text; its links were not checked",
                                                   str(self.site.docs_dir / rel), fatal=False))
                self.texts[rel] = None
        return self.texts[rel]

    def conflict(self, msg: str, m: Move | None, fatal: bool = True) -> Conflict:
        """A conflict of the plan file, at the line of move ``m``."""
        return Conflict(msg, self.res.plan.file, m.line if m else None, fatal)

    def under(self, folder: str) -> list[str]:
        lo = bisect.bisect_left(self.files, folder + "/")
        hi = bisect.bisect_left(self.files, folder + "/\U0010ffff")
        return self.files[lo:hi]


# ---- 1. expand and validate -------------------------------------------------------------------

def expand(st: State) -> Conflicts:
    """Each move to the files it moves (``mapper.new``); a page named itself wins over the
    folder move that holds it. Moves already applied are skipped."""
    direct_owner: set[str] = set()
    applied = ordering.applied_moves(st.site, st.res.plan, st.read)
    for m in st.res.plan.moves:
        if id(m) in applied:
            st.res.skipped.append(m)
            continue
        found = yield from _pairs(st, m)
        if found is not None:
            yield from _claim(st, m, *found, direct_owner)
    ordering.follow_moved_fold_targets(st.mapper, st.fold_targets)


def _pairs(st: State, m: Move):
    """(old, new) of every file ``m`` moves and whether it names a file (None: a conflict)."""
    site = st.site
    src, _ = clean_path(m.src)
    dst, dst_folder = clean_path(m.dst)
    bad = next((p for p in (src, dst) if p.startswith("/") or p == ".." or p.startswith("../") or not p), None)
    if bad is not None:
        yield st.conflict(f"path {bad or '(empty)'!r} must be inside docs_dir, relative to it", m)
        return None
    if src in site.dirs:
        if m.fold:
            yield st.conflict(f"a folder cannot be folded into a section: {m.describe()}", m)
            return None
        if dst == src or dst.startswith(src + "/"):
            yield st.conflict(f"cannot move a folder into itself: {m.describe()}", m)
            return None
        pairs = [(f, dst + f[len(src):]) for f in st.under(src)]
        if not pairs:
            yield st.conflict(f"folder {src} has no files to move", m, fatal=False)
        return pairs, False
    if src not in site.files:
        yield st.conflict(f"source not found: {src} (paths are relative to {site.docs_dir})", m)
        return None
    new = posixpath.join(dst, posixpath.basename(src)) if (dst_folder or (dst in site.dirs and not m.fold)) else dst
    if new == src:
        yield st.conflict(f"cannot move a page onto itself: {m.describe()}", m)
        return None
    if site.is_markdown(src) != site.is_markdown(new):
        yield st.conflict(f"a Markdown page must stay a Markdown file (and other files stay other files): {m.describe()}", m)
        return None
    if m.fold:
        if not site.is_markdown(src):
            yield st.conflict(f"only a Markdown page can be folded into a section: {m.describe()}", m)
            return None
        if m.anchor and not re.fullmatch(r"[\w:.-]+", m.anchor):
            yield st.conflict(f"anchor {m.anchor!r} is not a valid id", m)
            return None
        st.fold_targets.setdefault(new, []).append((src, m))
        st.mapper.anchor[src] = m.anchor or ""
    return [(src, new)], True


def _claim(st: State, m: Move, pairs: list[tuple[str, str]], direct: bool, direct_owner: set[str]) -> Conflicts:
    mapper = st.mapper
    for old, new in pairs:
        if old in mapper.owner:
            other = mapper.owner[old]
            if direct and old not in direct_owner:
                direct_owner.add(old)
                mapper.owner[old] = m
                mapper.new[old] = new
                continue
            if not direct and old in direct_owner:
                continue
            yield st.conflict(f"{old} is moved twice (also by the move on line {other.line})", m)
            continue
        mapper.owner[old] = m
        mapper.new[old] = new
        if direct:
            direct_owner.add(old)


def check_targets(st: State) -> Conflicts:
    """Targets are free (or freed by this plan), unique, not under a file, their URL not taken."""
    site, mapper = st.site, st.mapper
    new_urls: dict[str, str] = {}
    for old, new in mapper.new.items():
        m = mapper.owner[old]
        if old in mapper.anchor:
            continue
        if new in site.files and new not in mapper.new:
            yield st.conflict(f"target exists: {new} (for {old})", m)
        if new in site.dirs:
            yield st.conflict(f"target is a folder: {new} (for {old})", m)
        if new in st.arriving:
            yield st.conflict(f"two moves to one place: {st.arriving[new]} and {old} -> {new}", m)
        st.arriving[new] = old
        parent = posixpath.dirname(new)
        while parent:
            if parent in site.files and parent not in mapper.new:
                yield st.conflict(f"cannot create {new}: {parent} is a file", m)
                break
            parent = posixpath.dirname(parent)
        if site.is_page(new):
            url = site.url_of(new)
            holder = site.page_at(url)
            if holder is not None and holder not in mapper.new and holder != new:
                yield st.conflict(f"{new} would be served at {url}, which {holder} already is", m)
            if url in new_urls and new_urls[url] != new:
                yield st.conflict(f"{new} and {new_urls[url]} would both be served at {url}", m)
            new_urls[url] = new


def check_folds(st: State) -> Conflicts:
    """Folds go into live Markdown pages, not into themselves, one page per anchor."""
    site, mapper = st.site, st.mapper
    for target, entries in st.fold_targets.items():
        anchors_seen: dict[str, str] = {}
        for src, m in entries:
            if src == target:
                yield st.conflict(f"cannot fold a page into itself: {m.describe()}", m)
            elif target in mapper.anchor:
                yield st.conflict(f"cannot fold into {target}: it is folded itself by this plan", m)
            elif target not in st.arriving and (target not in site.files or target in mapper.new):
                yield st.conflict(f"fold target not found: {target}", m)
            elif not site.is_markdown(target):
                yield st.conflict(f"fold target is not a Markdown page: {target}", m)
            if m.anchor and m.anchor in anchors_seen:
                yield st.conflict(f"two pages folded into {target}#{m.anchor} ({anchors_seen[m.anchor]} and {src})", m)
            anchors_seen[m.anchor or ""] = src


def prepare_folds(st: State) -> Conflicts:
    """Every fold's section, renamed ids, labels and footnotes, decided from the original texts."""
    for target, entries in st.fold_targets.items():
        taken = fold_mod.Taken.of(_lf(st.read(st.arriving.get(target, target))))
        for src, m in entries:
            try:
                spec = fold_mod.prepare(_lf(st.read(src)), src, m.anchor or "", m.title, taken, st.site.attr_list)
            except ValueError as exc:
                yield st.conflict(f"{m.describe()}: {exc}", m)
                continue
            for note in spec.notes:
                yield st.conflict(f"{m.describe()}: {note}", m, fatal=False)
            st.res.specs[src] = spec
            st.mapper.anchor[src] = spec.anchor
            st.mapper.ids[src] = spec.ids


def _lf(text: str | None) -> str:
    """A page's text with LF line breaks: folds are computed in LF (the target keeps its own)."""
    return (text or "").replace("\r\n", "\n")


# ---- 2. (links: see engine.rewrite_links) and front matter ---------------------------------------

def front_matter(st: State) -> Conflicts:
    """Page paths in front matter: blog posts' ``links`` rewritten, other keys named (a warning)."""
    count, left = page_refs.rewrite_front_matter(st.markdown, st.new_text, st.read, st.mapper)
    st.res.links_rewritten += count
    for rel, item in left:
        yield Conflict(f"front matter '{item.key}' names {item.value}, which this plan moves: "
                       "left alone (only 'links' is rewritten)", str(st.site.docs_dir / rel), item.line, fatal=False)


# ---- 3. folds ------------------------------------------------------------------------------------

def fold(st: State) -> Conflicts:
    """Each fold target's text with the folded pages' sections (and where each section is)."""
    res = st.res
    for target, entries in st.fold_targets.items():
        origin = st.arriving.get(target, target)  # its old path (it may be arriving by a page move)
        body = st.new_text.get(origin, st.read(origin) or "")
        style = eol.kind(body)  # folds work in LF; the target keeps its own line endings
        if style == "mixed":
            yield Conflict("the target mixes CRLF and LF line endings; give it one style before "
                           "folding into it", str(st.site.docs_dir / origin), None, True)
            continue
        body = _lf(body)
        spans: list[tuple[int, int, str]] = []
        for src, m in entries:
            spec = res.specs[src]
            page = _lf(st.new_text.get(src, st.read(src)))
            part = fold_mod.apply(spec, page, fold_mod.section_level(body, spec))
            before_len = len(body)
            body, (a, b), at = fold_mod.insert(body, part, spec)
            delta = len(body) - before_len
            spans = [(x + delta, y + delta, o) if x >= at else (x, y, o) for x, y, o in spans]
            spans.append((a, b, src))
            res.folds.append((src, target, spec.anchor))
        if style == "crlf":
            spans = [(a + body.count("\n", 0, a), b + body.count("\n", 0, b), o) for a, b, o in spans]
            body = body.replace("\n", "\r\n")
        st.folded_into[target] = body
        res.origins[target] = spans


# ---- 4. file operations ----------------------------------------------------------------------------

def file_operations(st: State) -> None:
    """Renames, removals and writes (with the text before, for diffs and verification)."""
    res, docs, texts, folded_into = st.res, st.site.docs_dir, st.texts, st.folded_into
    for old, new in st.mapper.new.items():
        res.removes.append(docs / old)
        if old in st.mapper.anchor:
            res.retired.append(old)
            continue
        res.renames.append((old, new))
        if new in folded_into:
            data = folded_into.pop(new).encode("utf-8")
        elif old in st.new_text:
            data = st.new_text[old].encode("utf-8")
        else:
            data = (docs / old).read_bytes()
        res.writes[docs / new] = data
        res.before_name[docs / new] = docs / old
        if st.site.is_markdown(old) and texts.get(old) is not None:
            res.before[docs / new] = texts[old]
    for old, text in st.new_text.items():
        if old in st.mapper.new or old in folded_into:
            continue
        res.writes[docs / old] = text.encode("utf-8")
        res.before[docs / old] = texts[old]
    for target, text in folded_into.items():
        res.writes[docs / target] = text.encode("utf-8")
        res.before[docs / target] = texts.get(target) or ""
    res.files_edited = len(st.new_text)
    res.renames = ordering.dependency_order(res.renames)
    res.texts_before = {k: v for k, v in texts.items() if v is not None}
    res.texts_after = {p.relative_to(docs).as_posix(): d.decode("utf-8") for p, d in res.writes.items()
                       if st.site.is_markdown(p.name) and docs in p.parents}


# ---- 5. nav of mkdocs.yml ---------------------------------------------------------------------------

def nav(st: State) -> Conflicts:
    """The nav entries and page references of mkdocs.yml that name moved pages."""
    config: Path | None = st.site.config_file
    if config is None:
        return
    mapper = st.mapper
    cfg_text = yamlsrc.read_text(config)
    edits, problems = yamledit.nav_edits(cfg_text, str(config), lambda v: mapper.new.get(clean_path(v)[0]),
                                         lambda v: clean_path(v)[0] in mapper.anchor)
    for p in problems:
        yield Conflict(p)
    edits += page_refs.config_edits(cfg_text, str(config), page_refs.new_page_of(mapper))
    if edits:
        new_cfg = yamledit.apply_edits(cfg_text, edits)
        yamledit.compose(new_cfg, str(config))  # still valid YAML
        st.res.writes[config] = new_cfg.encode("utf-8")
        st.res.before[config] = cfg_text


# ---- 6. fragments that follow their content ---------------------------------------------------------

def forward_fragments(st: State) -> None:
    forward.forward_fragments(st.site, st.res, st.mapper)
