"""A real small Material site with the repository's theme overrides and assets, a static
server that answers missing paths with the 404 page (status 404, like a static host), and
Debian's Chromium driven by Playwright. Shared by the browser tests.

Not named conftest.py on purpose: tests/test_check.py does ``from conftest import ...``.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("URLKEEPER_SHOTS", "/tmp/shots"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
]

requires_chromium = pytest.mark.usefixtures("needs_chromium")  # one skip line for all browser tests

FILLER = (
    "Apps registered in the Developer Portal call the REST API of the CRM platform on behalf "
    "of a tenant. Every request carries an OAuth 2.0 access token issued for the app.\n\n"
)


def md_page(title: str, *sections: tuple[str, str]) -> str:
    body = f"# {title}\n\n" + FILLER * 2
    for heading, anchor in sections:
        body += f"## {heading} {{#{anchor}}}\n\n" + FILLER * 6
    return body


# ~20 pages, nested three levels, with accented titles.
PAGES = {
    "en/index.md": md_page("Home"),
    "en/developer-portal/index.md": md_page("Developer Portal"),
    "en/developer-portal/about.md": md_page("About the portal", ("Overview", "overview"), ("Roles", "roles"), ("Limits", "limits")),
    "en/developer-portal/create-app/index.md": md_page("Create an app"),
    "en/developer-portal/create-app/wizard.md": md_page("Registration wizard", ("Steps", "steps")),
    "en/developer-portal/create-app/naming.md": md_page("Naming rules"),
    "en/developer-portal/configuration/index.md": md_page("Configuration"),
    "en/developer-portal/configuration/redirect-urls.md": md_page("Redirect URLs"),
    "en/developer-portal/configuration/client-secrets.md": md_page("Client secrets", ("Rotation", "rotation")),
    "en/developer-portal/configuration/certificates.md": md_page("Certificates & keys"),
    "en/developer-portal/publishing/index.md": md_page("Publishing"),
    "en/developer-portal/publishing/beta.md": md_page("Beta period", ("Duration", "duration"), ("Feedback", "feedback")),
    "en/developer-portal/publishing/release.md": md_page("Release"),
    "en/developer-portal/security/index.md": md_page("Sécurité et conformité"),
    "en/developer-portal/security/evaluation.md": md_page("Évaluation de sécurité", ("Checklist", "checklist")),
    "en/developer-portal/security/consent.md": md_page("Consentement des utilisateurs"),
    "en/api/index.md": md_page("API reference"),
    "en/api/contacts.md": md_page("List contacts"),
    "en/api/tickets.md": md_page("Créer un ticket"),
    "en/api/sales.md": md_page("Ventes à l'étranger"),
}

NAV = [
    {"Home": "en/index.md"},
    {"Developer Portal": [
        "en/developer-portal/index.md",
        {"About the portal": "en/developer-portal/about.md"},
        {"Create an app": [
            "en/developer-portal/create-app/index.md",
            "en/developer-portal/create-app/wizard.md",
            "en/developer-portal/create-app/naming.md",
        ]},
        {"Configuration": [
            "en/developer-portal/configuration/index.md",
            "en/developer-portal/configuration/redirect-urls.md",
            "en/developer-portal/configuration/client-secrets.md",
            "en/developer-portal/configuration/certificates.md",
        ]},
        {"Publishing": [
            "en/developer-portal/publishing/index.md",
            "en/developer-portal/publishing/beta.md",
            "en/developer-portal/publishing/release.md",
        ]},
        {"Sécurité": [
            "en/developer-portal/security/index.md",
            "en/developer-portal/security/evaluation.md",
            "en/developer-portal/security/consent.md",
        ]},
    ]},
    {"API reference": [
        "en/api/index.md",
        "en/api/contacts.md",
        "en/api/tickets.md",
        "en/api/sales.md",
    ]},
]

# What urlkeeper's json renderer writes (scripts/urlkeeper/renderers/json_map.py), plus
# hostile targets that must never be followed.
REDIRECTS = {
    "version": 1,
    "language_prefix": "/en",
    "base_path": "",
    "exact": {
        "/en/apps/overview/": "/en/developer-portal/about/",
        "/en/apps/publish/beta/": "/en/developer-portal/publishing/beta/#duration",
        "/en/apps/certification/checklist/": "/en/developer-portal/security/evaluation/#checklist",
        "/en/apps/gone/": "/en/developer-portal/does-not-exist/",
        "/en/apps/evil/": "//evil.example.org/phish/",
        "/en/apps/evil-scheme/": "javascript:alert(1)",
        "/en/apps/evil-backslash/": "/\\evil.example.org/",
        # a moved page's stub (written by build_site) under a splat rule's target: a chain
        "/en/developer-portal/old-about/": "/en/developer-portal/about/",
    },
    "prefix": [
        ["/en/apps/publish/", "/en/developer-portal/publishing/*"],
        ["/en/legacy/", "https://evil.example.org/*"],
        ["/en/apps/", "/en/developer-portal/*"],
    ],
}


def mkdocs_config(site_url: str) -> dict:
    return {
        "site_name": "CRM Developer Portal",
        # The address the site is served from: Material's instant navigation only takes
        # over links that its sitemap lists, and the sitemap uses site_url.
        "site_url": site_url,
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {
            "name": "material",
            "custom_dir": "overrides",
            "language": "en",
            "font": False,  # no requests to Google Fonts: the tests run offline
            "features": [
                "navigation.instant", "navigation.tracking", "navigation.tabs",
                "navigation.sections", "navigation.indexes", "navigation.prune",
                "search.suggest", "search.highlight",
            ],
        },
        "plugins": ["search"],
        "hooks": ["hooks/not_found.py"],
        "extra_css": ["assets/stylesheets/nav-filter.css"],
        "extra_javascript": ["assets/javascripts/nav-filter.js"],
        "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}],
        "nav": NAV,
    }


def build_site(base: Path, site_url: str = "https://developers.example.com/") -> Path:
    """Build the test site with the repository's overrides, assets and hook."""
    docs = base / "docs"
    for rel, text in PAGES.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (docs / "index.html").write_text('<!doctype html><meta http-equiv="refresh" content="0; url=en/">\n', encoding="utf-8")
    shutil.copytree(ROOT / "overrides", base / "overrides")
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    (base / "hooks").mkdir()
    shutil.copy(ROOT / "hooks" / "not_found.py", base / "hooks" / "not_found.py")
    (base / "mkdocs.yml").write_text(yaml.safe_dump(mkdocs_config(site_url), sort_keys=False, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=base, env=env,
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}")
    site = base / "site"
    (site / "redirects.json").write_text(json.dumps(REDIRECTS), encoding="utf-8")
    stub = site / "en" / "developer-portal" / "old-about" / "index.html"
    stub.parent.mkdir(parents=True)
    stub.write_text('<!doctype html><meta http-equiv="refresh" content="0; url=../about/">\n', encoding="utf-8")
    return site


class StaticHost(SimpleHTTPRequestHandler):
    """A static host: files as they are, the 404 page with status 404 for anything else.

    ``not_found`` picks the error page: "root" always serves /404.html, "language" serves
    /en/404.html for paths under /en/ (hosts configured per folder).
    """

    not_found = "root"
    requests: list[str] = []

    def log_message(self, format, *args):  # noqa: A002 - quiet test output
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        site = Path(self.directory)
        page = site / "404.html"
        if self.not_found == "language" and self.path.startswith("/en/") and (site / "en" / "404.html").is_file():
            page = site / "en" / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server:
    def __init__(self, site: Path, not_found: str = "root"):
        handler = type("Host", (StaticHost,), {"not_found": not_found})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.origin + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The test site, built for and served from http://127.0.0.1:<port>/."""
    base = tmp_path_factory.mktemp("reader-site")
    (base / "site").mkdir()
    srv = Server(base / "site")
    try:
        srv.site = build_site(base, srv.origin + "/")
        yield srv
    finally:
        srv.close()


@pytest.fixture(scope="module")
def site(server) -> Path:
    return server.site


@pytest.fixture(scope="module")
def browser():
    from conftest import require

    require("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh tab (fresh sessionStorage) at desktop size; fails the test on script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 860}, service_workers="block")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(tab, name: str, **kwargs) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    tab.screenshot(path=str(path), **kwargs)
    return path
