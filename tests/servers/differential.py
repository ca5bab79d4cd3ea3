"""The differential check: a host's final answers against the model's, URL by URL.

:func:`corpus` lists the request targets; :func:`compare` asks a running server and
:class:`urlkeeper.http_model.HttpModel` for each, follows redirects on the site, and returns
the first difference (URL, host, both answers) and the count of agreeing URLs. It also
proves, for every response, that no header but ``Location`` carries request input and that
no ``Location`` leaves the site unless the model sends the reader to an allowed host.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from urlkeeper.http_model import BAD_REQUEST, MAX_RESPONSES, Hop, HttpModel
from urlkeeper.renderers._common import encode_url
from urlkeeper.renderers._server import request_forms
from urlkeeper.urls import host_of, is_external, join_base, normalize_path, strip_language

# Headers a static server sends on its own; anything else would have come from somewhere else.
SERVER_HEADERS = {"server", "date", "content-type", "content-length", "connection", "last-modified", "etag",
                  "accept-ranges", "location", "keep-alive", "vary", "transfer-encoding", "cache-control",
                  "age", "expires", "content-security-policy", "x-content-type-options", "alt-svc",
                  # fixed security headers of the Azure Static Web Apps CLI's emulator ("contenttype" sic)
                  "strict-transport-security", "referrer-policy", "x-xss-protection", "x-dns-prefetch-control",
                  "contenttype"}
MARKER = "ukinjected"
HOSTILE = [
    "/a%0D%0ASet-Cookie:%20session=ukinjected",
    "/en/a%0D%0ASet-Cookie:%20session=ukinjected/",
    "/apps/%0D%0AX-ukinjected:%201/",
    "/%0D%0AX-ukinjected:%201",
    "/apps/x%00y/",
    "/apps/x%09y/",
    "/%5Cevil.example/",
    "/apps/%5Cevil.example/",
    "/en/legacy/%5Cevil.example/",
    "//evil.example/",
    "///evil.example/",
    "/apps//evil.example/",
    "/./en/",
    "/en/./developer-portal/",
    "/en/%2e%2e/en/",
    "/apps/%2e%2e/%2e%2e/etc/passwd",
    "/en/developer-portal/%2e%2e/",
    "/%2e%2e/en/",
    "/EN/",
    "/En/Developer-Portal/",
    "/en/DEVELOPER-PORTAL/about/",
    "/en/developer-portal/%61bout/",
    "/en/developer%2Dportal/about/",
    "/en/developer-portal/about/index.html",
    "/en/developer-portal/about.html",
    "/en/developer-portal/about/?q=%0D%0ASet-Cookie:x",
    "/apps/caf%C3%A9/",
    "/apps/a%20b/",
    "/apps/a%3Fb/",
    "/apps/a%23b/",
    "/apps/a%2Fb/",
    "/apps/a%25b/",
    "/apps/%22quote%22/",
    "/apps/%3Cscript%3E/",
    "/en/apps/$1/",
    "/apps/x;y=1/",
]


@dataclass
class Result:
    host: str
    total: int
    agreed: int
    first_difference: str | None


def corpus(model: HttpModel, rules, baseline_urls: list[str], language_prefix: str | None,
           unknown: int = 50) -> tuple[list[str], list[str]]:
    """The request targets the check sends, without duplicates, in a stable order: the
    published ones (every baseline URL with and without a query, every form of every rule
    source, every file that is not a page, every live page with and without its slash and as
    .html) and the others (URLs under prefix
    rules that were never published, unknown URLs, crafted paths)."""
    out: list[str] = []
    other: list[str] = []
    for url in baseline_urls:
        path = url.partition("#")[0]
        out += [path, path + "?q=1"]
    for rule in rules:
        keys = [rule.source]
        bare = strip_language(rule.source, language_prefix)
        if bare is not None:
            keys.append(bare)
        for key in keys:
            out += request_forms(key)
            if rule.prefix:
                other += [key + "some/page/", key + "some/page", key + "some/page.html", key + "some/index.html"]
    out += sorted(f for f in model.files if not f.endswith("/index.html"))  # files that are not pages
    for page in sorted(model.resolver.inventory.pages):
        out += [page, page + "?q=1"]
        if page.endswith("/") and page != "/":
            out += [page[:-1], page[:-1] + "?q=1", page[:-1] + ".html"]  # .html: 404, or 301 with legacy_forms
    out, other = _unique(out), _unique(other + _unknown(unknown) + HOSTILE)
    published = set(out)
    return out, [u for u in other if u not in published]


def _unique(targets: list[str]) -> list[str]:
    seen: set[str] = set()
    targets = [encode_url(u) for u in targets]  # request targets as a client sends them
    return [u for u in targets if not (u in seen or seen.add(u))]


def _unknown(count: int) -> list[str]:
    out = []
    for i in range(count):
        kind = i % 5
        out.append(["/en/nope-{}/", "/nope-{}", "/en/developer-portal/nope-{}.html", "/apps/nope-{}/x/",
                    "/en/api/nope-{}/"][kind].format(i))
    return out


def _norm(location: str | None, origin: str) -> str | None:
    if location is None:
        return None
    if location.startswith(origin + "/"):
        location = location[len(origin):]
    if is_external(location):
        return location
    path, _, fragment = location.partition("#")
    path, sep, query = path.partition("?")
    return normalize_path(path) + sep + query + ("#" + unquote(fragment) if fragment else "")


def _show(hops) -> str:
    return " -> ".join(str(h) for h in hops)


def server_answer(running, target: str, allowed_hosts: tuple[str, ...]) -> list[Hop]:
    hops: list[Hop] = []
    while True:
        resp = running.get(target)
        _check_headers(running, target, resp, allowed_hosts)
        location = resp.header("Location")
        hops.append(Hop(resp.status, _norm(location, running.origin) if 300 <= resp.status < 400 else None))
        if not (300 <= resp.status < 400) or len(hops) >= MAX_RESPONSES or location is None:
            return hops
        if is_external(hops[-1].location or ""):
            return hops
        raw = location[len(running.origin):] if location.startswith(running.origin + "/") else location
        target = raw.partition("#")[0]


def _check_headers(running, target: str, resp, allowed_hosts) -> None:
    for name, value in resp.headers:
        low = name.lower()
        assert low in SERVER_HEADERS, f"{running.name}: {target} answered with header {name}: {value}"
        if low != "location":
            assert MARKER not in value.lower(), f"{running.name}: {target}: request input in {name}: {value}"
        else:
            assert not any(ord(c) < 0x20 or ord(c) == 0x7F for c in value), f"{running.name}: {target}: control character in Location {value!r}"
            local = value[len(running.origin):] if value.startswith(running.origin) else value
            assert not local.startswith(("//", "/\\")), f"{running.name}: {target}: scheme-relative Location {value}"
            if is_external(local):
                assert host_of(local) in allowed_hosts, f"{running.name}: {target}: Location leaves the site: {value}"


def model_answer(model: HttpModel, target: str, origin: str, base: str = "") -> list[Hop]:
    """The model's answer, its site-relative Locations below the base path the host serves."""
    return [Hop(h.status, _norm(h.location if h.location is None or is_external(h.location)
                                else join_base(base, h.location), origin)) for h in model.answer(target)]


def resolve_dots(target: str) -> str:
    """The request target with its dot segments (plain or encoded) resolved, as a WHATWG URL
    parser does before any rule is looked at."""
    path, sep, query = target.partition("?")
    segments = re.sub("%2[eE]", ".", path).split("/")[1:]
    out: list[str] = []
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg in (".", ".."):
            if seg == ".." and out:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    return "/" + "/".join(out) + sep + query


def destination(hops: list[Hop]) -> tuple:
    """Where an answer ends: the final status and the path (or external URL) of the last
    redirect, without any query; what a host that drops queries and has fewer statuses can
    still agree on."""
    last = next((h.location for h in reversed(hops) if h.location), None)
    return hops[-1].status // 100, (last or "").split("?", 1)[0].split("#", 1)[0]


def compare(running, model: HttpModel, targets: list[str], allowed_hosts: tuple[str, ...] = (), stop: bool = True,
            base: str = "", resolves_dots: bool = False, index_308: bool = False,
            destinations: bool = False, authority: bool = False) -> Result:
    """Every target must agree; the first difference names the URL, the host and both answers.
    ``resolves_dots``: the host resolves ``..`` segments (:func:`resolve_dots`) where the
    model refuses the request: its answer must then be the model's for the resolved path.
    ``index_308``: the host answers a live page's ``/x/index.html`` with 308 to ``/x/`` (the
    renderer said it left the lines that serve it out), where the model serves the page.
    ``destinations``: compare only :func:`destination` (Azure: 301 or 302 only, no query).
    ``authority``: the host parses a target ``//x/y`` as a URL with host ``x`` and path ``/y``
    (a WHATWG parser given the target relative to its origin: Azure's emulator)."""
    agreed = 0
    first = None
    show_all = bool(os.environ.get("UK_SHOW_DIFFERENCES"))
    for target in targets:
        want = model_answer(model, target, running.origin, base)
        if resolves_dots and want == [Hop(BAD_REQUEST)] and resolve_dots(target) != target:
            want = model_answer(model, resolve_dots(target), running.origin, base)
        if authority and target.startswith("//"):
            want = model_answer(model, "/" + target.lstrip("/").partition("/")[2], running.origin, base)
        path, sep, query = target.partition("?")
        if index_308 and want == [Hop(200)] and path.endswith("/index.html"):
            want = [Hop(308, _norm(base + path[: -len("index.html")] + sep + query, running.origin)), Hop(200)]
        got = server_answer(running, base + target, allowed_hosts)
        if got == want or (len(want) == 1 and want[0].status == BAD_REQUEST and got in ([Hop(400)], [Hop(404)])) \
                or (destinations and destination(got) == destination(want)):
            agreed += 1
        elif show_all:
            print(f"{running.name}: GET {target}\n  server: {_show(got)}\n  model:  {_show(want)}")
            first = first or "differences above"
        elif first is None:
            first = f"{running.name}: GET {target}\n  server: {_show(got)}\n  model:  {_show(want)}"
            if stop:
                break
    return Result(running.name, len(targets), agreed, first)


def site_files(site: Path) -> set[str]:
    """The decoded site-relative paths of every file in a served folder."""
    return {"/" + p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}

