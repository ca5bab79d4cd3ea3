"""``nginx``: ``nginx-redirects.conf``, a ``map`` from ``$uri`` to the redirect target.

Include the file in the ``http`` block and add the lines of the commented server snippet to
the ``server`` block. Exact entries (every form of every exact rule) are hashed, so lookups
stay fast with thousands of rules; nginx checks them before the regex entries of the prefix
rules, which are tried in order, longest prefix first. Live pages under a prefix map to ``""``
(no redirect). When rules use more than one status, a second map gives each URL its status.

``$uri`` is percent-decoded by nginx, so the keys are decoded paths; targets are sent as
``Location`` verbatim, so they are percent-encoded (``$`` too, which would start a variable).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from ..urls import join_base
from ._common import GENERATED, Plan, site_url, splat_target
from .base import RenderInput, Rendered, Renderer, register

VARIABLE = "$urlkeeper_redirect"
STATUS_VARIABLE = "$urlkeeper_redirect_status"


def quote(value: str) -> str:
    """An nginx double-quoted string: only ``\\`` and ``"`` need escaping inside quotes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def regex_escape(path: str) -> str:
    return re.escape(path)


def key_of(base_path: str, url: str) -> str:
    """The ``$uri`` nginx compares: with base path, percent-decoded."""
    return unquote(join_base(base_path, url))


def _pow2(n: int) -> int:
    p = 1
    while p < n:
        p *= 2
    return p


def hash_sizes(keys: list[str]) -> tuple[int, int]:
    """Recommended ``map_hash_bucket_size`` and ``map_hash_max_size`` for these exact keys.

    An nginx hash element takes a pointer plus the key and 2 bytes, aligned to the pointer
    size (NGX_HASH_ELT_SIZE); a bucket must hold at least one element plus a terminating
    pointer. Defaults are 64 (the CPU cache line) and 2048.
    """
    longest = max((len(k.encode("utf-8")) for k in keys), default=0)
    elt = 8 + ((longest + 2 + 7) // 8) * 8
    return max(64, _pow2(elt + 8)), max(2048, _pow2(len(keys)))


@register
class NginxMap(Renderer):
    name = "nginx"
    filename = "nginx-redirects.conf"
    description = "an nginx map (include in the http block) and a server snippet"

    def render(self, data: RenderInput) -> Rendered:
        plan = Plan(data.rules, data.language_prefix, data.inventory, data.baseline_urls)
        base = data.base_path
        entries: list[tuple[str, str, str]] = []  # (key as written, value, status)
        exact: dict[str, tuple[str, str]] = {}
        for e in plan.exact:
            exact.setdefault(key_of(base, e.source), (site_url(base, e.target, "$"), str(e.status)))
        for p in plan.prefixes:
            for live in p.live_forms:
                exact.setdefault(key_of(base, live), ("", ""))
        for key in sorted(exact):
            entries.append((quote(key), quote(exact[key][0]), exact[key][1]))
        for p in plan.prefixes:
            rule = p.rule
            prefix = "~^" + regex_escape(key_of(base, p.source))
            status = str(rule.status)
            if rule.splat:
                entries.append((quote(prefix + r"((?:.*/)?)index\.html$"), quote(splat_target(base, rule.final, "$1", "$")), status))
                entries.append((quote(prefix + r"(.+)\.html$"), quote(splat_target(base, rule.final, "$1/", "$")), status))
                entries.append((quote(prefix + r"((?:.*/)?[^/.]+)$"), quote(splat_target(base, rule.final, "$1/", "$")), status))
                entries.append((quote(prefix + r"(.*)$"), quote(splat_target(base, rule.final, "$1", "$")), status))
            else:
                entries.append((quote(prefix), quote(site_url(base, rule.final, "$")), status))

        statuses = sorted(plan.statuses())
        bucket, max_size = hash_sizes(list(exact))
        width = max((len(k) for k, _, _ in entries), default=0)
        lines = [
            f"# {GENERATED}",
            f"# urlkeeper redirects for nginx: {len(exact)} exact entries, {len(plan.prefixes)} prefix rules.",
            "#",
            "# Include this file in the http block; nginx needs a bucket that holds the longest key:",
            f"#     map_hash_bucket_size {bucket};",
            f"#     map_hash_max_size {max_size};",
            "# and redirect in the server block (before any location handles the request):",
            "#     server {",
        ]
        if len(statuses) > 1:
            for status in statuses:
                lines.append(f"#         if ({STATUS_VARIABLE} = {status}) {{ return {status} {VARIABLE}; }}")
        else:
            only = statuses[0] if statuses else 301
            lines.append(f"#         if ({VARIABLE}) {{ return {only} {VARIABLE}; }}")
        lines += ["#         ...", "#     }", "", f"map $uri {VARIABLE} {{", '    default "";']
        lines += [f"    {k.ljust(width)} {v};" for k, v, _ in entries]
        lines.append("}")
        if len(statuses) > 1:
            lines += ["", f"map $uri {STATUS_VARIABLE} {{", '    default "";']
            lines += [f"    {k.ljust(width)} {quote(s)};" for k, _, s in entries]
            lines.append("}")
        out = Rendered()
        out.files[self.filename] = "\n".join(lines) + "\n"
        return out
