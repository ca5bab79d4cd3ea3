"""Moves and folds on a real documentation tree: does every rendered link keep its target?

    python benchmarks/corpus_moves.py DOCS_DIR WORK_DIR [--moves 60] [--folds 12] [--seed 1]
                                      [--extensions ...] [--limit-pages N]

DOCS_DIR is a folder of Markdown pages (a public MkDocs or DocFX tree, checked out outside
this repository; nothing of it is committed). The tree is copied into WORK_DIR (a git work
tree), built with MkDocs, restructured by a generated plan (page moves to other folders,
pages folded into sections of pages of their folder, with and without a section id, one
path reused: ``B -> C`` and ``A -> B``, one folder move) applied with the real
``urlkeeper apply``, built again, and every rendered link of both builds is resolved to the
content it reaches (:mod:`urlkeeper.move.rendered`). Prints one JSON line: pages, plan size,
links compared, links whose target changed, apply time, and examples of changes. When
``apply`` refuses the plan (its own verification found a link that would change target),
the refusals are counted, the moves they name are dropped and the rest is applied.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from urlkeeper.move.rendered import Built, compare

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "GIT_AUTHOR_NAME": "b",
       "GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com"}
EXTENSIONS = ["attr_list", {"toc": {"permalink": True}}, "footnotes", "abbr", "admonition", "tables", "def_list",
              "md_in_html"]


def run(cmd: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def prepare(src: Path, work: Path, limit: int) -> list[str]:
    if work.exists():
        shutil.rmtree(work)
    docs = work / "docs"
    shutil.copytree(src, docs, ignore=shutil.ignore_patterns(".git"))
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    if limit and len(pages) > limit:  # keep whole folders, in order, up to about ``limit`` pages
        keep: set[str] = set()
        for folder in sorted({posixpath.dirname(p) for p in pages}):
            if len(keep) >= limit:
                shutil.rmtree(docs / folder, ignore_errors=True) if folder else None
                continue
            keep.update(p for p in pages if posixpath.dirname(p) == folder)
        pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    first = pages[0]
    cfg = {"site_name": "Corpus", "site_url": "https://docs.example.com/", "docs_dir": "docs", "theme": {"name": "mkdocs"},
           "use_directory_urls": True, "markdown_extensions": EXTENSIONS, "nav": [first], "plugins": [],
           "validation": {"nav": {"omitted_files": "ignore", "not_found": "ignore", "absolute_links": "ignore"},
                          "links": {"not_found": "ignore", "anchors": "ignore", "absolute_links": "ignore",
                                    "unrecognized_links": "ignore"}}}
    (work / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    run(["git", "init", "-q", "-b", "main"], work)
    run(["git", "add", "-A"], work)
    run(["git", "commit", "-qm", "tree"], work)
    return pages


def make_plan(pages: list[str], n_moves: int, n_folds: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    plain = [p for p in pages if posixpath.basename(p) not in ("index.md", "README.md", "toc.md")]
    by_folder: dict[str, list[str]] = {}
    for p in plain:
        by_folder.setdefault(posixpath.dirname(p), []).append(p)
    used: set[str] = set()
    moves: list[dict] = []
    folders = sorted(by_folder)
    # one reused path: B -> C, A -> B (listed with the taker first)
    for folder in rnd.sample(folders, len(folders)):
        if len(by_folder[folder]) >= 2:
            a, b = rnd.sample(by_folder[folder], 2)
            c = b[:-3] + "-previous.md"
            moves += [{"from": a, "to": b}, {"from": b, "to": c}]
            used |= {a, b}
            break
    # folds into a page of the same folder, half with a section id, half named from the page
    foldable = [f for f in folders if len(by_folder[f]) >= 3]
    hosts: set[str] = set()
    for i in range(n_folds):
        folder = rnd.choice(foldable)
        free = [p for p in by_folder[folder] if p not in used]
        if len(free) < 2:
            continue
        src, host = rnd.sample(free, 2)
        if host in hosts and rnd.random() < 0.5:
            pass  # several pages may fold into one host
        section = f"#folded-{i}" if i % 2 else "#"
        moves.append({"from": src, "to": host + section})
        used |= {src, host}
        hosts.add(host)
    # page moves to another folder
    for i in range(n_moves):
        src = rnd.choice(plain)
        if src in used:
            continue
        dest_folder = rnd.choice(folders) or "moved"
        dst = f"{dest_folder}/moved-{i}-{posixpath.basename(src)}"
        moves.append({"from": src, "to": dst})
        used.add(src)
    # one folder move (a folder none of whose pages is named above)
    for folder in rnd.sample(folders, len(folders)):
        if folder and not any(p.startswith(folder + "/") for p in used) and not any(
                f != folder and f.startswith(folder + "/") for f in folders):
            moves.append({"from": folder + "/", "to": folder + "-relocated/"})
            break
    return moves


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("docs", type=Path)
    ap.add_argument("work", type=Path)
    ap.add_argument("--moves", type=int, default=60)
    ap.add_argument("--folds", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit-pages", type=int, default=0)
    args = ap.parse_args()
    work = args.work.resolve()
    pages = prepare(args.docs.resolve(), work, args.limit_pages)
    t = time.perf_counter()
    run([sys.executable, "-m", "mkdocs", "build", "-q"], work)
    build_s = time.perf_counter() - t
    before = Built(work / "site", "https://docs.example.com/").links()
    shutil.rmtree(work / "site")
    moves = make_plan(pages, args.moves, args.folds, args.seed)
    refused = 0
    for _ in range(5):
        plan = work / "redirects/plans/corpus.yml"
        plan.parent.mkdir(parents=True, exist_ok=True)
        plan.write_text(yaml.safe_dump({"moves": moves}, sort_keys=False), encoding="utf-8")
        t = time.perf_counter()
        proc = run([sys.executable, "-m", "urlkeeper", "apply", str(plan)], work, check=False)
        apply_s = time.perf_counter() - t
        if proc.returncode == 0:
            break
        bad = set(re.findall(r"docs/(\S+?\.md):\d+: link", proc.stderr))
        if proc.returncode == 2 or not bad:
            raise SystemExit(proc.stderr[-4000:])
        refused += len(re.findall(r"would change target", proc.stderr)) - 1
        sys.stderr.write(proc.stderr[-2500:])
        moves = [m for m in moves if m["from"].rstrip("/") not in bad and m["to"].split("#")[0] not in bad]
    else:
        raise SystemExit("apply kept refusing")
    run([sys.executable, "-m", "mkdocs", "build", "-q"], work)
    after = Built(work / "site", "https://docs.example.com/").links()
    total, changed, examples = compare(before, after)
    folds = sum(1 for m in moves if "#" in m["to"])
    print(json.dumps({"tree": str(args.docs), "pages": len(pages), "moves": len(moves) - folds, "folds": folds,
                      "links_compared": total, "links_changed": changed, "apply_seconds": round(apply_s, 2),
                      "build_seconds": round(build_s, 1), "refused_links": refused, "examples": examples[:10]}))


if __name__ == "__main__":
    main()
