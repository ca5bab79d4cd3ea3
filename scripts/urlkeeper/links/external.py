"""External links, checked by LinkChecker (the ``linkchecker`` command) and wrapped by urlkeeper.

What LinkChecker does (configured through a generated config file):
  * one request per distinct URL, fed on standard input (``--stdin``, recursion level 0), so
    a URL used by 5,000 pages is fetched once; a URL with a #fragment is fetched with the
    AnchorCheck plugin, which reports fragments missing from the page;
  * timeouts (``timeout``), a stop after a time (``maxrunseconds``, ``aborttimeout``), a cap on
    threads and a per-host request rate (``maxrequestspersecond``: LinkChecker spaces the
    requests to one host, which bounds the requests in flight per host);
  * redirects are followed (up to 10 hops); every hop is reported with its status, which is
    how urlkeeper tells permanent (301/308) from temporary redirects and counts the chain;
  * the ``Retry-After`` header is reported through the HttpHeaderInfo plugin.

What urlkeeper adds around it:
  * the result cache with a maximum age (``.urlkeeper-cache/external.json``; failures are not
    cached, so a fixed link is seen at once);
  * 429 and 503 answers are retried in a new LinkChecker run after the Retry-After delay
    (capped), a bounded number of times, within the time budget;
  * a total time budget: the subprocess is stopped when it runs out, unchecked URLs are
    reported as such (warning); a run always ends;
  * findings with the Markdown file and line of every page that uses a broken URL.
"""

from __future__ import annotations

import csv
import email.utils
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..errors import InputError
from ..findings import CODES, Finding
from .cache import ExternalCache

_REDIRECT = re.compile(r"Redirected to `(.*?)' status: (\d{3})")
_RETRY = re.compile(r"Retry-After[:=]\s*([^);,\n]+)", re.I)
_STATUS = re.compile(r"^(\d{3})\b")
# LinkChecker's warnings when it did not read a page's content (too large, too slow, empty): its
# anchor check did not run.
_UNREAD = re.compile(r"could not get content[^\n]*|Content size is zero[^\n]*|File size too large", re.I)
PERMANENT = {"301", "308"}
MAX_SHOWN_PAGES = 20
MAX_DOWNLOAD = 5 * 1024 * 1024  # LinkChecker reads no content past this size (and checks no anchor)


# LinkChecker switches to user "nobody" when started as root (as in CI containers). "nobody"
# cannot read a virtual environment under a private folder (mktemp -d, /root), and LinkChecker
# then silently loses its plugins: no anchor checks, no Retry-After. Where LinkChecker is
# importable by this interpreter it is started through this wrapper, which keeps the caller's
# user; it never runs anything but LinkChecker's own entry point.
_WRAPPER = (
    "import sys\n"
    "from linkcheck.command import linkchecker as m\n"
    "m.drop_privileges = lambda: None\n"
    "sys.argv[0] = 'linkchecker'\n"
    "sys.exit(m.linkchecker())\n"
)


def linkchecker_command() -> list[str]:
    try:
        from importlib.util import find_spec

        if find_spec("linkcheck.command.linkchecker") is not None:
            return [sys.executable, "-c", _WRAPPER]
    except (ImportError, ValueError):
        pass
    exe = shutil.which("linkchecker")
    if exe is None:
        cand = Path(sys.executable).with_name("linkchecker")
        if cand.exists():
            exe = str(cand)
    if exe is None:
        raise InputError("external link checks need LinkChecker: pip install 'urlkeeper[links]' (or linkchecker)")
    return [exe]


def _config(opts, maxrun: int) -> str:
    threads = max(1, int(opts.threads))
    return "\n".join([
        "[checking]",
        f"threads={threads}",
        f"timeout={max(1, int(round(opts.timeout)))}",
        "aborttimeout=1",
        f"maxrunseconds={max(1, maxrun)}",
        f"maxrequestspersecond={max(0.001, float(opts.per_host_rate))}",
        "recursionlevel=0",
        f"maxfilesizedownload={MAX_DOWNLOAD}",
        "robotstxt=1",
        "useragent=Mozilla/5.0 (compatible; urlkeeper link check; LinkChecker)",
        "[filtering]",
        "checkextern=1",
        "[output]",
        "status=0",
        "warnings=1",
        "[AnchorCheck]",
        "[HttpHeaderInfo]",
        "prefixes=Retry-After",
        "",
    ])


def run_linkchecker(urls: list[str], opts, deadline: float) -> dict[str, dict]:
    """Check ``urls`` with one LinkChecker run that ends by ``deadline``; url -> raw result."""
    if not urls:
        return {}
    remaining = deadline - time.monotonic()
    if remaining <= 1:
        return {}
    with tempfile.TemporaryDirectory(prefix="urlkeeper-lc-") as tmp:
        cfg = Path(tmp) / "linkcheckerrc"
        # LinkChecker stops starting checks after maxrunseconds and waits aborttimeout for the
        # running ones; whatever still runs at the deadline is stopped (its URLs: not checked).
        cfg.write_text(_config(opts, int(remaining) - 2), encoding="utf-8")
        os.chmod(tmp, 0o755)  # a bare `linkchecker` started as root reads it as "nobody"
        os.chmod(cfg, 0o644)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LINKCHECKER")}
        env.update({"XDG_CONFIG_HOME": tmp, "XDG_DATA_HOME": tmp, "HOME": tmp, "LC_ALL": "C.UTF-8",
                    "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"})  # rows written before a stop are kept
        cmd = linkchecker_command() + ["-f", str(cfg), "--stdin", "--check-extern", "-r", "0", "--no-status",
                                       "-v", "-o", "csv/utf-8"]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, encoding="utf-8", errors="replace", env=env, cwd=tmp)
        try:
            out, _ = proc.communicate("\n".join(urls) + "\n", timeout=max(0.5, deadline - time.monotonic() - 0.3))
        except subprocess.TimeoutExpired:  # the budget is a hard limit
            proc.kill()
            out, _ = proc.communicate()
    return parse_csv(out, set(urls))


def parse_csv(text: str, wanted: set[str] | None = None) -> dict[str, dict]:
    lines = [ln for ln in text.splitlines(keepends=True) if not ln.startswith("#")]
    results: dict[str, dict] = {}
    reader = csv.reader(io.StringIO("".join(lines)), delimiter=";", quotechar='"')
    header = next(reader, None)
    if not header:
        return results
    for values in reader:
        row = dict(zip(header, values))
        name = (row.get("urlname") or "").strip()
        if not name or (wanted is not None and name not in wanted):
            continue
        # LinkChecker leaves out line and column for URLs read from stdin: the last five
        # columns (size, checktime, cached, level, modified) are counted from the end.
        size = values[-5] if len(values) >= 5 else ""
        results[name] = {
            "result": row.get("result") or "",
            "warnings": row.get("warningstring") or "",
            "info": row.get("infostring") or "",
            "valid": (row.get("valid") or "").strip() == "True",
            "final": row.get("url") or name,
            "size": int(size) if size.lstrip("-").isdigit() else -1,
        }
    return results


def _retry_after(raw: dict, cap: float) -> float:
    m = _RETRY.search(raw["warnings"]) or _RETRY.search(raw["info"])
    if not m:
        return 1.0
    value = m.group(1).strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
            seconds = when.timestamp() - time.time()
        except (TypeError, ValueError, IndexError):
            seconds = 1.0
    return max(0.0, min(cap, seconds))


def classify(url: str, raw: dict, max_redirects: int) -> dict:
    """LinkChecker's row -> urlkeeper's result: kind (ok, broken, unreachable, redirected, loop,
    anchor, limited), status, message, final URL, hops."""
    result = raw["result"]
    hops = _REDIRECT.findall(raw["warnings"])
    status_m = _STATUS.match(result)
    status = status_m.group(1) if status_m else ""
    out = {"status": status, "final": raw["final"], "hops": len(hops), "kind": "ok", "message": result}
    if status in ("429", "503"):
        out["kind"] = "limited"
        return out
    if "TooManyRedirects" in result or "redirect" in result.lower() and not raw["valid"]:
        out["kind"] = "loop"
        out["message"] = "redirect loop (or more than 10 redirects)"
        return out
    if not raw["valid"]:
        out["kind"] = "broken" if status else "unreachable"
        return out
    if len(hops) > max_redirects:
        out["kind"] = "loop"
        out["message"] = f"{len(hops)} redirects (more than {max_redirects})"
        return out
    if "Anchor `" in raw["warnings"] and "not found" in raw["warnings"]:
        out["kind"] = "anchor"
        out["message"] = raw["warnings"].split("Available anchors")[0].strip()
        return out
    fragment = url.partition("#")[2]
    unread = _UNREAD.search(raw["warnings"])
    if raw.get("size", -1) > MAX_DOWNLOAD:
        unread = f"{raw['size']} bytes, more than LinkChecker reads"
    elif unread:
        unread = unread.group(0)
    if fragment and not fragment.startswith(":~:") and unread:
        out["kind"] = "fragment-unchecked"
        out["message"] = f"the page answered but its content was not read ({unread}), so #{fragment} was not checked"
        return out
    if hops and all(code in PERMANENT for _, code in hops):
        out["kind"] = "redirected"
        out["message"] = f"redirects permanently ({', '.join(code for _, code in hops)}) to {raw['final']}"
    return out


_KIND_CODES = {"broken": "UK511", "unreachable": "UK512", "redirected": "UK513", "loop": "UK514",
               "anchor": "UK515", "limited": "UK516", "unchecked": "UK517", "fragment-unchecked": "UK518"}


def check(urls: dict[str, list[str]], opts, sources, site_display: str) -> tuple[list[Finding], dict]:
    """Check the external URLs (url -> built pages using it); findings and statistics."""
    started = time.monotonic()
    cache = ExternalCache.open(opts.cache_dir, opts.max_age)
    results: dict[str, dict] = {}
    todo = []
    for url in sorted(urls):
        hit = cache.get(url)
        if hit is not None:
            results[url] = hit
        else:
            todo.append(url)
    from_cache = len(results)
    # One request per distinct URL: a bare URL whose page is also fetched for a fragment is
    # answered by that fetch.
    with_fragment = {u.split("#", 1)[0]: u for u in todo if "#" in u}
    feed = [u for u in todo if "#" in u or u not in with_fragment]
    runs = _request(feed, opts, started + float(opts.budget), results)
    for base, url in with_fragment.items():
        if base in urls and base not in results and url in results:
            res = dict(results[url])
            if res["kind"] in ("anchor", "fragment-unchecked"):
                res["kind"] = "ok"
            results[base] = res
    for url, res in results.items():
        if res["kind"] in ("ok", "redirected", "anchor") and "checked" in res:
            cache.put(url, res)
    cache.save()
    findings, unchecked = _findings(urls, results, opts, sources, site_display)
    stats = {"external_urls": len(urls), "external_from_cache": from_cache, "external_requested": len(feed),
             "linkchecker_runs": runs, "external_unchecked": unchecked,
             "external_seconds": round(time.monotonic() - started, 3)}
    return findings, stats


def _request(feed: list[str], opts, deadline: float, results: dict[str, dict]) -> int:
    """Ask LinkChecker about ``feed`` into ``results``, again for rate-limited URLs (honouring
    Retry-After) while the time budget lasts. Returns the LinkChecker runs."""
    if opts.progress:
        opts.progress("external", 0, len(feed))
    pending = list(feed)
    attempt = 0
    runs = 0
    while pending and time.monotonic() < deadline - 1:
        raw = run_linkchecker(pending, opts, deadline)
        runs += 1
        retry, waits = [], []
        for url in pending:
            if url not in raw:
                continue
            res = classify(url, raw[url], opts.max_redirects)
            if res["kind"] == "limited" and attempt < opts.retries:
                retry.append(url)
                waits.append(_retry_after(raw[url], opts.max_retry_after))
                continue
            res["checked"] = time.time()
            results[url] = res
        if opts.progress:
            opts.progress("external", sum(1 for u in feed if u in results), len(feed))
        if not retry:
            break
        attempt += 1
        pause = max(waits) if waits else 1.0
        if time.monotonic() + pause >= deadline - 1:
            for url in retry:  # no time left to honour Retry-After
                results[url] = classify(url, raw[url], opts.max_redirects) | {"checked": time.time()}
            break
        time.sleep(pause)
        pending = retry
    return runs


def _findings(urls: dict[str, list[str]], results: dict[str, dict], opts, sources,
              site_display: str) -> tuple[list[Finding], int]:
    """A finding for each URL that is not fine, at its Markdown sources (or the theme's chrome);
    and how many URLs the time budget left unchecked."""
    findings: list[Finding] = []
    unchecked = 0
    for url in sorted(urls):
        res = results.get(url)
        if res is None:
            unchecked += 1
            res = {"kind": "unchecked", "message": "not checked: the time budget ran out", "status": "", "final": url}
        if res["kind"] == "ok":
            continue
        code = CODES[_KIND_CODES[res["kind"]]]
        pages = urls[url]
        msg = f"{url}: {res['message']}"
        if len(pages) > 1:
            msg += f" (used on {len(pages)} pages)"
        located = []
        for rel in pages:
            src = sources.source_of(rel)
            line = sources.find_line(src, url) if src else None
            if line is not None:
                located.append((sources.display(src), line, rel))
            if len(located) >= MAX_SHOWN_PAGES:
                break
        extra = {"final_url": res.get("final") or url, "status": res.get("status", ""), "pages": len(pages)}
        for file, line, rel in located:
            findings.append(Finding(code, msg, file, line, url, None, {**extra, "page": rel}))
        if not located:  # not in any Markdown source: theme chrome, reported once
            file, line = sources.template_of(url, url)
            if file is None:
                file = f"theme:{opts.theme}" if opts.theme else f"{site_display}/{pages[0]}"
            findings.append(Finding(code, msg + "; in the theme's chrome", file, line, url, None,
                                    {**extra, "page": pages[0], "chrome": True}))
    return findings, unchecked
