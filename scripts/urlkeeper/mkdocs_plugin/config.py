"""Typed options of the ``urlkeeper`` MkDocs plugin, derived from :mod:`urlkeeper.options` (the
same keys ``urlkeeper check`` and ``urlkeeper links`` read; the schema holds their defaults
and help)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .. import options as schema


class Duration(c.OptionallyRequired):
    """A duration (``90``, ``30s``, ``15m``, ``12h``, ``7d``, ``1w``), read as seconds."""

    def run_validation(self, value):
        try:
            return schema.seconds(value)
        except ValueError as exc:
            raise c.ValidationError(str(exc)) from None


def option(setting: schema.Setting, sections: dict[str, type]) -> c.BaseConfigOption:
    """The MkDocs config option of one setting of the schema."""
    kind, default = setting.kind, setting.default
    if kind in ("str", "bool"):
        return c.Type(str if kind == "str" else bool, default=default)
    if kind == "list":
        item = c.Choice(setting.choices) if setting.choices else c.Type(str)
        return c.Optional(c.ListOfItems(item)) if default is None else c.ListOfItems(item, default=list(default))
    if kind == "choice":
        return c.Optional(c.Choice(setting.choices)) if default is None else c.Choice(setting.choices, default=default)
    if kind == "duration":
        return Duration(default=default)
    if kind == "section":
        return c.SubConfig(sections[setting.key], validate=True)
    raise ValueError(f"no plugin option for a {kind} setting ({setting.key})")


def config_class(name: str, settings: tuple[schema.Setting, ...], sections: dict[str, type] | None = None) -> type:
    return type(name, (base.Config,), {s.key: option(s, sections or {}) for s in settings})


# Link checking after the build (see `urlkeeper links`): off unless links.enabled.
LinksConfig = config_class("LinksConfig", schema.LINKS)
UrlkeeperPluginConfig = config_class("UrlkeeperPluginConfig", schema.PLUGIN, {"links": LinksConfig})
