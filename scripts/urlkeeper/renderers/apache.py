"""``apache``: an ``.htaccess`` of mod_alias ``RedirectMatch`` lines.

``Redirect "/old" "/new"`` is a *prefix* match in mod_alias: it would also redirect every URL
below ``/old`` (live pages too) and append the rest of the path after a ``#fragment``. So
exact forms use anchored regexes, ``RedirectMatch 301 "^/old/$" "/new/"``, which match one URL
only. mod_alias applies the first matching line: exact lines come first, then the prefix
lines, longest prefix first; live pages under a prefix are excluded by a negative lookahead.

mod_alias matches the percent-decoded path, so patterns are decoded paths, regex-escaped;
targets are percent-encoded (``$`` too, as it starts a back-reference) and ``&`` is escaped
(mod_alias reads it as the whole match). Inside double quotes Apache unescapes ``\\\\`` and
``\\"``, so both are escaped once more.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from ..urls import join_base
from ._common import GENERATED, Plan, site_url, splat_target
from .base import RenderInput, Rendered, Renderer, register


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pattern_of(base_path: str, url: str) -> str:
    return re.escape(unquote(join_base(base_path, url)))


def substitution(url: str) -> str:
    """A RedirectMatch target: ``&`` stands for the whole match unless escaped."""
    return url.replace("\\", "\\\\").replace("&", "\\&")


@register
class ApacheHtaccess(Renderer):
    name = "apache"
    filename = ".htaccess"
    description = ".htaccess with mod_alias RedirectMatch lines (Apache httpd)"

    def render(self, data: RenderInput) -> Rendered:
        plan = Plan(data.rules, data.language_prefix, data.inventory, data.baseline_urls)
        base = data.base_path
        lines = [f"# {GENERATED}",
                 "# urlkeeper redirects for Apache httpd (mod_alias): the first matching line applies.",
                 ""]
        for e in plan.exact:
            target = substitution(site_url(base, e.target, "$"))
            lines.append(f"RedirectMatch {e.status} {quote('^' + pattern_of(base, e.source) + '$')} {quote(target)}")
        for p in plan.prefixes:
            rule = p.rule
            head = "^" + pattern_of(base, p.source)
            if p.live:
                rel = sorted({re.escape(unquote(live[len(p.source):])) for live in p.live_forms})
                head += "(?!(?:" + "|".join(rel) + ")$)"
            if rule.splat:
                variants = [
                    (r"((?:.*/)?)index\.html$", "$1"),
                    (r"(.+)\.html$", "$1/"),
                    (r"((?:.*/)?[^/.]+)$", "$1/"),
                    (r"(.*)$", "$1"),
                ]
                for tail, group in variants:
                    target = substitution(splat_target(base, rule.final, "\0", "$")).replace("\0", group)
                    lines.append(f"RedirectMatch {rule.status} {quote(head + tail)} {quote(target)}")
            else:
                target = substitution(site_url(base, rule.final, "$"))
                lines.append(f"RedirectMatch {rule.status} {quote(head)} {quote(target)}")
        out = Rendered()
        out.files[self.filename] = "\n".join(lines) + "\n"
        return out
