"""``apache``: an ``.htaccess`` of mod_rewrite rules, for the site's root folder.

Needs ``mod_rewrite``, ``mod_dir``, ``AllowOverride FileInfo`` (or ``All``) and ``Options
FollowSymLinks`` (or ``SymLinksIfOwnerMatch``; mod_rewrite refuses to work in an ``.htaccess``
without one of them) for the site folder. Files
are served first (``RewriteCond -f``; a folder with an ``index.html`` is left to mod_dir,
which adds the trailing slash); then the first matching rule applies: exact paths, then the
prefix rules, longest prefix first; a folder without an index page answers 404.

In an ``.htaccess`` the pattern is matched against the percent-decoded, normalized path
without the folder's own prefix (``en/apps/x/``), so patterns are decoded paths,
regex-escaped. A splat rule's pattern captures only plain path characters and skips its own
output by a negative look-ahead, and answers only when its target's file exists (``RewriteCond
%{DOCUMENT_ROOT}/<target>$1... -f``: the site's URL paths must map to the document root, as
with a base path served from a folder of that name), else 404 at once. Targets are
percent-encoded and sent as they are (``NE``); ``$`` and ``%`` are escaped with a backslash
(mod_rewrite reads them as back-references). mod_rewrite keeps the request's query unless the target has its own.
"""

from __future__ import annotations

import re

from ._common import GENERATED
from ._server import ServerPlan, build
from .base import RenderInput, Rendered, Renderer, register


# DOT_DOT for the request line ("GET /path HTTP/1.1"), where a space ends the path.
THE_REQUEST_DOT_DOT = "^[A-Z]+ [^? ]*/(?:[.]|%2[Ee]){2}(?:/|[? ])"


def quote(value: str) -> str:
    """A double-quoted Apache argument. A quote cannot be escaped reliably inside one, so the
    patterns spell it ``\\x22`` (targets never hold one: they are percent-encoded)."""
    return '"' + value.replace('\\"', "\\x22").replace('"', "\\x22") + '"'


def substitution(url: str) -> str:
    """A RewriteRule target: ``$`` and ``%`` would start back-references unless escaped."""
    return url.replace("\\", "\\\\").replace("$", "\\$").replace("%", "\\%")


def _local(base: str, path: str) -> str:
    """The path as the root folder's .htaccess sees it: without the base path and first slash."""
    return path[len(base.rstrip("/")) + 1:] if base and base != "/" else path[1:]


def _flags(status: int, keep_query: bool) -> str:
    return f"[R={status},NE,L{'' if keep_query else ',QSD'}]"


def _rule(pattern: str, target: str, status: int, keep_query: bool) -> list[str]:
    """One redirect. mod_rewrite would put the query after a ``#fragment``, so a target with a
    fragment gets the query placed before it explicitly when the request has one."""
    path, sep, fragment = target.partition("#")
    if not (sep and keep_query):
        return [f"RewriteRule {quote(pattern)} {quote(target)} {_flags(status, keep_query)}"]
    return ["RewriteCond %{QUERY_STRING} .",
            f"RewriteRule {quote(pattern)} {quote(path + '?%{QUERY_STRING}#' + fragment)} {_flags(status, True)}",
            f"RewriteRule {quote(pattern)} {quote(target)} {_flags(status, False)}"]


def lines_for(plan: ServerPlan, base: str) -> list[str]:
    lines = []
    for e in plan.exact:
        if e.kind == "slash":  # mod_dir adds the slash to a folder with an index page
            continue
        pattern = "^" + re.escape(_local(base, e.path)) + "$"
        if e.location is None:
            lines.append(f"RewriteRule {quote(pattern)} - [R=404,L]")
        else:
            lines += _rule(pattern, substitution(e.location), e.status, e.keep_query)
    for p in plan.prefixes:
        local = re.escape(_local(base, p.source))
        excluded = p.exclusion()
        for pattern, suffix, file in p.patterns():
            pattern = "^" + local + (f"(?!{excluded})" if excluded else "") + pattern[1 + len(re.escape(p.source)):]
            target = substitution(p.head) + ("$1" + suffix if p.splat else "") + substitution(p.fragment)
            if file is None:
                lines += _rule(pattern, target, p.status, p.keep_query)
                continue
            condition = quote("%{DOCUMENT_ROOT}" + substitution(file).replace("\x00", "$1"))
            for line in _rule(pattern, target, p.status, p.keep_query):  # each rule gets the condition
                lines += [f"RewriteCond {condition} -f", line] if line.startswith("RewriteRule") else [line]
            lines.append(f"RewriteRule {quote(pattern)} - [R=404,L]")  # the target is missing: 404 at once
    return lines


@register
class ApacheHtaccess(Renderer):
    name = "apache"
    filename = ".htaccess"
    description = ".htaccess with mod_rewrite rules (Apache httpd)"

    def render(self, data: RenderInput) -> Rendered:
        plan = build(data)
        base = data.base_path
        lines = [f"# {GENERATED}",
                 "# urlkeeper redirects for Apache httpd (mod_rewrite; the site folder needs AllowOverride FileInfo",
                 "# and Options FollowSymLinks): files first,",
                 "# then the first matching rule; a folder without an index page answers 404.",
                 "RewriteEngine On",
                 f'RewriteCond %{{THE_REQUEST}} "{THE_REQUEST_DOT_DOT}"',
                 "RewriteRule ^ - [R=400,L]",
                 "RewriteCond %{REQUEST_FILENAME} -f [OR]",
                 "RewriteCond %{REQUEST_FILENAME}/index.html -f",
                 "RewriteRule ^ - [L]"]
        lines += lines_for(plan, base)
        lines += ["RewriteCond %{REQUEST_FILENAME} -d", "RewriteRule ^ - [R=404,L]"]
        out = Rendered()
        out.files[self.filename] = "\n".join(lines) + "\n"
        return out
