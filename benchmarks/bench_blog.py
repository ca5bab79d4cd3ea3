"""Benchmark: ``urlkeeper redirects from-git`` on a blog whose post URL format changed.

    python benchmarks/bench_blog.py [--posts 3000] [--pages 2000] [--keep]

Generates a git repository with a docs tree of ``--pages`` pages and a Material blog of
``--posts`` posts (dates over ten years, three categories, half with an explicit slug and
half with a slug from the title), commits it, changes ``post_url_format`` and renames a tenth
of the slugs, then times ``urlkeeper redirects from-git HEAD`` end to end (the real command
line, one process): every post is read at HEAD from git and now from disk, and its URL
computed both times. Prints the time and the number of rules; the cost is linear in posts.
No MkDocs build is needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CATEGORIES = ("Announcements", "API changes", "Guides")
BODY = ("The platform now answers with a clearer error when a token expires. Read the guide to "
        "update your integration before the change.\n\n<!-- more -->\n\n## Details {#details}\n\nMore text.\n")


def generate(root: Path, posts: int, pages: int) -> None:
    docs = root / "docs"
    for i in range(pages):
        path = docs / "en" / f"s{i // 100}" / f"page-{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Page {i}\n\nText.\n", encoding="utf-8")
    posts_dir = docs / "en" / "blog" / "posts"
    posts_dir.mkdir(parents=True)
    (docs / "en" / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    start = dt.date(2016, 1, 1)
    for i in range(posts):
        day = start + dt.timedelta(days=(i * 37) % 3650)
        slug = f"slug: post-{i}\n" if i % 2 else ""
        (posts_dir / f"post-{i}.md").write_text(
            f"---\ndate:\n  created: {day.isoformat()}\ncategories: [{CATEGORIES[i % 3]}]\n{slug}---\n\n"
            f"# Release note number {i}: what changes for integrations\n\n{BODY}", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Bench\nsite_url: https://docs.example.com/\ntheme: {name: material}\n"
        "plugins:\n  - urlkeeper:\n      language_prefix: /en\n"
        "  - blog:\n      blog_dir: en/blog\n      post_url_format: '{date}/{slug}'\n", encoding="utf-8")
    (root / "redirects").mkdir()


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=b@example.com", "-c", "user.name=b", *args], cwd=root, check=True,
                   capture_output=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--keep", action="store_true", help="keep the generated repository")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="urlkeeper-bench-blog-"))
    try:
        t = time.perf_counter()
        generate(root, args.posts, args.pages)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "v1")
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().replace("'{date}/{slug}'", "'{categories}/{slug}'"), encoding="utf-8")
        renamed = 0
        for i in range(1, args.posts, 20):  # every tenth post with an explicit slug
            path = root / "docs/en/blog/posts" / f"post-{i}.md"
            path.write_text(path.read_text().replace(f"slug: post-{i}\n", f"slug: renamed-{i}\n"), encoding="utf-8")
            renamed += 1
        print(f"generated {args.posts} posts, {args.pages} pages in {time.perf_counter() - t:.1f}s "
              f"({renamed} slugs renamed); {root}")
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "urlkeeper", "redirects", "from-git", "HEAD"], cwd=root,
                              capture_output=True, text=True)
        took = time.perf_counter() - t
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        rules = proc.stdout.count("- from:")
        print(f"urlkeeper redirects from-git HEAD: {rules} rules in {took:.2f}s")
        return 0 if rules == args.posts else 1
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
