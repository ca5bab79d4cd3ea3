"""Golden files: every format rendered from one fixed rule set (UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import pytest

from urlkeeper.renderers import get, names
from urlkeeper.html_scan import is_redirect_page

from render_fixtures import check_golden, make_input, make_rules

FORMATS = ["netlify", "cloudflare", "nginx", "apache", "caddy", "azure", "json"]


def test_all_formats_registered():
    assert set(names()) >= {"html", "netlify", "cloudflare", "nginx", "apache", "caddy", "azure", "json"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt):
    rendered = get(fmt).render(make_input())
    assert list(rendered.files) == [get(fmt).filename]
    findings = "".join(f"# {f.code.id} {f.level.label} {f.url}: {f.message}\n" for f in rendered.findings)
    check_golden(f"{fmt}.txt", rendered.files[get(fmt).filename] + ("\n# findings\n" + findings if findings else ""))


@pytest.mark.parametrize("fmt", FORMATS + ["html"])
def test_golden_with_base_path(fmt):
    rendered = get(fmt).render(make_input(base_path="/docs", site_url="https://example.org/docs/"))
    if fmt == "html":
        page = rendered.files["en/apps/publish/beta/index.html"]
        assert 'url=/docs/en/developer-portal/standard-app/publish/#beta"' in page
        assert 'href="https://example.org/docs/en/developer-portal/standard-app/publish/#beta"' in page
        assert "en/apps/overview/index.html" in rendered.files  # files are relative to the site dir
        return
    check_golden(f"{fmt}-base-path.txt", rendered.files[get(fmt).filename])


def test_golden_html():
    rendered = get("html").render(make_input())
    manifest = []
    for rel, text in rendered.files.items():
        assert is_redirect_page(text), rel
        start = text.index("url=") + 4
        target = text[start:text.index('"', start)]
        manifest.append(f"{rel} -> {target}")
    findings = [f"# {f.code.id} {f.url}: {f.message}" for f in rendered.findings]
    pages = ["en/apps/publish/beta/index.html", "en/quote.html", "price-$5/index.html"]
    text = "\n".join(manifest + findings) + "\n" + "".join(f"\n===== {p}\n{rendered.files[p]}" for p in pages)
    check_golden("html.txt", text)


@pytest.mark.parametrize("fmt", FORMATS + ["html"])
def test_deterministic_whatever_the_rule_order(fmt):
    first = get(fmt).render(make_input())
    shuffled = make_input(rules=list(reversed(make_rules())), baseline_urls=list(reversed(make_input().baseline_urls)))
    second = get(fmt).render(shuffled)
    assert first.files == second.files
    assert list(first.files) == sorted(first.files)


def test_header_names_urlkeeper_where_comments_exist():
    for fmt in ("netlify", "cloudflare", "nginx", "apache", "caddy", "html"):
        rendered = get(fmt).render(make_input())
        text = next(iter(rendered.files.values()))
        assert "urlkeeper" in text[:400] and "generated, do not edit" in text[:400], fmt
