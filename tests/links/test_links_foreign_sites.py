"""`urlkeeper links` on sites built the way other projects build them: minified HTML
(mkdocs-minify-plugin), theme templates with links, pages whose URL a plugin or hook chose."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from conftest import build, make_project, mkdocs_config, urlkeeper
from urlkeeper.links.sources import SourceMap, template_links

PAGES = {
    "index.md": "# Home\n\nStart with the [guide](guide/index.md).\n",
    "guide/index.md": (
        "# Guide\n\n"
        "Read [the setup](setup.md#install) first.\n\n"           # line 3: fine
        "Then [the missing page](nowhere.md).\n\n"                # line 5: broken
        "And [a missing anchor](setup.md#no-such-section).\n\n"   # line 7: anchor missing
        "[](setup.md#also-missing)\n\n"                            # line 9: no link text
        "![](../img/none.png)\n\n"                                 # line 11: image without alt text
        "| a | b |\n|---|---|\n| [cell](../old/) | x |\n"          # line 15: broken, in a table
    ),
    "guide/setup.md": "# Setup\n\n## Install {#install}\n\nText.\n",
}
OVERRIDES = {"overrides/main.html": (
    '{% extends "base.html" %}\n'
    "{#- hide the sidebar on narrow screens: a comment that says hide, not /de/ -#}\n"
    "{% block footer %}\n"
    '<footer class="md-hide"><a href="{{ base_url }}/legal/imprint/">Imprint</a>\n'
    "<a href=\"{{ 'legal/privacy/' | url }}\">Privacy</a></footer>\n"
    "{% endblock %}\n")}


def _site(base: Path, minify: bool) -> Path:
    plugins = ["search"] + ([{"minify": {"minify_html": True}}] if minify else [])
    cfg = mkdocs_config(plugins=plugins, theme="material", site_url="https://docs.example.com/sub/")
    cfg["theme"] = {"name": "material", "custom_dir": "overrides"}
    project = make_project(base, PAGES, cfg, extra_files=OVERRIDES)
    build(project)
    return project


def _findings(project: Path) -> list[dict]:
    proc = urlkeeper("links", "--format", "json", "--no-cache", cwd=project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return json.loads(proc.stdout)["findings"]


needs_minify = pytest.mark.skipif(importlib.util.find_spec("mkdocs_minify_plugin") is None,
                                  reason="needs mkdocs-minify-plugin (pip install -e '.[test]')")


@needs_minify
def test_minified_site_gives_the_same_findings_sources_and_lines(tmp_path):
    plain = _findings(_site(tmp_path / "plain", minify=False))
    minified_project = _site(tmp_path / "minified", minify=True)
    page = (minified_project / "site" / "guide" / "index.html").read_text()
    assert "href=../" in page or "href=./" in page or "href=setup/" in page, "the build is not minified"
    minified = _findings(minified_project)
    assert minified == plain
    where = {(f["file"], f["line"], f["code"]) for f in plain}
    assert ("docs/guide/index.md", 5, "UK501") in where
    assert ("docs/guide/index.md", 7, "UK502") in where
    assert ("docs/guide/index.md", 9, "UK502") in where
    assert ("docs/guide/index.md", 15, "UK501") in where
    # theme chrome: once, at the template line that holds the attribute
    chrome = [f for f in plain if f.get("chrome")]
    assert sorted((f["file"], f["line"], f["target"]) for f in chrome) == [
        ("overrides/main.html", 4, "/sub/legal/imprint/"), ("overrides/main.html", 5, "/sub/legal/privacy/")]
    # a link without text is named by its URL and its line, never "None"
    for f in plain:
        assert "None" not in f["message"] and f["url"] in f["message"]
        assert f["line"]


def test_template_links_match_attributes_not_substrings(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.html").write_text('<div class="md-hide" data-x="/de/x">\n<p>de</p>\n', encoding="utf-8")
    (tmp_path / "t" / "b.html").write_text('\n\n<a hreflang=de href=/de/>Deutsch</a>\n', encoding="utf-8")
    sources = SourceMap(None, tmp_path, [tmp_path / "t"])
    assert sources.template_of("/de/", "/de/") == ("t/b.html", 3)
    assert sources.template_of("de", "/fr/") == (None, None)
    sources.base_path = "/sub"
    assert sources.template_of("../../de/", "/sub/de/") == ("t/b.html", 3)
    assert template_links("<link href='{{ base_url }}/feed.xml'><a href=\"{{ x.url }}\">") == [("feed.xml", 1)]


HOOK = '''
def on_files(files, config):
    for f in files:
        if f.src_uri == "guide/setup.md":  # a plugin choosing the URL, as a blog does for posts
            f.dest_uri = "handbook/2024/setup/index.html"
            f.url = "handbook/2024/setup/"
            f.abs_dest_path = config["site_dir"] + "/" + f.dest_uri
    return files
'''


def test_plugin_maps_pages_through_mkdocs_page_objects(tmp_path):
    pages = {"index.md": "# Home\n\n[Setup](guide/setup.md)\n",
             "guide/setup.md": "# Setup\n\nIntro.\n\nSee [the missing page](nowhere.md).\n"}
    plugin = {"urlkeeper": {"formats": [], "language_prefix": "", "links": {"enabled": True, "cache": False}}}
    cfg = mkdocs_config(plugins=[plugin], hooks=["hooks.py"])
    project = make_project(tmp_path, pages, cfg, extra_files={"hooks.py": HOOK})
    proc = build(project)
    log = proc.stderr + proc.stdout
    assert (project / "site" / "handbook" / "2024" / "setup" / "index.html").is_file()
    assert "UK501 link-broken (docs/guide/setup.md:5)" in log, log
