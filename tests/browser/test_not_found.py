"""The 404 page (overrides/404.html, docs/assets/javascripts/not-found.js) in headless Chromium:
old addresses reach the moved page, mistyped ones get suggestions, nothing leaves the site."""

from __future__ import annotations

import pytest

from browser_support import Server, browser, page, requires_chromium, server, shot, site  # noqa: F401

pytestmark = [pytest.mark.browser, requires_chromium]

NOT_FOUND = "#__not-found"
SUGGESTIONS = "[data-nf404-list] a"


def styled(tab):
    """Material's and our stylesheets applied (not a bare HTML page)."""
    header = tab.eval_on_selector(".md-header", "el => [getComputedStyle(el).position, getComputedStyle(el).backgroundColor]")
    field = tab.eval_on_selector(".nf-field", "el => getComputedStyle(el).position")
    return header[0] == "sticky" and header[1] not in ("", "rgba(0, 0, 0, 0)") and field == "relative"


def settled(tab):
    """Wait until the 404 script has decided (redirected or written its verdict)."""
    tab.wait_for_function(
        "() => { const s = document.querySelector('[data-nf404-status]');"
        " return !s || !/Looking for/.test(s.textContent); }")


@pytest.mark.parametrize(("old", "new"), [
    # legacy .html bookmark without the language prefix, fragment kept
    ("/apps/overview.html#roles", "/en/developer-portal/about/#roles"),
    ("/en/apps/overview", "/en/developer-portal/about/"),
    ("/en/apps/overview/index.html", "/en/developer-portal/about/"),
    # query and fragment are both kept
    ("/apps/overview/?ref=mail#limits", "/en/developer-portal/about/?ref=mail#limits"),
    # the target's own fragment wins over the incoming one
    ("/en/apps/publish/beta.html#feedback", "/en/developer-portal/publishing/beta/#duration"),
    ("/apps/certification/checklist.html", "/en/developer-portal/security/evaluation/#checklist"),
    # prefix rules: the longest wins, the rest of the path follows the *
    ("/apps/publish/release.html", "/en/developer-portal/publishing/release/"),
    ("/en/apps/create-app/wizard.html#steps", "/en/developer-portal/create-app/wizard/#steps"),
    ("/en/apps/configuration/client-secrets/#rotation", "/en/developer-portal/configuration/client-secrets/#rotation"),
])
def test_old_address_goes_to_the_new_page(page, server, old, new):
    response = page.goto(server.url(old))
    assert response.status == 404
    page.wait_for_url(lambda url: url == server.url(new))
    assert page.locator(NOT_FOUND).count() == 0
    assert page.locator(".md-content__inner > h1").count() == 1


def test_bookmark_lands_on_the_right_section(page, server):
    page.goto(server.url("/apps/overview.html#roles"))
    page.wait_for_url(lambda url: url == server.url("/en/developer-portal/about/#roles"))
    page.wait_for_function(
        "() => { const r = document.getElementById('roles').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight / 2; }")
    # the 404 page is replaced in history: Back does not bounce through it again
    assert page.evaluate("() => history.length") == 2


@pytest.mark.parametrize("old", [
    "/en/apps/evil/",            # //host target
    "/en/apps/evil-scheme/",     # javascript: target
    "/en/apps/evil-backslash/",  # /\host target
    "/en/legacy/anything.html",  # prefix rule to https://elsewhere
])
def test_never_leaves_the_site(page, server, old):
    hosts = set()
    page.on("request", lambda req: hosts.add(req.url.split("/")[2]))
    page.goto(server.url(old))
    settled(page)
    assert page.url == server.url(old)
    assert page.locator(NOT_FOUND).is_visible()
    assert hosts == {server.origin.split("/")[2]}


def test_rule_to_a_missing_page_shows_suggestions_instead_of_looping(page, server):
    page.goto(server.url("/en/apps/gone/"))
    settled(page)
    assert page.url == server.url("/en/apps/gone/")
    assert page.locator(NOT_FOUND).is_visible()


@pytest.mark.parametrize("unknown", [
    "/en/apps/publish/nope.html",   # under /en/apps/publish/* -> /en/developer-portal/publishing/*
    "/en/apps/nope/",               # under /en/apps/* -> /en/developer-portal/*
    "/apps/publish/nope?ref=mail",  # the form without the language prefix, with a query
    "/en/apps/old-about/",          # its target is a rule's source (a redirect page), not a live page
])
def test_unknown_url_under_a_splat_rule_stays_on_the_404_page(page, server, unknown):
    """A splat rule answers only when its target is live (urlkeeper.http_model, step 5): the
    404 page asks for the target first and does not redirect to another 404."""
    requests = []
    page.on("request", lambda req: requests.append(req.url) if req.is_navigation_request() else None)
    response = page.goto(server.url(unknown))
    assert response.status == 404
    settled(page)
    assert page.url == server.url(unknown)
    assert page.locator(NOT_FOUND).is_visible()
    assert requests == [server.url(unknown)]  # no navigation to the splat's missing target


@pytest.mark.parametrize(("typo", "first"), [
    ("/en/developer-portal/configuration/client-secret", "Client secrets"),
    ("/en/developer-portal/securite/evaluaton.html", "Évaluation de sécurité"),
    ("/en/developer-portal/publishing/bta/", "Beta period"),
    ("/en/developer-portal/create-app/wizzard/", "Registration wizard"),
    ("/en/api/contact", "List contacts"),
])
def test_mistyped_address_suggests_the_closest_pages(page, server, typo, first):
    page.goto(server.url(typo))
    settled(page)
    links = page.locator(SUGGESTIONS)
    assert links.count() >= 1
    assert links.first.text_content() == first
    for href in links.evaluate_all("els => els.map(a => a.href)"):
        assert href.startswith(server.origin + "/en/")
    assert page.locator("[data-nf404-path]").text_content() == typo


def test_suggestions_page_and_screenshot(page, server):
    response = page.goto(server.url("/en/developer-portal/create-app/wizzard/"))
    assert response.status == 404
    settled(page)
    titles = page.locator(SUGGESTIONS).all_text_contents()
    # the close match first, then its neighbours; unrelated pages are left out
    assert titles == ["Registration wizard", "Create an app", "Naming rules"]
    assert page.locator("[data-nf404-status]").text_content() == "3 pages have similar addresses or titles."
    search = page.locator("[data-nf404-search]")
    assert search.text_content() == "Search the portal for \u201cwizzard\u201d"
    assert search.get_attribute("href") == server.url("/en/?q=wizzard")
    shot(page, "not-found-suggestions.png", full_page=True)


@pytest.mark.parametrize("path", ["/a/b/c/missing", "/en/x/y/z/w/missing.html", "/missing"])
def test_works_at_any_depth(page, server, path):
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.on("response", lambda res: failed.append(res.url) if res.status >= 400 and res.url != server.url(path) else None)
    response = page.goto(server.url(path))
    assert response.status == 404
    settled(page)
    assert failed == []
    assert styled(page)
    assert page.locator("#__nav-filter").count() == 1
    assert page.locator(NOT_FOUND).is_visible()


def test_served_from_the_language_folder(browser, site):
    """A host that serves /en/404.html for misses under /en/ (copied there by the hook)."""
    assert (site / "en" / "404.html").read_bytes() == (site / "404.html").read_bytes()
    srv = Server(site, not_found="language")
    context = browser.new_context()
    try:
        tab = context.new_page()
        response = tab.goto(srv.url("/en/deep/er/developer-portal/client-secrets/"))
        assert response.status == 404
        settled(tab)
        assert styled(tab)
        assert tab.locator(SUGGESTIONS).first.text_content() == "Client secrets"
        tab.goto(srv.url("/en/apps/overview.html#roles"))
        tab.wait_for_url(lambda url: url == srv.url("/en/developer-portal/about/#roles"))
    finally:
        context.close()
        srv.close()


def test_search_finds_a_page_that_moved(page, server):
    # From the 404 page of an unknown old address, the search link for the last segment
    page.goto(server.url("/en/portal/create/wizard"))
    settled(page)
    page.locator("[data-nf404-search]").click()
    page.wait_for_function("() => document.getElementById('__search').checked")
    assert page.url == server.url("/en/portal/create/wizard")  # opened in place
    assert page.locator(".md-search__input").input_value() == "wizard"
    hit = page.locator(".md-search-result__item a[href*='create-app/wizard/']:visible").first
    hit.wait_for()
    assert "Registration wizard" in hit.text_content()
    hit.evaluate("a => a.click()")
    page.wait_for_url(lambda url: "/en/developer-portal/create-app/wizard/" in url)
    page.locator(".md-content__inner > h1", has_text="Registration wizard").wait_for()


def test_search_link_target_opens_the_search(page, server):
    # What the 404 search link points to, opened directly: Material reads ?q=
    page.goto(server.url("/en/?q=wizard"))
    page.wait_for_function("() => document.getElementById('__search').checked")
    page.locator(".md-search-result__item a[href*='create-app/wizard/']:visible").first.wait_for()


def test_site_search_finds_moved_page_by_title(page, server):
    page.goto(server.url("/en/"))
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("consentement")
    hit = page.locator(".md-search-result__item a[href*='/en/developer-portal/security/consent/']:visible").first
    hit.wait_for()
    assert "Consentement" in hit.text_content()
