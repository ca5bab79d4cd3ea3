"""The anchors of the pages MkDocs renders, as the plugin's inventory holds them, and what a
rebuild in the same process (`mkdocs serve`) remembers of them."""

from __future__ import annotations

from .. import html_scan

# Anchors of the pages as last read (only pages whose anchors were asked for: BuiltAnchors), by
# (anchor_ignore, URL): (length, hash of the HTML, anchors). `mkdocs serve` loads the plugin
# again for each rebuild in the same process; unchanged pages are not read again.
ANCHORS: dict[tuple[str | None, str], tuple[int, int, frozenset]] = {}

# Built files of pages rendered in this process -> whether the page was a real one (not a redirect
# page): a dirty rebuild need not read the pages it did not render to know.
REAL_PAGES: dict[str, bool] = {}


class BuiltAnchors:
    """The anchors of a page MkDocs rendered, read from its built file when first asked for.

    The check asks for the anchors of few pages (rule targets with a fragment, baseline URLs
    with an anchor, forwarded fragments); reading every page as it is rendered cost most of
    the plugin's time. The built file is the page's output as it was last changed (this plugin
    runs among the last), written before ``on_post_build``, where it is first asked for."""

    __slots__ = ("path", "ignore", "key", "stamp", "_found")

    def __init__(self, path: str, ignore, key: tuple, stamp: tuple | None = None):
        # stamp: what the HTML is, to tell it changed; (length, hash) of the text when read
        self.path, self.ignore, self.key, self.stamp = path, ignore, key, stamp
        self._found: frozenset | None = None

    def get(self) -> frozenset:
        if self._found is None:
            try:
                with open(self.path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
            except OSError:
                text = ""
            if self.stamp is None:
                self.stamp = (len(text), hash(text))
            self._found = frozenset(html_scan.anchors(text, self.ignore))
            ANCHORS[self.key] = (*self.stamp, self._found)
        return self._found

    def __contains__(self, anchor) -> bool:
        return anchor in self.get()

    def __iter__(self):
        return iter(self.get())

    def __len__(self) -> int:
        return len(self.get())

    def __eq__(self, other) -> bool:
        return self.get() == (other.get() if isinstance(other, BuiltAnchors) else other)

    __hash__ = None
