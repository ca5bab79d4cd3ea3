"""Page fingerprints and the fingerprint sidecar of a baseline.

A fingerprint is what is needed to recognise a page's content after it moved: its title,
the identifiers its front matter declares (``uid``, ``aliases``), its headings with their
anchors, and a MinHash signature of its body (see :mod:`.signature`).

Sidecar format, next to the baseline (``en.txt`` -> ``en.fingerprints``), one page a line,
sorted by URL, so a restructuring shows as a readable diff::

    # urlkeeper fingerprints v1
    /en/apps/overview/<TAB>{"t":"Overview","h":["Overview","Limits",["beta","Beta period"]],"n":412,"m":"..."}

``t`` title, ``i`` identifiers, ``h`` headings (the text alone when its anchor is the text's
default slug, else ``[anchor, text]``), ``n`` distinct shingles, ``m`` the signature (base64).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import InputError
from . import signature

HEADER = "# urlkeeper fingerprints v1"
SUFFIX = ".fingerprints"


_NOT_SLUG = re.compile(r"[^\w\s-]")
_SLUG_GAPS = re.compile(r"[-\s]+")


@lru_cache(maxsize=1 << 16)
def slugify(text: str) -> str:
    """The anchor Python-Markdown's toc extension gives a heading by default."""
    value = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_GAPS.sub("-", _NOT_SLUG.sub("", value).strip().lower())


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """A title or heading reduced for comparison: lower-case words without a plural ``s``
    (``Enums`` and ``Enum`` compare equal), single spaces."""
    return " ".join(w[:-1] if len(w) > 3 and w[-1] == "s" and w[-2] != "s" else w for w in signature.words(text))


@dataclass
class Fingerprint:
    url: str
    title: str = ""
    ids: tuple[str, ...] = ()
    headings: tuple[tuple[str, str], ...] = ()  # (anchor, text), in page order
    shingles: int = 0
    sig: np.ndarray = field(default_factory=lambda: np.full(signature.K, signature.EMPTY, dtype=np.uint16))

    @classmethod
    def make(cls, url: str, title: str, ids, headings, body: str) -> "Fingerprint":
        sig, n = signature.of_text(body)
        return cls(url, title.strip(), tuple(ids), tuple(headings), n, sig)

    def heading_index(self) -> dict[str, str]:
        """Normalised heading text -> anchor (the first heading of that text), computed once."""
        cached = self.__dict__.get("_heading_index")
        if cached is None:
            cached = self.__dict__["_heading_index"] = {}
            for anchor, text in self.headings:
                cached.setdefault(norm(text), anchor)
        return cached

    def to_data(self) -> dict:
        data: dict = {"t": self.title}
        if self.ids:
            data["i"] = list(self.ids)
        data["h"] = [text if slugify(text) == anchor else [anchor, text] for anchor, text in self.headings]
        data["n"] = self.shingles
        data["m"] = signature.encode(self.sig)
        return data

    def to_line(self) -> str:
        return f"{self.url}\t{json.dumps(self.to_data(), ensure_ascii=False, separators=(',', ':'))}"

    @classmethod
    def from_line(cls, line: str, name: str, number: int) -> "Fingerprint":
        url, sep, raw = line.partition("\t")
        if not sep or not url.startswith("/"):
            raise InputError("expected a URL, a tab and a JSON fingerprint", name, number)
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise InputError(f"malformed fingerprint: {exc}", name, number) from None
        return cls.from_data(data, name, number, url)

    @classmethod
    def from_data(cls, data, name: str, number: int, url: str = "") -> "Fingerprint":
        try:
            headings = tuple((slugify(h), h) if isinstance(h, str) else (str(h[0]), str(h[1])) for h in data.get("h", ()))
            return cls(url, str(data.get("t", "")), tuple(map(str, data.get("i", ()))), headings,
                       int(data.get("n", 0)), signature.decode(data["m"]))
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            raise InputError(f"malformed fingerprint: {exc}", name, number) from None


def sidecar_of(baseline: str | Path) -> Path:
    """``redirects/baselines/en.txt`` -> ``redirects/baselines/en.fingerprints``."""
    return Path(baseline).with_suffix(SUFFIX)


def write(path: str | Path, prints) -> None:
    lines = [HEADER] + [fp.to_line() for fp in sorted(prints, key=lambda f: f.url)]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read(path: str | Path) -> dict[str, Fingerprint]:
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", name) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", name) from None
    out: dict[str, Fingerprint] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fp = Fingerprint.from_line(line, name, number)
        out[fp.url] = fp
    return out
