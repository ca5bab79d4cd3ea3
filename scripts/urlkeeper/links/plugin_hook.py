"""The MkDocs side of link checking: called at the end of the plugin's ``on_post_build``."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..findings import Severity
from . import check_built_site


def after_build(settings, config, log, version_prefixes=(), page_sources=None) -> None:
    from mkdocs.exceptions import PluginError

    root = Path(config.config_file_path or ".").resolve().parent
    theme = config.theme
    template_dirs = [theme.custom_dir] if getattr(theme, "custom_dir", None) else []
    values = {k: settings[k] for k in settings}  # validated by the plugin's config (durations in seconds)
    try:
        report = check_built_site(
            config.site_dir, config.docs_dir, site_url=config.site_url or None,
            root=root, theme=getattr(theme, "name", None),
            template_dirs=template_dirs, settings=values, log=log, version_prefixes=version_prefixes,
            page_sources=page_sources,
        )
    except (InputError, ValueError) as exc:
        raise PluginError(f"urlkeeper links: {exc}") from None
    errors = sum(1 for f in report.findings if f.level == Severity.ERROR)
    if errors and settings["strict"]:
        raise PluginError(f"urlkeeper links: {errors} broken link(s); see the warnings above")
