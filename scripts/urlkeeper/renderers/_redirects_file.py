"""The ``_redirects`` syntax Netlify and Cloudflare Pages share (``from to status``, first match
wins, ``*`` ending a source, ``:splat`` in the target), built from the shared server plan.

Lines, in order:

1. static lines: every exact path of the plan (a live page's other form that a prefix rule
   would take answers 404 through the site's ``/404.html``), then every request form of
   every path a splat rule sends to a live page or file (and of the published URLs under it):
   a splat answers only where its target is served (:mod:`urlkeeper.http_model`), which
   ``_redirects`` cannot test, so a splat rule to the site gets these exact lines and no
   wildcard line; an unknown URL under it gets the host's own 404;
2. dynamic lines: the prefix rules to one page and the splat rules to another site, longest
   first.

A splat rule to another site keeps its wildcard line: neither host lets a splat take only
plain characters or fold ``x.html``, so :data:`urlkeeper.findings.HOST_APPROXIMATE` says
so (info).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import HOST_APPROXIMATE, Finding, Severity
from ..resolve import Resolver
from ..urls import is_external, join_base, split_url
from ._common import encode_url
from ._server import ServerPlan, build, http_model, request_forms
from .base import RenderInput


@dataclass
class Lines:
    static: list[tuple[str, object]] = field(default_factory=list)  # (line, rule or None)
    dynamic: list[tuple[str, object]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    plan: ServerPlan | None = None
    wild: list = field(default_factory=list)  # the plan's prefix rules that have a wildcard line


# Cloudflare Pages accepts no 404 status in _redirects (200, 301, 302, 303, 307 and 308 only):
# there a 404 is a rewrite (200) to a path no file has, which its asset server answers with the
# site's 404.html and status 404, as for any unknown URL.
NO_FILE = "/.urlkeeper/not-found/"
INDEX_REWRITE = "index-rewrite"  # marks the /x/index.html /x/ 200 lines of _passthrough


def _not_found(base: str, rewrite: bool) -> str:
    if rewrite:
        return encode_url(join_base(base, NO_FILE)) + " 200"
    return encode_url(join_base(base, "/404.html")) + " 404"


def build_lines(data: RenderInput, host: str, keep_slash_forms: bool, passthrough_live: bool,
                live_under_splats: bool = False, rewrite_not_found: bool = False, fold_splats: bool = False) -> Lines:
    """The lines for ``host`` ("Netlify" or "Cloudflare Pages", for messages).

    ``keep_slash_forms``: write lines for live folders asked without their slash (a host that
    does not add the slash itself). ``passthrough_live``: write the lines of
    :func:`_passthrough` (a host whose rules win over files). ``live_under_splats``:
    also write exact lines for every form of the paths a splat rule would send to a live
    page (``/old/x``, ``/old/x.html``, ``/old/x/index.html``), and 404 lines for the live
    pages a splat must not reach (a rest with characters other than plain ones).
    ``rewrite_not_found``: answer 404 through a rewrite to :data:`NO_FILE` (Cloudflare).
    ``fold_splats``: before each splat rule, two wildcard lines that fold ``x/index.html`` and
    ``x.html`` to ``x/`` (a host whose ``*`` may stand inside a source: Cloudflare), instead
    of one exact line per such form.
    """
    plan = build(data)
    base = data.base_path
    out = Lines(plan=plan)
    seen: set[str] = set()

    def add(path: str, location: str | None, status: int, rule) -> None:
        if path in seen:
            return
        seen.add(path)
        if location is None:
            out.static.append((f"{encode_url(path)} {_not_found(base, rewrite_not_found)}", rule))  # plan paths carry the base path
        else:
            out.static.append((f"{encode_url(path)} {location} {status}", rule))

    for e in plan.exact:
        if e.kind == "slash" and not keep_slash_forms:
            continue
        add(e.path, e.location, e.status, None)
    under_splats(data, plan, add, live_under_splats, fold_splats)
    out.wild = [p for p in plan.prefixes if not (p.splat and p.file_head is not None)]
    if passthrough_live:
        _passthrough(data, plan, seen, out)
    for p in out.wild:  # a splat rule to the site has no line: the exact ones above are all it answers
        if p.own_output:
            own = encode_url(p.own_output)
            out.dynamic.append((f"{own}* {own}:splat 200", p.rule))
            add(p.own_output[:-1] + ".html", None, 404, p.rule)
        if p.splat and fold_splats:
            folded = f"{p.head}:splat/{p.fragment} {p.status}"
            out.dynamic += [(f"{encode_url(p.source)}*/index.html {folded}", p.rule),
                            (f"{encode_url(p.source)}*.html {folded}", p.rule)]
        target = p.head + (":splat" if p.splat else "") + p.fragment
        out.dynamic.append((f"{encode_url(p.source)}* {target} {p.status}", p.rule))
        if p.splat and p.source == join_base(base, p.rule.source):
            out.findings.append(Finding(HOST_APPROXIMATE, _splat_note(p.rule.raw_source, host),
                                        p.rule.file, p.rule.line, p.rule.raw_source, Severity.INFO))
    for p in plan.prefixes:
        if p.status in (307, 308) and host == "Netlify":
            out.findings.append(Finding(
                HOST_APPROXIMATE, f"rule {p.rule.raw_source} ({p.status}): Netlify passes the query on only for 200, 301 "
                "and 302 rules", p.rule.file, p.rule.line, p.rule.raw_source))
    lossy = [e.path for e in plan.rules() if e.status in (307, 308) and e.keep_query]
    if lossy and host == "Netlify":
        out.findings.append(Finding(
            HOST_APPROXIMATE, f"{len(lossy)} paths redirect with 307 or 308 (first: {lossy[0]}): Netlify passes the "
            "query on only for 200, 301 and 302 rules", None, None, lossy[0]))
    return out


def _passthrough(data: RenderInput, plan: ServerPlan, seen: set[str], out: Lines) -> None:
    """For a host whose rules win over files and whose asset server answers ``/x/index.html``
    with a redirect to ``/x/`` (Cloudflare Pages): ``/x/ /x/ 200`` for the live pages under a
    prefix rule, and ``/x/index.html /x/ 200`` for every live page (a rewrite to the folder
    serves its index page, as the model does)."""
    base = data.base_path
    live = sorted(data.inventory.pages) if data.inventory is not None else []
    under = {page for p in out.wild for page in live if taken_by(join_base(base, page), p)}
    for page in live:
        page_url = encode_url(join_base(base, page))
        lines = [(page_url, page_url, None)] if page in under else []
        if page_url.endswith("/"):
            lines.append((page_url + "index.html", page_url, INDEX_REWRITE))
        for url, target, kind in lines:
            if url not in seen:
                seen.add(url)
                out.static.append((f"{url} {target} 200", kind))


def taken_by(path: str, p) -> bool:
    """Whether the prefix rule ``p`` would take ``path`` on a host whose rules win over files
    (its own output is kept by a line of its own)."""
    return path.startswith(p.source) and not (p.own_output and path.startswith(p.own_output))


def _splat_note(source: str, host: str) -> str:
    return (f"prefix rule {source}: {host} keeps the rest of the path as it is sent, so URLs under it that no "
            "baseline lists are not folded (x.html, x without its slash) and unusual characters are carried along "
            "to the other site; published URLs get exact lines")


def under_splats(data: RenderInput, plan: ServerPlan, add, live: bool = False, folded: bool = False) -> None:
    """Exact lines for every form of the published URLs that only a splat rule covers (and,
    with ``live``, of the paths a splat rule would send to a live page)."""
    model = http_model(data)
    resolver, inventory = model.resolver, model.resolver.inventory
    base = data.base_path
    keys: list[str] = []
    for key in sorted(data.baseline_urls):
        keys.append(key)
        if data.language_prefix and key.startswith(data.language_prefix + "/"):
            keys.append(key[len(data.language_prefix):])
    if live:
        keys += sorted(_sent_to_live(resolver) - set(keys))
    for k in keys:
        if k in inventory.pages:
            continue
        found = resolver.match(k)
        if found is not None and not found[0].splat:
            continue
        if found is None and not live:
            continue
        wildcard = found is not None and is_external(found[0].final)  # only those keep a wildcard line
        for form in request_forms(k):
            if wildcard and (form == k or (folded and form.endswith(".html"))):
                continue  # the splat line (or its folding lines) answers it as the model does
            hop = model.respond(form)
            if hop.location is not None and 300 <= hop.status < 400:
                location = encode_url(join_base(base, hop.location.split("?", 1)[0]))
                add(join_base(base, form), location, hop.status, found[0] if found else None)


def _sent_to_live(resolver: Resolver) -> set[str]:
    """Every key that a splat rule's source covers and whose rest, carried along, names a live
    page (``/old/x/`` for ``/old/* -> /new/*`` and a live ``/new/x/``), whether or not the
    model lets the rule take it."""
    out: set[str] = set()
    pages = set(resolver.inventory.pages) | set(resolver.inventory.files)
    for source, rule in resolver.prefixes.items():
        if not rule.splat or is_external(rule.final):
            continue
        head = split_url(rule.final)[0][:-1]
        own = rule.own_output
        for page in pages:
            if page.startswith(head) and not (own and source == rule.source and (source + page[len(head):]).startswith(own)):
                out.add(source + page[len(head):])
    return out
