"""The rendered nginx file passes `nginx -t` without a warning for large rule sets too, with
only the directives its header lists (the hash sizes come from the data)."""

from __future__ import annotations

import pytest

import hosts
from urlkeeper.inventory import Inventory
from urlkeeper.renderers import RenderInput, get
from urlkeeper.rules import Rule

pytestmark = pytest.mark.skipif(hosts.NGINX is None, reason="nginx not installed (apt-get install nginx)")


@pytest.mark.parametrize("count,length", [(10, 10), (5000, 20), (2000, 180)])
def test_nginx_t_is_clean(tmp_path, count, length):
    inventory = Inventory()
    inventory.add("/en/new/")
    rules = [Rule(f"/en/old/{'p' * length}-{i:05d}/", "/en/new/") for i in range(count)]
    rules.append(Rule("/en/gone/", "/en/new/*", prefix=True))
    text = get("nginx").render(RenderInput(rules=rules, inventory=inventory)).files["nginx-redirects.conf"]
    include = tmp_path / "nginx-redirects.conf"
    include.write_text(text, encoding="utf-8")
    (tmp_path / "site").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(hosts.nginx_config(text, include, tmp_path / "site", hosts.free_port(), tmp_path), encoding="utf-8")
    result = hosts.nginx_test(conf, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr, result.stderr
