"""Rebuilds in one process, as `mkdocs serve` runs them: the plugin reuses what did not change
(anchors of unchanged pages, the check of unchanged maps, baselines and pages), sees every
change (an edited heading, an edited baseline), counts the pages a dirty build did not render,
and writes a host file only when its bytes change."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from test_plugin import RULES, build, plugin_project

# Two rebuilds in a child process (the test process keeps no plugin state): after each build the
# inventory file and the plugin's log line are printed.
SCRIPT = textwrap.dedent("""
    import logging, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    lines = []
    class Keep(logging.Handler):
        def emit(self, record):
            if record.name.endswith("urlkeeper"):
                lines.append(record.levelname + " " + record.getMessage())
    logging.getLogger("mkdocs.plugins.urlkeeper").addHandler(Keep())
    logging.getLogger("mkdocs").setLevel(logging.INFO)

    def once(tag, dirty=False):
        lines.clear()
        build(load_config("mkdocs.yml"), dirty=dirty)
        print(tag, "INVENTORY", Path("inv.txt").read_text().replace("\\n", " "))
        for line in lines:
            print(tag, line)

    once("first")
    Path("docs/en/developer-portal/about.md").write_text("# About the portal\\n\\n## Scope {#scope}\\n")
    once("heading")
    Path("redirects/baselines/old.txt").write_text("/en/developer-portal/about/#roles\\n")
    once("baseline")
    host_file = Path("site") / "redirects.json"
    before = host_file.stat().st_mtime_ns
    once("dirty", dirty=True)  # `mkdocs serve --dirty`: the site is not cleaned
    print("kept", host_file.stat().st_mtime_ns == before)
    host_file.write_text("stale")
    once("stale", dirty=True)
    print("fixed", host_file.read_text() != "stale")
""")


def test_serve_rebuilds_see_every_change(tmp_path):
    p = plugin_project(tmp_path, RULES, "/en/apps/overview/\n", formats=("json",), write_inventory="inv.txt")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=p, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = {}
    for line in proc.stdout.splitlines():
        tag, _, rest = line.partition(" ")
        out.setdefault(tag, []).append(rest)
    assert "/en/developer-portal/about/#roles" in out["first"][0]
    # The edited page's anchors are read again: #roles is gone, #scope is there.
    assert "/en/developer-portal/about/#scope" in out["heading"][0] and "#roles" not in out["heading"][0]
    # The edited baseline is read again: its URL's anchor is now missing.
    assert any("UK203" in line or "no anchor #roles" in line for line in out["baseline"]), out["baseline"]
    # A dirty build renders no page, yet checks the same site (pages it did not render count).
    assert [x for x in out["dirty"] if x.startswith("WARNING")] == [x for x in out["baseline"] if x.startswith("WARNING")]
    # A host file whose bytes are on disk is left alone; one that differs is written again.
    assert out["kept"] == ["True"] and out["fixed"] == ["True"]


def test_a_dirty_build_rewrites_a_redirect_page_only_when_its_bytes_change(tmp_path):
    p = plugin_project(tmp_path, RULES, "", formats=("html",))
    build(p)
    page = p / "site" / "en" / "apps" / "overview" / "index.html"
    assert "/en/developer-portal/about/" in page.read_text()
    before = page.stat().st_mtime_ns
    build(p, "--dirty")
    assert page.stat().st_mtime_ns == before  # the same bytes: not written again
    (p / "redirects" / "merge.yml").write_text(RULES.replace("/en/developer-portal/about/", "/en/api/reference/"))
    build(p, "--dirty")
    assert "/en/api/reference/" in page.read_text() and "/en/developer-portal/about/" not in page.read_text()


EDIT_TEMPLATE = textwrap.dedent("""
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    page = Path("site/en/apps/overview/index.html")
    template = Path("overrides/urlkeeper/redirect.html")
    for text in ("first {{ target }}", "second {{ target }}"):
        template.write_text(text)
        build(load_config("mkdocs.yml"))
        print(page.read_text())
""")


def test_a_rebuild_sees_an_edited_template_override(tmp_path):
    # `mkdocs serve` watches the theme's custom_dir: an edited override is rendered again
    # though no map, baseline or page changed
    p = plugin_project(tmp_path, RULES, "", formats=("html",))
    config = p / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: mkdocs", "name: mkdocs\n  custom_dir: overrides"))
    (p / "overrides" / "urlkeeper").mkdir(parents=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-c", EDIT_TEMPLATE], cwd=p, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["first", "/en/developer-portal/about/", "second", "/en/developer-portal/about/"]
