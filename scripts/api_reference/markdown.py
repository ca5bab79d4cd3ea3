"""Names, anchors and Markdown escaping for the generated API reference.

Everything here turns one value into text; nothing reads the OpenAPI document. The
template environment registers most of these functions as filters.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any


# Reason phrases are spelled out here instead of taken from http.HTTPStatus, whose
# wording differs between Python versions (422 changed in 3.13).
REASONS = {
    "100": "Continue", "200": "OK", "201": "Created", "202": "Accepted",
    "203": "Non-Authoritative Information", "204": "No Content", "205": "Reset Content",
    "206": "Partial Content", "207": "Multi-Status", "301": "Moved Permanently",
    "302": "Found", "303": "See Other", "304": "Not Modified", "307": "Temporary Redirect",
    "308": "Permanent Redirect", "400": "Bad Request", "401": "Unauthorized",
    "402": "Payment Required", "403": "Forbidden", "404": "Not Found",
    "405": "Method Not Allowed", "406": "Not Acceptable", "408": "Request Timeout",
    "409": "Conflict", "410": "Gone", "411": "Length Required",
    "412": "Precondition Failed", "413": "Content Too Large", "414": "URI Too Long",
    "415": "Unsupported Media Type", "416": "Range Not Satisfiable",
    "417": "Expectation Failed", "422": "Unprocessable Entity", "423": "Locked",
    "424": "Failed Dependency", "425": "Too Early", "428": "Precondition Required",
    "429": "Too Many Requests", "431": "Request Header Fields Too Large",
    "451": "Unavailable For Legal Reasons", "500": "Internal Server Error",
    "501": "Not Implemented", "502": "Bad Gateway", "503": "Service Unavailable",
    "504": "Gateway Timeout", "1XX": "Informational", "2XX": "Success",
    "3XX": "Redirection", "4XX": "Client error", "5XX": "Server error",
    "DEFAULT": "Default",
}

# --------------------------------------------------------------------------- names


def kebab(name: Any) -> str:
    """``listContacts`` -> ``list-contacts``, ``ListItem`` -> ``list-item``,
    ``getAPIKey`` -> ``get-api-key``, ``Sales Pipeline`` -> ``sales-pipeline``."""
    s = str(name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1-\2", s)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", s)
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s or "unnamed"


def anchor_part(name: Any) -> str:
    """Make ``name`` usable inside an HTML id / attr_list ``{#...}``."""
    s = re.sub(r"[^A-Za-z0-9_-]+", "-", str(name)).strip("-")
    return s or "x"


class Ids:
    """Per-page registry that keeps every explicit heading id unique."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.used:
            n += 1
            candidate = f"{wanted}-{n}"
        self.used.add(candidate)
        return candidate


# --------------------------------------------------------------------------- escaping

_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_AUTOLINK_RE = re.compile(r"<(?:https?|ftp|mailto):[^\s<>]*>", re.I)
_EMOJI_RE = re.compile(r":(?=[A-Za-z0-9_+-]+:)")
_INLINE_ESCAPES = {c: "\\" + c for c in "\\`*_{}[]#|!"}
_INLINE_ESCAPES.update({"<": "&lt;", ">": "&gt;", "&": "&amp;"})
_ATX_HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# pymdownx.snippets runs before everything else and acts on these lines even inside
# code blocks; a leading ';' is its escape and is removed when the page is rendered.
_SNIPPET_LINE_RE = re.compile(
    r"^([ \t]*)(-+8<-+(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?[ \t]*)$"
)
_SNIPPET_SECTION_RE = re.compile(r"(?<!;)(-+8<-+[ \t]+\[[ \t]*(?:start|end)[ \t]*:)", re.I)


def esc_inline(text: Any) -> str:
    """Plain text -> Markdown that renders exactly that text on one line."""
    s = " ".join(str(text).split())
    s = "".join(_INLINE_ESCAPES.get(c, c) for c in s)
    return _EMOJI_RE.sub("&#58;", s)


def code(text: Any) -> str:
    """Inline code span for arbitrary text (also safe inside table cells)."""
    s = " ".join(str(text).split())
    if not s:
        return "` `"
    runs = [len(m) for m in re.findall(r"`+", s)]
    fence = "`" * (max(runs, default=0) + 1)
    if s.startswith("`") or s.endswith("`"):
        s = f" {s} "
    return f"{fence}{s}{fence}"


def _split_code_spans(text: str) -> list[tuple[bool, str]]:
    """Split Markdown text into (is_code_span, chunk) pieces."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _CODE_SPAN_RE.finditer(text):
        if m.start() > pos:
            out.append((False, text[pos:m.start()]))
        out.append((True, m.group(0)))
        pos = m.end()
    if pos < len(text):
        out.append((False, text[pos:]))
    return out


def _neutralise_html(text: str) -> str:
    """Escape raw HTML in Markdown prose, keeping autolinks."""
    pieces = []
    pos = 0
    for m in _AUTOLINK_RE.finditer(text):
        pieces.append(text[pos:m.start()].replace("<", "&lt;"))
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(text[pos:].replace("<", "&lt;"))
    return "".join(pieces)


def md_block(text: Any) -> str:
    """A CommonMark description from the spec -> Markdown safe to embed in a page.

    Markdown formatting is kept (OpenAPI descriptions are CommonMark); raw HTML outside
    code is escaped so it shows as text and cannot break the page layout.
    """
    if text is None:
        return ""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None

    def flush() -> None:
        if prose:
            # headings inside a description would break the page outline and its ids
            chunk = "\n".join(_ATX_HEADING_RE.sub(r"**\1**", line) for line in prose)
            out.append("".join(
                part if is_code else _neutralise_html(part)
                for is_code, part in _split_code_spans(chunk)
            ))
            prose.clear()

    for line in lines:
        m = _FENCE_RE.match(line)
        if fence is None and m:
            flush()
            fence = m.group(1)[0] * len(m.group(1))
            out.append(line)
        elif fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
        else:
            prose.append(line)
    flush()
    if fence is not None:  # unterminated fence in the spec: close it
        out.append(fence)
    return "\n".join(out).strip()


def md_inline(text: Any) -> str:
    """A Markdown description -> one line, for table cells and list items."""
    if text is None:
        return ""
    s = " ".join(str(text).split())
    s = "".join(
        part if is_code else _neutralise_html(part).replace("|", "\\|")
        for is_code, part in _split_code_spans(s)
    )
    # the result may start a line: keep it from turning into a heading, list or quote
    s = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", s)
    return re.sub(r"^([#>+*-])", r"\\\1", s)


def first_sentence(text: Any) -> str:
    """First sentence of the first paragraph of a Markdown description, on one line."""
    if not text:
        return ""
    para = re.split(r"\n\s*\n", str(text).strip(), maxsplit=1)[0]
    para = " ".join(para.split())
    acc = []
    for is_code, part in _split_code_spans(para):
        if not is_code:
            m = re.search(r"[.!?](?=\s)", part)
            if m:
                acc.append(part[:m.end()])
                break
        acc.append(part)
    return md_inline("".join(acc))


def escape_snippet_markers(markdown: str) -> str:
    """Keep pymdownx.snippets from acting on text that merely looks like a snippet."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        m = _SNIPPET_LINE_RE.match(line)
        if m:
            line = f"{m.group(1)};{m.group(2)}"
        lines[i] = _SNIPPET_SECTION_RE.sub(r";\1", line)
    return "\n".join(lines)


def _json_default(o: Any) -> Any:
    if isinstance(o, (_dt.date, _dt.datetime, _dt.time)):
        return o.isoformat()
    if isinstance(o, (bytes, bytearray)):
        return o.decode("utf-8", "replace")
    if isinstance(o, (set, frozenset)):
        return sorted(o, key=str)
    return str(o)


def to_json(value: Any, indent: int | None = 2) -> str:
    if indent is None:
        return json.dumps(value, ensure_ascii=False, default=_json_default,
                          separators=(", ", ": "))
    return json.dumps(value, ensure_ascii=False, default=_json_default, indent=indent)


def fenced(body: str, lang: str = "", indent: str = "") -> str:
    ticks = "`" * max(3, max((len(r) for r in re.findall(r"`{3,}", body)), default=0) + 1)
    lines = [f"{ticks}{lang}", *body.split("\n"), ticks]
    return "\n".join(indent + line if line else line for line in lines)


def shell_quote(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'"


# --------------------------------------------------------------------------- statuses


def status_label(status: Any) -> str:
    """``200`` -> ``200 OK``, ``4XX`` -> ``4XX Client error``, ``default`` -> ``Default``."""
    s = str(status)
    if s.lower() == "default":
        return "Default response"
    reason = REASONS.get(s.upper(), "")
    return f"{s} {reason}" if reason else s


def status_key(status: str) -> tuple:
    """Sort key: numeric codes and ranges in order (``4XX`` with ``400``), ``default`` last."""
    s = status.upper()
    return (s == "DEFAULT", s.replace("X", "0") if re.fullmatch(r"[1-5](?:XX|\d\d)", s) else "9" + s, s)

