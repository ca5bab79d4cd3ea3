"""The documentation site itself: its size, the generated API reference, and its baselines."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest
import yaml

from conftest import ROOT, build, urlkeeper
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
    assert [next(iter(item)) for item in nav] == ["Home", "Developer Portal", "API reference"]


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
    project = tmp_path_factory.mktemp("portal")
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, project / name)
    for folder in ("docs", "overrides", "redirects", "hooks"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, project / folder)
    (project / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "gen_api_reference.py", project / "scripts")
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


def test_scanner_reads_every_built_page_as_html5lib_does(built_site):
    """Links, ids and base URL of every page, by urlkeeper's scanner and by a real HTML5 parser."""
    sys.path.insert(0, str(ROOT / "tests" / "links"))
    from test_scanner_oracle import built_pages, disagreements

    texts = list(built_pages(built_site / "site"))
    assert len(texts) > 100
    assert not disagreements(texts)
