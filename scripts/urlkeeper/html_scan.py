"""Fast, dependency-free scanning of rendered HTML: anchors (ids) and the generator mark.

Rendered pages are machine-written and ``<`` in text is always escaped, so every ``<``
followed by a tag name opens a tag. The MkDocs plugin scans each page as it is rendered, so
the scan is built from searches the regex engine runs at C speed (patterns that start with a
literal): the page is lower-cased once (attribute names match in any case), scripts, styles,
templates and comments are located, then each ``id=`` and ``name=`` is kept when it stands
inside a tag (the nearest ``<`` before it is nearer than the nearest ``>``), after white space,
outside those regions, and, for ``name``, on an ``<a>`` element. That is up to twice as
fast as matching every tag of a page and visiting each in Python.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SKIP_OPEN = re.compile(r"<(?:(!--)|(script|style|template)(?=[\s>/]))")
_ID_ATTR = re.compile(r"id\s*=\s*")
_NAME_ATTR = re.compile(r"name\s*=\s*")
_SPACE = frozenset(" \t\n\r\f")
_TAG_NAME = re.compile(r"<([a-z][a-z0-9-]*)\s")
_UNQUOTED = re.compile(r"""[^\s"'=<>`]+""")

REDIRECT_GENERATOR = "urlkeeper-redirect"
_GENERATOR = re.compile(r'<meta\s+name="generator"\s+content="' + REDIRECT_GENERATOR + '"', re.I)


def _lower(text: str) -> str:
    """Lower case with every character in its place (``str.lower`` lengthens a few, such as İ)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def _skipped(low: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of the comments, scripts, styles and templates, in order."""
    starts: list[int] = []
    ends: list[int] = []
    end = 0
    for m in _SKIP_OPEN.finditer(low):
        if m.start() < end:
            continue  # inside the region just skipped
        if m.group(1):
            close = low.find("-->", m.end())
            end = len(low) if close < 0 else close + 3
        else:
            close = low.find("</" + m.group(2), m.end())
            gt = -1 if close < 0 else low.find(">", close)
            end = len(low) if gt < 0 else gt + 1  # an unclosed script runs to the end, as in a browser
        starts.append(m.start())
        ends.append(end)
    return starts, ends


def anchors(text: str, ignore: re.Pattern | None = None) -> set[str]:
    """The fragment targets a page offers: every ``id``, and ``name`` on ``<a>`` elements."""
    low = _lower(text)
    starts, ends = _skipped(low)
    found: set[str] = set()
    for pattern in (_ID_ATTR, _NAME_ATTR):
        for m in pattern.finditer(low):
            at = m.start()
            if at == 0 or low[at - 1] not in _SPACE:
                continue  # data-id=, valid=: part of another word
            i = bisect_right(starts, at) - 1
            if i >= 0 and at < ends[i]:
                continue  # inside a script, style, template or comment
            lt = low.rfind("<", 0, at)
            if lt < 0 or low.rfind(">", lt, at) >= 0:
                continue  # in text, not in a tag
            tag = _TAG_NAME.match(low, lt)
            if tag is None or (pattern is _NAME_ATTR and tag.group(1) != "a"):
                continue
            start = m.end()
            quote = text[start:start + 1]
            if quote == '"' or quote == "'":
                stop = text.find(quote, start + 1)
                if stop < 0:
                    continue
                value = text[start + 1:stop]
            else:
                bare = _UNQUOTED.match(text, start)
                if bare is None:
                    continue
                value = bare.group(0)
            if "&" in value:
                value = html.unescape(value)
            if value and (ignore is None or not ignore.search(value)):
                found.add(value)
    return found


def is_redirect_page(text: str) -> bool:
    """True for the HTML redirect pages that urlkeeper writes (they are not live pages)."""
    return _GENERATOR.search(text[:2048]) is not None
