"""The redirects a web server needs to answer exactly like :mod:`urlkeeper.http_model`.

Server formats (nginx, Apache, Caddy, ``_redirects``) serve existing files first, then look
the normalized, percent-decoded request path up in two tables built here:

* ``exact``: one :class:`ServerEntry` per concrete path a rule covers (every request form of
  an exact rule's source and of a prefix rule's root: ``/x/``, ``/x/index.html``, ``/x.html``
  and ``/x``), plus the forms of live pages that are no files (``/x`` adds the trailing
  slash; ``/x.html`` answers 404, or redirects with ``legacy_forms: [html]``). Each answer is
  computed by the model itself, so the table cannot disagree with it;
* ``prefixes``: the prefix rules, longest first, each with the regular expressions that
  fold the rest of the path the way :func:`urlkeeper.urls.canonical` does. A splat rule
  takes only a plain rest of path (:data:`urlkeeper.urls.SPLAT_CLASS`), so nothing a
  request carries reaches a ``Location`` but plain path characters, and never the paths of
  its own output (``/* -> /en/*`` leaves ``/en/...`` alone); each pattern names the file its
  target must have (a splat answers only with a served target), which the host tests before
  it redirects, answering 404 at once without it.

Patterns are written for PCRE (nginx, Apache) and RE2 (Caddy): no look-around here; hosts
that support it add the own-output exclusion as a negative look-ahead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..http_model import HttpModel
from ..inventory import Inventory
from ..resolve import Resolver
from ..rules import Rule
from ..urls import SPLAT_CLASS, canonical, is_external, join_base, normalize_path
from ._common import encode_url, site_url, split_splat
from .base import RenderInput

SEG = SPLAT_CLASS.replace("/", "")  # one character of a path segment
WORD = SEG.replace(".", "")  # ... that is not a dot either
REST = f"(?:{SEG}{SPLAT_CLASS}*)?"  # a rest of path that does not start with a slash
# (regex tail after the prefix, what follows the captured rest in the target, what follows it
# in the file that must exist for the rule to answer), in the order they must be tried:
# canonical() folds x/index.html to x/, x.html to x/, a last segment without a dot gains a
# slash, anything else is kept (a folder: its index page; a file with a dot: itself).
SPLAT_TAILS = (
    (rf"((?:{SEG}{SPLAT_CLASS}*/)?)index\.html$", "", "index.html"),
    (rf"({SEG}{SPLAT_CLASS}*)\.html$", "/", "/index.html"),
    (rf"((?:{SEG}{SPLAT_CLASS}*/)?{WORD}+)$", "/", "/index.html"),
    (rf"((?:{SEG}{SPLAT_CLASS}*/)?)$", "", "index.html"),
    (rf"({SEG}{SPLAT_CLASS}*)$", "", ""),
)


def request_forms(key: str) -> list[str]:
    """Every request path whose canonical key is ``key`` (``/x/`` -> ``/x/``,
    ``/x/index.html``, ``/x.html``, ``/x``)."""
    if not key.endswith("/"):
        return [key]
    if key == "/":
        return ["/", "/index.html"]
    out = [key, key + "index.html", key[:-1] + ".html"]
    if "." not in key[:-1].rsplit("/", 1)[-1]:
        out.append(key[:-1])
    return out


@dataclass(frozen=True)
class ServerEntry:
    path: str  # decoded request path, with the base path
    location: str | None  # percent-encoded Location without the request's query; None: 404
    status: int
    keep_query: bool = True  # append the request's query (False when the target has its own)
    kind: str = "rule"  # "rule", "slash" (a live folder without its slash), "live" (a live page's other form)


@dataclass(frozen=True)
class ServerPrefix:
    rule: Rule
    source: str  # decoded prefix with the base path, ends in "/"
    status: int
    head: str  # percent-encoded target (splat: the part before the rest), with base path
    fragment: str  # "#frag" or ""
    keep_query: bool
    own_output: str | None = None  # decoded prefix (with base path) the rule never takes
    file_head: str | None = None  # a splat rule to the site: its decoded target prefix, with base path

    @property
    def splat(self) -> bool:
        return self.rule.splat

    def patterns(self) -> list[tuple[str, str, str | None]]:
        """(anchored regex on the decoded path, what follows the rest in the target, the file
        that must exist for the rule to answer: :attr:`file_head`, then ``\x00`` for the
        captured rest, then the tail; None: no condition); for a rule to one page a single
        pattern, ``""`` and None. A splat rule answers only when its target is served (see
        :mod:`urlkeeper.http_model`); where the file is missing the host answers 404 at once,
        without trying another pattern."""
        head = "^" + re.escape(self.source)
        if not self.splat:
            return [(head, "", None)]
        return [(head + tail, suffix, None if self.file_head is None else self.file_head + "\x00" + file)
                for tail, suffix, file in SPLAT_TAILS]

    def exclusion(self) -> str | None:
        """A regex (without ``^``) of the paths under the prefix that are the rule's own output."""
        if self.own_output is None:
            return None
        inner = self.own_output[len(self.source):-1]
        return re.escape(inner) + r"(?:/|\.html$|$)"


@dataclass
class ServerPlan:
    exact: list[ServerEntry] = field(default_factory=list)
    prefixes: list[ServerPrefix] = field(default_factory=list)

    def statuses(self) -> set[int]:
        return {e.status for e in self.exact if e.location} | {p.status for p in self.prefixes}

    def rules(self) -> list[ServerEntry]:
        return [e for e in self.exact if e.kind == "rule"]


def _location(base: str, location: str) -> tuple[str, bool]:
    """(the Location with base path and without a query the model added, keep_query)."""
    path, sep, fragment = location.partition("#")
    own_query = "?" in path
    return site_url(base, path) + (encode_url(sep + fragment) if sep else ""), not own_query


def http_model(data: RenderInput) -> HttpModel:
    """The HTTP model of ``data``'s rules over its inventory (one per render, shared by its formats)."""
    if "model" not in data.shared:
        inventory = data.inventory if data.inventory is not None else Inventory()
        data.shared["model"] = HttpModel(Resolver(data.rules, inventory, data.language_prefix, data.legacy_html))
    return data.shared["model"]


def build(data: RenderInput) -> ServerPlan:
    """What a server must answer besides serving files, for every request form of every page
    and rule source (computed once for the several formats of one render)."""
    if "server-plan" not in data.shared:
        data.shared["server-plan"] = _build(data)
    return data.shared["server-plan"]


def _build(data: RenderInput) -> ServerPlan:
    model = http_model(data)
    resolver = model.resolver
    inventory = resolver.inventory
    base = data.base_path
    table: dict[str, ServerEntry] = {}

    def add(form: str, kind: str) -> None:
        path = unquote(join_base(base, form))
        if path in table:
            return
        hop = model.respond(form)
        if hop.status == 200:
            return
        if hop.location is None:  # a live page's other form: only where a prefix rule would take it
            if kind != "live" or resolver.match(canonical(form)) is None:
                return
            table[path] = ServerEntry(path, None, 404, True, kind)
            return
        location, keep = _location(base, hop.location)
        table[path] = ServerEntry(path, location, hop.status, keep, kind)

    for page in sorted(inventory.pages):
        if page.endswith("/") and page != "/":
            add(page[:-1], "slash")
            add(page[:-1] + ".html", "live")
    for key in sorted(resolver.exact) + sorted(resolver.prefixes):
        for form in request_forms(key):
            add(form, "rule")
    plan = ServerPlan(exact=[table[p] for p in sorted(table)])
    for source in sorted(resolver.prefixes, key=lambda s: (-len(s), s)):
        rule = resolver.prefixes[source]
        target = rule.final
        keep = "?" not in target.split("#", 1)[0]
        file_head = None
        if rule.splat:
            path, fragment = split_splat(target)
            head = site_url(base, path)
            if not is_external(target):
                file_head = unquote(normalize_path(join_base(base, path)))
        else:
            path, _, frag = target.partition("#")
            head, fragment = site_url(base, path), ("#" + frag if frag else "")
        if fragment:
            fragment = encode_url(fragment)
        own = rule.own_output if source == rule.source else None
        plan.prefixes.append(ServerPrefix(rule, unquote(join_base(base, source)), rule.status, head, fragment, keep,
                                          unquote(join_base(base, own)) if own else None, file_head))
    return plan


def location_of(entry_location: str, query: str) -> str:
    """``entry_location`` with ``query`` (a host's placeholder for the request's query) put
    before the fragment."""
    path, sep, fragment = entry_location.partition("#")
    return path + query + sep + fragment

