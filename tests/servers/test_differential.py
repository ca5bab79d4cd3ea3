"""Differential tests: real servers on 127.0.0.1 with the rendered config answer every URL of the
corpus exactly like urlkeeper's model (status and Location chain), and never put request
input into a header or send a reader off-site.

Each host is skipped, with one reason, when its program is missing. ``.ci/run`` installs them.
"""

from __future__ import annotations

import pytest

import hosts
from urlkeeper.findings import HOST_APPROXIMATE, HOST_LIMIT, Severity
from differential import compare, corpus
from sites import fixture_site, portal_site

HOSTS = {
    "nginx": (hosts.NGINX, "nginx", "nginx not installed (apt-get install nginx)"),
    "apache": (hosts.APACHE, "apache", "Apache httpd not installed (apt-get install apache2)"),
    "caddy": (hosts.CADDY, "caddy", "Caddy not installed (apt-get install caddy)"),
    "netlify": (hosts.NODE if hosts.REDIRECTOR.is_dir() else None, "netlify",
                "node or netlify-redirector missing (apt-get install nodejs npm; npm ci in tests/servers)"),
    "azure": (hosts.NODE if hosts.SWA_CLI.is_file() else None, "azure",
              "node or @azure/static-web-apps-cli missing (apt-get install nodejs npm; npm ci in tests/servers)"),
    "cloudflare": (hosts.NODE if hosts.PAGES_SHARED.is_dir() else None, "cloudflare",
                   "node or @cloudflare/pages-shared missing (apt-get install nodejs npm; npm ci in tests/servers)"),
}
# Hosts that resolve ".." segments (a WHATWG URL parser) before any rule, where the model
# refuses the request: they must answer as the model does for the resolved path.
RESOLVES_DOTS = {"cloudflare", "azure"}
ROOT_ONLY = {"netlify", "cloudflare", "azure"}  # hosts that serve a site from its root (no base path)
# Hosts compared by destination only (final status class and the path reached, without the
# query): Azure Static Web Apps redirects with 301 or 302 only and drops the query, and its
# routes cannot keep the rest of a path (the renderer's HOST_UNSUPPORTED/APPROXIMATE say so).
DESTINATIONS = {"azure"}


@pytest.fixture(scope="module", params=[{}, {"base": "/docs"}, {"legacy_html": True}],
                ids=["root", "base-path", "legacy-html"])
def fixture(request, tmp_path_factory):
    return fixture_site(tmp_path_factory.mktemp("fixture-site"), **request.param)


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    return portal_site(tmp_path_factory.mktemp("portal"))


def _run(site, host: str, tmp_path):
    program, starter, reason = HOSTS[host]
    if program is None:
        pytest.skip(reason)
    if site.base and host in ROOT_ONLY:
        pytest.skip(f"{host} serves a site from its root")
    rendered = site.render(host)
    over = [f for f in rendered.findings if f.code is HOST_LIMIT and f.level is Severity.ERROR]
    if over and host == "azure":  # urlkeeper refuses the file: the emulator warns of the same limit
        with getattr(hosts, starter)(rendered.files, site.folder, tmp_path / host, site.base) as running:
            running.get("/")  # it reads its configuration on the first request
        assert "The maximum size is 20 KB" in (tmp_path / host / "stdout.log").read_text(errors="replace")
    elif over:  # urlkeeper refuses the file (exit 1): the host's own parser must refuse it too
        with pytest.raises(AssertionError, match="did not start"):
            with getattr(hosts, starter)(rendered.files, site.folder, tmp_path / host, site.base):
                pass
    if over:
        pytest.skip(f"{host} on {site.name}: over the host's limit, refused by urlkeeper; the host's own check agrees: {over[0].message}")
    model = site.model()
    published, other = corpus(model, site.data.rules, site.baseline, site.data.language_prefix)
    for target in published + other:  # the model itself: at most one redirect, and it lands on a live page
        hops = model.answer(target)
        assert len(hops) == 1 or (len(hops) == 2 and hops[1].status == 200), (target, [str(h) for h in hops])
    with getattr(hosts, starter)(rendered.files, site.folder, tmp_path / host, site.base) as running:
        exact = compare(running, model, published, site.data.allowed_hosts, base=site.base,
                        destinations=host in DESTINATIONS, authority=host == "azure")
        rest = compare(running, model, other, site.data.allowed_hosts, base=site.base, resolves_dots=host in RESOLVES_DOTS,
                       index_308=_left_out_index_lines(rendered),
                       destinations=host in DESTINATIONS, authority=host == "azure")
    kind = " (destinations)" if host in DESTINATIONS else ""
    print(f"{host} on {site.name}: published URLs {exact.agreed} of {exact.total} agree{kind}, other URLs "
          f"{rest.agreed} of {rest.total}")
    assert exact.first_difference is None, exact.first_difference
    assert rest.first_difference is None, rest.first_difference
    return exact.total + rest.total


def _left_out_index_lines(rendered) -> bool:
    """Whether the renderer said it left out the lines that serve /x/index.html (Cloudflare
    Pages, over its static limit otherwise)."""
    return any(f.code is HOST_APPROXIMATE and "/x/index.html" in f.message for f in rendered.findings)


@pytest.mark.parametrize("host", sorted(HOSTS))
def test_fixture(fixture, host, tmp_path):
    assert _run(fixture, host, tmp_path) > 250


@pytest.mark.slow
@pytest.mark.parametrize("host", sorted(HOSTS))
def test_portal(portal, host, tmp_path):
    assert _run(portal, host, tmp_path) > 1500
