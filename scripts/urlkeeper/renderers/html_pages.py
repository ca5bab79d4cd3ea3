"""``html``: a redirect page at every old URL, for static hosts without server-side redirects.

Each concrete form of an old URL gets a file in the site dir: ``en/apps/overview/index.html``
serves ``/en/apps/overview/`` and ``/en/apps/overview/index.html``, ``en/apps/overview.html``
serves the legacy form. A page redirects with ``<meta http-equiv="refresh">`` and with a
script that keeps the request's query and fragment (a rule's own fragment wins, as with an
HTTP ``Location``), names the target as canonical, asks not to be indexed, and shows a link.
The page is the template ``redirect.html`` (:mod:`urlkeeper.templating`), which a site may
override from its theme's ``custom_dir``.

Static hosts have no wildcards, so prefix rules get a page for each published (baseline) URL
under the prefix. A page is never written where the build has a live page (or over another
rule's page): a REDIRECT_PAGE_SKIPPED finding says so instead.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from .. import templating
from ..findings import HOST_UNSUPPORTED, REDIRECT_PAGE_SKIPPED, Finding
from ..html_scan import REDIRECT_GENERATOR
from ..inventory import NOT_PAGE_NAME, page_url
from ..urls import canonical as canonical_key, is_external
from ..versions import relative_to
from ._common import GENERATED, Entry, Plan, site_url
from .base import RenderInput, Rendered, Renderer, register

def js_string(value: str) -> str:
    """A JSON string literal that is safe inside ``<script>`` (no ``</script>``, no ``<!--``)."""
    return str(templating.js(value))


def file_of(form: str) -> str | None:
    """The file in the site dir that serves a concrete URL, or None for a non-HTML URL."""
    path = unquote(form)  # servers decode the path to find the file: /a%20b/ is "a b/index.html"
    if path.endswith("/"):
        return path[1:] + "index.html"
    if path.endswith(".html"):
        return path[1:]
    return None


def page(target: str, canonical: str, anchors: dict[str, str] | None = None, templates: Path | None = None) -> str:
    """The page from template ``redirect.html`` (the site's own under ``templates``, the
    override folder, when it has one). ``anchors``: old fragment -> where that content went
    (see :mod:`urlkeeper.fragments`)."""
    return templating.render("redirect.html", templates, target=target, canonical=canonical, anchors=anchors or {},
                             generator=REDIRECT_GENERATOR, generated=GENERATED.replace("--", "- -"))


@register
class HtmlPages(Renderer):
    name = "html"
    filename = "."  # many files, each at the old URL's path in the site dir
    description = "an HTML redirect page at every old URL (any static host)"

    def render(self, data: RenderInput) -> Rendered:
        plan = Plan(data.rules, data.language_prefix, data.inventory, data.baseline_urls)
        out = Rendered()
        live = set(plan.inventory.pages) | {NOT_PAGE_NAME}
        claimed: dict[str, Entry] = {}
        pages: dict[tuple, str] = {}  # rendered pages by what they say
        for entry in plan.live_skipped:
            out.findings.append(Finding(REDIRECT_PAGE_SKIPPED, f"no redirect page for {entry.source}: it is a live page",
                                        entry.rule.file, entry.rule.line, entry.source))
        expanded = plan.expanded()
        for entry in sorted(plan.exact + expanded, key=lambda e: e.source):
            rel = file_of(entry.source)
            if rel is None:
                out.findings.append(Finding(
                    HOST_UNSUPPORTED, f"{entry.source} is not an HTML page: a redirect page cannot stand in for it "
                    "(use a server-side format)", entry.rule.file, entry.rule.line, entry.source))
                continue
            if page_url(rel) in live:
                out.findings.append(Finding(REDIRECT_PAGE_SKIPPED, f"no redirect page at {rel}: the build has a live page there",
                                            entry.rule.file, entry.rule.line, entry.source))
                continue
            other = claimed.get(rel)
            if other is not None:
                if other.target != entry.target:
                    out.findings.append(Finding(
                        REDIRECT_PAGE_SKIPPED, f"no redirect page for {entry.source} to {entry.target}: {rel} already "
                        f"redirects to {other.target}", entry.rule.file, entry.rule.line, entry.source))
                continue
            claimed[rel] = entry
            target = site_url(data.base_path, entry.target)
            if is_external(entry.target) or not data.site_url:
                canonical = target
            else:
                canonical = site_url("", data.site_url.rstrip("/") + entry.target)
            table = data.fragments.get(canonical_key(entry.rule.source)) or data.fragments.get(canonical_key(entry.source))
            anchors = {a: site_url(data.base_path, t) for a, t in (table or {}).items()}
            if data.relative_targets and not is_external(entry.target):
                # the site may be deployed into a version folder (/latest/, /1.4/): stay inside it
                target = canonical = relative_to(rel, site_url("", entry.target))
                anchors = {a: relative_to(rel, site_url("", t)) for a, t in (table or {}).items()}
            key = (target, canonical, tuple(anchors.items()))  # the same page for every form of one old URL
            if key not in pages:
                pages[key] = page(target, canonical, anchors, data.templates_dir)
            out.files[rel] = pages[key]
        if data.legacy_html:
            self._legacy_pages(data, out, claimed, live)
        covered = {id(e.rule) for e in expanded}
        for prefix in plan.prefixes:
            if id(prefix.rule) not in covered and prefix.source == prefix.rule.source:
                out.findings.append(Finding(
                    HOST_UNSUPPORTED, f"prefix rule {prefix.rule.raw_source}: static pages cannot match a wildcard and "
                    "no published (baseline) URL lies under it, so only its own root gets a redirect page",
                    prefix.rule.file, prefix.rule.line, prefix.source))
        out.files = dict(sorted(out.files.items()))
        return out

    @staticmethod
    def _legacy_pages(data: RenderInput, out: Rendered, claimed: dict, live: set) -> None:
        """legacy_forms: [html]: a page at every live page's old .html address (en/x.html -> /en/x/)."""
        for key in sorted(plan_pages(data)):
            rel = key[1:-1] + ".html"
            if rel in claimed or rel in out.files or page_url(rel) in live:
                continue
            target = site_url(data.base_path, key)
            canonical = target if not data.site_url else site_url("", data.site_url.rstrip("/") + key)
            if data.relative_targets:  # a version folder (/latest/): stay inside it
                target = canonical = relative_to(rel, site_url("", key))
            out.files[rel] = page(target, canonical, templates=data.templates_dir)


def plan_pages(data: RenderInput) -> list[str]:
    """The live folder pages (``/en/x/``, not the root) of the build."""
    pages = data.inventory.pages if data.inventory is not None else {}
    return [p for p in pages if p.endswith("/") and p != "/"]
