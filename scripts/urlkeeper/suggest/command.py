"""Command line: ``urlkeeper redirects suggest``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..commands import load_config
from ..errors import InputError
from ..exitcodes import ExitCode
from . import report, run

DEFAULT_MIN_CONFIDENCE = 0.25  # tuned on bench_suggest.py and the real projects of bench_suggest_real.py (mkdocs-material, polars, uv): precision >= 0.97 on each


def confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}")
    return value


def suggest(*, config_file: str | None, overrides: dict, output: str | None, min_confidence: float,
            from_rev: str | None, old_site: str | None) -> ExitCode:
    started = time.perf_counter()
    if output and Path(output).exists():
        raise InputError("exists already: suggestions go to a new file (review it, then move it into redirects/)", output)
    if old_site and not Path(old_site).is_dir():
        raise InputError("is not a folder (expected an old built site)", old_site)
    cfg = load_config(config_file, overrides)
    outcome = run.suggest(cfg, rev=from_rev, old_site=old_site)
    text = report.render(outcome, min_confidence)
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    rules = sum(1 for s in outcome.suggestions if not s.gone and s.confidence >= min_confidence)
    print(f"urlkeeper: {len(outcome.suggestions) + len(outcome.unknown)} broken URLs, {rules} rules proposed"
          f"{' -> ' + output if output else ''} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return ExitCode.OK


def write_fingerprints(site_dir: Path, baseline: Path, docs_dir: str | None) -> None:
    path = run.write_fingerprints(site_dir, baseline, docs_dir)
    print(f"urlkeeper: fingerprints -> {path}", file=sys.stderr)
