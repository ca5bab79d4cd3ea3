"""Benchmark: the cost of the crash-safe journal, on the write phase of an apply alone.

    python benchmarks/bench_journal.py [--pages 30000] [--moves 1000] [--compare SCRIPTS] [--repeat 2]

Generates the tree of ``bench_move.py`` (a git work tree), computes the plan once per copy,
and times only ``txn.apply`` (the part the journal changes): with the journal and one
``syncfs`` per phase, with the journal and an fsync per file (``URLKEEPER_JOURNAL_SYNC=fsync``),
and, with ``--compare``, the transaction of another urlkeeper checkout (its ``scripts`` folder,
e.g. the commit before the journal, which kept before-images in memory and wrote in place).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_move  # noqa: E402

from urlkeeper.move import engine, plan as plan_mod, txn  # noqa: E402
from urlkeeper.move.site import Site  # noqa: E402


def make_tree(root: Path, pages: int, moves: int) -> None:
    paths = bench_move.generate(root, pages, 12)
    bench_move.make_plan(root, paths, moves)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com"}
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "tree"]):
        subprocess.run(["git", "-c", "gc.auto=0", *cmd], cwd=root, env=env, check=True)


def write_phase(pristine: Path, work: Path, label: str, apply) -> None:
    shutil.copytree(pristine, work, symlinks=True)
    cwd = os.getcwd()
    os.chdir(work)
    try:
        site = Site.load("mkdocs.yml")
        result = engine.compute(site, plan_mod.load("redirects/plans/bench.yml"), site.redirects_dir / "bench.yml")
        os.sync()  # start from clean page cache state: no dirty data of the copy left
        start = time.perf_counter()
        apply(result, site)
        took = time.perf_counter() - start
        renamed = sum(line.startswith("R") for line in
                      subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True).stdout.splitlines())
    finally:
        os.chdir(cwd)
        shutil.rmtree(work)
    print(f"{label:34} {took:6.2f} s   ({len(result.writes)} files written, {len(result.removes)} removed, "
          f"{renamed} renames staged)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=30000)
    ap.add_argument("--moves", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--compare", metavar="SCRIPTS", help="also time the transaction of the urlkeeper package in this folder")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-journal-"))
    try:
        make_tree(work / "pristine", args.pages, args.moves)
        runs = [("journal, syncfs", lambda r, s: txn.apply(r, s.docs_dir, use_git=True, root=s.root))]
        if args.compare:
            spec = importlib.util.spec_from_file_location("other_txn", Path(args.compare) / "urlkeeper/move/txn.py")
            other = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(other)
            runs.append((f"other ({args.compare})", lambda r, s: other.apply(r, s.docs_dir, use_git=True)))

        def fsynced(r, s):
            os.environ["URLKEEPER_JOURNAL_SYNC"] = "fsync"
            try:
                txn.apply(r, s.docs_dir, use_git=True, root=s.root)
            finally:
                del os.environ["URLKEEPER_JOURNAL_SYNC"]

        runs.append(("journal, fsync per file", fsynced))
        print(f"{args.pages} pages, {args.moves} moves; write phase of the apply only; {os.cpu_count()} CPUs")
        for _ in range(args.repeat):
            for label, apply in runs:
                write_phase(work / "pristine", work / "w", label, apply)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
