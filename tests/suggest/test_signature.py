"""The signature's fast word splitting and hashing give exactly what the plain definition gives
(lower-case Unicode letters and digits, 3-word shingles, MinHash), so caches and sidecars
written before stay valid."""

from __future__ import annotations

import hashlib
import re

import numpy as np
from hypothesis import given, settings, strategies as st

from urlkeeper.suggest import signature

WORD = re.compile(r"[^\W_]+")


def plain_signature(text: str) -> tuple[np.ndarray, int]:
    """The definition, written the slow and obvious way."""
    words = WORD.findall(text.lower())
    hashes = [int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little") for w in words]
    if not hashes:
        return np.full(signature.K, signature.EMPTY, dtype=np.uint16), 0
    mask = (1 << 64) - 1
    if len(hashes) < 3:
        x = 0
        for h in hashes:
            x ^= h
        shingles = {x}
    else:
        p1, p2 = int(signature._P1), int(signature._P2)
        shingles = {(a * p1 + b * p2 + c) & mask for a, b, c in zip(hashes, hashes[1:], hashes[2:])}
    sig = [(min((s * int(a) + int(b)) & mask for s in shingles) >> 32) & 0xFFFF
           for a, b in zip(signature._A, signature._B)]
    return np.array(sig, dtype=np.uint16), len(shingles)


TRICKY = [
    "", "one", "two words", "Hello, World! snake_case x-y 3.14 CamelCase",
    "ΟΔΟΣ.Α ΟΔΟΣ Σ", "İstanbul straße Ǆ ﬁne \u212a", "naïve café — ’quoted’ 日本語 한국어",
    "a\u00a0b\u2003c\u0307d", "①②③ ²³ ٣٤", "lone \ud800 surrogate", "tab\tnew\nline\r\nend",
]


def test_tricky_texts_match_the_definition():
    for text in TRICKY:
        sig, n = signature.of_text(text)
        want_sig, want_n = plain_signature(text)
        assert n == want_n, text
        assert sig.tolist() == want_sig.tolist(), text
        assert signature.word_bytes(text) == [w.encode("utf-8", "surrogatepass") for w in signature.words(text)]


ALPHABET = st.sampled_from(list("aZ9_ .,\n\t-'’—éÉΣσςİıßǅ①²日\u00a0\u0307\u212a"))


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_any_text_matches_the_definition(text):
    sig, n = signature.of_text(text)
    want_sig, want_n = plain_signature(text)
    assert (n, sig.tolist()) == (want_n, want_sig.tolist())


def test_signature_of_a_sentence_is_pinned():
    """The hash functions are fixed: a signature must compare across runs, machines and versions
    (the value below was written by the first version of the signature)."""
    sig, n = signature.of_text("The quick brown fox jumps over the lazy dog near the river bank")
    assert n == 11
    assert signature.encode(sig) == (
        "evpaotFmyxbtzn8lFMrnC5Brnl3luQG7Uv5F2sY0zYNT79F/eZkZXVSX4FKRamJJvsP9IKNkbD/b+KvV1sJ2wtxJIkb7dbeOajoHrbO3"
        "ysj+8Bhxqdlyu/xKULGGmfX3d7Y6HpmQ01O5BU67YZ7qs2RNQnZpZuk/Mk4c9V4fI4w=")
