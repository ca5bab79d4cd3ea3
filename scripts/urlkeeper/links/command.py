"""``urlkeeper links``: check the links of a built site (internal always, external on request).

Settings come from the ``links:`` group of the urlkeeper plugin in ``mkdocs.yml`` and are
overridden by the command line; both are keyed as in :mod:`urlkeeper.options`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import config as config_mod, options as schema, versions
from ..errors import InputError
from ..exitcodes import ExitCode
from ..findings import exit_code
from ..freshness import stale_note
from ..reporters import emit
from . import LinkOptions, check_site
from .progress import ProgressBar

_LINK_KEYS = {s.key for s in schema.LINKS + schema.LINKS_CLI}


def _links_settings(data: dict, path: Path) -> dict:
    links = config_mod.plugin_options(data, path).get("links")
    if links is None:
        return {}
    if not isinstance(links, dict):
        raise InputError("the urlkeeper plugin's 'links' option must be a mapping", str(path))
    return links


def configured(links: dict, name: str) -> dict:
    """The ``links:`` group as read from ``mkdocs.yml``: lists checked, durations in seconds.
    ``external`` is left out: on the command line only ``--external`` turns on the slow,
    networked check (``links.external`` is the build's setting)."""
    out = {k: v for k, v in links.items() if k != "external"}
    for setting in schema.LINKS:
        if setting.kind == "list":
            out[setting.key] = config_mod.list_option(links, setting.key, name, label=f"links.{setting.key}")
        elif setting.kind == "duration" and links.get(setting.key) is not None:
            try:
                out[setting.key] = schema.seconds(links[setting.key])
            except ValueError as exc:
                raise InputError(f"urlkeeper option links.{setting.key}: {exc}", name) from None
    return out


def layered(settings: dict, overrides: dict) -> dict:
    """The configured link settings with the command line's on top (a repeated list flag that
    ``adds`` extends the configured list; every other flag replaces the value)."""
    out = dict(settings)
    for key, value in overrides.items():
        if key not in _LINK_KEYS:
            continue
        setting = schema.get(key, schema.LINKS + schema.LINKS_CLI)
        if key == "cache_dir":
            value = str(Path(value).absolute())  # a flag's path is relative to the current folder
        out[key] = tuple(out.get(key) or ()) + tuple(value) if setting.adds else value
    return out


def options_from(config_file: str | None, overrides: dict) -> LinkOptions:
    found = config_mod.read_mkdocs(config_file)
    data, root = (found[0], found[1].parent) if found else ({}, Path("."))
    name = config_file or "mkdocs.yml"
    settings = layered(configured(_links_settings(data, Path(name)) if found else {}, name), overrides)
    theme = data.get("theme")
    theme_name = theme.get("name") if isinstance(theme, dict) else theme if isinstance(theme, str) else None
    template_dirs = []
    if isinstance(theme, dict) and theme.get("custom_dir"):
        template_dirs.append(root / str(theme["custom_dir"]))

    def mkdocs_dir(key: str) -> Path:
        given = overrides.get(key)
        return Path(given) if given else root / str(data.get(key) or schema.default(key, schema.MKDOCS))

    site_dir, docs_dir = mkdocs_dir("site_dir"), mkdocs_dir("docs_dir")
    given_prefixes = overrides.get("version_prefixes")
    if given_prefixes is not None:
        prefixes = tuple(p.strip("/") for p in given_prefixes if p.strip("/"))
    else:
        prefixes = versions.from_options(config_mod.plugin_options(data, Path(name)) if found else {}, data, name).prefixes
    opts = LinkOptions.from_settings(
        settings, root, site_dir=site_dir, docs_dir=docs_dir if docs_dir.is_dir() else None, root=Path.cwd(),
        site_url=overrides["site_url"] if overrides.get("site_url") is not None else data.get("site_url"),
        theme=theme_name, template_dirs=tuple(template_dirs), version_prefixes=prefixes,
    )
    if opts.timeout <= 0 or opts.budget <= 0:
        raise InputError("--timeout and --budget must be positive")
    return opts


def links(*, config_file: str | None, overrides: dict, report_format: str, output: str | None, verbose: bool,
          no_progress: bool) -> ExitCode:
    opts = options_from(config_file, overrides)
    stale_note(opts.site_dir, opts.docs_dir, config_file or "mkdocs.yml")
    bar = ProgressBar(enabled=False if no_progress else None)
    opts.progress = bar
    try:
        rep = check_site(opts)
    finally:
        bar.close()
    emit(rep.findings, report_format, output, verbose)
    ext = f", {rep.externals} external URLs" if opts.external else ""
    print(f"urlkeeper links: {rep.pages} pages ({rep.checked} checked, the rest from cache), {rep.links} links read{ext} in {rep.elapsed:.2f}s",
          file=sys.stderr)
    return exit_code(rep.findings)
