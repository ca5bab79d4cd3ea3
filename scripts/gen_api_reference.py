"""Generate the API reference pages from the OpenAPI document.

Run by the mkdocs-gen-files plugin during ``mkdocs build``/``mkdocs serve``: it reads
``<docs_dir>/en/api/openapi.yaml`` and writes virtual Markdown pages under
``en/api/reference/``. The work is done by the ``api_reference`` package next to this
script: a model computed from the document (``model.py`` and its builders), rendered by
Jinja templates (``templates/``). :func:`render_reference` is pure (spec dict in,
``{path relative to docs_dir: Markdown}`` out) and needs neither MkDocs nor the file
system, so tests and benchmarks can import and call it directly.

Pages
    ``en/api/reference/index.md``                      overview and tables of everything
    ``en/api/reference/tags/<tag-kebab>.md``            one page per tag
    ``en/api/reference/operations/<operationId-kebab>.md``
    ``en/api/reference/schemas/<SchemaName-kebab>.md``

Anchors (explicit attr_list ids, stable across builds)
    ``param-<name>``         a parameter; header names are lower-cased because HTTP header
                             names are case-insensitive (``If-Match`` -> ``param-if-match``),
                             other names keep their case (``param-contactId``). When two
                             parameters share a name (``id`` in path and in query), both
                             become ``param-<in>-<name>``.
    ``request-body``         the request body section
    ``response-<code>``      one per response code, lower-cased (``response-200``,
                             ``response-4xx``, ``response-default``)
    ``prop-<name>``          a schema property; nested inline object properties are
                             ``prop-<parent>-<child>`` (also through arrays of objects)

In every id, characters other than ASCII letters, digits, ``_`` and ``-`` become ``-``;
a clash on one page gets a numeric suffix (``-2``, ``-3``) in document order.

Output is deterministic: spec order is kept where the spec gives one (tags, paths,
methods, parameters, properties), everything else is sorted, and nothing depends on the
clock, the environment or hash seeds. ``tests/test_api_reference_snapshot.py`` holds it
to a committed snapshot, byte for byte.

Run ``python scripts/gen_api_reference.py OUT_DIR [SPEC]`` to write the pages to a
directory without MkDocs (handy for reviewing the output).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType

SPEC_PATH = "en/api/openapi.yaml"
PACKAGE = "api_reference"


def _package() -> ModuleType:
    """The ``api_reference`` package beside this script, imported without touching
    ``sys.path`` (mkdocs-gen-files runs this file by path, not as a module). It is
    loaded afresh on every call, so ``mkdocs serve`` picks up edits to it on rebuild as
    it does to this script."""
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), PACKAGE)
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        PACKAGE, os.path.join(folder, "__init__.py"), submodule_search_locations=[folder])
    module = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = module
    spec.loader.exec_module(module)
    return module


def render_reference(spec: dict) -> dict[str, str]:
    """Render the API reference for an OpenAPI 3.0 document.

    Returns ``{path relative to docs_dir: Markdown}``; paths are under
    ``en/api/reference/``. Pure and deterministic: same spec, same output.
    """
    return _package().render_reference(spec)


# --------------------------------------------------------------------------- entry points


def load_spec(path: str) -> dict:
    import yaml

    with open(path, encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    if not isinstance(spec, dict):
        raise ValueError(f"{path}: not an OpenAPI document")
    return spec


def _running_under_gen_files() -> bool:
    try:
        from mkdocs_gen_files.editor import FilesEditor
    except ImportError:
        return False
    return FilesEditor._current is not None


def generate() -> None:
    """Write the pages into the MkDocs build through mkdocs-gen-files."""
    import mkdocs_gen_files

    docs_dir = mkdocs_gen_files.config.docs_dir
    spec = load_spec(os.path.join(docs_dir, *SPEC_PATH.split("/")))
    for path, text in render_reference(spec).items():
        with mkdocs_gen_files.open(path, "w") as fh:
            fh.write(text)


def _cli(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: gen_api_reference.py OUT_DIR [SPEC]", file=sys.stderr)
        return 2
    out_dir = argv[0]
    spec_path = argv[1] if len(argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "docs", *SPEC_PATH.split("/"))
    pages = render_reference(load_spec(spec_path))
    for path, text in pages.items():
        target = os.path.join(out_dir, *path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    print(f"wrote {len(pages)} pages to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
elif _running_under_gen_files():
    generate()
