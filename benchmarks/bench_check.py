"""Benchmark of `urlkeeper check` and the renderers at the size of a large API reference.

Generates an inventory of N pages (default 30,000, about 10 anchors each), a redirect map
of R rules (default 10,000: exact rules, section targets, prefix rules and a few chains)
and baselines of B URLs (default 30,000 pages plus anchors, in both URL generations), writes
them as the files a project holds, then times each stage the way `urlkeeper check` runs it.

    python benchmarks/bench_check.py [--pages 30000] [--rules 10000] [--baseline 30000]

With --site-pages N it also builds a generated N-page Material site with plain
`mkdocs build` and with the urlkeeper plugin, and prints the plugin's overhead.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from urlkeeper import baselines, rules as rules_mod  # noqa: E402
from urlkeeper.inventory import Inventory  # noqa: E402
from urlkeeper.renderers import RenderInput, get, names  # noqa: E402
from urlkeeper.resolve import Resolver  # noqa: E402
from urlkeeper.urls import canonical  # noqa: E402
from urlkeeper.validate import validate  # noqa: E402

SECTIONS = ["contacts", "persons", "sales", "appointments", "tickets", "documents", "projects", "lists"]


def generate(root: Path, pages: int, rules: int, baseline: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    inv = Inventory()
    api = int(pages * 0.8)
    for i in range(api):
        sec = SECTIONS[i % len(SECTIONS)]
        inv.add(f"/en/api/reference/{sec}/op-{i:05d}/",
                [f"param-p{j}" for j in range(6)] + [f"response-{c}" for c in (200, 400, 404, 429)])
    guides = pages - api
    for i in range(guides):
        inv.add(f"/en/developer-portal/g{i // 100:03d}/page-{i:05d}/", ["overview", "details", f"s{i % 7}"])
    (root / "redirects" / "baselines").mkdir(parents=True)
    inv.write(root / "inventory.txt")

    # Rules: old guide URLs moved into the portal; some to sections; prefix rules; chains.
    lines = ["redirects:"]
    targets = [u for u in inv.pages if u.startswith("/en/developer-portal/")]
    old_urls: list[str] = []
    for i in range(rules - 20):
        old = f"/en/apps/a{i // 100:03d}/old-{i:05d}/"
        target = targets[i % len(targets)]
        if i % 10 == 0:
            target += "#details"
        if i % 97 == 0 and i > 0:
            target = f"/en/apps/a{(i - 1) // 100:03d}/old-{i - 1:05d}/"  # a chain, collapsed
        lines += [f"  - from: {old}", f"    to: {target}"]
        old_urls.append(old)
    for k in range(19):
        lines += [f"  - from: /en/legacy-{k}/*", f"    to: /en/developer-portal/g{k:03d}/*"]
    lines += ["  - from: /*", "    to: /en/*"]
    (root / "redirects" / "bench.yml").write_text("\n".join(lines) + "\n")

    base: list[str] = []
    for url in list(inv.pages)[: int(baseline * 0.7)]:
        base.append(url)
        base += [f"{url}#{a}" for a in sorted(inv.pages[url])[:2]]
    base += old_urls[: baseline - int(baseline * 0.7)]
    (root / "redirects" / "baselines" / "en.txt").write_text("\n".join(sorted(base)) + "\n")
    legacy = [u.replace("/en/", "/", 1).rstrip("/") + ".html" for u in old_urls[:2000]]
    legacy += [u.replace("/en/", "/", 1).rstrip("/") + ".html" for u in list(inv.pages)[:3000]]
    (root / "redirects" / "baselines" / "legacy-html.txt").write_text("\n".join(sorted(legacy)) + "\n")
    rnd.shuffle(old_urls)


def timed(label: str, fn, results: list):
    t = time.perf_counter()
    value = fn()
    results.append((label, time.perf_counter() - t))
    return value


def bench_check(pages: int, rules: int, baseline: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, pages, rules, baseline)
        results: list[tuple[str, float]] = []
        inv = timed("read inventory file", lambda: Inventory.read(root / "inventory.txt"), results)
        all_rules = timed("load redirect maps (YAML)", lambda: rules_mod.load_dir(root / "redirects"), results)
        entries = timed("read baselines", lambda: baselines.load_entries(root / "redirects" / "baselines"), results)
        found, valid = timed("validate rules", lambda: validate(all_rules, inv, protected=("/en/api/",)), results)
        resolver = Resolver(valid, inv, "/en")
        bfound = timed("check baselines", lambda: baselines.check_entries(entries, inv, resolver, ("/en/api/",)), results)
        total = sum(t for _, t in results)
        errors = [f for f in found + bfound if f.level >= 30]
        print(f"\n== urlkeeper check: {len(inv):,} pages, {sum(len(a) for a in inv.pages.values()):,} anchors, "
              f"{len(all_rules):,} rules, {len(entries):,} baseline entries ({os.cpu_count()} cores)")
        for label, t in results:
            print(f"  {label:<32} {t * 1000:8.0f} ms")
        print(f"  {'whole check':<32} {total * 1000:8.0f} ms   ({len(errors)} errors, "
              f"{len(found) + len(bfound) - len(errors)} info/warnings)")
        data = RenderInput(rules=valid, inventory=inv, baseline_urls=sorted({canonical(e.url) for e in entries}),
                           site_url="https://developers.example.com/")
        print("\n== rendering every format")
        for name in names():
            t = time.perf_counter()
            out = get(name).render(data)
            size = sum(len(v) for v in out.files.values())
            print(f"  {name:<10} {(time.perf_counter() - t) * 1000:8.0f} ms  {len(out.files):>7,} files "
                  f"{size / 1e6:7.1f} MB  {len(out.findings)} findings")


OWN_TIME = re.compile(r"urlkeeper: .*?in all \(([\d.]+)s while pages were built, ([\d.]+)s after the build\)")
ROUNDS = 5  # wall times on a shared 2-core machine vary by 10-20 % from run to run


def plugin_site(root: Path, n: int) -> None:
    """A generated n-page Material site, with plain.yml (no plugin) and plugin.yml."""
    docs = root / "docs"
    for i in range(n):
        sec = f"s{i // 50:03d}"
        rel = f"en/{sec}/page-{i:05d}.md"
        (docs / "en" / sec).mkdir(parents=True, exist_ok=True)
        links = f"[next](page-{i + 1:05d}.md)" if (i + 1) % 50 else "[home](../index.md)"
        (docs / rel).write_text(f"# Page {i}\n\n## Overview\n\nText {i}. {links}\n\n## Details {{#details}}\n\nMore.\n")
    (docs / "en" / "index.md").write_text("# Home\n")
    (root / "redirects" / "baselines").mkdir(parents=True)
    (root / "redirects" / "moves.yml").write_text("redirects:\n" + "".join(
        f"  - from: /en/old/p{i}/\n    to: /en/s{i // 50:03d}/page-{i:05d}/\n" for i in range(0, n, 4)))
    (root / "redirects" / "baselines" / "old.txt").write_text("".join(f"/en/old/p{i}/\n" for i in range(0, n, 4)))
    base = ("site_name: Bench\nsite_url: https://example.com/\ntheme:\n  name: material\n  features: [navigation.prune]\n"
            "markdown_extensions: [attr_list, toc]\n")
    (root / "plain.yml").write_text(base + "plugins: [search]\nsite_dir: site-plain\n")
    plugin = "plugins:\n  - search\n  - urlkeeper:\n      formats: [html, json, netlify, nginx]\n"
    (root / "plugin.yml").write_text(base + "site_dir: site-plugin\n" + plugin)
    # the same with its cache folder removed before each build: nothing kept, nothing reused
    (root / "cold.yml").write_text(base + "site_dir: site-cold\n" + plugin + "      links: {cache_dir: .cold-cache}\n")
    # mkdocs-redirects, the plugin a user would otherwise pick, writing the same HTML redirect
    # pages urlkeeper's html format writes (each old URL with and without /en)
    maps = "".join(f"        {old}old/p{i}.md: en/s{i // 50:03d}/page-{i:05d}.md\n"
                   for i in range(0, n, 4) for old in ("en/", ""))
    (root / "redirects.yml").write_text(base + "site_dir: site-redirects\nplugins:\n  - search\n  - redirects:\n"
                                        "      redirect_maps:\n" + maps)


def bench_plugin(n: int) -> None:
    """Build a generated n-page Material site without and with the plugin."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        plugin_site(root, n)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        times: dict[str, list[float]] = {}
        own: dict[str, list[tuple[float, float]]] = {}  # the plugin's own time: while pages were built, after
        cpu: dict[str, list[float]] = {}  # user + sys seconds of the build process (steadier under load)
        try:
            import mkdocs_redirects  # noqa: F401
            names = ("plain", "plugin", "cold", "redirects")
        except ImportError:
            names = ("plain", "plugin", "cold")
        for name in names * ROUNDS:
            shutil.rmtree(root / ".cold-cache", ignore_errors=True)
            t = time.perf_counter()
            with tempfile.TemporaryFile("w+") as log:
                proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", f"{name}.yml"], cwd=root,
                                        env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
                _, status, usage = os.wait4(proc.pid, 0)
                times.setdefault(name, []).append(time.perf_counter() - t)
                cpu.setdefault(name, []).append(usage.ru_utime + usage.ru_stime)
                cpu.setdefault(name + " sys", []).append(usage.ru_stime)
                log.seek(0)
                output = log.read()
            if os.waitstatus_to_exitcode(status):
                raise SystemExit(f"mkdocs build -f {name}.yml failed:\n{output}")
            m = OWN_TIME.search(output)
            if name in ("plugin", "cold") and m:
                own.setdefault(name, []).append((float(m.group(1)), float(m.group(2))))
        plain, plugin = min(times["plain"]), min(times["plugin"])
        mid = {k: statistics.median(v) for k, v in times.items()}
        runs = {k: " ".join(f"{t:.2f}" for t in v) for k, v in times.items()}
        print(f"\n== mkdocs build of a generated {n:,}-page Material site ({ROUNDS} rounds, alternating)")
        print(f"  plain mkdocs build            best {plain:6.2f} s  median {mid['plain']:6.2f} s   (runs: {runs['plain']})")
        print(f"  with the urlkeeper plugin     best {plugin:6.2f} s  median {mid['plugin']:6.2f} s   (runs: {runs['plugin']})")
        print(f"  wall-clock difference         best {100 * (plugin - plain) / plain:+.1f} %  median "
              f"{100 * (mid['plugin'] - mid['plain']) / mid['plain']:+.1f} %   (noisy on a shared machine)")
        cmid = {k: statistics.median(v) for k, v in cpu.items()}
        print(f"  CPU time (user+sys), median   plain {cmid['plain']:6.2f} s  plugin {cmid['plugin']:6.2f} s  "
              f"difference {100 * (cmid['plugin'] - cmid['plain']) / cmid['plain']:+.1f} %   "
              f"(plugin runs: {' '.join(f'{t:.2f}' for t in cpu['plugin'])})")
        print(f"  of which system time, median  plain {cmid['plain sys']:6.2f} s  plugin {cmid['plugin sys']:6.2f} s")
        paired = [100 * (b - a) / a for a, b in zip(cpu["plain"], cpu["plugin"])]
        print(f"  CPU difference round by round  median {statistics.median(paired):+.1f} %   "
              f"(rounds: {' '.join(f'{d:+.1f}' for d in paired)}; each plugin build right after a plain one)")
        print(f"  plugin without its cache folder (nothing kept or reused), median  wall {mid['cold']:6.2f} s "
              f"({100 * (mid['cold'] - mid['plain']) / mid['plain']:+.1f} %)  CPU {cmid['cold']:6.2f} s "
              f"({100 * (cmid['cold'] - cmid['plain']) / cmid['plain']:+.1f} %)  sys {cmid['cold sys']:6.2f} s")
        if "redirects" in cmid:
            print(f"  mkdocs-redirects (same HTML redirect pages), median  wall {mid['redirects']:6.2f} s "
                  f"({100 * (mid['redirects'] - mid['plain']) / mid['plain']:+.1f} %)  CPU {cmid['redirects']:6.2f} s "
                  f"({100 * (cmid['redirects'] - cmid['plain']) / cmid['plain']:+.1f} %)  sys {cmid['redirects sys']:6.2f} s")
        for name, label in (("plugin", ""), ("cold", ", without its cache folder")):
            if own.get(name):
                during = statistics.median(o[0] for o in own[name])
                after = statistics.median(o[1] for o in own[name])
                print(f"  the plugin's own time{label}: {during + after:.2f} s = {during:.2f} s during page builds + "
                      f"{after:.2f} s after the build = {100 * (during + after) / mid['plain']:.1f} % of the plain build (median)")
        for name in names:
            shutil.rmtree(root / f"site-{name}", ignore_errors=True)


# Rebuilds in one process, as `mkdocs serve` runs them: one page's text edited between builds.
REBUILD = """
import logging, re, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
lines = []
class Keep(logging.Handler):
    def emit(self, record):
        lines.append(record.getMessage())
logging.getLogger("mkdocs.plugins.urlkeeper").addHandler(Keep())
logging.getLogger("mkdocs").setLevel(logging.INFO)
page = Path("docs/en/s000/page-00001.md")
for i in range(2 * ROUNDS + 1):
    lines.clear()
    t = time.perf_counter()
    build(load_config("plugin.yml"), dirty=i > ROUNDS)  # then as `mkdocs serve --dirty`
    took = time.perf_counter() - t
    own = [float(m.group(1)) for m in map(re.compile(r"urlkeeper: .*?([\\d.]+)s in all").search, lines) if m]
    print(i, f"{took:.2f}", own[0] if own else "?", flush=True)
    page.write_text(page.read_text() + f"\\nEdit {i}.\\n")
"""


def bench_rebuild(n: int) -> None:
    """The plugin's own time in rebuilds of one process (as `mkdocs serve`), one page edited each time."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        plugin_site(root, n)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.run([sys.executable, "-c", REBUILD.replace("ROUNDS", str(ROUNDS))], cwd=root, env=env,
                              check=True, capture_output=True, text=True)
        rows = [line.split() for line in proc.stdout.splitlines()]
        print(f"\n== rebuilds in one process (as `mkdocs serve`) of a generated {n:,}-page site, one page edited each time")
        print(f"  first build {rows[0][1]} s (plugin {rows[0][2]} s)")
        for label, part in (("rebuilds", rows[1:ROUNDS + 1]), ("dirty rebuilds", rows[ROUNDS + 1:])):
            print(f"  {label}: " + ", ".join(f"{r[1]} s (plugin {float(r[2]) * 1000:.0f} ms)" for r in part))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=30000)
    ap.add_argument("--rules", type=int, default=10000)
    ap.add_argument("--baseline", type=int, default=30000)
    ap.add_argument("--site-pages", type=int, default=0, help="also measure plugin overhead on a generated site")
    ap.add_argument("--rebuild-pages", type=int, default=0, help="also time the plugin in serve-like rebuilds")
    args = ap.parse_args()
    bench_check(args.pages, args.rules, args.baseline)
    if args.site_pages:
        bench_plugin(args.site_pages)
    if args.rebuild_pages:
        bench_rebuild(args.rebuild_pages)


if __name__ == "__main__":
    main()
