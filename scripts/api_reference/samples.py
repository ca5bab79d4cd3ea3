"""Example values and the example ``curl`` command, built from a schema's examples,
defaults and types (the document's own examples win)."""

from __future__ import annotations

from typing import Any

from .markdown import shell_quote, status_key, to_json
from .spec import Spec, is_binary, is_json

STRING_FORMATS = {
    "date-time": "2025-01-31T12:00:00Z", "date": "2025-01-31",
    "time": "12:00:00", "email": "user@example.com", "uri": "https://example.com/",
    "url": "https://example.com/", "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "binary": "<binary>", "byte": "U3dhZ2dlciByb2Nrcw==",
}


class Sampler:
    """Example values for schemas of one document. ``request`` leaves out read-only
    properties, a response example leaves out write-only ones."""

    def __init__(self, spec: Spec):
        self.spec = spec

    def sample(self, schema: Any, request: bool, stack: tuple = ()) -> Any:
        if len(stack) > 8 or not isinstance(schema, dict):
            return None
        name = self.spec.schema_ref_name(schema)
        if name:
            if name in stack:
                return {}
            return self.sample(self.spec.schemas[name], request, stack + (name,))
        if "$ref" in schema:
            return self.sample(self.spec.resolve(schema), request, stack + ("$",))
        if "example" in schema:
            return schema["example"]
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return schema["examples"][0]
        if isinstance(schema.get("allOf"), list):
            return self._all_of(schema, request, stack)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self.sample(schema[key][0], request, stack)
        if "default" in schema:
            return schema["default"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        return self._by_type(schema, request, stack)

    def _all_of(self, schema: dict, request: bool, stack: tuple) -> dict:
        merged: dict = {}
        for part in schema["allOf"]:
            value = self.sample(part, request, stack)
            if isinstance(value, dict):
                merged.update(value)
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if own.get("properties"):
            value = self.sample(own, request, stack)
            if isinstance(value, dict):
                merged.update(value)
        return merged

    def _by_type(self, schema: dict, request: bool, stack: tuple) -> Any:
        typ = schema.get("type")
        if typ == "array" or "items" in schema:
            item = self.sample(schema.get("items"), request, stack)
            return [] if item is None else [item]
        if typ == "object" or "properties" in schema or typ is None and \
                "additionalProperties" in schema:
            return self._object(schema, request, stack)
        if typ == "string":
            return STRING_FORMATS.get(str(schema.get("format")), "string")
        if typ == "integer":
            return schema.get("minimum", 0)
        if typ == "number":
            return schema.get("minimum", 0.0)
        if typ == "boolean":
            return True
        return None

    def _object(self, schema: dict, request: bool, stack: tuple) -> dict:
        out = {}
        for prop, sub in (schema.get("properties") or {}).items():
            res = self.spec.resolve(sub) if isinstance(sub, dict) else {}
            if isinstance(res, dict) and ((request and res.get("readOnly"))
                                          or (not request and res.get("writeOnly"))):
                continue
            value = self.sample(sub, request, stack)
            if value is not None:
                out[str(prop)] = value
        return out

    def media_example(self, media: Any, request: bool) -> Any:
        """The example of a media type object: ``example``, first of ``examples``, or built."""
        if not isinstance(media, dict):
            return None
        if "example" in media:
            return media["example"]
        examples = media.get("examples")
        if isinstance(examples, dict) and examples:
            first = self.spec.resolve(next(iter(examples.values())))
            if isinstance(first, dict) and "value" in first:
                return first["value"]
        return self.sample(media.get("schema"), request)

    def param_example(self, p: dict) -> str:
        """A parameter's example as the text sent (``{name}`` when there is none)."""
        if "example" in p:
            value = p["example"]
        else:
            examples = p.get("examples")
            value = None
            if isinstance(examples, dict) and examples:
                value = (self.spec.resolve(next(iter(examples.values()))) or {}).get("value")
            if value is None:
                value = self.sample(p.get("schema"), request=True)
        if value is None:
            return "{" + str(p.get("name")) + "}"
        return value if isinstance(value, str) else to_json(value, None)

    # ----- curl

    def curl(self, method: str, path: str, op: dict, params: list[dict]) -> str:
        """A ``curl`` command calling the operation with example values."""
        url, headers = self._url_and_headers(path, params)
        lines = [f"curl --request {method.upper()}", f"  --url {shell_quote(url)}"]
        if self.spec.security_of(op):
            lines.append('  --header "Authorization: Bearer $ACCESS_TOKEN"')
        for h in headers:
            lines.append(f"  --header {shell_quote(h)}")
        lines += self._body_lines(op)
        accept = self.accept_type(op)
        if accept:
            lines.insert(2, f"  --header {shell_quote('Accept: ' + accept)}")
        return " \\\n".join(lines)

    def _url_and_headers(self, path: str, params: list[dict]) -> tuple[str, list[str]]:
        url = self.spec.base_url() + path
        query, headers = [], []
        for p in params:
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
        return url, headers

    def _body_lines(self, op: dict) -> list[str]:
        body = self.spec.resolve(op.get("requestBody"))
        content = (body or {}).get("content") if isinstance(body, dict) else None
        if not content:
            return []
        media_type, media = next(iter(content.items()))
        media = media or {}
        lines = [f"  --header {shell_quote('Content-Type: ' + str(media_type))}"]
        if is_binary(media.get("schema")):
            ext = {"application/pdf": "pdf"}.get(str(media_type), "bin")
            lines.append(f"  --data-binary @file.{ext}")
        else:
            example = self.media_example(media, request=True)
            if example is not None:
                text = to_json(example) if is_json(str(media_type)) or \
                    isinstance(example, (dict, list)) else str(example)
                lines.append(f"  --data {shell_quote(text)}")
        return lines

    def accept_type(self, op: dict) -> str | None:
        """The media type of the first success response that has a body."""
        for status, resp in sorted((op.get("responses") or {}).items(),
                                   key=lambda kv: status_key(str(kv[0]).upper())):
            if str(status).startswith("2"):
                content = (self.spec.resolve(resp) or {}).get("content") or {}
                if content:
                    return str(next(iter(content)))
        return None
