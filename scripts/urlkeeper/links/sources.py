"""Map a link of a built page back to its Markdown source file and line.

MkDocs pages carry no source map, so the link is looked up in the page's Markdown file: by its
URL as written, by the Markdown form of the same target (``../y/#a`` was ``y.md#a``), by its
fragment and by its text. Links not in the source (theme chrome) are reported once, at the
theme template that holds them when one of the configured template folders does.
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote


class SourceMap:
    def __init__(self, docs_dir: str | os.PathLike | None, root: str | os.PathLike | None = None,
                 template_dirs: list[str | os.PathLike] | None = None):
        self.docs_dir = Path(docs_dir) if docs_dir else None
        self.root = Path(root) if root else None
        self.template_dirs = [Path(d) for d in (template_dirs or []) if d and Path(d).is_dir()]
        self._lines: dict[str, list[str] | None] = {}
        self._scans: dict[str, int] = {}  # source -> lines read by line-by-line searches in it
        self._shown: dict[str, str] = {}
        self._index: dict[str, dict[str, list[int]]] = {}  # source -> link destination form -> lines
        self._templates: list[tuple[str, list[tuple[str, int]]]] | None = None
        self.base_path = ""  # the path of site_url, which rendered targets carry
        self.pages: dict[str, str] = {}  # built file -> Markdown source, as the MkDocs plugin saw the pages
        self._posts: dict[str, str] | None = None

    # ---- page -> source file ---------------------------------------------------------------
    def source_of(self, rel: str) -> str | None:
        """The Markdown source (relative to docs_dir) of the built file ``rel``, or None."""
        if not self.docs_dir:
            return None
        return self.pages.get(rel) or _source_of(str(self.docs_dir), rel) or self._blog_posts().get(rel)

    def _blog_posts(self) -> dict[str, str]:
        """Built file -> Markdown source of blog posts, whose URLs come from their front matter
        (read from the blog settings of ``mkdocs.yml`` in the project root, when there is one)."""
        if self._posts is None:
            self._posts = {}
            config = self.root / "mkdocs.yml" if self.root else None
            if config and config.is_file():
                from .. import blog
                from ..errors import InputError

                try:
                    settings = blog.load_settings(config)
                    urls = blog.post_urls(settings, blog.read_posts(self.docs_dir, settings))
                except InputError:
                    urls = {}  # the source map is a convenience: the build reports bad posts
                self._posts = {url.lstrip("/") + "index.html": src for src, url in urls.items()}
        return self._posts

    def display(self, src: str) -> str:
        """How a source file is named in reports: relative to the project root when possible."""
        shown = self._shown.get(src)
        if shown is None:
            shown = self._shown[src] = self.display_path(self.docs_dir / src if self.docs_dir else Path(src))
        return shown

    def lines(self, src: str) -> list[str] | None:
        if src not in self._lines:
            try:
                self._lines[src] = (self.docs_dir / src).read_text(encoding="utf-8", errors="replace").splitlines()
            except (OSError, TypeError):
                self._lines[src] = None
        return self._lines[src]

    # ---- link -> line -------------------------------------------------------------------------
    def find_line(self, src: str, href: str, text: str = "", nth: int = 0) -> int | None:
        """The line of ``src`` that holds the link. Links are looked for line by line (scored by
        URL forms and link text) until ``SCAN_BUDGET`` lines of the file have been read; then in
        an index of the file's link destinations, so 100,000 broken links cost linear time."""
        lines = self.lines(src)
        if not lines:
            return None
        done = self._scans.get(src, 0)
        if done + len(lines) <= SCAN_BUDGET:
            self._scans[src] = done + len(lines)
            return best_line(lines, href, text, nth)
        index = self._index.get(src)
        if index is None:
            index = self._index[src] = destinations(lines)
        for form in _md_forms(href):
            hits = index.get(form)
            if hits:
                return hits[min(nth, len(hits) - 1)]
        return None

    # ---- chrome -> template -------------------------------------------------------------------
    def template_of(self, href: str, target: str) -> tuple[str | None, int | None]:
        """The template file and line that hold a chrome link, when a template folder has it:
        an ``href``/``src`` attribute whose value is the link (see :func:`template_links`),
        never a mere substring of the template (``/de/`` is not in ``hide``)."""
        if not self.template_dirs:
            return None, None
        if self._templates is None:
            self._templates = []
            for d in self.template_dirs:
                for path in sorted(d.rglob("*.html")):
                    try:
                        text = path.read_text(encoding="utf-8", errors="replace")
                    except OSError:
                        continue
                    self._templates.append((self.display_path(path), template_links(text)))
        if self.base_path and target.startswith(self.base_path + "/"):
            target = target[len(self.base_path):]  # templates name site paths, below site_url's path
        wanted = {n for n in (href, target, target.lstrip("/"), target.strip("/")) if n and n not in ("/", ".")}
        for name, links in self._templates:
            for value, number in links:
                if value in wanted:
                    return name, number
        return None, None

    def display_path(self, path: Path) -> str:
        if self.root:
            try:
                return path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()


@lru_cache(maxsize=65536)
def _source_of(docs_dir: str, rel: str) -> str | None:
    """``en/x/index.html`` -> ``en/x.md`` | ``en/x/index.md`` | ``en/x/README.md``; ``en/y.html`` -> ``en/y.md``."""
    cands = []
    if rel.endswith("index.html"):
        d = rel[: -len("index.html")].rstrip("/")
        if d:
            cands.append(d + ".md")
        cands += [posixpath.join(d, "index.md"), posixpath.join(d, "README.md"), posixpath.join(d, "readme.md")]
    elif rel.endswith(".html"):
        cands.append(rel[: -len(".html")] + ".md")
    for c in cands:
        if os.path.isfile(os.path.join(docs_dir, c)):
            return c
    return None


_TEMPLATE_ATTR = re.compile(r"""[\s"'](?:href|src|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
# The URL of a template attribute written with Jinja's URL helpers: {{ 'x/' | url }}, {{ base_url }}/x/.
_JINJA_URL = re.compile(r"""^\{\{-?\s*(?:(["'])(.*?)\1\s*\|\s*url\s*|base_url\s*-?\}\}/?(.*)$)""")


def template_links(text: str) -> list[tuple[str, int]]:
    """(URL, line) of every ``href``/``src`` attribute of a theme template: literal values as
    written, and the path inside ``{{ 'path' | url }}`` or after ``{{ base_url }}/``."""
    out = []
    line, counted = 1, 0
    for m in _TEMPLATE_ATTR.finditer(text):
        value = m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3)
        line += text.count("\n", counted, m.start())
        counted = m.start()
        if "{" in value:
            j = _JINJA_URL.match(value)
            if j is None:
                continue  # computed at build time: cannot be matched to a rendered URL
            value = j.group(2) if j.group(2) is not None else (j.group(3) or "")
            if value.endswith("}}"):
                value = value[: value.rfind("{{")].rstrip() if value.rfind("{{") > 0 else ""
            if not value or "{" in value:
                continue
        out.append((value.strip(), line))
    return out


SCAN_BUDGET = 200_000
_DESTINATION = re.compile(r"""\]\(\s*<?([^)\s>]+)|^\s*\[[^\]]+\]:\s*<?([^\s>]+)|(?:href|src)\s*=\s*["']([^"']+)""")


def destinations(lines: list[str]) -> dict[str, list[int]]:
    """Every link destination of a Markdown file, by the forms :func:`_md_forms` looks for: as
    written, each tail after a "/", and its "#fragment" -> the lines that hold it, in order."""
    index: dict[str, list[int]] = {}
    for number, line in enumerate(lines, 1):
        if "](" not in line and "]:" not in line and "=" not in line:
            continue
        for m in _DESTINATION.finditer(line):
            dest = m.group(1) or m.group(2) or m.group(3)
            keys = {dest}
            i = dest.find("/")
            while i >= 0:
                keys.add(dest[i + 1:])
                i = dest.find("/", i + 1)
            if "#" in dest:
                keys.add(dest[dest.index("#"):])
            for key in keys:
                if key:
                    index.setdefault(key, []).append(number)
    return index


def _md_forms(href: str) -> list[str]:
    """Strings the Markdown source likely holds for a rendered href, most specific first."""
    path, _, frag = href.partition("#")
    forms = [href]
    if path.endswith("/") and path.strip("./"):
        stem = path.rstrip("/").rsplit("/", 1)[-1]
        forms += [f"{stem}.md#{frag}" if frag else f"{stem}.md", f"{stem}/index.md", f"{stem}/"]
    elif path:
        stem = path.rsplit("/", 1)[-1]
        if stem not in (".", ".."):
            forms.append(f"{stem}#{frag}" if frag else stem)
            if "%" in stem:
                forms.append(unquote(stem))
    if frag:
        forms.append(f"#{frag}")
    return forms


def best_line(lines: list[str], href: str, text: str = "", nth: int = 0) -> int | None:
    forms = _md_forms(href)
    text = text.strip()
    scored: list[tuple[int, int]] = []
    for number, line in enumerate(lines, 1):
        score = 0
        for weight, form in zip((8, 4, 2, 2, 1), forms):
            if form and form in line:
                score += weight
        if score and text and text in line:
            score += 3
        if not score and text and len(text) > 3 and f"[{text}]" in line:
            score = 1
        if score:
            scored.append((score, number))
    if not scored:
        return None
    top = max(s for s, _ in scored)
    best = [n for s, n in scored if s == top]
    return best[min(nth, len(best) - 1)]

