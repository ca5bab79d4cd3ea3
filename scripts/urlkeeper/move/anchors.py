"""What a Markdown page defines besides links: the ids it renders, its reference labels,
footnotes and abbreviations, as Python-Markdown (toc, attr_list, footnotes, abbr) sees them.

Ids follow the ``toc`` extension: ids written in attribute lists are kept as they are;
every other heading gets its slug, made unique in document order with ``_1``, ``_2``...
against every id already used (explicit ids count even when they come later). Ids of raw
HTML (``<a id="x">``) are anchors of the page too, but ``toc`` does not see them.

Reference labels are case-insensitive with runs of white space folded; footnote labels and
abbreviation terms are exact. Python-Markdown keeps the last definition of each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import scan


@dataclass(frozen=True)
class Heading:
    start: int  # start of the title line
    end: int  # end of the heading (after the underline of a setext heading), no newline
    level: int
    title: str  # text without trailing #s and attribute list
    explicit: str | None  # id from the attribute list
    setext: bool
    attr: tuple[int, int] | None  # span of the attribute list ``{...}`` in the text


@dataclass(frozen=True)
class Anchor:
    id: str
    pos: int  # where it is defined
    kind: str  # heading, attr (attribute list of another block), html
    span: tuple[int, int]  # span of the id value when written out, else (pos, pos)
    heading: Heading | None = None


# The title may hold masked characters: code spans (`Response`) are protected text inside it.
_ATX = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+([^\n]*?))?[ \t]*$", re.M)
_SETEXT = re.compile(r"^([ \t]{0,3}[^\s\x00#>|][^\n]*)\n[ \t]{0,3}(=+|-+)[ \t]*$", re.M)
_TRAILING_ATTR = re.compile(r"[ \t]*\{:?[ \t]*([^}\n]*)\}[ \t]*$")
_ID_TOKEN = re.compile(r"(?:^|\s)#([\w:.-]+)")
_BLOCK_ATTR = re.compile(r"^[ \t]*\{:[ \t]*([^}\n]*)\}[ \t]*$|\{:?[ \t]*([^}\n]*#[\w:.-]+[^}\n]*)\}[ \t]*$", re.M)
_HTML_ID = re.compile(r"""<[A-Za-z][\w-]*\b[^<>\x00]*?\sid\s*=\s*(["'])([^"'\n]+)\1""")
_LIST_OR_RULE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])(?:[ \t]|$)|^[ \t]*(?:-[ \t]*){3,}$")


def _title(raw: str, base: int) -> tuple[str, str | None, tuple[int, int] | None]:
    attr = _TRAILING_ATTR.search(raw)
    explicit, span = None, None
    if attr:
        ids = _ID_TOKEN.findall(attr.group(1))
        explicit = ids[0] if ids else None
        span = (base + attr.start() + len(attr.group()) - len(attr.group().lstrip()), base + attr.end())
        raw = raw[: attr.start()]
    return raw.rstrip().rstrip("#").rstrip(), explicit, span


def headings(text: str, masked: str | None = None) -> list[Heading]:
    """ATX and setext headings outside code, in document order."""
    m = masked if masked is not None else scan.masked(text)
    out: list[Heading] = []
    for hit in _ATX.finditer(m):
        raw = text[hit.start(2):hit.end(2)] if hit.group(2) is not None else ""
        base = hit.start(2) if hit.group(2) is not None else hit.end()
        title, explicit, span = _title(raw, base)
        out.append(Heading(hit.start(), hit.end(), len(hit.group(1)), title, explicit, False, span))
    for hit in _SETEXT.finditer(m):
        line = hit.group(1)
        if line.strip() == "" or _LIST_OR_RULE.match(line):
            continue
        if any(h.start <= hit.start() < h.end + 1 for h in out):
            continue
        raw = text[hit.start(1):hit.end(1)].strip()
        base = hit.start(1) + len(text[hit.start(1):hit.end(1)]) - len(text[hit.start(1):hit.end(1)].lstrip())
        title, explicit, span = _title(raw, base)
        out.append(Heading(hit.start(), hit.end(), 1 if hit.group(2)[0] == "=" else 2, title, explicit, True, span))
    out.sort(key=lambda h: h.start)
    return out


def slug(title: str) -> str:
    """The toc slug of a heading title (inline markup reduced to the text toc reads)."""
    return scan.slugify(title)


def ids(text: str) -> list[Anchor]:
    """Every id the page renders, in document order, with toc's unique suffixes."""
    m = scan.masked(text)
    heads = headings(text, m)
    head_lines = {h.start for h in heads}
    found: list[Anchor] = []
    used: set[str] = set()
    for h in heads:
        if h.explicit:
            used.add(h.explicit)
    for hit in _BLOCK_ATTR.finditer(m):
        line_start = m.rfind("\n", 0, hit.start()) + 1
        if line_start in head_lines or any(h.start <= hit.start() < h.end for h in heads):
            continue
        body = hit.group(1) if hit.group(1) is not None else hit.group(2)
        for tok in re.finditer(r"(?:^|\s)#([\w:.-]+)", body):
            s = (hit.start(1) if hit.group(1) is not None else hit.start(2)) + tok.start(1)
            used.add(tok.group(1))
            found.append(Anchor(tok.group(1), s, "attr", (s, s + len(tok.group(1)))))
    for h in heads:
        if h.explicit:
            s = text.find("#" + h.explicit, h.attr[0]) + 1 if h.attr else h.start
            found.append(Anchor(h.explicit, h.start, "heading", (s, s + len(h.explicit)), h))
            continue
        base = slug(h.title)
        ident, n = base, 0
        while ident in used:
            n += 1
            ident = f"{base}_{n}"
        used.add(ident)
        found.append(Anchor(ident, h.start, "heading", (h.start, h.start), h))
    for hit in _HTML_ID.finditer(m):
        found.append(Anchor(hit.group(2), hit.start(2), "html", hit.span(2)))
    found.sort(key=lambda a: a.pos)
    return found


# ---- reference labels, footnotes, abbreviations ---------------------------------------------------

_REF_DEF = re.compile(r"^([ \t]{0,3}(?:>[ \t]*)*)\[(?!\^)((?:[^\]\\\n\x00]|\\.)+)\]:", re.M)
_FOOT_DEF = re.compile(r"^[ \t]{0,3}\[\^([^\]\n\x00]+)\]:", re.M)
_FOOT_USE = re.compile(r"\[\^([^\]\s\x00]+)\](?!:)")
_ABBR_DEF = re.compile(r"^[ \t]{0,3}\*\[([^\]\n\x00]+)\]:[ \t]*([^\n\x00]*)\r?\n?", re.M)
_BRACKET = r"((?:[^\[\]\\\n\x00]|\\.|\[(?:[^\[\]\\\n\x00]|\\.)*\])*)"
_REF_USE = re.compile(r"(?<![\\\]])(!?)\[(?!\^)" + _BRACKET + r"\](?:[ ]?\[((?:[^\[\]\\\n\x00]|\\.)*)\]|(?![(:\[]))")


def norm_label(label: str) -> str:
    return " ".join(label.split()).lower()


@dataclass(frozen=True)
class LabelUse:
    start: int
    end: int  # span of the whole ``[text][label]``
    text: str
    label: str  # as written (the text for shortcut and collapsed forms)
    form: str  # full, collapsed, shortcut


def ref_defs(text: str, masked: str | None = None) -> list[tuple[str, tuple[int, int]]]:
    """(label as written, span of the label) of every reference definition."""
    m = masked if masked is not None else scan.masked(text)
    return [(hit.group(2), hit.span(2)) for hit in _REF_DEF.finditer(m)]


def ref_uses(text: str, defined: set[str], masked: str | None = None) -> list[LabelUse]:
    """Reference-style links and images whose label is in ``defined`` (normalised labels)."""
    m = masked if masked is not None else scan.masked(text)
    out = []
    for hit in _REF_USE.finditer(m):
        line_start = m.rfind("\n", 0, hit.start()) + 1
        if _REF_DEF.match(m, line_start) and hit.start() <= m.find("]:", line_start):
            continue
        inner, label = hit.group(2), hit.group(3)
        form = "shortcut" if label is None else "collapsed" if label == "" else "full"
        name = inner if form != "full" else label
        if norm_label(name) in defined:
            out.append(LabelUse(hit.start(), hit.end(), text[hit.start(2):hit.end(2)], name, form))
    return out


def footnote_defs(text: str, masked: str | None = None) -> list[tuple[str, tuple[int, int]]]:
    m = masked if masked is not None else scan.masked(text)
    return [(hit.group(1), hit.span(1)) for hit in _FOOT_DEF.finditer(m)]


def footnote_uses(text: str, masked: str | None = None) -> list[tuple[str, tuple[int, int]]]:
    m = masked if masked is not None else scan.masked(text)
    return [(hit.group(1), hit.span(1)) for hit in _FOOT_USE.finditer(m)]


def abbr_defs(text: str, masked: str | None = None) -> list[tuple[str, str, tuple[int, int]]]:
    """(term, definition, span of the whole definition line)."""
    m = masked if masked is not None else scan.masked(text)
    return [(hit.group(1), hit.group(2).strip(), hit.span()) for hit in _ABBR_DEF.finditer(m)]
