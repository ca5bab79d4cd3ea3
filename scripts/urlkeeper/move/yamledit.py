"""Byte-exact YAML edits: change a scalar or drop a list item, and touch nothing else.

``mkdocs.yml`` (nav) and the redirect maps are edited by position: the file is composed
into nodes (which carry their exact character spans; custom tags such as
``!!python/name:`` need no constructor at that stage), and only the characters of the
edited scalars or the lines of the dropped items change. Comments, key order, quoting,
indentation and tags elsewhere are kept as they were, byte for byte, which a load/dump
round trip (even ruamel's) cannot promise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable

import yaml

from ..errors import InputError


@dataclass
class Edit:
    start: int
    end: int
    text: str


def compose(text: str, name: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"malformed YAML: {getattr(exc, 'problem', exc)}", name, mark.line + 1 if mark else None) from None


def apply_edits(text: str, edits: list[Edit]) -> str:
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: e.start):
        if e.start < pos:
            continue  # overlapping (a dropped item already covers it)
        out.append(text[pos:e.start])
        out.append(e.text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


_SAFE_PLAIN = re.compile(r"/[\w./#~%+-]*")


def plain_or_quoted(value: str) -> str:
    if _SAFE_PLAIN.fullmatch(value):  # a site path: always a plain scalar
        return value
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value} and value.strip() == value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value)


def replace_scalar(text: str, node: yaml.ScalarNode, value: str) -> Edit:
    s, e = node.start_mark.index, node.end_mark.index
    if node.style == '"':
        return Edit(s, e, json.dumps(value))
    if node.style == "'":
        return Edit(s, e, "'" + value.replace("'", "''") + "'")
    if node.style in ("|", ">"):
        return Edit(s, e, json.dumps(value))
    return Edit(s, e, plain_or_quoted(value))


def _last_line(node: yaml.Node) -> int:
    if isinstance(node, yaml.ScalarNode):
        return node.end_mark.line
    if isinstance(node, yaml.SequenceNode):
        return max([_last_line(n) for n in node.value] or [node.start_mark.line])
    if isinstance(node, yaml.MappingNode):
        return max([max(_last_line(k), _last_line(v)) for k, v in node.value] or [node.start_mark.line])
    return node.start_mark.line


def drop_item(text: str, item: yaml.Node) -> Edit:
    """Remove the whole lines of a block-sequence item (its ``- `` line to its last line)."""
    s = text.rfind("\n", 0, item.start_mark.index) + 1  # the start of the item's first line
    e = s
    for _ in range(_last_line(item) - item.start_mark.line + 1):  # past the end of its last line
        nl = text.find("\n", e)
        if nl < 0:
            return Edit(s, len(text), "")
        e = nl + 1
    return Edit(s, e, "")


# ---- mkdocs.yml nav -------------------------------------------------------------------------


def nav_edits(text: str, name: str, new_path: Callable[[str], str | None], drop: Callable[[str], bool]) -> tuple[list[Edit], list[str]]:
    """Edits to the nav: page paths renamed via ``new_path``, entries for which ``drop`` is
    true removed (with a section left empty). Returns the edits and problems found."""
    root = compose(text, name)
    problems: list[str] = []
    edits: list[Edit] = []
    if not isinstance(root, yaml.MappingNode):
        return edits, problems
    nav = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "nav"), None)
    if nav is None:
        return edits, problems

    def page_of(item: yaml.Node) -> yaml.ScalarNode | None:
        if isinstance(item, yaml.ScalarNode):
            return item
        if isinstance(item, yaml.MappingNode) and len(item.value) == 1 and isinstance(item.value[0][1], yaml.ScalarNode):
            return item.value[0][1]
        return None

    def walk(seq: yaml.Node) -> bool:
        """Edit a nav list; True when every item of it is dropped."""
        if not isinstance(seq, yaml.SequenceNode):
            return False
        dropped = []
        for item in seq.value:
            scalar = page_of(item)
            gone = False
            if scalar is not None and scalar.tag == "tag:yaml.org,2002:str":
                value = scalar.value
                if drop(value):
                    gone = True
                else:
                    new = new_path(value)
                    if new is not None and new != value:
                        edits.append(replace_scalar(text, scalar, new))
            elif isinstance(item, yaml.MappingNode):
                for _, child in item.value:
                    if isinstance(child, yaml.SequenceNode) and walk(child):
                        gone = True
            dropped.append(gone)
        if any(dropped):
            if seq.flow_style:
                problems.append(f"{name}:{seq.start_mark.line + 1}: a flow-style nav list cannot be edited; remove the entry by hand")
                return False
            if all(dropped):
                return True
            for item, gone in zip(seq.value, dropped):
                if gone:
                    edits.append(drop_item(text, item))
        return False

    if walk(nav):
        problems.append(f"{name}:{nav.start_mark.line + 1}: every nav entry would be removed; edit the nav by hand")
    return edits, problems


# ---- redirect maps ---------------------------------------------------------------------------


def rule_items(root: yaml.Node | None) -> list[tuple[yaml.Node, dict[str, yaml.ScalarNode]]]:
    if not isinstance(root, yaml.MappingNode):
        seq = root
    else:
        seq = next((v for k, v in root.value if k.value == "redirects"), None)
    if not isinstance(seq, yaml.SequenceNode):
        return []
    out = []
    for item in seq.value:
        if isinstance(item, yaml.MappingNode):
            out.append((item, {k.value: v for k, v in item.value if isinstance(v, yaml.ScalarNode)}))
    return out


def rule_text(rules: list[tuple], indent: str = "  ") -> str:
    """Block-style rule items; a rule is (from, to) or (from, to, note)."""
    out = []
    for rule in rules:
        out.append(f"{indent}- from: {plain_or_quoted(rule[0])}\n{indent}  to: {plain_or_quoted(rule[1])}\n")
        if len(rule) > 2 and rule[2]:
            out.append(f"{indent}  note: {plain_or_quoted(rule[2])}\n")
    return "".join(out)


def append_rules(text: str | None, name: str, rules: list[tuple], header: str) -> str:
    """A redirect map with ``rules`` appended (a new one when ``text`` is None)."""
    if not rules:
        return text if text is not None else ""
    if text is None or not text.strip():
        return f"# {header}\nredirects:\n" + rule_text(rules)
    root = compose(text, name)
    items = rule_items(root)
    seq = root.value[0][1] if isinstance(root, yaml.MappingNode) and root.value else root
    if items and isinstance(seq, yaml.SequenceNode) and not seq.flow_style:
        col = items[0][0].start_mark.column - 2
        indent = " " * max(col, 0)
        eol = "\r\n" if "\r\n" in text else "\n"  # the file's own line ending
        body = text if text.endswith("\n") else text + eol
        return body + rule_text(rules, indent).replace("\n", eol)
    if items:
        raise InputError("cannot append to a flow-style redirects list", name, seq.start_mark.line + 1)
    comments = "".join(line for line in text.splitlines(keepends=True) if line.lstrip().startswith("#"))
    return comments + "redirects:\n" + rule_text(rules)
