"""``azure``: ``staticwebapp.config.json`` routes for Azure Static Web Apps.

Azure evaluates ``routes`` in order and stops at the first match. A wildcard is allowed only
at the end of a route, and a redirect target cannot take the rest of the path, so:

* exact rules: one route per concrete form (a folder route does not match ``index.html``);
* prefix rules to one page: ``/en/old/*`` (plus the root forms as exact routes; Azure's
  ``/x/*`` does not match ``/x`` or ``/x/index.html``), after rewrite routes that keep live
  pages under the prefix served;
* prefix rules that keep the rest of the path: expanded over the published (baseline) URLs
  under the prefix and over the paths they send to a live page, which are all the model
  redirects (a splat answers only with a live target); other URLs under it answer 404, as
  in the model (HOST_UNSUPPORTED, info, names the rule); a folder of the site without an
  index page, which Azure would answer with its slash added, gets a 404 route where a rule
  source or published address names it;
* with ``legacy_forms: [html]``, a route for every live page's old ``.html`` address.

Redirects answer 301 for ``statusCode`` 301 and 302 for any other (HOST_UNSUPPORTED names
303, 307 and 308), and carry no query (HOST_APPROXIMATE, info). The differential tests run
these files in the Azure Static Web Apps CLI's emulator (``swa start``).

Limit: "Max file size is 20 KB" for staticwebapp.config.json (Microsoft Learn, "Configure
Azure Static Web Apps", section "Restrictions",
https://learn.microsoft.com/azure/static-web-apps/configuration#restrictions). We take 20 KB
as 20,000 bytes to be on the safe side. JSON has no comments, so the file carries no header.
"""

from __future__ import annotations

import json

from ..findings import HOST_APPROXIMATE, HOST_LIMIT, HOST_UNSUPPORTED, Finding, Severity
from ..urls import join_base
from ._common import Plan, encode_url, site_url
from ._redirects_file import under_splats
from ._server import build, http_model
from .base import RenderInput, Rendered, Renderer, register

MAX_BYTES = 20_000
LIMIT_SOURCE = "https://learn.microsoft.com/azure/static-web-apps/configuration#restrictions"


def _route(route: dict) -> str:
    return json.dumps(route, ensure_ascii=False, separators=(", ", ": "))


def _model_routes(data: RenderInput, taken: set[str]) -> list[dict]:
    """Routes whose answers come from the model itself: the live pages' old ``.html``
    addresses (``legacy_forms: [html]``) and every form of the paths a splat rule sends to a
    live page (Azure cannot keep the rest of a path, so each gets a route of its own)."""
    out: list[dict] = []

    def add(path: str, location: str | None, status: int, _rule=None) -> None:
        route = encode_url(path)
        if location is not None and route not in taken:
            taken.add(route)
            out.append({"route": route, "redirect": location, "statusCode": status})

    plan = build(data)
    for e in plan.exact:
        if e.kind == "live" and e.location:
            add(e.path, e.location, e.status)
    under_splats(data, plan, add, live=True)
    out += _folder_404s(data, taken)
    return out


def _folder_404s(data: RenderInput, taken: set[str]) -> list[dict]:
    """Azure adds the trailing slash to any folder of the site, with an index page or not; the
    model answers 404 at once for a folder without one (``/en/docs`` where only
    ``/en/docs/v2/intro/`` is live, and a splat rule's target is missing). A route answers
    those rule sources and published addresses with the site's 404 page and status 404."""
    model = http_model(data)
    inventory = model.resolver.inventory
    served = set(inventory.pages) | set(inventory.files)
    folders = {path[: i + 1] for path in served for i in range(len(path)) if path[i] == "/"}
    keys = set(model.resolver.exact) | set(model.resolver.prefixes) | set(data.baseline_urls)
    out = []
    for key in sorted(keys):
        form = key[:-1]
        if not key.endswith("/") or key not in folders or key in inventory.pages or model.respond(form).status != 404:
            continue
        route = encode_url(join_base(data.base_path, form))
        if route not in taken:
            taken.add(route)
            out.append({"route": route, "rewrite": encode_url(join_base(data.base_path, "/404.html")), "statusCode": 404})
    return out


def _host_notes(routes: list[dict], out: Rendered) -> None:
    """What Azure does with these routes that the model does not (its CLI's emulator, run by
    the differential tests, behaves so): a redirect answers 301 for ``statusCode`` 301 and 302
    for anything else, and its ``Location`` is the route's target as written, without the
    request's query."""
    other = sorted({r["statusCode"] for r in routes if r.get("statusCode") not in (None, 301, 302)})
    if other:
        count = sum(1 for r in routes if r.get("statusCode") in other)
        out.findings.append(Finding(
            HOST_UNSUPPORTED, f"{count} routes redirect with status {', '.join(map(str, other))}: Azure Static Web Apps "
            "redirects with 301 or 302 only (any other statusCode answers 302)", AzureStaticWebApps.filename, None, None))
    if any("redirect" in r for r in routes):
        out.findings.append(Finding(
            HOST_APPROXIMATE, "Azure Static Web Apps redirects to a route's target as written: the request's query is "
            "not carried along", AzureStaticWebApps.filename, None, None, Severity.INFO))


@register
class AzureStaticWebApps(Renderer):
    name = "azure"
    filename = "staticwebapp.config.json"
    description = "staticwebapp.config.json routes (Azure Static Web Apps)"

    def render(self, data: RenderInput) -> Rendered:
        plan = Plan(data.rules, data.language_prefix, data.inventory, data.baseline_urls)
        base = data.base_path
        out = Rendered()
        exact = {e.source: e for e in plan.exact}
        expanded = plan.expanded(splat_only=True)
        for e in expanded:
            exact.setdefault(e.source, e)
        routes = [{"route": site_url(base, s), "redirect": site_url(base, exact[s].target), "statusCode": exact[s].status}
                  for s in sorted(exact)]
        routes += _model_routes(data, {r["route"] for r in routes})
        wildcard = [p for p in plan.prefixes if not p.rule.splat]
        live = sorted({page + "index.html" if page.endswith("/") else page for p in wildcard for page in p.live})
        for page in live:
            url = site_url(base, page)
            routes.append({"route": url, "rewrite": url})
        for p in wildcard:
            routes.append({"route": site_url(base, p.source) + "*", "redirect": site_url(base, p.rule.final),
                           "statusCode": p.rule.status})
        for p in plan.prefixes:
            if not p.rule.splat or p.source != p.rule.source:
                continue
            count = sum(1 for e in expanded if e.rule is p.rule)
            message = (f"prefix rule {p.rule.raw_source} keeps the rest of the path, which Azure Static Web Apps "
                       f"cannot do: expanded over the paths it sends to a live page ({count} published URL forms); "
                       "other URLs under it answer 404, as the rule only answers with a live page")
            severity = Severity.INFO
            out.findings.append(Finding(HOST_UNSUPPORTED, message, p.rule.file, p.rule.line, p.source, severity))
        _host_notes(routes, out)
        text = '{\n  "routes": [\n' + ",\n".join("    " + _route(r) for r in routes) + "\n  ]\n}\n"
        out.files[self.filename] = text
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            out.findings.append(Finding(
                HOST_LIMIT, f"staticwebapp.config.json is {size:,} bytes with {len(routes):,} routes; Azure Static Web "
                f"Apps allows 20 KB ({LIMIT_SOURCE}): use prefix rules to one page, or HTML redirect pages",
                self.filename, None, None, extra={"count": size, "limit": MAX_BYTES}))
        return out
