"""The model of ids, labels and code blocks (urlkeeper.move.anchors, scan) against what
Python-Markdown really renders."""

from __future__ import annotations

import re

import markdown

from urlkeeper.move import anchors, scan

SAMPLE = """# Guide

## Overview

Setext heading
--------------

## Overview

## Roles {#roles}

## Overview {: #overview_1 }

### The [API](api.md) *itself*

A paragraph.
{: #para-id }

## Overview

```
## Not a heading
```
"""


def rendered_ids(text: str) -> list[str]:
    html = markdown.markdown(text, extensions=["attr_list", "toc", "fenced_code"])
    return re.findall(r'\sid="([^"]+)"', html)


def test_ids_follow_toc_unique_suffixes_and_explicit_ids():
    model = [a.id for a in anchors.ids(SAMPLE)]
    assert sorted(model) == sorted(rendered_ids(SAMPLE))
    assert [a.id for a in anchors.ids(SAMPLE) if a.kind == "heading"] == \
        ["guide", "overview", "setext-heading", "overview_2", "roles", "overview_1", "the-api-itself", "overview_3"]


def test_an_indented_line_right_after_a_heading_is_code():
    text = "# Title\n    [x](y.md)\n\nPara\n    [z](w.md)\n"
    assert "<pre><code>[x](y.md)" in markdown.markdown(text)
    assert [ln.dest for ln in scan.find_links(text)] == ["w.md"]


def test_reference_uses_resolve_like_python_markdown():
    # "[b] [c]" is one reference (text b, label c) for Python-Markdown, as for the model
    text = "[a][1] [b] [c][] [d](x.md) [^1] [e][1][^1], [b] and [c][]\n\n[1]: one.md\n[b]: two.md\n[c]: three.md\n[^1]: note\n"
    uses = anchors.ref_uses(text, {"1", "b", "c"})
    assert [(u.text, u.label, u.form) for u in uses] == [("a", "1", "full"), ("b", "c", "full"), ("e", "1", "full"),
                                                         ("b", "b", "shortcut"), ("c", "c", "collapsed")]
    html = markdown.markdown(text, extensions=["footnotes"])
    hrefs = re.findall(r'<a href="([^"]+)">', html)
    assert hrefs == ["one.md", "three.md", "x.md", "one.md", "two.md", "three.md"]
