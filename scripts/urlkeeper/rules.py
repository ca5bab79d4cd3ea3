"""Redirect rules and the YAML redirect maps under ``redirects/`` that hold them.

A map file::

    # redirects/merge.yml
    redirects:
      - from: /en/apps/overview/                 # exact rule
        to: /en/developer-portal/about/
      - from: /en/apps/publish/beta/             # to a section of a page
        to: /en/developer-portal/standard-app/publish/#beta
      - from: /en/apps/*                         # prefix rule, the rest of the path kept
        to: /en/developer-portal/*
        status: 301                              # 301 (default), 302, 307 or 308

One rule covers every form of its old URL: with and without the language prefix, directory
form, ``index.html`` form and legacy ``.html`` form. Prefix rules are fallbacks: a live page
and an exact rule always win over them, and the longest prefix wins among them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlsrc
from .errors import InputError
from .urls import canonical, is_external, normalize_path, split_url, splat_rest_ok

STATUSES = (301, 302, 307, 308)
KEYS = {"from", "to", "status", "note"}


@dataclass
class Rule:
    source: str  # canonical key; for a prefix rule the prefix itself, ending in "/"
    target: str  # as written (may end in "*" for prefix rules, may carry "#fragment")
    status: int = 301
    prefix: bool = False
    file: str | None = None
    line: int | None = None
    note: str | None = None
    raw_source: str = ""
    final: str = field(default="", repr=False)  # target after chains are collapsed
    _shape_of: tuple | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.final:
            self.final = self.target
        if not self.raw_source:
            self.raw_source = self.source + ("*" if self.prefix else "")

    @property
    def splat(self) -> bool:
        """A prefix rule whose target keeps the rest of the path (``/new/*``)."""
        return self.prefix and self.final.split("#", 1)[0].endswith("*")

    @property
    def own_output(self) -> str | None:
        """For a splat rule whose target lies under its own source (``/* -> /en/*``): the
        target prefix (``/en/``). URLs there are its output, so the rule never applies to
        them (otherwise ``/en/nope/`` would go to ``/en/en/nope/`` and on and on)."""
        return self._shape()[1]

    def _shape(self) -> tuple[bool, str | None]:
        """(splat, own_output), worked out once per target (``final`` changes when chains collapse)."""
        cached = self._shape_of
        if cached is not None and cached[0] == self.final:
            return cached[1]
        own = None
        splat = self.splat
        if splat and not is_external(self.final):
            target = split_url(self.final)[0][:-1]
            own = target if target.startswith(self.source) else None
        self._shape_of = (self.final, (splat, own))
        return splat, own

    def takes(self, key: str, matched: str) -> bool:
        """Whether this rule, matched through ``matched``, applies to the canonical ``key``.

        A splat rule applies only when the rest of the path is plain (:func:`splat_rest_ok`)
        and not to its own output (:attr:`own_output`)."""
        if not self.prefix:
            return True
        splat, own = self._shape()
        if own is not None and matched == self.source and key.startswith(own):
            return False
        return not splat or splat_rest_ok(key[len(matched):])

    def apply(self, key: str, matched: str | None = None) -> str:
        """The target URL for a request key that this rule matched (via ``matched`` prefix)."""
        target = self.final
        if not self.prefix:
            return target
        path, _, fragment = target.partition("#")
        if path.endswith("*"):
            rest = key[len(matched if matched is not None else self.source):]
            path = path[:-1] + rest
        return path + (f"#{fragment}" if fragment else "")

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file else "<rule>"


def parse_source(raw: str) -> tuple[str, bool]:
    """``/en/apps/*`` -> (``/en/apps/``, True); ``/en/apps/x.html`` -> (``/en/apps/x/``, False)."""
    if raw.endswith("*"):
        base = normalize_path(raw[:-1])
        if not base.endswith("/"):
            base += "/"
        return base, True
    return canonical(raw), False


def load_map(path: str | Path) -> list[Rule]:
    """The rules of one map file. Raises :class:`InputError` (file and line) on bad input."""
    name = str(path)
    root = yamlsrc.compose(path)
    if root is None:
        return []
    items = root
    if isinstance(root, yaml.MappingNode):
        items = None
        for key, value in root.value:
            if key.value == "redirects":
                items = value
            else:
                raise InputError(f"unknown top-level key {key.value!r} (expected 'redirects')", name, yamlsrc.line_of(key))
        if items is None:
            return []
    if isinstance(items, yaml.ScalarNode) and items.value in ("", "~", "null"):
        return []
    if not isinstance(items, yaml.SequenceNode):
        raise InputError("'redirects' must be a list of rules with 'from' and 'to'", name, yamlsrc.line_of(items))
    rules = []
    for item in items.value:
        rules.append(_rule(item, name))
    return rules


def _rule(node: yaml.Node, name: str) -> Rule:
    line = yamlsrc.line_of(node)
    if not isinstance(node, yaml.MappingNode):
        raise InputError("a rule must be a mapping with 'from' and 'to'", name, line)
    values: dict[str, object] = {}
    for key, value in node.value:
        k = key.value
        if k not in KEYS:
            raise InputError(f"unknown key {k!r} in rule (allowed: from, to, status, note)", name, yamlsrc.line_of(key))
        if k in values:
            raise InputError(f"key {k!r} given twice in one rule", name, yamlsrc.line_of(key))
        if not isinstance(value, yaml.ScalarNode):
            raise InputError(f"{k!r} must be a single value", name, yamlsrc.line_of(value))
        values[k] = yamlsrc.scalar(value)
    for required in ("from", "to"):
        if not isinstance(values.get(required), str) or not values[required]:
            raise InputError(f"rule needs a non-empty {required!r} URL", name, line)
    status = values.get("status", 301)
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(map(str, STATUSES))}, got {status!r}", name, line)
    raw_source = str(values["from"])
    target = str(values["to"])
    if not raw_source.startswith("/"):
        raise InputError(f"'from' must be a site-relative path starting with '/', got {raw_source!r}", name, line)
    path, query, fragment = split_url(raw_source)
    if query or fragment or "#" in raw_source or "?" in raw_source:
        raise InputError(f"'from' cannot carry a query or fragment (servers never see fragments): {raw_source!r}", name, line)
    if "*" in path[:-1]:
        raise InputError(f"'*' is only allowed at the end of 'from': {raw_source!r}", name, line)
    source, prefix = parse_source(path)
    if "*" in target.split("#", 1)[0][:-1] or (target.split("#", 1)[0].endswith("*") and not prefix):
        raise InputError(f"'*' in 'to' needs a prefix rule ('from' ending in '*') and must end the path: {target!r}", name, line)
    note = values.get("note")
    return Rule(source, target, int(status), prefix, name, line, str(note) if note is not None else None, raw_source)


def map_files(redirects_dir: str | Path) -> list[Path]:
    """The redirect maps of a folder (``*.yml``), or the one map file named."""
    d = Path(redirects_dir)
    if d.is_file():
        return [d]
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))


def load_dir(redirects_dir: str | Path) -> list[Rule]:
    """Every rule of every map file directly in ``redirects_dir`` (sub-folders hold plans and baselines)."""
    rules: list[Rule] = []
    for path in map_files(redirects_dir):
        rules.extend(load_map(path))
    return rules
