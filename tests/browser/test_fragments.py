"""Fragments follow their content, in headless Chromium: after a real `urlkeeper apply` and a
real `mkdocs build` with the urlkeeper plugin, an old folded-page URL with its own anchor
lands on that heading in the host page, and an old anchor of a path another page took over
lands on the content's new home."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from browser_support import Server, browser, page, requires_chromium  # noqa: F401
from conftest import build, urlkeeper, write_tree

pytestmark = [pytest.mark.browser, requires_chromium]

FILLER = "Apps call the REST API of the platform on behalf of a tenant.\n\n" * 12

PAGES = {
    "en/index.md": "# Home\n\n[Beta steps](apps/beta.md#step-3), [partners](x/overview.md#partner), [team](x/about.md#team)\n",
    "en/apps/beta.md": f"# Beta\n\n{FILLER}## Overview\n\n{FILLER}## Step 3 {{#step-3}}\n\n{FILLER}",
    "en/guide/publish.md": f"# Publish\n\n## Overview\n\n{FILLER}## Release\n\n{FILLER}",
    "en/x/overview.md": f"# Overview\n\n{FILLER}## Partner {{#partner}}\n\n{FILLER}",
    "en/x/about.md": f"# About\n\n{FILLER}## Team {{#team}}\n\n{FILLER}",
}
PLAN = """
moves:
  - from: en/apps/beta.md
    to: en/guide/publish.md#beta
  - from: en/x/overview.md
    to: en/x/about.md
  - from: en/x/about.md
    to: en/x/team.md
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("fragments")
    write_tree(base / "docs", PAGES)
    write_tree(base, {"redirects/plans/merge.yml": PLAN})
    cfg = {"site_name": "Fragments", "site_url": "https://docs.example.com/", "docs_dir": "docs",
           "theme": {"name": "material", "font": False}, "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}],
           "plugins": [{"urlkeeper": {"formats": ["html"]}}]}
    (base / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    build(base)
    proc = urlkeeper("inventory", "site", "-o", "redirects/baselines/before.txt", cwd=base)
    assert proc.returncode == 0, proc.stderr
    proc = urlkeeper("apply", "redirects/plans/merge.yml", cwd=base)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    build(base)
    server = Server(base / "site")
    yield base, server
    server.close()


def lands_on(tab, server, old: str, new: str, heading: str) -> None:
    tab.goto(server.url(old))
    tab.wait_for_url(lambda url: url == server.url(new))
    frag = new.partition("#")[2]
    assert tab.eval_on_selector(f"[id='{frag}']", "el => el.textContent").startswith(heading)
    tab.wait_for_function(
        f"() => {{ const r = document.getElementById({json.dumps(frag)}).getBoundingClientRect();"
        " return r.top >= -2 && r.top < window.innerHeight / 2; }")


def test_old_folded_page_url_with_its_own_anchor_lands_on_that_heading(page, served):
    base, server = served
    forwards = yaml.safe_load((base / "redirects/fragments/merge.yml").read_text())["fragments"]
    assert forwards["/en/apps/beta/"]["step-3"] == "/en/guide/publish/#step-3"
    assert forwards["/en/apps/beta/"]["overview"] == "/en/guide/publish/#overview-beta"
    lands_on(page, server, "/en/apps/beta/#step-3", "/en/guide/publish/#step-3", "Step 3")
    lands_on(page, server, "/en/apps/beta/#overview", "/en/guide/publish/#overview-beta", "Overview")
    # without a fragment, or with one the page never had: the section, as the rule says
    page.goto(server.url("/en/apps/beta/"))
    page.wait_for_url(lambda url: url == server.url("/en/guide/publish/#beta"))


def test_reused_paths_old_anchor_lands_on_the_contents_new_home(page, served):
    _, server = served
    lands_on(page, server, "/en/x/about/#team", "/en/x/team/#team", "Team")
    # the page that took the path keeps its own anchors
    page.goto(server.url("/en/x/about/#partner"))
    page.wait_for_function("() => document.getElementById('partner') !== null")
    assert page.url == server.url("/en/x/about/#partner")


def test_check_counts_forwarded_anchors_as_resolved_and_only_those(served, tmp_path):
    base, _ = served
    proc = urlkeeper("check", "--format", "json", cwd=base)
    findings = [f for f in json.loads(proc.stdout)["findings"] if f["severity"] != "info"]
    assert proc.returncode == 0 and findings == [], proc.stdout
    moved = base / "redirects/fragments/merge.yml"
    saved = moved.read_text()
    moved.unlink()
    try:
        proc = urlkeeper("check", "--format", "json", cwd=base)
    finally:
        moved.write_text(saved)
    urls = {f.get("url") for f in json.loads(proc.stdout)["findings"] if f["severity"] != "info"}
    assert proc.returncode == 1 and "/en/x/about/#team" in urls, proc.stdout


def test_check_reports_a_forwarding_entry_whose_target_is_gone(served):
    base, _ = served
    moved = base / "redirects/fragments/merge.yml"
    saved = moved.read_text()
    moved.write_text(saved.replace('"/en/x/team/#team"', '"/en/x/team/#squad"'))
    try:
        proc = urlkeeper("check", "--format", "json", cwd=base)
    finally:
        moved.write_text(saved)
    bad = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "UK601"]
    assert proc.returncode == 1 and len(bad) == 1, proc.stdout
    assert bad[0]["message"] == "/en/x/about/#team is forwarded to /en/x/team/#squad, but /en/x/team/ has no anchor #squad"
    assert bad[0]["file"].endswith("redirects/fragments/merge.yml") and bad[0]["line"] > 2


def test_redirect_page_and_script_escape_what_they_embed():
    from urlkeeper import fragments
    from urlkeeper.renderers.html_pages import page as stub

    nasty = {"</script><b>": "/en/x/#a", "a": "/en/y/#</script>"}
    for html in (fragments.script(nasty), stub("/en/z/", "https://docs.example.com/en/z/", nasty)):
        assert html.count("</script>") == 1 and "<b>" not in html
    node = subprocess.run(["node", "-e", "process.stdout.write(JSON.stringify(" + fragments.js_literal(nasty) + "))"],
                          capture_output=True, text=True)
    if node.returncode == 0:
        assert json.loads(node.stdout) == nasty
