"""Fast, dependency-free scanning of rendered HTML: anchors (ids) and the generator mark.

Rendered pages are machine-written, so a tag scanner is exact enough and several times
faster than building a DOM: text content is HTML-escaped, so ``id="`` can only occur inside
a tag. Scripts, styles, templates and comments are cut first.
"""

from __future__ import annotations

import html
import re

_SKIP = re.compile(
    r"<!--.*?-->|<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<template\b[^>]*>.*?</template\s*>",
    re.S | re.I,
)
_TAG_WITH_ID = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)>", re.S)
_ATTR = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)

REDIRECT_GENERATOR = "urlkeeper-redirect"
_GENERATOR = re.compile(r'<meta\s+name="generator"\s+content="' + REDIRECT_GENERATOR + '"', re.I)


def strip_unscanned(text: str) -> str:
    return _SKIP.sub(" ", text)


def anchors(text: str, ignore: re.Pattern | None = None) -> set[str]:
    """The fragment targets a page offers: every ``id``, and ``name`` on ``<a>`` elements."""
    text = strip_unscanned(text)
    found: set[str] = set()
    for m in _TAG_WITH_ID.finditer(text):
        attrs = m.group(2)
        if "id" not in attrs and "name" not in attrs:
            continue
        tag = m.group(1).lower()
        for a in _ATTR.finditer(attrs):
            kind = a.group(1).lower()
            if kind == "name" and tag != "a":
                continue
            value = a.group(2) if a.group(2) is not None else a.group(3) if a.group(3) is not None else a.group(4)
            if "&" in value:
                value = html.unescape(value)
            if value and (ignore is None or not ignore.search(value)):
                found.add(value)
    return found


def is_redirect_page(text: str) -> bool:
    """True for the HTML redirect pages that urlkeeper writes (they are not live pages)."""
    return _GENERATOR.search(text[:2048]) is not None
