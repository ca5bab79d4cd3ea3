"""The documentation site itself: its size, the generated API reference, and its baselines."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest
import yaml

from conftest import ROOT, build, copy_portal, urlkeeper
from urlkeeper.inventory import Inventory

DOCS = ROOT / "docs" / "en"


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_api_reference", ROOT / "scripts" / "gen_api_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference():
    gen = _load_generator()
    spec = yaml.safe_load((DOCS / "api" / "openapi.yaml").read_text(encoding="utf-8"))
    return spec, gen.render_reference(spec), gen


def test_merged_section_has_the_pages_of_both():
    """After the merge, /en/apps/ is gone and /en/developer-portal/ holds both sections."""
    assert not (DOCS / "apps").exists()
    pages = list((DOCS / "developer-portal").rglob("*.md"))
    assert len(pages) >= 60, len(pages)
    for page in pages:
        words = len(page.read_text(encoding="utf-8").split())
        assert words >= 150, f"{page} has only {words} words"
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]
    assert [next(iter(item)) for item in nav] == ["Home", "Developer Portal", "API reference", "Blog"]


def test_baselines_cover_both_generations_of_the_old_section():
    en = Inventory.read(ROOT / "redirects" / "baselines" / "en.txt")
    legacy = Inventory.read(ROOT / "redirects" / "baselines" / "legacy-html.txt")
    assert sum(u.startswith("/en/apps/") for u in en.pages) >= 30
    assert sum(u.startswith("/en/developer-portal/") for u in en.pages) >= 30
    assert sum(u.startswith("/apps/") for u in legacy.pages) >= 30
    assert "/en/apps/publish/beta/" in en and "/apps/publish/beta.html" in legacy


def test_openapi_document_size(reference):
    spec, _pages, _gen = reference
    operations = [op for path in spec["paths"].values() for m, op in path.items() if m in ("get", "post", "put", "patch", "delete")]
    assert len(operations) >= 60
    assert len(spec["components"]["schemas"]) >= 30
    tags = {t for op in operations for t in op.get("tags", [])}
    assert {"Contacts", "Persons", "Sales", "Appointments", "Tickets", "Documents", "Projects", "Lists"} <= tags


def test_reference_is_deterministic_and_complete(reference):
    spec, pages, gen = reference
    again = gen.render_reference(yaml.safe_load((DOCS / "api" / "openapi.yaml").read_text(encoding="utf-8")))
    assert pages == again
    ops = [p for p in pages if p.startswith("en/api/reference/operations/")]
    schemas = [p for p in pages if p.startswith("en/api/reference/schemas/")]
    assert len(ops) >= 60 and len(schemas) >= 30
    page = pages["en/api/reference/operations/list-contacts.md"]
    for anchor in ("{#param-limit}", "{#param-cursor}", "{#response-200}", "{#response-429}"):
        assert anchor in page, anchor
    assert "{#prop-" in pages["en/api/reference/schemas/contact.md"]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    """The real site, built from a copy of the repository's files with --strict."""
    project = copy_portal(tmp_path_factory.mktemp("portal"))
    build(project, "--strict")
    return project


def test_strict_build_and_check_pass(built_site):
    proc = urlkeeper("check", cwd=built_site)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_api_reference_matches_its_baseline_exactly(built_site):
    """The frozen API reference: same URLs, same anchors, byte for byte."""
    inv = Inventory.from_site(built_site / "site")
    baseline = Inventory.read(ROOT / "redirects" / "baselines" / "en.txt")

    def api(i: Inventory) -> Inventory:
        return Inventory({u: a for u, a in i.pages.items() if u.startswith("/en/api/")})

    assert api(inv).to_text() == api(baseline).to_text()


def test_two_builds_give_identical_inventories(built_site, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(built_site, again, ignore=shutil.ignore_patterns("site"))
    build(again, "--strict")
    assert Inventory.from_site(again / "site").to_text() == Inventory.from_site(built_site / "site").to_text()


def test_old_urls_of_both_generations_resolve(built_site):
    site = built_site / "site"
    # The HTML redirect pages for the first publication's URLs exist and point at /en/.
    page = (site / "apps" / "overview.html").read_text(encoding="utf-8")
    assert 'content="urlkeeper-redirect"' in page and "/en/" in page
    assert (site / "index.html").exists() and (site / "redirects.json").exists()
    legacy = Inventory.read(ROOT / "redirects" / "baselines" / "legacy-html.txt")
    assert "/api/reference/operations/list-contacts.html" in legacy


# ---- the blog (docs/en/blog/, hooks/blog_whats_new.py, redirects/baselines/blog.txt) ----------


def _built_file(site, url_path: str):
    path = site / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


def test_blog_feeds_list_every_post_with_links_that_resolve(built_site):
    import json

    import feedparser

    from urlkeeper import blog

    site = built_site / "site"
    settings = blog.load_settings(ROOT / "mkdocs.yml")
    posts = blog.post_urls(settings, blog.read_posts(ROOT / "docs", settings))
    assert len(posts) >= 8
    rss = feedparser.parse((site / "feed_rss_created.xml").read_bytes())
    assert not rss.bozo, rss.get("bozo_exception")
    assert rss.version == "rss20" and rss.feed.title
    links = [e.link for e in rss.entries]
    assert sorted(links) == sorted("https://developers.example.com" + u for u in posts.values())
    for entry in rss.entries:
        assert entry.link.startswith("https://developers.example.com/en/blog/")
        assert _built_file(site, entry.link[len("https://developers.example.com"):]).is_file(), entry.link
        assert entry.get("published_parsed") and entry.get("summary") and "](" not in entry.summary
        assert {t.term for t in entry.tags}, entry.link
    feed = json.loads((site / "feed_json_created.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://developers.example.com/feed_json_created.json"
    assert sorted(i["url"] for i in feed["items"]) == sorted(links)
    for item in feed["items"]:  # dates from the posts, not from the build
        assert item["date_published"] == item["date_modified"] and item["id"] == item["url"], item


def test_blog_posts_and_listings_are_in_the_baseline(built_site):
    from urlkeeper import blog

    baseline = Inventory.read(ROOT / "redirects" / "baselines" / "blog.txt")
    settings = blog.load_settings(ROOT / "mkdocs.yml")
    posts = blog.post_urls(settings, blog.read_posts(ROOT / "docs", settings))
    live = Inventory.from_site(built_site / "site")
    for url in posts.values():
        assert url in baseline and baseline.pages[url] == live.pages[url], url
    listings = [u for u in live.pages if u.startswith("/en/blog/") and u not in posts.values()]
    for url in listings:
        if "/page/" in url:
            assert url not in baseline, url  # pagination pages are not guaranteed
        else:
            assert url in baseline and not baseline.pages[url], url  # URL only, no anchors


def test_whats_new_lists_the_posts_that_announce_a_page(built_site):
    from bs4 import BeautifulSoup

    page = built_site / "site" / "en" / "developer-portal" / "analytics" / "failures" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one("article aside.whats-new")
    assert box is not None and box.find_previous_sibling("h1") is not None
    items = [(a.get_text(), a["href"]) for a in box.select("li a")]
    assert items == [
        ("Error Insights: error tracking for integrations, built into the portal", "../../../blog/2024/12/03/error-insights/"),
        ("New in Analytics: the Failures view", "../../../blog/2024/10/08/new-failures-view/"),
    ]
    for _, href in items:
        assert (page.parent / href / "index.html").resolve().is_file()
    # A page no post announces has no box.
    other = built_site / "site" / "en" / "developer-portal" / "team" / "members" / "index.html"
    assert "whats-new" not in other.read_text(encoding="utf-8")


def test_links_of_the_whole_site_with_the_blog_are_clean(built_site):
    proc = urlkeeper("links", "--no-cache", cwd=built_site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 errors, 0 warnings" in proc.stdout + proc.stderr
def test_scanner_reads_every_built_page_as_html5lib_does(built_site):
    """Links, ids and base URL of every page, by urlkeeper's scanner and by a real HTML5 parser."""
    sys.path.insert(0, str(ROOT / "tests" / "links"))
    from test_scanner_oracle import built_pages, disagreements

    texts = list(built_pages(built_site / "site"))
    assert len(texts) > 100
    assert not disagreements(texts)
