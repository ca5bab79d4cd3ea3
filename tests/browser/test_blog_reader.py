"""The blog in headless Chromium: a post whose slug changed is reached from its old URL through
the rules `urlkeeper redirects from-git` proposed; a mistyped post URL suggests the post on the
404 page; the navigation filter finds posts, which are not in the nav."""

from __future__ import annotations

import pytest

import blogkit
from browser_support import Server, browser, page, requires_chromium, shot  # noqa: F401
from conftest import build, urlkeeper

pytestmark = [pytest.mark.browser, requires_chromium]

OLD = "/en/blog/2024/10/08/new-failures-view/"
NEW = "/en/blog/2024/10/08/failures-view/"
TITLE = "New in Analytics: the Failures view"


@pytest.fixture(scope="module")
def blog_server(tmp_path_factory):
    """Version 1 published, then the Failures post's slug renamed, the proposed rules kept and
    the site rebuilt: what a reader with an old bookmark meets."""
    base = tmp_path_factory.mktemp("blog-site")
    (base / "site").mkdir()
    srv = Server(base / "site")
    try:
        blogkit.make(base, site_url=srv.origin + "/", theme_dir=True)
        blogkit.edit_post(base, "en/blog/posts/failures.md", "slug: new-failures-view", "slug: failures-view")
        proc = urlkeeper("redirects", "from-git", "HEAD", "-o", "redirects/blog.yml", cwd=base)
        assert proc.returncode == 0, proc.stderr
        build(base)
        assert urlkeeper("check", cwd=base).returncode == 0
        yield srv
    finally:
        srv.close()


@pytest.mark.parametrize("old", [
    OLD,                                             # the HTML redirect page urlkeeper wrote
    OLD + "#details",                                # with an anchor of the post
    "/blog/2024/10/08/new-failures-view/",           # without the language prefix: the 404 page
    "/en/blog/2024/10/08/new-failures-view.html",    # legacy .html form: the 404 page
])
def test_old_post_url_reaches_the_post(page, blog_server, old):
    page.goto(blog_server.url(old))
    fragment = old.partition("#")[2]
    page.wait_for_url(lambda url: url == blog_server.url(NEW) + (f"#{fragment}" if fragment else ""))
    assert page.locator(".md-content__inner h1").first.text_content().strip().rstrip("¶") == TITLE


@pytest.mark.parametrize("typo", [
    "/en/blog/2024/10/08/failures-veiw/",    # mistyped slug
    "/en/blog/2024/10/09/failures-view/",    # wrong day
])
def test_mistyped_post_url_suggests_the_post(page, blog_server, typo):
    response = page.goto(blog_server.url(typo))
    assert response.status == 404
    page.wait_for_selector("[data-nf404-list] a")
    hrefs = page.eval_on_selector_all("[data-nf404-list] a", "els => els.map(a => a.href)")
    assert hrefs[0] == blog_server.url(NEW), hrefs
    shot(page, f"blog-404-{typo.strip('/').replace('/', '-')}.png")


def test_navigation_filter_finds_posts(page, blog_server):
    page.goto(blog_server.url("/en/developer-portal/"))
    page.wait_for_selector("#__nav-filter")
    page.locator("#__nav-filter").press_sequentially("cursor")
    links = page.eval_on_selector_all("#__nav-filter-results .nf-link--match",
                                      "els => els.map(a => [a.textContent.trim(), a.href])")
    assert links == [["Logs API: cursor pagination", blog_server.url("/en/blog/2024/11/04/logs-api-cursor-pagination/")]]
    shot(page, "blog-nav-filter.png")
