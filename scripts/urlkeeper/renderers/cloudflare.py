"""``cloudflare``: a ``_redirects`` file for Cloudflare Pages.

Same syntax as Netlify's, other semantics (Cloudflare Pages docs, "Redirects",
https://developers.cloudflare.com/pages/configuration/redirects/): redirects are followed
whether or not a file matches the request, so live pages under a prefix get pass-through
lines (``/x/ /x/ 200``) and folders asked without their slash get lines of their own; the
status defaults to 302, so every line names one; static lines must come before dynamic ones.

Limits ("Per file"): 2,000 static and 100 dynamic redirects, 1,000 characters per redirect;
every line from the first dynamic one on counts as dynamic. Past a limit the host ignores
the rest, so the file is not written (HOST_LIMIT, exit 1) unless ``--force`` is given.
Cloudflare matches the path as the browser sent it and follows rules before files: the
site's files that are not pages (``Inventory.files``, known when the inventory is read from
the built site) get lines that serve them; without that list, a prefix rule over them is a
HOST_APPROXIMATE warning. Its ``*`` may stand inside a source, so each splat rule gets two
lines that fold ``x/index.html`` and ``x.html`` to ``x/`` as the model does (unless they
would pass the dynamic limit: then one exact line per published form, as for Netlify).

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
from ..urls import join_base
from ._common import GENERATED, encode_url
from ._redirects_file import INDEX_REWRITE, taken_by, build_lines
from .base import RenderInput, Rendered, Renderer, register

MAX_STATIC = 2000
MAX_DYNAMIC = 100
MAX_LINE = 1000
LIMITS_SOURCE = "https://developers.cloudflare.com/pages/configuration/redirects/#per-file"


def _serve_files(base: str, files: set[str], lines) -> None:
    """Lines that keep the site's files that are not pages (stylesheets, images, 404.html)
    from the prefix rules over them, which Cloudflare would follow first: a rewrite to itself
    for a file right under a prefix, one ``/folder/* /folder/:splat 200`` for a folder of
    files (unless a prefix rule lies inside it), placed before the prefix rules; and for an
    HTML file (``/404.html``) a rewrite to ``/404``, which its asset server answers with the
    file where it would otherwise redirect to ``/404``."""
    prefixes = lines.wild
    folders: list[str] = []
    static: list[str] = []
    for file in sorted(join_base(base, f) for f in files):
        if file.endswith(".html"):  # its HTML handling would answer 308 to /x: a rewrite to /x serves the file
            static.append((encode_url(file), encode_url(file[: -len(".html")])))
            continue
        p = next((p for p in prefixes if taken_by(file, p)), None)
        if p is None:
            continue
        head, sep, _ = file[len(p.source):].partition("/")
        folder = p.source + head + "/"
        if sep and not any(q.source.startswith(folder) for q in prefixes):
            if folder not in folders:
                folders.append(folder)
        else:
            static.append((encode_url(file), encode_url(file)))
    seen = {line.split(" ", 1)[0] for line, _ in lines.static}
    lines.static += [(f"{url} {target} 200", None) for url, target in static if url not in seen]
    lines.dynamic[:0] = [(f"{encode_url(folder)}* {encode_url(folder)}:splat 200", None) for folder in folders]


@register
class CloudflareRedirects(Renderer):
    name = "cloudflare"
    filename = "_redirects"
    description = "_redirects for Cloudflare Pages (rules win over files; 2,000 static, 100 dynamic)"

    def render(self, data: RenderInput) -> Rendered:
        lines = self._lines(data, fold_splats=True)
        if len(lines.dynamic) > MAX_DYNAMIC:  # the folding lines cost two dynamic lines per splat rule
            lines = self._lines(data, fold_splats=False)
        out = Rendered(findings=list(lines.findings))
        files = data.inventory.files if data.inventory is not None else set()
        _serve_files(data.base_path, files, lines)
        self._fit_index_rewrites(lines, out)
        header = [f"# {GENERATED}", "# urlkeeper redirects for Cloudflare Pages: rules win over files, first match wins.",
                  f"# {len(lines.static)} static and {len(lines.dynamic)} dynamic rules (Cloudflare Pages allows "
                  f"{MAX_STATIC:,} static and {MAX_DYNAMIC} dynamic)."]
        out.files[self.filename] = "\n".join(header + [line for line, _ in lines.static + lines.dynamic]) + "\n"
        for p in lines.wild:
            if p.source.count("/") <= 2 and not files:
                out.findings.append(Finding(
                    HOST_APPROXIMATE, f"prefix rule {p.rule.raw_source}: Cloudflare Pages redirects files that are "
                    "not pages (stylesheets, scripts, images) under it too", p.rule.file, p.rule.line, p.rule.raw_source))
        self._limits(lines, out)
        return out

    @staticmethod
    def _lines(data: RenderInput, fold_splats: bool):
        return build_lines(data, "Cloudflare Pages", keep_slash_forms=True, passthrough_live=True,
                           live_under_splats=True, rewrite_not_found=True, fold_splats=fold_splats)

    def _fit_index_rewrites(self, lines, out: Rendered) -> None:
        """Leave the ``/x/index.html /x/ 200`` lines out when they alone would pass the static
        limit: Cloudflare then answers those addresses with 308 to ``/x/`` (the same page)."""
        rewrites = [item for item in lines.static if item[1] == INDEX_REWRITE]
        if not rewrites or len(lines.static) <= MAX_STATIC:
            return
        lines.static = [item for item in lines.static if item[1] != INDEX_REWRITE]
        out.findings.append(Finding(
            HOST_APPROXIMATE, f"{len(rewrites):,} lines that serve /x/index.html as the model does would pass Cloudflare "
            f"Pages' limit of {MAX_STATIC:,} static rules: left out, so Cloudflare answers a live page's /x/index.html "
            "with 308 to /x/ (the same page)", self.filename, None, None, Severity.INFO,
            extra={"count": len(rewrites), "limit": MAX_STATIC}))

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
            rule = None if isinstance(rule, str) else rule
            if len(line) > MAX_LINE:
                out.findings.append(Finding(
                    HOST_LIMIT, f"line {number} of _redirects has {len(line):,} characters; Cloudflare Pages allows "
                    f"{MAX_LINE:,} per redirect ({LIMITS_SOURCE})", getattr(rule, "file", None) or self.filename,
                    getattr(rule, "line", None) if rule is not None else number, line.split(" ", 1)[0],
                    extra={"count": len(line), "limit": MAX_LINE}))
