"""The rendered Cloudflare Pages _redirects, evaluated the way Cloudflare's asset server does
(``asset-server/handler.ts`` of ``@cloudflare/pages-shared``: static rules by exact path, then
dynamic rules in order, rules before files, the request's query kept unless the target has
one, 200 rules serve the target's file), answers every old URL, every live page and its
slashless form like urlkeeper's model. No Cloudflare engine runs locally, so this is a
reading of its code, not a server: the real-server tests are in tests/servers."""

from __future__ import annotations

import re
from urllib.parse import unquote

from urlkeeper.http_model import Hop, HttpModel
from urlkeeper.renderers import get
from urlkeeper.renderers._common import encode_url
from urlkeeper.resolve import Resolver

from render_fixtures import make_input, old_forms


def parse(text: str):
    static, dynamic = {}, []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        src, dst, status = line.split()
        if "*" in src:
            dynamic.append((re.compile("^" + re.escape(src).replace(r"\*", "(?P<splat>.*)") + "$"), dst, int(status)))
        else:
            static.setdefault(src, (dst, int(status)))
    return static, dynamic


def respond(rules, files, path: str, query: str) -> Hop:
    static, dynamic = rules
    match = static.get(path)
    if match is None:
        for pattern, dst, status in dynamic:
            m = pattern.match(path)
            if m:
                match = (dst.replace(":splat", m.group("splat")), status)
                break
    if match is not None:
        dst, status = match
        if status != 200:
            head, _, fragment = dst.partition("#")
            if "?" not in head and query:
                head += "?" + query
            return Hop(status, head + (f"#{fragment}" if fragment else ""))
        path = dst.partition("#")[0].partition("?")[0]
    plain = unquote(path)
    if plain.endswith("/"):
        return Hop(200) if plain + "index.html" in files else Hop(404)
    if plain in files:
        return Hop(308, path[: -len("index.html")]) if plain.endswith("/index.html") else Hop(200)
    return Hop(308, path + "/") if plain + "/index.html" in files else Hop(404)


def test_cloudflare_answers_like_the_model():
    data = make_input()
    rules = parse(get("cloudflare").render(data).files["_redirects"])
    model = HttpModel(Resolver(data.rules, data.inventory, data.language_prefix))
    files = model.files
    targets = old_forms(data) + sorted(data.inventory.pages)
    targets += [p[:-1] for p in data.inventory.pages if p.endswith("/") and p != "/"]
    assert len(targets) > 70
    for target in targets:
        for query in ("", "q=1"):
            path = encode_url(target)
            want = model.respond(path + (f"?{query}" if query else ""))
            got = respond(rules, files, path, query)
            assert (got.status, unquote(got.location or "")) == (want.status, unquote(want.location or "")), \
                f"{path}?{query}: Cloudflare {got}, model {want}"


def _catch_all_input(files: set[str], pages: int = 2, target: str = "/en/*"):
    from urlkeeper.inventory import Inventory
    from urlkeeper.renderers import RenderInput
    from urlkeeper.rules import Rule, parse_source
    from urlkeeper.validate import validate

    inventory = Inventory()
    for i in range(pages):
        inventory.add(f"/en/p{i}/")
    inventory.files = set(files)
    key, prefix = parse_source("/*")
    found, valid = validate([Rule(key, target, 301, prefix, raw_source="/*")], inventory)
    assert not [f for f in found if f.code.bad_input]
    return RenderInput(rules=valid, language_prefix="/en", inventory=inventory)


def test_splat_catch_all_is_exact_lines_only():
    """A splat rule to the site (/* -> /en/*) answers only where its target is served: it gets
    an exact line for every such path and no wildcard line, so files are served and unknown
    URLs get the host's 404 (an HTML file still gets a rewrite to its name without .html)."""
    out = get("cloudflare").render(_catch_all_input({"/assets/css/x.css", "/robots.txt", "/404.html", "/en/404.html"}))
    lines = [line for line in out.files["_redirects"].splitlines() if line and not line.startswith("#")]
    assert not any("*" in line for line in lines)
    assert "/p0/ /en/p0/ 301" in lines and "/p1.html /en/p1/ 301" in lines
    assert "/404.html /404 200" in lines and "/en/404.html /en/404 200" in lines
    assert not any(line.startswith(("/robots.txt", "/assets")) for line in lines)


def test_files_under_a_catch_all_are_served_not_redirected():
    """Cloudflare follows rules before files: the site's files under /* -> /en/p0/ (a prefix
    rule to one page, which keeps a wildcard line) get lines that serve them (a folder of files
    one wildcard line before the catch-all; an HTML file a rewrite to its name without .html,
    which Cloudflare's asset server answers with the file)."""
    out = get("cloudflare").render(_catch_all_input({"/assets/css/x.css", "/assets/y.js", "/robots.txt", "/404.html",
                                                     "/en/404.html"}, target="/en/p0/"))
    lines = [line for line in out.files["_redirects"].splitlines() if line and not line.startswith("#")]
    assert "/robots.txt /robots.txt 200" in lines
    assert "/404.html /404 200" in lines and "/en/404.html /en/404 200" in lines
    assert lines.index("/assets/* /assets/:splat 200") < lines.index("/* /en/p0/ 301")
    assert not any(line.startswith("/assets/css") for line in lines)  # one line for the folder
    assert not any(f.code.name == "host-approximate" and "stylesheets" in f.message for f in out.findings)


def test_index_rewrites_left_out_only_past_the_static_limit():
    """/x/index.html /x/ 200 per live page while they fit; past 2,000 static lines they go, and an
    info finding says Cloudflare then answers those addresses with 308 to /x/."""
    small = get("cloudflare").render(_catch_all_input(set(), pages=10))
    assert "/en/p3/index.html /en/p3/ 200" in small.files["_redirects"]
    # a splat catch-all has five lines per live page without them (its forms and the folder's
    # own slash form): 350 pages fit in 2,000 static lines only without the index rewrites
    big = get("cloudflare").render(_catch_all_input(set(), pages=350))
    assert "/en/p3/index.html" not in big.files["_redirects"]
    assert any("/x/index.html" in f.message and f.level.name == "INFO" for f in big.findings)
    assert not any(f.code.name == "host-limit" for f in big.findings)
