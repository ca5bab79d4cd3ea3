"""Operations and tags of the model: what each operation page and tag page shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import model as m
from .markdown import Ids, anchor_part, kebab, status_key, to_json
from .samples import Sampler
from .spec import Spec, is_binary, is_json

HTTP_METHODS = ("get", "put", "post", "patch", "delete", "options", "head", "trace")
PARAM_LOCATIONS = ("path", "query", "header", "cookie")
# Headings every operation page has; a parameter anchor never takes one of these ids.
OPERATION_SECTIONS = ("parameters", "request-body", "responses", "authorization",
                      "example-request", "schemas-used")


@dataclass(frozen=True)
class Endpoint:
    """An operation as found in the document, before anything is derived from it."""
    method: str
    path: str
    op: dict
    op_id: str
    slug: str
    tags: list[str]
    params: list[dict]


def collect_endpoints(spec: Spec) -> list[Endpoint]:
    """Every operation in document order, with its path-level and own parameters merged."""
    endpoints: list[Endpoint] = []
    used_ids: dict[str, str] = {}
    for path, raw_item in (spec.document.get("paths") or {}).items():
        item = spec.resolve(raw_item) or {}
        shared = [spec.resolve(p) for p in item.get("parameters") or []]
        for method in [k for k in item if str(k).lower() in HTTP_METHODS]:
            op = item[method] or {}
            op_id = str(op.get("operationId") or _synth_id(method, path))
            slug = kebab(op_id)
            if slug in used_ids:
                raise ValueError(
                    f"operations {used_ids[slug]!r} and {op_id!r} both map to {slug}.md")
            used_ids[slug] = op_id
            own = [spec.resolve(p) for p in op.get("parameters") or []]
            tags = [str(t) for t in op.get("tags") or []] or ["Other"]
            endpoints.append(Endpoint(str(method).lower(), str(path), op, op_id, slug, tags,
                                      _merge_params(shared + own)))
    return endpoints


def _synth_id(method: str, path: str) -> str:
    words = [w for w in re.split(r"[^A-Za-z0-9]+", path) if w]
    return str(method).lower() + "".join(w[:1].upper() + w[1:] for w in words)


def _merge_params(params: list[Any]) -> list[dict]:
    """Operation parameters override path-level ones; sorted by location, spec order kept."""
    merged: dict[tuple[str, str], dict] = {}
    for p in params:
        if isinstance(p, dict) and "name" in p:
            merged[(str(p.get("in", "query")), str(p["name"]))] = p
    return sorted(merged.values(), key=lambda p: PARAM_LOCATIONS.index(p.get("in"))
                  if p.get("in") in PARAM_LOCATIONS else len(PARAM_LOCATIONS))


def collect_tags(spec: Spec, endpoints: list[Endpoint]) -> list[dict]:
    """Declared tags that are used, in declaration order, then undeclared ones by name."""
    declared = [t for t in spec.document.get("tags") or []
                if isinstance(t, dict) and "name" in t]
    used = {t for e in endpoints for t in e.tags}
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


# --------------------------------------------------------------------------- operations


def build_operation(spec: Spec, sampler: Sampler, e: Endpoint,
                    tag_slugs: dict[str, str]) -> m.Operation:
    op = e.op
    direct = spec.operation_refs(op, e.params)
    return m.Operation(
        method=e.method, path=e.path, op_id=e.op_id, slug=e.slug, anchor=anchor_part(e.slug),
        title=str(op.get("summary") or e.op_id), summary=op.get("summary"),
        description=op.get("description"), deprecated=bool(op.get("deprecated")),
        tags=[m.TagRef(t, tag_slugs[t]) for t in e.tags],
        security=_security(spec, op),
        params=_params(e.params),
        body=_body(spec, sampler, op),
        responses=_responses(spec, sampler, op),
        curl=sampler.curl(e.method, e.path, op, e.params),
        schemas_used=spec.closure(direct),
    )


def _security(spec: Spec, op: dict) -> list[list[m.SchemeUse]] | None:
    reqs = spec.security_of(op)
    if reqs is None:
        return None
    schemes = spec.components.get("securitySchemes") or {}
    return [[m.SchemeUse(name, spec.resolve(schemes.get(name) or {}), list(scopes or []))
             for name, scopes in req.items()] if req else []
            for req in reqs]


def _param_key(p: dict) -> str:
    """Header names are case-insensitive, so their anchors are lower-case."""
    name = str(p.get("name", ""))
    if p.get("in") == "header":
        name = name.lower()
    return anchor_part(name)


def param_anchors(params: list[dict]) -> list[str]:
    """``param-<name>``, or ``param-<in>-<name>`` when two parameters share a name."""
    counts: dict[str, int] = {}
    for p in params:
        key = _param_key(p)
        counts[key] = counts.get(key, 0) + 1
    ids = Ids()
    for fixed in OPERATION_SECTIONS:
        ids.take(fixed)
    anchors = []
    for p in params:
        key = _param_key(p)
        wanted = f"param-{anchor_part(p.get('in', 'query'))}-{key}" if counts[key] > 1 \
            else f"param-{key}"
        anchors.append(ids.take(wanted))
    return anchors


def _params(params: list[dict]) -> list[m.Param]:
    return [_param(p, anchor) for p, anchor in zip(params, param_anchors(params))]


def _param(p: dict, anchor: str) -> m.Param:
    schema = p.get("schema")
    type_schema, media_type = schema, None
    if not isinstance(schema, dict) and p.get("content"):
        media_type, media = next(iter(p["content"].items()))
        type_schema, media_type = (media or {}).get("schema"), str(media_type)
    # parameters are sent as text: show string examples without JSON quotes
    example = p["example"] if "example" in p else \
        (schema.get("example") if isinstance(schema, dict) else None)
    shown = None
    if "example" in p or isinstance(example, str):
        shown = example if isinstance(example, str) else to_json(example, None)
    return m.Param(
        raw=p, name=p["name"], location=p.get("in", ""), anchor=anchor,
        required=bool(p.get("required")), deprecated=bool(p.get("deprecated")),
        description=p.get("description"), schema=schema if isinstance(schema, dict) else {},
        type_schema=type_schema, media_type=media_type, example=shown,
        serialized=bool(p.get("style")) or "explode" in p, style=p.get("style", "default"),
        explode=[p["explode"]] if "explode" in p else [],
    )


def _body(spec: Spec, sampler: Sampler, op: dict) -> m.Body | None:
    body = spec.resolve(op.get("requestBody"))
    if not isinstance(body, dict) or not body.get("content"):
        return None
    return m.Body(required=bool(body.get("required")), description=body.get("description"),
                  contents=_contents(spec, sampler, body["content"], request=True))


def _responses(spec: Spec, sampler: Sampler, op: dict) -> list[m.Response]:
    ordered = sorted((op.get("responses") or {}).items(),
                     key=lambda kv: status_key(str(kv[0]).upper()))
    out = []
    for status, resp in ordered:
        res = spec.resolve(resp) or {}
        status = str(status)
        headers = [_header(spec, name, h) for name, h in (res.get("headers") or {}).items()]
        out.append(m.Response(
            status=status, anchor=f"response-{anchor_part(status.lower())}",
            description=res.get("description"), headers=headers,
            contents=_contents(spec, sampler, res.get("content") or {}, request=False),
            collapsed=not status.startswith("2"),
        ))
    return out


def _header(spec: Spec, name: Any, raw: Any) -> m.Header:
    header = spec.resolve(raw) or {}
    return m.Header(name, header.get("schema"), header.get("description", ""))


def _contents(spec: Spec, sampler: Sampler, content: dict, request: bool) -> list[m.Content]:
    out = []
    for media_type, media in content.items():
        media = media or {}
        schema = media.get("schema")
        binary = is_binary(schema)
        fields: list[m.Field] = []
        resolved = spec.resolve(schema) if isinstance(schema, dict) else None
        if not binary and isinstance(resolved, dict) and not spec.single_ref(schema) \
                and resolved.get("properties"):
            fields = _fields(spec, resolved)
        example = None if binary else sampler.media_example(media, request)
        text, lang = None, ""
        if example is not None and (is_json(media_type) or isinstance(example, (dict, list))):
            text, lang = to_json(example), "json"
        elif example is not None:
            text, lang = str(example), "text"
        out.append(m.Content(str(media_type), binary, schema, fields, text, lang))
    return out


def _fields(spec: Spec, schema: dict) -> list[m.Field]:
    required = {str(r) for r in schema.get("required") or []}
    out = []
    for prop, sub in schema["properties"].items():
        res = spec.resolve(sub) if isinstance(sub, dict) else {}
        out.append(m.Field(prop, sub, str(prop) in required,
                           res.get("description") if isinstance(res, dict) else ""))
    return out


# --------------------------------------------------------------------------- tags


def build_tag(spec: Spec, tag: dict, endpoints: list[Endpoint],
              operations: list[m.Operation]) -> m.Tag:
    mine = [(e, o) for e, o in zip(endpoints, operations) if tag["name"] in e.tags]
    names = sorted({n for e, _ in mine
                    for n in spec.operation_refs(e.op, e.params, errors=False, bodies_only=True)})
    docs = tag.get("externalDocs")
    has_docs = isinstance(docs, dict) and bool(docs.get("url"))
    return m.Tag(
        name=tag["name"], slug=tag["slug"], description=tag.get("description"),
        docs_url=docs["url"] if has_docs else None,
        docs_description=docs.get("description") if has_docs else None,
        operations=[o for _, o in mine], schemas=names,
    )
