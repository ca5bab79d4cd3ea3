"""Every setting of urlkeeper, declared once: its key, type, default and help, and the
command-line flag that overrides it.

Three things derive from this table and nothing else declares a default: :class:`urlkeeper.config.Config`
and its reading of ``mkdocs.yml``, the MkDocs plugin's typed options
(``mkdocs_plugin/config.py``) and the command-line flags (``cli.py``). The link checker's
settings (:class:`urlkeeper.links.LinkOptions`) take their defaults from here too. This module
imports neither MkDocs nor argparse.

Sections: ``PLUGIN`` are keys of the ``urlkeeper`` plugin in ``mkdocs.yml``; ``LINKS`` keys of
its ``links:`` group; ``LINKS_CLI`` link settings that only ``urlkeeper links`` takes;
``MKDOCS`` MkDocs' own settings that urlkeeper reads (and whose flags override them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

# Kinds of values: how the plugin validates them and how the command line reads them.
KINDS = ("str", "bool", "list", "choice", "duration", "int", "float", "section")


@dataclass(frozen=True)
class Setting:
    key: str  # its key in mkdocs.yml (in its section); also the name of the value in Python
    kind: str  # one of KINDS
    default: object  # None: unset, decided where it is used (help says how)
    help: str  # what it means, one line (the command-line help adds the default)
    flag: str | None = None  # the command-line flag that overrides it
    metavar: str | None = None
    choices: tuple[str, ...] = ()  # allowed values (a choice, or the items of a list)
    negated: bool = False  # the flag is --no-<key>: it sets the setting to False
    adds: bool = False  # a repeated list flag adds to the configured list rather than replacing it
    shown_default: str | None = None  # the default as the help states it, when not the value itself

    @property
    def dest(self) -> str:
        """The name of the command-line value (argparse's dest)."""
        return f"no_{self.key}" if self.negated else self.key

    def default_text(self) -> str | None:
        if self.shown_default is not None:
            return self.shown_default
        if self.default in (None, (), [], ""):
            return None
        if isinstance(self.default, (list, tuple)):
            return "[" + ", ".join(self.default) + "]"
        if isinstance(self.default, float) and self.default.is_integer():
            return str(int(self.default))
        return str(self.default)

    def flag_help(self) -> str:
        """The help of the command-line flag: the meaning, then how it combines, then the default."""
        notes = []
        if self.kind == "list":
            notes.append("repeatable; adds to the configured ones" if self.adds else "repeatable; replaces the configured ones")
        shown = self.default_text()
        if shown is not None and not self.negated and self.kind != "bool":
            notes.append(f"default: {shown}")
        return f"{self.help} ({'; '.join(notes)})" if notes else self.help


S = Setting
LANGUAGE_PREFIX = S("language_prefix", "str", "/en", "the language prefix rule sources also cover without; \"\" for none",
                    flag="--language-prefix", metavar="PREFIX")
ANCHOR_IGNORE = S("anchor_ignore", "str", r"^__", "regex of ids that are theme chrome, not anchors",
                  flag="--anchor-ignore", metavar="REGEX")
DEFAULT_CACHE_DIR = ".urlkeeper-cache"

PLUGIN: tuple[Setting, ...] = (
    S("enabled", "bool", True, "run the plugin during builds"),
    LANGUAGE_PREFIX,
    S("protected", "list", (), "a protected URL prefix: its published URLs and anchors must stay live pages",
      flag="--protected", metavar="PREFIX"),
    S("allowed_hosts", "list", (), "an external host redirect targets may point at", flag="--allow-host", metavar="HOST"),
    S("formats", "list", ("html", "json"), "host formats written into the site after each build"),
    ANCHOR_IGNORE,
    S("redirects_dir", "str", "redirects", "a folder of redirect maps, or one map file", flag="--redirects", metavar="PATH"),
    S("baselines_dir", "str", "redirects/baselines", "a folder of baseline URL lists, or one list",
      flag="--baselines", metavar="PATH"),
    S("legacy_forms", "list", (), "old address forms of live pages that redirect to them ([html]: /x.html -> /x/)",
      choices=("html",)),
    S("version_prefixes", "list", None, "a first path segment that means this build on a versioned site, e.g. latest "
      "; an empty NAME: none", flag="--version-prefix", metavar="NAME",
      shown_default="version_prefixes of the urlkeeper plugin, [latest] on mike sites"),
    S("redirect_targets", "choice", None, "how redirect pages name their target (relative: for version folders)",
      choices=("absolute", "relative"), shown_default="relative on mike sites, else absolute"),
    S("write_inventory", "str", "", "write the inventory collected during the build to this file (relative to mkdocs.yml)"),
    S("fingerprints", "bool", False, "record each built page's fingerprint in .urlkeeper-cache/build.fingerprints, "
      "so redirects suggest need not read the build again"),
    S("strict", "bool", False, "report broken guarantees as errors (fail the build) even without --strict"),
    S("links", "section", None, "link checking after the build (see LINKS)"),
)

LINKS: tuple[Setting, ...] = (
    S("enabled", "bool", False, "check the links of the built site after each build"),
    S("ignore", "list", (), "skip links whose URL matches", flag="--ignore", metavar="REGEX", adds=True),
    S("ignore_pages", "list", (), "do not check the links of these pages: URL path, built file or Markdown source",
      flag="--ignore-page", metavar="GLOB", adds=True),
    S("redirect_severity", "choice", "info", "severity of links that land on a redirect",
      flag="--redirect-severity", choices=("info", "warning", "error")),
    S("cache", "bool", True, "check everything again and write no cache", flag="--no-cache", negated=True),
    S("cache_dir", "str", DEFAULT_CACHE_DIR, "where results are cached", flag="--cache-dir", metavar="DIR",
      shown_default=f"{DEFAULT_CACHE_DIR} beside mkdocs.yml"),
    S("external", "bool", False, "also check external links (through LinkChecker)", flag="--external"),
    S("max_age", "duration", "7d", "re-check cached external results older than this", flag="--max-age", metavar="DURATION"),
    S("timeout", "duration", "10s", "timeout of one external request", flag="--timeout", metavar="DURATION"),
    S("budget", "duration", "5m", "total time for external checks; the run always ends", flag="--budget", metavar="DURATION"),
    S("strict", "bool", False, "fail the build on a broken link even without --strict"),
)

LINKS_CLI: tuple[Setting, ...] = (
    S("retries", "int", 2, "retries after 429/503 honouring Retry-After", flag="--retries", metavar="N"),
    S("threads", "int", 10, "LinkChecker threads", flag="--threads", metavar="N"),
    S("per_host_rate", "float", 2.0, "requests per second to one host", flag="--per-host-rate", metavar="N"),
    S("max_redirects", "int", 5, "longest acceptable redirect chain of an external URL", flag="--max-redirects", metavar="N"),
    S("jobs", "int", 0, "worker processes for the internal pass", flag="--jobs", metavar="N", shown_default="one per CPU"),
)

MKDOCS: tuple[Setting, ...] = (
    S("site_dir", "str", "site", "the built site", flag="--site", metavar="DIR",
      shown_default="site_dir of mkdocs.yml, else ./site"),
    S("docs_dir", "str", "docs", "the Markdown sources", flag="--docs", metavar="DIR",
      shown_default="docs_dir of mkdocs.yml, else ./docs"),
    S("site_url", "str", None, "the site's public URL: its path is the root of root-relative links",
      flag="--site-url", metavar="URL", shown_default="site_url of mkdocs.yml"),
)

ALL: tuple[Setting, ...] = PLUGIN + LINKS + LINKS_CLI + MKDOCS


def get(key: str, section: Iterable[Setting] = PLUGIN) -> Setting:
    for s in section:
        if s.key == key:
            return s
    raise KeyError(key)


def default(key: str, section: Iterable[Setting] = PLUGIN):
    """The default of a setting (lists as tuples)."""
    return get(key, section).default


# Durations: 90, 90s, 15m, 12h, 7d, 1w (a number alone is seconds).
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def seconds(value: object) -> float:
    """A duration in seconds; ValueError naming the value when it is not one."""
    m = _DURATION.match(str(value)) if not isinstance(value, bool) else None
    if not m:
        raise ValueError(f"not a duration: {value!r} (use e.g. 30s, 15m, 12h, 7d)")
    return float(m.group(1)) * _UNITS[m.group(2)]


def link_defaults() -> dict:
    """Every link setting at its default, durations in seconds."""
    out = {s.key: s.default for s in LINKS + LINKS_CLI if s.key not in ("enabled", "strict")}
    for s in LINKS:
        if s.kind == "duration":
            out[s.key] = seconds(s.default)
    return out


__all__ = ["Setting", "PLUGIN", "LINKS", "LINKS_CLI", "MKDOCS", "ALL", "get", "default", "seconds", "link_defaults",
           "LANGUAGE_PREFIX", "ANCHOR_IGNORE", "DEFAULT_CACHE_DIR"]
