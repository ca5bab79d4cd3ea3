"""``urlkeeper links``: check the links of a built site (internal always, external on request)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .. import config as config_mod, versions
from ..errors import InputError
from ..freshness import stale_note
from ..findings import exit_code
from ..reporters import REPORTERS, emit
from . import DEFAULT_CACHE_DIR, WEEK, LinkOptions, check_site
from .progress import ProgressBar

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def duration(text: str) -> float:
    """``90``, ``90s``, ``15m``, ``12h``, ``7d``, ``1w`` -> seconds."""
    m = _DURATION.match(str(text))
    if not m:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use e.g. 30s, 15m, 12h, 7d)")
    return float(m.group(1)) * _UNITS[m.group(2)]


def add_parser(subparsers, parser_class) -> None:
    p = subparsers.add_parser(
        "links", help="check the links and anchors of a built site (and external links with --external)",
        description="Check every link of the built site: internal links and #anchors resolved as a static host "
                    "would, incrementally (cached by content hash); external links through LinkChecker with "
                    "--external. Findings name the Markdown source file and line.")
    p.add_argument("-f", "--config-file", metavar="MKDOCS_YML", help="read settings from this mkdocs.yml (default: ./mkdocs.yml if present)")
    p.add_argument("--site", dest="site_dir", metavar="DIR", help="the built site (default: site_dir of mkdocs.yml, else ./site)")
    p.add_argument("--docs", dest="docs_dir", metavar="DIR", help="the Markdown sources (default: docs_dir of mkdocs.yml, else ./docs)")
    p.add_argument("--site-url", help="the site's public URL (default: site_url of mkdocs.yml): its path is the root of root-relative links")
    p.add_argument("--version-prefix", action="append", default=None, metavar="NAME",
                   help="a first path segment that means this build on a versioned site, e.g. latest (repeatable; "
                        "an empty NAME: none; default: version_prefixes of the urlkeeper plugin, [latest] on mike sites)")
    p.add_argument("--external", action="store_true", help="also check external links (through LinkChecker)")
    p.add_argument("--format", choices=sorted(REPORTERS), default="terminal", help="report format (default: terminal)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("-v", "--verbose", action="store_true", help="also show info findings (links through redirects)")
    p.add_argument("--ignore", action="append", default=[], metavar="REGEX", help="skip links whose URL matches (repeatable)")
    p.add_argument("--ignore-page", action="append", default=[], metavar="GLOB", help="do not check the links of these pages: URL path, built file or Markdown source (repeatable)")
    p.add_argument("--redirect-severity", choices=("info", "warning", "error"), help="severity of links that land on a redirect (default: info)")
    p.add_argument("--no-cache", action="store_true", help="check everything again and write no cache")
    p.add_argument("--cache-dir", metavar="DIR", help=f"where results are cached (default: {DEFAULT_CACHE_DIR} beside mkdocs.yml)")
    p.add_argument("--max-age", type=duration, metavar="DURATION", help="re-check cached external results older than this (default: 7d)")
    p.add_argument("--timeout", type=duration, metavar="DURATION", help="timeout of one external request (default: 10s)")
    p.add_argument("--budget", type=duration, metavar="DURATION", help="total time for external checks; the run always ends (default: 5m)")
    p.add_argument("--retries", type=int, metavar="N", help="retries after 429/503 honouring Retry-After (default: 2)")
    p.add_argument("--threads", type=int, metavar="N", help="LinkChecker threads (default: 10)")
    p.add_argument("--per-host-rate", type=float, metavar="N", help="requests per second to one host (default: 2)")
    p.add_argument("--max-redirects", type=int, metavar="N", help="longest acceptable redirect chain of an external URL (default: 5)")
    p.add_argument("--jobs", type=int, default=0, metavar="N", help="worker processes for the internal pass (default: one per CPU)")
    p.add_argument("--no-progress", action="store_true", help="never show the progress bar")
    p.set_defaults(func=cmd_links)


def _links_settings(data: dict, path: Path) -> dict:
    links = config_mod.plugin_options(data, path).get("links")
    if links is None:
        return {}
    if not isinstance(links, dict):
        raise InputError("the urlkeeper plugin's 'links' option must be a mapping", str(path))
    return links


def options_from(args: argparse.Namespace) -> LinkOptions:
    found = config_mod.read_mkdocs(args.config_file)
    data, root = (found[0], found[1].parent) if found else ({}, Path("."))
    name = args.config_file or "mkdocs.yml"
    links = _links_settings(data, Path(name)) if found else {}
    theme = data.get("theme")
    theme_name = theme.get("name") if isinstance(theme, dict) else theme if isinstance(theme, str) else None
    template_dirs = []
    if isinstance(theme, dict) and theme.get("custom_dir"):
        template_dirs.append(root / str(theme["custom_dir"]))
    site_dir = Path(args.site_dir) if args.site_dir else root / str(data.get("site_dir") or "site")
    docs_dir = Path(args.docs_dir) if args.docs_dir else root / str(data.get("docs_dir") or "docs")

    def listed(key):
        return config_mod.list_option(links, key, name, label=f"links.{key}")

    cache_dir = None
    if not args.no_cache and links.get("cache", True) is not False:
        cache_dir = Path(args.cache_dir) if args.cache_dir else root / str(links.get("cache_dir") or DEFAULT_CACHE_DIR)
    opts = LinkOptions(
        site_dir=site_dir, docs_dir=docs_dir if docs_dir.is_dir() else None, root=Path.cwd(),
        site_url=args.site_url if args.site_url is not None else data.get("site_url"),
        theme=theme_name,
        template_dirs=tuple(template_dirs), ignore=listed("ignore") + tuple(args.ignore),
        ignore_pages=listed("ignore_pages") + tuple(args.ignore_page), cache_dir=cache_dir,
        redirect_severity=args.redirect_severity or links.get("redirect_severity") or "info",
        jobs=args.jobs, external=args.external,
        version_prefixes=tuple(p.strip("/") for p in args.version_prefix if p.strip("/")) if args.version_prefix is not None
        else versions.from_options(config_mod.plugin_options(data, Path(name)) if found else {}, data, name).prefixes,
    )
    conf = {"max_age": WEEK}
    for key in ("max_age", "timeout", "budget"):
        if links.get(key) is not None:
            try:
                conf[key] = duration(links[key])
            except argparse.ArgumentTypeError as exc:
                raise InputError(f"urlkeeper option links.{key}: {exc}", name) from None
    for key in ("max_age", "timeout", "budget", "retries", "threads", "per_host_rate", "max_redirects"):
        value = getattr(args, key)
        if value is not None:
            conf[key] = value
    for key, value in conf.items():
        setattr(opts, key, value)
    if opts.timeout <= 0 or opts.budget <= 0:
        raise InputError("--timeout and --budget must be positive")
    return opts


def cmd_links(args: argparse.Namespace) -> int:
    opts = options_from(args)
    stale_note(opts.site_dir, opts.docs_dir, args.config_file or "mkdocs.yml")
    bar = ProgressBar(enabled=False if args.no_progress else None)
    opts.progress = bar
    try:
        rep = check_site(opts)
    finally:
        bar.close()
    emit(rep.findings, args.format, args.output, args.verbose)
    ext = f", {rep.externals} external URLs" if opts.external else ""
    print(f"urlkeeper links: {rep.pages} pages ({rep.checked} checked, the rest from cache), {rep.links} links read{ext} in {rep.elapsed:.2f}s",
          file=sys.stderr)
    return exit_code(rep.findings)
