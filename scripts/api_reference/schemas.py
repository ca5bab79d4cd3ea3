"""Component schemas of the model: properties with their anchors, composition, the
example, and who references whom."""

from __future__ import annotations

from typing import Any

from . import model as m
from .markdown import Ids, anchor_part
from .operations import Endpoint
from .samples import Sampler
from .spec import Spec

# Headings every schema page may have; a property anchor never takes one of these ids.
SCHEMA_SECTIONS = ("properties", "composition", "example", "referenced-schemas",
                   "referenced-by", "used-by")
COMPOSITION_WORDS = (("allOf", "all of"), ("oneOf", "exactly one of"), ("anyOf", "any of"))


class Usage:
    """Which operations name each schema, and which schemas name it."""

    def __init__(self, spec: Spec, endpoints: list[Endpoint], operations: list[m.Operation]):
        self.users: dict[str, list[m.Operation]] = {n: [] for n in spec.schemas}
        self.error_users: dict[str, int] = {n: 0 for n in spec.schemas}
        for e, op in zip(endpoints, operations):
            main = spec.operation_refs(e.op, e.params, errors=False)
            for name in spec.operation_refs(e.op, e.params):
                if name in main:
                    self.users[name].append(op)
                else:
                    self.error_users[name] += 1
        self.referenced_by: dict[str, list[str]] = {n: [] for n in spec.schemas}
        for name in sorted(spec.schemas):
            for target in spec.direct_refs(spec.schemas[name]):
                if target != name:
                    self.referenced_by[target].append(name)


def build_schema(spec: Spec, sampler: Sampler, usage: Usage, name: str) -> m.Schema:
    raw = spec.schemas[name]
    schema = spec.resolve_dict(raw)
    slug = spec.schema_slugs[name]
    props, required = merged_properties(schema)
    extra = schema.get("additionalProperties")
    disc = schema.get("discriminator")
    return m.Schema(
        name=name, slug=slug, raw=raw, deprecated=bool(schema.get("deprecated")),
        description=schema.get("description"), alias_of=spec.schema_ref_name(raw),
        facts_schema=schema,
        composition=[(word, schema[key]) for key, word in COMPOSITION_WORDS
                     if isinstance(schema.get(key), list) and schema[key]],
        discriminator=disc["propertyName"] if isinstance(disc, dict) and disc.get("propertyName")
        else None,
        properties_heading=bool(props) or extra not in (None, False),
        properties=properties(spec, props, required, slug),
        extra_schema=extra if isinstance(extra, dict) else None,
        extra_any=extra is True,
        example=sampler.sample(raw, request=False, stack=(name,)),
        refs=[n for n in spec.direct_refs(raw) if n != name],
        referenced_by=usage.referenced_by[name],
        used_by=usage.users[name], error_users=usage.error_users[name],
    )


def merged_properties(schema: dict) -> tuple[dict, set]:
    """Own properties plus those of inline ``allOf`` parts (referenced parts are
    linked under *Composition* instead of being copied)."""
    props: dict[str, Any] = {}
    required: set[str] = set()
    for part in schema.get("allOf") or []:
        if isinstance(part, dict) and "$ref" not in part:
            p, r = merged_properties(part)
            props.update(p)
            required |= r
    for prop, sub in (schema.get("properties") or {}).items():
        props[str(prop)] = sub
    required |= {str(r) for r in schema.get("required") or []}
    return props, required


def properties(spec: Spec, props: dict, required: set, slug: str) -> list[m.Property]:
    """Every property, nested inline objects after their parent, with unique anchors."""
    ids = Ids()
    for fixed in (*SCHEMA_SECTIONS, slug):
        ids.take(fixed)
    out: list[m.Property] = []
    _walk(spec, props, required, [], 3, ids, out)
    return out


def _walk(spec: Spec, props: dict, required: set, parents: list[str], level: int,
          ids: Ids, out: list[m.Property]) -> None:
    for prop, sub in props.items():
        path = parents + [prop]
        resolved = spec.resolve_dict(sub)
        is_ref = isinstance(sub, dict) and "$ref" in sub
        out.append(m.Property(
            dotted=".".join(path),
            anchor=ids.take("prop-" + "-".join(anchor_part(p) for p in path)),
            level=min(level, 6), schema=sub, required=prop in required,
            summary_source=resolved.get("description"),
            description=resolved.get("description") if is_ref
            else (sub.get("description") if isinstance(sub, dict) else ""),
            is_ref=is_ref, facts_schema=_facts_schema(spec, sub, resolved),
        ))
        inline = _inline_object(spec, sub, resolved)
        if inline is not None:
            child_req = {str(r) for r in inline.get("required") or []}
            _walk(spec, {str(k): v for k, v in inline["properties"].items()},
                  child_req, path, level + 1, ids, out)


def _inline_object(spec: Spec, sub: Any, resolved: dict) -> dict | None:
    """The object whose properties nest under ``sub``: its own, or its array items'.
    A referenced component schema keeps its own page; only inline objects nest."""
    if spec.single_ref(sub) or "$ref" in (sub or {}):
        return None
    if resolved.get("properties"):
        return resolved
    items = resolved.get("items")
    if isinstance(items, dict) and "$ref" not in items and items.get("properties"):
        return items
    return None


def _facts_schema(spec: Spec, sub: Any, resolved: dict) -> dict:
    """Facts for ``{allOf: [$ref], nullable: true, ...}``: the siblings count."""
    if isinstance(sub, dict) and "allOf" in sub and spec.single_ref(sub):
        return {k: v for k, v in sub.items() if k not in ("allOf", "description")}
    if isinstance(sub, dict) and "$ref" in sub:
        return {}  # facts of a referenced schema are on its own page
    return resolved
