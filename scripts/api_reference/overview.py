"""The index page's document-wide sections: servers, authentication, pagination,
errors and rate limits, each summarised over all operations."""

from __future__ import annotations

from typing import Any

from . import model as m
from .markdown import anchor_part, kebab, status_key
from .operations import Endpoint
from .spec import Spec

FLOW_LABELS = {"authorizationCode": "Authorization code", "clientCredentials": "Client credentials",
               "implicit": "Implicit", "password": "Resource owner password"}
FLOW_URLS = ("authorizationUrl", "tokenUrl", "refreshUrl")


def build_overview(spec: Spec, endpoints: list[Endpoint],
                   operations: list[m.Operation]) -> m.Overview:
    doc = spec.document
    info = doc.get("info") or {}
    servers = [s for s in doc.get("servers") or [] if isinstance(s, dict)]
    shared = _shared_query_params(endpoints, operations)
    limited, limit_headers = _rate_limits(spec, endpoints)
    return m.Overview(
        title=str(info.get("title") or "API reference"), version=info.get("version"),
        openapi=doc.get("openapi", "3"), description=info.get("description"),
        servers=[(s.get("description") or "", s.get("url", "")) for s in servers],
        example_url=spec.base_url() + (endpoints[0].path if endpoints else "/"),
        auth=[_auth_scheme(spec, endpoints, name, raw)
              for name, raw in (spec.components.get("securitySchemes") or {}).items()],
        pagination_prose=bool({"cursor", "limit"} & {str(p.name) for p in shared}),
        has_pagination_schema="Pagination" in spec.schemas,
        shared_params=shared,
        has_error_schema="Error" in spec.schemas,
        errors=_error_statuses(spec, endpoints),
        rate_limited=limited, rate_limit_headers=limit_headers,
    )


def _auth_scheme(spec: Spec, endpoints: list[Endpoint], name: str, raw: Any) -> m.AuthScheme:
    scheme = spec.resolve(raw) or {}
    api_key = scheme.get("type") == "apiKey"
    flows = scheme.get("flows") or {}
    scopes: dict[str, str] = {}
    for conf in flows.values():
        for scope, desc in ((conf or {}).get("scopes") or {}).items():
            scopes.setdefault(str(scope), str(desc or ""))
    usage = {s: 0 for s in scopes}
    for e in endpoints:
        for req in spec.security_of(e.op) or []:
            for scope in (req or {}).get(name) or []:
                if scope in usage:
                    usage[scope] += 1
    return m.AuthScheme(
        name=name, anchor=f"auth-{anchor_part(kebab(name))}", scheme=scheme,
        description=scheme.get("description"),
        flows=[m.Flow(FLOW_LABELS.get(flow, flow), [(conf or {}).get(k) or None for k in FLOW_URLS])
               for flow, conf in flows.items()],
        scopes=[m.Scope(s, scopes[s], usage[s]) for s in sorted(scopes)],
        discovery_url=scheme.get("openIdConnectUrl") or None
        if scheme.get("type") == "openIdConnect" else None,
        key_in=scheme.get("in", "") if api_key else None,
        key_name=scheme.get("name", "") if api_key else None,
    )


def _shared_query_params(endpoints: list[Endpoint],
                         operations: list[m.Operation]) -> list[m.SharedParam]:
    """Query parameters used by more than one operation, by name, each linked to the
    first operation that uses the same parameter object."""
    counts: dict[str, list] = {}
    for e in endpoints:
        for p in e.params:
            if p.get("in") == "query":
                counts.setdefault(str(p["name"]), [p, 0])[1] += 1
    shared = []
    for _name, (p, n) in sorted(counts.items()):
        if n < 2:
            continue
        op, param = next((op, q) for op in operations for q in op.params if q.raw is p)
        shared.append(m.SharedParam(p["name"], p.get("description"),
                                    f"operations/{op.slug}.md#{param.anchor}", n))
    return shared


def _error_statuses(spec: Spec, endpoints: list[Endpoint]) -> list[m.ErrorStatus]:
    """Every error status any operation declares, with the description of its first
    shared (``$ref``) response, else of its first occurrence."""
    codes: dict[str, dict] = {}
    for e in endpoints:
        for status, resp in (e.op.get("responses") or {}).items():
            status = str(status).upper()
            entry = codes.setdefault(status, {"n": 0, "desc": None})
            entry["n"] += 1
            if entry["desc"] is None and isinstance(resp, dict) and "$ref" in resp:
                entry["desc"] = (spec.resolve(resp) or {}).get("description")
    for status, entry in codes.items():
        if entry["desc"] is None:
            first = next(e.op["responses"][k] for e in endpoints
                         for k in (e.op.get("responses") or {}) if str(k).upper() == status)
            entry["desc"] = (spec.resolve(first) or {}).get("description")
    # success and redirect codes are described per operation
    return [m.ErrorStatus(status, codes[status]["desc"], codes[status]["n"])
            for status in sorted(codes, key=status_key) if status[:1] not in "123"]


def _rate_limits(spec: Spec, endpoints: list[Endpoint]) -> tuple[int, list[tuple[str, Any]]]:
    """How many operations can answer 429, and the headers those answers carry."""
    headers: dict[str, Any] = {}
    limited = 0
    for e in endpoints:
        for status, resp in (e.op.get("responses") or {}).items():
            if str(status) == "429":
                limited += 1
                for hname, h in ((spec.resolve(resp) or {}).get("headers") or {}).items():
                    headers.setdefault(str(hname), spec.resolve(h))
    return limited, [(hname, (headers[hname] or {}).get("description", ""))
                     for hname in sorted(headers, key=str.lower)]
