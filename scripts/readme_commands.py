"""Write README.md's command reference (the ``sh`` block under ``## Commands``) from the one
command-line parser, ``urlkeeper.cli``; with ``--check``, only say whether it is current
(exit 1 when not). tests/test_options.py runs the check.

    python scripts/readme_commands.py          # rewrite the block
    python scripts/readme_commands.py --check
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from urlkeeper.cli import command_reference  # noqa: E402

README = ROOT / "README.md"
HEADING = "## Commands\n"
FENCE_OPEN, FENCE_CLOSE = "```sh\n", "```\n"


def split(text: str) -> tuple[str, str, str]:
    """README as (before the block's body, the body, after it)."""
    start = text.index(FENCE_OPEN, text.index(HEADING)) + len(FENCE_OPEN)
    end = text.index(FENCE_CLOSE, start)
    return text[:start], text[start:end], text[end:]


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    before, body, after = split(text)
    wanted = command_reference()
    if "--check" in argv:
        if body != wanted:
            print("README.md: the command reference is out of date: run python scripts/readme_commands.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(before + wanted + after, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
