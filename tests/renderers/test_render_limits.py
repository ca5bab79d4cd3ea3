"""Host limits: HOST_LIMIT findings name the count and the documented limit."""

from __future__ import annotations

import re

from urlkeeper.findings import HOST_LIMIT, Severity
from urlkeeper.inventory import Inventory
from urlkeeper.renderers import get
from urlkeeper.renderers.nginx import _fits, _hash_key, hash_sizes
from urlkeeper.rules import Rule

from render_fixtures import make_input


def _many(n: int) -> list[Rule]:
    return [Rule(f"/en/old/page-{i:05d}/", f"/en/new/page-{i:05d}/") for i in range(n)]


def _input(rules, **kw):
    return make_input(rules=rules, inventory=Inventory(), baseline_urls=[], **kw)


def test_cloudflare_over_2000_static_rules():
    out = get("cloudflare").render(_input(_many(300)))  # 300 rules x 4 forms x 2 (language prefix) = 2,400 lines
    limits = [f for f in out.findings if f.code is HOST_LIMIT]
    assert limits, "expected a HOST_LIMIT finding"
    assert "2,400" in limits[0].message and "2,000" in limits[0].message
    assert limits[0].extra == {"count": 2400, "limit": 2000}


def test_cloudflare_under_limits_is_clean():
    out = get("cloudflare").render(_input(_many(200)))  # 1,600 lines
    assert not [f for f in out.findings if f.level > Severity.INFO]


def test_netlify_has_no_count_limit_below_its_advice():
    out = get("netlify").render(_input(_many(300)))
    assert not out.findings


def test_cloudflare_over_100_dynamic_rules():
    # prefix rules to one page (a splat rule to the site gets exact lines only): x2 with the bare form
    rules = [Rule(f"/en/s{i:03d}/", f"/en/t{i:03d}/", prefix=True) for i in range(60)]
    out = get("cloudflare").render(_input(rules))
    assert any(f.code is HOST_LIMIT and "120" in f.message and "100" in f.message for f in out.findings)


def test_cloudflare_line_length():
    long = "/en/" + "x" * 1100 + "/"
    out = get("cloudflare").render(_input([Rule("/en/short/", long)]))
    assert any(f.code is HOST_LIMIT and "1,000" in f.message for f in out.findings)


def test_azure_file_size():
    out = get("azure").render(_input(_many(100)))
    size = len(out.files["staticwebapp.config.json"].encode())
    assert size > 20_000
    limits = [f for f in out.findings if f.code is HOST_LIMIT]
    assert limits and f"{size:,}" in limits[0].message and "20 KB" in limits[0].message


def test_azure_small_is_clean():
    out = get("azure").render(_input(_many(10)))
    assert not [f for f in out.findings if f.level > Severity.INFO]  # the info: the query is not carried


def test_azure_says_which_statuses_it_cannot_send():
    rules = _many(3) + [Rule("/en/temp/", "/en/new/page-00001/", 307), Rule("/en/perm/", "/en/new/page-00002/", 308)]
    out = get("azure").render(_input(rules))
    unsupported = [f for f in out.findings if f.code.name == "host-unsupported"]
    assert unsupported and "307, 308" in unsupported[0].message and "301 or 302" in unsupported[0].message


def test_nginx_hash_sizes_come_from_the_keys():
    rules = [Rule("/en/" + "y" * 200 + f"{i}/", "/en/z/") for i in range(3000)]
    text = get("nginx").render(_input(rules)).files["nginx-redirects.conf"]
    keys = re.findall(r'^    "(/[^"]*)"', text, re.M)
    assert len(keys) == 3000 * 8  # four request forms, with and without the language prefix
    bucket, max_size = hash_sizes(keys)
    assert f"map_hash_bucket_size {bucket};" in text and f"map_hash_max_size {max_size};" in text
    assert bucket >= 4 * (8 + 216)  # four of the longest elements (pointer + key + 2, aligned)
    raw = [k.encode() for k in keys]
    elts = [8 + ((len(k) + 2 + 7) // 8) * 8 for k in raw]
    assert _fits([_hash_key(k) for k in raw], elts, max_size, bucket - 8)  # nginx finds a size up to max_size
