"""An exact, fast reading of the links and ids of an HTML page, as an HTML5 browser parses it.

One regular expression tokenizes the page the way the HTML5 tokenizer does: a tag runs to the
first ``>`` outside a quoted attribute value (so ``title="a > b"`` does not end it), attribute
names are case-insensitive, values are double-quoted, single-quoted or bare, the first of two
same-named attributes wins, comments end at ``-->`` or ``--!>`` (``<!-->`` is an empty
comment), ``<!...>`` and ``<?...>`` are bogus comments, and a tag left open at the end of the
file is not a tag. The regex runs at C speed over the page; Python only visits tags.

The tree builder's few effects on what a page links to are kept: in HTML content, ``title`` and
``textarea`` hold text (RCDATA), ``style``, ``xmp``, ``iframe``, ``noembed``, ``noframes`` and
``noscript`` (scripting on, as in a browser) hold raw text, ``script`` holds script data (with
its ``<!--``/``<script>`` escapes), ``plaintext`` holds the rest of the file; ``template``
content is not part of the document; ``<image>`` is ``<img>``; inside ``<svg>`` and ``<math>``
none of those hold raw text, ``<![CDATA[`` opens a CDATA section, SVG ``a``/``image``/``use``
link with ``href`` or ``xlink:href``, HTML comes back inside ``foreignObject``/``desc``/``title``
(and MathML ``mi``/``mo``/``mn``/``ms``/``mtext``) and after a tag that breaks out of foreign
content (``<p>``, ``<div>``, ...). The first HTML ``<base href>`` is the page's base URL.

What is outside this: the tree builder's error recovery that drops or moves elements (table
parts outside a table, tags inside ``<select>``, a second ``<form>``, ``<head>`` inside
``<body>``), HTML elements left open inside SVG/MathML text (their end tags, and an ``<a>``
there while another ``<a>`` is open outside, which runs the adoption agency), and an
unmatched end tag inside SVG (taken as stray: the SVG stays open). The differential test
(``tests/links/test_scanner_oracle.py``) proves the rest against html5lib; template content is
left out of its pages because html5lib 1.1 moves an ``<a>`` out of a template when another
``<a>`` is open outside (browsers do not).
"""

from __future__ import annotations

import re
from html.entities import html5 as _ENTITIES

_SP = "\t\n\f\r "
# One attribute as the tokenizer reads it (atomic: the regex cannot re-read a value another way).
# Once an "=" follows the name, a value must follow (an unclosed quote runs to the end of the file).
_ATTR_RE = (r"(?>[\t\n\f\r /]*)(?>[^\t\n\f\r />][^\t\n\f\r />=]*)"
            r"""(?:(?=[\t\n\f\r ]*=)[\t\n\f\r ]*=[\t\n\f\r ]*(?>"[^"]*"|'[^']*'|[^\t\n\f\r >"'][^\t\n\f\r >]*|(?=>))"""
            r"|(?![\t\n\f\r ]*=))")
# The common tag first: every attribute separated by white space, named without quotes or "=",
# its value quoted or bare without quotes, "=" or "`". Where it matches, it reads the tag as the
# full grammar does, three times faster; the full grammar takes every other tag.
_FAST_RE = (r"""((?:[\t\n\f\r /]++[^\t\n\f\r />="']++(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+"""
            r"""(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >"'=`]++))?+)*+)""")
_TOKEN = re.compile(
    r"<(?:([a-zA-Z][^\t\n\f\r />]*+)" + _FAST_RE + r"([\t\n\f\r /]*+)>"  # 1-3 start tag (common form)
    r"|([a-zA-Z][^\t\n\f\r />]*+)((?:" + _ATTR_RE + r")*+)([\t\n\f\r /]*)>"  # 4-6 start tag
    r"|/([a-zA-Z][^\t\n\f\r />]*+)(?:" + _ATTR_RE + r")*+[\t\n\f\r /]*>"  # 7 end tag
    r"|(!--)(?:>|->|.*?(?:--!?>|\Z))"  # 8 comment
    r"|(!\[CDATA\[)"  # 9 CDATA section (in foreign content) or bogus comment
    r"|(/?[a-zA-Z])"  # 10 a tag still open at the end of the file
    r"|(?:[!?]|/(?!>))[^>]*(?:>|\Z)"  # doctype, bogus comment
    r")",
    re.S,
)


def _nocase(words) -> str:
    """An alternation of ``words`` that ignores ASCII case, spelled with character classes and
    grouped by first letter: Python's ``re`` runs ``(?i:...)`` several times slower, and this
    pattern is tried at every tag."""
    first: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        first.setdefault(word[0], []).append(word[1:])
    out = []
    for c, rests in first.items():
        spelled = ["".join(f"[{x}{x.upper()}]" if x.isalpha() else re.escape(x) for x in r) for r in rests]
        out.append(f"[{c}{c.upper()}]" + (spelled[0] if len(spelled) == 1 else "(?:" + "|".join(spelled) + ")"))
    return "|".join(out)


def _skipping(names: str) -> re.Pattern:
    """``_TOKEN`` preceded by what HTML content (outside SVG, MathML and templates) may skip at C
    speed: text, comments, bogus comments, end tags, and start tags of the common form that are
    not special and carry no attribute in ``names``. Always matches (at the end: empty)."""
    attr = (r"""(?:[\t\n\f\r /]++(?!(?:""" + _nocase(names.split("|")) + r""")[\t\n\f\r />=])[^\t\n\f\r />="']++"""
            r"""(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"[^"]*+"|'[^']*+'|[^\t\n\f\r >"'=`]++))?+)""")
    special = _nocase(_SPECIAL)
    boring = (r"[^<]++"
              r"|<(?!(?:" + special + r")[\t\n\f\r />])[a-zA-Z][^\t\n\f\r />]*+" + attr + r"*+[\t\n\f\r /]*+>"
              r"|</[a-zA-Z][^\t\n\f\r />]*+(?:" + _ATTR_RE + r")*+[\t\n\f\r /]*+>"
              r"|<(?![a-zA-Z/!?])|</>"
              r"|<!--(?:>|->|.*?(?:--!?>|\Z))"
              r"|(?:<!(?!--)|<\?|</(?![a-zA-Z>]))[^>]*+(?:>|\Z)")
    return re.compile(r"(?:" + boring + r")*+(?:" + _TOKEN.pattern + r"|\Z)", re.S)


_ATTR = re.compile(r"(?>[\t\n\f\r /]*)([^\t\n\f\r />][^\t\n\f\r />=]*)"
                   r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r >"'][^\t\n\f\r >]*)))?""")
_FAST_ATTR = re.compile(r"""([^\t\n\f\r />="']++)(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+"""
                        r"""(?:"([^"]*+)"|'([^']*+)'|([^\t\n\f\r >"'=`]++)))?+""")
_REF = re.compile(r"&(#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[a-zA-Z][a-zA-Z0-9]*;?)")

RCDATA_OR_RAW = frozenset(("title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "noscript"))
# Which attribute of which element is a link (HTML); and of SVG elements.
LINK_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"),
    "script": ("src",), "source": ("src", "srcset"), "iframe": ("src",), "video": ("src", "poster"),
    "audio": ("src",), "embed": ("src",), "track": ("src",),
}
SVG_LINKS = frozenset(("a", "image", "use"))
_BREAKOUT = frozenset((
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr",
    "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
    "ul", "var",
))
_HTML_POINTS = {"svg": frozenset(("foreignobject", "desc", "title")), "math": frozenset(("mi", "mo", "mn", "ms", "mtext"))}
_SPECIAL = frozenset(RCDATA_OR_RAW | {"script", "plaintext", "template", "svg", "math", "image"})
# <link rel=...> values that name no resource to fetch.
_NOT_RESOURCES = frozenset(("preconnect", "dns-prefetch"))
_HTML_LINKS = _skipping("id|name|href|src|srcset|poster|http-equiv")
_HTML_IDS = _skipping("id|name")
_END_CACHE: dict[str, re.Pattern] = {}
_SCRIPT_STATE = re.compile(r"<!--|-->|<(/?)script[\t\n\f\r />]", re.I)


def normalize(text: str) -> str:
    """The input stream a browser tokenizes: CR LF and CR become LF, NUL becomes U+FFFD."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    return text


def unescape_attr(value: str) -> str:
    """Character references in an attribute value, decoded as the tokenizer does (a legacy
    reference without ``;`` followed by ``=`` stays as written: ``?a=1&copy=2``)."""
    if "&" not in value:
        return value
    return _REF.sub(lambda m: _ref(m, value), value)


def _ref(m: re.Match, value: str) -> str:
    name = m.group(1)
    if name[0] == "#":
        import html

        return html.unescape(m.group(0))
    if name in _ENTITIES:
        if name[-1] != ";" and value[m.end():m.end() + 1] == "=":
            return m.group(0)
        return _ENTITIES[name]
    return m.group(0)  # only a prefix is a reference, and an alphanumeric follows: kept in attributes


def attributes(raw: str, grammar: re.Pattern = _ATTR) -> dict[str, str]:
    """Lower-cased name -> value (references decoded); the first of duplicate names wins."""
    out: dict[str, str] = {}
    for name, v1, v2, v3 in grammar.findall(raw):
        name = name.lower()
        if name not in out:
            value = v1 or v2 or v3
            out[name] = _REF.sub(lambda m: _ref(m, value), value) if "&" in value else value
    return out


def tag_at(text: str, pos: int) -> tuple[str, dict[str, str], int] | None:
    """The start tag at ``pos``: (lower-cased name, attributes, offset after its ``>``)."""
    m = _TOKEN.match(text, pos)
    if m is None or m.lastindex not in (3, 6):
        return None
    if m.lastindex == 3:
        return m.group(1).lower(), attributes(m.group(2), _FAST_ATTR), m.end()
    return m.group(4).lower(), attributes(m.group(5)), m.end()


def _raw_end(text: str, name: str, pos: int) -> int:
    """Where the text of a raw-text or RCDATA element ends: at ``</name`` plus a delimiter."""
    pat = _END_CACHE.get(name)
    if pat is None:
        pat = _END_CACHE[name] = re.compile("</" + name + r"[\t\n\f\r />]", re.I)
    m = pat.search(text, pos)
    return m.start() if m else len(text)


def _script_end(text: str, pos: int) -> int:
    """Where script data ends, following the tokenizer's escaped and double-escaped states."""
    state = 0  # 0 data, 1 escaped (after <!--), 2 double-escaped (after <!-- ... <script>)
    while True:
        m = _SCRIPT_STATE.search(text, pos)
        if m is None:
            return len(text)
        tok = m.group(0)
        if tok == "<!--":
            if state == 0:
                state = 1
            pos = m.start() + 2  # its dashes may end the escape at once: <!-->
            continue
        pos = m.end()
        if tok == "-->":
            state = 0
        elif m.group(1):  # </script
            if state == 2:
                state = 1
            elif state == 0 or state == 1:
                return m.start()
        elif state == 1:  # <script inside an escape
            state = 2


class Scan:
    """What a page offers and links to: ids, links (URL, element, attribute, offset of the tag),
    the first ``<base href>``, and its ``<meta>`` elements' (name or http-equiv, content)."""

    __slots__ = ("anchors", "links", "base", "metas")

    def __init__(self):
        self.anchors: set[str] = set()
        self.links: list[tuple[str, str, str, int]] = []
        self.base: str | None = None
        self.metas: list[tuple[str, str]] = []


def scan(text: str, links: bool = True) -> Scan:
    """Read ``text`` (already :func:`normalize` d) for its ids and, when ``links``, its links."""
    out = Scan()
    stack: list[tuple[str, str]] = []  # open SVG/MathML elements (name, "svg"|"math")
    templates: list[int] = []  # open <template> elements (the SVG/MathML depth at each): not in the document
    wanted = _wanted if links else _wanted_ids
    skipping = _HTML_LINKS if links else _HTML_IDS
    memo_fast = _MEMO.setdefault((links, _FAST_ATTR), {})
    pos = 0
    n = len(text)
    while pos < n:
        restart = n
        html_only = not stack and not templates
        for m in (skipping if html_only else _TOKEN).finditer(text, pos):
            kind = m.lastindex
            if kind == 3 or kind == 6:  # start tag
                if kind == 3:
                    name, attrs, tail = m.group(1, 2, 3)
                    grammar = _FAST_ATTR
                else:
                    name, attrs, tail = m.group(4, 5, 6)
                    grammar = _ATTR
                at = m.start(kind - 2) - 1
                lname = name.lower()
                if stack and _foreign_start(out, stack, lname, attrs, tail, grammar, at, templates, links):
                    continue  # an SVG or MathML element
                if lname in _SPECIAL:
                    if lname == "template":
                        templates.append(len(stack))
                        restart = m.end()
                        break  # on with the full grammar
                    if lname == "svg" or lname == "math":
                        if attrs and not templates and wanted(attrs):
                            _record(out, attributes(attrs, grammar), lname, lname, at, links)
                        if not tail.endswith("/"):
                            stack.append((lname, lname))
                            restart = m.end()
                            break
                        continue
                    if lname == "image":
                        lname = "img"
                    if attrs and not templates and wanted(attrs):
                        _record_html(out, lname, attrs, grammar, at, links)
                    if lname in RCDATA_OR_RAW:
                        restart = _raw_end(text, lname, m.end())
                        break
                    if lname == "script":
                        restart = _script_end(text, m.end())
                        break
                    if lname == "plaintext":
                        return out
                elif attrs and not templates:
                    hit = memo_fast.get((lname, attrs)) if kind == 3 else None
                    if hit is not None:  # the common case, inline: a tag read before (never meta or base)
                        if hit[0]:
                            out.anchors.update(hit[0])
                        for url, attr in hit[1]:
                            out.links.append((url, lname, attr, at))
                    elif wanted(attrs):
                        _record_html(out, lname, attrs, grammar, at, links)
            elif kind == 7:  # end tag
                if stack or templates:
                    lname = m.group(7).lower()
                    if lname == "template" and templates and "template" not in {e[0] for e in stack[templates[-1]:]}:
                        del stack[templates.pop():]  # an HTML template closes, with what it holds
                    elif stack:
                        _foreign_end(stack, lname)
                    if not stack and not templates:
                        restart = m.end()
                        break  # back to HTML content
            elif kind == 9:  # <![CDATA[
                end = text.find("]]>" if stack else ">", m.end())
                restart = n if end < 0 else end + (3 if stack else 1)
                break
            elif kind == 10:  # a tag that never closes: the rest of the file is inside it
                return out
            elif html_only and kind is None and m.end() == n:
                return out
        pos = restart
    return out


def _wanted(attrs: str) -> bool:
    """Whether a tag's attributes may hold a link, an id, a base URL or a meta refresh (a cheap
    test that most tags, with only class, style or aria attributes, fail)."""
    low = attrs.lower()
    return ("href" in low or "src" in low or "id" in low or "name" in low or "equiv" in low
            or "poster" in low)


def _wanted_ids(attrs: str) -> bool:
    low = attrs.lower()
    return "id" in low or "name" in low


def _foreign_start(out: Scan, stack: list, lname: str, attrs: str, tail: str, grammar: re.Pattern, at: int,
                   templates: list, links: bool) -> bool:
    """A start tag inside SVG or MathML: True when it is a foreign element (recorded here), False
    when it is HTML (the top of the stack is an HTML integration point, or the tag breaks out)."""
    top, ns = stack[-1]
    if top in _HTML_POINTS[ns] and not (ns == "math" and lname in ("mglyph", "malignmark")):
        return False
    if lname in _BREAKOUT or (lname == "font" and {"color", "face", "size"} & attributes(attrs, grammar).keys()):
        while stack and stack[-1][0] not in _HTML_POINTS[stack[-1][1]]:
            stack.pop()
        return False
    if not tail.endswith("/"):  # in the namespace of its parent, even <math> inside <svg>
        stack.append((lname, ns))
    if attrs and not templates and ("id" in attrs.lower() or "href" in attrs.lower()):
        _record(out, attributes(attrs, grammar), lname, ns, at, links)
    return True


def _foreign_end(stack: list, lname: str) -> None:
    """An end tag while SVG or MathML is open closes the nearest open element of that name; any
    other goes to the HTML element around (where a stray end tag is ignored)."""
    for i in range(len(stack) - 1, -1, -1):
        if stack[i][0] == lname:
            del stack[i:]
            return


# What an HTML element's attributes yield (ids; links as (URL, attribute)), by (links wanted,
# grammar, name, attribute text): a site repeats most tags (its chrome on every page), and the
# same text always reads the same. Bounded: emptied when full.
_MEMO: dict[tuple, dict[tuple[str, str], tuple[tuple[str, ...], tuple[tuple[str, str], ...]]]] = {}
_MEMO_MAX = 50_000


def _record_html(out: Scan, tag: str, raw: str, grammar: re.Pattern, at: int, links: bool) -> None:
    """:func:`_record` for an HTML element, from its attribute text, through the memo."""
    if tag == "meta" or tag == "base":  # they depend on what came before (the first base wins)
        _record(out, attributes(raw, grammar), tag, "", at, links)
        return
    memo = _MEMO.setdefault((links, grammar), {})
    key = (tag, raw)
    hit = memo.get(key)
    if hit is None:
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        hit = memo[key] = _read_html(attributes(raw, grammar), tag, links)
    ids, found = hit
    if ids:
        out.anchors.update(ids)
    for url, attr in found:
        out.links.append((url, tag, attr, at))


def _read_html(attrs: dict[str, str], tag: str, links: bool) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The ids and the links (URL, attribute) of an HTML element other than meta and base."""
    ids = tuple(v for v in (attrs.get("id"), attrs.get("name") if tag == "a" else None) if v)
    if not links or (tag == "link" and _NOT_RESOURCES.intersection(attrs.get("rel", "").lower().split())):
        return ids, ()
    found = []
    for attr in LINK_ATTRS.get(tag, ()):
        value = attrs.get(attr)
        if value is None:
            continue
        if attr == "srcset":
            for part in value.split(","):
                part = part.strip(_SP)
                if part:
                    found.append((part.split()[0], attr))
        else:
            found.append((value.strip(_SP), attr))
    return ids, tuple(found)


def _record(out: Scan, attrs: dict[str, str], tag: str, ns: str, at: int, links: bool) -> None:
    """Keep the ids, links, base and meta of one element."""
    if ns:
        value = attrs.get("id")
        if value:
            out.anchors.add(value)
        if links and ns == "svg" and tag in SVG_LINKS:
            attr = "href" if "href" in attrs else "xlink:href"
            if attr in attrs:
                out.links.append((attrs[attr].strip(_SP), tag, attr, at))
        return
    if tag == "meta" or tag == "base":
        value = attrs.get("id")
        if value:
            out.anchors.add(value)
        if tag == "meta":
            key = attrs.get("name") or attrs.get("http-equiv")
            if key is not None:
                out.metas.append((key.lower(), attrs.get("content", "")))
        elif out.base is None and "href" in attrs:
            out.base = attrs["href"].strip(_SP)
        return
    ids, found = _read_html(attrs, tag, links)
    out.anchors.update(ids)
    for url, attr in found:
        out.links.append((url, tag, attr, at))
