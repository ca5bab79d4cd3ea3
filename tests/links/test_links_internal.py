"""`urlkeeper links` on real MkDocs builds: internal links, anchors, redirects, chrome, ignores,
incremental re-checks, report formats, and the MkDocs plugin."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import build, make_project, mkdocs_config, urlkeeper
from urlkeeper.links import scan
from urlkeeper.links.site import EXTERNAL, INTERNAL, SiteIndex
from urlkeeper.renderers.html_pages import page as redirect_page

PAGES = {
    "index.md": "# Home\n\nStart with the [guide](guide/index.md).\n",
    "guide/index.md": (
        "# Guide\n\n"
        "Read [the setup](setup.md#install) first.\n\n"          # line 3: fine
        "Then [the missing page](nowhere.md).\n\n"               # line 5: broken, .md left as is
        "And [a missing anchor](setup.md#no-such-section).\n\n"  # line 7: anchor missing
        "Also [this page's top](#top) and [empty](#).\n\n"       # line 9: fine
        "![A diagram](../img/diagram.png)\n\n"                   # line 11: fine
        "![A screenshot](../img/screenshot.png)\n\n"             # line 13: broken image
        "Download [the notes](../files/Release%20Notes.pdf).\n\n"  # line 15: fine (percent-encoded)
        "Compare [the Setup page](../GUIDE/setup/).\n\n"         # line 17: case mismatch
        "See [the old page](../old/setup/) too.\n\n"             # line 19: lands on a redirect page
        "Root-relative [setup](/sub/guide/setup/) works.\n\n"    # line 21: fine (site_url sub-path)
        "## Local {#local}\n\nJump to [local](#local) or [nowhere here](#not-here).\n"  # line 25
    ),
    "guide/setup.md": "# Setup\n\n## Install {#install}\n\nText.\n\n[Back](index.md) and [theme drawer](#__drawer).\n",
    "img/diagram.png": "png",
    "files/Release Notes.pdf": "pdf",
}


def _project(base: Path, pages=None, plugins=None, **extra) -> Path:
    cfg = mkdocs_config(plugins=plugins, theme="material", site_url="https://docs.example.com/sub/", **extra)
    project = make_project(base, pages or PAGES, cfg)
    build(project)
    # The redirect page `urlkeeper redirects render --format html` would write for a moved page.
    (project / "site" / "old" / "setup").mkdir(parents=True)
    (project / "site" / "old" / "setup" / "index.html").write_text(redirect_page("/sub/guide/setup/", "https://docs.example.com/sub/guide/setup/"))
    return project


@pytest.fixture(scope="module")
def material(tmp_path_factory) -> Path:
    return _project(tmp_path_factory.mktemp("links"))


def links(project: Path, *args: str):
    proc = urlkeeper("links", "--format", "json", *args, cwd=project)
    data = json.loads(proc.stdout) if proc.stdout.strip() else None
    return proc, data


def by_line(data) -> dict:
    return {(f["file"], f["line"], f["code"]): f for f in data["findings"]}


def test_every_kind_of_broken_link_at_its_markdown_line(material, tmp_path):
    proc, data = links(material, "--no-cache")
    assert proc.returncode == 1, proc.stderr
    got = {(f["file"], f["line"], f["code"]) for f in data["findings"]}
    assert got == {
        ("docs/guide/index.md", 5, "UK501"),
        ("docs/guide/index.md", 7, "UK502"),
        ("docs/guide/index.md", 13, "UK501"),
        ("docs/guide/index.md", 17, "UK504"),
        ("docs/guide/index.md", 19, "UK503"),
        ("docs/guide/index.md", 25, "UK502"),
    }, json.dumps(data, indent=1)
    f = by_line(data)
    missing = f[("docs/guide/index.md", 5, "UK501")]
    assert missing["text"] == "the missing page" and missing["url"] == "nowhere.md"
    assert "no such page" in missing["message"]
    anchor = f[("docs/guide/index.md", 7, "UK502")]
    assert anchor["target"] == "/sub/guide/setup/#no-such-section" and "has no anchor" in anchor["message"]
    assert f[("docs/guide/index.md", 13, "UK501")]["text"] == "A screenshot"
    assert f[("docs/guide/index.md", 17, "UK504")]["severity"] == "warning"
    red = f[("docs/guide/index.md", 19, "UK503")]
    assert red["severity"] == "info" and red["final_url"] == "/sub/guide/setup/"


def test_redirect_severity_is_configurable(material):
    proc, data = links(material, "--no-cache", "--redirect-severity", "error",
                       "--ignore", "nowhere|screenshot|no-such|GUIDE|not-here")
    assert proc.returncode == 1
    assert [f["code"] for f in data["findings"]] == ["UK503"]
    assert data["findings"][0]["severity"] == "error"


def test_ignore_rules_on_the_command_line(material):
    proc, data = links(material, "--no-cache", "--ignore", r"nowhere\.md", "--ignore", "screenshot",
                       "--ignore", "no-such|GUIDE|not-here")
    assert proc.returncode == 0, data
    proc, data = links(material, "--no-cache", "--ignore-page", "/sub/guide/*")
    assert proc.returncode == 0, data
    proc, data = links(material, "--no-cache", "--ignore-page", "guide/index.md")
    assert proc.returncode == 0
    proc = urlkeeper("links", "--ignore", "(unclosed", cwd=material)
    assert proc.returncode == 2 and "invalid ignore pattern" in proc.stderr


def test_terminal_report_groups_by_source_file(material):
    proc = urlkeeper("links", "--no-cache", cwd=material)
    assert proc.returncode == 1
    assert "docs/guide/index.md\n" in proc.stdout
    assert re.search(r"\n\s+5\s+error\s+UK501 link-broken", proc.stdout)
    assert "urlkeeper: 4 errors, 1 warning, 1 info" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_ci_formats(material, tmp_path):
    proc = urlkeeper("links", "--no-cache", "--format", "github", cwd=material)
    assert proc.returncode == 1
    assert "::error file=docs/guide/index.md,line=5,title=UK501 link-broken::" in proc.stdout
    out = tmp_path / "links.xml"
    proc = urlkeeper("links", "--no-cache", "--format", "junit", "-o", str(out), cwd=material)
    assert proc.returncode == 1
    root = ET.parse(out).getroot()
    assert root.get("failures") == "5"


def test_bad_input_exits_2(tmp_path):
    proc = urlkeeper("links", "--site", str(tmp_path / "nope"), cwd=tmp_path)
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    proc = urlkeeper("links", "--timeout", "soon", cwd=tmp_path)
    assert proc.returncode == 2


def test_theme_chrome_is_reported_once_at_its_template(tmp_path):
    pages = {f"p{i}.md": f"# Page {i}\n\nText.\n" for i in range(5)}
    pages["index.md"] = "# Home\n"
    overrides = {"overrides/main.html": (
        '{% extends "base.html" %}\n'
        "{% block footer %}\n"
        '<footer><a href="{{ base_url }}/legal/imprint/">Imprint</a></footer>\n'
        "{% endblock %}\n")}
    cfg = mkdocs_config(theme="material")
    cfg["theme"] = {"name": "material", "custom_dir": "overrides"}
    project = make_project(tmp_path, pages, cfg, extra_files=overrides)
    build(project)
    proc, data = links(project, "--no-cache")
    assert proc.returncode == 1
    assert len(data["findings"]) == 1, data
    f = data["findings"][0]
    assert f["code"] == "UK501" and f["chrome"] is True and f["pages"] == 6
    assert f["file"] == "overrides/main.html" and f["line"] == 3


@pytest.mark.parametrize("theme", ["material", "readthedocs"])
def test_a_missing_target_linked_from_every_page_is_one_finding(tmp_path, theme):
    """No root page: the logo links to ".." , "../..", "../../.." by depth, all resolving to "/"
    (Material writes them in its header and in the navigation sidebar inside <main>)."""
    pages = {f"en/s{i}/p{j}.md": f"# Page {i} {j}\n\nSee [the void](../../nowhere.md).\n" for i in range(3) for j in range(3)}
    project = make_project(tmp_path, pages, mkdocs_config(theme=theme))
    build(project)
    proc, data = links(project, "--no-cache")
    assert proc.returncode == 1
    logo = [f for f in data["findings"] if f["target"] == "/"]
    every = len(list((project / "site").rglob("*.html")))  # the nine pages and the 404 page
    assert len(logo) == 1 and logo[0]["pages"] == every >= 9, logo
    assert f"of {every} pages, e.g. /" in logo[0]["message"]
    content = [f for f in data["findings"] if f["target"] == "/en/nowhere.md"]
    assert len(content) == 9 and {f["line"] for f in content} == {3}  # content links stay one per page


def test_mkdocs_theme_and_plain_directory_urls(tmp_path):
    pages = {
        "index.md": "# Home\n\n[a](a/) [a no slash](a) [a file](a/index.html) [b](b.md#sec) [bad](c/)\n",
        "a.md": "# A\n",
        "b.md": "# B\n\n## Sec {#sec}\n",
    }
    project = make_project(tmp_path, pages, mkdocs_config(theme="mkdocs"))
    build(project)
    proc, data = links(project, "--no-cache")
    assert [(f["code"], f["url"], f["line"]) for f in data["findings"]] == [("UK501", "c/", 3)], data


def test_no_directory_urls(tmp_path):
    pages = {"index.md": "# Home\n\n[a](sub/a.md#x) [gone](sub/gone.md)\n", "sub/a.md": "# A\n\n## X {#x}\n\n[home](../index.md#nope)\n"}
    project = make_project(tmp_path, pages, mkdocs_config(use_directory_urls=False))
    build(project)
    proc, data = links(project, "--no-cache")
    got = sorted((f["file"], f["line"], f["code"]) for f in data["findings"])
    assert got == [("docs/index.md", 3, "UK501"), ("docs/sub/a.md", 5, "UK502")], data


def _summary(proc) -> tuple[int, int]:
    m = re.search(r"urlkeeper links: (\d+) pages \((\d+) checked", proc.stderr)
    assert m, proc.stderr
    return int(m.group(1)), int(m.group(2))


def test_incremental_rechecks_only_what_could_change(tmp_path):
    pages = {f"p{i}.md": f"# Page {i}\n\n## Part {{#part}}\n\n[next](p{i + 1}.md#part)\n" for i in range(30)}
    pages["p30.md"] = "# Last\n\n## Part {#part}\n"
    pages["index.md"] = "# Home\n\n[first](p0.md)\n"
    project = make_project(tmp_path, pages, mkdocs_config(theme="mkdocs"))
    build(project)
    proc = urlkeeper("links", cwd=project)
    assert proc.returncode == 0, proc.stdout
    total, checked = _summary(proc)
    assert checked == total
    proc = urlkeeper("links", cwd=project)
    assert _summary(proc)[1] == 0  # nothing changed
    site = project / "site"
    # Edit one page's text (anchors unchanged): only that page is checked again.
    p5 = site / "p5" / "index.html"
    p5.write_text(p5.read_text().replace("Page 5", "Page five"))
    proc = urlkeeper("links", cwd=project)
    assert proc.returncode == 0 and _summary(proc)[1] == 1
    # Remove the anchor p5 offers: p4 (which links to p5#part) is checked again and fails.
    p5.write_text(p5.read_text().replace('id="part"', 'id="other"').replace('href="#part"', 'href="#other"'))
    proc = urlkeeper("links", "--format", "json", cwd=project)
    assert _summary(proc)[1] == 2
    data = json.loads(proc.stdout)
    assert [(f["file"], f["code"]) for f in data["findings"]] == [("docs/p4.md", "UK502")]
    # Delete a page: the pages linking to it are checked again: p8's content, and every page's
    # navigation (theme chrome, reported once).
    shutil.rmtree(site / "p9")
    proc = urlkeeper("links", "--format", "json", cwd=project)
    data = json.loads(proc.stdout)
    assert {(f["file"], f["code"]) for f in data["findings"]} == {
        ("docs/p4.md", "UK502"), ("docs/p8.md", "UK501"), ("theme:mkdocs", "UK501")}
    chrome = [f for f in data["findings"] if f["file"] == "theme:mkdocs"][0]
    assert chrome["pages"] == _summary(proc)[1] == total - 1
    # A rebuild that rewrites every file with the same content re-reads but re-checks nothing.
    build(project)
    proc = urlkeeper("links", cwd=project)
    assert proc.returncode == 0
    build(project)
    proc = urlkeeper("links", cwd=project)
    assert proc.returncode == 0 and _summary(proc)[1] <= 1  # only index.html: MkDocs stamps the build date
    assert (project / ".urlkeeper-cache" / ".gitignore").exists()


def test_plugin_checks_links_after_the_build(tmp_path):
    plugin = {"urlkeeper": {"formats": [], "links": {"enabled": True, "ignore": ["screenshot"]}}}
    project = make_project(tmp_path, PAGES, mkdocs_config(plugins=[plugin], theme="material"))
    proc = build(project)
    log = proc.stderr + proc.stdout
    assert "urlkeeper UK501 link-broken (docs/guide/index.md:5)" in log
    assert "(docs/guide/index.md:13)" not in log  # ignored: the screenshot
    assert "UK502 anchor-missing (docs/guide/index.md:7)" in log
    plugin["urlkeeper"]["links"]["strict"] = True
    project = make_project(tmp_path / "strict", PAGES, mkdocs_config(plugins=[plugin], theme="material"))
    proc = build(project, check=False)
    assert proc.returncode != 0 and "broken link(s)" in proc.stderr + proc.stdout
    # The command line reads the same options from mkdocs.yml.
    proc, data = links(project)
    assert proc.returncode == 1 and not any("screenshot" in f["url"] for f in data["findings"])


# ---- the extractor and resolver on their own --------------------------------------------------
def test_scanner_skips_scripts_styles_comments_and_code_text():
    html = ('<p>Use <code>&lt;a href="x.html"&gt;</code> or href="y.html" in text.</p>'
            '<!-- <a href="commented.html"> --><script>var a = \'<a href="js.html">\';</script>'
            '<style>a[href="css.html"]{}</style><script src="app.js"></script>'
            '<img src="a.png" srcset="a-1x.png 1x, a-2x.png 2x" alt="A">'
            '<link rel="preconnect" href="https://fonts.example"><link rel="stylesheet" href="s.css">'
            '<video src="v.mp4" poster="p.jpg"></video><a id="x" name="n" href="#x">x</a>'
            '<input name="notanchor" id="__tab">')
    page = scan.scan(html)
    assert [u for u, _, _, _ in page.links] == ["app.js", "a.png", "a-1x.png", "a-2x.png", "s.css", "v.mp4", "p.jpg", "#x"]
    assert page.anchors == {"x", "n", "__tab"}


def test_resolver_forms():
    site = SiteIndex("/nonexistent", "https://docs.example.com/base/")
    assert site.classify("/a/b/", "../c/#f") == (INTERNAL, "/a/c/", "f")
    assert site.classify("/a/b/", "./") == (INTERNAL, "/a/b/", "")
    assert site.classify("/a/b/", "..") == (INTERNAL, "/a/", "")
    assert site.classify("/a/", "/base/x/?q=1") == (INTERNAL, "/x/", "")
    assert site.classify("/a/", "/elsewhere/") == (EXTERNAL, "https://docs.example.com/elsewhere/", "")
    assert site.classify("/a/", "https://docs.example.com/base/y/#z") == (INTERNAL, "/y/", "z")
    assert site.classify("/a/", "//cdn.example.org/x.js")[0] == EXTERNAL
    assert site.classify("/a/", "mailto:x@example.com")[0] == 0
    assert site.classify("/a/b/", "../../../../etc/") == (INTERNAL, "/etc/", "")
    site.files = {"x/index.html": (0, 0), "My File.pdf": (0, 0)}
    assert site.lookup("/x/") == site.lookup("/x") == site.lookup("/x/index.html") == "x/index.html"
    assert site.lookup("/My%20File.pdf") == "My File.pdf"
    assert site.lookup("/X/") is None and site.lookup_nocase("/X/") == "x/index.html"


def test_progress_bar_only_after_a_second(tmp_path):
    from io import StringIO

    from urlkeeper.links.progress import ProgressBar

    out = StringIO()
    bar = ProgressBar(out, delay=1.0, enabled=True)
    bar("internal", 1, 10)
    assert out.getvalue() == ""
    bar.started -= 2
    bar("internal", 5, 10)
    assert "5/10 pages" in out.getvalue()
    bar.close()



