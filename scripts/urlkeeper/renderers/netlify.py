"""``netlify``: a ``_redirects`` file for Netlify and Cloudflare Pages (``from to status``).

Order matters (the first matching line wins on both hosts): exact lines first, sorted, then
pass-through lines (``/x/ /x/ 200``) for live pages under a prefix (Cloudflare applies
redirects even where a file exists; Netlify serves the file anyway), then prefix lines
``/en/apps/* /en/developer-portal/:splat 301``, longest prefix first. Cloudflare counts every
line from the first dynamic one as dynamic, so static lines must come first. Legacy ``.html``
forms of published URLs under a prefix get exact lines (a wildcard would keep ``.html``).

Limits (Cloudflare Pages docs, "Redirects", section "Per file",
https://developers.cloudflare.com/pages/configuration/redirects/): 2,000 static and 100
dynamic redirects, 1,000 characters per redirect. Netlify documents no hard count (it advises
wildcards from 10,000 redirects on, and a deploy may fail when the serialized rules are too
large: https://docs.netlify.com/routing/redirects/).
"""

from __future__ import annotations

from ..findings import HOST_LIMIT, Finding, Severity
from ._common import GENERATED, Plan, site_url, splat_target
from .base import RenderInput, Rendered, Renderer, register

MAX_STATIC = 2000
MAX_DYNAMIC = 100
MAX_LINE = 1000
NETLIFY_ADVISORY = 10000
LIMITS_SOURCE = "https://developers.cloudflare.com/pages/configuration/redirects/#per-file"


@register
class NetlifyRedirects(Renderer):
    name = "netlify"
    filename = "_redirects"
    description = "_redirects for Netlify and Cloudflare Pages"

    def render(self, data: RenderInput) -> Rendered:
        plan = Plan(data.rules, data.language_prefix, data.inventory, data.baseline_urls)
        base = data.base_path
        static: list[tuple[str, object]] = []  # (line, rule or None)
        exact = {e.source: e for e in plan.exact}
        for e in plan.expanded(legacy_only=True):
            exact.setdefault(e.source, e)
        for source in sorted(exact):
            e = exact[source]
            static.append((f"{site_url(base, e.source)} {site_url(base, e.target)} {e.status}", e.rule))
        passthrough = sorted({form for p in plan.prefixes for live in p.live
                              for form in ((live, live + "index.html") if live.endswith("/") else (live,))})
        for live in passthrough:
            url = site_url(base, live)
            static.append((f"{url} {url} 200", None))
        dynamic: list[tuple[str, object]] = []
        for p in plan.prefixes:
            rule = p.rule
            if rule.splat:
                to = splat_target(base, rule.final, ":splat")
            else:
                to = site_url(base, rule.final)
            dynamic.append((f"{site_url(base, p.source)}* {to} {rule.status}", rule))

        out = Rendered()
        lines = [f"# {GENERATED}", "# urlkeeper redirects for Netlify / Cloudflare Pages: first match wins.",
                 f"# {len(static)} static and {len(dynamic)} dynamic rules (Cloudflare Pages allows {MAX_STATIC:,} "
                 f"static and {MAX_DYNAMIC} dynamic; Netlify has no hard limit)."]
        lines += [line for line, _ in static] + [line for line, _ in dynamic]
        out.files[self.filename] = "\n".join(lines) + "\n"

        if len(static) > MAX_STATIC:
            out.findings.append(Finding(
                HOST_LIMIT, f"_redirects has {len(static):,} static rules; Cloudflare Pages allows {MAX_STATIC:,} "
                f"({LIMITS_SOURCE}) and ignores the rest (Netlify has no hard limit): use prefix rules",
                self.filename, None, None, extra={"count": len(static), "limit": MAX_STATIC}))
        if len(dynamic) > MAX_DYNAMIC:
            out.findings.append(Finding(
                HOST_LIMIT, f"_redirects has {len(dynamic):,} dynamic (wildcard) rules; Cloudflare Pages allows "
                f"{MAX_DYNAMIC} ({LIMITS_SOURCE}) (Netlify has no hard limit)",
                self.filename, None, None, extra={"count": len(dynamic), "limit": MAX_DYNAMIC}))
        total = len(static) + len(dynamic)
        if total >= NETLIFY_ADVISORY:
            out.findings.append(Finding(
                HOST_LIMIT, f"_redirects has {total:,} rules; Netlify advises wildcards from {NETLIFY_ADVISORY:,} "
                "redirects on and a deploy may fail when the rules are too large", self.filename, None, None,
                Severity.WARNING, extra={"count": total, "limit": NETLIFY_ADVISORY}))
        header = 3
        for number, (line, rule) in enumerate(static + dynamic, header + 1):
            if len(line) > MAX_LINE:
                out.findings.append(Finding(
                    HOST_LIMIT, f"line {number} of _redirects has {len(line):,} characters; Cloudflare Pages allows "
                    f"{MAX_LINE:,} per redirect ({LIMITS_SOURCE})", getattr(rule, "file", None) or self.filename,
                    getattr(rule, "line", None) if rule is not None else number, line.split(" ", 1)[0],
                    extra={"count": len(line), "limit": MAX_LINE}))
        return out
