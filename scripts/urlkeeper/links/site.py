"""The resolver: every file of a built site, and how a browser plus a static host resolve a URL.

Relative URLs are joined with the page's URL (``en/x/index.html`` is served as ``/en/x/``, so
``../y/`` from it is ``/en/y/``); root-relative URLs are taken below the path of ``site_url``;
absolute URLs to the site itself are checked as internal ones. A static host serves
``x/index.html`` for ``x/`` and redirects ``x`` to ``x/`` when ``x`` is a folder with an index;
paths are matched after percent-decoding and case-sensitively (most hosts are), a case-only
mismatch is reported on its own.
"""

from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import unquote, urlsplit

from ..versions import Versions
from . import DEFAULT_CACHE_DIR

SKIP, SAME, EXTERNAL, INTERNAL = 0, 1, 2, 3
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
WEB_SCHEMES = ("http", "https")


def page_dir(rel: str) -> str:
    """The URL folder of a built file: ``en/x/index.html`` -> ``/en/x/``, ``en/y.html`` -> ``/en/``."""
    d = posixpath.dirname(rel)
    return "/" + d + "/" if d else "/"


def dep_key(path: str) -> str:
    """The key that ties a link to the files that can satisfy it (case-folded, index folded)."""
    p = path.lstrip("/").lower()
    if p.endswith("index.html"):
        p = p[: -len("index.html")]
    return p.rstrip("/")


class SiteIndex:
    """Every file of the site folder (not only pages), with its stat, and the site's origin."""

    def __init__(self, site_dir: str | os.PathLike, site_url: str | None = None, version_prefixes=()):
        self.root = os.fspath(site_dir)
        self.versions = Versions(tuple(version_prefixes)) if version_prefixes else None
        self.files: dict[str, tuple[int, int]] = {}
        self.redirects: dict[str, str] = {}  # redirect page -> its refresh target (as written)
        self._lower: dict[str, str] | None = None
        self._memo: dict[str, tuple[str | None, str]] = {}
        parts = urlsplit(site_url or "")
        self.scheme = (parts.scheme or "https").lower()
        self.host = (parts.netloc or "").lower()
        self.base_path = parts.path.rstrip("/") if site_url else ""

    def walk(self) -> None:
        files = self.files
        root = self.root
        stack = [""]
        while stack:
            rel_dir = stack.pop()
            try:
                it = os.scandir(os.path.join(root, rel_dir) if rel_dir else root)
            except OSError:
                continue
            with it:
                for entry in it:
                    name = entry.name
                    rel = rel_dir + "/" + name if rel_dir else name
                    if entry.is_dir(follow_symlinks=True):
                        if name != DEFAULT_CACHE_DIR:
                            stack.append(rel)
                    else:
                        try:
                            st = entry.stat()
                        except OSError:
                            continue
                        files[rel] = (st.st_mtime_ns, st.st_size)

    # ---- classification -------------------------------------------------------------------
    def classify(self, base_dir: str, href: str) -> tuple[int, str, str]:
        """(kind, value, fragment): value is a site path for INTERNAL, the URL for EXTERNAL."""
        href = href.strip()
        if not href:
            return SKIP, "", ""
        c = href[0]
        if c == "#":
            return SAME, "", href[1:]
        if c != "/" and c != ".":
            m = _SCHEME.match(href)
            if m:
                scheme = m.group(1).lower()
                if scheme not in WEB_SCHEMES:
                    return SKIP, "", ""
                return self._absolute(href)
        elif href.startswith("//"):
            return self._absolute(self.scheme + ":" + href)
        path, _, fragment = href.partition("#")
        path = path.partition("?")[0]
        if not path:
            return SAME, "", fragment
        if c == "/" and self.versions is not None:
            inner = self._in_build(path)
            if inner is None:  # another version's folder or the deployment's root: not this build
                return (EXTERNAL, f"{self.scheme}://{self.host}{href}", fragment) if self.host else (SKIP, "", "")
            path = inner
        elif c == "/":
            base = self.base_path
            if base:
                if path == base or path.startswith(base + "/"):
                    path = path[len(base):] or "/"
                else:  # below the same host but outside the site: not ours to resolve
                    if self.host:
                        return EXTERNAL, f"{self.scheme}://{self.host}{href}", fragment
                    return EXTERNAL, href, fragment
        else:
            d = base_dir
            i = 0
            while True:  # fast path for the ../ and ./ prefixes that MkDocs writes
                if path.startswith("../", i):
                    i += 3
                    d = d[: d.rstrip("/").rfind("/") + 1] or "/"
                elif path.startswith("./", i):
                    i += 2
                else:
                    break
            rest = path[i:]
            if rest == "..":
                d = d[: d.rstrip("/").rfind("/") + 1] or "/"
                rest = ""
            elif rest == ".":
                rest = ""
            path = d + rest
        if "/." in path or "//" in path:
            path = _normpath(path)
        return INTERNAL, path, fragment

    def _absolute(self, url: str) -> tuple[int, str, str]:
        parts = urlsplit(url)
        if self.host and parts.netloc.lower() == self.host and parts.scheme.lower() in WEB_SCHEMES:
            path = parts.path or "/"
            if self.versions is not None:
                inner = self._in_build(path)
                if inner is None:  # another version's folder or the deployment's root: not this build
                    return EXTERNAL, url, parts.fragment
                return INTERNAL, _normpath(inner) if "/." in inner or "//" in inner else inner, parts.fragment
            base = self.base_path
            if not base or path == base or path.startswith(base + "/"):
                path = path[len(base):] or "/"
                if "/." in path or "//" in path:
                    path = _normpath(path)
                return INTERNAL, path, parts.fragment
        return EXTERNAL, url, parts.fragment

    def _in_build(self, path: str) -> str | None:
        """A root-relative path on a versioned site as a path of this build, or None when it
        lies outside it. mike builds each version with the version folder added to site_url
        (``https://host/2.0/``): the deployment's root is then the site_url path without it."""
        root = self.base_path
        if root and root.rsplit("/", 1)[-1] in self.versions.prefixes:
            root = root.rsplit("/", 1)[0]
        if root:
            if not (path == root or path.startswith(root + "/")):
                return None
            path = path[len(root):] or "/"
        inner, other = self.versions.strip(path)
        return None if other else inner

    # ---- lookup ---------------------------------------------------------------------------
    def resolve(self, path: str) -> tuple[str | None, str]:
        """(file or None, dependency key) of a site path, memoised."""
        hit = self._memo.get(path)
        if hit is None:
            hit = self._memo[path] = (self.lookup(path), dep_key(path))
        return hit

    def lookup(self, path: str) -> str | None:
        """The file a static host serves for the site path, or None."""
        files = self.files
        p = path[1:]
        for cand in (unquote(p), p) if "%" in p else (p,):
            if not cand or cand.endswith("/"):
                f = cand + "index.html"
                if f in files:
                    return f
                continue
            if cand in files:
                return cand
            f = cand + "/index.html"
            if f in files:
                return f
        return None

    def lookup_nocase(self, path: str) -> str | None:
        if self._lower is None:
            self._lower = {}
            for f in self.files:
                self._lower.setdefault(f.lower(), f)
        p = unquote(path[1:]).lower()
        if not p or p.endswith("/"):
            return self._lower.get(p + "index.html")
        return self._lower.get(p) or self._lower.get(p + "/index.html")

    def url_of(self, path: str) -> str:
        """The URL that readers see for a site path (with the site_url sub-path)."""
        return (self.base_path + path) if self.base_path else path


def _normpath(path: str) -> str:
    trailing = path.endswith("/") or path.endswith("/.") or path.endswith("/..")
    p = posixpath.normpath(path)
    if p.startswith("//"):
        p = "/" + p.lstrip("/")
    if trailing and not p.endswith("/"):
        p += "/"
    return p
