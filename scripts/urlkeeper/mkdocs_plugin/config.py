"""Typed options of the ``urlkeeper`` MkDocs plugin (the same keys ``urlkeeper check`` reads)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..links import DEFAULT_CACHE_DIR


class UrlkeeperPluginConfig(base.Config):
    enabled = c.Type(bool, default=True)
    # Rule sources also cover their form without this prefix ("" for none).
    language_prefix = c.Type(str, default="/en")
    # URL prefixes whose published URLs and anchors must stay live pages (e.g. /en/api/).
    protected = c.ListOfItems(c.Type(str), default=[])
    # External hosts that redirect targets may point at.
    allowed_hosts = c.ListOfItems(c.Type(str), default=[])
    # Host formats written into the site after the build (see `urlkeeper redirects render`).
    formats = c.ListOfItems(c.Type(str), default=["html", "json"])
    # Regex of ids that are theme chrome rather than anchors (Material's start with "__").
    anchor_ignore = c.Type(str, default=r"^__")
    redirects_dir = c.Type(str, default="redirects")
    baselines_dir = c.Type(str, default="redirects/baselines")
    # Old address forms of live pages that redirect to them: [html] sends /en/x.html to /en/x/.
    legacy_forms = c.ListOfItems(c.Choice(("html",)), default=[])
    # Versioned sites (mike): first path segments that mean this build, and whether redirect
    # pages name their target relative to themselves. Unset: [latest] and relative when
    # extra.version.provider is mike, else none and absolute (see urlkeeper/versions.py).
    version_prefixes = c.Optional(c.ListOfItems(c.Type(str)))
    redirect_targets = c.Optional(c.Choice(("absolute", "relative")))
    # Write the inventory collected during the build to this file (relative to mkdocs.yml), e.g.
    # to refresh a baseline with `mkdocs build` alone. Empty: do not write.
    write_inventory = c.Type(str, default="")
    # Record each built page's fingerprint (title, headings, text signature) in
    # .urlkeeper-cache/build.fingerprints, so `urlkeeper redirects suggest` need not read the
    # build again. Off: suggest reads the build itself (and caches what it read).
    fingerprints = c.Type(bool, default=False)
    # Report findings as errors (fail `mkdocs build`) even without --strict.
    strict = c.Type(bool, default=False)
    # Link checking after the build (see `urlkeeper links`): internal links and anchors of the
    # built site, incremental; off unless enabled. external: also check external links (slow).
    links = c.SubConfig(
        ("enabled", c.Type(bool, default=False)),
        ("ignore", c.ListOfItems(c.Type(str), default=[])),
        ("ignore_pages", c.ListOfItems(c.Type(str), default=[])),
        ("redirect_severity", c.Choice(("info", "warning", "error"), default="info")),
        ("cache", c.Type(bool, default=True)),
        ("cache_dir", c.Type(str, default=DEFAULT_CACHE_DIR)),
        ("external", c.Type(bool, default=False)),
        ("max_age", c.Optional(c.Type((int, float, str)))),
        ("timeout", c.Optional(c.Type((int, float, str)))),
        ("budget", c.Optional(c.Type((int, float, str)))),
        ("strict", c.Type(bool, default=False)),
        validate=True,
    )
