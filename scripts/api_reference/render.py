"""Render the model into Markdown pages through the Jinja templates in ``templates/``.

Rendering is pure: the same model gives the same pages, and no template changes the
model. Undefined names are errors (``StrictUndefined``), not empty text, and so is
printing ``None``. Output is Markdown, so nothing is HTML-escaped automatically: text
from the document goes through a filter of :mod:`.filters` that escapes it (the one
exception, kept from the first generator, is a tag's ``externalDocs`` URL, written
into an autolink as it is).
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from . import model as m
from .filters import all_filters
from .markdown import escape_snippet_markers
from .spec import Spec

TEMPLATES = Path(__file__).resolve().parent / "templates"
REFERENCE_DIR = "en/api/reference"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by name and source checksum. Each document
    gets its own environment (its filters are bound to it); this keeps them from
    compiling the same templates again, while an edited template is still recompiled."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def environment(spec: Spec) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), bytecode_cache=_COMPILED,
        undefined=jinja2.StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        # Markdown heading ids are written {#id}: Jinja comments are {## ... ##} instead
        comment_start_string="{##", comment_end_string="##}",
        finalize=_no_none,
    )
    env.filters.update(all_filters(spec))
    return env


def _no_none(value: object) -> object:
    """``{{ x }}`` of a missing value is a template bug, not the text ``None``."""
    if value is None:
        raise TypeError("a template printed None; test for it or pass it through a filter")
    return value


def render_pages(spec: Spec, ref: m.Reference) -> dict[str, str]:
    """``{path relative to docs_dir: Markdown}`` for every page, sorted by path."""
    env = environment(spec)
    pages = {f"{REFERENCE_DIR}/index.md": env.get_template("index.md.j2").render(ref=ref)}
    for tag in ref.tags:
        pages[f"{REFERENCE_DIR}/tags/{tag.slug}.md"] = env.get_template("tag.md.j2").render(tag=tag)
    for op in ref.operations:
        pages[f"{REFERENCE_DIR}/operations/{op.slug}.md"] = \
            env.get_template("operation.md.j2").render(op=op)
    for schema in ref.schemas:
        pages[f"{REFERENCE_DIR}/schemas/{schema.slug}.md"] = \
            env.get_template("schema.md.j2").render(schema=schema)
    return {path: escape_snippet_markers(text).rstrip("\n") + "\n"
            for path, text in sorted(pages.items())}
