"""Blog post URLs as Material for MkDocs' blog plugin makes them, computed without MkDocs.

A post's URL does not follow its file path: it is ``/<blog_dir>/<post_url_format>/`` filled
with the post's date (``post_url_date_format``), its slug (front matter ``slug``, else the
title through ``post_slugify``), its first categories and its file name. ``from-git`` and
the link checker's source map use this module to know which URL a post had at a revision
and has now.

Only the slug functions MkDocs users name in ``mkdocs.yml`` for this purpose are computed
(``pymdownx.slugs.slugify``, ``markdown.extensions.toc.slugify`` and ``slugify_unicode``);
any other is bad input, since urlkeeper does not run code named in a config file.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import yaml

from . import yamlsrc
from .errors import InputError

PLUGIN_NAMES = ("blog", "material/blog")
SLUG_MODULES = ("pymdownx.slugs", "markdown.extensions.toc")
FRONT_MATTER = re.compile(r"\A-{3}\s*\n(.*?\n)?(?:-{3}|\.{3})\s*\n", re.S)


@dataclass(frozen=True)
class PyRef:
    """A ``!!python/name:X`` or ``!!python/object/apply:X`` value of mkdocs.yml, not run."""

    name: str
    apply: bool = False
    kwds: dict = field(default_factory=dict)
    args: tuple = ()


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PyRef:
    kind, _, name = suffix.partition(":")
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
        return PyRef(name, kind.endswith("apply"), dict(value.get("kwds") or {}), tuple(value.get("args") or ()))
    if isinstance(node, yaml.SequenceNode):
        return PyRef(name, kind.endswith("apply"), {}, tuple(loader.construct_sequence(node, deep=True)))
    return PyRef(name, kind.endswith("apply"))


class _Loader(yaml.SafeLoader):
    """Keeps python tags as :class:`PyRef`; other unknown tags read as plain values."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
_Loader.add_multi_constructor("", yamlsrc._unknown)


def load_config_text(text: str, name: str) -> dict:
    try:
        data = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise yamlsrc._error(exc, name) from None
    if not isinstance(data, dict):
        raise InputError("expected a mapping at the top level", name, 1)
    return data


def _default_slugify() -> Callable[[str, str], str]:
    from pymdownx.slugs import slugify

    return slugify(case="lower")


def resolve_slugify(value, name: str, key: str) -> Callable[[str, str], str]:
    if value is None:
        return _default_slugify()
    if not isinstance(value, PyRef):
        raise InputError(f"blog option {key} must name a slug function (!!python/name: or !!python/object/apply:)", name)
    module, _, attr = value.name.rpartition(".")
    if module not in SLUG_MODULES:
        raise InputError(f"blog option {key}: urlkeeper computes slugs only with functions of {', '.join(SLUG_MODULES)}, "
                         f"not {value.name}; give the posts an explicit slug", name)
    try:
        func = getattr(importlib.import_module(module), attr)
        return func(*value.args, **value.kwds) if value.apply else func
    except (ImportError, AttributeError, TypeError) as exc:
        raise InputError(f"blog option {key}: cannot use {value.name}: {exc}", name) from None


@dataclass(frozen=True)
class BlogSettings:
    """The options of one blog plugin instance that decide post URLs (the plugin's defaults)."""

    blog_dir: str = "blog"
    post_dir: str = "{blog}/posts"
    post_url_format: str = "{date}/{slug}"
    post_url_date_format: str = "yyyy/MM/dd"
    post_url_max_categories: int = 1
    post_slugify: Callable = field(default=None, compare=False)
    post_slugify_separator: str = "-"
    categories_slugify: Callable = field(default=None, compare=False)
    categories_slugify_separator: str = "-"
    draft: bool = False
    archive: bool = True
    archive_url_format: str = "archive/{date}"
    archive_url_date_format: str = "yyyy"
    categories: bool = True
    categories_url_format: str = "category/{slug}"
    language: str = "en"

    @property
    def root(self) -> str:
        return posixpath.normpath(self.blog_dir)

    @property
    def posts_dir(self) -> str:
        return posixpath.normpath(self.post_dir.format(blog=self.root))

    @property
    def index_url(self) -> str:
        return "/" + self.root.strip("/") + "/" if self.root not in (".", "") else "/"

    def is_post(self, src: str) -> bool:
        return src.startswith(self.posts_dir + "/") and src.endswith((".md", ".markdown"))


def _plugins(value) -> Iterable[tuple[str, object]]:
    """(name, options) of each plugin of mkdocs.yml (a list of names and mappings, or a mapping)."""
    if isinstance(value, dict):
        yield from value.items()
        return
    for plugin in value or []:
        if isinstance(plugin, str):
            yield plugin, {}
        elif isinstance(plugin, dict):
            yield from plugin.items()


def settings_from(data: dict, name: str) -> list[BlogSettings]:
    """The blog plugin instances configured in a parsed mkdocs.yml (none when it has no blog)."""
    theme = data.get("theme") or {}
    language = str((theme.get("language") if isinstance(theme, dict) else None) or "en")
    out: list[BlogSettings] = []
    for key, options in _plugins(data.get("plugins")):
        if str(key).split(" #")[0] not in PLUGIN_NAMES:
            continue
        options = options or {}
        if not isinstance(options, dict):
            raise InputError(f"the {key} plugin's options must be a mapping", name)
        if options.get("enabled", True) is False:
            continue
        simple = {k: options[k] for k in ("blog_dir", "post_dir", "post_url_format", "post_url_date_format",
                                          "post_url_max_categories", "post_slugify_separator",
                                          "categories_slugify_separator", "draft", "archive",
                                          "archive_url_format", "archive_url_date_format", "categories",
                                          "categories_url_format") if k in options}
        out.append(BlogSettings(
            **simple, language=language,
            post_slugify=resolve_slugify(options.get("post_slugify"), name, "post_slugify"),
            categories_slugify=resolve_slugify(options.get("categories_slugify"), name, "categories_slugify"),
        ))
    return out


def load_settings(config_file: str | Path) -> list[BlogSettings]:
    path = Path(config_file)
    return settings_from(load_config_text(yamlsrc.read_text(path), str(path)), str(path))


# ---- one post ------------------------------------------------------------------------------


def front_matter(text: str, name: str) -> tuple[dict, str]:
    """(metadata, body) of a post; bad YAML is bad input naming the file."""
    text = text.lstrip("\ufeff")
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.load(m.group(1) or "", Loader=yamlsrc._FastLoader) or {}  # libyaml when present
    except yaml.YAMLError as exc:
        raise yamlsrc._error(exc, name) from None
    if not isinstance(meta, dict):
        raise InputError("the front matter must be a mapping", name, 1)
    return meta, text[m.end():]


def _created(meta: dict, name: str) -> dt.datetime:
    value = meta.get("date")
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise InputError(f"post date {value!r} is not a date", name) from None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    raise InputError("a blog post needs a date in its front matter (date: or date.created:)", name)


def title_of(meta: dict, body: str, src: str) -> str:
    """The title MkDocs gives a post before rendering it: ``title``, the leading H1, the file name."""
    if "title" in meta:
        return str(meta["title"])
    for line in body.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        if line.startswith("# "):
            return line.lstrip("# ")
        break
    stem = posixpath.splitext(posixpath.basename(src))[0]
    title = stem.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _format_date(when: dt.datetime, pattern: str, language: str) -> str:
    try:
        from babel.dates import format_date, format_datetime
    except ImportError:
        raise InputError("computing blog post URLs needs Babel (installed with mkdocs-material)") from None
    locale = language.replace("-", "_")
    if pattern in ("full", "long", "medium", "short"):
        return format_date(when, format=pattern, locale=locale)
    return format_datetime(when, format=pattern, locale=locale)


@dataclass(frozen=True)
class PostInfo:
    """Where one published post appears: its own URL, its category pages, its archive page."""

    url: str
    categories: dict[str, str]  # category name -> URL of its page ({} when categories are off)
    archive: str | None  # URL of the archive page that lists it (None when the archive is off)


def _url(settings: BlogSettings, path: str) -> str:
    path = posixpath.normpath(path.strip("/"))
    return "/" + posixpath.join(settings.root, path).strip("/") + "/"


def post_info(settings: BlogSettings, src: str, text: str, name: str | None = None) -> PostInfo | None:
    """Where post ``src`` (docs-relative path) with content ``text`` is published; None for a
    draft that the blog does not publish."""
    name = name or src
    meta, body = front_matter(text, name)
    if meta.get("draft") and not settings.draft:
        return None
    names = [str(c) for c in (meta.get("categories") or [])]
    cat_slug = settings.categories_slugify or _default_slugify()
    post_slug = settings.post_slugify or _default_slugify()
    created = _created(meta, name)
    path = settings.post_url_format.format(
        categories="/".join(cat_slug(c, settings.categories_slugify_separator)
                            for c in names[: settings.post_url_max_categories]),
        date=_format_date(created, settings.post_url_date_format, settings.language),
        file=posixpath.splitext(posixpath.basename(src))[0],
        slug=meta.get("slug") or post_slug(title_of(meta, body, src), settings.post_slugify_separator),
    )
    categories = {c: _url(settings, settings.categories_url_format.format(
        slug=cat_slug(c, settings.categories_slugify_separator))) for c in names} if settings.categories else {}
    archive = _url(settings, settings.archive_url_format.format(
        date=_format_date(created, settings.archive_url_date_format, settings.language))) if settings.archive else None
    return PostInfo(_url(settings, path), categories, archive)


def post_url(settings: BlogSettings, src: str, text: str, name: str | None = None) -> str | None:
    """The site-relative URL of post ``src``; None for an unpublished draft."""
    info = post_info(settings, src, text, name)
    return info.url if info else None


def posts_info(settings: Iterable[BlogSettings], sources: dict[str, str],
               label: Callable[[str], str] = str) -> dict[str, PostInfo]:
    """{docs-relative post path: PostInfo} for every published post among ``sources`` (path -> text)."""
    out: dict[str, PostInfo] = {}
    for s in settings:
        for src in sorted(sources):
            if s.is_post(src) and src not in out:
                info = post_info(s, src, sources[src], label(src))
                if info:
                    out[src] = info
    return out


def post_urls(settings: Iterable[BlogSettings], sources: dict[str, str], label: Callable[[str], str] = str) -> dict[str, str]:
    """{docs-relative post path: URL} for every published post among ``sources`` (path -> text)."""
    return {src: info.url for src, info in posts_info(settings, sources, label).items()}


def read_posts(docs_dir: str | Path, settings: Iterable[BlogSettings]) -> dict[str, str]:
    """{docs-relative path: text} of the post files under each blog's posts folder."""
    docs = Path(docs_dir)
    out: dict[str, str] = {}
    for s in settings:
        base = docs / s.posts_dir
        for dirpath, _dirs, names in os.walk(base):
            for n in names:
                if n.endswith((".md", ".markdown")):
                    path = Path(dirpath) / n
                    out[path.relative_to(docs).as_posix()] = yamlsrc.read_text(path)
    return out


__all__ = ["BlogSettings", "PostInfo", "PyRef", "load_settings", "settings_from", "load_config_text", "post_url",
           "post_info", "posts_info", "post_urls", "read_posts", "front_matter", "title_of"]
