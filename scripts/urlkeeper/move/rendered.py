"""Where every rendered link of a built site lands, by content rather than by name, so that
two builds (before and after a move plan) can be compared.

A link's target is the element it reaches after redirect pages are followed: for
``page/#id`` the element with that id, for ``page/`` the page's first heading. An element is
known by its text and the words that follow it (footnote markers are known by the words
before them, their number changes when footnotes are renumbered), so a heading that moved
to another page, got a new id or a new level is still the same target, and a host's
``Overview`` is not the folded page's ``Overview``. Links of the theme (outside the content,
permalinks of headings excluded) and the "edit this page" button are left out.

Used by the fold acceptance test and by ``benchmarks/corpus_moves.py``.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections import Counter

from ..links.scan import scan as scan_page
from ..links.site import EXTERNAL, INTERNAL, SAME, SiteIndex, page_dir

_A = re.compile(r"<(a|img)\b([^>]*)>", re.I)
_HREF = re.compile(r"""\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_CLASS = re.compile(r"""\sclass\s*=\s*["']([^"']*)["']""", re.I)
_TAG = re.compile(r"<[^>]*>")
_SUP = re.compile(r"<sup\b[^>]*>.*?</sup>|<a\b[^>]*class=\"(?:headerlink|footnote-backref)\"[^>]*>.*?</a>", re.S | re.I)
_H1 = re.compile(r"<h1\b[^>]*>", re.I)
_SKIP_CLASSES = ("md-content__button", "md-source")


_STOP = re.compile(r"<h[1-6]\b|<div\b[^>]*class=\"footnote\"", re.I)


_MAIN = (re.compile(r'<article\b[^>]*class="[^"]*md-content__inner'), re.compile(r'<div\b[^>]*role="main"'),
         re.compile(r"<main\b"), re.compile(r"<article\b"))
_MAIN_END = re.compile(r"</article\s*>|<footer\b|</main\s*>", re.I)


def content_region(text: str) -> tuple[int, int]:
    """The page's content (Material's article, the mkdocs theme's main column), not its chrome."""
    for pattern in _MAIN:
        m = pattern.search(text)
        if m:
            end = _MAIN_END.search(text, m.end())
            return m.start(), end.start() if end else len(text)
    return 0, len(text)


def _section(text: str, start: int, end: int) -> str:
    """The text from ``start`` up to the next heading or the footnotes (at most 3000 chars)."""
    end = min(end, start + 3000)
    stop = _STOP.search(text, start, end)
    return text[start:stop.start() if stop else end]


def _words(fragment: str, n: int = 12, last: bool = False) -> str:
    text = html.unescape(_TAG.sub(" ", _SUP.sub(" ", fragment)))
    words = text.split()
    return " ".join(words[-n:] if last else words[:n])


class Built:
    """A built site folder: its pages, their ids, and where a link lands."""

    def __init__(self, site_dir: str | os.PathLike, site_url: str | None = None):
        self.index = SiteIndex(site_dir, site_url)
        self.index.walk()
        self.texts: dict[str, str] = {}
        self.pages: dict = {}
        for rel in self.index.files:
            if rel.endswith(".html"):
                text = open(os.path.join(self.index.root, rel), encoding="utf-8", errors="replace").read()
                page = scan_page(text)
                if page.redirect:
                    self.index.redirects[rel] = page.redirect
                else:
                    self.texts[rel] = text
                    self.pages[rel] = page

    def element(self, rel: str, frag: str) -> tuple:
        """What ``rel#frag`` shows: the words after a heading (its text may change: a folded
        page's title becomes a section title), the words from any other element on, the
        words before a footnote marker."""
        text = self.texts[rel]
        a, b = content_region(text)
        if not frag:
            m = _H1.search(text, a, b)
            pos = m.start() if m else a
        else:
            m = re.search(r"""\s(?:id|name)\s*=\s*["']%s["']""" % re.escape(html.escape(frag, quote=True)), text)
            if not m:
                return ("missing", frag)
            pos = text.rfind("<", 0, m.start())
        tag = re.match(r"<([a-zA-Z0-9]+)", text[pos:])
        name = tag.group(1).lower() if tag else ""
        if name == "sup":
            chunk = text[max(a, pos - 2000):pos]
            cut = max(chunk.rfind("</h"), chunk.rfind("<p"), chunk.rfind("<li"))
            return ("before", _words(chunk[cut:] if cut >= 0 else chunk, 8, last=True))
        if re.fullmatch(r"h[1-6]", name):
            close = text.find(f"</{name}", pos)
            return ("after", _words(_section(text, close, b)))
        if name in ("li", "p", "div", "span", "td", "dt", "dd", "section", "details", "figure"):
            close = text.find(f"</{name}", pos)
            return ("at", _words(text[pos:close if close > 0 else pos + 3000]))
        return ("at", _words(_section(text, pos, b)))

    def target(self, rel: str, href: str) -> tuple:
        kind, path, frag = self.index.classify(page_dir(rel), html.unescape(href))
        if kind == EXTERNAL:
            return ("ext", href)
        if kind == SAME:
            return self.element(rel, frag)
        if kind != INTERNAL:
            return ("skip", href)
        hops = 0
        f = self.index.lookup(path)
        while f is not None and f in self.index.redirects and hops < 5:
            kind, path, rfrag = self.index.classify(page_dir(f), self.index.redirects[f])
            frag = frag or rfrag
            f = self.index.lookup(path) if kind == INTERNAL else None
            hops += 1
        if f is None:  # broken before and after counts as the same target (both answer 404)
            return ("broken", posixpath.basename(path.rstrip("/")).lower())
        if f in self.texts:
            return self.element(f, frag)
        return ("file", os.path.basename(f), self.index.files[f][1])

    def links(self) -> Counter:
        """(page-independent link text, target) of every link in every page's content."""
        out: Counter = Counter()
        for rel, text in self.texts.items():
            a, b = content_region(text)
            for m in _A.finditer(text, a, b):
                attrs = m.group(2)
                cls = _CLASS.search(attrs)
                if cls and any(c in cls.group(1) for c in _SKIP_CLASSES):
                    continue
                h = _HREF.search(attrs)
                if not h:
                    continue
                href = h.group(2) if h.group(2) is not None else h.group(3)
                label = _link_label(text, m)
                out[(label, self.target(rel, href))] += 1
        return out


def _link_label(text: str, m: re.Match) -> str:
    if m.group(1).lower() == "img":
        alt = re.search(r"""\salt\s*=\s*["']([^"']*)["']""", m.group(2))
        return "img:" + (alt.group(1) if alt else "")
    close = text.find("</a", m.end())
    inner = text[m.end():close] if close >= 0 else ""
    cls = _CLASS.search(m.group(2))
    if cls and "footnote-ref" in cls.group(1):
        return "footnote-ref"
    if cls and "footnote-backref" in cls.group(1):
        return "footnote-backref"
    return " ".join(html.unescape(_TAG.sub(" ", inner)).split())[:80]


def compare(before: Counter, after: Counter) -> tuple[int, int, list]:
    """(links compared, links whose target changed, up to 50 examples)."""
    lost = before - after
    gained = after - before
    changed = sum(lost.values())
    examples = []
    for (label, tgt), n in list(lost.items())[:50]:
        other = [t for (lab, t) in gained if lab == label][:1]
        examples.append((label, tgt, other[0] if other else None))
    return sum(before.values()), changed, examples
