"""Fold a page into a section of another page, hygienically.

Everything that is page-wide in Python-Markdown would otherwise leak between the two pages
once they are one: reference labels (``[1]: ...``, the last definition wins), footnotes
(``[^1]``), abbreviations (``*[API]: ...``, applied to the whole page) and heading ids.
:func:`prepare` decides, from the original texts, how the folded page must change so that
every link and footnote keeps its target and every id stays unique:

* a reference label or footnote label the host (or an earlier fold into it) already uses is
  renamed ``<label>-<page>`` (``[1]`` of ``beta.md`` becomes ``[1-beta]``; shortcut and
  collapsed uses become full references so the visible text stays);
* an abbreviation is written inline as ``<abbr title="...">`` in the folded text and its
  definition dropped, unless the host defines the same term the same way (a definition
  would otherwise reach the host's text too);
* an id of the folded content that the host already has gets the suffix ``-<page>``
  (``#overview`` becomes ``#overview-beta``; ``-2``, ``-3`` if that is taken too), written
  as an attribute list ``{ #id }`` (with spaces: ``{#`` opens a Jinja comment on sites
  using macros); a heading whose id toc had made unique (``_1``) keeps it, written out;
* front matter is dropped (its ``title`` names the section when the plan gives none).

:func:`apply` then makes those changes on the folded text after its links were rewritten
(the headings, labels and ids are the same), and :func:`insert` puts it into the host.
``ids`` of a :class:`Spec` maps every id of the folded page (``""`` for the page itself) to
the id it has in the host, for links and redirect rules.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field

from . import anchors, scan

_FRONT = re.compile(r"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?\n", re.S | re.M)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$", re.M)


@dataclass
class Taken:
    """What the host page (with the folds made into it so far) already defines."""

    ids: set[str] = field(default_factory=set)
    sections: set[str] = field(default_factory=set)  # ids of the host's headings
    labels: set[str] = field(default_factory=set)  # normalised reference labels
    footnotes: set[str] = field(default_factory=set)
    abbrs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> "Taken":
        m = scan.masked(text)
        found = anchors.ids(text)
        return cls({a.id for a in found}, {a.id for a in found if a.kind == "heading"},
                   {anchors.norm_label(lbl) for lbl, _ in anchors.ref_defs(text, m)},
                   {lbl for lbl, _ in anchors.footnote_defs(text, m)},
                   {t: d for t, d, _ in anchors.abbr_defs(text, m)})


@dataclass
class Spec:
    src: str
    anchor: str  # the section's id in the host
    title: str
    new_section: bool  # a heading is added (else the text goes into an existing section)
    write_id: bool  # the new section heading needs an explicit id
    ids: dict[str, str] = field(default_factory=dict)  # id in the folded page -> id in the host
    ordinal: dict[int, str] = field(default_factory=dict)  # index in anchors.ids(body) -> id to write
    dropped: set[int] = field(default_factory=set)  # indexes of headings dropped (h1, own section heading)
    labels: dict[str, str] = field(default_factory=dict)  # normalised label -> new label
    footnotes: dict[str, str] = field(default_factory=dict)
    inline_abbrs: dict[str, str] = field(default_factory=dict)  # term -> definition written inline
    same_abbrs: set[str] = field(default_factory=set)  # terms the host defines the same way: definition dropped
    notes: list[str] = field(default_factory=list)


def stem_of(page: str) -> str:
    stem = posixpath.splitext(posixpath.basename(page))[0]
    if stem in ("index", "README"):
        stem = posixpath.basename(posixpath.dirname(page)) or stem
    return scan.slugify(stem) or "folded"


def _unique(base: str, used: set[str]) -> str:
    out, n = base, 1
    while out in used:
        n += 1
        out = f"{base}-{n}"
    return out


def split_front(page: str) -> tuple[str, str]:
    front = _FRONT.match(page)
    return (front.group(), page[front.end():]) if front else ("", page)


def prepare(page: str, page_name: str, anchor: str, title: str | None, taken: Taken, attr_list: bool) -> Spec:
    """How ``page`` must change to fold into the host described by ``taken`` (updated)."""
    stem = stem_of(page_name)
    notes: list[str] = []
    front, body = split_front(page)
    if front:
        keys = _KEY.findall(front)
        fm_title = next((v.strip().strip("\"'") for k, v in keys if k == "title"), None)
        title = title or fm_title
        notes.append(f"front matter of {page_name} dropped (keys: {', '.join(k for k, _ in keys) or 'none'})")
    found = anchors.ids(body)
    heads = [i for i, a in enumerate(found) if a.kind == "heading"]
    dropped: set[int] = set()
    spec_ids: dict[str, str] = {}
    if heads and found[heads[0]].heading.level == 1:
        h1 = found[heads[0]]
        title = title or h1.heading.title
        dropped.add(heads[0])
    if not title and heads:  # no h1 and no title: the first heading names the section
        title = found[heads[0]].heading.title
    if not title:
        title = stem.replace("-", " ").replace("_", " ").capitalize()
    new_section = True
    if anchor:
        new_section = anchor not in taken.sections
    else:
        anchor = anchors.slug(title) or stem
        if anchor in taken.ids:
            anchor = _unique(f"{anchor}-{stem}", taken.ids)
    write_id = new_section and anchors.slug(title) != anchor
    if write_id and not attr_list:
        raise ValueError(f"the section needs the id #{anchor}, which requires the attr_list Markdown extension")
    for i in dropped:
        spec_ids[found[i].id] = anchor
    own = next((i for i in heads if i not in dropped and found[i].id == anchor), None)
    if own is not None:
        dropped.add(own)
        spec_ids[anchor] = anchor
    spec_ids[""] = anchor
    used = taken.ids | {anchor} | {a.id for a in found}
    ordinal: dict[int, str] = {}
    for i, a in enumerate(found):
        if i in dropped:
            continue
        new = a.id
        if a.id in taken.ids or a.id == anchor:
            new = _unique(f"{a.id}-{stem}", used)
            used.add(new)
            notes.append(f"id #{a.id} of {page_name} is taken in the target: it becomes #{new}")
        if new != a.id or (a.kind == "heading" and a.heading.explicit is None and a.id != anchors.slug(a.heading.title)):
            if not attr_list and a.kind != "html":
                raise ValueError(f"id #{a.id} of {page_name} must become #{new} in the target, "
                                 "which requires the attr_list Markdown extension")
            ordinal[i] = new
        spec_ids.setdefault(a.id, new)
    spec = Spec(page_name, anchor, title, new_section, write_id, spec_ids, ordinal, dropped, notes=notes)
    _labels(body, stem, taken, spec)
    taken.ids |= {v for v in spec_ids.values()}
    if new_section:
        taken.sections.add(anchor)
    return spec


def _labels(body: str, stem: str, taken: Taken, spec: Spec) -> None:
    m = scan.masked(body)
    own = {anchors.norm_label(lbl) for lbl, _ in anchors.ref_defs(body, m)}
    for lbl, _ in anchors.ref_defs(body, m):
        key = anchors.norm_label(lbl)
        if key in taken.labels and key not in spec.labels:
            new = _unique(f"{lbl}-{stem}", taken.labels | own)
            spec.labels[key] = new
            own.add(anchors.norm_label(new))
    taken.labels |= {anchors.norm_label(spec.labels.get(k, k)) for k in own if k not in spec.labels}
    feet = {lbl for lbl, _ in anchors.footnote_defs(body, m)}
    for lbl in sorted(feet):
        if lbl in taken.footnotes:
            spec.footnotes[lbl] = _unique(f"{lbl}-{stem}", taken.footnotes | feet)
    taken.footnotes |= {spec.footnotes.get(f, f) for f in feet}
    for term, definition, _ in anchors.abbr_defs(body, m):
        if taken.abbrs.get(term) != definition:
            spec.inline_abbrs[term] = definition
        else:
            spec.same_abbrs.add(term)
    if spec.labels or spec.footnotes:
        spec.notes.append(f"{len(spec.labels)} reference label(s) and {len(spec.footnotes)} footnote(s) of {spec.src} "
                          f"renamed: they are defined in the target too")


def apply(spec: Spec, page: str, level: int) -> str:
    """The folded page's text (links already rewritten) as it goes into the host, its
    headings shifted so that its top level sits under a section of ``level``."""
    _, body = split_front(page)
    m = scan.masked(body)
    edits: list[tuple[int, int, str]] = []
    found = anchors.ids(body)
    for i, a in enumerate(found):
        if i in spec.dropped:
            h = a.heading
            end = h.end
            while body[end:end + 1] == "\n":
                end += 1
            edits.append((h.start, end, ""))
        elif i in spec.ordinal:
            edits.append(_id_edit(body, a, spec.ordinal[i]))
    for use in anchors.ref_uses(body, set(spec.labels), m):
        new = spec.labels[anchors.norm_label(use.label)]
        bang = "!" if body[use.start] == "!" else ""
        edits.append((use.start, use.end, f"{bang}[{use.text}][{new}]"))
    for lbl, span in anchors.ref_defs(body, m):
        if anchors.norm_label(lbl) in spec.labels:
            edits.append((span[0], span[1], spec.labels[anchors.norm_label(lbl)]))
    for lbl, span in anchors.footnote_uses(body, m) + anchors.footnote_defs(body, m):
        if lbl in spec.footnotes:
            edits.append((span[0], span[1], spec.footnotes[lbl]))
    if spec.inline_abbrs:
        edits += _abbr_edits(body, m, spec.inline_abbrs)
    edits += [(s, e, "") for t, _, (s, e) in anchors.abbr_defs(body, m) if t in spec.same_abbrs and t not in spec.inline_abbrs]
    body = _apply_edits(body, edits)
    return _shift(body, level).strip("\n")


def _id_edit(body: str, a: anchors.Anchor, new: str) -> tuple[int, int, str]:
    if a.span[1] > a.span[0]:
        return a.span[0], a.span[1], new
    h = a.heading
    if h.setext:
        line_end = body.index("\n", h.start)
        return line_end, line_end, " { #" + new + " }"
    return h.end, h.end, " { #" + new + " }"


def _abbr_edits(body: str, m: str, terms: dict[str, str]) -> list[tuple[int, int, str]]:
    edits = [(s, e + (1 if body[e - 1:e] != "\n" and body[e:e + 1] == "\n" else 0), "")
             for t, _, (s, e) in anchors.abbr_defs(body, m) if t in terms]
    skip = [(ln.start, ln.end) for ln in scan.find_links(body, masked_text=m)]
    skip += [hit.span() for hit in re.finditer(r"<[^<>\n]*>|\[[^\]\n]*\]|^[ \t]*\*\[[^\n]*$", m, re.M)]
    skip += [(h.start, h.end) for h in anchors.headings(body, m)]
    skip.sort()
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?!\w)")
    k = 0
    for hit in pattern.finditer(m):
        while k < len(skip) and skip[k][1] <= hit.start():
            k += 1
        if k < len(skip) and skip[k][0] <= hit.start() < skip[k][1]:
            continue
        term = hit.group(1)
        edits.append((hit.start(), hit.end(), f'<abbr title="{html.escape(terms[term], quote=True)}">{term}</abbr>'))
    return edits


def _apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for s, e, new in sorted(edits, key=lambda x: (x[0], x[1])):
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(new)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _shift(body: str, level: int) -> str:
    """Headings one level under ``level``'s section (setext headings become ATX ones)."""
    heads = anchors.headings(body)
    if not heads:
        return body
    top = min(h.level for h in heads)
    shift = level + 1 - top if level else 0
    shift = max(shift, 0)
    if shift == 0:
        return body
    out, pos = [], 0
    for h in heads:
        out.append(body[pos:h.start])
        new_level = min(6, h.level + shift)
        if h.setext:
            line = body[h.start:body.index("\n", h.start)].strip()
            out.append("#" * new_level + " " + line)
        else:
            line = body[h.start:h.end].lstrip()
            hashes = len(line) - len(line.lstrip("#"))
            out.append("#" * new_level + line[hashes:])
        pos = h.end
    out.append(body[pos:])
    return "".join(out)


def insert(target: str, body: str, spec: Spec) -> tuple[str, tuple[int, int], int]:
    """``target`` with ``body`` in section ``spec.anchor``; the span the body takes in it
    and the position of ``target`` after which the text changed."""
    heads = anchors.headings(target)
    found = {a.pos: a.id for a in anchors.ids(target) if a.kind == "heading"}
    section = None if spec.new_section else next((h for h in heads if found.get(h.start) == spec.anchor), None)
    if section is None:
        heading = "#" * 2 + " " + spec.title + (" { #" + spec.anchor + " }" if spec.write_id else "")
        text = target if target.endswith("\n") or not target else target + "\n"
        head = f"{text}\n{heading}\n\n"
        return f"{head}{body}\n", (len(head), len(head) + len(body)), len(target)
    insert_at = len(target)
    for h in heads:
        if h.start > section.start and h.level <= section.level:
            insert_at = h.start
            break
    head, tail = target[:insert_at], target[insert_at:]
    if head and not head.endswith("\n"):
        head += "\n"
    head = head.rstrip("\n") + "\n\n"
    start = len(head)
    head += body + "\n"
    if tail:
        head += "\n"
    return head + tail, (start, start + len(body)), insert_at


def section_level(target: str, spec: Spec) -> int:
    if spec.new_section:
        return 2
    found = {a.pos: a.id for a in anchors.ids(target) if a.kind == "heading"}
    for h in anchors.headings(target):
        if found.get(h.start) == spec.anchor:
            return h.level
    return 2
