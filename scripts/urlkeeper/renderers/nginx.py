"""``nginx``: ``nginx-redirects.conf``, ``map`` blocks from ``$uri`` to the redirect.

The file's header holds every directive to add, and nothing else is needed: the hash sizes
for the ``http`` block (computed from the keys, so ``nginx -t`` neither fails nor warns) and
the two locations of the ``server`` block. Files are served first (``try_files``; a path
ending in ``/`` serves its ``index.html``), then the maps decide: a redirect, or 404.

``$uri`` is percent-decoded and normalized by nginx (dot segments removed, slashes merged),
so keys are decoded paths. Exact keys are hashed (fast with thousands of rules); nginx tries
them before the regular expressions of the prefix rules, which go longest prefix first. A
splat rule's pattern captures only plain path characters, so nothing of the request but
those and the query (``$args``) reaches the ``Location``; its own output is excluded by a
negative look-ahead. A third map names the file a splat rule's target must have (``-e``
in the named location): without it the answer is 404, as the model says. Targets are percent-encoded, ``$`` too (it would start a variable).
"""

from __future__ import annotations

import operator
import re

from ..http_model import DOT_DOT
from ._common import GENERATED
from ._server import ServerPlan, build, location_of
from .base import RenderInput, Rendered, Renderer, register

VARIABLE = "$urlkeeper_redirect"
STATUS_VARIABLE = "$urlkeeper_redirect_status"
INDEX_VARIABLE = "$urlkeeper_index"
FILE_VARIABLE = "$urlkeeper_target_file"
DOLLAR = "${urlkeeper_dollar}"  # a literal "$" in a file path (nginx strings have no escape for it)
QUERY = "$is_args$args"
POINTER = 8  # sizeof(void *) on 64-bit builds
CACHE_LINE = 64


def quote(value: str) -> str:
    """An nginx double-quoted string: only ``\\`` and ``"`` need escaping inside quotes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_POWERS = [pow(31, i, 1 << 64) for i in range(4096)][::-1]  # 31^(n-1) ... 31^0, for keys up to 4 KB


def _hash_key(key: bytes) -> int:
    """nginx's ``ngx_hash_key``: ``h = h * 31 + byte`` over the key, on 64-bit words."""
    if len(key) > len(_POWERS):
        h = 0
        for b in key:
            h = (h * 31 + b) & 0xFFFFFFFFFFFFFFFF
        return h
    return sum(map(operator.mul, key, _POWERS[len(_POWERS) - len(key):])) & 0xFFFFFFFFFFFFFFFF


def _fits(hashes: list[int], elts: list[int], size: int, room: int) -> bool:
    fill = [0] * size
    for h, elt in zip(hashes, elts):
        i = h % size
        fill[i] += elt
        if fill[i] > room:
            return False
    return True


def hash_sizes(keys: list[str]) -> tuple[int, int]:
    """``map_hash_bucket_size`` and ``map_hash_max_size`` with which nginx builds the hash
    of these exact keys without a warning.

    nginx (``ngx_hash_init``) stores an element as a pointer plus the key and 2 bytes,
    aligned to the pointer size, and a bucket holds its elements and an end pointer. It tries
    table sizes upward from ``nelts / (bucket_size / (2 * pointer))`` and warns when none up
    to ``map_hash_max_size`` fits. The bucket is made to hold four of the longest elements,
    and ``max_size`` is a table size this same test accepts, so nginx finds one (the first it
    finds may be smaller). Each try is linear in the keys, and sizes grow by a fifth.
    """
    raw = [k.encode("utf-8") for k in keys]
    elts = [POINTER + ((len(k) + 2 + POINTER - 1) // POINTER) * POINTER for k in raw]
    bucket = CACHE_LINE
    while bucket - POINTER < 4 * max(elts, default=0):
        bucket *= 2
    hashes = [_hash_key(k) for k in raw]
    size = max(1, len(raw) // 2)
    while raw and not _fits(hashes, elts, size, bucket - POINTER):
        size += max(1, size // 5)
    return bucket, max(2048, size)


def _value(location: str, keep_query: bool) -> str:
    return location_of(location.replace("$", "%24"), QUERY if keep_query else "")


def _under(path: str, p) -> bool:
    """Whether a pattern of the prefix rule ``p`` could match ``path`` (its own output excluded)."""
    return path.startswith(p.source) and not (p.own_output and path.startswith(p.own_output))


def _entries(plan: ServerPlan) -> list[tuple[str, str, str, str | None]]:
    """(key, value, status, file) for the maps, exact keys first (nginx hashes those), then
    regexes. ``file``: the file a splat rule's target must have (``""``: none); None for an
    exact key that no splat rule's pattern could match (left out of the file map)."""
    out = []
    splats = [p for p in plan.prefixes if p.file_head is not None]
    for e in plan.exact:
        file = "" if any(_under(e.path, p) for p in splats) else None
        out.append((e.path, _value(e.location, e.keep_query) if e.location else "", str(e.status) if e.location else "", file))
    for p in plan.prefixes:
        excluded = p.exclusion()
        for pattern, suffix, file in p.patterns():
            if excluded:
                pattern = pattern.replace("^" + re.escape(p.source), "^" + re.escape(p.source) + f"(?!{excluded})", 1)
            target = p.head.replace("$", "%24") + ("$1" + suffix if p.splat else "")
            out.append(("~" + pattern, location_of(target + p.fragment, QUERY if p.keep_query else ""), str(p.status),
                        "" if file is None else file.replace("$", DOLLAR).replace("\x00", "$1")))
    return out


def snippet(plan: ServerPlan, bucket: int, max_size: int) -> list[str]:
    """The directives to add (commented in the file's header)."""
    statuses = sorted(plan.statuses()) or [301]
    lines = ["http {", f"    map_hash_bucket_size {bucket};", f"    map_hash_max_size {max_size};",
             "    include nginx-redirects.conf;", "    server {", "        absolute_redirect off;",
             '        if ($request_uri ~ "^[^?]*%2[Ff]") { return 404; }',  # an encoded slash: never a path
             f'        if ($request_uri ~ "{DOT_DOT}") {{ return 400; }}',
             f"        location / {{ try_files $uri{INDEX_VARIABLE} @urlkeeper; }}", "        location @urlkeeper {"]
    if any(p.file_head is not None for p in plan.prefixes):  # a splat rule answers only with a served file
        lines.append(f"            if (!-e $document_root{FILE_VARIABLE}) {{ return 404; }}")
    if len(statuses) > 1:
        lines += [f"            if ({STATUS_VARIABLE} = {s}) {{ return {s} {VARIABLE}; }}" for s in statuses]
    else:
        lines.append(f"            if ({VARIABLE}) {{ return {statuses[0]} {VARIABLE}; }}")
    lines += ["            return 404;", "        }", "    }", "}"]
    return lines


@register
class NginxMap(Renderer):
    name = "nginx"
    filename = "nginx-redirects.conf"
    description = "nginx map blocks (include in the http block) and the server locations to add"

    def render(self, data: RenderInput) -> Rendered:
        plan = build(data)
        entries = _entries(plan)
        exact_keys = [e.path for e in plan.exact]
        bucket, max_size = hash_sizes(exact_keys)
        statuses = sorted(plan.statuses())
        width = max((len(quote(k)) for k, _, _, _ in entries), default=0)
        lines = [
            f"# {GENERATED}",
            f"# urlkeeper redirects for nginx: {len(exact_keys)} exact entries, {len(plan.prefixes)} prefix rules.",
            "# Files are served first; then a redirect, or 404. Add exactly these directives:",
            "#",
        ]
        lines += ["#     " + line for line in snippet(plan, bucket, max_size)]
        lines += ["", f"map $uri {INDEX_VARIABLE} {{", '    default "";', '    "~/$"   "index.html";', "}", "",
                  f"map $uri {VARIABLE} {{", '    default "";']
        lines += [f"    {quote(k).ljust(width)} {quote(v)};" for k, v, _, _ in entries]
        lines.append("}")
        if len(statuses) > 1:
            lines += ["", f"map $uri {STATUS_VARIABLE} {{", '    default "";']
            lines += [f"    {quote(k).ljust(width)} {quote(s)};" for k, _, s, _ in entries]
            lines.append("}")
        if any(DOLLAR in f for _, _, _, f in entries if f):  # geo values are not parsed for variables
            lines += ["", "geo $urlkeeper_dollar {", '    default "$";', "}"]
        if any(p.file_head is not None for p in plan.prefixes):
            lines += ["", f"map $uri {FILE_VARIABLE} {{", '    default "";']
            lines += [f"    {quote(k).ljust(width)} {quote(f)};" for k, _, _, f in entries if f is not None]
            lines.append("}")
        out = Rendered()
        out.files[self.filename] = "\n".join(lines) + "\n"
        return out
