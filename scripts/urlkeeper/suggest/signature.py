"""Similarity signatures of page text: words, 3-word shingles and a b-bit MinHash.

A page's body is reduced to lower-case words; every run of three words is a shingle. The
signature keeps, for each of :data:`K` independent hash functions, the low 16 bits of the
smallest hash over the page's shingles (b-bit MinHash). Two signatures agree at a position
with probability close to the Jaccard similarity of the two shingle sets, so 64 positions
estimate it within about ±0.06 while costing 128 bytes a page. With the number of shingles
kept beside it, the estimate also gives how much of one page is contained in another.
"""

from __future__ import annotations

import base64
import hashlib
import re

import numpy as np

K = 64  # positions in a signature
SHINGLE = 3  # words per shingle
EMPTY = 0xFFFF  # the signature value of a page without text at every position
_WORD = re.compile(r"[^\W_]+")
_RNG = np.random.default_rng(0x75726C6B)  # fixed: signatures must compare across runs and machines
_A = _RNG.integers(1, 2**63, size=K, dtype=np.uint64) | np.uint64(1)
_B = _RNG.integers(0, 2**63, size=K, dtype=np.uint64)
_A_COL, _B_COL = _A[:, None].copy(), _B[:, None].copy()
_P1 = np.uint64(0x9E3779B97F4A7C15)
_P2 = np.uint64(0xC2B2AE3D27D4EB4F)


class _WordHashes(dict):
    """UTF-8 word -> stable 64-bit hash, computed once per word (lookups of known words stay in C)."""

    def __missing__(self, word: bytes) -> int:
        h = self[word] = int.from_bytes(hashlib.blake2b(word, digest_size=8).digest(), "little")
        return h


_word_hashes = _WordHashes()
# ASCII letters and digits to lower case, every other ASCII byte to a space, the rest kept.
_ASCII_WORDS = bytes((c | 0x20 if chr(c).isalpha() else c) if c < 128 and chr(c).isalnum() else (32 if c < 128 else c)
                     for c in range(256))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def word_bytes(text: str) -> list[bytes]:
    """``words(text)``, UTF-8 encoded, found with one byte translation: only the pieces that
    hold non-ASCII characters go through the Unicode rules (a capital sigma, whose lower case
    depends on its neighbours, sends the whole text there)."""
    if "\u03a3" in text:
        return [w.encode() for w in words(text)]
    pieces = text.encode("utf-8", "surrogatepass").translate(_ASCII_WORDS).split()
    if text.isascii():
        return pieces
    out: list[bytes] = []
    for piece in pieces:
        if piece.isascii():
            out.append(piece)
        else:
            out.extend(w.encode("utf-8", "surrogatepass") for w in words(piece.decode("utf-8", "surrogatepass")))
    return out


def shingle_hashes(tokens: list[bytes]) -> np.ndarray:
    """The distinct 64-bit hashes, sorted, of the page's shingles (a short page is one shingle)."""
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    wh = np.fromiter(map(_word_hashes.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    if len(tokens) < SHINGLE:
        return np.array([int(np.bitwise_xor.reduce(wh))], dtype=np.uint64)
    sh = wh[:-2] * _P1  # wraps modulo 2**64 (no warning for arrays)
    sh += wh[1:-1] * _P2
    sh += wh[2:]
    sh.sort()
    keep = np.empty(sh.size, dtype=bool)
    keep[0] = True
    np.not_equal(sh[1:], sh[:-1], out=keep[1:])
    return sh[keep]


def minhash(shingles: np.ndarray) -> np.ndarray:
    """K values of 16 bits: the low bits of the smallest hash of each hash function (taking
    the high half after the minimum gives the same as before it: the shift keeps the order)."""
    if shingles.size == 0:
        return np.full(K, EMPTY, dtype=np.uint16)
    table = np.multiply(_A_COL, shingles[None, :])  # one row a hash function: the minimum runs along rows
    table += _B_COL
    mins = table.min(axis=1) >> np.uint64(32)
    return (mins & np.uint64(0xFFFF)).astype(np.uint16)


def of_text(text: str) -> tuple[np.ndarray, int]:
    """(signature, number of distinct shingles) of a page's text."""
    sh = shingle_hashes(word_bytes(text))
    return minhash(sh), int(sh.size)


def encode(sig: np.ndarray) -> str:
    return base64.b64encode(sig.astype("<u2").tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray:
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if len(raw) != 2 * K:
        raise ValueError(f"a signature has {K} values of 16 bits, got {len(raw)} bytes")
    return np.frombuffer(raw, dtype="<u2").astype(np.uint16)


def jaccard(matches: int) -> float:
    """The Jaccard similarity estimated from the number of agreeing positions (b-bit corrected)."""
    chance = 1 / 65536
    return max(0.0, (matches / K - chance) / (1 - chance))


def containment(j: float, n_a: int, n_b: int) -> float:
    """How much of A lies in B, from their Jaccard similarity and sizes: |A∩B| / |A|."""
    if n_a <= 0 or j <= 0:
        return 0.0
    inter = j * (n_a + n_b) / (1 + j)
    return min(1.0, inter / n_a)
