"""YAML reading with line numbers and clear errors, tolerant of MkDocs' custom tags."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError


_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.SafeLoader("")


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads unknown tags (``!!python/name:...``, ``!ENV``) as plain values
    instead of failing: urlkeeper only reads its own keys of ``mkdocs.yml``."""


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("", _unknown)


def _error(exc: yaml.YAMLError, name: str) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    return InputError(f"malformed YAML: {problem}", name, line)


def read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", str(path)) from None


def compose(path: str | Path) -> yaml.Node | None:
    """The YAML node tree of a file (nodes carry ``start_mark.line``)."""
    text = read_text(path)
    try:
        return yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError as exc:
        raise _error(exc, str(path)) from None


def load(path: str | Path):
    text = read_text(path)
    try:
        return yaml.load(text, Loader=_TolerantLoader)
    except yaml.YAMLError as exc:
        raise _error(exc, str(path)) from None


def scalar(node: yaml.Node) -> object:
    """The Python value of a scalar node (``301`` -> int, ``/x/`` -> str)."""
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    _SCALARS.constructed_objects = {}
    return _SCALARS.construct_object(node, deep=True)


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1
