"""The API reference of the developer portal, generated from its OpenAPI document.

:func:`render_reference` is pure: an OpenAPI 3.0 document (a dict) in,
``{path relative to docs_dir: Markdown}`` out, with no MkDocs and no file system.
It runs in two steps: :func:`.build.build_reference` computes the whole model
(:mod:`.model`), then :func:`.render.render_pages` fills the Jinja templates in
``templates/`` from it.
"""

from __future__ import annotations

from .build import build_reference
from .render import REFERENCE_DIR, render_pages
from .spec import Spec

__all__ = ["REFERENCE_DIR", "render_reference"]


def render_reference(document: dict) -> dict[str, str]:
    """Render the API reference for an OpenAPI 3.0 document; same input, same output."""
    spec = Spec(document)
    return render_pages(spec, build_reference(spec))
