"""Derive the URL baseline of the site's first publication from the current baseline.

Before the language prefix, the portal was built with ``use_directory_urls: false`` and no
``/en``: the page published today at ``/en/apps/overview/`` was ``/apps/overview.html``, and
``/en/apps/`` was ``/apps/index.html``; anchors were the same. This script rewrites an
inventory file into that older URL list, so ``urlkeeper check`` proves both generations of
old URLs still resolve.

    python scripts/legacy_baseline.py redirects/baselines/en.txt -o redirects/baselines/legacy-html.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from urlkeeper.inventory import HEADER, Inventory  # noqa: E402


def convert(inv: Inventory, prefix: str) -> Inventory:
    """``/en/apps/overview/`` -> ``/apps/overview.html``; a page with pages below it (a section
    index, built from ``index.md``) -> ``/apps/index.html``; ``/en/`` -> ``/index.html``."""
    urls = sorted(inv.pages)
    parents = {u for i, u in enumerate(urls[:-1]) if urls[i + 1].startswith(u)}
    out = Inventory()
    for url, anchors in inv.pages.items():
        if not url.startswith(prefix + "/") or not url.endswith("/"):
            continue
        bare = url[len(prefix):]
        legacy = bare + "index.html" if bare == "/" or url in parents else bare[:-1] + ".html"
        out.add(legacy, anchors)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("baseline", help="inventory file of the current generation (/en/... URLs)")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--prefix", default="/en")
    args = ap.parse_args()
    inv = Inventory.read(args.baseline)
    out = convert(inv, args.prefix)
    text = out.to_text().replace(HEADER, HEADER + "\n# first publication: no language prefix, .html page URLs", 1)
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"{len(out)} legacy URLs -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
