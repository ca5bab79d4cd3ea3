"""URL forms: the canonical key of a page path and the other forms that reach it.

Every URL in urlkeeper is *site-relative*: it starts with ``/`` at the site root (the path of
``site_url``, if the site lives below a sub-path, is added only by renderers).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

UNSAFE_SCHEMES = ("javascript", "data", "vbscript", "file", "blob", "about")
_CONTROL = re.compile(r"[\x00-\x20\x7f\\<>\"'`]")


def split_url(url: str) -> tuple[str, str, str]:
    """Split ``path?query#fragment`` into its three parts (query and fragment without marks)."""
    path, _, fragment = url.partition("#")
    path, _, query = path.partition("?")
    return path, query, fragment


def canonical(path: str) -> str:
    """The key of a page path: directory form, ``index.html`` and legacy ``.html`` folded.

    ``/en/x/``, ``/en/x/index.html``, ``/en/x.html`` and ``/en/x`` all give ``/en/x/``; a file
    with another extension (``/en/api/openapi.yaml``) is kept as it is.
    """
    if not path.startswith("/"):
        path = "/" + path
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    if path.endswith(".html"):
        return path[: -len(".html")] + "/"
    if path.endswith("/"):
        return path
    last = path.rsplit("/", 1)[-1]
    if "." in last:
        return path
    return path + "/"


def strip_language(path: str, prefix: str | None) -> str | None:
    """``/en/apps/`` -> ``/apps/`` for prefix ``/en``; None when the path has no such prefix."""
    if not prefix:
        return None
    if path == prefix or path == prefix + "/":
        return "/"
    if path.startswith(prefix + "/"):
        return path[len(prefix):]
    return None


def forms_of(key: str, language_prefix: str | None) -> list[str]:
    """Every concrete URL that a published page key was or may be reached by.

    For ``/en/apps/overview/``: the directory form, the ``index.html`` form and the legacy
    ``.html`` form, each with and without the language prefix.
    """
    bases = [key]
    bare = strip_language(key, language_prefix)
    if bare is not None and bare != key:
        bases.append(bare)
    out: list[str] = []
    for base in bases:
        if base.endswith("/"):
            out.append(base)
            out.append(base + "index.html")
            if base != "/":
                out.append(base[:-1] + ".html")
        else:
            out.append(base)
    return out


def unsafe_reason(url: str) -> str | None:
    """Why a URL may not appear in a redirect rule, or None when it is safe."""
    if not url:
        return "empty URL"
    if _CONTROL.search(url):
        return "contains a space, control character, quote, angle bracket or backslash"
    scheme = urlsplit(url).scheme.lower()
    if scheme in UNSAFE_SCHEMES:
        return f"{scheme}: URLs are not allowed"
    if scheme and scheme not in ("http", "https"):
        return f"scheme {scheme}: is not allowed"
    path = urlsplit(url).path
    decoded = unquote(unquote(path))
    segments = decoded.replace("\\", "/").split("/")
    if ".." in segments or "." in segments:
        return "path traversal ('.' or '..' segment)"
    if "\x00" in decoded or "\n" in decoded or "\r" in decoded:
        return "encoded control character"
    return None


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc) or url.startswith("//")


def host_of(url: str) -> str:
    return (urlsplit(url if not url.startswith("//") else "https:" + url).hostname or "").lower()


def join_base(base_path: str, url: str) -> str:
    """Prefix a site-relative URL with the site's sub-path (``/docs`` + ``/en/`` -> ``/docs/en/``)."""
    if not base_path or base_path == "/" or is_external(url):
        return url
    return base_path.rstrip("/") + url
