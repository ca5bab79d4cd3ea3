"""Blog post URLs are guarded like pages: a change of post_url_format, a renamed slug or a post
moved to another date breaks `urlkeeper check` naming each old URL, and the rules that
`urlkeeper redirects from-git` proposes fix it. Real MkDocs builds, real git."""

from __future__ import annotations

import shutil

import pytest
import yaml

import blogkit
from conftest import build, urlkeeper
from urlkeeper import blog
from urlkeeper.inventory import Inventory

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def v1(tmp_path_factory):
    return blogkit.make(tmp_path_factory.mktemp("blog-v1"))


@pytest.fixture
def project(v1, tmp_path):
    """A fresh copy of version 1 (with its git history) for one test to change."""
    copy = tmp_path / "project"
    shutil.copytree(v1, copy, symlinks=True)
    return copy


def live(project) -> Inventory:
    return Inventory.from_site(project / "site")


def test_version_1_publishes_the_urls_urlkeeper_computes(v1):
    inv = live(v1)
    for url in blogkit.OLD_URLS.values():
        assert url in inv.pages, url
    settings = blog.load_settings(v1 / "mkdocs.yml")
    computed = blog.post_urls(settings, blog.read_posts(v1 / "docs", settings))
    assert computed == blogkit.OLD_URLS
    assert urlkeeper("check", cwd=v1).returncode == 0


def check_then_fix(project, expected: dict[str, str]) -> None:
    """check fails naming each old URL; from-git proposes exactly old -> new; check passes."""
    build(project)
    inv = live(project)
    for new in expected.values():
        assert new in inv.pages, (new, sorted(u for u in inv.pages if "/blog/" in u))
    proc = urlkeeper("check", cwd=project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for old in expected:
        assert f"{old} no longer resolves" in proc.stdout, (old, proc.stdout)

    proc = urlkeeper("redirects", "from-git", "HEAD", "-o", "redirects/blog.yml", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rules = yaml.safe_load((project / "redirects" / "blog.yml").read_text(encoding="utf-8"))["redirects"]
    assert {r["from"]: r["to"] for r in rules} == expected

    proc = urlkeeper("check", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_post_url_format_change_is_caught_and_fixed(project):
    blogkit.set_blog(project, post_url_format="{categories}/{slug}")
    check_then_fix(project, {
        "/en/blog/2024/10/08/new-failures-view/": "/en/blog/product-updates/new-failures-view/",
        "/en/blog/2024/11/04/logs-api-cursor-pagination/": "/en/blog/api-changes/logs-api-cursor-pagination/",
        "/en/blog/2024/09/16/one-developer-portal/": "/en/blog/announcements/one-developer-portal/",
    })


def test_date_format_change_is_caught_and_fixed(project):
    blogkit.set_blog(project, post_url_date_format="yyyy")
    check_then_fix(project, {
        "/en/blog/2024/10/08/new-failures-view/": "/en/blog/2024/new-failures-view/",
        "/en/blog/2024/11/04/logs-api-cursor-pagination/": "/en/blog/2024/logs-api-cursor-pagination/",
        "/en/blog/2024/09/16/one-developer-portal/": "/en/blog/2024/one-developer-portal/",
    })


def test_post_slugify_change_is_caught_and_fixed(project):
    """Only the post without an explicit slug gets a new URL."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("post_url_format: '{date}/{slug}'", "post_url_format: '{date}/{slug}'\n"
                        "    post_slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: none}}\n"
                        "    post_slugify_separator: _")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    check_then_fix(project, {
        "/en/blog/2024/11/04/logs-api-cursor-pagination/": "/en/blog/2024/11/04/Logs_API_cursor_pagination/",
    })


def test_renamed_slug_moved_date_and_renamed_file_are_caught_and_fixed(project):
    blogkit.edit_post(project, "en/blog/posts/failures.md", "slug: new-failures-view", "slug: failures-view")
    blogkit.edit_post(project, "en/blog/posts/portal.md", "created: 2024-09-16", "created: 2024-09-18")
    # A renamed file keeps its URL (the slug is in the front matter): no rule for it.
    blogkit.git(project, "mv", "docs/en/blog/posts/logs.md", "docs/en/blog/posts/2024-11-logs.md")
    check_then_fix(project, {
        "/en/blog/2024/10/08/new-failures-view/": "/en/blog/2024/10/08/failures-view/",
        "/en/blog/2024/09/16/one-developer-portal/": "/en/blog/2024/09/18/one-developer-portal/",
    })


def test_deleted_post_goes_to_the_blog_index_for_review(project):
    blogkit.git(project, "rm", "-q", "docs/en/blog/posts/portal.md")
    build(project)
    proc = urlkeeper("redirects", "from-git", "HEAD", cwd=project)
    assert proc.returncode == 0, proc.stderr
    rules = yaml.safe_load(proc.stdout)["redirects"]
    # Its category had no other post: the category page goes too.
    assert rules == [{"from": "/en/blog/2024/09/16/one-developer-portal/", "to": "/en/blog/",
                      "note": "deleted blog post: review the target"},
                     {"from": "/en/blog/category/announcements/", "to": "/en/blog/",
                      "note": "blog listing without a clear successor: review the target"}]


def test_category_and_archive_url_changes_are_caught_and_fixed(project):
    """Listings are guaranteed as URLs: new URL formats and a renamed category get rules."""
    blogkit.set_blog(project, categories_url_format="topics/{slug}", archive_url_format="archives/{date}")
    blogkit.edit_post(project, "en/blog/posts/logs.md", "categories: [API changes]", "categories: [API updates]")
    check_then_fix(project, {
        "/en/blog/category/announcements/": "/en/blog/topics/announcements/",
        "/en/blog/category/api-changes/": "/en/blog/topics/api-updates/",
        "/en/blog/category/product-updates/": "/en/blog/topics/product-updates/",
        "/en/blog/archive/2024/": "/en/blog/archives/2024/",
    })


@pytest.mark.parametrize(("option", "message"), [
    ("!!python/name:os.system", "urlkeeper computes slugs only with functions of"),
    ("'lower'", "must name a slug function"),
])
def test_slug_function_it_cannot_compute_is_bad_input(project, option, message):
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("post_url_format: '{date}/{slug}'", f"post_url_format: '{{date}}/{{slug}}'\n    post_slugify: {option}")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    proc = urlkeeper("redirects", "from-git", "HEAD", cwd=project)
    assert proc.returncode == 2
    assert message in proc.stderr and "mkdocs.yml" in proc.stderr and "Traceback" not in proc.stderr


def test_post_with_malformed_front_matter_is_bad_input(project):
    blogkit.edit_post(project, "en/blog/posts/failures.md", "slug: new-failures-view", "slug: [unclosed")
    proc = urlkeeper("redirects", "from-git", "HEAD", cwd=project)
    assert proc.returncode == 2
    assert "failures.md" in proc.stderr and "Traceback" not in proc.stderr


def test_links_from_posts_to_doc_anchors_are_checked_and_named_by_source_line(project):
    blogkit.edit_post(project, "en/blog/posts/logs.md", "logs.md#export", "logs.md#exports")
    build(project)
    proc = urlkeeper("links", "--no-cache", cwd=project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "docs/en/blog/posts/logs.md" in proc.stdout
    line = next(n for n, text in enumerate((project / "docs/en/blog/posts/logs.md").read_text().splitlines(), 1)
                if "#exports" in text)
    assert f"{line:>8}" in proc.stdout and "exports" in proc.stdout, proc.stdout


def test_announces_front_matter_adds_pages_and_a_wrong_one_fails_the_strict_build(project):
    shutil.copytree(blogkit.ROOT / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    cfg = blogkit.read_config(project)
    cfg["hooks"] = ["hooks/blog_whats_new.py"]
    blogkit.write_config(project, cfg)
    # The portal post's excerpt links only to the Developer Portal index; it also announces Logs.
    blogkit.edit_post(project, "en/blog/posts/portal.md", "slug: one-developer-portal",
                      "slug: one-developer-portal\nannounces: [../../developer-portal/analytics/logs.md, ../../nope.md]")
    proc = build(project, "--strict", check=False)
    assert proc.returncode != 0
    assert "blog post en/blog/posts/portal.md announces '../../nope.md', which is not a page of the site" in proc.stderr
    blogkit.edit_post(project, "en/blog/posts/portal.md", ", ../../nope.md]", "]")
    build(project, "--strict")
    logs = (project / "site/en/developer-portal/analytics/logs/index.html").read_text(encoding="utf-8")
    failures = (project / "site/en/developer-portal/analytics/failures/index.html").read_text(encoding="utf-8")
    box = logs[logs.index('<aside class="admonition info whats-new"'):logs.index("</aside>")]
    # Newest first: the Logs post (excerpt link) then the portal post (announces).
    assert box.index("Logs API: cursor pagination") < box.index("One Developer Portal")
    assert 'href="../../../blog/2024/09/16/one-developer-portal/"' in box
    assert "One Developer Portal" not in failures and "New in Analytics: the Failures view" in failures
