"""Generate the API reference pages from the OpenAPI document.

Run by the mkdocs-gen-files plugin during ``mkdocs build``/``mkdocs serve``: it reads
``<docs_dir>/en/api/openapi.yaml`` and writes virtual Markdown pages under
``en/api/reference/``. The rendering itself lives in :func:`render_reference`, a pure
function (spec dict in, ``{path relative to docs_dir: Markdown}`` out) that needs neither
MkDocs nor the file system, so tests and benchmarks can import and call it directly.

Pages
    ``en/api/reference/index.md``                      overview and tables of everything
    ``en/api/reference/tags/<tag-kebab>.md``            one page per tag
    ``en/api/reference/operations/<operationId-kebab>.md``
    ``en/api/reference/schemas/<SchemaName-kebab>.md``

Anchors (explicit attr_list ids, stable across builds)
    ``param-<name>``         a parameter; header names are lower-cased because HTTP header
                             names are case-insensitive (``If-Match`` -> ``param-if-match``),
                             other names keep their case (``param-contactId``). When two
                             parameters share a name (``id`` in path and in query), both
                             become ``param-<in>-<name>``.
    ``request-body``         the request body section
    ``response-<code>``      one per response code, lower-cased (``response-200``,
                             ``response-4xx``, ``response-default``)
    ``prop-<name>``          a schema property; nested inline object properties are
                             ``prop-<parent>-<child>`` (also through arrays of objects)

In every id, characters other than ASCII letters, digits, ``_`` and ``-`` become ``-``;
a clash on one page gets a numeric suffix (``-2``, ``-3``) in document order.

Output is deterministic: spec order is kept where the spec gives one (tags, paths,
methods, parameters, properties), everything else is sorted, and nothing depends on the
clock, the environment or hash seeds.

Run ``python scripts/gen_api_reference.py OUT_DIR [SPEC]`` to write the pages to a
directory without MkDocs (handy for reviewing the output).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import sys
from typing import Any, Iterable
from urllib.parse import unquote

SPEC_PATH = "en/api/openapi.yaml"
REFERENCE_DIR = "en/api/reference"

HTTP_METHODS = ("get", "put", "post", "patch", "delete", "options", "head", "trace")

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

PARAM_LOCATIONS = ("path", "query", "header", "cookie")


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


class _Ids:
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


# --------------------------------------------------------------------------- the model


class _Op:
    __slots__ = ("method", "path", "item", "op", "op_id", "slug", "tags", "params")

    def __init__(self, method, path, item, op, op_id, slug, tags, params):
        self.method, self.path, self.item, self.op = method, path, item, op
        self.op_id, self.slug, self.tags, self.params = op_id, slug, tags, params

    @property
    def title(self) -> str:
        return str(self.op.get("summary") or self.op_id)


class _Renderer:
    def __init__(self, spec: dict):
        if not isinstance(spec, dict):
            raise TypeError("the OpenAPI document must be a mapping")
        self.spec = spec
        self.components = spec.get("components") or {}
        self.schemas: dict[str, Any] = {
            str(k): v for k, v in (self.components.get("schemas") or {}).items()
        }
        self.schema_slugs: dict[str, str] = {}
        seen: dict[str, str] = {}
        for name in sorted(self.schemas):
            slug = kebab(name)
            if slug in seen:
                raise ValueError(f"schemas {seen[slug]!r} and {name!r} both map to {slug}.md")
            seen[slug] = name
            self.schema_slugs[name] = slug
        self.ops = self._collect_operations()
        self.tags = self._collect_tags()

    # ----- references

    def resolve(self, obj: Any, _depth: int = 0) -> Any:
        """Follow a chain of local ``$ref``s and return the target object."""
        while isinstance(obj, dict) and "$ref" in obj:
            _depth += 1
            if _depth > 50:
                raise ValueError(f"$ref loop at {obj['$ref']!r}")
            obj = self._lookup(obj["$ref"])
        return obj

    def _lookup(self, ref: Any) -> Any:
        ref = str(ref)
        if not ref.startswith("#"):
            raise ValueError(f"only local $refs are supported, got {ref!r}")
        node: Any = self.spec
        for raw in ref[1:].split("/")[1:] if ref != "#" else []:
            key = unquote(raw).replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and key.isdigit():
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, dict) and key.isdigit() and int(key) in node:
                node = node[int(key)]
            else:
                raise ValueError(f"unresolvable $ref {ref!r}")
        return node

    def schema_ref_name(self, schema: Any) -> str | None:
        """Name of the component schema ``schema`` points at, if it is such a $ref."""
        if isinstance(schema, dict) and "$ref" in schema:
            ref = str(schema["$ref"])
            prefix = "#/components/schemas/"
            if ref.startswith(prefix):
                name = unquote(ref[len(prefix):]).replace("~1", "/").replace("~0", "~")
                if name in self.schemas:
                    return name
        return None

    def single_ref(self, schema: Any) -> str | None:
        """``{$ref}`` or ``{allOf: [{$ref}], ...siblings}`` -> the referenced name."""
        name = self.schema_ref_name(schema)
        if name:
            return name
        if isinstance(schema, dict) and isinstance(schema.get("allOf"), list) \
                and len(schema["allOf"]) == 1 and "properties" not in schema:
            return self.schema_ref_name(schema["allOf"][0])
        return None

    def direct_refs(self, schema: Any) -> list[str]:
        """Component schemas referenced anywhere inside ``schema`` (not following them)."""
        found: dict[str, None] = {}

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                name = self.schema_ref_name(node)
                if name:
                    found[name] = None
                    return
                if "$ref" in node:
                    walk(self.resolve(node))
                    return
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(schema)
        return sorted(found)

    def closure(self, names: Iterable[str]) -> list[str]:
        todo, done = list(names), set()
        while todo:
            name = todo.pop()
            if name in done:
                continue
            done.add(name)
            todo.extend(self.direct_refs(self.schemas[name]))
        return sorted(done)

    # ----- collection

    def _collect_operations(self) -> list[_Op]:
        ops: list[_Op] = []
        used_ids: dict[str, str] = {}
        for path, raw_item in (self.spec.get("paths") or {}).items():
            item = self.resolve(raw_item) or {}
            shared = [self.resolve(p) for p in item.get("parameters") or []]
            for method in [m for m in item if str(m).lower() in HTTP_METHODS]:
                op = item[method] or {}
                op_id = str(op.get("operationId") or self._synth_id(method, path))
                slug = kebab(op_id)
                if slug in used_ids:
                    raise ValueError(
                        f"operations {used_ids[slug]!r} and {op_id!r} both map to {slug}.md")
                used_ids[slug] = op_id
                params: dict[tuple[str, str], dict] = {}
                for p in shared + [self.resolve(p) for p in op.get("parameters") or []]:
                    if isinstance(p, dict) and "name" in p:
                        params[(str(p.get("in", "query")), str(p["name"]))] = p
                ordered = sorted(
                    params.values(),
                    key=lambda p: PARAM_LOCATIONS.index(p.get("in"))
                    if p.get("in") in PARAM_LOCATIONS else len(PARAM_LOCATIONS),
                )  # stable: keeps spec order within a location
                tags = [str(t) for t in op.get("tags") or []] or ["Other"]
                ops.append(_Op(str(method).lower(), str(path), item, op, op_id, slug,
                               tags, ordered))
        return ops

    @staticmethod
    def _synth_id(method: str, path: str) -> str:
        words = [w for w in re.split(r"[^A-Za-z0-9]+", path) if w]
        return str(method).lower() + "".join(w[:1].upper() + w[1:] for w in words)

    def _collect_tags(self) -> list[dict]:
        declared = [t for t in self.spec.get("tags") or [] if isinstance(t, dict) and "name" in t]
        used = {t for op in self.ops for t in op.tags}
        tags = [dict(t, name=str(t["name"])) for t in declared if str(t["name"]) in used]
        known = {t["name"] for t in tags}
        tags += [{"name": n} for n in sorted(used - known)]
        slugs: dict[str, str] = {}
        for t in tags:
            t["slug"] = kebab(t["name"])
            if t["slug"] in slugs:
                raise ValueError(f"tags {slugs[t['slug']]!r} and {t['name']!r} both map to "
                                 f"{t['slug']}.md")
            slugs[t["slug"]] = t["name"]
        return tags

    def tag_slug(self, name: str) -> str:
        return next(t["slug"] for t in self.tags if t["name"] == name)

    # ----- shared rendering helpers

    def schema_link(self, name: str, base: str) -> str:
        return f"[{esc_inline(name)}]({base}{self.schema_slugs[name]}.md)"

    def type_md(self, schema: Any, base: str, _depth: int = 0) -> str:
        """Short Markdown description of a schema's type, linking component schemas."""
        if _depth > 8:
            return "…"
        if not isinstance(schema, dict):
            return "any"
        name = self.single_ref(schema)
        if name:
            return self.schema_link(name, base)
        if "$ref" in schema:
            return self.type_md(self.resolve(schema), base, _depth + 1)
        typ = schema.get("type")
        if typ is None:
            combos = []
            for key, word in (("allOf", "all of"), ("oneOf", "one of"), ("anyOf", "any of")):
                if isinstance(schema.get(key), list) and schema[key]:
                    parts = [self.type_md(s, base, _depth + 1) for s in schema[key]]
                    combos.append(f"{word} " + ", ".join(parts))
            if combos:
                return "; ".join(combos)
        if isinstance(typ, list):
            typ = " or ".join(str(t) for t in typ)
        if typ == "array" or (typ is None and "items" in schema):
            return "array of " + self.type_md(schema.get("items"), base, _depth + 1)
        if typ == "object" or (typ is None and ("properties" in schema
                                                or "additionalProperties" in schema)):
            extra = schema.get("additionalProperties")
            if not schema.get("properties") and isinstance(extra, dict) and extra:
                return "map of string to " + self.type_md(extra, base, _depth + 1)
            return "object"
        if typ is None:
            return "any"
        fmt = schema.get("format")
        return f"{esc_inline(typ)} ({esc_inline(fmt)})" if fmt else esc_inline(typ)

    def facts(self, schema: dict, required: bool | None) -> list[str]:
        """Bullet lines describing the constraints of a (resolved) schema."""
        schema = self.resolve(schema) if isinstance(schema, dict) else {}
        if not isinstance(schema, dict):
            schema = {}
        lines = []
        if required is not None:
            lines.append(f"**Required:** {'yes' if required else 'no'}")
        if schema.get("nullable"):
            lines.append("**Nullable:** yes")
        if schema.get("readOnly"):
            lines.append("**Read-only:** yes (returned by the API, ignored in requests)")
        if schema.get("writeOnly"):
            lines.append("**Write-only:** yes (accepted in requests, never returned)")
        if schema.get("deprecated"):
            lines.append("**Deprecated:** yes")
        if isinstance(schema.get("enum"), list):
            values = ", ".join(code(to_json(v, None)) for v in schema["enum"])
            lines.append(f"**Allowed values:** {values}")
        if "default" in schema:
            lines.append(f"**Default:** {code(to_json(schema['default'], None))}")
        limits = []
        for key, label in (("minimum", "minimum"), ("maximum", "maximum"),
                           ("multipleOf", "multiple of"),
                           ("minLength", "min length"), ("maxLength", "max length"),
                           ("minItems", "min items"), ("maxItems", "max items"),
                           ("minProperties", "min properties"),
                           ("maxProperties", "max properties")):
            if key in schema and not isinstance(schema[key], bool):
                exclusive = key in ("minimum", "maximum") and \
                    schema.get("exclusive" + key[0].upper() + key[1:]) is True
                limits.append(f"{label} {code(to_json(schema[key], None))}"
                              + (" (exclusive)" if exclusive else ""))
        if schema.get("uniqueItems"):
            limits.append("unique items")
        if "pattern" in schema:
            limits.append(f"pattern {code(schema['pattern'])}")
        if limits:
            lines.append("**Constraints:** " + ", ".join(limits))
        if "example" in schema:
            lines.append(f"**Example:** {code(to_json(schema['example'], None))}")
        return lines

    def sample(self, schema: Any, request: bool, _stack: tuple = ()) -> Any:
        """Build an example value for ``schema`` from its examples and defaults."""
        if len(_stack) > 8 or not isinstance(schema, dict):
            return None
        name = self.schema_ref_name(schema)
        if name:
            if name in _stack:
                return {}
            return self.sample(self.schemas[name], request, _stack + (name,))
        if "$ref" in schema:
            return self.sample(self.resolve(schema), request, _stack + ("$",))
        if "example" in schema:
            return schema["example"]
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return schema["examples"][0]
        if isinstance(schema.get("allOf"), list):
            merged: dict = {}
            for part in schema["allOf"]:
                value = self.sample(part, request, _stack)
                if isinstance(value, dict):
                    merged.update(value)
            own = {k: v for k, v in schema.items() if k != "allOf"}
            if own.get("properties"):
                value = self.sample(own, request, _stack)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self.sample(schema[key][0], request, _stack)
        if "default" in schema:
            return schema["default"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        typ = schema.get("type")
        if typ == "array" or "items" in schema:
            item = self.sample(schema.get("items"), request, _stack)
            return [] if item is None else [item]
        if typ == "object" or "properties" in schema or typ is None and \
                "additionalProperties" in schema:
            out = {}
            for prop, sub in (schema.get("properties") or {}).items():
                res = self.resolve(sub) if isinstance(sub, dict) else {}
                if isinstance(res, dict) and ((request and res.get("readOnly"))
                                              or (not request and res.get("writeOnly"))):
                    continue
                value = self.sample(sub, request, _stack)
                if value is not None:
                    out[str(prop)] = value
            return out
        fmt = schema.get("format")
        if typ == "string":
            return {
                "date-time": "2025-01-31T12:00:00Z", "date": "2025-01-31",
                "time": "12:00:00", "email": "user@example.com", "uri": "https://example.com/",
                "url": "https://example.com/", "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                "binary": "<binary>", "byte": "U3dhZ2dlciByb2Nrcw==",
            }.get(str(fmt), "string")
        if typ == "integer":
            return schema.get("minimum", 0)
        if typ == "number":
            return schema.get("minimum", 0.0)
        if typ == "boolean":
            return True
        return None

    def media_example(self, media: dict, request: bool) -> Any:
        if not isinstance(media, dict):
            return None
        if "example" in media:
            return media["example"]
        examples = media.get("examples")
        if isinstance(examples, dict) and examples:
            first = self.resolve(next(iter(examples.values())))
            if isinstance(first, dict) and "value" in first:
                return first["value"]
        return self.sample(media.get("schema"), request)

    @staticmethod
    def is_json(media_type: str) -> bool:
        mt = media_type.split(";")[0].strip().lower()
        return mt == "application/json" or mt.endswith("+json")

    @staticmethod
    def is_binary(schema: Any) -> bool:
        return isinstance(schema, dict) and schema.get("type") == "string" and \
            schema.get("format") in ("binary", "byte")

    def inline_fields_table(self, schema: dict, base: str) -> list[str]:
        """Table of the properties of an inline (non-component) object schema."""
        props = schema.get("properties") or {}
        if not props:
            return []
        required = set(str(r) for r in schema.get("required") or [])
        rows = ["| Field | Type | Required | Description |", "| --- | --- | --- | --- |"]
        for prop, sub in props.items():
            res = self.resolve(sub) if isinstance(sub, dict) else {}
            rows.append(f"| {code(prop)} | {self.type_md(sub, base)} | "
                        f"{'yes' if str(prop) in required else 'no'} | "
                        f"{first_sentence(res.get('description') if isinstance(res, dict) else '')} |")
        return rows

    def security_lines(self, op: _Op, index_link: str) -> list[str]:
        reqs = op.op.get("security", self.spec.get("security"))
        if reqs is None:
            return ["No security requirement is declared for this operation."]
        if not reqs:
            return ["This operation does not require authentication."]
        schemes = self.components.get("securitySchemes") or {}
        lines = []
        for req in reqs:
            if not req:
                lines.append("- Anonymous access is allowed.")
                continue
            parts = []
            for name, scopes in req.items():
                scheme = self.resolve(schemes.get(name) or {})
                kind = self.scheme_kind(scheme)
                scope_md = ", ".join(code(s) for s in scopes or [])
                parts.append(f"{esc_inline(name)} ({kind})"
                             + (f" with the scopes {scope_md}" if scope_md else ""))
            lines.append("- " + "; and ".join(parts))
        intro = (f"Send an access token in the `Authorization: Bearer` header "
                 f"([authentication]({index_link}#authentication)). "
                 + ("Any one of these requirements is enough:" if len(lines) > 1
                    else "Requirement:"))
        return [intro, "", *lines]

    @staticmethod
    def scheme_kind(scheme: Any) -> str:
        if not isinstance(scheme, dict):
            return "unknown scheme"
        typ = scheme.get("type")
        if typ == "oauth2":
            return "OAuth 2.0"
        if typ == "http":
            return f"HTTP {esc_inline(scheme.get('scheme', ''))}".strip()
        if typ == "apiKey":
            return f"API key in {esc_inline(scheme.get('in', ''))}"
        if typ == "openIdConnect":
            return "OpenID Connect"
        return esc_inline(typ or "unknown scheme")

    def base_url(self) -> str:
        servers = self.spec.get("servers") or []
        if servers and isinstance(servers[0], dict) and servers[0].get("url"):
            url = str(servers[0]["url"])
            for var, spec in (servers[0].get("variables") or {}).items():
                url = url.replace("{" + str(var) + "}", str((spec or {}).get("default", "")))
            return url.rstrip("/")
        return ""

    # ----- pages

    def render(self) -> dict[str, str]:
        pages: dict[str, str] = {f"{REFERENCE_DIR}/index.md": self.index_page()}
        for tag in self.tags:
            pages[f"{REFERENCE_DIR}/tags/{tag['slug']}.md"] = self.tag_page(tag)
        self.schema_users: dict[str, list[_Op]] = {n: [] for n in self.schemas}
        self.op_schemas: dict[str, list[str]] = {}
        self.schema_error_users: dict[str, int] = {n: 0 for n in self.schemas}
        for op in self.ops:
            direct = self.op_direct_schemas(op)
            main = self.op_direct_schemas(op, errors=False)
            for name in direct:
                if name in main:
                    self.schema_users[name].append(op)
                else:
                    self.schema_error_users[name] += 1
            self.op_schemas[op.op_id] = self.closure(direct)
        for op in self.ops:
            pages[f"{REFERENCE_DIR}/operations/{op.slug}.md"] = self.operation_page(op)
        self.referenced_by: dict[str, list[str]] = {n: [] for n in self.schemas}
        for name in sorted(self.schemas):
            for target in self.direct_refs(self.schemas[name]):
                if target != name:
                    self.referenced_by[target].append(name)
        for name in sorted(self.schemas):
            pages[f"{REFERENCE_DIR}/schemas/{self.schema_slugs[name]}.md"] = \
                self.schema_page(name)
        return {path: escape_snippet_markers(text).rstrip("\n") + "\n"
                for path, text in sorted(pages.items())}

    def op_direct_schemas(self, op: _Op, errors: bool = True) -> list[str]:
        """Schemas named directly by ``op``; ``errors=False`` skips non-2xx responses."""
        nodes: list[Any] = [p.get("schema") for p in op.params]
        nodes += [p.get("content") for p in op.params]
        body = self.resolve(op.op.get("requestBody"))
        if isinstance(body, dict):
            nodes.append(body.get("content"))
        for status, resp in (op.op.get("responses") or {}).items():
            if not errors and not str(status).startswith("2"):
                continue
            resp = self.resolve(resp)
            if isinstance(resp, dict):
                nodes.append(resp.get("content"))
                nodes.append(resp.get("headers"))
        return self.direct_refs(nodes)

    # index

    def index_page(self) -> str:
        info = self.spec.get("info") or {}
        title = str(info.get("title") or "API reference")
        out = [f"# {esc_inline(title)} reference {{#api-reference}}", ""]
        meta = []
        if info.get("version") is not None:
            meta.append(f"API version {code(info['version'])}")
        meta.append(f"OpenAPI {code(self.spec.get('openapi', '3'))}")
        meta.append("[download the OpenAPI document](../openapi.yaml)")
        out += [" · ".join(meta), ""]
        if info.get("description"):
            out += [md_block(info["description"]), ""]
        counts = (f"The reference has {len(self.ops)} operations in {len(self.tags)} groups "
                  f"and {len(self.schemas)} schemas. It is generated from the OpenAPI document "
                  f"on every build, so it always matches the published "
                  f"[openapi.yaml](../openapi.yaml); import that file into your HTTP client "
                  f"or code generator.")
        out += [counts, ""]

        out += ["## Base URL {#base-url}", ""]
        servers = [s for s in self.spec.get("servers") or [] if isinstance(s, dict)]
        if servers:
            out += ["| Environment | Base URL |", "| --- | --- |"]
            for s in servers:
                out.append(f"| {md_inline(s.get('description') or '')} | {code(s.get('url', ''))} |")
            out += ["", "Every path in this reference is relative to the base URL, for example "
                    f"{code(self.base_url() + (self.ops[0].path if self.ops else '/'))}.", ""]
        else:
            out += ["The document does not declare a server.", ""]

        out += self.index_auth()
        out += self.index_pagination()
        out += self.index_errors()
        out += self.index_rate_limits()

        out += ["## Groups {#tags}", "", "| Group | Description | Operations |",
                "| --- | --- | --- |"]
        for tag in self.tags:
            n = sum(1 for op in self.ops if tag["name"] in op.tags)
            out.append(f"| [{esc_inline(tag['name'])}](tags/{tag['slug']}.md) | "
                       f"{first_sentence(tag.get('description'))} | {n} |")
        out += ["", "## Operations {#operations}", ""]
        for tag in self.tags:
            out += [f"### {esc_inline(tag['name'])} {{#operations-{tag['slug']}}}", "",
                    "| Operation | Method and path | Operation ID |", "| --- | --- | --- |"]
            for op in self.ops:
                if tag["name"] in op.tags:
                    out.append(f"| [{esc_inline(op.title)}](operations/{op.slug}.md) | "
                               f"{code(op.method.upper() + ' ' + op.path)} | {code(op.op_id)} |")
            out.append("")
        out += ["## Schemas {#schemas}", "", "| Schema | Description |", "| --- | --- |"]
        for name in sorted(self.schemas):
            schema = self.resolve(self.schemas[name])
            desc = schema.get("description") if isinstance(schema, dict) else ""
            out.append(f"| {self.schema_link(name, 'schemas/')} | {first_sentence(desc)} |")
        return "\n".join(out)

    def index_auth(self) -> list[str]:
        out = ["## Authentication {#authentication}", ""]
        schemes = self.components.get("securitySchemes") or {}
        if not schemes:
            return out + ["The document declares no security schemes.", ""]
        for name, raw in schemes.items():
            scheme = self.resolve(raw) or {}
            out += [f"### {esc_inline(name)} {{#auth-{anchor_part(kebab(name))}}}", "",
                    f"Type: {self.scheme_kind(scheme)}.", ""]
            if scheme.get("description"):
                out += [md_block(scheme["description"]), ""]
            flows = scheme.get("flows") or {}
            if flows:
                out += ["| Flow | Authorization URL | Token URL | Refresh URL |",
                        "| --- | --- | --- | --- |"]
                labels = {"authorizationCode": "Authorization code",
                          "clientCredentials": "Client credentials",
                          "implicit": "Implicit", "password": "Resource owner password"}
                for flow, conf in flows.items():
                    conf = conf or {}
                    cells = [code(conf[k]) if conf.get(k) else "–"
                             for k in ("authorizationUrl", "tokenUrl", "refreshUrl")]
                    out.append(f"| {esc_inline(labels.get(flow, flow))} | " + " | ".join(cells) + " |")
                out.append("")
                scopes: dict[str, str] = {}
                for conf in flows.values():
                    for scope, desc in ((conf or {}).get("scopes") or {}).items():
                        scopes.setdefault(str(scope), str(desc or ""))
                if scopes:
                    usage = {s: 0 for s in scopes}
                    for op in self.ops:
                        for req in op.op.get("security", self.spec.get("security")) or []:
                            for scope in (req or {}).get(name) or []:
                                if scope in usage:
                                    usage[scope] += 1
                    out += ["| Scope | Grants | Operations |", "| --- | --- | --- |"]
                    for scope in sorted(scopes):
                        out.append(f"| {code(scope)} | {md_inline(scopes[scope])} | {usage[scope]} |")
                    out.append("")
            if scheme.get("type") == "openIdConnect" and scheme.get("openIdConnectUrl"):
                out += [f"Discovery document: {code(scheme['openIdConnectUrl'])}", ""]
            if scheme.get("type") == "apiKey":
                out += [f"Send the key in the {esc_inline(scheme.get('in', ''))} "
                        f"{code(scheme.get('name', ''))}.", ""]
        out += ["Each operation page lists the scopes it requires under *Authorization*.", ""]
        return out

    def _shared_query_params(self) -> list[tuple[dict, int]]:
        counts: dict[str, list] = {}
        for op in self.ops:
            for p in op.params:
                if p.get("in") == "query":
                    counts.setdefault(str(p["name"]), [p, 0])[1] += 1
        return [(p, n) for name, (p, n) in sorted(counts.items()) if n > 1]

    def index_pagination(self) -> list[str]:
        out = ["## Pagination, filtering and sorting {#pagination}", ""]
        shared = self._shared_query_params()
        names = {str(p["name"]) for p, _ in shared}
        if "cursor" in names or "limit" in names:
            out += ["List operations return one page of results at a time, together with a "
                    "pagination object. To read everything, repeat the request with the "
                    "cursor from the previous response until the response says there are "
                    "no more pages. Do not build or change cursors yourself; they are opaque "
                    "and expire.", ""]
        if "Pagination" in self.schemas:
            out += [f"The pagination object is described in "
                    f"{self.schema_link('Pagination', 'schemas/')}.", ""]
        if shared:
            out += ["These query parameters are shared by many list operations:", "",
                    "| Parameter | Description | Used by |", "| --- | --- | --- |"]
            for p, n in shared:
                example = next(op for op in self.ops if any(q is p for q in op.params))
                pid = self.param_ids(example)[id(p)]
                out.append(f"| [{esc_inline(p['name'])}](operations/{example.slug}.md#{pid}) | "
                           f"{first_sentence(p.get('description'))} | {n} operations |")
            out.append("")
        else:
            out += ["No query parameters are shared between operations.", ""]
        return out

    def index_errors(self) -> list[str]:
        out = ["## Errors {#errors}", ""]
        if "Error" in self.schemas:
            out += [f"Every error response has a JSON body described by "
                    f"{self.schema_link('Error', 'schemas/')}: a stable machine-readable "
                    f"`code`, a human-readable `message`, and a `requestId` to quote when "
                    f"asking for support.", ""]
        codes: dict[str, dict] = {}
        for op in self.ops:
            for status, resp in (op.op.get("responses") or {}).items():
                status = str(status).upper()
                entry = codes.setdefault(status, {"n": 0, "desc": None})
                entry["n"] += 1
                if entry["desc"] is None and isinstance(resp, dict) and "$ref" in resp:
                    entry["desc"] = (self.resolve(resp) or {}).get("description")
        for status, entry in codes.items():
            if entry["desc"] is None:
                first = next(op.op["responses"][k] for op in self.ops
                             for k in (op.op.get("responses") or {}) if str(k).upper() == status)
                entry["desc"] = (self.resolve(first) or {}).get("description")
        out += ["| Status | Meaning in this API | Operations |", "| --- | --- | --- |"]
        for status in sorted(codes, key=_status_key):
            if status[:1] in "123":
                continue  # success and redirect codes are described per operation
            entry = codes[status]
            out.append(f"| {esc_inline(status_label(status))} | "
                       f"{first_sentence(entry['desc'])} | {entry['n']} |")
        out.append("")
        return out

    def index_rate_limits(self) -> list[str]:
        out = ["## Rate limits {#rate-limits}", ""]
        headers: dict[str, Any] = {}
        limited = 0
        for op in self.ops:
            for status, resp in (op.op.get("responses") or {}).items():
                if str(status) == "429":
                    limited += 1
                    for hname, h in ((self.resolve(resp) or {}).get("headers") or {}).items():
                        headers.setdefault(str(hname), self.resolve(h))
        if not limited:
            return out + ["The document does not describe rate limiting.", ""]
        out += [f"{limited} of {len(self.ops)} operations can answer `429 Too Many Requests` "
                f"when an app sends requests faster than its limit allows. Wait at least as "
                f"long as the `Retry-After` header says before retrying, and spread work "
                f"evenly instead of sending bursts.", ""]
        if headers:
            out += ["| Header | Description |", "| --- | --- |"]
            for hname in sorted(headers, key=str.lower):
                h = headers[hname] or {}
                out.append(f"| {code(hname)} | {md_inline(h.get('description', ''))} |")
            out.append("")
        return out

    # tags

    def tag_page(self, tag: dict) -> str:
        out = [f"# {esc_inline(tag['name'])} {{#tag-{tag['slug']}}}", ""]
        if tag.get("description"):
            out += [md_block(tag["description"]), ""]
        docs = tag.get("externalDocs")
        if isinstance(docs, dict) and docs.get("url"):
            out += [f"More: <{docs['url']}>" if not docs.get("description") else
                    f"{md_inline(docs['description'])}: <{docs['url']}>", ""]
        ops = [op for op in self.ops if tag["name"] in op.tags]
        out += ["## Operations {#operations}", "",
                "| Operation | Method and path | Description |", "| --- | --- | --- |"]
        for op in ops:
            out.append(f"| [{esc_inline(op.title)}](../operations/{op.slug}.md) | "
                       f"{code(op.method.upper() + ' ' + op.path)} | "
                       f"{first_sentence(op.op.get('description'))} |")
        out.append("")
        names = sorted({n for op in ops for n in self.direct_refs_for_tag(op)})
        if names:
            out += ["## Schemas {#schemas}", "",
                    "Request and response bodies of these operations:", ""]
            out += [f"- {self.schema_link(n, '../schemas/')}" for n in names]
            out.append("")
        out += ["[Back to the API reference](../index.md)"]
        return "\n".join(out)

    def direct_refs_for_tag(self, op: _Op) -> list[str]:
        nodes = []
        body = self.resolve(op.op.get("requestBody"))
        if isinstance(body, dict):
            nodes.append(body.get("content"))
        for status, resp in (op.op.get("responses") or {}).items():
            if str(status).startswith("2"):
                resp = self.resolve(resp)
                if isinstance(resp, dict):
                    nodes.append(resp.get("content"))
        return self.direct_refs(nodes)

    # operations

    def param_ids(self, op: _Op) -> dict[int, str]:
        """``id(param) -> anchor`` for the parameters of ``op`` (deterministic)."""
        names: dict[str, int] = {}
        for p in op.params:
            key = self._param_key(p)
            names[key] = names.get(key, 0) + 1
        ids = _Ids()
        for fixed in ("parameters", "request-body", "responses", "authorization",
                      "example-request", "schemas-used"):
            ids.take(fixed)
        out = {}
        for p in op.params:
            key = self._param_key(p)
            if names[key] > 1:
                wanted = f"param-{anchor_part(p.get('in', 'query'))}-{key}"
            else:
                wanted = f"param-{key}"
            out[id(p)] = ids.take(wanted)
        return out

    @staticmethod
    def _param_key(p: dict) -> str:
        name = str(p.get("name", ""))
        if p.get("in") == "header":
            name = name.lower()
        return anchor_part(name)

    def operation_page(self, op: _Op) -> str:
        base = "../schemas/"
        o = op.op
        out = [f"# {esc_inline(op.title)} {{#{anchor_part(op.slug)}}}", "",
               f"{code(op.method.upper() + ' ' + op.path)}", ""]
        tag_links = ", ".join(f"[{esc_inline(t)}](../tags/{self.tag_slug(t)}.md)" for t in op.tags)
        out += [f"Operation ID: {code(op.op_id)} · Group: {tag_links}", ""]
        if o.get("deprecated"):
            out += ['!!! warning "Deprecated"', "",
                    "    This operation is deprecated and may be removed in a future version.", ""]
        if o.get("description"):
            out += [md_block(o["description"]), ""]
        elif o.get("summary"):
            out += [esc_inline(o["summary"]) + ".", ""]

        out += ["## Authorization {#authorization}", ""]
        out += self.security_lines(op, "../index.md") + [""]

        # parameters
        pids = self.param_ids(op)
        out += ["## Parameters {#parameters}", ""]
        if not op.params:
            out += ["This operation takes no parameters.", ""]
        else:
            out += ["| Name | In | Type | Required | Description |",
                    "| --- | --- | --- | --- | --- |"]
            for p in op.params:
                out.append(f"| [{esc_inline(p['name'])}](#{pids[id(p)]}) | {esc_inline(p.get('in', ''))} | "
                           f"{self.param_type(p, base)} | {'yes' if p.get('required') else 'no'} | "
                           f"{first_sentence(p.get('description'))} |")
            out.append("")
            for p in op.params:
                out += [f"### {esc_inline(p['name'])} {{#{pids[id(p)]}}}", ""]
                if p.get("description"):
                    out += [md_block(p["description"]), ""]
                schema = p.get("schema")
                facts = [f"**In:** {esc_inline(p.get('in', ''))}",
                         f"**Type:** {self.param_type(p, base)}"]
                facts += self.facts(schema if isinstance(schema, dict) else {},
                                    bool(p.get("required")))
                if p.get("deprecated"):
                    facts.append("**Deprecated:** yes")
                # parameters are sent as text: show string examples without JSON quotes
                example = p["example"] if "example" in p else \
                    (schema.get("example") if isinstance(schema, dict) else None)
                if "example" in p or isinstance(example, str):
                    facts = [f for f in facts if not f.startswith("**Example:**")]
                    shown = example if isinstance(example, str) else to_json(example, None)
                    facts.append(f"**Example:** {code(shown)}")
                if p.get("style") or "explode" in p:
                    facts.append(f"**Serialization:** style {code(p.get('style', 'default'))}"
                                 + (f", explode {code(to_json(p['explode'], None))}"
                                    if "explode" in p else ""))
                out += [f"- {f}" for f in facts] + [""]

        # request body
        out += ["## Request body {#request-body}", ""]
        body = self.resolve(o.get("requestBody"))
        if not isinstance(body, dict) or not body.get("content"):
            out += ["This operation has no request body.", ""]
        else:
            out += [("Required." if body.get("required") else "Optional."), ""]
            if body.get("description"):
                out += [md_block(body["description"]), ""]
            out += self.content_block(body["content"], base, request=True, collapsed=False)

        # responses
        responses = o.get("responses") or {}
        out += ["## Responses {#responses}", ""]
        ordered = sorted(responses.items(), key=lambda kv: _status_key(str(kv[0]).upper()))
        if ordered:
            out += ["| Status | Description |", "| --- | --- |"]
            for status, resp in ordered:
                res = self.resolve(resp) or {}
                sid = f"response-{anchor_part(str(status).lower())}"
                out.append(f"| [{esc_inline(status_label(status))}]"
                           f"(#{sid}) | {first_sentence(res.get('description'))} |")
            out.append("")
        for status, resp in ordered:
            res = self.resolve(resp) or {}
            status_s = str(status)
            sid = f"response-{anchor_part(status_s.lower())}"
            out += [f"### {esc_inline(status_label(status_s))} {{#{sid}}}", ""]
            if res.get("description"):
                out += [md_block(res["description"]), ""]
            headers = res.get("headers") or {}
            if headers:
                out += ["| Header | Type | Description |", "| --- | --- | --- |"]
                for hname, h in headers.items():
                    h = self.resolve(h) or {}
                    out.append(f"| {code(hname)} | {self.type_md(h.get('schema'), base)} | "
                               f"{md_inline(h.get('description', ''))} |")
                out.append("")
            content = res.get("content") or {}
            if content:
                out += self.content_block(content, base, request=False,
                                          collapsed=not status_s.startswith("2"))
            elif not headers:
                out += ["No response body.", ""]

        # curl
        out += ["## Example request {#example-request}", "", fenced(self.curl(op), "bash"), ""]

        # schemas
        used = self.op_schemas.get(op.op_id, [])
        out += ["## Schemas used {#schemas-used}", ""]
        if used:
            out += [f"- {self.schema_link(n, base)}" for n in used]
        else:
            out += ["This operation uses no named schemas."]
        out += ["", f"[Back to {esc_inline(op.tags[0])}](../tags/{self.tag_slug(op.tags[0])}.md)"
                f" · [API reference](../index.md)"]
        return "\n".join(out)

    def param_type(self, p: dict, base: str) -> str:
        if isinstance(p.get("schema"), dict):
            return self.type_md(p["schema"], base)
        content = p.get("content") or {}
        if content:
            mt, media = next(iter(content.items()))
            return f"{self.type_md((media or {}).get('schema'), base)} as {code(mt)}"
        return "any"

    def content_block(self, content: dict, base: str, request: bool, collapsed: bool) -> list[str]:
        out = []
        for media_type, media in content.items():
            media = media or {}
            schema = media.get("schema")
            label = "Body"
            if self.is_binary(schema):
                out += [f"{label} ({code(media_type)}): binary file content.", ""]
                continue
            out += [f"{label} ({code(media_type)}): {self.type_md(schema, base)}", ""]
            resolved = self.resolve(schema) if isinstance(schema, dict) else None
            if isinstance(resolved, dict) and not self.single_ref(schema) \
                    and resolved.get("properties"):
                out += self.inline_fields_table(resolved, base) + [""]
            example = self.media_example(media, request)
            if example is not None and (self.is_json(media_type) or
                                        isinstance(example, (dict, list))):
                text = to_json(example)
                lang = "json"
            elif example is not None:
                text, lang = str(example), "text"
            else:
                continue
            title = "Example request body" if request else "Example response"
            marker = "???" if collapsed else "???+"
            out += [f'{marker} example "{title}"', "", fenced(text, lang, "    "), ""]
        return out

    def curl(self, op: _Op) -> str:
        url = self.base_url() + op.path
        query = []
        headers = []
        for p in op.params:
            value = self.param_example(p)
            loc = p.get("in")
            if loc == "path":
                url = url.replace("{" + str(p["name"]) + "}", str(value))
            elif loc == "query" and (p.get("required") or p.get("name") == "limit"):
                query.append(f"{p['name']}={value}")
            elif loc == "header" and (p.get("required") or str(p["name"]).lower() == "if-match"):
                headers.append(f"{p['name']}: {value}")
        if query:
            url += "?" + "&".join(query)
        lines = [f"curl --request {op.method.upper()}", f"  --url {shell_quote(url)}"]
        reqs = op.op.get("security", self.spec.get("security"))
        if reqs:
            lines.append('  --header "Authorization: Bearer $ACCESS_TOKEN"')
        for h in headers:
            lines.append(f"  --header {shell_quote(h)}")
        body = self.resolve(op.op.get("requestBody"))
        content = (body or {}).get("content") if isinstance(body, dict) else None
        if content:
            media_type, media = next(iter(content.items()))
            media = media or {}
            lines.append(f"  --header {shell_quote('Content-Type: ' + str(media_type))}")
            if self.is_binary(media.get("schema")):
                ext = {"application/pdf": "pdf"}.get(str(media_type), "bin")
                lines.append(f"  --data-binary @file.{ext}")
            else:
                example = self.media_example(media, request=True)
                if example is not None:
                    text = to_json(example) if self.is_json(str(media_type)) or \
                        isinstance(example, (dict, list)) else str(example)
                    lines.append(f"  --data {shell_quote(text)}")
        accept = self.accept_type(op)
        if accept:
            lines.insert(2, f"  --header {shell_quote('Accept: ' + accept)}")
        return " \\\n".join(lines)

    def accept_type(self, op: _Op) -> str | None:
        for status, resp in sorted((op.op.get("responses") or {}).items(),
                                   key=lambda kv: _status_key(str(kv[0]).upper())):
            if str(status).startswith("2"):
                content = (self.resolve(resp) or {}).get("content") or {}
                if content:
                    return str(next(iter(content)))
        return None

    def param_example(self, p: dict) -> Any:
        if "example" in p:
            value = p["example"]
        else:
            examples = p.get("examples")
            value = None
            if isinstance(examples, dict) and examples:
                value = (self.resolve(next(iter(examples.values()))) or {}).get("value")
            if value is None:
                value = self.sample(p.get("schema"), request=True)
        if value is None:
            return "{" + str(p.get("name")) + "}"
        return value if isinstance(value, str) else to_json(value, None)

    # schemas

    def schema_page(self, name: str) -> str:
        base = ""
        raw = self.schemas[name]
        schema = self.resolve(raw) if isinstance(raw, dict) else {}
        schema = schema if isinstance(schema, dict) else {}
        slug = self.schema_slugs[name]
        ids = _Ids()
        for fixed in ("properties", "composition", "example", "referenced-schemas",
                      "referenced-by", "used-by", slug):
            ids.take(fixed)
        out = [f"# {esc_inline(name)} {{#{slug}}}", ""]
        if schema.get("deprecated"):
            out += ['!!! warning "Deprecated"', "", "    This schema is deprecated.", ""]
        if schema.get("description"):
            out += [md_block(schema["description"]), ""]
        ref_name = self.schema_ref_name(raw)
        if ref_name:
            out += [f"Alias of {self.schema_link(ref_name, base)}.", ""]
        out += [f"- **Type:** {self.type_md(raw, base)}"]
        out += [f"- {f}" for f in self.facts(schema, None) if not f.startswith("**Example:**")]
        out.append("")

        # composition
        comp = []
        for key, word in (("allOf", "all of"), ("oneOf", "exactly one of"), ("anyOf", "any of")):
            parts = schema.get(key)
            if isinstance(parts, list) and parts:
                comp.append(f"A value must match {word}:")
                comp.append("")
                comp += [f"- {self.type_md(p, base)}" for p in parts]
                comp.append("")
        disc = schema.get("discriminator")
        if isinstance(disc, dict) and disc.get("propertyName"):
            comp += [f"The property {code(disc['propertyName'])} tells the variants apart.", ""]
        if comp:
            out += ["## Composition {#composition}", ""] + comp

        props, required = self.merged_properties(schema)
        extra = schema.get("additionalProperties")
        if props or extra not in (None, False):
            out += ["## Properties {#properties}", ""]
        if props:
            out += ["| Property | Type | Required | Description |", "| --- | --- | --- | --- |"]
            rows, sections = [], []
            self.property_sections(props, required, [], 3, ids, base, rows, sections)
            out += rows + [""] + sections
        if isinstance(extra, dict):
            out += [f"Additional properties are allowed, each of type "
                    f"{self.type_md(extra, base) if extra else 'any'}.", ""]
        elif extra is True:
            out += ["Additional properties of any type are allowed.", ""]

        example = self.sample(raw, request=False, _stack=(name,))
        if example is not None and example != {}:
            out += ["## Example {#example}", "", fenced(to_json(example), "json"), ""]

        refs = [n for n in self.direct_refs(raw) if n != name]
        if refs:
            out += ["## Referenced schemas {#referenced-schemas}", ""]
            out += [f"- {self.schema_link(n, base)}" for n in refs] + [""]
        parents = self.referenced_by.get(name) or []
        if parents:
            out += ["## Referenced by {#referenced-by}", ""]
            out += [f"- {self.schema_link(n, base)}" for n in parents] + [""]
        users = self.schema_users.get(name) or []
        n_errors = self.schema_error_users.get(name, 0)
        if users or n_errors:
            out += ["## Used by operations {#used-by}", ""]
            out += [f"- [{esc_inline(op.title)}](../operations/{op.slug}.md) "
                    f"({code(op.method.upper() + ' ' + op.path)})" for op in users]
            if n_errors:
                out += ["" if users else None,
                        f"{'It is also' if users else 'It is'} the body of error responses of "
                        f"{n_errors} operations; see [errors](../index.md#errors)."]
            out = [line for line in out if line is not None] + [""]
        out += ["[Back to the API reference](../index.md#schemas)"]
        return "\n".join(out)

    def merged_properties(self, schema: dict) -> tuple[dict, set]:
        """Own properties plus those of inline ``allOf`` parts (referenced parts are
        linked under *Composition* instead of being copied)."""
        props: dict[str, Any] = {}
        required: set[str] = set()
        for part in schema.get("allOf") or []:
            if isinstance(part, dict) and "$ref" not in part:
                p, r = self.merged_properties(part)
                props.update(p)
                required |= r
        for prop, sub in (schema.get("properties") or {}).items():
            props[str(prop)] = sub
        required |= {str(r) for r in schema.get("required") or []}
        return props, required

    def property_sections(self, props: dict, required: set, parents: list[str], level: int,
                          ids: _Ids, base: str, rows: list[str], sections: list[str]) -> None:
        for prop, sub in props.items():
            path = parents + [prop]
            anchor = ids.take("prop-" + "-".join(anchor_part(p) for p in path))
            resolved = self.resolve(sub) if isinstance(sub, dict) else {}
            resolved = resolved if isinstance(resolved, dict) else {}
            # a referenced component schema keeps its own page; only inline objects nest
            inline = None
            if not self.single_ref(sub) and "$ref" not in (sub or {}):
                if resolved.get("properties"):
                    inline = resolved
                else:
                    items = resolved.get("items")
                    if isinstance(items, dict) and "$ref" not in items and items.get("properties"):
                        inline = items
            dotted = ".".join(path)
            label = esc_inline(dotted)
            is_req = prop in required
            rows.append(f"| [{label}](#{anchor}) | {self.type_md(sub, base)} | "
                        f"{'yes' if is_req else 'no'} | {first_sentence(resolved.get('description'))} |")
            hashes = "#" * min(level, 6)
            sections += [f"{hashes} {label} {{#{anchor}}}", ""]
            if isinstance(sub, dict) and "$ref" in sub:
                # the referenced schema has its own page; repeat only its first sentence
                desc = first_sentence(resolved.get("description"))
            else:
                desc = md_block(sub.get("description") if isinstance(sub, dict) else "")
            if desc:
                sections += [desc, ""]
            facts = [f"**Type:** {self.type_md(sub, base)}"]
            facts += self.facts(self._merge_siblings(sub, resolved), is_req)
            sections += [f"- {f}" for f in facts] + [""]
            if inline is not None:
                child_req = {str(r) for r in inline.get("required") or []}
                self.property_sections({str(k): v for k, v in inline["properties"].items()},
                                       child_req, path, level + 1, ids, base, rows, sections)

    def _merge_siblings(self, sub: Any, resolved: dict) -> dict:
        """Facts for ``{allOf: [$ref], nullable: true, ...}``: the siblings count."""
        if isinstance(sub, dict) and "allOf" in sub and self.single_ref(sub):
            merged = {k: v for k, v in sub.items() if k not in ("allOf", "description")}
            return merged
        if isinstance(sub, dict) and "$ref" in sub:
            return {}  # facts of a referenced schema are on its own page
        return resolved


def status_label(status: Any) -> str:
    """``200`` -> ``200 OK``, ``4XX`` -> ``4XX Client error``, ``default`` -> ``Default``."""
    s = str(status)
    if s.lower() == "default":
        return "Default response"
    reason = REASONS.get(s.upper(), "")
    return f"{s} {reason}" if reason else s


def _status_key(status: str) -> tuple:
    s = status.upper()
    return (s == "DEFAULT", s.replace("X", "0") if re.fullmatch(r"[1-5](?:XX|\d\d)", s) else "9" + s, s)


def render_reference(spec: dict) -> dict[str, str]:
    """Render the API reference for an OpenAPI 3.0 document.

    Returns ``{path relative to docs_dir: Markdown}``; paths are under
    ``en/api/reference/``. Pure and deterministic: same spec, same output.
    """
    return _Renderer(spec).render()


# --------------------------------------------------------------------------- entry points


def load_spec(path: str) -> dict:
    import yaml

    with open(path, encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    if not isinstance(spec, dict):
        raise ValueError(f"{path}: not an OpenAPI document")
    return spec


def _running_under_gen_files() -> bool:
    try:
        from mkdocs_gen_files.editor import FilesEditor
    except ImportError:
        return False
    return FilesEditor._current is not None


def generate() -> None:
    """Write the pages into the MkDocs build through mkdocs-gen-files."""
    import mkdocs_gen_files

    docs_dir = mkdocs_gen_files.config.docs_dir
    spec = load_spec(os.path.join(docs_dir, *SPEC_PATH.split("/")))
    for path, text in render_reference(spec).items():
        with mkdocs_gen_files.open(path, "w") as fh:
            fh.write(text)


def _cli(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: gen_api_reference.py OUT_DIR [SPEC]", file=sys.stderr)
        return 2
    out_dir = argv[0]
    spec_path = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "docs", *SPEC_PATH.split("/"))
    pages = render_reference(load_spec(spec_path))
    for path, text in pages.items():
        target = os.path.join(out_dir, *path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    print(f"wrote {len(pages)} pages to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
elif _running_under_gen_files():
    generate()
