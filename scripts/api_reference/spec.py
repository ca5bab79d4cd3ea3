"""Read access to an OpenAPI 3.0 document: local ``$ref``s, component schemas and the
schemas an operation or a schema names.

:class:`Spec` never changes the document and keeps no state besides the index of
component schema names it builds once, so every method can be called in any order.
"""

from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import unquote

from .markdown import kebab

SCHEMA_PREFIX = "#/components/schemas/"


def _pointer_key(raw: str) -> str:
    return unquote(raw).replace("~1", "/").replace("~0", "~")


class Spec:
    def __init__(self, document: dict):
        if not isinstance(document, dict):
            raise TypeError("the OpenAPI document must be a mapping")
        self.document = document
        self.components: dict = document.get("components") or {}
        self.schemas: dict[str, Any] = {
            str(k): v for k, v in (self.components.get("schemas") or {}).items()
        }
        self.schema_slugs = self._schema_slugs()

    def _schema_slugs(self) -> dict[str, str]:
        slugs: dict[str, str] = {}
        seen: dict[str, str] = {}
        for name in sorted(self.schemas):
            slug = kebab(name)
            if slug in seen:
                raise ValueError(f"schemas {seen[slug]!r} and {name!r} both map to {slug}.md")
            seen[slug] = name
            slugs[name] = slug
        return slugs

    # ----- references

    def resolve(self, obj: Any) -> Any:
        """Follow a chain of local ``$ref``s and return the target object."""
        depth = 0
        while isinstance(obj, dict) and "$ref" in obj:
            depth += 1
            if depth > 50:
                raise ValueError(f"$ref loop at {obj['$ref']!r}")
            obj = self._lookup(obj["$ref"])
        return obj

    def resolve_dict(self, obj: Any) -> dict:
        """:meth:`resolve` for places where only a mapping makes sense: else ``{}``."""
        found = self.resolve(obj) if isinstance(obj, dict) else {}
        return found if isinstance(found, dict) else {}

    def _lookup(self, ref: Any) -> Any:
        ref = str(ref)
        if not ref.startswith("#"):
            raise ValueError(f"only local $refs are supported, got {ref!r}")
        node: Any = self.document
        for raw in ref[1:].split("/")[1:] if ref != "#" else []:
            key = _pointer_key(raw)
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
            if ref.startswith(SCHEMA_PREFIX):
                name = _pointer_key(ref[len(SCHEMA_PREFIX):])
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

    # ----- who names what

    def direct_refs(self, node: Any) -> list[str]:
        """Component schemas referenced anywhere inside ``node`` (not following them)."""
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

        walk(node)
        return sorted(found)

    def closure(self, names: Iterable[str]) -> list[str]:
        """``names`` and every component schema they reach, sorted."""
        todo, done = list(names), set()
        while todo:
            name = todo.pop()
            if name in done:
                continue
            done.add(name)
            todo.extend(self.direct_refs(self.schemas[name]))
        return sorted(done)

    def operation_refs(self, op: dict, params: list[dict], errors: bool = True,
                       bodies_only: bool = False) -> list[str]:
        """Schemas named directly by an operation: its parameters, request body, response
        headers and bodies. ``errors=False`` skips responses other than 2xx;
        ``bodies_only`` skips parameters and headers."""
        nodes: list[Any] = []
        if not bodies_only:
            nodes += [p.get("schema") for p in params]
            nodes += [p.get("content") for p in params]
        body = self.resolve(op.get("requestBody"))
        if isinstance(body, dict):
            nodes.append(body.get("content"))
        for status, resp in (op.get("responses") or {}).items():
            if not errors and not str(status).startswith("2"):
                continue
            resp = self.resolve(resp)
            if isinstance(resp, dict):
                nodes.append(resp.get("content"))
                if not bodies_only:
                    nodes.append(resp.get("headers"))
        return self.direct_refs(nodes)

    # ----- document-wide facts

    def security_of(self, op: dict) -> Any:
        """The security requirements that apply to ``op`` (its own, else the document's)."""
        return op.get("security", self.document.get("security"))

    def base_url(self) -> str:
        servers = self.document.get("servers") or []
        if servers and isinstance(servers[0], dict) and servers[0].get("url"):
            url = str(servers[0]["url"])
            for var, spec in (servers[0].get("variables") or {}).items():
                url = url.replace("{" + str(var) + "}", str((spec or {}).get("default", "")))
            return url.rstrip("/")
        return ""


def is_json(media_type: str) -> bool:
    mt = media_type.split(";")[0].strip().lower()
    return mt == "application/json" or mt.endswith("+json")


def is_binary(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "string" and \
        schema.get("format") in ("binary", "byte")
