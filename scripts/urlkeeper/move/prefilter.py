"""Cheap tests that a file that did not move may link to a moved file (see :class:`Prefilter`)."""

from __future__ import annotations

import posixpath
import re

from .model import Mapper


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
