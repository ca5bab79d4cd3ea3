"""The check and render of the last build, reused when nothing they read has changed.

What they read: the plugin's settings; the redirect maps, fragment maps, baselines and the
site's template overrides (by stat); urlkeeper's own code (by stat); the URLs of the pages;
the site's other files; and the anchors of the few pages whose anchors the check asked for.

* In the same process (`mkdocs serve` rebuilds) the last result is kept in memory.
* For the next `mkdocs build` it is kept in ``<cache_dir>/check-<site>.json``. It holds the
  findings, the rendered files and the anchors that were read, and is used only when the key
  and those anchors still match (the anchors are read again from those pages).
* The file is JSON, not pickle: a cache file in a working copy must not be able to run code.
  A file that does not parse, or does not match, is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .. import check as check_mod, fragments
from ..findings import CODES, Finding, Severity
from ..inventory import Inventory
from ..renderers.base import Rendered
from . import keep
from .anchors import BuiltAnchors

FORMAT = 1
_LAST: dict = {}  # the last check in this process: its key, the pages it saw, what it gave


@dataclass
class Checked:
    findings: list[Finding]
    rules: int  # valid rules
    baselines: int  # baseline URLs checked
    rendered: dict[str, Rendered]
    reused: str = ""  # where from, when reused: "this process", "the last build"


def check_and_render(core, inventory: Inventory, cache_file: Path | None = None) -> Checked:
    """``check.run`` and ``check.render``, or their last results when nothing they read changed."""
    key = _key(core, inventory)
    last = _LAST.get("pages")
    if _LAST.get("key") == key and last is not None and _same_answers(last, inventory.pages):
        return replace(_LAST["checked"], reused="this process")
    checked = _load(cache_file, key, inventory) if cache_file else None
    if checked is None:
        result = check_mod.run(core, inventory)
        checked = Checked(result.findings, len(result.rules), len(result.baseline_urls),
                          check_mod.render(core, result))
        if cache_file:
            _save(cache_file, key, inventory, checked)
    _LAST.update(key=key, pages=dict(inventory.pages), checked=checked)
    return checked


def _key(core, inventory: Inventory) -> str:
    """A digest of everything the check reads but the anchors of pages."""
    h = hashlib.blake2b(digest_size=20)
    for part in (repr(core), repr(_stamps(core)), repr(_code()), "\n".join(sorted(inventory.pages)),
                 "\n".join(sorted(inventory.files))):
        h.update(part.encode("utf-8", "surrogateescape"))
        h.update(b"\x00")
    return h.hexdigest()


def _stamps(core) -> tuple:
    """The redirect maps, fragment maps, baselines and the site's overrides of urlkeeper's
    templates, by stat."""
    from ..baselines import baseline_files
    from ..rules import map_files
    from ..templating import OVERRIDE_FOLDER

    overrides = []
    if core.templates_dir:
        overrides = [Path(core.templates_dir) / OVERRIDE_FOLDER / name for name in ("redirect.html", "forward.html")]
    out = []
    for path in [*map_files(core.redirects_dir), *fragments.files(core.redirects_dir),
                 *baseline_files(core.baselines_dir), *overrides]:
        try:
            st = path.stat()
            out.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(path), 0, -1))
    return tuple(out)


_CODE: list = []


def _code() -> tuple:
    """urlkeeper's modules and templates by stat, and the Python and Jinja that run them."""
    if not _CODE:
        import jinja2

        root = Path(__file__).resolve().parent.parent
        files = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in names:
                if name.endswith((".py", ".html")):
                    st = os.stat(os.path.join(folder, name))
                    files.append((os.path.relpath(os.path.join(folder, name), root), st.st_mtime_ns, st.st_size))
        _CODE.append((sys.version, jinja2.__version__, tuple(sorted(files))))
    return _CODE[0]


def _same_answers(before: dict, now: dict) -> bool:
    """Whether the check would read the same pages as last time: the same URLs, and the same
    anchors of every page whose anchors it read (the others' anchors do not matter to it)."""
    if before.keys() != now.keys():
        return False
    for url, old in before.items():
        new = now[url]
        if old is new or (isinstance(old, BuiltAnchors) and old._found is None):
            continue  # the same object, or anchors the check never asked for
        if isinstance(old, BuiltAnchors) and isinstance(new, BuiltAnchors) and old.stamp == new.stamp:
            continue  # the same HTML
        if _read(old) != _read(new):
            return False
    return True


def _read(anchors) -> frozenset:
    return anchors.get() if isinstance(anchors, BuiltAnchors) else anchors


def _read_anchors(inventory: Inventory) -> dict[str, list[str]]:
    """The anchors the check could have read: of the pages it asked, and of every page whose
    anchors were in hand already (a plain set: the check may have read any of them)."""
    out = {}
    for url, anchors in inventory.pages.items():
        if isinstance(anchors, BuiltAnchors):
            if anchors._found is not None:
                out[url] = sorted(anchors._found)
        else:
            out[url] = sorted(anchors)
    return out


def _save(path: Path, key: str, inventory: Inventory, checked: Checked) -> None:
    doc = {
        "format": FORMAT, "key": key, "anchors": _read_anchors(inventory),
        "rules": checked.rules, "baselines": checked.baselines, "findings": [_finding(f) for f in checked.findings],
        "rendered": {name: _rendered(out) for name, out in checked.rendered.items()},
    }
    try:
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):  # not writable, or a finding's extra that JSON cannot hold
        return
    keep.prune(path.parent, "check", ".json")


def _load(path: Path, key: str, inventory: Inventory) -> Checked | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != FORMAT or doc.get("key") != key:
            return None
        for url, anchors in doc["anchors"].items():
            if url not in inventory.pages or _read(inventory.pages[url]) != frozenset(anchors):
                return None
        return Checked([_unfinding(f) for f in doc["findings"]], int(doc["rules"]), int(doc["baselines"]),
                       {name: _unrendered(out) for name, out in doc["rendered"].items()}, "the last build")
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


def _finding(f: Finding) -> list:
    return [f.code.id, f.message, f.file, f.line, f.url, None if f.severity is None else int(f.severity), f.extra]


def _unfinding(row: list) -> Finding:
    code, message, file, line, url, severity, extra = row
    return Finding(CODES[code], message, file, line, url, None if severity is None else Severity(severity), dict(extra))


def _rendered(out: Rendered) -> dict:
    """Files by path, each text once (the redirect pages of one target are one text)."""
    texts: dict[str, int] = {}
    files = {rel: texts.setdefault(text, len(texts)) for rel, text in out.files.items()}
    return {"texts": list(texts), "files": files, "findings": [_finding(f) for f in out.findings]}


def _unrendered(doc: dict) -> Rendered:
    texts = doc["texts"]
    if not all(isinstance(t, str) for t in texts) or not all(isinstance(rel, str) for rel in doc["files"]):
        raise ValueError("not a rendered format")
    return Rendered({rel: texts[i] for rel, i in doc["files"].items()}, [_unfinding(f) for f in doc["findings"]])
