"""Anchors (ids) of rendered HTML and the mark of urlkeeper's own redirect pages.

The MkDocs plugin reads each page's anchors as the page is rendered; the reading is the exact
tokenizer of :mod:`.html_tokens` (a quoted ``>`` in an attribute, ``<textarea>``, ``<script>``
and the other raw-text elements are read as a browser reads them).
"""

from __future__ import annotations

import re

from . import html_tokens

REDIRECT_GENERATOR = "urlkeeper-redirect"
_GENERATOR = re.compile(r'<meta\s+name="generator"\s+content="' + REDIRECT_GENERATOR + '"', re.I)


def anchors(text: str, ignore: re.Pattern | None = None) -> set[str]:
    """The fragment targets a page offers: every ``id``, and ``name`` on ``<a>`` elements, as a
    browser parses the page (see :mod:`.html_tokens`)."""
    found = html_tokens.scan(html_tokens.normalize(text), links=False).anchors
    if ignore is None:
        return found
    return {a for a in found if not ignore.search(a)}


def is_redirect_page(text: str) -> bool:
    """True for the HTML redirect pages that urlkeeper writes (they are not live pages)."""
    return _GENERATOR.search(text, 0, 2048) is not None
