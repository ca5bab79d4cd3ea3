"""The generated API reference, byte for byte, against a committed snapshot.

The reference's URLs and anchors are frozen, so any change to the generator must leave
its output identical unless the change is meant. Three OpenAPI documents are rendered:
the portal's own (``docs/en/api/openapi.yaml``), ``specs/edges.yaml`` (constructs the
portal's document does not use) and ``specs/bare.yaml`` (almost nothing declared).
Each page is compared with ``tests/api_reference_snapshot/<name>/<page path>``.

After a deliberate change of the output, rewrite the snapshot and review its diff::

    python tests/test_api_reference_snapshot.py --update
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "api_reference_snapshot"
SPECS = {
    "portal": ROOT / "docs" / "en" / "api" / "openapi.yaml",
    "edges": SNAPSHOT / "specs" / "edges.yaml",
    "bare": SNAPSHOT / "specs" / "bare.yaml",
}


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "gen_api_reference_under_test", ROOT / "scripts" / "gen_api_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render(name: str) -> dict[str, str]:
    spec = yaml.safe_load(SPECS[name].read_text(encoding="utf-8"))
    return load_generator().render_reference(spec)


def stored(name: str) -> dict[str, str]:
    folder = SNAPSHOT / name
    return {p.relative_to(folder).as_posix(): p.read_bytes().decode("utf-8")
            for p in sorted(folder.rglob("*.md"))}


def first_difference(want: str, got: str) -> str:
    want_lines, got_lines = want.split("\n"), got.split("\n")
    for n, (w, g) in enumerate(zip(want_lines, got_lines), 1):
        if w != g:
            return f"line {n}:\n  snapshot: {w!r}\n  now:      {g!r}"
    return f"snapshot has {len(want_lines)} lines, now {len(got_lines)}"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_generated_pages_match_the_snapshot(name):
    pages, snapshot = render(name), stored(name)
    assert snapshot, f"no snapshot for {name}: run this file with --update"
    assert sorted(pages) == sorted(snapshot)
    for path, text in pages.items():
        assert text == snapshot[path], f"{name}/{path} differs at {first_difference(snapshot[path], text)}"


def test_the_portal_snapshot_is_the_whole_reference():
    """The snapshot holds every page: index, one per tag, operation and schema."""
    pages = stored("portal")
    spec = yaml.safe_load(SPECS["portal"].read_text(encoding="utf-8"))
    ops = [op for item in spec["paths"].values() for m, op in item.items()
           if m in ("get", "put", "post", "patch", "delete")]
    assert "en/api/reference/index.md" in pages
    assert sum(p.startswith("en/api/reference/operations/") for p in pages) == len(ops)
    assert sum(p.startswith("en/api/reference/schemas/") for p in pages) == len(spec["components"]["schemas"])
    assert sum(p.startswith("en/api/reference/tags/") for p in pages) == len(spec["tags"])


BAD = [
    ([], "the OpenAPI document must be a mapping"),
    ({"components": {"schemas": {"ListItem": {}, "List_Item": {}}}},
     "schemas 'ListItem' and 'List_Item' both map to list-item.md"),
    ({"paths": {"/a": {"get": {"operationId": "getA"}}, "/b": {"get": {"operationId": "get_a"}}}},
     "operations 'getA' and 'get_a' both map to get-a.md"),
    ({"paths": {"/a": {"get": {"tags": ["Sales Pipeline", "sales-pipeline"]}}}},
     "tags 'Sales Pipeline' and 'sales-pipeline' both map to sales-pipeline.md"),
    ({"paths": {"/a": {"$ref": "other.yaml#/paths/a"}}},
     "only local $refs are supported, got 'other.yaml#/paths/a'"),
    ({"paths": {"/a": {"$ref": "#/nowhere"}}}, "unresolvable $ref '#/nowhere'"),
    ({"paths": {"/a": {"$ref": "#/x"}}, "x": {"$ref": "#/x"}}, "$ref loop at '#/x'"),
]


@pytest.mark.parametrize(("spec", "message"), BAD, ids=[m.split(" ")[0] + str(i) for i, (_, m) in enumerate(BAD)])
def test_documents_it_cannot_render_are_refused_with_a_reason(spec, message):
    with pytest.raises((TypeError, ValueError)) as caught:
        load_generator().render_reference(spec)
    assert str(caught.value) == message


def update() -> None:
    for name in SPECS:
        folder = SNAPSHOT / name
        shutil.rmtree(folder, ignore_errors=True)
        for path, text in render(name).items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        print(f"{name}: wrote {len(list(folder.rglob('*.md')))} pages under {folder}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_api_reference_snapshot.py --update")
    update()
