"""MkDocs hook: serve the 404 page under the language prefix too.

Material renders ``404.html`` once, at the site root. Hosts that look for the error page
next to the missing file (or that are configured per folder) want it at ``/en/404.html``
as well. With ``site_url`` set, every asset and script URL in the page is absolute, so a
plain copy works at any depth. Enable with ``hooks: [hooks/not_found.py]`` in mkdocs.yml.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.not_found")

DEFAULT_PREFIX = "/en"


def _language_prefix(config) -> str:
    """The urlkeeper plugin's ``language_prefix`` when it is configured, else /en."""
    plugin = config.plugins.get("urlkeeper") if config.plugins else None
    prefix = getattr(getattr(plugin, "config", None), "language_prefix", None) if plugin else None
    if not prefix:
        prefix = (config.extra or {}).get("not_found_prefix") or DEFAULT_PREFIX
    return "/" + str(prefix).strip("/")


def on_config(config, **kwargs):
    if not config.site_url:
        log.warning("site_url is not set: the 404 page uses relative asset URLs and breaks below the site root")
    return config


def on_post_build(config, **kwargs) -> None:
    site = Path(config.site_dir)
    source = site / "404.html"
    if not source.is_file():
        return
    prefix = _language_prefix(config).strip("/")
    if not prefix:
        return
    target = site / prefix / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    log.debug("copied 404.html to %s", target.relative_to(site))
