"""``azure``: ``staticwebapp.config.json`` routes for Azure Static Web Apps.

Azure evaluates ``routes`` in order and stops at the first match. A wildcard is allowed only
at the end of a route, and a redirect target cannot take the rest of the path, so:

* exact rules: one route per concrete form (a folder route does not match ``index.html``);
* prefix rules to one page: ``/en/old/*`` (plus the root forms as exact routes; Azure's
  ``/x/*`` does not match ``/x`` or ``/x/index.html``), after rewrite routes that keep live
  pages under the prefix served;
* prefix rules that keep the rest of the path: expanded over the published (baseline) URLs
  under the prefix; URLs not published cannot be redirected (HOST_UNSUPPORTED).

Limit: "Max file size is 20 KB" for staticwebapp.config.json (Microsoft Learn, "Configure
Azure Static Web Apps", section "Restrictions",
https://learn.microsoft.com/azure/static-web-apps/configuration#restrictions). We take 20 KB
as 20,000 bytes to be on the safe side. JSON has no comments, so the file carries no header.
"""

from __future__ import annotations

import json

from ..findings import HOST_LIMIT, HOST_UNSUPPORTED, Finding, Severity
from ._common import Plan, site_url
from .base import RenderInput, Rendered, Renderer, register

MAX_BYTES = 20_000
LIMIT_SOURCE = "https://learn.microsoft.com/azure/static-web-apps/configuration#restrictions"


def _route(route: dict) -> str:
    return json.dumps(route, ensure_ascii=False, separators=(", ", ": "))


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
            if count:
                message = (f"prefix rule {p.rule.raw_source} keeps the rest of the path, which Azure Static Web Apps "
                           f"cannot do: expanded over {count} published URL forms; other URLs under it are not redirected")
                severity = Severity.INFO
            else:
                message = (f"prefix rule {p.rule.raw_source} keeps the rest of the path, which Azure Static Web Apps "
                           "cannot do, and no published (baseline) URL lies under it: nothing under it is redirected")
                severity = Severity.WARNING
            out.findings.append(Finding(HOST_UNSUPPORTED, message, p.rule.file, p.rule.line, p.source, severity))
        text = '{\n  "routes": [\n' + ",\n".join("    " + _route(r) for r in routes) + "\n  ]\n}\n"
        out.files[self.filename] = text
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            out.findings.append(Finding(
                HOST_LIMIT, f"staticwebapp.config.json is {size:,} bytes with {len(routes):,} routes; Azure Static Web "
                f"Apps allows 20 KB ({LIMIT_SOURCE}): use prefix rules to one page, or HTML redirect pages",
                self.filename, None, None, extra={"count": size, "limit": MAX_BYTES}))
        return out
