"""Benchmark: apply a 1,000-page move plan to a generated 30,000-page tree.

    python benchmarks/bench_move.py [--pages 30000] [--moves 1000] [--links 12] [--keep] [--compare SCRIPTS]

Generates a site (sections of folders of pages, ~12 links a page: relative links with and
without anchors, reference definitions, images, URL-style and raw HTML links, code blocks),
then times ``urlkeeper apply`` end to end (the real command line, one process) on a plain
copy (``--no-git``) and on a copy that is a git work tree (``git mv`` semantics). Prints the
figures; the aim is under 10 s on 2 cores. ``--compare SCRIPTS`` also times the git apply of
another urlkeeper checkout (its ``scripts`` folder, e.g. the commit before the crash-safe
journal) on an identical copy, to measure what a change costs.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOREM = ("The application reads the tenant status before each call and retries with backoff when the "
         "platform answers with a rate limit. Certified applications keep their listing while a new "
         "version is reviewed; beta testers see the new version first. ")


def generate(root: Path, pages: int, links: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    docs = root / "docs"
    per_folder = 100
    paths = []
    for i in range(pages):
        folder = i // per_folder
        section = folder // 10
        name = "index" if i % per_folder == 0 else f"page-{i % per_folder}"
        paths.append(f"en/s{section}/f{folder}/{name}.md")
    for i, rel in enumerate(paths):
        here = os.path.dirname(rel)
        parts = [f"---\ntitle: Page {i}\n---\n# Page {i}\n\n{LOREM}\n\n## Details {{#details}}\n\n"]
        for k in range(links):
            target = paths[rnd.randrange(len(paths))] if k % 3 else paths[(i // 100) * 100 + rnd.randrange(100)]
            relp = os.path.relpath(target, here)
            form = k % 6
            if form == 0:
                parts.append(f"See [page {k}]({relp}) for more. ")
            elif form == 1:
                parts.append(f"Read the [details]({relp}#details) first. ")
            elif form == 2:
                parts.append(f"Use the [reference][r{k}]. ")
            elif form == 3:
                url = "/" + target[:-3].removesuffix("index") + ("/" if not target.endswith("index.md") else "")
                parts.append(f'<a href="{url}">absolute</a> ')
            elif form == 4:
                parts.append(f"`[not a link]({relp})` ")
            else:
                parts.append("![diagram](diagram.png) [up](../index.md) ")
            if k % 4 == 3:
                parts.append(f"\n\n{LOREM}\n\n")
        parts.append("\n\n```python\nprint('[x](y.md)')\n```\n\n")
        for k in range(2, links, 6):
            parts.append(f"[r{k}]: {os.path.relpath(paths[rnd.randrange(len(paths))], here)}\n")
        p = docs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("".join(parts), encoding="utf-8")
    for folder in {os.path.dirname(p) for p in paths}:
        (docs / folder / "diagram.png").write_bytes(b"\x89PNG fake")
    nav = "".join(f"  - en/s{s}/f{s * 10}/index.md\n" for s in range(pages // 1000 + 1) if s * 1000 < pages)
    (root / "mkdocs.yml").write_text(
        "site_name: Bench\nsite_url: https://docs.example.com/\ndocs_dir: docs\n"
        "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        f"nav:\n{nav}", encoding="utf-8")
    return paths


def make_plan(root: Path, paths: list[str], moves: int, seed: int = 2) -> Path:
    rnd = random.Random(seed)
    chosen = rnd.sample([p for p in paths if not p.endswith("index.md")], moves)
    lines = ["moves:"]
    for i, src in enumerate(chosen):
        lines.append(f"  - from: {src}\n    to: en/moved/g{i % 20}/{os.path.basename(src)[:-3]}-{i}.md")
    plan = root / "redirects" / "plans" / "bench.yml"
    plan.parent.mkdir(parents=True, exist_ok=True)
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return plan


def run(cwd: Path, *args: str, scripts: str | None = None) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": scripts} if scripts else None
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "urlkeeper", "apply", "redirects/plans/bench.yml", *args],
                          cwd=cwd, capture_output=True, text=True, env=env)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"apply failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return took, proc.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=30000)
    ap.add_argument("--moves", type=int, default=1000)
    ap.add_argument("--links", type=int, default=12)
    ap.add_argument("--keep", action="store_true", help="keep the generated trees")
    ap.add_argument("--compare", metavar="SCRIPTS", help="also time the git apply of the urlkeeper package in this folder")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-move-"))
    plain, repo = work / "plain", work / "git"
    t0 = time.perf_counter()
    paths = generate(plain, args.pages, args.links)
    make_plan(plain, paths, args.moves)
    size = sum(p.stat().st_size for p in (plain / "docs").rglob("*.md"))
    print(f"generated {args.pages} pages ({size / 1e6:.1f} MB of Markdown, ~{args.links} links a page) "
          f"in {time.perf_counter() - t0:.1f}s; plan: {args.moves} page moves; {os.cpu_count()} CPUs")
    shutil.copytree(plain, repo)
    other = work / "other"
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com"}
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "tree"]):
        subprocess.run(["git", "-c", "gc.auto=0", *cmd], cwd=repo, env=env, check=True)  # no gc behind the copy
    if args.compare:
        shutil.copytree(repo, other, symlinks=True)

    took, out = run(plain, "--dry-run")
    print(f"dry run (plan + diffs, no git):  {took:6.2f} s")
    took, out = run(plain, "--no-git")
    print(f"apply without git:               {took:6.2f} s   {out}")
    took, out = run(repo)
    print(f"apply with git (git mv index):   {took:6.2f} s   {out}")
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    renamed = sum(1 for line in status.splitlines() if line.startswith("R"))
    print(f"git status: {renamed} renames staged")
    took, out = run(repo)
    print(f"apply again (no-op):             {took:6.2f} s   {out}")
    if args.compare:
        took, out = run(other, scripts=args.compare)
        print(f"apply with git, {args.compare}: {took:6.2f} s   {out}")
    if args.keep:
        print(f"trees kept in {work}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
