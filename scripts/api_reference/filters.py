"""Template filters: Markdown for schema types, schema constraints and security schemes.

These read the document (to follow ``$ref``s and name component schemas) but never
change anything, so a template may call them in any order.
"""

from __future__ import annotations

from typing import Any, Callable

from . import markdown as md
from .spec import Spec

COMBINATIONS = (("allOf", "all of"), ("oneOf", "one of"), ("anyOf", "any of"))
LIMITS = (("minimum", "minimum"), ("maximum", "maximum"), ("multipleOf", "multiple of"),
          ("minLength", "min length"), ("maxLength", "max length"),
          ("minItems", "min items"), ("maxItems", "max items"),
          ("minProperties", "min properties"), ("maxProperties", "max properties"))


def json_code(value: Any) -> str:
    """A value as compact JSON in a code span."""
    return md.code(md.to_json(value, None))


def scheme_kind(scheme: Any) -> str:
    """``OAuth 2.0``, ``HTTP bearer``, ``API key in header``... for a security scheme."""
    if not isinstance(scheme, dict):
        return "unknown scheme"
    typ = scheme.get("type")
    if typ == "oauth2":
        return "OAuth 2.0"
    if typ == "http":
        return f"HTTP {md.esc_inline(scheme.get('scheme', ''))}".strip()
    if typ == "apiKey":
        return f"API key in {md.esc_inline(scheme.get('in', ''))}"
    if typ == "openIdConnect":
        return "OpenID Connect"
    return md.esc_inline(typ or "unknown scheme")


class SchemaFilters:
    """Filters that need the document: links to schema pages, types and constraints."""

    def __init__(self, spec: Spec):
        self.spec = spec

    def schema_link(self, name: str, base: str) -> str:
        return f"[{md.esc_inline(name)}]({base}{self.spec.schema_slugs[name]}.md)"

    def type_md(self, schema: Any, base: str, depth: int = 0) -> str:
        """Short Markdown description of a schema's type, linking component schemas."""
        if depth > 8:
            return "…"
        if not isinstance(schema, dict):
            return "any"
        name = self.spec.single_ref(schema)
        if name:
            return self.schema_link(name, base)
        if "$ref" in schema:
            return self.type_md(self.spec.resolve(schema), base, depth + 1)
        typ = schema.get("type")
        if typ is None:
            combos = [f"{word} " + ", ".join(self.type_md(s, base, depth + 1) for s in schema[key])
                      for key, word in COMBINATIONS
                      if isinstance(schema.get(key), list) and schema[key]]
            if combos:
                return "; ".join(combos)
        if isinstance(typ, list):
            typ = " or ".join(str(t) for t in typ)
        if typ == "array" or (typ is None and "items" in schema):
            return "array of " + self.type_md(schema.get("items"), base, depth + 1)
        if typ == "object" or (typ is None and ("properties" in schema
                                                or "additionalProperties" in schema)):
            extra = schema.get("additionalProperties")
            if not schema.get("properties") and isinstance(extra, dict) and extra:
                return "map of string to " + self.type_md(extra, base, depth + 1)
            return "object"
        if typ is None:
            return "any"
        fmt = schema.get("format")
        return f"{md.esc_inline(typ)} ({md.esc_inline(fmt)})" if fmt else md.esc_inline(typ)

    def facts(self, schema: Any, required: bool | None = None, example: bool = True) -> list[str]:
        """Bullet lines describing the constraints of a schema; ``required=None`` leaves
        out the *Required* line, ``example=False`` the *Example* line."""
        schema = self.spec.resolve_dict(schema)
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
            lines.append("**Allowed values:** " + ", ".join(json_code(v) for v in schema["enum"]))
        if "default" in schema:
            lines.append(f"**Default:** {json_code(schema['default'])}")
        limits = _limits(schema)
        if limits:
            lines.append("**Constraints:** " + ", ".join(limits))
        if example and "example" in schema:
            lines.append(f"**Example:** {json_code(schema['example'])}")
        return lines


def _limits(schema: dict) -> list[str]:
    limits = []
    for key, label in LIMITS:
        if key in schema and not isinstance(schema[key], bool):
            exclusive = key in ("minimum", "maximum") and \
                schema.get("exclusive" + key[0].upper() + key[1:]) is True
            limits.append(f"{label} {json_code(schema[key])}" + (" (exclusive)" if exclusive else ""))
    if schema.get("uniqueItems"):
        limits.append("unique items")
    if "pattern" in schema:
        limits.append(f"pattern {md.code(schema['pattern'])}")
    return limits


def all_filters(spec: Spec) -> dict[str, Callable]:
    schemas = SchemaFilters(spec)
    return {
        "esc": md.esc_inline, "code": md.code, "md_block": md.md_block,
        "md_inline": md.md_inline, "first_sentence": md.first_sentence,
        "json": md.to_json, "json_code": json_code, "fenced": md.fenced,
        "status_label": md.status_label, "scheme_kind": scheme_kind,
        "schema_link": schemas.schema_link, "type_md": schemas.type_md,
        "facts": schemas.facts,
    }
