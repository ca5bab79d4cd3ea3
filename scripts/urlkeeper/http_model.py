"""What a server that honours the redirect rules answers to a request: the HTTP form of the
resolver, which every host format must reproduce exactly.

For a request ``path?query`` (the path as sent, percent-encoded):

1. The path is normalized as servers compare paths (:func:`urlkeeper.urls.normalize_path`:
   escapes decoded, repeated slashes merged, dot segments removed).
2. A file of the site is served: ``200`` (``/x/`` serves ``/x/index.html``).
3. A folder with an index page asked without its trailing slash: ``301`` to ``/x/``.
4. Another form of a live page (``/x.html`` for ``/x/``): ``301`` to the page with the setting
   ``legacy_forms: [html]``, else ``404``. Rules never take a live page's address.
5. The rule the resolver picks (exact first, then the longest prefix; a splat rule only for a
   plain rest of path and never for its own output): its status, ``Location`` = the rule's
   one-hop target, the request's query appended unless the target has its own, the rule's
   fragment last. A splat rule answers only when that target is served (step 2 would answer
   ``200`` for it: a live page or another file of the site); otherwise the request goes on to
   step 6, not to a shorter prefix. So every redirect lands on a live page in one hop (an
   exact rule's target is its collapsed chain end, which ``check`` proves live), and an
   unknown URL under a splat gets a plain ``404`` (``/* -> /en/*`` answers ``/nope`` with
   ``404``, not with a redirect to a missing ``/en/nope/``). A splat target that is itself a
   rule's source (a chain) is not served, so the splat does not answer it either, as in
   :meth:`urlkeeper.resolve.Resolver.resolve`.
6. Otherwise ``404``.

Crafted paths are refused first: an encoded NUL or a ``..`` segment (400), an encoded slash
(404). :data:`DOT_DOT` is the pattern every host format uses for the ``..`` test.

Locations are site-relative and percent-encoded; request input reaches them only as the
rest of a path of plain characters (:data:`urlkeeper.urls.SPLAT_SAFE`) or as the query,
which a request line cannot carry control characters in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable
from urllib.parse import unquote

from .renderers._common import encode_url
from .resolve import Resolver
from .urls import canonical, is_external, normalize_path, split_url

MAX_RESPONSES = 4
BAD_REQUEST = 400  # refused before any rule or file is looked at; a host may say 400 or 404
# A ".." segment, plain or encoded, in the path of a raw request target (no backslashes, so
# it can be written into any host's configuration as it is).
DOT_DOT = "^[^?]*/(?:[.]|%2[Ee]){2}(?:/|[?]|$)"


@dataclass(frozen=True)
class Hop:
    status: int
    location: str | None = None

    def __str__(self) -> str:
        return f"{self.status} {self.location}" if self.location else str(self.status)


def with_query(target: str, query: str) -> str:
    """``target`` with the request's query added before its fragment (a target's own query wins)."""
    path, sep, fragment = target.partition("#")
    if query and "?" not in path:
        path += "?" + query
    return path + sep + fragment


def _refused(path: str) -> int | None:
    """400 for a path that is refused (an encoded NUL, which servers answer with 400 or 404;
    a ``..`` segment, plain or encoded: browsers resolve those before sending, so only a
    crafted request has one), 404 for an encoded slash (it separates no segments, so no
    file has it); None otherwise."""
    low = path.lower()
    if "%00" in low:
        return BAD_REQUEST
    if "%2f" in low:
        return 404
    if ".." in unquote(path).split("/"):
        return BAD_REQUEST
    return None


class HttpModel:
    """Answers requests like a static host serving ``files`` with the rules of ``resolver``.

    ``files``: decoded site-relative paths of the files served (``/en/x/index.html``); by
    default the index pages of the resolver's inventory.
    """

    def __init__(self, resolver: Resolver, files: Iterable[str] | None = None):
        self.resolver = resolver
        pages = resolver.inventory.pages
        if files is None:
            files = (p + "index.html" if p.endswith("/") else p for p in pages)
        self.files = frozenset(files)

    def respond(self, request: str) -> Hop:
        """The one response to ``request`` (``path`` or ``path?query``)."""
        path, _, query = request.partition("?")
        refused = _refused(path)
        if refused:
            return Hop(refused)
        path = normalize_path(path if path.startswith("/") else "/" + path)
        if self.served(path):
            return Hop(200)
        if not path.endswith("/") and path + "/index.html" in self.files:
            return Hop(301, with_query(encode_url(path + "/"), query))
        key = canonical(path)
        resolver = self.resolver
        if key in resolver.inventory.pages:
            if resolver.legacy_html and path.endswith(".html"):
                return Hop(301, with_query(encode_url(key), query))
            return Hop(404)
        found = resolver.match(key)
        if found is None:
            return Hop(404)
        rule, matched = found
        target = rule.apply(key, matched)
        if rule.splat and not is_external(target) and not self.served(normalize_path(split_url(target)[0])):
            return Hop(404)  # a splat answers only with a page that is served
        return Hop(rule.status, with_query(encode_url(target), query))

    def served(self, path: str) -> bool:
        """Whether the normalized, decoded ``path`` names a file of the site (``/x/``: its index page)."""
        files = self.files
        return path in files or (path.endswith("/") and path + "index.html" in files)

    def answer(self, request: str) -> list[Hop]:
        """Every response from ``request`` on, following same-site redirects."""
        hops = [self.respond(request)]
        while 300 <= hops[-1].status < 400 and len(hops) < MAX_RESPONSES:
            location = hops[-1].location or ""
            if is_external(location):
                break
            path, query, _fragment = split_url(location)
            hops.append(self.respond(path + (f"?{query}" if query else "")))
        return hops
