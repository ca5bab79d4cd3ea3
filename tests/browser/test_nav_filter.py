"""The sidebar navigation filter (docs/assets/javascripts/nav-filter.js) in headless Chromium."""

from __future__ import annotations

import re

import pytest

from browser_support import CHROMIUM_ARGS, browser, page, requires_chromium, server, shot, site  # noqa: F401

pytestmark = [pytest.mark.browser, requires_chromium]

FILTER = "#__nav-filter"
RESULTS = "#__nav-filter-results"
STATUS = "#__nav-filter-status"
NAV_LIST = ".md-sidebar--primary .md-nav--primary > .md-nav__list"


def open_page(tab, server, path="/en/developer-portal/about/"):
    tab.goto(server.url(path))
    tab.wait_for_selector(FILTER)


def texts(tab, selector):
    return tab.eval_on_selector_all(selector, "els => els.map(e => e.textContent.trim())")


def shown(tab):
    return texts(tab, f"{RESULTS} .nf-link")


def matched(tab):
    return texts(tab, f"{RESULTS} .nf-link--match")


def toggles(tab):
    return tab.eval_on_selector_all(".md-nav--primary input.md-nav__toggle", "els => els.map(e => [e.id, e.checked])")


def focused(tab):
    return tab.evaluate("() => [document.activeElement.id, document.activeElement.textContent.trim()]")


def test_typing_narrows_to_matches_and_keeps_ancestors_expanded(page, server):
    open_page(page, server)
    page.locator(FILTER).press_sequentially("secur")
    assert matched(page) == ["Sécurité", "Évaluation de sécurité"]
    # The matching section comes with its pages, under its (expanded) ancestor
    assert shown(page) == ["Developer Portal", "Sécurité", "Évaluation de sécurité", "Consentement des utilisateurs"]
    assert page.locator(f"{RESULTS} >> text=Developer Portal").is_visible()
    assert page.locator(f"{RESULTS} >> text=Consentement des utilisateurs").is_visible()
    assert texts(page, f"{RESULTS} mark.nf-mark") == ["Sécur", "sécur"]
    assert page.locator(STATUS).text_content() == "2 pages match"
    assert not page.locator(NAV_LIST).is_visible()
    shot(page, "nav-filter-desktop.png")


def test_filter_reaches_pages_the_sidebar_has_pruned(page, server):
    open_page(page, server, "/en/api/contacts/")
    # navigation.prune: the Developer Portal pages are not in this page's sidebar at all
    assert page.locator(".md-nav--primary >> text=Registration wizard").count() == 0
    page.locator(FILTER).fill("wizard")
    assert shown(page) == ["Developer Portal", "Create an app", "Registration wizard"]
    link = page.locator(f"{RESULTS} a:has-text('Registration wizard')")
    assert link.get_attribute("href") == server.url("/en/developer-portal/create-app/wizard/")
    assert page.locator(STATUS).text_content() == "1 page matches"


@pytest.mark.parametrize(("query", "expected", "mark"), [
    ("EVALUATION", ["Évaluation de sécurité"], "Évaluation"),
    ("etranger", ["Ventes à l'étranger"], "étranger"),
    ("creer", ["Créer un ticket"], "Créer"),
    ("CRÉER", ["Créer un ticket"], "Créer"),
    ("secu  eval", ["Évaluation de sécurité"], None),
    ("& keys", ["Certificates & keys"], "&"),
])
def test_case_and_accent_insensitive_every_word_must_match(page, server, query, expected, mark):
    open_page(page, server)
    page.locator(FILTER).fill(query)
    assert matched(page) == expected
    if mark:
        assert mark in texts(page, f"{RESULTS} mark.nf-mark")


def test_no_match_says_so_and_links_to_full_text_search(page, server):
    open_page(page, server)
    page.locator(FILTER).fill("secu zzqx")
    empty = page.locator(f"{RESULTS} .nf-empty")
    assert "No pages match" in empty.text_content()
    assert page.locator(STATUS).text_content() == "No pages match"
    link = empty.locator("a")
    assert link.get_attribute("href") == server.url("/en/?q=secu+zzqx")
    link.click()
    page.wait_for_function("() => document.getElementById('__search').checked")
    assert page.locator(".md-search__input").input_value() == "secu zzqx"
    page.wait_for_timeout(300)
    assert page.url == server.url("/en/developer-portal/about/")  # opened in place
    assert page.evaluate("() => document.getElementById('__search').checked")


def test_escape_restores_the_navigation_as_it_was(page, server):
    open_page(page, server, "/en/developer-portal/publishing/beta/")
    before_toggles = toggles(page)
    before_text = page.locator(NAV_LIST).inner_text()
    page.locator(FILTER).press_sequentially("rel")
    assert matched(page) == ["Release"]
    page.keyboard.press("Escape")
    assert page.locator(FILTER).input_value() == ""
    assert page.locator(RESULTS).is_hidden()
    assert page.locator(NAV_LIST).is_visible()
    assert toggles(page) == before_toggles
    assert page.locator(NAV_LIST).inner_text() == before_text
    assert page.locator(STATUS).text_content() == ""
    assert focused(page)[0] == "__nav-filter"
    assert page.evaluate("() => sessionStorage.getItem('urlkeeper.nav-filter.query')") is None


def test_clear_button(page, server):
    open_page(page, server)
    clear = page.get_by_role("button", name="Clear filter")
    assert clear.is_hidden()
    page.locator(FILTER).fill("naming")
    assert clear.is_visible()
    clear.click()
    assert page.locator(FILTER).input_value() == ""
    assert clear.is_hidden()
    assert page.locator(NAV_LIST).is_visible()
    assert focused(page)[0] == "__nav-filter"


def test_keyboard_alone(page, server):
    open_page(page, server)
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused(page)[0] == "__nav-filter":
            break
    else:
        pytest.fail("the filter box cannot be reached with Tab")
    page.keyboard.type("publi")
    page.keyboard.press("ArrowDown")
    assert focused(page)[1] == "Developer Portal"
    seen = []
    for _ in range(5):
        page.keyboard.press("ArrowDown")
        seen.append(focused(page)[1])
        if seen[-1] == "Release":
            break
    assert seen == ["Publishing", "Beta period", "Release"]
    page.keyboard.press("ArrowUp")
    assert focused(page)[1] == "Beta period"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(server.url("/en/developer-portal/publishing/release/"))
    page.wait_for_selector(f"{RESULTS} a[aria-current=page]")
    # Enter in the box opens the first matching page
    page.locator(FILTER).fill("naming")
    page.locator(FILTER).press("Enter")
    page.wait_for_url(server.url("/en/developer-portal/create-app/naming/"))


def test_labelled_input_and_live_region(page, server):
    open_page(page, server)
    box = page.get_by_role("searchbox", name="Filter pages by title")
    assert box.count() == 1
    status = page.locator(STATUS)
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert box.get_attribute("aria-describedby") == "__nav-filter-status"
    assert box.get_attribute("aria-controls") == "__nav-filter-results"
    box.fill("contacts")
    assert status.text_content() == "1 page matches"
    # Typing in the filter does not trigger Material's keyboard shortcuts (s, f, /)
    box.fill("")
    box.press_sequentially("fs/")
    assert not page.evaluate("() => document.getElementById('__search').checked")


def test_filter_survives_instant_navigation(page, server):
    open_page(page, server)
    page.evaluate("() => { window.__sameDocument = true }")
    page.locator(FILTER).fill("cert")
    page.locator(f"{RESULTS} a:has-text('Certificates & keys')").click()
    page.wait_for_url(server.url("/en/developer-portal/configuration/certificates/"))
    page.wait_for_selector(f"{RESULTS} a[aria-current=page]")
    assert page.evaluate("() => window.__sameDocument === true"), "instant navigation was not used"
    assert page.locator(FILTER).input_value() == "cert"
    assert matched(page) == ["Certificates & keys"]
    assert page.locator("h1").text_content().startswith("Certificates & keys")
    # Back to the full navigation of the new page, with its section open
    page.locator(FILTER).press("Escape")
    assert page.locator(NAV_LIST).is_visible()
    assert page.locator(".md-nav--primary .md-nav__link--active").first.text_content().strip() == "Certificates & keys"


def test_narrow_screen_drawer(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 780}, device_scale_factor=2, is_mobile=True, has_touch=True)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        tab.goto(server.url("/en/developer-portal/publishing/beta/"))
        tab.wait_for_selector(FILTER, state="attached")
        tab.locator("label.md-header__button[for=__drawer]").click()
        tab.wait_for_timeout(400)  # drawer transition
        box = tab.locator(FILTER)
        assert box.is_visible()

        def on_top(locator):
            return locator.evaluate(
                "el => { const r = el.getBoundingClientRect();"
                " const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                " return hit === el || el.contains(hit); }")

        # The drawer opens on the page's own panel (Publishing); the box stays on top of it
        panel_title = tab.locator(".md-nav--primary label.md-nav__title", has_text="Publishing")
        assert on_top(panel_title)
        assert on_top(box)
        box.tap()
        tab.keyboard.type("client")
        link = tab.locator(f"{RESULTS} a:has-text('Client secrets')")
        assert link.is_visible() and on_top(link)
        shot(tab, "nav-filter-drawer.png")
        link.tap()
        tab.wait_for_url(server.url("/en/developer-portal/configuration/client-secrets/"))
        assert not errors, errors
    finally:
        context.close()


def test_filter_box_on_every_page_kind(page, server):
    for path in ("/en/", "/en/api/", "/en/developer-portal/security/evaluation/"):
        open_page(page, server, path)
        assert page.locator(FILTER).count() == 1
        assert re.search(r"Filter pages", page.locator(FILTER).get_attribute("placeholder"))
