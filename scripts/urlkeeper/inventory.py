"""The URL inventory of a built site: every page URL and, per page, the anchors it offers.

Text format (sorted, one entry a line, diff-friendly; committed as a baseline)::

    # urlkeeper inventory v1
    /en/api/reference/
    /en/api/reference/#authentication
    /en/apps/overview/

A line is a page URL, or a page URL with a ``#fragment`` naming one of its anchors. Lines
starting with ``#`` are comments. A published site's ``sitemap.xml`` can be read too (URLs
only, no anchors).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from . import html_scan
from .errors import InputError
from .options import ANCHOR_IGNORE

HEADER = "# urlkeeper inventory v1"
DEFAULT_ANCHOR_IGNORE = ANCHOR_IGNORE.default
# Error pages exist as files but are not pages a reader can link to (/404.html, /en/404.html).
NOT_PAGE_NAME = "/404.html"


def is_page_file(name: str) -> bool:
    """Whether a built file of this name is a page (an HTML file other than ``404.html``)."""
    return name.endswith(".html") and name != NOT_PAGE_NAME[1:]


def other_files(site_dir: str | Path, skip: str | None = None) -> set[str]:
    """Site paths of the files of a built site that are not pages (no ``.html`` but
    ``404.html``): what :attr:`Inventory.files` holds. ``skip``: a top folder not walked."""
    site = Path(site_dir)
    out = set()
    for root, dirs, files in os.walk(site):
        if skip in dirs and root == str(site):
            dirs.remove(skip)
        for name in files:
            if not is_page_file(name):
                out.add("/" + Path(os.path.relpath(os.path.join(root, name), site)).as_posix())
    return out


def page_url(rel_path: str) -> str:
    """The URL of a built HTML file: ``en/x/index.html`` -> ``/en/x/``."""
    rel = rel_path.replace(os.sep, "/")
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


@dataclass(slots=True)
class Entry:
    """One line of an inventory file: a URL with an optional fragment, and where it stands."""

    url: str
    fragment: str
    file: str | None
    line: int

    @property
    def text(self) -> str:
        return f"{self.url}#{self.fragment}" if self.fragment else self.url


@dataclass
class Inventory:
    pages: dict[str, frozenset[str]] = field(default_factory=dict)
    # Site paths of the files that are not pages (stylesheets, images, 404.html), when the
    # inventory was read from a built site; hosts whose rules win over files need them.
    files: set[str] = field(default_factory=set)

    # ---- queries -------------------------------------------------------------------------
    def __contains__(self, url: str) -> bool:
        return url in self.pages

    def __len__(self) -> int:
        return len(self.pages)

    def resolve_page(self, path: str) -> str | None:
        """The live page a static host serves for ``path`` (no redirect rules), or None.

        Hosts serve ``x/index.html`` for ``x/`` and add the trailing slash to ``x``.
        """
        pages = self.pages
        if path in pages:
            return path
        if path.endswith("/index.html"):
            short = path[: -len("index.html")]
            if short in pages:
                return short
        elif not path.endswith("/") and path + "/" in pages:
            return path + "/"
        decoded = unquote(path)
        if decoded != path:
            return self.resolve_page(decoded)
        return None

    def anchors(self, url: str) -> frozenset[str]:
        return self.pages.get(url, frozenset())

    def has_anchor(self, url: str, fragment: str) -> bool:
        if not fragment or fragment == "top":
            return True
        anchors = self.pages.get(url, frozenset())
        return fragment in anchors or unquote(fragment) in anchors

    # ---- building ------------------------------------------------------------------------
    def add(self, url: str, anchors: Iterable[str] = ()) -> None:
        self.pages[url] = frozenset(anchors) | self.pages.get(url, frozenset())

    @classmethod
    def from_pages(cls, pages: Iterable[tuple[str, str]], anchor_ignore: str | None = DEFAULT_ANCHOR_IGNORE) -> "Inventory":
        """From ``(url, html)`` pairs, e.g. the pages MkDocs holds in memory."""
        ignore = re.compile(anchor_ignore) if anchor_ignore else None
        inv = cls()
        for url, text in pages:
            if url.endswith(NOT_PAGE_NAME) or html_scan.is_redirect_page(text):
                continue
            inv.pages[url] = frozenset(html_scan.anchors(text, ignore))
        return inv

    @classmethod
    def from_site(cls, site_dir: str | Path, anchor_ignore: str | None = DEFAULT_ANCHOR_IGNORE) -> "Inventory":
        site = Path(site_dir)
        if not site.is_dir():
            raise InputError(f"site directory {site} does not exist (build the site first)")

        other: set[str] = set()

        def gen() -> Iterator[tuple[str, str]]:
            for root, dirs, files in os.walk(site):
                dirs.sort()
                for name in sorted(files):
                    rel = "/" + Path(os.path.relpath(os.path.join(root, name), site)).as_posix()
                    if not is_page_file(name):
                        other.add(rel)
                    else:
                        with open(os.path.join(root, name), encoding="utf-8", errors="replace") as fh:
                            yield page_url(rel[1:]), fh.read()

        inv = cls.from_pages(gen(), anchor_ignore)
        inv.files = other
        return inv

    @classmethod
    def from_sitemap(cls, path: str | Path, site_url: str | None = None) -> "Inventory":
        """Page URLs from a ``sitemap.xml`` (no anchors), made site-relative."""
        try:
            tree = ET.parse(path)
        except (ET.ParseError, OSError) as exc:
            line = getattr(exc, "position", (None,))[0]
            raise InputError(f"cannot read sitemap: {exc}", str(path), line) from None
        base = urlsplit(site_url).path.rstrip("/") if site_url else ""
        inv = cls()
        for el in tree.iter():
            if el.tag.rsplit("}", 1)[-1] == "loc" and el.text:
                p = urlsplit(el.text.strip()).path or "/"
                if base and p.startswith(base + "/"):
                    p = p[len(base):]
                inv.add(p)
        return inv

    # ---- text format ---------------------------------------------------------------------
    def to_text(self) -> str:
        lines = [HEADER]
        for url in sorted(self.pages):
            lines.append(url)
            lines.extend(f"{url}#{a}" for a in sorted(self.pages[url]))
        return "\n".join(lines) + "\n"

    def write(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(self.to_text(), encoding="utf-8")

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> "Inventory":
        pages: dict[str, set[str]] = {}
        for e in entries:
            s = pages.setdefault(e.url, set())
            if e.fragment:
                s.add(e.fragment)
        return cls({u: frozenset(a) for u, a in pages.items()})

    @classmethod
    def read(cls, path: str | Path) -> "Inventory":
        """Read an inventory file (a fast path of :func:`read_entries` for large files)."""
        name = str(path)
        text = _read_text(path)
        pages: dict[str, list[str]] = {}
        for number, line in enumerate(text.split("\n"), 1):
            if not line or line[0] != "/":
                line = line.strip()
                if not line or line[0] == "#":
                    continue
                if line[0] != "/":
                    raise InputError(f"expected a site-relative URL starting with '/', got {line!r}", name, number)
            url, sep, fragment = line.partition("#")
            anchors = pages.get(url)
            if anchors is None:
                anchors = pages[url] = []
            if fragment:
                anchors.append(fragment)
        return cls({u: frozenset(a) for u, a in pages.items()})


def read_entries(path: str | Path) -> list[Entry]:
    """The entries of an inventory or baseline file, each with its line number."""
    return parse_entries(_read_text(path), str(path))


def _read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", str(path)) from None


_SPACE = re.compile(r"\s")


def parse_entries(text: str, name: str | None = None) -> list[Entry]:
    entries: list[Entry] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("/") or _SPACE.search(line):
            raise InputError(f"expected a site-relative URL starting with '/', got {line!r}", name, number)
        url, _, fragment = line.partition("#")
        entries.append(Entry(url, fragment, name, number))
    return entries
