"""Typed options of the ``urlkeeper`` MkDocs plugin (the same keys ``urlkeeper check`` reads)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


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
    # Write the inventory collected during the build to this file (relative to mkdocs.yml), e.g.
    # to refresh a baseline with `mkdocs build` alone. Empty: do not write.
    write_inventory = c.Type(str, default="")
    # Report findings as errors (fail `mkdocs build`) even without --strict.
    strict = c.Type(bool, default=False)
