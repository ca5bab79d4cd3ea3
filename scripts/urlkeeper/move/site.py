"""The site being restructured: its files, their URLs, and what a link destination points at."""

from __future__ import annotations

import fnmatch
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .. import config as config_mod
from ..errors import InputError
from ..options import LANGUAGE_PREFIX

PAGE_SUFFIXES = (".md", ".markdown")
DEFAULT_EXCLUDES = (".*", "/templates/")


@dataclass
class Site:
    root: Path  # the folder of mkdocs.yml
    config_file: Path | None
    docs_dir: Path
    redirects_dir: Path
    language_prefix: str | None = LANGUAGE_PREFIX.default
    site_url: str = ""  # scheme://host/path/ of the published site, "" if unknown
    snippet_bases: tuple[str, ...] = ()  # docs-relative folders ("" = docs itself)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    attr_list: bool = True
    files: set[str] = field(default_factory=set)  # every file under docs_dir, docs-relative posix
    dirs: set[str] = field(default_factory=set)
    _by_url: dict[str, str] = field(default_factory=dict, repr=False)
    _pages: dict[str, bool] = field(default_factory=dict, repr=False)

    # ---- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, config_file: str | Path | None = None) -> "Site":
        path = Path(config_file) if config_file else Path("mkdocs.yml")
        if not path.is_file():
            raise InputError("config file not found", str(path))
        data, path = config_mod.read_mkdocs(path)
        cfg = config_mod.from_mkdocs(data, path)
        root = path.parent
        docs = cfg.docs_dir
        if not docs.is_dir():
            raise InputError(f"docs_dir {docs} is not a folder", str(path))
        if data.get("use_directory_urls") is False:
            raise InputError("use_directory_urls: false is not supported by urlkeeper move", str(path))
        bases: list[str] = []
        extensions = data.get("markdown_extensions") or []
        names = []
        for ext in extensions:
            name, opts = (ext, {}) if isinstance(ext, str) else next(iter(ext.items())) if isinstance(ext, dict) and ext else ("", {})
            names.append(name)
            if name == "pymdownx.snippets":
                raw = (opts or {}).get("base_path", ["."])
                for b in [raw] if isinstance(raw, str) else raw:
                    rel = os.path.relpath((root / b).resolve(), docs.resolve()).replace(os.sep, "/")
                    if rel == ".":
                        bases.append("")
                    elif not rel.startswith(".."):
                        bases.append(rel)
        exclude = list(DEFAULT_EXCLUDES)
        raw_ex = data.get("exclude_docs")
        if isinstance(raw_ex, str):
            exclude += [ln.strip() for ln in raw_ex.splitlines() if ln.strip() and not ln.strip().startswith("#")]
        site = cls(root=root, config_file=path, docs_dir=docs, redirects_dir=cfg.redirects_dir,
                   language_prefix=cfg.language_prefix, site_url=str(data.get("site_url") or ""),
                   snippet_bases=tuple(bases), exclude=tuple(exclude), attr_list="attr_list" in names)
        site.scan()
        return site

    def scan(self) -> None:
        files: set[str] = set()
        dirs: set[str] = {""}
        base = str(self.docs_dir)
        for dirpath, dirnames, filenames in os.walk(base):
            rel = os.path.relpath(dirpath, base).replace(os.sep, "/")
            rel = "" if rel == "." else rel
            dirnames[:] = [d for d in dirnames if d not in (".git", "__pycache__")]
            for d in dirnames:
                dirs.add(f"{rel}/{d}" if rel else d)
            for f in filenames:
                files.add(f"{rel}/{f}" if rel else f)
        self.files = files
        self.dirs = dirs
        self._by_url = {}
        for f in files:
            if self.is_page(f):
                self._by_url.setdefault(self.url_of(f), f)

    # ---- facts about files -----------------------------------------------------------------
    def excluded(self, rel: str) -> bool:
        """Excluded from the build by exclude_docs (simple gitignore patterns)."""
        for pat in self.exclude:
            neg = pat.startswith("!")
            if neg:
                continue
            p = pat
            anchored = p.startswith("/")
            p = p.strip("/")
            if pat.endswith("/"):
                parts = rel.split("/")[:-1]
                prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
                if anchored:
                    if any(fnmatch.fnmatchcase(x, p) for x in prefixes):
                        return True
                elif any(fnmatch.fnmatchcase(x, p) for x in parts):
                    return True
            elif anchored or "/" in p:
                if fnmatch.fnmatchcase(rel, p):
                    return True
            elif any(fnmatch.fnmatchcase(part, p) for part in rel.split("/")):
                return True
        return False

    def is_markdown(self, rel: str) -> bool:
        return rel.endswith(PAGE_SUFFIXES)

    def is_page(self, rel: str) -> bool:
        """A Markdown file that MkDocs publishes as a page."""
        cache = self._pages
        hit = cache.get(rel)
        if hit is None:
            hit = cache[rel] = self.is_markdown(rel) and not self.excluded(rel)
        return hit

    @staticmethod
    def url_of(rel: str) -> str:
        """Site-relative URL of a docs file (use_directory_urls)."""
        if rel.endswith(PAGE_SUFFIXES):
            stem, _ = posixpath.splitext(rel)
            d, name = posixpath.split(stem)
            if name in ("index", "README"):
                return "/" + (d + "/" if d else "")
            return f"/{stem}/"
        return "/" + rel

    def page_at(self, url_path: str) -> str | None:
        """The docs file served at a site path (page or other file), or None."""
        path = url_path
        if path.endswith("/index.html"):
            path = path[: -len("index.html")]
        elif path.endswith(".html"):
            path = path[:-5] + "/"
        if path in self._by_url:
            return self._by_url[path]
        rel = path.lstrip("/")
        if rel in self.files and not self.is_markdown(rel):
            return rel
        if not path.endswith("/") and path + "/" in self._by_url:
            return self._by_url[path + "/"]
        return None

    # ---- site URL ------------------------------------------------------------------------
    @property
    def base_path(self) -> str:
        return urlsplit(self.site_url).path.rstrip("/") if self.site_url else ""

    def site_relative(self, url: str) -> str | None:
        """``https://docs.example.com/en/x/`` -> ``/en/x/`` when it is this site, else None."""
        if not self.site_url:
            return None
        s, t = urlsplit(self.site_url), urlsplit(url)
        if (t.scheme, t.netloc.lower()) != (s.scheme, s.netloc.lower()):
            return None
        path = t.path or "/"
        base = self.base_path
        if base and not (path == base or path.startswith(base + "/")):
            return None
        return path[len(base):] or "/"


# ---- resolving and writing link destinations ---------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a link destination points at: a docs file, and how it was written."""

    doc: str
    mode: str  # file (relative to the Markdown file), url (relative to the page URL), abs, site, snippet
    path: str  # the path part as written
    rest: str  # ?query#fragment as written ("" when none)
    base: str = ""  # snippet base folder it was found under


def split_dest(dest: str) -> tuple[str, str]:
    for i, ch in enumerate(dest):
        if ch in "?#":
            return dest[:i], dest[i:]
    return dest, ""


def resolve(site: Site, source: str, dest: str, kind: str) -> Target | None:
    """The docs file a link in ``source`` points at, or None (external, self link, unknown)."""
    if kind == "snippet":
        for base in site.snippet_bases:
            cand = posixpath.normpath(posixpath.join(base, dest)) if base else posixpath.normpath(dest)
            if cand in site.files:
                return Target(cand, "snippet", dest, "", base)
        return None
    path, rest = split_dest(dest)
    if not path:
        return None
    if "://" in path or path.startswith("//") or (":" in path.split("/", 1)[0]):
        rel = site.site_relative(path)
        if rel is None:
            return None
        doc = site.page_at(unquote(rel))
        return Target(doc, "site", path, rest) if doc else None
    decoded = unquote(path)
    if decoded.startswith("/"):
        base = site.base_path
        if base and (decoded == base or decoded.startswith(base + "/")):
            decoded = decoded[len(base):] or "/"
        doc = site.page_at(decoded)
        return Target(doc, "abs", path, rest) if doc else None
    if kind != "html":
        cand = posixpath.normpath(posixpath.join(posixpath.dirname(source), decoded))
        if cand in site.files:
            return Target(cand, "file", path, rest)
        ext = posixpath.splitext(decoded)[1].lower()
        if ext and ext not in (".html", ".htm") and not cand.startswith("../"):
            # A file that is not on disk (a page generated at build time, such as the API
            # reference): still a file path, so a moved page keeps pointing at it.
            return Target(cand, "file", path, rest)
    if not site.is_page(source):
        return None
    page_url = site.url_of(source)
    joined = posixpath.normpath(posixpath.join(page_url, decoded))
    if decoded.endswith("/") or decoded in (".", ""):
        joined = joined.rstrip("/") + "/"
    if joined.startswith("//"):
        joined = joined[1:]
    doc = site.page_at(joined)
    return Target(doc, "url", path, rest) if doc else None


def _quote_like(new: str, old: str) -> str:
    if "%" in old or " " in new:
        return quote(new, safe="/:@!$&'()*+,;=-._~")
    return new


def relative_url(target: str, base_dir: str) -> str:
    """A relative URL from a page URL (a directory) to ``target`` (both site-relative)."""
    rel = posixpath.relpath(target, base_dir)
    if target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def write_dest(site: Site, t: Target, new_source: str, new_doc: str) -> str:
    """The path part that reaches ``new_doc`` from ``new_source``, in the style of ``t``."""
    if t.mode == "file":
        out = posixpath.relpath(new_doc, posixpath.dirname(new_source) or ".")
        if t.path.startswith("./") and not out.startswith("../"):
            out = "./" + out
        return _quote_like(out, t.path)
    url = site.url_of(new_doc)
    if t.mode == "url":
        return _quote_like(relative_url(url, site.url_of(new_source)), t.path)
    if t.mode == "abs":
        return _quote_like(site.base_path + url, t.path)
    if t.mode == "site":
        return _quote_like(site.site_url.rstrip("/") + url, t.path)
    if t.mode == "snippet":
        bases = [t.base] + [b for b in site.snippet_bases if b != t.base]
        for b in bases:
            if not b or new_doc.startswith(b + "/"):
                return posixpath.relpath(new_doc, b or ".")
        raise ValueError(f"{new_doc} is outside every snippets base_path")
    raise ValueError(t.mode)


def unresolved_location(site: Site, source: str, dest: str, kind: str) -> str | None:
    """Where a relative link that reaches no docs file points (outside docs_dir, or a page
    that is not there): a docs-relative file path, or a site URL path; None when absolute."""
    path, rest = split_dest(dest)
    if not path or kind == "snippet" or "://" in path or path.startswith(("/", "#")) or ":" in path.split("/", 1)[0]:
        return None
    if kind != "html" and posixpath.splitext(path)[1]:
        return "file:" + posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) + rest
    if not site.is_page(source):
        return None
    joined = posixpath.normpath(posixpath.join(site.url_of(source), path)) + ("/" if path.endswith("/") else "")
    return "url:" + joined + rest


def unresolved_dest(site: Site, old_path: str, new_path: str, dest: str, kind: str) -> str | None:
    """``dest`` written from ``new_path`` so that it points where it pointed from ``old_path``."""
    where = unresolved_location(site, old_path, dest, kind)
    if where is None:
        return None
    mode, _, target = where.partition(":")
    path, rest = split_dest(target)
    if mode == "file":
        return posixpath.relpath(path, posixpath.dirname(new_path) or ".") + rest
    if not site.is_page(new_path):
        return None
    return relative_url(path, site.url_of(new_path)) + rest
