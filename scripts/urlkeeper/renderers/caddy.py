"""``caddy``: ``redirects.caddy``, a ``route`` for a Caddy 2 site block (``import redirects.caddy``
after ``root``, in place of ``file_server``).

The route serves files first (the ``file`` matcher: a file, or a folder's ``index.html`` for a
path ending in ``/``), then redirects, then answers 404. Matching uses ``path_regexp``, which
is case-sensitive and sees the cleaned, percent-decoded path (dot segments removed, slashes
merged), as the model does; Caddy's ``path`` matcher ignores case, so it is not used. Exact
paths that go to the same place share one matcher. A splat rule captures only plain path
characters and skips its own output with a ``not path_regexp``; it answers only when its
target's file exists (a ``file`` matcher inside a ``route``, where the capture is set), else 404. The request's query is
added by a variable set only when there is one (Caddy has no ``$is_args``). An encoded
slash (``%2F``), which Caddy would decode into a separator, answers 404.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..http_model import DOT_DOT
from ._common import GENERATED
from ._server import ServerPlan, build, location_of
from .base import RenderInput, Rendered, Renderer, register

QUERY = "{http.vars.urlkeeper_query}"


def quote(value: str) -> str:
    """A double-quoted Caddyfile token: only ``\\"`` is an escape inside the quotes."""
    return '"' + value.replace('"', '\\"') + '"'


def _target(location: str, keep_query: bool) -> str:
    return location_of(location, QUERY if keep_query else "")


def _exact(plan: ServerPlan) -> list[str]:
    groups: dict[tuple, list[str]] = defaultdict(list)
    for e in plan.exact:
        groups[(e.location, e.status, e.keep_query)].append(e.path)
    lines = []
    for n, ((location, status, keep), paths) in enumerate(sorted(groups.items(), key=lambda g: g[1][0]), 1):
        pattern = "^(?:" + "|".join(re.escape(p) for p in sorted(paths)) + ")$"
        lines.append(f"\t@urlkeeper_e{n} path_regexp {quote(pattern)}")
        if location is None:
            lines.append(f"\terror @urlkeeper_e{n} 404")
        else:
            lines.append(f"\tredir @urlkeeper_e{n} {quote(_target(location, keep))} {status}")
    return lines


def _prefixes(plan: ServerPlan) -> list[str]:
    lines = []
    for n, p in enumerate(plan.prefixes, 1):
        excluded = p.exclusion()
        for m, (pattern, suffix, file) in enumerate(p.patterns(), 1):
            name = f"urlkeeper_p{n}_{m}"
            lines.append(f"\t@{name} {{")
            lines.append(f"\t\tpath_regexp {name} {quote(pattern)}")
            if excluded:
                lines.append(f"\t\tnot path_regexp {quote('^' + re.escape(p.source) + excluded)}")
            lines.append("\t}")
            rest = "{re." + name + ".1}"
            target = quote(_target(p.head + (rest + suffix if p.splat else "") + p.fragment, p.keep_query))
            if file is None:
                lines.append(f"\tredir @{name} {target} {p.status}")
                continue
            # inside the route the capture is set: the target's file must exist, else 404 at once
            lines += [f"\troute @{name} {{", f"\t\t@{name}_live file {{",
                      f"\t\t\ttry_files {quote(file.replace(chr(0), rest))}", "\t\t}",
                      f"\t\tredir @{name}_live {target} {p.status}", "\t\terror 404", "\t}"]
    return lines


@register
class CaddyRoute(Renderer):
    name = "caddy"
    filename = "redirects.caddy"
    description = "a Caddy 2 route serving the site's files and the redirects (import in the site block)"

    def render(self, data: RenderInput) -> Rendered:
        plan = build(data)
        lines = [
            f"# {GENERATED}",
            f"# urlkeeper redirects for Caddy 2: {len(plan.exact)} exact paths, {len(plan.prefixes)} prefix rules.",
            "# In the site block, after 'root * <site folder>', in place of 'file_server':",
            "#     import redirects.caddy",
            "route {",
            '\t@urlkeeper_encoded_slash expression `{http.request.uri}.matches("^[^?]*%2[Ff]")`',
            "\terror @urlkeeper_encoded_slash 404",
            f'\t@urlkeeper_dot_dot expression `{{http.request.uri}}.matches("{DOT_DOT}")`',
            "\terror @urlkeeper_dot_dot 400",
            "\t@urlkeeper_file file {",
            "\t\ttry_files {path} {path}index.html",
            "\t}",
            "\tfile_server @urlkeeper_file",
            '\t@urlkeeper_query expression `{http.request.uri.query} != ""`',
            '\tvars @urlkeeper_query urlkeeper_query "?{http.request.uri.query}"',
        ]
        lines += _exact(plan) + _prefixes(plan)
        lines += ["\terror 404", "}"]
        out = Rendered()
        out.files[self.filename] = "\n".join(lines) + "\n"
        return out
