"""urlkeeper's settings, read from the plugin's section of ``mkdocs.yml`` without importing MkDocs.

The same keys configure the MkDocs plugin and ``urlkeeper check``; command-line options
override them. Relative paths are taken from the folder that holds ``mkdocs.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from . import options as schema, yamlsrc
from .errors import InputError
from .templating import override_dir
from .versions import Versions, from_options as versions_from

DEFAULT_FORMATS: tuple[str, ...] = tuple(schema.default("formats"))


def _path(key: str, section=schema.PLUGIN) -> Path:
    return Path(schema.default(key, section))


@dataclass(frozen=True)
class Config:
    root: Path = Path(".")
    site_dir: Path = _path("site_dir", schema.MKDOCS)
    docs_dir: Path = _path("docs_dir", schema.MKDOCS)
    redirects_dir: Path = _path("redirects_dir")
    baselines_dir: Path = _path("baselines_dir")
    language_prefix: str | None = schema.LANGUAGE_PREFIX.default
    protected: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    formats: tuple[str, ...] = DEFAULT_FORMATS
    anchor_ignore: str | None = schema.ANCHOR_IGNORE.default
    site_url: str | None = None
    source: str | None = None  # the mkdocs.yml it came from
    legacy_forms: tuple[str, ...] = ()  # ("html",): every live page's old .html address redirects to it
    versions: Versions = Versions()  # version folders (mike): prefixes of this build, redirect target style
    templates_dir: Path | None = None  # the theme's custom_dir: urlkeeper/redirect.html there overrides ours

    @property
    def legacy_html(self) -> bool:
        return "html" in self.legacy_forms

    @property
    def base_path(self) -> str:
        if not self.site_url:
            return ""
        return urlsplit(self.site_url).path.rstrip("/")

    def with_options(self, **options) -> "Config":
        """A copy with the options that were actually given (None means 'not given'), read as
        the same keys of ``mkdocs.yml`` are (a bad value names its command-line flag)."""
        given = {k: v for k, v in options.items() if v is not None}
        for key, normalise in _NORMALISE.items():
            if key in given:
                flag = next((s.flag for s in schema.PLUGIN if s.key == key), None)
                given[key] = normalise(given[key], f"option {flag}" if flag else key)
        for key in ("site_dir", "docs_dir", "redirects_dir", "baselines_dir"):
            if key in given:
                given[key] = Path(given[key])
        for key in ("protected", "allowed_hosts", "formats"):
            if key in given:
                given[key] = tuple(given[key])
        return replace(self, **given)


# The plugin options the core reads; the plugin's typed config (mkdocs_plugin/config.py) validates
# the whole section during a build, and other options (links, inventory output) belong to others.
PLUGIN_KEYS = {s.key for s in schema.PLUGIN} - {"enabled", "write_inventory", "fingerprints", "strict", "links"}
LEGACY_FORMS = schema.get("legacy_forms").choices


def _normalise_prefix(value: str | None, name: str) -> str | None:
    if value in (None, "", "/"):
        return None
    if not isinstance(value, str) or not value.startswith("/"):
        raise InputError(f"language_prefix must start with '/', got {value!r}", name)
    return value.rstrip("/")


def _protected(prefixes, name: str) -> tuple[str, ...]:
    for p in prefixes:
        if not p.startswith("/"):
            raise InputError(f"protected prefix must start with '/', got {p!r}", name)
    return tuple(prefixes)


# How a value is read, whether it comes from mkdocs.yml or from the command line.
_NORMALISE = {
    "language_prefix": _normalise_prefix,
    "protected": _protected,
    "allowed_hosts": lambda hosts, name: tuple(h.lower() for h in hosts),
}


def list_option(options: dict, key: str, source: str, label: str | None = None) -> tuple[str, ...]:
    """A plugin option that is a list of strings (a single string counts as a list of one)."""
    value = options.get(key) or ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise InputError(f"urlkeeper option {label or repr(key)} must be a list of strings", source)
    return tuple(value)


def from_plugin_options(options: dict, root: Path, *, site_dir: str | None = None, docs_dir: str | None = None,
                        site_url: str | None = None, source: str | None = None,
                        mkdocs_data: dict | None = None, templates_dir: str | Path | None = None) -> Config:
    """A Config from the plugin's option mapping (shared by the CLI and the MkDocs plugin)."""
    name = source or "mkdocs.yml"

    def listed(key: str) -> tuple[str, ...]:
        return list_option(options, key, name)

    protected = _protected(listed("protected"), name)
    legacy = listed("legacy_forms")
    for form in legacy:
        if form not in LEGACY_FORMS:
            raise InputError(f"legacy_forms: unknown form {form!r} (known: {', '.join(LEGACY_FORMS)})", name)
    return Config(
        legacy_forms=legacy,
        root=root,
        site_dir=root / (site_dir or Config.site_dir),
        docs_dir=root / (docs_dir or Config.docs_dir),
        redirects_dir=root / options.get("redirects_dir", Config.redirects_dir),
        baselines_dir=root / options.get("baselines_dir", Config.baselines_dir),
        language_prefix=_normalise_prefix(options.get("language_prefix", Config.language_prefix), name),
        protected=protected,
        allowed_hosts=_NORMALISE["allowed_hosts"](listed("allowed_hosts"), name),
        formats=listed("formats") if "formats" in options else DEFAULT_FORMATS,
        anchor_ignore=options.get("anchor_ignore", Config.anchor_ignore),
        site_url=site_url,
        source=source,
        versions=versions_from(options, mkdocs_data, name),
        templates_dir=Path(templates_dir) if templates_dir else override_dir(mkdocs_data, root),
    )


def read_mkdocs(mkdocs_yml: str | Path | None = None) -> tuple[dict, Path] | None:
    """The parsed ``mkdocs.yml`` and its path: the given one (which must exist), or the one in
    the current folder; None when none is given and there is none."""
    path = Path(mkdocs_yml) if mkdocs_yml else Path("mkdocs.yml")
    if not path.exists():
        if mkdocs_yml:
            raise InputError("config file not found", str(path))
        return None
    data, lines = yamlsrc.load_with_lines(path)
    data = data or {}
    if not isinstance(data, dict):
        raise InputError("expected a mapping at the top level", str(path), 1)
    check_types(data, path, lines)
    return data, path


# The mkdocs.yml settings urlkeeper reads, and the types MkDocs accepts for them.
MKDOCS_TYPES: dict[str, tuple[type, ...]] = {
    "docs_dir": (str,), "site_dir": (str,), "site_url": (str,), "plugins": (list, dict),
    "markdown_extensions": (list, dict), "exclude_docs": (str,), "use_directory_urls": (bool,),
    "nav": (list,), "theme": (str, dict),
}
# The plugin options whose types the command line checks (not `enabled`: sites set it with
# `!ENV [VAR, true]`, which only MkDocs reads), typed as the schema declares them.
_PYTHON_TYPES = {"str": (str,), "bool": (bool,), "section": (dict,)}
PLUGIN_TYPES: dict[str, tuple[type, ...]] = {
    key: _PYTHON_TYPES[schema.get(key).kind]
    for key in ("redirects_dir", "baselines_dir", "language_prefix", "anchor_ignore", "write_inventory", "links", "strict")
}


def _type_names(types: tuple[type, ...]) -> str:
    names = {str: "a string", list: "a list", dict: "a mapping", bool: "true or false"}
    return " or ".join(names[t] for t in types)


def check_types(data: dict, path: Path, lines: dict[str, int]) -> None:
    """Bad input (file and line) for a setting urlkeeper reads whose value has the wrong type."""
    for key, types in MKDOCS_TYPES.items():
        value = data.get(key)
        if value is not None and not isinstance(value, types):
            raise InputError(f"{key} must be {_type_names(types)}, got {value!r}", str(path), lines.get(key))
    options = plugin_options(data, path, lines.get("plugins"))
    for key, types in PLUGIN_TYPES.items():
        value = options.get(key)
        if value is not None and not isinstance(value, types):
            raise InputError(f"urlkeeper option {key} must be {_type_names(types)}, got {value!r}",
                             str(path), lines.get("plugins"))
    pattern = options.get("anchor_ignore")
    if pattern:
        regex(pattern, "urlkeeper option anchor_ignore", str(path), lines.get("plugins"))


def regex(pattern: str, what: str, source: str | None = None, line: int | None = None) -> re.Pattern:
    """A compiled regular expression, or bad input naming where it came from."""
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise InputError(f"{what}: invalid regular expression {pattern!r}: {exc}", source, line) from None


def plugin_options(data: dict, path: Path, line: int | None = None) -> dict:
    """The options of the ``urlkeeper`` plugin in a parsed ``mkdocs.yml`` ({} when it has none)."""
    options: dict = {}
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):  # MkDocs also takes plugins as a mapping of name -> options
        plugins = [{k: v} for k, v in plugins.items()]
    if not isinstance(plugins, list):
        raise InputError(f"plugins must be a list or a mapping, got {plugins!r}", str(path), line)
    for plugin in plugins:
        if plugin == "urlkeeper":
            options = {}
        elif isinstance(plugin, dict) and "urlkeeper" in plugin:
            options = plugin["urlkeeper"] or {}
    if not isinstance(options, dict):
        raise InputError("the urlkeeper plugin's options must be a mapping", str(path), line)
    return options


def from_mkdocs(data: dict, path: Path) -> Config:
    return from_plugin_options(
        plugin_options(data, path), path.parent, site_dir=data.get("site_dir"), docs_dir=data.get("docs_dir"),
        site_url=data.get("site_url"), source=str(path), mkdocs_data=data,
    )


def load(mkdocs_yml: str | Path | None = None) -> Config:
    """Settings from ``mkdocs.yml`` (the given one, or the one in the current folder if any)."""
    found = read_mkdocs(mkdocs_yml)
    return from_mkdocs(*found) if found else Config()


__all__ = ["Config", "load", "from_mkdocs", "from_plugin_options", "plugin_options", "read_mkdocs"]
