"""A site that overrides urlkeeper's redirect page and forwarding script from its theme's
``custom_dir`` gets its own markup with the same behaviour: after a real `mkdocs build`,
headless Chromium lands on the target with the fragment (the reader's, the rule's own, or
where a forwarded anchor's content went)."""

from __future__ import annotations

import pytest
import yaml

from browser_support import Server, browser, page, requires_chromium  # noqa: F401
from conftest import build, urlkeeper, write_tree

pytestmark = [pytest.mark.browser]

PAGES = {
    "en/index.md": "# Home\n\n[New](new.md)\n",
    "en/new.md": "# New\n\n" + "Text.\n\n" * 80 + "## Usage {#usage}\n\n" + "Text.\n\n" * 80,
    "en/host.md": "# Host\n\n" + "Text.\n\n" * 80 + "## Step two {#step-2}\n\n" + "Text.\n\n" * 80,
    "en/live.md": "# Live\n\n## Own {#own}\n\nText.\n",
}
MAPS = {
    "redirects/moves.yml": """
        redirects:
          - from: /en/old/
            to: /en/new/
          - from: /en/legacy/
            to: /en/new/#usage
          - from: /en/folded/
            to: /en/host/
        """,
    "redirects/fragments/moves.yml": """
        fragments:
          /en/folded/:
            step: /en/host/#step-2
          /en/live/:
            gone: /en/new/#usage
        """,
}
# the site's own markup: another page, another script, the same values
REDIRECT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="{{ generator }}">
<title>Moved</title>
<link rel="canonical" href="{{ canonical }}">
<script>
  var target = {{ target|js }}, anchors = {{ anchors|js }}, asked = location.hash.slice(1);
  if (asked && Object.prototype.hasOwnProperty.call(anchors, asked)) target = anchors[asked];
  else if (target.indexOf("#") < 0) target += location.hash;
  location.replace(target);
</script>
</head>
<body class="our-own-redirect"><h1>This page moved</h1><a href="{{ target }}">{{ target }}</a></body>
</html>
"""
FORWARD = ('<script class="our-own-forward">(function () { var m = {{ targets|js }}, h = location.hash.slice(1);'
           ' if (Object.prototype.hasOwnProperty.call(m, h) && !document.getElementById(h)) location.replace(m[h]); })();'
           "</script>")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("override")
    write_tree(base / "docs", PAGES)
    write_tree(base, MAPS)
    write_tree(base / "overrides/urlkeeper", {"redirect.html": REDIRECT, "forward.html": FORWARD})
    cfg = {"site_name": "Override", "docs_dir": "docs", "theme": {"name": "material", "font": False, "custom_dir": "overrides"},
           "markdown_extensions": ["attr_list", "toc"], "plugins": [{"urlkeeper": {"formats": ["html"]}}]}
    (base / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    build(base)
    server = Server(base / "site")
    yield base, server
    server.close()


def test_the_build_writes_the_sites_own_markup(served):
    base, _ = served
    for old in ("en/old", "en/legacy", "en/folded", "old"):  # "old": the form without the language prefix
        text = (base / "site" / old / "index.html").read_text(encoding="utf-8")
        assert 'class="our-own-redirect"' in text and "Redirecting" not in text, old
    live = (base / "site/en/live/index.html").read_text(encoding="utf-8")
    assert 'class="our-own-forward"' in live and '"gone": "/en/new/#usage"' in live


def test_the_command_line_reads_the_override_from_mkdocs_yml(served, tmp_path):
    base, _ = served
    proc = urlkeeper("redirects", "render", "--format", "html", "-o", str(tmp_path / "out"), cwd=base)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'class="our-own-redirect"' in (tmp_path / "out/en/old/index.html").read_text(encoding="utf-8")


@requires_chromium
@pytest.mark.parametrize("old, new", [
    ("/en/old/#usage", "/en/new/#usage"),  # the reader's fragment is kept
    ("/en/legacy/", "/en/new/#usage"),  # the rule's own fragment
    ("/en/folded/#step", "/en/host/#step-2"),  # a forwarded anchor: where its content went
    ("/en/live/#gone", "/en/new/#usage"),  # a live page's forwarding script
])
def test_the_browser_lands_on_the_target_with_the_fragment(page, served, old, new):
    _, server = served
    page.goto(server.url(old))
    page.wait_for_url(lambda url: url == server.url(new))
    frag = new.partition("#")[2]
    assert page.eval_on_selector(f"[id='{frag}']", "el => el.id") == frag
