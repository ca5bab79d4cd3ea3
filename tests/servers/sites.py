"""The two sites the servers are tested with: a small fixture covering every kind of rule, and
the portal of this repository built for real by MkDocs in a temporary copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from urlkeeper import check, config as config_mod
from urlkeeper.html_scan import is_redirect_page
from urlkeeper.http_model import HttpModel
from urlkeeper.inventory import Inventory
from urlkeeper.renderers import RenderInput, Rendered, get
from urlkeeper.resolve import Resolver
from urlkeeper.rules import Rule, parse_source
from urlkeeper.urls import canonical
from urlkeeper.validate import validate

from conftest import copy_portal
from differential import site_files



@dataclass
class Site:
    name: str
    data: RenderInput
    folder: Path  # what the servers serve: live files only, no HTML redirect pages (the site below base)
    baseline: list[str] = field(default_factory=list)  # published URLs as written (with forms)
    renderer: Callable[[str], Rendered] | None = None  # how the command line renders (the portal)

    @property
    def base(self) -> str:
        return self.data.base_path

    def model(self) -> HttpModel:
        resolver = Resolver(self.data.rules, self.data.inventory, self.data.language_prefix, self.data.legacy_html)
        return HttpModel(resolver, site_files(self.folder / self.base.strip("/")))

    def render(self, fmt: str) -> Rendered:
        return self.renderer(fmt) if self.renderer else get(fmt).render(self.data)


FIXTURE_RULES = [
    ("/", "/en/"),
    ("/*", "/en/*"),
    ("/en/apps/overview/", "/en/developer-portal/about/#overview"),
    ("/en/apps/*", "/en/developer-portal/*"),
    ("/en/apps/legacy-tools/*", "/en/developer-portal/getting-started/#register"),
    ("/en/old-guides/*", "/en/developer-portal/getting-started/"),
    ("/en/temp/", "/en/developer-portal/", 302),
    ("/en/partners/", "https://partners.example.com/programme/?ref=docs"),
    ("/en/a%20b/", "/en/developer-portal/caf%C3%A9/"),
    ("/en/%64z/", "/en/developer-portal/"),
    ("/en/docs/*", "/en/docs/v2/*"),
    ("/en/price-$5/", "/en/developer-portal/über/#größe"),
    ("/en/quote/", "/en/developer-portal/say-%22hi%22-%3Cb%3E/"),
    ("/en/shop/", "https://partners.example.com/shop/?ref=docs&lang=en#top", 308),
    ("/apps/legacy/", "/en/developer-portal/", 307),
]
FIXTURE_PAGES = ["/en/", "/en/developer-portal/", "/en/developer-portal/about/", "/en/developer-portal/getting-started/",
                 "/en/developer-portal/café/", "/en/developer-portal/tools/", "/en/developer-portal/some/page/",
                 "/en/apps/keep/", "/en/docs/v2/intro/", "/en/api/reference/", "/en/developer-portal/über/",
                 '/en/developer-portal/say-"hi"-<b>/']
FIXTURE_BASELINE = ["/en/apps/overview/", "/en/apps/tools/", "/en/apps/keep/", "/apps/overview.html",
                    "/en/old-guides/setup/", "/en/temp/", "/en/docs/intro/", "/developer-portal/tools.html"]


def _rule(source: str, target: str, status: int = 301) -> Rule:
    key, prefix = parse_source(source)
    return Rule(key, target, status, prefix, raw_source=source)


def fixture_site(folder: Path, legacy_html: bool = False, base: str = "") -> Site:
    """The fixture served at ``base`` (a site_url sub-path such as /docs, or the root)."""
    inventory = Inventory()
    for page in FIXTURE_PAGES:
        inventory.add(page, ("overview", "register", "größe"))
        target = folder / base.strip("/") / page.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<!doctype html><title>{page}</title><p>live {page}</p>\n", encoding="utf-8")
    (folder / base.strip("/") / "assets").mkdir(exist_ok=True)
    (folder / base.strip("/") / "assets" / "site.css").write_text("body {}\n", encoding="utf-8")
    (folder / base.strip("/") / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (folder / base.strip("/") / "404.html").write_text("<!doctype html><title>Not found</title>\n", encoding="utf-8")
    inventory.files = {"/assets/site.css", "/robots.txt", "/404.html"}
    rules = [_rule(*r) for r in FIXTURE_RULES]
    found, valid = validate(rules, inventory, protected=("/en/api/",), allowed_hosts=("partners.example.com",))
    problems = [f for f in found if f.code.bad_input]
    assert not problems, [f.message for f in problems]
    valid.sort(key=lambda r: (r.source, r.prefix))
    data = RenderInput(rules=valid, language_prefix="/en", inventory=inventory,
                       baseline_urls=sorted({canonical(u) for u in FIXTURE_BASELINE}),
                       site_url=f"https://docs.example.com{base}/", allowed_hosts=("partners.example.com",),
                       legacy_html=legacy_html, base_path=base)
    return Site("fixture" + (f" at {base}" if base else "") + (" with legacy_forms" if legacy_html else ""),
                data, folder, list(FIXTURE_BASELINE))


def portal_site(tmp: Path) -> Site:
    """This repository's portal, built by MkDocs in a copy; the folder served holds its live files."""
    project = copy_portal(tmp / "project")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True,
                          timeout=600, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    cfg = config_mod.load(project / "mkdocs.yml")
    result = check.run(cfg)
    bad = [f.message for f in result.findings if f.code.bad_input]
    assert not bad, bad
    served = tmp / "served"
    for path in (project / "site").rglob("*"):
        if path.is_dir():
            continue
        if path.suffix == ".html" and is_redirect_page(path.read_text(encoding="utf-8", errors="replace")):
            continue  # an HTML redirect page: the server config redirects there instead
        dest = served / path.relative_to(project / "site")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
    data = RenderInput(rules=result.rules, language_prefix=cfg.language_prefix, base_path="", inventory=result.inventory,
                       baseline_urls=result.baseline_urls, site_url=cfg.site_url, allowed_hosts=cfg.allowed_hosts,
                       legacy_html=cfg.legacy_html)
    assert cfg.legacy_html, "the portal sets legacy_forms: [html]"
    baseline = []
    for file in sorted((project / "redirects" / "baselines").glob("*.txt")):
        baseline += [line.partition("#")[0] for line in file.read_text(encoding="utf-8").splitlines()
                     if line.startswith("/")]
    # rendered as `urlkeeper redirects render` does, from the project's own settings
    return Site("portal", data, served, sorted(set(baseline)), lambda fmt: check.render(cfg, result, (fmt,))[fmt])
