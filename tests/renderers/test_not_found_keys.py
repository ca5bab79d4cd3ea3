"""The 404 page's lookup canonicalizes paths exactly as urlkeeper does (the keys of
redirects.json come from urlkeeper.urls.canonical): the page's own functions, run by Node,
against the Python ones on encoded, case-varied and crafted paths."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from urlkeeper.urls import canonical

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "assets" / "javascripts" / "not-found.js"
NODE = shutil.which("node")

PATHS = ["/en/%64z/", "/en/dz", "/en/%c3%a9/", "/en/%C3%A9.html", "/en/é/index.html", "/en/a%2fb/", "/en/./x/../y",
         "/en/%2e%2e/x/", "//evil.example/", "/a%0D%0Ab", "/en/%5Cx", "/en/a%20b/", "/x/%ff/", "/x/%e2%82/",
         "/en/api/openapi.yaml", "/", "/index.html", "/en/x.html", "/EN/X/", "/en/x%3Fy/", "/en/%25/", "/a//b///c.html"]


@pytest.mark.skipif(NODE is None, reason="node not installed (apt-get install nodejs)")
def test_404_page_keys_equal_urlkeeper_keys():
    text = SCRIPT.read_text(encoding="utf-8")
    start = text.index("  function hex(c)")
    end = text.index("  function decode(path)")
    functions = text[start:end]
    assert re.search(r"function canonical\(path\)", functions)
    program = functions + f"\nprocess.stdout.write(JSON.stringify({json.dumps(PATHS)}.map(canonical)));\n"
    out = subprocess.run([NODE, "-e", program], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    for path, js in zip(PATHS, got):
        assert js == canonical(path), f"{path}: 404 page {js!r}, urlkeeper {canonical(path)!r}"
