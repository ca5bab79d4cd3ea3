"""Command line: ``urlkeeper redirects suggest``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..errors import InputError
from . import report, run

DEFAULT_MIN_CONFIDENCE = 0.25  # tuned on bench_suggest.py and the real projects of bench_suggest_real.py (mkdocs-material, polars, uv): precision >= 0.97 on each


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}")
    return value


def add_parser(subparsers, parser_class) -> None:
    from ..cli import _config_options

    redirects = subparsers.choices.get("redirects")
    if redirects is None or redirects._subparsers is None:
        return
    rsub = redirects._subparsers._group_actions[0]
    r = rsub.add_parser("suggest", help="propose rules for broken baseline URLs: where did their content go?")
    r.add_argument("-o", "--output", metavar="FILE", help="write the proposed redirect map to FILE (a new file) instead of standard output")
    r.add_argument("--min-confidence", type=_confidence, default=DEFAULT_MIN_CONFIDENCE, metavar="X",
                   help=f"propose a rule only from this confidence on, 0 to 1 (default: {DEFAULT_MIN_CONFIDENCE})")
    old = r.add_mutually_exclusive_group()
    old.add_argument("--from-rev", metavar="REV", help="old content: the Markdown of docs_dir at this git revision")
    old.add_argument("--old-site", metavar="DIR", help="old content: an old built site (any generator's HTML)")
    _config_options(r)
    r.set_defaults(func=cmd_suggest)


def cmd_suggest(args: argparse.Namespace) -> int:
    from ..cli import _load_config

    started = time.perf_counter()
    if args.output and Path(args.output).exists():
        raise InputError("exists already: suggestions go to a new file (review it, then move it into redirects/)", args.output)
    if args.old_site and not Path(args.old_site).is_dir():
        raise InputError("is not a folder (expected an old built site)", args.old_site)
    cfg = _load_config(args)
    outcome = run.suggest(cfg, rev=args.from_rev, old_site=args.old_site)
    text = report.render(outcome, args.min_confidence)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    rules = sum(1 for s in outcome.suggestions if not s.gone and s.confidence >= args.min_confidence)
    print(f"urlkeeper: {len(outcome.suggestions) + len(outcome.unknown)} broken URLs, {rules} rules proposed"
          f"{' -> ' + args.output if args.output else ''} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


def write_fingerprints(site_dir: Path, baseline: Path, docs_dir: str | None) -> None:
    path = run.write_fingerprints(site_dir, baseline, docs_dir)
    print(f"urlkeeper: fingerprints -> {path}", file=sys.stderr)
