"""A small Material site with a blog, in a git repository, for the blog URL tests.

Version 1 is built, its inventory becomes the baseline (as for the real site) and it is
committed; the tests then change what a post's URL comes from and ask urlkeeper.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from conftest import ROOT, build, urlkeeper, write_tree

FILLER = ("Apps call the REST API of the CRM platform on behalf of a tenant, with an access "
          "token issued for the app. Limits apply per app and tenant.\n\n")

PAGES = {
    "en/index.md": "# Home\n\n" + FILLER,
    "en/developer-portal/index.md": "# Developer Portal\n\n" + FILLER,
    "en/developer-portal/analytics/failures.md": "# Failures\n\n" + FILLER + "## Filters {#filters}\n\n" + FILLER
                                                + "## Alerts {#alerts}\n\n" + FILLER,
    "en/developer-portal/analytics/logs.md": "# Logs\n\n" + FILLER + "## Exporting {#export}\n\n" + FILLER,
    "en/blog/index.md": "# Blog\n\nNews for developers.\n",
    "en/blog/.authors.yml": "authors:\n  mira:\n    name: Mira Halden\n    description: Developer Relations\n"
                            "    avatar: en/blog/mira.svg\n",
    "en/blog/mira.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n',
}


def post(date: str, title: str, category: str, body: str, slug: str | None = None) -> str:
    front = (f"date:\n  created: {date}\nauthors: [mira]\ncategories: [{category}]\n"
             f"tags: [analytics]\ndescription: {json.dumps(title)}\n")
    if slug:
        front += f"slug: {slug}\n"
    return f"---\n{front}---\n\n# {title}\n\n{body}\n\n<!-- more -->\n\n## Details {{#details}}\n\n{FILLER}"


POSTS = {
    "en/blog/posts/failures.md": post(
        "2024-10-08", "New in Analytics: the Failures view", "Product updates",
        "Read the [Failures view](../../developer-portal/analytics/failures.md#filters).", slug="new-failures-view"),
    "en/blog/posts/logs.md": post(
        "2024-11-04", "Logs API: cursor pagination", "API changes",
        "See [Exporting](../../developer-portal/analytics/logs.md#export)."),  # slug from the title
    "en/blog/posts/portal.md": post(
        "2024-09-16", "One Developer Portal", "Announcements",
        "The guides moved to the [Developer Portal](../../developer-portal/index.md).", slug="one-developer-portal"),
}

# The README's filter for the blog baseline.
BLOG_BASELINE = re.compile(r"^/en/blog/([0-9]{4}/|(archive|category)/[^#]*$|$)")

# The URLs version 1 publishes (the test checks them against the build).
OLD_URLS = {
    "en/blog/posts/failures.md": "/en/blog/2024/10/08/new-failures-view/",
    "en/blog/posts/logs.md": "/en/blog/2024/11/04/logs-api-cursor-pagination/",
    "en/blog/posts/portal.md": "/en/blog/2024/09/16/one-developer-portal/",
}


def config(site_url: str, theme_dir: bool) -> dict:
    cfg = {
        "site_name": "Portal",
        "site_url": site_url,
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "en", "font": False,
                  "features": ["navigation.instant", "navigation.tabs", "navigation.indexes"]},
        "plugins": [
            "search",
            {"urlkeeper": {"language_prefix": "/en", "redirects_dir": "redirects",
                           "baselines_dir": "redirects/baselines", "formats": ["html", "json"]}},
            {"blog": {"blog_dir": "en/blog", "post_url_format": "{date}/{slug}"}},
        ],
        "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}],
    }
    if theme_dir:
        cfg["theme"]["custom_dir"] = "overrides"
        cfg["hooks"] = ["hooks/not_found.py", "hooks/blog_whats_new.py"]
        cfg["extra_css"] = ["assets/stylesheets/nav-filter.css"]
        cfg["extra_javascript"] = ["assets/javascripts/nav-filter.js"]
    return cfg


def git(project: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def make(base: Path, site_url: str = "https://developers.example.com/", theme_dir: bool = False) -> Path:
    """Version 1: built, baseline written from its inventory, committed."""
    write_tree(base / "docs", {**PAGES, **POSTS})
    if theme_dir:
        shutil.copytree(ROOT / "overrides", base / "overrides")
        shutil.copytree(ROOT / "hooks", base / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "docs" / "assets", base / "docs" / "assets")
    write_config(base, config(site_url, theme_dir))
    (base / "redirects" / "baselines").mkdir(parents=True)
    build(base)
    proc = urlkeeper("inventory", "site", "-o", "inventory.txt", cwd=base)
    assert proc.returncode == 0, proc.stderr
    lines = (base / "inventory.txt").read_text(encoding="utf-8").splitlines()
    (base / "inventory.txt").unlink()
    # As for the real site (README, "The blog"): posts with their anchors, listings as URLs only.
    blog_lines = [ln for ln in lines if BLOG_BASELINE.match(ln) and "/page/" not in ln]
    other = [ln for ln in lines if not ln.startswith("/en/blog/")]
    (base / "redirects/baselines/en.txt").write_text("\n".join(other) + "\n", encoding="utf-8")
    (base / "redirects/baselines/blog.txt").write_text("\n".join(blog_lines) + "\n", encoding="utf-8")
    (base / ".gitignore").write_text("site/\n.urlkeeper-cache/\n", encoding="utf-8")
    git(base, "init", "-q", "-b", "main")
    git(base, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A")
    git(base, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "v1")
    return base


def write_config(base: Path, cfg: dict) -> None:
    (base / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")


def read_config(base: Path) -> dict:
    return yaml.safe_load((base / "mkdocs.yml").read_text(encoding="utf-8"))


def set_blog(base: Path, **options) -> None:
    cfg = read_config(base)
    for plugin in cfg["plugins"]:
        if isinstance(plugin, dict) and "blog" in plugin:
            plugin["blog"].update(options)
    write_config(base, cfg)


def edit_post(base: Path, rel: str, old: str, new: str) -> None:
    path = base / "docs" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
