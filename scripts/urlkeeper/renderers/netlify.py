"""``netlify``: a ``_redirects`` file for Netlify (``from to status``, the first match wins).

Netlify serves a file where one exists unless a rule is forced with ``!`` (shadowing), adds
the trailing slash to a folder itself, and passes the request's query on for 200, 301 and 302
rules (https://docs.netlify.com/routing/redirects/ and its sections on shadowing and query
parameters), so no rule is forced and live pages need no lines of their own. The lines come
from :mod:`._redirects_file`, checked against Netlify's own engine (``netlify-redirector``)
by the differential tests.

Limits: Netlify documents no hard count; it advises wildcards from 10,000 redirects on, and a
deploy may fail when the rules are too large. Past that advice a warning is given.
"""

from __future__ import annotations

from ..findings import HOST_LIMIT, Finding, Severity
from ._common import GENERATED
from ._redirects_file import build_lines
from .base import RenderInput, Rendered, Renderer, register

NETLIFY_ADVISORY = 10000


@register
class NetlifyRedirects(Renderer):
    name = "netlify"
    filename = "_redirects"
    description = "_redirects for Netlify (files shadow rules, the query is passed on)"

    def render(self, data: RenderInput) -> Rendered:
        lines = build_lines(data, "Netlify", keep_slash_forms=False, passthrough_live=False, live_under_splats=True)
        body = [line for line, _ in lines.static + lines.dynamic]
        out = Rendered(findings=list(lines.findings))
        header = [f"# {GENERATED}", "# urlkeeper redirects for Netlify: files win over rules (no '!'), first match wins.",
                  f"# {len(lines.static)} exact and {len(lines.dynamic)} wildcard rules."]
        out.files[self.filename] = "\n".join(header + body) + "\n"
        if len(body) >= NETLIFY_ADVISORY:
            out.findings.append(Finding(
                HOST_LIMIT, f"_redirects has {len(body):,} rules; Netlify advises wildcards from {NETLIFY_ADVISORY:,} "
                "redirects on and a deploy may fail when the rules are too large", self.filename, None, None,
                Severity.WARNING, extra={"count": len(body), "limit": NETLIFY_ADVISORY}))
        return out
