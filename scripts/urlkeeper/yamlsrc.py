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
    """The text of a UTF-8 file with its line endings as they are (CRLF stays CRLF)."""
    try:
        return Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError("file not found", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", str(path)) from None


def compose(path: str | Path) -> yaml.Node | None:
    """The YAML node tree of one of urlkeeper's own files (redirect maps, plans; nodes carry
    ``start_mark.line``). Strict: keys are plain scalars, no tags beyond YAML's own, no key twice
    in a mapping."""
    text = read_text(path)
    try:
        root = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError as exc:
        raise _error(exc, str(path)) from None
    _check_strict(root, str(path))
    return root


def _check_strict(root: yaml.Node | None, name: str) -> None:
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if not node.tag.startswith("tag:yaml.org,2002:"):
            raise InputError(f"unknown YAML tag {node.tag}", name, line_of(node))
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise InputError("a key must be a plain value, not a list or mapping", name, line_of(key))
                if key.value in seen:
                    raise InputError(f"key {key.value!r} given twice", name, line_of(key))
                seen.add(key.value)
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def load(path: str | Path):
    return load_with_lines(path)[0]


def load_with_lines(path: str | Path) -> tuple[object, dict[str, int]]:
    """A file such as ``mkdocs.yml`` read as Python values (unknown tags read as plain values),
    and the line of each top-level key. A top-level key given twice is bad input (YAML allows
    no duplicate keys; PyYAML would silently keep the last)."""
    text = read_text(path)
    loader = _TolerantLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in lines:
                        raise InputError(f"key {key.value!r} given twice (first on line {lines[key.value]})",
                                         str(path), line_of(key))
                    lines[key.value] = line_of(key)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _error(exc, str(path)) from None
    finally:
        loader.dispose()
    return data, lines


def scalar(node: yaml.Node) -> object:
    """The Python value of a scalar node (``301`` -> int, ``/x/`` -> str)."""
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    _SCALARS.constructed_objects = {}
    return _SCALARS.construct_object(node, deep=True)


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1
