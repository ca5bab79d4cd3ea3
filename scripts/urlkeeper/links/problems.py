"""Problems of one page: what a link to a missing file is, and the details (link text, chrome or
content, HTML line) read at each problem's offset in one pass over the page."""

from __future__ import annotations

from ..inventory import page_url
from . import scan as scan_mod
from .site import SiteIndex

# Problem record (a tuple when cached, so it caches compactly):
# (code, href, target URL, why, link text, chrome?, HTML line, final URL)
P_CODE, P_HREF, P_TARGET, P_WHY, P_TEXT, P_CHROME, P_LINE, P_FINAL = range(8)


def missing(site: SiteIndex, path: str, href: str, tag: str) -> list:
    """The problem of a link to a file the site does not have."""
    alt = site.lookup_nocase(path)
    if alt is not None:
        return ["UK504", href, site.url_of(path), f"no such file; only {page_url(alt)} differs in case "
                "(works on case-insensitive hosts only)", "", 0, 0, site.url_of(page_url(alt))]
    if path.endswith(".md"):
        why = "no such page (the Markdown link names no documentation file, so MkDocs left it as it is)"
    elif tag in ("a", "area", "iframe") and (path.endswith("/") or path.endswith(".html")):
        why = "no such page in the site"
    else:
        why = "no such file in the site"
    return ["UK501", href, site.url_of(path), why, "", 0, 0, ""]


def add_details(text: str, problems: list, where: dict[str, int], region: tuple[int, int]) -> None:
    """Fill in link text, chrome-or-content and HTML line of each problem, in one pass over the
    page (problems in the order of their offsets; lines counted from the previous one)."""
    start, end = region
    line, counted = 1, 0
    for p in sorted(problems, key=lambda p: where.get(p[P_HREF], -1)):
        pos = where.get(p[P_HREF], -1)
        if pos < 0:
            continue
        p[P_TEXT] = scan_mod.link_text(text, pos)
        p[P_CHROME] = 0 if start <= pos < end else 1
        line += text.count("\n", counted, pos)
        counted = pos
        p[P_LINE] = 0 if p[P_CHROME] else line
