"""Build the whole model of the API reference from an OpenAPI document, in named
phases: operations as found, tags, operation pages, tag pages, usage, schema pages,
and the index's overview. After :func:`build_reference` nothing is left to compute."""

from __future__ import annotations

from . import model as m
from .operations import build_operation, build_tag, collect_endpoints, collect_tags
from .overview import build_overview
from .samples import Sampler
from .schemas import Usage, build_schema
from .spec import Spec


def build_reference(spec: Spec) -> m.Reference:
    sampler = Sampler(spec)
    endpoints = collect_endpoints(spec)
    tags = collect_tags(spec, endpoints)
    tag_slugs = {t["name"]: t["slug"] for t in tags}
    operations = [build_operation(spec, sampler, e, tag_slugs) for e in endpoints]
    usage = Usage(spec, endpoints, operations)
    return m.Reference(
        overview=build_overview(spec, endpoints, operations),
        tags=[build_tag(spec, t, endpoints, operations) for t in tags],
        operations=operations,
        schemas=[build_schema(spec, sampler, usage, name) for name in sorted(spec.schemas)],
    )
