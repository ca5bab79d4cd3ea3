"""The pages urlkeeper writes into a site, rendered from the Jinja templates shipped in
``urlkeeper/templates/``: ``redirect.html`` (the page at an old URL) and ``forward.html`` (the
script a live page gets to forward old fragments).

A site overrides one by placing a template of the same name in ``urlkeeper/`` under its
override folder (the theme's ``custom_dir``: ``overrides/urlkeeper/redirect.html``). Escaping
holds in an override too: every value is HTML-escaped unless a filter made it safe, and
``|js`` writes JSON that cannot close a ``<script>`` (``<``, ``>``, ``&``, U+2028 and U+2029
as ``\\u`` escapes). Undefined names are errors (``StrictUndefined``).
"""

from __future__ import annotations

import html
import json
import traceback
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from .errors import InputError

SHIPPED = Path(__file__).parent / "templates"
OVERRIDE_FOLDER = "urlkeeper"  # inside the site's override folder (theme.custom_dir)
_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def js(value) -> Markup:
    """JSON that is safe inside ``<script>`` (no ``</script>``, no ``<!--``), keys sorted."""
    return Markup("".join(_JS_ESCAPES.get(c, c) for c in json.dumps(value, ensure_ascii=False, sort_keys=True)))


def text(value: str) -> Markup:
    """Text content: ``&``, ``<`` and ``>`` escaped, quotes kept (they are safe outside attributes)."""
    return Markup(html.escape(str(value), quote=False))


def _escape(value):
    """Every value written as is: escaped for HTML (quotes too), unless already safe."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(html.escape(value, quote=True))
    return value


@lru_cache(maxsize=8)
def environment(override_dir: str | None = None) -> Environment:
    """Templates from ``<override_dir>/urlkeeper/`` first (when given), then the shipped ones."""
    loaders = [FileSystemLoader(Path(override_dir) / OVERRIDE_FOLDER)] if override_dir else []
    env = Environment(loader=ChoiceLoader([*loaders, FileSystemLoader(SHIPPED)]), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True, finalize=_escape)
    env.filters["js"] = js
    env.filters["text"] = text
    return env


def render(name: str, override_dir: str | Path | None = None, **context) -> str:
    """Template ``name`` rendered; a broken template (an override, usually) is bad input that
    names its file and line."""
    try:
        return environment(str(override_dir) if override_dir else None).get_template(name).render(**context)
    except TemplateError as exc:
        raise _bad_template(exc, name) from None


def _bad_template(exc: TemplateError, name: str) -> InputError:
    file, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if file is None:  # an error while rendering: the template's frame names its file and line
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename.endswith(".html"):
                file, line = frame.f_code.co_filename, lineno
    return InputError(f"template {name}: {exc.message or type(exc).__name__}", file, line)


def override_dir(mkdocs_data: dict | None, root: Path) -> Path | None:
    """The theme's ``custom_dir`` of a parsed ``mkdocs.yml`` (relative to its folder), if any."""
    theme = (mkdocs_data or {}).get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return root / custom if isinstance(custom, str) and custom else None
