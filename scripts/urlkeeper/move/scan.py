"""Find every link destination in a Markdown file, as spans of the original text.

Nothing here parses Markdown fully; it finds what MkDocs (Python-Markdown and
pymdownx.snippets) treats as a link, and leaves alone what it does not: front matter,
fenced and indented code blocks, inline code and HTML comments are masked before any link
is looked for, so their bytes are never touched.

Link kinds: ``inline`` (``[t](dest)``), ``image`` (``![a](dest)``), ``ref`` (``[id]: dest``),
``auto`` (``<https://...>``), ``html`` (``href=``/``src=`` of a raw HTML tag) and ``snippet``
(``--8<-- "file"`` and the block form). A :class:`Link` span covers the destination only
(without angle brackets or quotes), so a rewrite replaces exactly those characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MASK = "\x00"


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    kind: str  # inline, image, ref, auto, html, snippet
    dest: str


_FENCE = re.compile(r"^([ \t>]*)(`{3,}|~{3,})(.*)$")
# Lines that open a block whose content is indented by four spaces without being code: list
# items, admonitions and collapsible blocks (!!!, ???, ???+), content tabs (===), definition
# list descriptions (:   text) and footnote definitions ([^1]: text).
_LIST = re.compile(r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+\S|(?:!!!|\?\?\?\+?|===)[ \t]|:[ \t]{1,3}\S|\[\^[^\]]+\]:)")
_INDENTED = re.compile(r"^(?: {4}|\t)", re.M)
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$")
_ATX_LINE = re.compile(r"^#{1,6}(?:[ \t]|$)")


def _indent(line: str) -> int:
    n = 0
    for ch in line:
        if ch == " ":
            n += 1
        elif ch == "\t":
            n += 4 - n % 4
        else:
            break
    return n


def block_spans(text: str) -> list[tuple[int, int]]:
    """Spans of front matter, fenced code and indented code (whole lines)."""
    spans: list[tuple[int, int]] = []
    if not text.startswith("---") and "```" not in text and "~~~" not in text and not _INDENTED.search(text):
        return spans
    lines = text.splitlines(keepends=True)
    pos = 0
    i = 0
    if lines and lines[0].rstrip("\r\n") == "---":
        for j in range(1, len(lines)):
            if _FRONT_END.match(lines[j].rstrip("\n")):
                end = sum(len(x) for x in lines[: j + 1])
                spans.append((0, end))
                pos = end
                i = j + 1
                break
    fence: tuple[str, int] | None = None
    prev_blank = True
    in_code = False
    in_list = False
    for line in lines[i:]:
        start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if fence is not None:
            spans.append((start, pos))
            m = _FENCE.match(body)
            if m and m[2][0] == fence[0] and len(m[2]) >= fence[1] and not m[3].strip():
                fence = None
            continue
        blank = not body.strip()
        m = _FENCE.match(body)
        if m and not (m[2][0] == "`" and "`" in m[3]) and not (in_code and _indent(body) >= 4):
            fence = (m[2][0], len(m[2]))
            spans.append((start, pos))
            in_code = False
            prev_blank = False
            continue
        if blank:
            prev_blank = True
            continue
        if _indent(body) >= 4 and (prev_blank or in_code) and not in_list:
            spans.append((start, pos))
            in_code = True
            prev_blank = False
            continue
        in_code = False
        if body.startswith("#") and _ATX_LINE.match(body):  # a heading ends its block: code may follow
            in_list = False
            prev_blank = True
            continue
        if _LIST.match(body):
            in_list = True
        elif _indent(body) == 0 and prev_blank:
            in_list = False
        prev_blank = False
    return spans


_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_TICKS_OR_COMMENT = re.compile(r"(?<!\\)`+|<!--")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans never touched: front matter, code blocks, inline code spans, HTML comments."""
    blocks = block_spans(text)
    spans = list(blocks)
    if "`" not in text and "<!--" not in text:
        return spans
    edges = [0]
    for a, b in blocks:
        edges += [a, b]
    edges.append(len(text))
    for k in range(0, len(edges), 2):
        a, b = edges[k], edges[k + 1]
        pos = a
        while pos < b:
            m = _TICKS_OR_COMMENT.search(text, pos, b)
            if not m:
                break
            if m.group() == "<!--":
                end = text.find("-->", m.end(), b)
                end = b if end < 0 else end + 3
                spans.append((m.start(), end))
                pos = end
                continue
            n = len(m.group())
            limit = _BLANK_LINE.search(text, m.end(), b)
            stop = limit.start() if limit else b
            c = _closer(n).search(text, m.end(), stop)
            if c is None:
                pos = m.end()
                continue
            spans.append((m.start(), c.end()))
            pos = c.end()
    spans.sort()
    return spans


_CLOSERS: dict[int, re.Pattern] = {}


def _closer(n: int) -> re.Pattern:
    if n not in _CLOSERS:
        _CLOSERS[n] = re.compile(r"(?<!`)`{%d}(?!`)" % n)
    return _CLOSERS[n]


_NOT_NEWLINE = re.compile(r"[^\n]")


def masked(text: str) -> str:
    """The text with every protected character (code, front matter, comments) replaced by
    NUL, newlines kept: same length, so spans found in it are spans of the original."""
    spans = protected_spans(text)
    if not spans:
        return text
    out = []
    pos = 0
    for a, b in spans:
        if a < pos:
            a = pos
        if b <= a:
            continue
        out.append(text[pos:a])
        out.append(_NOT_NEWLINE.sub(MASK, text[a:b]))
        pos = b
    out.append(text[pos:])
    return "".join(out)


_CLOSE_OPEN = re.compile(r"\]\(")
_PARA_BREAK = re.compile(r"\n[ \t]*\n")
# the destination of an inline link, then an optional title and the closing parenthesis
_DEST = re.compile(r"""[ \t]*(?:\n[ \t]*)?(?:<([^>\n\x00]*)>|((?:[^\s()\\\x00]|\\.|\((?:[^\s()\\\x00]|\\.)*\))+))"""
                   r"""(?:[ \t\n]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t\n]*\)""")
_REF_DEF = re.compile(r"^(?:[ \t]*>)*[ \t]*\[(?!\^)((?:[^\]\\\n\x00]|\\.)+)\]:[ \t]*(?:\r?\n[ \t]*)?(<[^>\n]*>|[^\s\x00]+)", re.M)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s\x00]+)>")
_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*\b[^<>\x00]*>")
_ATTR = re.compile(r"""\s(href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_SNIPPET_LINE = re.compile(r"""^[ \t>]*-{1,}8<-{1,}[ \t]+(["'])([^"'\n]+)\1""", re.M)
_SNIPPET_BLOCK = re.compile(r"^[ \t>]*-{1,}8<-{1,}[ \t]*\r?$", re.M)


def find_links(text: str, *, masked_text: str | None = None) -> list[Link]:
    """Every link destination in ``text``, sorted by position, never overlapping."""
    m = masked_text if masked_text is not None else masked(text)
    found: list[Link] = []
    if "](" in m:
        for hit in _CLOSE_OPEN.finditer(m):
            close = hit.start()
            if close > 0 and m[close - 1] == "\\":
                continue
            opening = m.rfind("[", max(0, close - 2000), close)
            if opening < 0 or _PARA_BREAK.search(m, opening, close):
                continue
            d = _DEST.match(m, hit.end())
            if d is None:
                continue
            ds, de = d.span(1) if d.group(1) is not None else d.span(2)
            if de == ds:
                continue
            kind = "image" if opening > 0 and m[opening - 1] == "!" else "inline"
            found.append(Link(ds, de, kind, text[ds:de]))
    if "]:" in m:
        for hit in _REF_DEF.finditer(m):
            ds, de = hit.span(2)
            if m[ds] == "<":
                ds, de = ds + 1, de - 1
            found.append(Link(ds, de, "ref", text[ds:de]))
    if "<" in m:
        for hit in _AUTOLINK.finditer(m):
            ds, de = hit.span(1)
            found.append(Link(ds, de, "auto", text[ds:de]))
        for tag in _TAG.finditer(m):
            for attr in _ATTR.finditer(m, tag.start(), tag.end()):
                g = 2 if attr.group(2) is not None else 3 if attr.group(3) is not None else 4
                ds, de = attr.span(g)
                if de > ds:
                    found.append(Link(ds, de, "html", text[ds:de]))
    if "8<" in text:
        found.extend(snippet_links(text))
    found.sort(key=lambda link: link.start)
    out: list[Link] = []
    last = -1
    for link in found:
        if link.start >= last:
            out.append(link)
            last = link.end
    return out


def snippet_links(text: str) -> list[Link]:
    """pymdownx.snippets includes: the single-line form and the block form.

    Snippets are expanded before any other Markdown processing, code blocks included, so
    they are found everywhere. A ``;``-prefixed path (disabled include) and URLs are skipped.
    """
    out: list[Link] = []
    for hit in _SNIPPET_LINE.finditer(text):
        ds, de = hit.span(2)
        link = _snippet_path(text, ds, de)
        if link:
            out.append(link)
    marks = list(_SNIPPET_BLOCK.finditer(text))
    for a, b in zip(marks[0::2], marks[1::2]):
        pos = a.end()
        while pos < b.start():
            nl = text.find("\n", pos, b.start())
            line_end = nl if nl >= 0 else b.start()
            raw = text[pos:line_end]
            stripped = raw.strip().rstrip("\r")
            if stripped:
                ds = pos + raw.index(stripped)
                link = _snippet_path(text, ds, ds + len(stripped))
                if link:
                    out.append(link)
            pos = line_end + 1
    return out


_SNIPPET_SUFFIX = re.compile(r"(:-?\d*(?::-?\d*)?(?:,-?\d*(?::-?\d*)?)*|:[\w-]+)$")


def _snippet_path(text: str, ds: int, de: int) -> Link | None:
    path = text[ds:de]
    if path.startswith(";") or "://" in path:
        return None
    suffix = _SNIPPET_SUFFIX.search(path)
    if suffix and "." in path[: suffix.start()].rsplit("/", 1)[-1]:
        de -= len(suffix.group())
        path = text[ds:de]
    return Link(ds, de, "snippet", path)


def heading_lines(text: str, masked_text: str | None = None):
    """ATX headings outside code: (line start, line end, level, title text, explicit id or None)."""
    m = masked_text if masked_text is not None else masked(text)
    for hit in _HEADING.finditer(m):
        line = text[hit.start():hit.end()]
        h = _HEADING.match(line)
        if h is None:
            continue
        title = h.group(2).rstrip().rstrip("#").rstrip()
        ident = None
        attr = _ATTR_LIST.search(title)
        if attr:
            ids = re.findall(r"#([\w:.-]+)", attr.group(1))
            ident = ids[0] if ids else None
            title = title[: attr.start()].rstrip()
        yield hit.start(), hit.end(), len(h.group(1)), title, ident


_HEADING = re.compile(r"^(#{1,6})[ \t]+([^\n\x00]*)$", re.M)
_ATTR_LIST = re.compile(r"\{:?\s*([^}]*)\}\s*$")
_HTML_ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
_ATTR_ID = re.compile(r"\{:?[^}\n]*?#([\w:.-]+)[^}\n]*\}")


_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_IMAGE = re.compile(r"!\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])?")
_LINK_TEXT = re.compile(r"\[([^\]]*)\](?:\((?:[^()]|\([^)]*\))*\)|\[[^\]]*\])?")
_HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>", re.S)
# *em*, **strong**, ~~del~~, ==mark==, ^^ins^^ anywhere; _em_ and __strong__ not inside words
_EMPHASIS = re.compile(r"(\*\*|\*|~~|==|\^\^)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")


def heading_text(title: str) -> str:
    """The text Python-Markdown's toc reads from a heading written as ``title``: the content
    of code spans, the text of links, no images, HTML tags, comments or emphasis marks."""
    codes: list[str] = []

    def keep(m: re.Match) -> str:
        codes.append(m.group(2).strip() or m.group(2))
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE_SPAN.sub(keep, title)
    text = _LINK_TEXT.sub(r"\1", _IMAGE.sub("", text))
    text = _HTML_TAG.sub("", text)
    previous = None
    while previous != text:  # nested emphasis: ***a*** -> *a* -> a
        previous, text = text, _EMPHASIS.sub(lambda m: m.group(2) if m.group(1) else m.group(4), text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], text)
    return html.unescape(text)


def slugify(value: str, separator: str = "-") -> str:
    """Python-Markdown's default toc slug of a heading written as ``value``."""
    import unicodedata

    value = heading_text(value)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[%s\s]+" % separator, separator, value)


def anchors(text: str) -> set[str]:
    """The ids a page offers: headings (explicit or slugified), attr lists and HTML ids."""
    m = masked(text)
    out: set[str] = set()
    for _, _, _, title, ident in heading_lines(text, m):
        out.add(ident or slugify(title))
    out.update(_ATTR_ID.findall(m))
    out.update(_HTML_ID.findall(m))
    return out
