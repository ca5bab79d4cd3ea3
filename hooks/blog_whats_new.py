"""MkDocs hook: "What's new" on the documentation pages that blog posts announce.

A post announces the documentation pages its excerpt (the text before ``<!-- more -->``) links
to with inline links, plus any listed in its front matter under ``announces:`` (paths relative to the
post, like links). Each announced page gets a "What's new" box under its title with the
newest posts (at most ``MAX_POSTS``) that announce it. Nothing is maintained by hand: the
list comes from the posts at every build. An ``announces:`` entry that is not a page of the
site is a warning (``mkdocs build --strict`` fails).

Every post needs a ``description`` (plain text) in its front matter: the RSS and JSON feeds
use it as the item's summary. A post without one is a warning.

The hook also hands the posts (title, URL, date) to the templates as ``blog_posts``, which
overrides/main.html adds to the navigation filter's data.

Posts are read from Material's blog plugin, which creates them (and sets their URLs) late in
``on_files``; this hook reads them in ``on_nav``, which runs after every ``on_files``.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.blog_whats_new")

MAX_POSTS = 3
# Inline Markdown links and images' targets: [text](target "title")
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")


@dataclass(frozen=True)
class Announcement:
    title: str
    url: str  # site-root-relative, as MkDocs keeps page URLs ("en/blog/2024/10/08/x/")
    date: object  # datetime of creation
    src: str


_announced: dict[str, list[Announcement]] = {}
_posts: list[Announcement] = []


def blog_posts(config) -> list[tuple[object, str]]:
    """(post, excerpt separator) for the published posts of every blog plugin instance."""
    posts = []
    for name, plugin in (config.plugins or {}).items():
        if name.split(" #")[0] not in ("material/blog", "blog"):
            continue
        separator = plugin.config.post_excerpt_separator
        blog = getattr(plugin, "blog", None)
        posts.extend((post, separator) for post in getattr(blog, "posts", None) or [])
    return posts


def plain_title(title) -> str:
    """The post's title as text: the first heading's Markdown code marks and emphasis removed."""
    return re.sub(r"`|\*\*|(?<!\w)[*_]|[*_](?!\w)", "", str(title or "")).strip()


def _excerpt(post, separator: str) -> str:
    text = post.markdown or ""
    return text.split(separator, 1)[0] if separator in text else ""


def _targets(post, files, separator: str) -> set[str]:
    """docs-relative paths of the documentation pages the post announces."""
    base = posixpath.dirname(post.file.src_uri)
    out: set[str] = set()
    for dest in LINK.findall(_excerpt(post, separator)):
        path = unquote(dest.split("#", 1)[0].split("?", 1)[0])
        if not path.endswith(".md") or "://" in path or path.startswith("/"):
            continue
        out.add(posixpath.normpath(posixpath.join(base, path)))
    extra = post.meta.get("announces") or []
    if isinstance(extra, str):
        extra = [extra]
    for path in extra:
        rel = posixpath.normpath(posixpath.join(base, str(path)))
        if files.get_file_from_path(rel) is None:
            log.warning("blog post %s announces '%s', which is not a page of the site", post.file.src_uri, path)
            continue
        out.add(rel)
    return out


def on_nav(nav, config, files, **kwargs):
    _announced.clear()
    _posts.clear()
    posts = blog_posts(config)
    post_srcs = {p.file.src_uri for p, _ in posts}
    for post, separator in posts:
        if not str(post.meta.get("description") or "").strip():
            # The feeds use it as the item's summary; without it they fall back to raw Markdown.
            log.warning("blog post %s has no 'description' in its front matter (the feed's summary)",
                        post.file.src_uri)
        item = Announcement(plain_title(post.title), post.file.url, post.config.date.created, post.file.src_uri)
        _posts.append(item)
        for target in _targets(post, files, separator):
            if target in post_srcs or files.get_file_from_path(target) is None:
                continue
            _announced.setdefault(target, []).append(item)
    for items in _announced.values():
        items.sort(key=lambda a: (a.date, a.src), reverse=True)
    _posts.sort(key=lambda a: (a.date, a.src), reverse=True)
    return nav


def on_env(env, config, files, **kwargs):
    env.globals["blog_posts"] = [{"t": p.title, "u": p.url} for p in _posts]
    return env


def render_box(items: list[Announcement], page_url: str) -> str:
    rows = []
    for a in items[:MAX_POSTS]:
        href = get_relative_url(a.url, page_url)
        day = f"{a.date.day} {a.date:%B %Y}"
        rows.append(f'<li><a href="{html.escape(href)}">{html.escape(a.title)}</a> &middot; '
                    f'<time datetime="{a.date:%Y-%m-%d}">{html.escape(day)}</time></li>')
    return ('<aside class="admonition info whats-new" aria-label="What\'s new">'
            '<p class="admonition-title">What\'s new</p>'
            f'<ul>{"".join(rows)}</ul></aside>')


def on_page_content(content: str, page, config, files, **kwargs):
    items = _announced.get(page.file.src_uri)
    if not items:
        return content
    box = render_box(items, page.url)
    end = content.find("</h1>")
    if end < 0:
        return box + content
    end += len("</h1>")
    return content[:end] + box + content[end:]
