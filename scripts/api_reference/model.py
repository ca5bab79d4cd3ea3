"""What the API reference shows, computed once from the OpenAPI document.

The builders (:mod:`.operations`, :mod:`.schemas`, :mod:`.overview`) fill these
classes; the templates only read them. Values the reader sees verbatim from the
document (descriptions, schema nodes) are kept as they are; the templates format
them with the filters of :mod:`.filters`. Everything that needs the whole document
(anchors, cross references, closures, counts, examples) is settled here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TagRef:
    name: str
    slug: str


@dataclass(frozen=True)
class SchemeUse:
    """One security scheme of a requirement, with the scopes it needs."""
    name: str
    scheme: Any              # the resolved security scheme object
    scopes: list[Any]


@dataclass(frozen=True)
class Param:
    raw: dict                # the resolved parameter object
    name: Any
    location: Any            # ``in``, as written ('' when missing)
    anchor: str
    required: bool
    deprecated: bool
    description: Any
    schema: dict             # the parameter's schema ({} when it has none)
    type_schema: Any         # the schema its type is shown from
    media_type: str | None   # set when the parameter is described by ``content``
    example: str | None      # the example shown as sent, replacing the schema's
    serialized: bool         # style or explode is declared
    style: Any               # the style shown (``default`` when only explode is given)
    explode: list[Any]       # [explode] when declared, else []


@dataclass(frozen=True)
class Field:
    """A property of an inline object body, for a compact table."""
    name: Any
    schema: Any
    required: bool
    description: Any


@dataclass(frozen=True)
class Content:
    media_type: str
    binary: bool
    schema: Any
    fields: list[Field]
    example: str | None
    example_lang: str


@dataclass(frozen=True)
class Header:
    name: Any
    schema: Any
    description: Any


@dataclass(frozen=True)
class Response:
    status: str
    anchor: str
    description: Any
    headers: list[Header]
    contents: list[Content]
    collapsed: bool          # error examples are shown folded


@dataclass(frozen=True)
class Body:
    required: bool
    description: Any
    contents: list[Content]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    op_id: str
    slug: str
    anchor: str
    title: str
    summary: Any
    description: Any
    deprecated: bool
    tags: list[TagRef]
    security: list[list[SchemeUse]] | None   # None: nothing declared
    params: list[Param]
    body: Body | None
    responses: list[Response]
    curl: str
    schemas_used: list[str]


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    description: Any
    docs_url: Any            # externalDocs, when it has a URL
    docs_description: Any
    operations: list[Operation]
    schemas: list[str]       # named by the request and success bodies of its operations


@dataclass(frozen=True)
class Property:
    """One row of a schema's property table and its section, in document order."""
    dotted: str
    anchor: str
    level: int               # heading level of its section (3 for top-level)
    schema: Any              # as written (may be a $ref)
    required: bool
    summary_source: Any      # description the table row summarises
    description: Any         # description shown in the section
    is_ref: bool             # a $ref: only the first sentence is repeated
    facts_schema: dict       # the schema whose constraints are listed


@dataclass(frozen=True)
class Schema:
    name: str
    slug: str
    raw: Any
    deprecated: bool
    description: Any
    alias_of: str | None
    facts_schema: dict
    composition: list[tuple[str, list[Any]]]
    discriminator: Any
    properties_heading: bool
    properties: list[Property]
    extra_schema: dict | None    # additionalProperties given as a schema
    extra_any: bool              # additionalProperties: true
    example: Any                 # None or {} when there is none to show
    refs: list[str]
    referenced_by: list[str]
    used_by: list[Operation]
    error_users: int


@dataclass(frozen=True)
class Flow:
    label: str
    urls: list[Any]          # authorization, token, refresh; None when absent


@dataclass(frozen=True)
class Scope:
    name: str
    grants: str
    operations: int


@dataclass(frozen=True)
class AuthScheme:
    name: str
    anchor: str
    scheme: dict
    description: Any
    flows: list[Flow]
    scopes: list[Scope]
    discovery_url: Any       # OpenID Connect discovery document, else None
    key_in: Any              # API key: where it is sent ('' when not said), else None
    key_name: Any


@dataclass(frozen=True)
class SharedParam:
    name: Any
    description: Any
    link: str                # operation page and anchor of the first operation using it
    operations: int


@dataclass(frozen=True)
class ErrorStatus:
    status: str
    description: Any
    operations: int


@dataclass(frozen=True)
class Overview:
    """The index page's document-wide sections."""
    title: str
    version: Any
    openapi: Any
    description: Any
    servers: list[tuple[Any, Any]]   # (description, url)
    example_url: str
    auth: list[AuthScheme]
    pagination_prose: bool
    has_pagination_schema: bool
    shared_params: list[SharedParam]
    has_error_schema: bool
    errors: list[ErrorStatus]
    rate_limited: int
    rate_limit_headers: list[tuple[str, Any]]


@dataclass(frozen=True)
class Reference:
    overview: Overview
    tags: list[Tag]
    operations: list[Operation]
    schemas: list[Schema]
