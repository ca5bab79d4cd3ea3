"""Moves on sites built the way other projects build them: Markdown rendered as a Jinja
template (mkdocs-macros), headings with inline code, links and emphasis, Material blog posts
with related ``links:``, mkdocs-redirects maps, ``not_in_nav`` and ``exclude_docs``."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

from conftest import build, make_project, mkdocs_config, urlkeeper

needs_macros = pytest.mark.skipif(importlib.util.find_spec("mkdocs_macros") is None,
                                  reason="needs mkdocs-macros-plugin (pip install -e '.[test]')")

MACRO_PAGES = {
    "index.md": "# {{ config.site_name }}\n\nStart with [the beta](beta.md) and [its notes](beta.md#known-issues).\n",
    "guide/publish.md": ("# Publish\n\nRelease {{ release }} is current.\n\n"
                         "## Return a `Response`\n\nEvery handler returns one.\n\n## Review\n\nText.\n"),
    "beta.md": ("# Beta programme\n\nJoin before {{ release }}.\n\n"
                "## Return a `Response` early\n\nText.\n\n"
                "### The *fast* path with [links](guide/publish.md)\n\nText.\n\n"
                "## Known issues\n\nSee [review](guide/publish.md#review).\n"),
}


def _headings(html: str) -> list[tuple[int, str]]:
    return [(int(level), ident) for level, ident in re.findall(r'<h([1-6]) id="([^"]*)"', html)]


@needs_macros
def test_fold_into_a_macros_site_page_renders_without_macro_errors(tmp_path):
    cfg = mkdocs_config(plugins=["search", "macros", {"urlkeeper": {"language_prefix": "", "formats": ["html"]}}],
                        extra={"release": "4.2"})
    project = make_project(tmp_path, MACRO_PAGES, cfg, extra_files={"redirects/.keep": ""})
    build(project, "--strict")
    plan = project / "redirects" / "plans" / "fold.yml"
    plan.parent.mkdir(parents=True)
    plan.write_text(yaml.safe_dump({"moves": [{"from": "beta.md", "to": "guide/publish.md#beta", "title": "Beta period"}]}))
    proc = urlkeeper("apply", str(plan), "--no-git", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (project / "docs" / "guide" / "publish.md").read_text()
    assert "{#" not in text  # Jinja would read it as an unclosed comment
    build(project, "--strict")
    page = (project / "site" / "guide" / "publish" / "index.html").read_text()
    assert "Macro Syntax Error" not in page and "Join before 4.2" in page
    heads = _headings(page)
    assert (2, "beta") in heads
    # the folded page's headings, inline code and emphasis included, are one level deeper
    assert any(level == 3 and ident.startswith("return-a-response-early") for level, ident in heads), heads
    assert any(level == 4 and ident.startswith("the-fast-path-with-links") for level, ident in heads), heads
    index = (project / "site" / "index.html").read_text()
    assert 'href="guide/publish/#beta"' in index
    stub = (project / "site" / "beta" / "index.html").read_text()
    assert "guide/publish/#beta" in stub


def test_fold_into_an_existing_section_whose_heading_has_inline_code(tmp_path):
    pages = {
        "index.md": "# Home\n\n[Responses](responses.md)\n",
        "guide/handlers.md": ("# Handlers\n\n## Return a `Response`\n\nEvery handler returns one.\n\n"
                              "## Errors\n\nText.\n"),
        "responses.md": "# Responses in *depth*\n\nStreaming works too.\n\n## The `stream()` call\n\nText.\n",
    }
    cfg = mkdocs_config(plugins=["search", {"urlkeeper": {"language_prefix": "", "formats": ["html"]}}])
    project = make_project(tmp_path, pages, cfg, extra_files={"redirects/.keep": ""})
    plan = project / "redirects" / "plans" / "fold.yml"
    plan.parent.mkdir(parents=True)
    plan.write_text(yaml.safe_dump({"moves": [{"from": "responses.md", "to": "guide/handlers.md#return-a-response"}]}))
    proc = urlkeeper("apply", str(plan), "--no-git", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = (project / "docs" / "guide" / "handlers.md").read_text()
    assert text.count("Return a `Response`") == 1 and "#return-a-response" not in text, text
    assert text.index("Streaming works too.") < text.index("## Errors")  # inside the section
    build(project, "--strict")
    heads = _headings((project / "site" / "guide" / "handlers" / "index.html").read_text())
    assert [i for _, i in heads].count("return-a-response") == 1
    assert (3, "the-stream-call") in heads, heads
    assert 'href="guide/handlers/#return-a-response"' in (project / "site" / "index.html").read_text()


BLOG_PAGES = {
    "index.md": "# Home\n",
    "setup/colors.md": "# Colors\n\n## Palette\n\nText.\n",
    "setup/fonts.md": "# Fonts\n\nText.\n",
    "blog/index.md": "# Blog\n",
    "blog/posts/palette.md": (
        "---\ndate: 2025-03-01\nlinks:\n  - setup/colors.md\n  - Palette details: setup/colors.md#palette\n"
        "  - Typography:\n    - setup/fonts.md\nsee_also: setup/colors.md\n---\n\n"
        "# New palette\n\nRead [colors](../../setup/colors.md).\n"),
}


def test_blog_links_follow_a_moved_page_and_other_keys_are_named(tmp_path):
    cfg = mkdocs_config(plugins=["search", "blog", {"urlkeeper": {"language_prefix": "", "formats": ["html"]}}],
                        theme="material")
    project = make_project(tmp_path, BLOG_PAGES, cfg, extra_files={"redirects/.keep": ""})
    build(project, "--strict")
    plan = project / "redirects" / "plans" / "look.yml"
    plan.parent.mkdir(parents=True)
    plan.write_text(yaml.safe_dump({"moves": [{"from": "setup/colors.md", "to": "look/colors.md"},
                                              {"from": "setup/fonts.md", "to": "look/colors.md#fonts", "title": "Fonts"}]}))
    dry = urlkeeper("apply", str(plan), "--no-git", "--dry-run", cwd=project)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "docs/blog/posts/palette.md:8" in dry.stdout and "see_also" in dry.stdout, dry.stdout
    assert "look/colors.md#palette" in dry.stdout  # the diff of the front matter
    proc = urlkeeper("apply", str(plan), "--no-git", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    post = (project / "docs" / "blog" / "posts" / "palette.md").read_text()
    assert "  - look/colors.md\n  - Palette details: look/colors.md#palette\n" in post
    assert "    - look/colors.md#fonts\n" in post and "see_also: setup/colors.md\n" in post
    proc = build(project, "--strict")  # Material warns about a related link it cannot find
    html = (project / "site" / "blog" / "2025" / "03" / "01" / "new-palette" / "index.html").read_text()
    assert 'href="../../../../../look/colors/#palette"' in html and 'href="../../../../../look/colors/#fonts"' in html


def test_mkdocs_redirects_maps_not_in_nav_and_exclude_docs_follow_moves(tmp_path):
    pages = {"index.md": "# Home\n\n[Old](old.md)\n", "old.md": "# Old\n", "draft.md": "# Draft\n",
             "private.md": "# Private\n"}
    cfg = mkdocs_config(plugins=["search"])
    cfg["not_in_nav"] = "/draft.md\n"
    cfg["exclude_docs"] = "private.md\n"
    project = make_project(tmp_path, pages, cfg)
    text = (project / "mkdocs.yml").read_text().replace(
        "- search\n", "- search\n- redirects:\n    redirect_maps:\n      legacy.md: old.md\n      gone.md: https://example.org/\n")
    (project / "mkdocs.yml").write_text(text)
    plan = project / "plan.yml"
    plan.write_text(yaml.safe_dump({"moves": [{"from": "old.md", "to": "guide/current.md"},
                                              {"from": "draft.md", "to": "drafts/draft.md"},
                                              {"from": "private.md", "to": "internal/private.md"}]}))
    proc = urlkeeper("apply", str(plan), "--no-git", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cfg_after = yaml.safe_load((project / "mkdocs.yml").read_text())
    assert cfg_after["not_in_nav"] == "/drafts/draft.md\n" and cfg_after["exclude_docs"] == "internal/private.md\n"
    maps = cfg_after["plugins"][1]["redirects"]["redirect_maps"]
    assert maps == {"legacy.md": "guide/current.md", "gone.md": "https://example.org/"}
    if importlib.util.find_spec("mkdocs_redirects") is not None:
        build(project, "--strict")
        assert "guide/current/" in (project / "site" / "legacy" / "index.html").read_text()


HEADINGS = ["Return a `Response`", "The `__init__` method", "Use **bold** and *em*", "See [the guide](x.md#a)",
            "A <span>tag</span> here", "`code` only", "Mix `a*b*c` and *d*", "Fish &amp; chips", "Snake_case_name",
            "Links [a](b) and [c][d]", "``double `tick` code``", "Path `/en/api/` works", "Image ![alt](x.png) here",
            "Under_score *and* __strong__", "Q&A: what?", "Setting <!-- md:setting x --> name"]


def test_heading_ids_match_python_markdown_toc(tmp_path):
    """Every heading of the fixture list and of this repository's docs: the id the move tool
    computes is the id Python-Markdown's toc renders."""
    import markdown

    from urlkeeper.move import anchors

    pages = ["\n\n".join(f"## {h}" for h in HEADINGS) + "\n\n[d]: http://x.test\n"]
    docs = Path(__file__).resolve().parents[2] / "docs"
    pages += [p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*.md"))[:200]]
    md = markdown.Markdown(extensions=["toc", "attr_list", "fenced_code"])
    checked = 0
    for text in pages:
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        rendered = md.reset().convert(body)
        expected = re.findall(r'<h[1-6] id="([^"]*)"', rendered)
        ours = [a.id for a in anchors.ids(body) if a.kind == "heading"]
        assert ours == expected[:len(ours)] and len(ours) == len(expected), (ours, expected)
        checked += len(ours)
    assert checked > len(HEADINGS)
