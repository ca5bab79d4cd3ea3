"""Host limits: HOST_LIMIT findings name the count and the documented limit."""

from __future__ import annotations

from urlkeeper.findings import HOST_LIMIT
from urlkeeper.inventory import Inventory
from urlkeeper.renderers import get
from urlkeeper.rules import Rule

from render_fixtures import make_input


def _many(n: int) -> list[Rule]:
    return [Rule(f"/en/old/page-{i:05d}/", f"/en/new/page-{i:05d}/") for i in range(n)]


def _input(rules, **kw):
    return make_input(rules=rules, inventory=Inventory(), baseline_urls=[], **kw)


def test_netlify_over_2000_static_rules():
    out = get("netlify").render(_input(_many(400)))  # 400 rules x 6 forms = 2,400 lines
    limits = [f for f in out.findings if f.code is HOST_LIMIT]
    assert limits, "expected a HOST_LIMIT finding"
    assert "2,400" in limits[0].message and "2,000" in limits[0].message
    assert limits[0].extra == {"count": 2400, "limit": 2000}


def test_netlify_under_limits_is_clean():
    out = get("netlify").render(_input(_many(300)))  # 1,800 lines
    assert not out.findings


def test_netlify_over_100_dynamic_rules():
    rules = [Rule(f"/en/s{i:03d}/", f"/en/t{i:03d}/*", prefix=True) for i in range(60)]  # x2 with the bare form
    out = get("netlify").render(_input(rules))
    assert any(f.code is HOST_LIMIT and "120" in f.message and "100" in f.message for f in out.findings)


def test_netlify_line_length():
    long = "/en/" + "x" * 1100 + "/"
    out = get("netlify").render(_input([Rule("/en/short/", long)]))
    assert any(f.code is HOST_LIMIT and "1,000" in f.message for f in out.findings)


def test_azure_file_size():
    out = get("azure").render(_input(_many(100)))
    size = len(out.files["staticwebapp.config.json"].encode())
    assert size > 20_000
    limits = [f for f in out.findings if f.code is HOST_LIMIT]
    assert limits and f"{size:,}" in limits[0].message and "20 KB" in limits[0].message


def test_azure_small_is_clean():
    out = get("azure").render(_input(_many(10)))
    assert not out.findings


def test_nginx_recommends_hash_sizes():
    rules = [Rule("/en/" + "y" * 200 + f"{i}/", "/en/z/") for i in range(3000)]
    text = get("nginx").render(_input(rules)).files["nginx-redirects.conf"]
    assert "map_hash_bucket_size 256;" in text
    assert "map_hash_max_size 32768;" in text  # 18,000 exact keys
