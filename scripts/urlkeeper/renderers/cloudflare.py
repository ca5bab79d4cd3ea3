"""``cloudflare``: a ``_redirects`` file for Cloudflare Pages.

Same syntax as Netlify's, other semantics (Cloudflare Pages docs, "Redirects",
https://developers.cloudflare.com/pages/configuration/redirects/): redirects are followed
whether or not a file matches the request, so live pages under a prefix get pass-through
lines (``/x/ /x/ 200``) and folders asked without their slash get lines of their own; the
status defaults to 302, so every line names one; static lines must come before dynamic ones.

Limits ("Per file"): 2,000 static and 100 dynamic redirects, 1,000 characters per redirect;
every line from the first dynamic one on counts as dynamic. Past a limit the host ignores
the rest, so the file is not written (HOST_LIMIT, exit 1) unless ``--force`` is given.
Cloudflare matches the path as the browser sent it; files that are not pages (assets) under
a prefix rule are redirected too, which only a narrower rule avoids (HOST_APPROXIMATE).

How the host answers (Cloudflare's asset server, ``asset-server/handler.ts`` in the npm package
``@cloudflare/pages-shared``): static rules are looked up by the exact path, then the dynamic
ones in order; the ``Location`` keeps the request's query unless the target has its own, the
target's fragment last, as the model does. Its own HTML handling answers ``/x/index.html``
with 308 to ``/x/``, where the model serves the page: each live page gets a rewrite line
``/x/index.html /x/ 200``, which serves the folder's index page. It accepts no 404 status: a
404 is a rewrite to a path no file has (:data:`._redirects_file.NO_FILE`). The differential
tests run these files through that code (``tests/servers/cloudflare_host.js``).
"""

from __future__ import annotations

from ..findings import HOST_APPROXIMATE, HOST_LIMIT, Finding, Severity
from ._common import GENERATED
from ._redirects_file import build_lines
from .base import RenderInput, Rendered, Renderer, register

MAX_STATIC = 2000
MAX_DYNAMIC = 100
MAX_LINE = 1000
LIMITS_SOURCE = "https://developers.cloudflare.com/pages/configuration/redirects/#per-file"


@register
class CloudflareRedirects(Renderer):
    name = "cloudflare"
    filename = "_redirects"
    description = "_redirects for Cloudflare Pages (rules win over files; 2,000 static, 100 dynamic)"

    def render(self, data: RenderInput) -> Rendered:
        lines = build_lines(data, "Cloudflare Pages", keep_slash_forms=True, passthrough_live=True,
                            live_under_splats=True, rewrite_not_found=True)
        out = Rendered(findings=list(lines.findings))
        header = [f"# {GENERATED}", "# urlkeeper redirects for Cloudflare Pages: rules win over files, first match wins.",
                  f"# {len(lines.static)} static and {len(lines.dynamic)} dynamic rules (Cloudflare Pages allows "
                  f"{MAX_STATIC:,} static and {MAX_DYNAMIC} dynamic)."]
        out.files[self.filename] = "\n".join(header + [line for line, _ in lines.static + lines.dynamic]) + "\n"
        for p in (lines.plan.prefixes if lines.plan else []):
            if p.source.count("/") <= 2:
                out.findings.append(Finding(
                    HOST_APPROXIMATE, f"prefix rule {p.rule.raw_source}: Cloudflare Pages redirects files that are "
                    "not pages (stylesheets, scripts, images) under it too", p.rule.file, p.rule.line, p.rule.raw_source))
        self._limits(lines, out)
        return out

    def _limits(self, lines, out: Rendered) -> None:
        if len(lines.static) > MAX_STATIC:
            out.findings.append(Finding(
                HOST_LIMIT, f"_redirects has {len(lines.static):,} static rules; Cloudflare Pages allows {MAX_STATIC:,} "
                f"({LIMITS_SOURCE}) and ignores the rest: use prefix rules", self.filename, None, None,
                extra={"count": len(lines.static), "limit": MAX_STATIC}))
        if len(lines.dynamic) > MAX_DYNAMIC:
            out.findings.append(Finding(
                HOST_LIMIT, f"_redirects has {len(lines.dynamic):,} dynamic (wildcard) rules; Cloudflare Pages allows "
                f"{MAX_DYNAMIC} ({LIMITS_SOURCE})", self.filename, None, None,
                extra={"count": len(lines.dynamic), "limit": MAX_DYNAMIC}))
        for number, (line, rule) in enumerate(lines.static + lines.dynamic, 4):
            if len(line) > MAX_LINE:
                out.findings.append(Finding(
                    HOST_LIMIT, f"line {number} of _redirects has {len(line):,} characters; Cloudflare Pages allows "
                    f"{MAX_LINE:,} per redirect ({LIMITS_SOURCE})", getattr(rule, "file", None) or self.filename,
                    getattr(rule, "line", None) if rule is not None else number, line.split(" ", 1)[0],
                    extra={"count": len(line), "limit": MAX_LINE}))
