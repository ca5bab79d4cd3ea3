"""Link checking: internal links and anchors of a built site (fast, incremental), external links
through LinkChecker.

Split like lychee: :mod:`.scan` extracts links and anchors, :mod:`.site` resolves URLs the way a
browser and a static host do, :mod:`.internal` checks (in parallel, cached by content hash),
:mod:`.sources` maps links back to Markdown lines, :mod:`.external` drives LinkChecker,
:mod:`.report` makes findings for urlkeeper's reporters.
"""

from __future__ import annotations

import gc
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import options as schema
from ..findings import Finding, sort_key
from ..reporters import log_findings

DEFAULT_CACHE_DIR = schema.DEFAULT_CACHE_DIR
_D = schema.link_defaults()  # every link setting at its default (durations in seconds)
WEEK = _D["max_age"]


@dataclass
class LinkOptions:
    site_dir: Path
    docs_dir: Path | None = None
    root: Path | None = None  # project folder: reports name files relative to it
    site_url: str | None = None
    theme: str | None = None
    template_dirs: tuple = ()
    ignore: tuple[str, ...] = ()
    ignore_pages: tuple[str, ...] = ()
    cache_dir: Path | None = None  # None: no cache
    redirect_severity: str = _D["redirect_severity"]
    jobs: int = _D["jobs"]
    version_prefixes: tuple[str, ...] = ()  # first path segments that mean this build (mike: latest)
    page_sources: dict = field(default_factory=dict)  # built file -> Markdown source, from MkDocs' pages
    # external links
    external: bool = _D["external"]
    max_age: float = _D["max_age"]
    timeout: float = _D["timeout"]
    budget: float = _D["budget"]
    retries: int = _D["retries"]
    max_retry_after: float = 30.0
    threads: int = _D["threads"]
    per_host_rate: float = _D["per_host_rate"]
    max_redirects: int = _D["max_redirects"]
    progress: Callable[[str, int, int], None] | None = None

    @classmethod
    def from_settings(cls, settings: dict, cache_root: Path, **where) -> "LinkOptions":
        """Options from link settings keyed as in :mod:`urlkeeper.options` (``LINKS`` and
        ``LINKS_CLI``; a missing or None one at its default; durations as text or seconds); the
        cache folder is relative to ``cache_root``. ``where``: the other fields (site_dir, ...)."""
        s = {**_D, **{k: v for k, v in settings.items() if v is not None and k in _D}}
        for setting in schema.LINKS:
            if setting.kind == "duration":
                s[setting.key] = schema.seconds(s[setting.key])
        cache_dir = Path(cache_root) / str(s["cache_dir"] or DEFAULT_CACHE_DIR) if s["cache"] is not False else None
        tuned = {k: s[k] for k in ("jobs", "max_age", "timeout", "budget", "retries", "threads", "per_host_rate", "max_redirects")}
        return cls(ignore=tuple(s["ignore"]), ignore_pages=tuple(s["ignore_pages"]), cache_dir=cache_dir,
                   redirect_severity=s["redirect_severity"] or _D["redirect_severity"], external=bool(s["external"]),
                   **tuned, **where)


@dataclass
class LinkReport:
    findings: list[Finding]
    pages: int = 0
    checked: int = 0
    links: int = 0
    externals: int = 0
    elapsed: float = 0.0
    stats: dict = field(default_factory=dict)


def check_site(options: LinkOptions) -> LinkReport:
    from . import internal, report
    from .sources import SourceMap

    started = time.perf_counter()
    site_dir = Path(options.site_dir)
    if not site_dir.is_dir():
        from ..errors import InputError

        raise InputError(f"site directory {site_dir} does not exist (build the site first)")
    ignore = report.Ignore.build(options.ignore, options.ignore_pages)
    if options.site_url:
        from urllib.parse import urlsplit

        ignore.base_path = urlsplit(options.site_url).path.rstrip("/")
    if options.redirect_severity not in report.SEVERITIES:
        from ..errors import InputError

        raise InputError(f"redirect severity must be one of info, warning, error; got {options.redirect_severity!r}")
    progress = None
    if options.progress:
        def progress(done, total):
            options.progress("internal", done, total)
    # The pass allocates many small, acyclic objects (cache entries, link records): the cyclic
    # garbage collector would only re-scan them again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = internal.run(site_dir, site_url=options.site_url, cache_dir=options.cache_dir,
                              jobs=options.jobs, progress=progress, version_prefixes=options.version_prefixes)
    finally:
        if gc_was_enabled:
            gc.enable()
    if result.pages == 0:
        from ..errors import InputError

        raise InputError(f"site directory {site_dir} holds no HTML pages (build the site first: mkdocs build)")
    root = Path(options.root) if options.root else None
    sources = SourceMap(options.docs_dir, root, list(options.template_dirs))
    sources.base_path = ignore.base_path
    sources.pages = options.page_sources
    site_display = sources.display_path(site_dir)
    findings = report.findings_from(result.problems, sources, ignore, site_root_display=site_display,
                                    redirect_severity=options.redirect_severity, theme=options.theme)
    stats = {"internal_seconds": round(result.elapsed, 3), "cached": result.cached}
    externals = 0
    if options.external:
        from . import external

        urls = {u: pages for u, pages in result.externals.items()
                if not ignore.url(u) and not all(ignore.page(p, sources.source_of(p)) for p in pages)}
        externals = len(urls)
        ext_findings, ext_stats = external.check(urls, options, sources, site_display)
        findings += ext_findings
        stats.update(ext_stats)
    findings.sort(key=sort_key)
    return LinkReport(findings, result.pages, result.checked, result.links, externals,
                      time.perf_counter() - started, stats)


def check_built_site(site_dir, docs_dir, *, site_url: str | None = None,
                     root=None, theme: str | None = None, template_dirs=(), settings: dict | None = None,
                     log: logging.Logger | None = None, version_prefixes=(), page_sources=None) -> LinkReport:
    """The MkDocs plugin's entry point: check a freshly built site and log the findings.

    ``settings`` is the plugin's ``links`` option group (ignore, ignore_pages, redirect_severity,
    cache, cache_dir, external, ...). Errors and warnings are logged as warnings (so
    ``mkdocs build --strict`` fails on them), info as info.
    """
    settings = dict(settings or {})
    root = Path(root) if root else Path(site_dir).resolve().parent
    options = LinkOptions.from_settings(
        settings, root, site_dir=Path(site_dir), docs_dir=Path(docs_dir) if docs_dir else None, root=root,
        site_url=site_url, theme=theme, template_dirs=tuple(template_dirs or ()),
        version_prefixes=tuple(version_prefixes), page_sources=dict(page_sources or {}),
    )
    rep = check_site(options)
    if log is not None:
        log_findings(rep.findings, log)
        log.info("urlkeeper: links of %d pages checked (%d re-checked) in %.2fs", rep.pages, rep.checked, rep.elapsed)
    return rep


__all__ = ["LinkOptions", "LinkReport", "check_site", "check_built_site", "DEFAULT_CACHE_DIR"]
