"""The commands ``check``, ``inventory``, ``redirects render`` and ``codes``: plain functions
with keyword arguments that return an :class:`~urlkeeper.exitcodes.ExitCode` (``cli.py``
parses the command line and calls them; the other commands live beside their packages)."""

from __future__ import annotations

import sys
from pathlib import Path

from . import check as check_mod, config as config_mod, options as schema, versions
from .errors import InputError
from .exitcodes import ExitCode
from .findings import CODES, exit_code
from .freshness import stale_note
from .inventory import Inventory
from .renderers.base import over_limit, write_files
from .reporters import REPORTERS, emit


def load_config(config_file: str | None, overrides: dict) -> config_mod.Config:
    """The settings of ``config_file`` (or ./mkdocs.yml), with the command-line overrides
    (keyed as in :mod:`urlkeeper.options`) read the same way."""
    for key in ("redirects_dir", "baselines_dir"):
        value = overrides.get(key)
        if value and not Path(value).exists():
            raise InputError(f"{schema.get(key).flag} {value}: no such file or folder")
    return config_mod.load(config_file).with_options(**overrides)


def check(*, config_file: str | None, overrides: dict, report_format: str, output: str | None,
          verbose: bool) -> ExitCode:
    cfg = load_config(config_file, overrides)
    stale_note(cfg.site_dir, cfg.docs_dir, cfg.source)
    result = check_mod.run(cfg)
    emit(result.findings, report_format, output, verbose)
    hint = check_mod.suggest_hint(result.findings)
    if hint:
        print(hint, file=sys.stderr)
    return exit_code(result.findings)


def inventory(*, site: str, output: str | None, site_url: str | None, anchor_ignore: str,
              fingerprints: bool, docs: str | None) -> ExitCode:
    src = Path(site)
    if fingerprints and (not output or src.is_file()):
        raise InputError("--fingerprints needs a built site folder and -o FILE (the fingerprints go beside it)")
    if anchor_ignore:
        config_mod.regex(anchor_ignore, "option --anchor-ignore")
    if src.is_file():
        inv = Inventory.from_sitemap(src, site_url)
    else:
        inv = Inventory.from_site(src, anchor_ignore or None)
    text = inv.to_text()
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
        print(f"urlkeeper: {len(inv)} pages, {sum(len(a) for a in inv.pages.values())} anchors -> {output}", file=sys.stderr)
        if fingerprints:
            from .suggest.command import write_fingerprints

            write_fingerprints(src, Path(output), docs)
    else:
        sys.stdout.write(text)
    return ExitCode.OK


def render(*, config_file: str | None, overrides: dict, render_format: str, output: str | None, force: bool,
           version_folder: str | None) -> ExitCode:
    cfg = load_config(config_file, overrides)
    if version_folder:
        cfg = versions.in_folder(cfg, version_folder)
    result = check_mod.run(cfg)
    rendered = check_mod.render(cfg, result, (render_format,))[render_format]
    problems = [f for f in result.findings if f.code.bad_input] + rendered.findings
    withheld = None if force else over_limit(render_format, rendered)
    if withheld is not None:
        problems.append(withheld)
    elif render_format == "html" or len(rendered.files) != 1:
        out_dir = Path(output) if output else cfg.site_dir
        written = write_files(out_dir, rendered.files, overwrite=render_format != "html")
        print(f"urlkeeper: wrote {written} files under {out_dir}", file=sys.stderr)
    else:
        (text,) = rendered.files.values()
        if output:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            Path(output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if problems:
        REPORTERS["terminal"](problems, sys.stderr)
    return exit_code(problems)


def codes() -> ExitCode:
    for code in CODES.values():
        kind = "bad input" if code.bad_input else "site"
        print(f"{code.id}  {code.name:<26} {code.severity.label:<8} {kind:<9} {code.summary}")
    return ExitCode.OK
