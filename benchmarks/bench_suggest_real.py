"""Precision and recall of ``redirects suggest`` on real restructurings of public MkDocs projects.

    python benchmarks/bench_suggest_real.py CLONE OLD_REV NEW_REV [--config mkdocs.yml] [--old-config FILE]

CLONE is a git clone of a project that keeps its redirects in ``mkdocs.yml``
(``plugins: - redirects: redirect_maps:``), outside this repository. Ground truth: the redirect
entries present at NEW_REV and not at OLD_REV whose old page existed at OLD_REV and is gone at
NEW_REV (targets followed through the map's own chains; external targets counted apart).
Both sides are fingerprinted from the Markdown at the two revisions (what ``--from-rev``
reads), not from builds: the projects' builds need their own packages and plugins. Beside it:
what ``git diff -M`` (rename detection) alone finds for the same pages.
"""

from __future__ import annotations

import argparse
import posixpath
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from urlkeeper import yamlsrc  # noqa: E402
from urlkeeper.inventory import Inventory  # noqa: E402
from urlkeeper.move.site import Site  # noqa: E402
from urlkeeper.resolve import Resolver  # noqa: E402
from urlkeeper.suggest import run, sources  # noqa: E402

THRESHOLDS = (0.0, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def mkdocs_config(repo: Path, rev: str, config: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as fh:
        fh.write(git(repo, "show", f"{rev}:{config}"))
    try:
        return yamlsrc.load(fh.name) or {}
    finally:
        Path(fh.name).unlink()


def redirect_map(cfg: dict) -> dict[str, str]:
    plugins = cfg.get("plugins") or []
    for plugin in [plugins] if isinstance(plugins, dict) else plugins:  # a list, or one mapping (hatch)
        if isinstance(plugin, dict) and isinstance(plugin.get("redirects"), dict):
            return dict((plugin["redirects"] or {}).get("redirect_maps") or {})
    return {}


def target_url(target: str, chain: dict[str, str]) -> str | None:
    """A redirect_maps target as a site URL (``a/b.md#x`` -> ``/a/b/#x``); None when external."""
    seen = set()
    while target in chain and target not in seen:  # follow the map's own chains
        seen.add(target)
        target = chain[target]
    if "://" in target:
        return None
    path, _, frag = target.partition("#")
    url = Site.url_of(path.lstrip("/")) if path.endswith((".md", ".markdown")) else "/" + path.strip("/") + "/"
    return url + (f"#{frag}" if frag else "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("clone", type=Path)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml at NEW_REV")
    ap.add_argument("--old-config", help="mkdocs.yml at OLD_REV, when it had another name (default: --config)")
    args = ap.parse_args()
    repo = args.clone
    cfg_new = mkdocs_config(repo, args.new, args.config)
    docs_rel = posixpath.join(posixpath.dirname(args.config), str(cfg_new.get("docs_dir", "docs")))
    docs = repo / docs_rel
    git(repo, "checkout", "-q", args.new)
    t0 = time.perf_counter()
    old = sources.from_rev(docs, args.old)
    new = sources.from_rev(docs, args.new)
    t1 = time.perf_counter()
    before = redirect_map(mkdocs_config(repo, args.old, args.old_config or args.config))
    after = redirect_map(cfg_new)
    added = {k: v for k, v in after.items() if before.get(k) != v}
    truth: dict[str, str] = {}
    external = stale = generated = 0
    for key, target in added.items():
        url = Site.url_of(key.lstrip("/"))
        if url not in old or url in new:
            stale += 1  # not a page at the old revision, or live again
            continue
        t = target_url(target, after)
        if t is None:
            external += 1
        elif t.split("#")[0] not in new:
            generated += 1  # the target is made at build time: not in the Markdown
        else:
            truth[url] = t
    inventory = Inventory({u: frozenset(a for a, _ in fp.headings) for u, fp in new.items()})
    outcome = run.Outcome(f"{args.old}..{args.new}", len(old))
    wanted = {u: {a for a, _ in fp.headings} for u, fp in old.items()}
    t2 = time.perf_counter()
    run.match(outcome, wanted, old, new, inventory, Resolver([], inventory, None))
    t3 = time.perf_counter()
    broken = {s.old_url: s for s in outcome.suggestions}
    head = git(repo, "log", "-1", "--format=%h %ad", "--date=short", args.old).strip(), \
        git(repo, "log", "-1", "--format=%h %ad", "--date=short", args.new).strip()
    print(f"{repo.name}: {head[0]} -> {head[1]}; {len(old)} -> {len(new)} pages, {len(broken)} old pages gone; "
          f"{len(added)} redirect entries added, {len(truth)} to evaluate ({external} external, {stale} not old pages, "
          f"{generated} to pages generated at build time)")
    print(f"fingerprints of both revisions from Markdown: {t1 - t0:.1f}s; matching: {t3 - t2:.2f}s")
    print("threshold  proposed  right  precision  recall  extra (gone pages the project left without a rule)")
    for th in THRESHOLDS:
        proposed = right = extra = 0
        for url, s in broken.items():
            if s.gone or s.confidence < th:
                continue
            if url not in truth:
                extra += 1
                continue
            proposed += 1
            right += s.target.split("#")[0] == truth[url].split("#")[0]
        print(f"{th:9.2f}  {proposed:8d}  {right:5d}  {right / max(proposed, 1):9.3f}  {right / max(len(truth), 1):6.3f}  {extra}")
    renames = git(repo, "diff", "--name-status", "-M", args.old, args.new, "--", docs_rel)
    found = good = 0
    for line in renames.splitlines():
        parts = line.split("\t")
        if parts[0].startswith("R") and parts[1].endswith(".md"):
            a = Site.url_of(parts[1][len(docs_rel) + 1:])
            b = Site.url_of(parts[2][len(docs_rel) + 1:])
            if a in truth:
                found += 1
                good += truth[a].split("#")[0] == b
    print(f"git diff -M alone, on the same pages: {found} renames, {good} right: precision {good / max(found, 1):.3f}, "
          f"recall {good / max(len(truth), 1):.3f}")
    for url, want in sorted(truth.items()):
        s = broken.get(url)
        got = "(live)" if s is None else (f"{s.target} {s.confidence:.2f}" if not s.gone else "gone")
        mark = "ok " if s is not None and not s.gone and s.target.split("#")[0] == want.split("#")[0] else "-- "
        print(f"  {mark}{url} -> want {want}; got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
