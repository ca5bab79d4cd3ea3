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


# Escapes that stay escaped in a normalized path: they would change its meaning (``/ ? # %``)
# or are not printable (controls, and bytes that are not UTF-8).
_KEEP_ESCAPED = frozenset("/?#%\\") | {chr(c) for c in range(0x20)} | {"\x7f"}
_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# What the rest of a path taken by a splat rule may hold (decoded): RFC 3986 path characters
# that need no escaping. Anything else (controls, space, backslash, quotes, ``%``, non-ASCII)
# means the rule does not apply, so request input never reaches a Location unescaped.
SPLAT_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&()+,;=:@/")
SPLAT_CLASS = r"[A-Za-z0-9._~!$&()+,;=:@/-]"  # the same set as a regex class (PCRE and RE2)


def _decode_escapes(match: re.Match) -> str:
    text = bytes.fromhex(match.group(0).replace("%", "")).decode("utf-8", "surrogateescape")
    out = []
    for ch in text:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not part of a UTF-8 character
            out.append(f"%{code - 0xDC00:02X}")
        elif ch in _KEEP_ESCAPED:
            out.append(f"%{code:02X}")
        else:
            out.append(ch)
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    return "/".join(out)


def normalize_path(path: str) -> str:
    """A path as web servers compare it: escapes decoded, hex upper-case, no dot segments.

    Every escape is decoded except those whose character would change the path's meaning or
    is not printable (``%2F``, ``%3F``, ``%23``, ``%25``, ``%5C``, controls, bytes that are not
    UTF-8), which stay escaped with upper-case hex. Repeated slashes are merged and ``.`` and
    ``..`` segments removed (after decoding, so ``%2e%2e`` counts). nginx, Apache and Caddy
    compare decoded paths the same way, so ``/en/%64z/`` and ``/en/dz/`` are one URL.
    """
    if "%" in path:
        path = _ESCAPES.sub(_decode_escapes, path)
    if "//" in path:
        path = re.sub(r"/{2,}", "/", path)
    if "/." in path:
        path = _remove_dot_segments(path)
    return path


def splat_rest_ok(rest: str) -> bool:
    """Whether the rest of a path may be carried into a Location by a splat rule."""
    return SPLAT_SAFE.issuperset(rest) and not rest.startswith("/")


def canonical(path: str) -> str:
    """The key of a page path: directory form, ``index.html`` and legacy ``.html`` folded.

    ``/en/x/``, ``/en/x/index.html``, ``/en/x.html`` and ``/en/x`` all give ``/en/x/``; a file
    with another extension (``/en/api/openapi.yaml``) is kept as it is. The path is
    normalized first (:func:`normalize_path`).
    """
    if not path.startswith("/"):
        path = "/" + path
    path = normalize_path(path)
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
