"""A splat rule answers only where its target's file exists, on the real servers, also when
the target's path holds characters the host's configuration syntax treats specially ("$":
nginx variables and mod_rewrite back-references)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

import hosts
from urlkeeper.http_model import HttpModel
from urlkeeper.inventory import Inventory
from urlkeeper.renderers import RenderInput, get
from urlkeeper.resolve import Resolver
from urlkeeper.rules import Rule

SERVERS = {"nginx": hosts.NGINX, "apache": hosts.APACHE, "caddy": hosts.CADDY}


@pytest.mark.parametrize("host", sorted(SERVERS))
def test_splat_target_with_a_dollar_tests_the_right_file(tmp_path, host):
    if SERVERS[host] is None:
        pytest.skip(f"{host} not installed")
    inventory = Inventory()
    inventory.add("/en/a$1b/x/")
    rules = [Rule("/old/", "/en/a$1b/*", prefix=True, raw_source="/old/*")]
    files = get(host).render(RenderInput(rules=rules, inventory=inventory)).files
    site = tmp_path / "site"
    (site / "en" / "a$1b" / "x").mkdir(parents=True)
    (site / "en" / "a$1b" / "x" / "index.html").write_text("live\n", encoding="utf-8")
    model = HttpModel(Resolver(rules, inventory))
    assert model.respond("/old/x/").status == 301 and model.respond("/old/nope/").status == 404
    with getattr(hosts, host)(files, site, tmp_path / host) as running:
        for target in ("/old/x/", "/old/x.html", "/old/x", "/old/nope/", "/old/nope.html", "/old/"):
            want = model.respond(target)
            got = running.get(target)
            location = dict(got.headers).get("Location")  # "$" may be sent as %24: the same path
            if location and location.startswith(running.origin):  # Apache sends absolute URLs
                location = location[len(running.origin):]
            assert (got.status, location and unquote(location)) == (want.status, want.location), (host, target)
