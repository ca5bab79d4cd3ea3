"""The extractor: links and anchors of a rendered HTML page, as a browser reads them.

:mod:`..html_tokens` tokenizes the page exactly (quoted ``>``, raw-text elements, SVG, ``<base>``);
this module turns its result into a :class:`Page` and finds, for reporting, the link text and
whether a link sits in the theme's chrome or in the page's content.
"""

from __future__ import annotations

import html
import re

from .. import html_tokens
from ..html_scan import REDIRECT_GENERATOR

_REFRESH_URL = re.compile(r"^\s*\d*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", re.I)


class Page:
    """What a page offers and what it links to."""

    __slots__ = ("anchors", "links", "base", "redirect", "generated_redirect")

    def __init__(self):
        self.anchors: set[str] = set()
        self.links: list[tuple[str, str, str, int]] = []  # (url, element, attribute, offset of the tag)
        self.base: str | None = None  # <base href>
        self.redirect: str | None = None  # meta refresh target, for redirect pages
        self.generated_redirect = False  # written by urlkeeper (generator mark)


def scan(text: str) -> Page:
    """Links and anchors of ``text``, which must be :func:`..html_tokens.normalize` d (offsets
    refer to it)."""
    found = html_tokens.scan(text)
    page = Page()
    page.anchors = found.anchors
    page.links = found.links
    page.base = found.base
    for key, content in found.metas:
        if key == "generator" and content == REDIRECT_GENERATOR:
            page.generated_redirect = True
        elif key == "refresh" and page.redirect is None:
            m = _REFRESH_URL.match(content)
            target = m.group(1).strip() if m else ""
            if target:
                page.redirect = target
    return page


# ---- details for reporting (only for pages with problems) -------------------------------------
# Where the content starts, most specific first (Material's <main> also holds the navigation
# sidebars; Read the Docs' rst-content also holds the breadcrumbs).
_CONTENT_STARTS = [re.compile(p, re.I) for p in (
    r'<article\b[^>]*class="[^"]*md-content__inner', r'<div\b[^>]*role="main"', r"<main\b", r"<article\b",
    r'<div\b[^>]*class="[^"]*\b(?:rst-content|document|body)\b',
)]
_CONTENT_END = re.compile(r"</article\s*>|<footer\b|</main\s*>", re.I)
_TAG_STRIP = re.compile(r"<[^>]*>")


def content_region(text: str) -> tuple[int, int]:
    """The offsets of the page's content (what its Markdown source produced), as opposed to the
    theme's chrome (header, navigation, table of contents, footer). The whole page when unknown."""
    for pattern in _CONTENT_STARTS:
        m = pattern.search(text)
        if m:
            break
    else:
        return 0, len(text)
    start = m.start()
    end = _CONTENT_END.search(text, m.end())
    return start, end.start() if end else len(text)


LINK_TEXT_WINDOW = 4096  # how far the end of a link's text is looked for (keeps the work per link bounded)


def link_text(text: str, tag_start: int) -> str:
    """The text of the element whose start tag is at ``tag_start`` (alt text for images)."""
    tag = html_tokens.tag_at(text, tag_start)
    if tag is None:
        return ""
    name, attrs, end = tag
    if name != "a":
        return " ".join(attrs.get("alt", "").split())
    close = text.find("</a", end, end + LINK_TEXT_WINDOW)
    if close < 0:
        return ""
    inner = _TAG_STRIP.sub(" ", text[end: close])
    return " ".join(html.unescape(inner).split())[:200]
