"""The ``urlkeeper`` command line.

Exit codes: 0 clean (or only info), 1 findings, 2 bad input or usage (malformed YAML,
invalid redirect maps, missing files, unknown options). Bad input is reported as one line
naming the file and line, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Sequence

from . import __version__, check as check_mod, config as config_mod
from . import versions
from .errors import InputError
from .freshness import stale_note
from .findings import CODES, exit_code
from .inventory import Inventory
from .renderers.base import over_limit, write_files
from .reporters import REPORTERS, emit


# Commands that live in their own packages: each module defines add_parser(subparsers, parser_class)
# adding one or more sub-commands whose handlers take the parsed args and return an exit code.
COMMAND_MODULES = ("urlkeeper.links.command", "urlkeeper.move.command", "urlkeeper.suggest.command")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: exit 2 with one clear line
        self.print_usage(sys.stderr)
        self.exit(2, f"urlkeeper: error: {message}\n")


def _config_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-f", "--config-file", metavar="MKDOCS_YML", help="read settings from this mkdocs.yml (default: ./mkdocs.yml if present)")
    p.add_argument("--site", dest="site_dir", metavar="DIR", help="the built site (default: site_dir of mkdocs.yml, else ./site)")
    p.add_argument("--redirects", dest="redirects_dir", metavar="PATH", help="a folder of redirect maps, or one map file (default: redirects)")
    p.add_argument("--baselines", dest="baselines_dir", metavar="PATH", help="a folder of baseline URL lists, or one list (default: redirects/baselines)")
    p.add_argument("--protected", action="append", metavar="PREFIX", help="a protected URL prefix (repeatable; replaces the configured ones)")
    p.add_argument("--allow-host", dest="allowed_hosts", action="append", metavar="HOST", help="an external host redirect targets may point at (repeatable)")
    p.add_argument("--language-prefix", metavar="PREFIX", help="the language prefix rule sources also cover without (default /en)")


def _report_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=sorted(REPORTERS), default="terminal", help="report format (default: terminal)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("-v", "--verbose", action="store_true", help="also show info findings (collapsed chains)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="urlkeeper", description="Keep every URL of a documentation site working through restructurings.")
    parser.add_argument("--version", action="version", version=f"urlkeeper {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("check", help="validate redirect maps, baselines and protected URLs against a built site")
    _config_options(p)
    _report_options(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("inventory", help="write the URL inventory (pages and anchors) of a built site")
    p.add_argument("site", metavar="SITE_DIR_OR_SITEMAP", help="a built site folder, or a sitemap.xml (URLs only)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    p.add_argument("--site-url", help="with a sitemap: the site_url whose path is stripped from every URL")
    p.add_argument("--anchor-ignore", default=r"^__", help="regex of ids that are theme chrome, not anchors (default: ^__)")
    p.add_argument("--fingerprints", action="store_true", help="with -o FILE.txt: also write each page's fingerprint to FILE.fingerprints (for redirects suggest)")
    p.add_argument("--docs", metavar="DIR", help="with --fingerprints: the Markdown the site was built from (front-matter uid and aliases)")
    p.set_defaults(func=cmd_inventory)

    p = sub.add_parser("redirects", help="work with redirect maps")
    rsub = p.add_subparsers(dest="redirects_command", metavar="ACTION", parser_class=_Parser)
    rsub.required = True
    r = rsub.add_parser("render", help="render the redirect maps for a host")
    from .renderers import names

    r.add_argument("--format", dest="render_format", required=True, choices=names(), help="host format")
    r.add_argument("-o", "--output", metavar="PATH", help="file to write (a folder for the html format); default: standard output, or the site folder for html")
    r.add_argument("--force", action="store_true", help="write the output even when it is over a limit of the host")
    r.add_argument("--version-folder", metavar="NAME", help="the site is deployed into this folder of its host (mike: latest, 2.0): rules are written below it")
    _config_options(r)
    r.set_defaults(func=cmd_render)

    for module in COMMAND_MODULES:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise  # a real import error inside an existing command module
            continue
        mod.add_parser(sub, _Parser)

    p = sub.add_parser("codes", help="list the finding codes")
    p.set_defaults(func=cmd_codes)
    return parser


def _load_config(args: argparse.Namespace) -> config_mod.Config:
    for option, value in (("--redirects", args.redirects_dir), ("--baselines", args.baselines_dir)):
        if value and not Path(value).exists():
            raise InputError(f"{option} {value}: no such file or folder")
    cfg = config_mod.load(args.config_file)
    return cfg.with_options(
        site_dir=args.site_dir, redirects_dir=args.redirects_dir, baselines_dir=args.baselines_dir,
        protected=args.protected, allowed_hosts=args.allowed_hosts, language_prefix=args.language_prefix,
    )


def cmd_check(args: argparse.Namespace) -> int:
    cfg = _load_config(args)
    stale_note(cfg.site_dir, cfg.docs_dir, cfg.source)
    result = check_mod.run(cfg)
    emit(result.findings, args.format, args.output, args.verbose)
    hint = check_mod.suggest_hint(result.findings)
    if hint:
        print(hint, file=sys.stderr)
    return exit_code(result.findings)


def cmd_inventory(args: argparse.Namespace) -> int:
    src = Path(args.site)
    if args.fingerprints and (not args.output or src.is_file()):
        raise InputError("--fingerprints needs a built site folder and -o FILE (the fingerprints go beside it)")
    if args.anchor_ignore:
        config_mod.regex(args.anchor_ignore, "option --anchor-ignore")
    if src.is_file():
        inv = Inventory.from_sitemap(src, args.site_url)
    else:
        inv = Inventory.from_site(src, args.anchor_ignore or None)
    text = inv.to_text()
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"urlkeeper: {len(inv)} pages, {sum(len(a) for a in inv.pages.values())} anchors -> {args.output}", file=sys.stderr)
        if args.fingerprints:
            from .suggest.command import write_fingerprints

            write_fingerprints(src, Path(args.output), args.docs)
    else:
        sys.stdout.write(text)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    cfg = _load_config(args)
    if args.version_folder:
        cfg = versions.in_folder(cfg, args.version_folder)
    result = check_mod.run(cfg)
    rendered = check_mod.render(cfg, result, (args.render_format,))[args.render_format]
    problems = [f for f in result.findings if f.code.bad_input] + rendered.findings
    withheld = None if args.force else over_limit(args.render_format, rendered)
    if withheld is not None:
        problems.append(withheld)
    elif args.render_format == "html" or len(rendered.files) != 1:
        out_dir = Path(args.output) if args.output else cfg.site_dir
        written = write_files(out_dir, rendered.files, overwrite=args.render_format != "html")
        print(f"urlkeeper: wrote {written} files under {out_dir}", file=sys.stderr)
    else:
        (text,) = rendered.files.values()
        if args.output:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    if problems:
        REPORTERS["terminal"](problems, sys.stderr)
    return exit_code(problems)


def cmd_codes(args: argparse.Namespace) -> int:
    for code in CODES.values():
        kind = "bad input" if code.bad_input else "site"
        print(f"{code.id}  {code.name:<26} {code.severity.label:<8} {kind:<9} {code.summary}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"urlkeeper: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
