"""Precision and recall of ``urlkeeper redirects suggest`` on a generated restructuring, its
speed on a large site, and what git's rename detection alone finds on the same change.

    python benchmarks/bench_suggest.py                   # 2,000 pages restructured (quality)
    python benchmarks/bench_suggest.py --pages 30000 --changed 4400   # speed: ~2,000 broken URLs

The old side is fingerprinted from the Markdown (as ``--from-rev`` does) and recorded as a
baseline with its fingerprint sidecar; the new side is rendered to HTML with Python-Markdown
(toc, attr_list: the anchors MkDocs gives) inside a page with navigation chrome, and read
back from disk as ``suggest`` reads a build. A suggestion counts as right when its page is the
truth's page; its ``#section`` is scored separately.

Speed is that of the command itself, ``urlkeeper redirects suggest -o FILE`` run in the
generated project (wall and CPU user+sys of the process and its workers), three times: with
the build cache the plugin's ``fingerprints`` option writes (what the rendering records, as the
plugin does in ``on_post_page``: its CPU is reported per page), without any cache (every built
page is read), and again with the cache that run left.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import restructure_gen as gen  # noqa: E402
from urlkeeper.config import Config  # noqa: E402
from urlkeeper import html_scan  # noqa: E402
from urlkeeper.suggest import buildcache, extract, fingerprint, run  # noqa: E402

ANCHOR_IGNORE = re.compile(r"^__")
MKDOCS_YML = """site_name: Bench
docs_dir: docs
site_dir: site
plugins:
  - urlkeeper:
      language_prefix: /en
      redirects_dir: redirects
      baselines_dir: baselines
      fingerprints: true
"""

THRESHOLDS = (0.0, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
CHROME = ('<!doctype html><html><head><title>{title} - Docs</title></head><body><header>Docs home search</header>'
          '<nav><a href="/en/">Home</a> <a href="/en/a/">Guides</a> <a href="/en/b/">Reference</a></nav>'
          '<article class="md-content__inner md-typeset">{body}</article><footer>Copyright example</footer></body></html>')


def write_site(site: Path, pages: dict[str, str]) -> tuple[dict, float]:
    """Render the pages; beside each, what the plugin's ``fingerprints`` option records for it
    (built file -> fingerprint and anchors), and the CPU seconds that recording took."""
    md = markdown.Markdown(extensions=["toc", "attr_list"])
    recorded, spent = {}, 0.0
    for path, text in pages.items():
        md.reset()
        out = site / path[:-3] / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        title = text.split("\n", 1)[0].lstrip("# ")
        page = CHROME.format(title=html.escape(title), body=md.convert(text))
        out.write_text(page, encoding="utf-8")
        c0 = time.process_time()  # as the plugin's on_post_page does with the page's HTML
        recorded[str(out)] = (extract.from_html(gen.url_of(path), page), frozenset(html_scan.anchors(page, ANCHOR_IGNORE)))
        spent += time.process_time() - c0
    return recorded, spent


def cli_suggest(base: Path, output: str) -> tuple[float, float, str]:
    """``urlkeeper redirects suggest -o OUTPUT`` in ``base``: (wall, CPU user+sys, its last line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "urlkeeper", "redirects", "suggest", "-o", output], cwd=base,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    cpu_s = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu_s, proc.stderr.strip().splitlines()[-1]


def write_baseline(base: Path, old: dict[str, str]) -> None:
    prints = [extract.from_markdown(gen.url_of(p), t) for p, t in old.items()]
    lines = ["# urlkeeper inventory v1"]
    for fp in sorted(prints, key=lambda f: f.url):
        lines.append(fp.url)
        lines.extend(f"{fp.url}#{a}" for a in sorted({a for a, _ in fp.headings}))
    (base / "baselines").mkdir(parents=True)
    (base / "baselines/en.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fingerprint.write(base / "baselines/en.fingerprints", prints)


def evaluate(outcome: run.Outcome, truth: dict[str, str | None]) -> list[tuple[float, int, int, float, float, float]]:
    broken = {s.old_url: s for s in outcome.suggestions}
    expected = sum(1 for u, t in truth.items() if t is not None and u in broken)
    rows = []
    for th in THRESHOLDS:
        proposed = right = section_right = 0
        for url, s in broken.items():
            if s.gone or s.confidence < th:
                continue
            proposed += 1
            want = truth.get(url)
            if want is not None and s.target.split("#")[0] == want.split("#")[0]:
                right += 1
                section_right += s.target == want or ("#" not in want and "#" not in s.target)
        p = right / proposed if proposed else 1.0
        r = right / expected if expected else 1.0
        rows.append((th, proposed, right, p, r, section_right / right if right else 1.0))
    return rows


def git_renames(old: dict[str, str], new: dict[str, str], truth: dict[str, str | None]) -> tuple[int, int, int]:
    """(renames found, right, expected): git diff -M between the two trees."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        env = ["-c", "user.name=b", "-c", "user.email=b@example.com"]
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        for tree, msg in ((old, "old"), (new, "new")):
            subprocess.run(["git", "-C", str(repo), "rm", "-rq", "--ignore-unmatch", "docs"], check=True)
            for p, t in tree.items():
                f = repo / "docs" / p
                f.parent.mkdir(parents=True, exist_ok=True)
                f.write_text(t, encoding="utf-8")
            subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
            subprocess.run(["git", *env, "-C", str(repo), "commit", "-qm", msg], check=True)
        out = subprocess.run(["git", "-C", str(repo), "-c", "diff.renameLimit=100000", "diff", "--name-status", "-M",
                              "HEAD~1", "HEAD"], capture_output=True, text=True, check=True).stdout
    found = right = 0
    for line in out.splitlines():
        parts = line.split("\t")
        if parts[0].startswith("R"):
            found += 1
            a, b = gen.url_of(parts[1][5:]), gen.url_of(parts[2][5:])
            want = truth.get(a)
            right += want is not None and want.split("#")[0] == b
    return found, right, sum(1 for t in truth.values() if t is not None)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--changed", type=int, default=0, help="restructure only this many pages (default: all)")
    ap.add_argument("--no-git", action="store_true", help="skip the git rename comparison")
    args = ap.parse_args()
    pages, words = gen.make_pages(args.pages)
    paths = sorted(pages)
    random.Random(3).shuffle(paths)
    changed = paths[: args.changed] if args.changed else paths
    new_md, truth = gen.restructure({p: pages[p] for p in changed}, words, keep=frozenset(paths[len(changed):]))
    for p in paths[len(changed):]:
        new_md[p] = pages[p].markdown()
    old_md = {p: pg.markdown() for p, pg in pages.items()}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        recorded, plugin_cpu = write_site(base / "site", new_md)
        write_baseline(base, old_md)
        (base / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        print(f"setup: {len(old_md)} old pages, {len(new_md)} new pages, {len(truth)} changed URLs "
              f"({sum(t is None for t in truth.values())} deleted) in {time.perf_counter() - t0:.1f}s")
        c0 = time.process_time()
        buildcache.record(base, base / "site", r"^__", recorded)
        plugin_cpu += time.process_time() - c0
        print(f"plugin option fingerprints: {plugin_cpu:.1f}s CPU for {len(recorded)} pages "
              f"({1000 * plugin_cpu / len(recorded):.2f} ms a page, writing the cache included)")
        load = os.getloadavg()[0]
        fast = cli_suggest(base, "fast.yml")
        (base / buildcache.CACHE).unlink()
        slow = cli_suggest(base, "slow.yml")
        cached = cli_suggest(base, "again.yml")
        print(f"load average before timing: {load:.2f}, after: {os.getloadavg()[0]:.2f}; command: urlkeeper redirects suggest -o FILE")
        for label, (wall, cpu_s, line) in (("fast path (cache written by the plugin)", fast),
                                           ("fallback (no cache: reads the build)", slow),
                                           ("again (cache written by the fallback run)", cached)):
            print(f"  {label}: {wall:.1f}s wall, {cpu_s:.1f}s CPU  [{line}]")
        same = (base / "fast.yml").read_text(encoding="utf-8") == (base / "slow.yml").read_text(encoding="utf-8")
        print(f"  fast path and fallback propose the same map: {same}")
        cfg = Config(root=base, site_dir=base / "site", docs_dir=base / "docs", redirects_dir=base / "redirects",
                     baselines_dir=base / "baselines", language_prefix="/en")
        outcome = run.suggest(cfg)
        size = (base / "baselines/en.fingerprints").stat().st_size
    print(f"fingerprint sidecar: {size} bytes, {size / len(old_md):.0f} bytes per page")
    print("\nthreshold  proposed  right  precision  recall  section-right")
    for th, proposed, right, p, r, sec in evaluate(outcome, truth):
        print(f"{th:9.2f}  {proposed:8d}  {right:5d}  {p:9.3f}  {r:6.3f}  {sec:13.3f}")
    if not args.no_git:
        found, right, expected = git_renames(old_md, new_md, truth)
        print(f"\ngit diff -M alone: {found} renames, {right} right: precision {right / max(found, 1):.3f}, "
              f"recall {right / max(expected, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
