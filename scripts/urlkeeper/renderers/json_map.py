"""``json``: ``redirects.json`` at the site root, the map the site's 404 page redirects with.

::

    {"base_path":"","exact":{"/en/apps/overview/":"/en/developer-portal/about/"},
     "language_prefix":"/en","prefix":[["/en/apps/","/en/developer-portal/*"]],"version":1}

``exact`` maps canonical keys (as :func:`urlkeeper.urls.canonical` gives them) to targets;
``prefix`` lists ``[prefix, target]`` pairs, longest prefix first, a target ending in ``*``
(before any ``#fragment``) taking the rest of the path. Sources and targets carry the base
path. The 404 page canonicalizes the requested path the same way, looks it up, then tries
the form with the language prefix added (after the base path). Compact and sorted, so the
file only changes when a rule does.
"""

from __future__ import annotations

import json

from ..urls import join_base
from .base import RenderInput, Rendered, Renderer, register

VERSION = 1


@register
class JsonMap(Renderer):
    name = "json"
    filename = "redirects.json"
    description = "redirects.json for the site's 404 page (client-side redirects)"

    def render(self, data: RenderInput) -> Rendered:
        base = data.base_path
        exact: dict[str, str] = {}
        prefix: dict[str, str] = {}
        for rule in data.rules:
            table = prefix if rule.prefix else exact
            table.setdefault(join_base(base, rule.source), join_base(base, rule.final))
        doc = {
            "version": VERSION,
            "language_prefix": data.language_prefix or "",
            "base_path": base.rstrip("/") if base and base != "/" else "",
            "exact": dict(sorted(exact.items())),
            "prefix": [[s, prefix[s]] for s in sorted(prefix, key=lambda s: (-len(s), s))],
        }
        if data.legacy_html:  # legacy_forms: [html]: the 404 page sends /x.html to the page /x/
            doc["legacy_html"] = True
        out = Rendered()
        out.files[self.filename] = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        return out
