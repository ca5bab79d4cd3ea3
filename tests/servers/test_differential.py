"""Differential tests: real servers on 127.0.0.1 with the rendered config answer every URL of the
corpus exactly like urlkeeper's model (status and Location chain), and never put request
input into a header or send a reader off-site.

Each host is skipped, with one reason, when its program is missing. ``.ci/run`` installs them.
"""

from __future__ import annotations

import pytest

import hosts
from differential import compare, corpus
from sites import fixture_site, portal_site

HOSTS = {
    "nginx": (hosts.NGINX, "nginx", "nginx not installed (apt-get install nginx)"),
    "apache": (hosts.APACHE, "apache", "Apache httpd not installed (apt-get install apache2)"),
    "caddy": (hosts.CADDY, "caddy", "Caddy not installed (apt-get install caddy)"),
}


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    return fixture_site(tmp_path_factory.mktemp("fixture-site"))


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    return portal_site(tmp_path_factory.mktemp("portal"))


def _run(site, host: str, tmp_path):
    program, starter, reason = HOSTS[host]
    if program is None:
        pytest.skip(reason)
    files = site.render(host).files
    model = site.model()
    targets = corpus(model, site.data.rules, site.baseline, site.data.language_prefix)
    with getattr(hosts, starter)(files, site.folder, tmp_path / host) as running:
        result = compare(running, model, targets, site.data.allowed_hosts)
    print(f"{host} on {site.name}: {result.agreed} of {result.total} URLs agree")
    assert result.first_difference is None, result.first_difference
    return result


@pytest.mark.parametrize("host", sorted(HOSTS))
def test_fixture(fixture, host, tmp_path):
    result = _run(fixture, host, tmp_path)
    assert result.total > 150


@pytest.mark.slow
@pytest.mark.parametrize("host", sorted(HOSTS))
def test_portal(portal, host, tmp_path):
    result = _run(portal, host, tmp_path)
    assert result.total > 450
