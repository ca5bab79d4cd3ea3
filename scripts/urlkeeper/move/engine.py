"""Compute every edit of a move plan in memory: files moved, links rewritten, sections
folded, nav and redirect maps edited. Nothing is written here (see :mod:`.txn`)."""

from __future__ import annotations

import bisect
import difflib
import multiprocessing
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .. import rules as rules_mod, yamlsrc
from ..urls import canonical, split_url
from . import eol, page_refs, fold as fold_mod, forward, ordering, scan, yamledit
from .plan import Move, Plan, clean_path
from .site import Site, resolve, unresolved_dest, write_dest


@dataclass
class Conflict:
    message: str
    file: str | None = None
    line: int | None = None
    fatal: bool = True

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else f"{self.file}: " if self.file else ""
        return where + self.message


@dataclass
class Result:
    plan: Plan
    redirect_file: Path
    renames: list[tuple[str, str]] = field(default_factory=list)  # docs-relative, every file moved
    retired: list[str] = field(default_factory=list)  # folded pages removed
    folds: list[tuple[str, str, str]] = field(default_factory=list)  # (page, target, anchor)
    moved: dict[str, str] = field(default_factory=dict)  # old docs path -> new (folded: the host)
    checked: int = -1  # links verified (-1: not verified)
    changed: list = field(default_factory=list)  # verify.Change: links that would change target
    specs: dict[str, "fold_mod.Spec"] = field(default_factory=dict)  # folded page -> how it was folded
    origins: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)  # new path -> spans of folded pages
    texts_before: dict[str, str] = field(default_factory=dict)  # old docs path -> text (Markdown read)
    texts_after: dict[str, str] = field(default_factory=dict)  # new docs path -> text (Markdown changed)
    writes: dict[Path, bytes] = field(default_factory=dict)  # absolute path -> new content
    removes: list[Path] = field(default_factory=list)
    before: dict[Path, str] = field(default_factory=dict)  # text before, for diffs (by new path)
    before_name: dict[Path, Path] = field(default_factory=dict)  # new path -> old path
    rules_added: list[tuple[str, str]] = field(default_factory=list)
    rules_dropped: list[str] = field(default_factory=list)
    links_rewritten: int = 0
    files_edited: int = 0
    skipped: list[Move] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def fatal(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.fatal]

    @property
    def nothing_to_do(self) -> bool:
        return not self.renames and not self.retired and not self.writes

    def diffs(self, root: Path) -> str:
        out = []
        for path in sorted(self.writes, key=str):
            old_path = self.before_name.get(path, path)
            old = self.before.get(path)
            if old is None:
                if path.suffix in (".md", ".markdown", ".yml", ".yaml") and old_path == path:
                    old = ""
                else:
                    continue
            try:
                new = self.writes[path].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if old == new:
                continue
            a, b = shown(old_path, root), shown(path, root)
            out.extend(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                            f"a/{a}", f"b/{b}"))
            if out and not out[-1].endswith("\n"):
                out.append("\n\\ No newline at end of file\n")
        return "".join(out)


def shown(path: Path, root: Path) -> str:
    """A path as reports name it: relative to the project root when it lies inside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class Mapper:
    """Old docs path -> new docs path (and section anchor for folded pages)."""

    def __init__(self) -> None:
        self.new: dict[str, str] = {}
        self.anchor: dict[str, str] = {}
        self.ids: dict[str, dict[str, str]] = {}  # folded page -> its ids -> ids in the target
        self.owner: dict[str, Move] = {}


def compute(site: Site, plan: Plan, redirect_file: Path) -> Result:
    res = Result(plan, redirect_file)
    pf = plan.file
    files_sorted = sorted(site.files)
    mapper = Mapper()
    texts: dict[str, str] = {}

    def read(rel: str) -> str | None:
        if rel not in texts:
            try:
                texts[rel] = (site.docs_dir / rel).read_bytes().decode("utf-8")  # newlines as they are
            except UnicodeDecodeError:
                res.conflicts.append(Conflict("not UTF-8 text; its links were not checked", str(site.docs_dir / rel), fatal=False))
                texts[rel] = None  # type: ignore[assignment]
        return texts[rel]

    def conflict(msg: str, m: Move | None, fatal: bool = True) -> None:
        res.conflicts.append(Conflict(msg, pf, m.line if m else None, fatal))

    def under(folder: str) -> list[str]:
        lo = bisect.bisect_left(files_sorted, folder + "/")
        hi = bisect.bisect_left(files_sorted, folder + "/\U0010ffff")
        return files_sorted[lo:hi]

    # ---- 1. expand and validate ----------------------------------------------------------
    fold_targets: dict[str, list[tuple[str, Move]]] = {}
    direct_owner: set[str] = set()
    applied = ordering.applied_moves(site, plan, read)
    for m in plan.moves:
        if id(m) in applied:
            res.skipped.append(m)
            continue
        src, _ = clean_path(m.src)
        dst, dst_folder = clean_path(m.dst)
        bad = next((p for p in (src, dst) if p.startswith("/") or p == ".." or p.startswith("../") or not p), None)
        if bad is not None:
            conflict(f"path {bad or '(empty)'!r} must be inside docs_dir, relative to it", m)
            continue
        if src in site.dirs:
            if m.fold:
                conflict(f"a folder cannot be folded into a section: {m.describe()}", m)
                continue
            if dst == src or dst.startswith(src + "/"):
                conflict(f"cannot move a folder into itself: {m.describe()}", m)
                continue
            pairs = [(f, dst + f[len(src):]) for f in under(src)]
            if not pairs:
                conflict(f"folder {src} has no files to move", m, fatal=False)
        elif src in site.files:
            new = posixpath.join(dst, posixpath.basename(src)) if (dst_folder or (dst in site.dirs and not m.fold)) else dst
            if new == src:
                conflict(f"cannot move a page onto itself: {m.describe()}", m)
                continue
            if site.is_markdown(src) != site.is_markdown(new):
                conflict(f"a Markdown page must stay a Markdown file (and other files stay other files): {m.describe()}", m)
                continue
            if m.fold:
                if not site.is_markdown(src):
                    conflict(f"only a Markdown page can be folded into a section: {m.describe()}", m)
                    continue
                if m.anchor and not re.fullmatch(r"[\w:.-]+", m.anchor):
                    conflict(f"anchor {m.anchor!r} is not a valid id", m)
                    continue
                fold_targets.setdefault(new, []).append((src, m))
                mapper.anchor[src] = m.anchor or ""
            pairs = [(src, new)]
        else:
            conflict(f"source not found: {src} (paths are relative to {site.docs_dir})", m)
            continue
        direct = src in site.files  # a page named itself wins over the folder move that holds it
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
                conflict(f"{old} is moved twice (also by the move on line {other.line})", m)
                continue
            mapper.owner[old] = m
            mapper.new[old] = new
            if direct:
                direct_owner.add(old)

    ordering.follow_moved_fold_targets(mapper, fold_targets)
    # targets: free (or freed by this plan), unique, not under a file, URL not taken; folds into live pages
    seen: dict[str, str] = {}
    new_urls: dict[str, str] = {}
    for old, new in mapper.new.items():
        m = mapper.owner[old]
        if old in mapper.anchor:
            continue
        if new in site.files and new not in mapper.new:
            conflict(f"target exists: {new} (for {old})", m)
        if new in site.dirs:
            conflict(f"target is a folder: {new} (for {old})", m)
        if new in seen:
            conflict(f"two moves to one place: {seen[new]} and {old} -> {new}", m)
        seen[new] = old
        parent = posixpath.dirname(new)
        while parent:
            if parent in site.files and parent not in mapper.new:
                conflict(f"cannot create {new}: {parent} is a file", m)
                break
            parent = posixpath.dirname(parent)
        if site.is_page(new):
            url = site.url_of(new)
            holder = site.page_at(url)
            if holder is not None and holder not in mapper.new and holder != new:
                conflict(f"{new} would be served at {url}, which {holder} already is", m)
            if url in new_urls and new_urls[url] != new:
                conflict(f"{new} and {new_urls[url]} would both be served at {url}", m)
            new_urls[url] = new
    for target, entries in fold_targets.items():
        anchors_seen: dict[str, str] = {}
        for src, m in entries:
            if src == target:
                conflict(f"cannot fold a page into itself: {m.describe()}", m)
            elif target in mapper.anchor:
                conflict(f"cannot fold into {target}: it is folded itself by this plan", m)
            elif target not in seen and (target not in site.files or target in mapper.new):
                conflict(f"fold target not found: {target}", m)
            elif not site.is_markdown(target):
                conflict(f"fold target is not a Markdown page: {target}", m)
            if m.anchor and m.anchor in anchors_seen:
                conflict(f"two pages folded into {target}#{m.anchor} ({anchors_seen[m.anchor]} and {src})", m)
            anchors_seen[m.anchor or ""] = src
    if res.fatal:
        return res
    if not mapper.new:
        return res
    _prepare_folds(site, res, mapper, fold_targets, seen, read, conflict)
    if res.fatal:
        return res

    res.moved = mapper.new
    # ---- 2. rewrite links in every Markdown file -------------------------------------------
    new_text: dict[str, str] = {}  # keyed by OLD docs path
    filt = Prefilter(mapper)
    markdown = [rel for rel in files_sorted if site.is_markdown(rel)]
    for rel, out, count, problem, fatal in _rewrite_all(site, mapper, filt, markdown):
        if problem:
            res.conflicts.append(Conflict(problem, str(site.docs_dir / rel) if not fatal else pf, None, fatal))
            continue
        res.links_rewritten += count
        new_text[rel] = out
        read(rel)
    if res.fatal:
        return res
    _front_matter(site, res, mapper, new_text, read, markdown)

    # ---- 3. folds ---------------------------------------------------------------------------
    folded_into: dict[str, str] = {}  # target (new path) -> new text
    for target, entries in fold_targets.items():
        origin = seen.get(target, target)  # its old path (it may be arriving by a page move)
        body = new_text.get(origin, read(origin) or "")
        style = eol.kind(body)  # folds work in LF; the target keeps its own line endings
        if style == "mixed":
            res.conflicts.append(Conflict("the target mixes CRLF and LF line endings; give it one style before "
                                          "folding into it", str(site.docs_dir / origin), None, True))
            continue
        body = _lf(body)
        spans: list[tuple[int, int, str]] = []
        for src, m in entries:
            spec = res.specs[src]
            page = _lf(new_text.get(src, read(src)))
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
        folded_into[target] = body
        res.origins[target] = spans
    if res.fatal:
        return res

    # ---- 4. collect file operations ---------------------------------------------------------
    docs = site.docs_dir
    for old, new in mapper.new.items():
        if old in mapper.anchor:
            res.retired.append(old)
            res.removes.append(docs / old)
            continue
        res.renames.append((old, new))
        if new in folded_into:
            data = folded_into.pop(new).encode("utf-8")
        elif old in new_text:
            data = new_text[old].encode("utf-8")
        else:
            data = (docs / old).read_bytes()
        res.writes[docs / new] = data
        res.removes.append(docs / old)
        res.before_name[docs / new] = docs / old
        if site.is_markdown(old) and texts.get(old) is not None:
            res.before[docs / new] = texts[old]
    for old, text in new_text.items():
        if old in mapper.new:
            continue
        if old in folded_into:
            continue
        res.writes[docs / old] = text.encode("utf-8")
        res.before[docs / old] = texts[old]
    for target, text in folded_into.items():
        res.writes[docs / target] = text.encode("utf-8")
        res.before[docs / target] = texts.get(target) or ""
    res.files_edited = len(new_text)
    res.renames = ordering.dependency_order(res.renames)
    res.texts_before = {k: v for k, v in texts.items() if v is not None}
    res.texts_after = {p.relative_to(docs).as_posix(): d.decode("utf-8") for p, d in res.writes.items()
                       if site.is_markdown(p.name) and docs in p.parents}

    # ---- 5. nav of mkdocs.yml -------------------------------------------------------------------
    if site.config_file is not None:
        cfg_text = yamlsrc.read_text(site.config_file)

        def nav_new(value: str) -> str | None:
            p, _ = clean_path(value)
            return mapper.new.get(p)

        def nav_drop(value: str) -> bool:
            p, _ = clean_path(value)
            return p in mapper.anchor

        edits, problems = yamledit.nav_edits(cfg_text, str(site.config_file), nav_new, nav_drop)
        for p in problems:
            res.conflicts.append(Conflict(p))
        edits += page_refs.config_edits(cfg_text, str(site.config_file), page_refs.new_page_of(mapper))
        if edits:
            new_cfg = yamledit.apply_edits(cfg_text, edits)
            yamledit.compose(new_cfg, str(site.config_file))  # still valid YAML
            res.writes[site.config_file] = new_cfg.encode("utf-8")
            res.before[site.config_file] = cfg_text

    # ---- 6. redirect maps and fragments that follow their content --------------------------------
    redirect_rules(site, res, mapper)
    forward.forward_fragments(site, res, mapper)
    return res


def _front_matter(site: Site, res: Result, mapper: Mapper, new_text: dict[str, str], read, markdown: list[str]) -> None:
    """Page paths in front matter: blog posts' ``links`` rewritten, other keys named (a warning)."""
    count, left = page_refs.rewrite_front_matter(markdown, new_text, read, mapper)
    res.links_rewritten += count
    for rel, item in left:
        res.conflicts.append(Conflict(f"front matter '{item.key}' names {item.value}, which this plan moves: "
                                      "left alone (only 'links' is rewritten)", str(site.docs_dir / rel),
                                      item.line, fatal=False))


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


def _lf(text: str | None) -> str:
    """A page's text with LF line breaks: folds are computed in LF (the target keeps its own)."""
    return (text or "").replace("\r\n", "\n")


def _prepare_folds(site: Site, res: Result, mapper: Mapper, fold_targets: dict, seen: dict, read, conflict) -> None:
    """Decide every fold's section, renamed ids, labels and footnotes from the original texts."""
    for target, entries in fold_targets.items():
        origin = seen.get(target, target)
        taken = fold_mod.Taken.of(_lf(read(origin)))
        for src, m in entries:
            try:
                spec = fold_mod.prepare(_lf(read(src)), src, m.anchor or "", m.title, taken, site.attr_list)
            except ValueError as exc:
                conflict(f"{m.describe()}: {exc}", m)
                continue
            for note in spec.notes:
                conflict(f"{m.describe()}: {note}", m, fatal=False)
            res.specs[src] = spec
            mapper.anchor[src] = spec.anchor
            mapper.ids[src] = spec.ids


_SEGMENT = re.compile(r"[^\s/()\[\]<>\"'#?=:|`*]+")
# what may be a link destination, each found by a pattern with a literal prefix (fast search)
_DEST_INLINE = re.compile(r"\]\([ \t]*<?([^)\s>]*)")
_DEST_REF = re.compile(r"\]:[ \t]*<?([^\s>]+)")
_DEST_HREF = re.compile(r"""href[ \t]*=[ \t]*["']?([^"'\s>]*)""")
_DEST_SRC = re.compile(r"""src[ \t]*=[ \t]*["']?([^"'\s>]*)""")
_DEST_ATTR_ANY_CASE = re.compile(r"""(?:href|src)[ \t]*=[ \t]*["']?([^"'\s>]*)""", re.I)
_DEST_AUTO = re.compile(r"<(https?://[^>\s]+)>")


def _dests(text: str) -> list[str]:
    out = _DEST_INLINE.findall(text) if "](" in text else []
    if "]:" in text:
        out += _DEST_REF.findall(text)
    if "=" in text:
        if "href" in text:
            out += _DEST_HREF.findall(text)
        if "src" in text:
            out += _DEST_SRC.findall(text)
        if "HREF" in text or "SRC" in text or "Href" in text or "Src" in text:
            out += _DEST_ATTR_ANY_CASE.findall(text)
    if "<http" in text:
        out += _DEST_AUTO.findall(text)
    return out


def _ancestors(folder: str) -> list[str]:
    out = [folder]
    while folder:
        folder = posixpath.dirname(folder)
        out.append(folder)
    return out


_PAIR = re.compile(r"([^\s/()\[\]<>\"'#?=:|`*]+)/(?=([^\s/()\[\]<>\"'#?=:|`*]+))")
_DOTS_ONLY = re.compile(r"""(?:\]\(|\]:[ \t]*|=\s*["']?|--8<--\s*["'])<?(?:\.\.?/?)+[)"'#?\s>]""")


class Prefilter:
    """Cheap tests that a file that did not move may link to a moved file.

    A link names the file it reaches by the last segment of its path: the file name, the page
    name without ``.md`` (URL style), or the folder of an index page. From a folder that is
    not (under) the moved file's folder, the link must also name that folder
    (``../f12/page.md``). Links made only of dots (``../``) can reach an index page without
    naming it: when an index page moves, they are always looked at. Names that need
    percent-encoding turn the filter off (every file and link is looked at).
    """

    def __init__(self, mapper: Mapper) -> None:
        self.entries: dict[str, list[tuple[str, str]]] = {}  # name -> [(pair substring, anchor folder)]
        self.by_folder: dict[str, set[str]] = {}  # anchor folder -> names
        self.pairs: set[str] = set()
        self._near: dict[str, frozenset[str]] = {}  # folder -> names moved from it or its ancestors
        self.index_moved = False
        self.off = False
        for old in mapper.new:
            folder = posixpath.dirname(old)
            parent = posixpath.basename(folder)
            base = posixpath.basename(old)
            stem, ext = posixpath.splitext(base)
            self._add(base, f"{parent}/{base}", folder)
            if ext in (".md", ".markdown"):
                self._add(stem, f"{parent}/{stem}", folder)
                if stem in ("index", "README") and folder:
                    self.index_moved = True
                    up = posixpath.dirname(folder)
                    self._add(parent, f"{posixpath.basename(up)}/{parent}", up)
        self.names = set(self.entries)
        if any(not re.fullmatch(r"[\w.\-~+,@!$&;]+", n) for n in self.names):
            self.off = True

    def _add(self, name: str, pair: str, folder: str) -> None:
        self.entries.setdefault(name, []).append((pair, folder))
        self.by_folder.setdefault(folder, set()).add(name)
        self.pairs.add(pair.lstrip("/"))

    def file(self, rel: str, text: str) -> bool:
        if self.off:
            return True
        if "8<" in text:  # snippet blocks: any line may name a file
            return self._by_words(rel, text)
        folder = posixpath.dirname(rel)
        near = self._near.get(folder)
        if near is None:
            near = self._near[folder] = frozenset().union(*(self.by_folder.get(f, ()) for f in _ancestors(folder)))
        names, pairs = self.names, self.pairs
        for dest in _dests(text):
            cut = len(dest)
            for ch in "?#":
                i = dest.find(ch)
                if 0 <= i < cut:
                    cut = i
            parts = dest[:cut].rstrip("/").rsplit("/", 2)
            seg = parts[-1]
            if seg in ("", ".", ".."):
                if self.index_moved:
                    return True
                continue
            if seg not in names:
                continue
            if len(parts) > 1 and f"{parts[-2]}/{seg}" in pairs:
                return True
            if seg in near:
                return True
        return False

    def _by_words(self, rel: str, text: str) -> bool:
        if self.index_moved and _DOTS_ONLY.search(text):
            return True
        hits = self.names.intersection(_SEGMENT.findall(text))
        if not hits:
            return False
        for folder in _ancestors(posixpath.dirname(rel)):
            near = self.by_folder.get(folder)
            if near is not None and not near.isdisjoint(hits):
                return True
        return any(f"{a}/{b}" in self.pairs for a, b in _PAIR.findall(text))

    def link(self, dest: str) -> bool:
        if self.off:
            return True
        cut = len(dest)
        for ch in "?#":
            i = dest.find(ch)
            if 0 <= i < cut:
                cut = i
        path = dest[:cut].rstrip("/")
        seg = path[path.rfind("/") + 1:]
        if ":" in seg:  # snippet line ranges
            seg = seg.split(":", 1)[0]
        return seg in self.names or seg in ("", ".", "..")


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


def redirect_rules(site: Site, res: Result, mapper: Mapper) -> None:
    """Add old URL -> new URL rules, point existing rules at the new URLs, drop rules whose
    source is a live page again."""
    pages_moved: dict[str, str] = {}  # old URL -> new URL (with #anchor for folds)
    live_new: set[str] = set()
    for old, new in mapper.new.items():
        if not site.is_page(old):
            continue
        anchor = mapper.anchor.get(old)
        if anchor:
            pages_moved[site.url_of(old)] = site.url_of(new) + "#" + anchor
        elif site.is_page(new) and site.url_of(new) != site.url_of(old):
            pages_moved[site.url_of(old)] = site.url_of(new)
            live_new.add(site.url_of(new))
    existing_sources: set[str] = set()
    target_file = res.redirect_file
    pending: dict[Path, str] = {}
    read_maps: dict[Path, str] = {}
    for path in rules_mod.map_files(site.redirects_dir):
        text = read_maps[path] = yamlsrc.read_text(path)
        root = yamledit.compose(text, str(path))
        edits: list[yamledit.Edit] = []
        for item, fields in yamledit.rule_items(root):
            src_node, to_node = fields.get("from"), fields.get("to")
            if src_node is None or to_node is None:
                continue
            raw_src = src_node.value
            src_key = canonical(raw_src) if not raw_src.endswith("*") else raw_src
            new_to = None
            tpath, _, frag = split_url(to_node.value)
            if tpath.startswith("/") and not tpath.endswith("*"):
                hit = pages_moved.get(canonical(tpath))
                if hit:
                    hpath, _, hfrag = hit.partition("#")
                    new_to = hpath + ("#" + (frag or hfrag) if (frag or hfrag) else "")
            final_to = new_to or to_node.value
            if src_key in live_new or canonical(split_url(final_to)[0]) == src_key:
                edits.append(yamledit.drop_item(text, item))
                res.rules_dropped.append(f"{path.name}:{item.start_mark.line + 1}: {raw_src} -> {to_node.value}")
                continue
            existing_sources.add(src_key)
            if new_to:
                edits.append(yamledit.replace_scalar(text, to_node, new_to))
        if edits:
            pending[path] = yamledit.apply_edits(text, edits)
        res.before[path] = text
    live_after = live_new | {site.url_of(f) for f in site.files if f not in mapper.new and site.is_page(f)}
    added = [(a, b) for a, b in pages_moved.items() if a not in existing_sources and a not in live_after]
    res.rules_added = added
    if added:
        current = pending.get(target_file, read_maps.get(target_file))
        if current is None and target_file.exists():
            current = yamlsrc.read_text(target_file)
        res.before.setdefault(target_file, current or "")
        pending[target_file] = yamledit.append_rules(current, str(target_file), added,
                                                     f"Redirects for the moves of plan '{res.plan.name}' (written by urlkeeper).")
    for path, text in pending.items():
        res.writes[path] = text.encode("utf-8")
    for path in list(res.before):
        if path not in res.writes:
            del res.before[path]
