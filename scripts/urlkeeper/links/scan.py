"""The extractor: links and anchors of a rendered HTML page, in one fast regex pass.

Rendered pages are machine-written and text content is HTML-escaped (``<`` is ``&lt;``), so
every ``<`` outside scripts, styles, templates and comments starts a real tag: a tag scanner
is exact and several times faster than building a DOM. One ``findall`` yields every tag with
its attribute string; only the attributes that carry URLs or anchors are parsed further.
"""

from __future__ import annotations

import html
import re

from ..html_scan import REDIRECT_GENERATOR

# Comments, scripts (whose src still counts), styles and templates are skipped as a whole.
_TAGS = re.compile(
    r"<!--.*?-->|<(script|style|template)\b([^>]*)>.*?</\1\s*>|<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)>",
    re.S | re.I,
)
_ATTR = re.compile(
    r"""\s(id|name|href|src|srcset|poster|rel|content|http-equiv)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
    re.I,
)
# Which attribute of which element is a link (the elements of the issue, plus area/embed/track).
LINK_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"),
    "script": ("src",), "source": ("src", "srcset"), "iframe": ("src",), "video": ("src", "poster"),
    "audio": ("src",), "embed": ("src",), "track": ("src",),
}
# <link rel=...> values that name no resource to check.
_NOT_RESOURCES = {"preconnect", "dns-prefetch"}
_REFRESH_URL = re.compile(r"^\s*\d*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", re.I)


class Page:
    """What a page offers and what it links to."""

    __slots__ = ("anchors", "links", "base", "redirect", "generated_redirect")

    def __init__(self):
        self.anchors: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (url, element, attribute)
        self.base: str | None = None  # <base href>
        self.redirect: str | None = None  # meta refresh target, for redirect pages
        self.generated_redirect = False  # written by urlkeeper (generator mark)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (``a.png 1x, b.png 2x``)."""
    out = []
    for part in value.split(","):
        part = part.strip()
        if part:
            out.append(part.split()[0])
    return out


def scan(text: str) -> Page:
    page = Page()
    anchors = page.anchors
    links = page.links
    meta_refresh = None
    for script, script_attrs, tag, attrs in _TAGS.findall(text):
        if script:
            if script.lower() == "script" and "src" in script_attrs:
                for kind, v1, v2, v3 in _ATTR.findall(script_attrs):
                    if kind.lower() == "src":
                        links.append((_value(v1, v2, v3), "script", "src"))
            continue
        # Cheap pre-filter: most tags carry only class/style/aria attributes.
        if not attrs or not ("id" in attrs or "href" in attrs or "src" in attrs or "name" in attrs or "equiv" in attrs
                             or "ID" in attrs or "HREF" in attrs or "SRC" in attrs or "NAME" in attrs or "EQUIV" in attrs):
            continue
        tag = tag.lower()
        wanted = LINK_ATTRS.get(tag)
        found = _ATTR.findall(attrs)
        if not found:
            continue
        rel = None
        before = len(links)
        for kind, v1, v2, v3 in found:
            kind = kind.lower()
            if kind == "id":
                value = _value(v1, v2, v3)
                if value:
                    anchors.add(value)
            elif kind == "name":
                if tag == "a":
                    value = _value(v1, v2, v3)
                    if value:
                        anchors.add(value)
                elif tag == "meta" and _value(v1, v2, v3) == "generator":
                    for k2, w1, w2, w3 in found:
                        if k2.lower() == "content" and _value(w1, w2, w3) == REDIRECT_GENERATOR:
                            page.generated_redirect = True
            elif kind == "http-equiv":
                if tag == "meta" and _value(v1, v2, v3).lower() == "refresh":
                    for k2, w1, w2, w3 in found:
                        if k2.lower() == "content":
                            meta_refresh = _value(w1, w2, w3)
            elif kind == "rel":
                rel = _value(v1, v2, v3).lower()
            elif wanted and kind in wanted:
                value = _value(v1, v2, v3)
                if kind == "srcset":
                    for url in srcset_urls(value):
                        links.append((url, tag, kind))
                else:
                    links.append((value, tag, kind))
        if tag == "link" and rel and len(links) > before and _NOT_RESOURCES.intersection(rel.split()):
            del links[before:]
        elif tag == "base" and page.base is None:
            for kind, v1, v2, v3 in found:
                if kind.lower() == "href":
                    page.base = _value(v1, v2, v3)
    if meta_refresh is not None:
        m = _REFRESH_URL.match(meta_refresh)
        target = m.group(1).strip() if m else ""
        if target:
            page.redirect = target
    return page


def _value(v1: str, v2: str, v3: str) -> str:
    value = v1 or v2 or v3
    if "&" in value:
        value = html.unescape(value)
    return value.strip()


# ---- details for reporting (only for pages with problems) -------------------------------------
_CONTENT_START = re.compile(
    r'<article\b[^>]*class="[^"]*md-content__inner|<div\b[^>]*role="main"|<main\b|<article\b|<div\b[^>]*class="[^"]*\b(?:rst-content|document|body)\b',
    re.I,
)
_CONTENT_END = re.compile(r"</article\s*>|<footer\b|</main\s*>", re.I)
_TAG_STRIP = re.compile(r"<[^>]*>")
_A_TAG = re.compile(r"<a\s", re.I)


def content_region(text: str) -> tuple[int, int]:
    """The offsets of the page's content (what its Markdown source produced), as opposed to the
    theme's chrome (header, navigation, table of contents, footer). The whole page when unknown."""
    m = _CONTENT_START.search(text)
    if not m:
        return 0, len(text)
    start = m.start()
    end = _CONTENT_END.search(text, m.end())
    return start, end.start() if end else len(text)


def occurrences(text: str, value: str) -> list[int]:
    """Offsets of the tags whose attribute is exactly ``value`` (as written, or HTML-escaped)."""
    out = []
    forms = {value, html.escape(value, quote=True), value.replace("&", "&amp;")}
    for form in forms:
        for quote in ('"', "'"):
            needle = f"={quote}{form}{quote}"
            i = text.find(needle)
            while i >= 0:
                out.append(text.rfind("<", 0, i))
                i = text.find(needle, i + 1)
        if form and not any(c in form for c in " \t\n\"'=<>`"):  # unquoted, as minifiers write it
            needle = "=" + form
            i = text.find(needle)
            while i >= 0:
                after = text[i + len(needle): i + len(needle) + 1]
                lt = text.rfind("<", 0, i)
                if after in (" ", "\t", "\n", ">", "/") and lt > text.rfind(">", 0, i):
                    out.append(lt)
                i = text.find(needle, i + 1)
    return sorted(set(out))


def link_text(text: str, tag_start: int) -> str:
    """The text of the element starting at ``tag_start`` (alt text for images)."""
    end = text.find(">", tag_start)
    if end < 0:
        return ""
    head = text[tag_start:end]
    if not _A_TAG.match(head):
        m = re.search(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)')""", head)
        return html.unescape(m.group(1) or m.group(2) or "").strip() if m else ""
    close = text.find("</a", end)
    if close < 0:
        return ""
    inner = _TAG_STRIP.sub(" ", text[end + 1: close])
    return " ".join(html.unescape(inner).split())[:200]
