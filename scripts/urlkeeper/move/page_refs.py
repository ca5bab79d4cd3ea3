"""Page paths outside Markdown links that MkDocs and its plugins read: edited by moves.

* ``mkdocs.yml``: the values of ``redirect_maps`` (mkdocs-redirects; its keys are old paths,
  which stay), and the patterns of ``not_in_nav`` and ``exclude_docs`` (one gitignore-style
  pattern a line: a pattern that names a moved page exactly is renamed; wildcards stay).
* Front matter of Markdown pages: ``links`` of Material's blog posts (a nav-like list of
  docs-relative paths, with optional ``#fragment``).

Every other front-matter value that names a moved page is left alone and reported, so a
dry run says where a human should look. Edits are byte-exact (see :mod:`.yamledit`).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from typing import Callable

import yaml

from . import yamledit
from .yamledit import Edit

# new_page(path) -> the path the page has after the plan, with a #fragment when it was folded
# into a section (None when the page does not move).
NewPage = Callable[[str], "str | None"]
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
PATTERN_KEYS = ("not_in_nav", "exclude_docs")


@dataclass(frozen=True)
class LeftAlone:
    key: str  # dotted key in the front matter
    value: str
    line: int  # line in the Markdown file


def _key(mapping: yaml.Node, name: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next((v for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == name), None)


def _renamed(value: str, new_page: NewPage) -> str | None:
    """``x.md#f`` -> its new form, keeping a fragment the reader wrote (a fold's section
    fragment is used only when the link had none)."""
    path, sep, frag = value.partition("#")
    new = new_page(path.strip())
    if new is None:
        return None
    new_path, _, new_frag = new.partition("#")
    frag = frag if sep else new_frag
    return new_path + ("#" + frag if frag else "")


def _scalar_edits(text: str, node: yaml.Node, new_page: NewPage, edits: list[Edit]) -> None:
    """Rename every page path held by a string scalar under ``node`` (lists and mappings walked)."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            new = _renamed(node.value, new_page)
            if new is not None and new != node.value:
                edits.append(yamledit.replace_scalar(text, node, new))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _scalar_edits(text, item, new_page, edits)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            _scalar_edits(text, value, new_page, edits)


def _pattern_edits(text: str, node: yaml.Node, new_page: NewPage, edits: list[Edit]) -> None:
    """Lines of a block scalar (``not_in_nav: |``) that name a moved page exactly."""
    if not isinstance(node, yaml.ScalarNode):
        return
    if node.style not in ("|", ">"):  # a quoted or plain scalar: its lines are renamed as values
        lines = [_renamed_pattern(line, new_page) or line for line in node.value.split("\n")]
        if "\n".join(lines) != node.value:
            edits.append(Edit(node.start_mark.index, node.end_mark.index, json.dumps("\n".join(lines))))
        return
    start = text.find("\n", node.start_mark.index) + 1  # the first content line
    pos = start
    while pos < node.end_mark.index:
        end = text.find("\n", pos)
        end = node.end_mark.index if end < 0 or end > node.end_mark.index else end
        line = text[pos:end]
        pattern = line.strip()
        new = _renamed_pattern(pattern, new_page)
        if new is not None:
            at = pos + line.index(pattern)
            edits.append(Edit(at, at + len(pattern), new))
        pos = end + 1


def _renamed_pattern(pattern: str, new_page: NewPage) -> str | None:
    """A gitignore-style pattern that names a moved page exactly, renamed (wildcards, comments,
    negations and pages folded away are left as they are)."""
    pattern = pattern.strip()
    if not pattern or pattern.startswith(("#", "!")) or any(c in pattern for c in "*?["):
        return None
    new = _renamed(pattern.lstrip("/"), new_page)
    if new is None or "#" in new:
        return None
    return ("/" if pattern.startswith("/") else "") + new


def config_edits(text: str, name: str, new_page: NewPage) -> list[Edit]:
    """Edits to ``mkdocs.yml`` besides the nav: ``redirect_maps`` values, ``not_in_nav``,
    ``exclude_docs``."""
    root = yamledit.compose(text, name)
    edits: list[Edit] = []
    if not isinstance(root, yaml.MappingNode):
        return edits
    for key in PATTERN_KEYS:
        node = _key(root, key)
        if node is not None:
            _pattern_edits(text, node, new_page, edits)
    plugins = _key(root, "plugins")
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins] if plugins is not None else []
    for item in items:
        redirects = _key(item, "redirects")
        maps = _key(redirects, "redirect_maps") if redirects is not None else None
        if isinstance(maps, yaml.MappingNode):
            for _, target in maps.value:
                if isinstance(target, yaml.ScalarNode) and "://" not in target.value:
                    _scalar_edits(text, target, new_page, edits)
    return edits


def front_matter(text: str) -> tuple[int, int] | None:
    """The span of the YAML inside a page's front matter, or None."""
    m = _FRONT.match(text)
    if m is None or m.group(1) is None:
        return None
    return m.start(1), m.end(1)


def front_matter_edits(text: str, name: str, new_page: NewPage, looks_like_page: Callable[[str], bool]
                       ) -> tuple[list[Edit], list[LeftAlone]]:
    """Edits to a page's front matter (``links``, as Material's blog reads it: docs-relative
    paths) and the other values that name a page, left alone. Edits are offsets in ``text``."""
    span = front_matter(text)
    if span is None:
        return [], []
    start, end = span
    fm = text[start:end]
    try:
        root = yaml.compose(fm, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return [], []  # MkDocs reports malformed front matter; the move tool leaves it alone
    if not isinstance(root, yaml.MappingNode):
        return [], []
    edits: list[Edit] = []
    links = _key(root, "links")
    if links is not None:
        _scalar_edits(fm, links, new_page, edits)
    left: list[LeftAlone] = []
    first_line = text.count("\n", 0, start) + 1

    def visit(node: yaml.Node, key: str) -> None:
        if isinstance(node, yaml.ScalarNode):
            value = node.value.strip()
            if value and "\n" not in value and "://" not in value and looks_like_page(value.partition("#")[0]):
                left.append(LeftAlone(key, value, first_line + node.start_mark.line))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                visit(item, key)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    visit(v, f"{key}.{k.value}" if key else k.value)

    for k, v in root.value:
        if isinstance(k, yaml.ScalarNode) and k.value != "links":
            visit(v, k.value)
    return [Edit(e.start + start, e.end + start, e.text) for e in edits], left




def new_page_of(mapper) -> NewPage:
    """A page's path after the plan (with the section's #fragment for a fold) or None."""
    from .plan import clean_path

    def new_page(value: str) -> str | None:
        path, _ = clean_path(value)
        new = mapper.new.get(path)
        if new is None:
            return None
        anchor = mapper.anchor.get(path)
        return new + ("#" + anchor if anchor else "")

    return new_page


def rewrite_front_matter(markdown: list[str], new_text: dict[str, str], read, mapper) -> tuple[int, list]:
    """Rewrite ``links`` in the front matter of every Markdown file (``new_text`` updated in
    place; ``read(rel)`` gives a file's text). Returns the number of paths rewritten and the
    (file, :class:`LeftAlone`) pairs of other keys that name a moved page."""
    new_page = new_page_of(mapper)
    names = {posixpath.basename(old) for old in mapper.new}
    count, left = 0, []
    for rel in markdown:
        text = new_text.get(rel)
        if text is None:
            text = read(rel)
        span = front_matter(text) if text and text.startswith("---") else None
        if span is None or not any(n in text[span[0]:span[1]] for n in names):
            continue  # most pages: no front matter, or none naming a moved page
        edits, others = front_matter_edits(text, rel, new_page, lambda v: new_page(v) is not None)
        if edits:
            new_text[rel] = yamledit.apply_edits(text, edits)
            count += len(edits)
        left += [(rel, item) for item in others]
    return count, left


__all__ = ["config_edits", "front_matter_edits", "front_matter", "rewrite_front_matter", "new_page_of", "LeftAlone"]
