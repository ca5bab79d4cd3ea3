"""The API reference's model and templates (scripts/api_reference/).

Building the model settles every anchor, cross reference and example; rendering only
reads it, through templates that fail on an undefined name instead of printing nothing.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys

import jinja2
import pytest
import yaml

from test_api_reference_snapshot import ROOT, SPECS, load_generator, stored


@pytest.fixture(scope="module")
def pkg():
    return load_generator()._package()


def build(pkg, name):
    spec = pkg.spec.Spec(yaml.safe_load(SPECS[name].read_text(encoding="utf-8")))
    return spec, pkg.build.build_reference(spec)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_rendering_reads_the_model_and_changes_nothing(pkg, name):
    spec, ref = build(pkg, name)
    before = copy.deepcopy(ref)
    first = pkg.render.render_pages(spec, ref)
    assert ref == before, "rendering changed the model"
    assert pkg.render.render_pages(spec, ref) == first
    assert first == stored(name)


def test_the_model_holds_anchors_closures_and_usage(pkg):
    _spec, ref = build(pkg, "portal")
    ops = {op.op_id: op for op in ref.operations}
    schemas = {s.name: s for s in ref.schemas}
    listing = ops["listContacts"]
    assert [p.anchor for p in listing.params][:2] == ["param-limit", "param-cursor"]
    assert [r.anchor for r in listing.responses][0] == "response-200"
    # the page's schemas are the closure: ContactPage names Contact, which names Address
    assert {"ContactPage", "Contact", "Address", "Error"} <= set(listing.schemas_used)
    assert "Contact" in schemas["Address"].referenced_by
    assert ops["createContact"] in schemas["Contact"].used_by
    # Error is only ever an error body: counted, not listed
    assert schemas["Error"].used_by == [] and schemas["Error"].error_users >= 60
    cursor = next(p for p in ref.overview.shared_params if p.name == "cursor")
    assert cursor.link == "operations/list-contacts.md#param-cursor" and cursor.operations >= 10


def test_anchor_rules_on_edge_cases(pkg):
    _spec, ref = build(pkg, "edges")
    get = next(op for op in ref.operations if op.slug == "get-things-id")
    assert [p.anchor for p in get.params] == [
        "param-path-id", "param-query-id", "param-filter", "param-when", "param-tags",
        "param-if-match", "param-session"]
    thing = next(s for s in ref.schemas if s.name == "Thing")
    anchors = {p.dotted: p.anchor for p in thing.properties}
    # "a-b" takes prop-a-b first, so the nested a.b gets the numbered id
    assert anchors["a-b"] == "prop-a-b" and anchors["a.b"] == "prop-a-b-2"
    assert anchors["a.c.d"] == "prop-a-c-d"
    assert {p.dotted: p.level for p in thing.properties}["a.c.d"] == 5


def test_an_undefined_name_in_a_template_is_an_error(pkg):
    spec, ref = build(pkg, "bare")
    env = pkg.render.environment(spec)
    op = ref.operations[0]
    assert env.from_string("{{ op.title | esc }}").render(op=op) == op.title
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ op.titel }}").render(op=op)
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("operation.md.j2").render()
    with pytest.raises(TypeError, match="printed None"):
        env.from_string("{{ op.body }}").render(op=op)


def test_the_script_writes_the_snapshot_outside_mkdocs(tmp_path):
    """The stand-alone entry point loads the package by path and, under another hash
    seed, writes exactly the snapshot."""
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_api_reference.py"), str(tmp_path)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    written = {p.relative_to(tmp_path).as_posix(): p.read_bytes().decode("utf-8")
               for p in tmp_path.rglob("*.md")}
    assert written == stored("portal")
