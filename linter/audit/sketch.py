"""MinHash sketches of an article's paragraphs for the library-wide near-duplicate search.

They are made where the article is read (in the worker processes of a parallel audit), so
the main process receives compact arrays -- per paragraph a 16-byte digest of its words,
its shingle hashes and its LSH band keys -- instead of computing them itself while the
workers wait for it, and never needs datasketch (with scipy, about 55 MB) in memory.

The signatures are datasketch's MinHash ("affine32" scheme, crc32 of each shingle, seed 1)
computed for all of an article's paragraphs in one numpy pass: one datasketch object per
paragraph costs more than the arithmetic. tests/test_audit.py checks that they are
datasketch's to the bit. datasketch itself is still what chooses the band count and width
(MinHashLSH for the threshold) and the permutations.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from linter.analysis.similarity import comparable_words, shingles

if TYPE_CHECKING:
    import numpy as np

NUM_PERM = 128
#: datasketch's 32-bit affine permutations (its default since 2.0)
SCHEME = "affine32"
#: the LSH index is tuned a little below the similarity asked for, then every candidate is
#: verified exactly: recall matters more than the cost of a few extra comparisons
LSH_SLACK = 0.2
BAND_SEED = 20261124
#: bytes of a paragraph's digest (blake2b of its comparable words)
DIGEST_SIZE = 16
#: the MurmurHash3 32-bit finalizer datasketch applies to each input hash ("affine32")
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
#: bits of a paragraph's shingle mask (`Sketches.masks`): two 64-bit words
MASK_BITS = 128


@dataclass(frozen=True, slots=True)
class SketchSettings:
    similarity: float
    shingle_size: int


@dataclass(frozen=True, slots=True)
class Sketches:
    """One article's paragraphs (those long enough to compare), packed for pickling."""

    path: str
    lines: tuple[int, ...]
    #: the text of each paragraph, white space collapsed (what the report shows)
    texts: tuple[str, ...]
    #: DIGEST_SIZE bytes per paragraph: paragraphs with the same words share it
    digests: bytes
    #: shingle hashes per paragraph (crc32, sorted, unique)
    shingle_counts: tuple[int, ...]
    #: all paragraphs' shingle hashes, one paragraph after the other (array('I') bytes)
    shingles: bytes
    #: `bands` LSH band keys per paragraph (uint64 bytes)
    band_keys: bytes
    #: per paragraph, bit `h % MASK_BITS` set for each shingle hash h, as two uint64 (low
    #: word first): a bound on the shingles two paragraphs share, without their sets
    masks: bytes

    def __len__(self) -> int:
        return len(self.lines)


def lsh_shape(similarity: float) -> tuple[int, int]:
    """(bands, rows): datasketch's MinHashLSH choice for the threshold."""
    return _lsh_shape(max(0.05, similarity - LSH_SLACK))


@cache
def _lsh_shape(threshold: float) -> tuple[int, int]:
    from datasketch import MinHashLSH  # type: ignore[import-untyped]

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def sketch(settings: SketchSettings, path: str, paragraphs: Sequence[tuple[int, str]]) -> Sketches:
    """Sketches of `(line, text)` paragraphs of the article at `path`."""
    import numpy as np

    digests = bytearray()
    counts: list[int] = []
    hashes = array("I")
    for _, text in paragraphs:
        tokens = comparable_words(text)
        digests += hashlib.blake2b(" ".join(tokens).encode("utf-8"),
                                   digest_size=DIGEST_SIZE).digest()
        unique = sorted(set(map(zlib.crc32, map(str.encode, shingles(tokens,
                                                                     settings.shingle_size)))))
        counts.append(len(unique))
        hashes.extend(unique)
    bands, rows = lsh_shape(settings.similarity)
    keys = np.zeros((len(counts), bands), dtype=np.uint64)
    masks = np.zeros((len(counts), 2), dtype=np.uint64)
    if counts:
        values = np.frombuffer(hashes, dtype=np.uint32)
        signatures = minhash_signatures(values, counts)
        chosen = signatures[:, : bands * rows].astype(np.uint64).reshape(-1, bands, rows)
        # one 64-bit key per band: a fixed random linear hash of its `rows` values
        keys = (chosen * _multipliers(rows)).sum(axis=2, dtype=np.uint64)
        masks = shingle_masks(values, counts)
    return Sketches(path, tuple(line for line, _ in paragraphs),
                    tuple(text for _, text in paragraphs), bytes(digests), tuple(counts),
                    hashes.tobytes(), keys.tobytes(), masks.tobytes())


def minhash_signatures(hashes: np.ndarray, counts: Sequence[int]) -> np.ndarray:
    """datasketch's MinHash hash values for consecutive sets of 32-bit input hashes
    (`counts[i]` of them for set i, none empty), one row of NUM_PERM values per set."""
    import numpy as np

    s1, m1, s2, m2, s3 = (np.uint32(c) for c in _FMIX32)
    hv = hashes ^ (hashes >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    a, b = _permutations()
    permuted = hv[:, np.newaxis] * a + b  # wraps around at 2**32, as datasketch's does
    signatures: np.ndarray = np.minimum.reduceat(permuted, _starts(counts), axis=0)
    return signatures


def shingle_masks(hashes: np.ndarray, counts: Sequence[int]) -> np.ndarray:
    """For consecutive sets of 32-bit hashes (`counts[i]` in set i, none empty), the
    MASK_BITS-bit mask of each, as rows of two uint64 (bit `h % MASK_BITS` of the mask)."""
    import numpy as np

    bit = np.left_shift(np.uint64(1), (hashes & np.uint32(63)).astype(np.uint64))
    high = (hashes & np.uint32(64)) != 0
    zero = np.uint64(0)
    starts = _starts(counts)
    return np.stack([np.bitwise_or.reduceat(np.where(high, zero, bit), starts),
                     np.bitwise_or.reduceat(np.where(high, bit, zero), starts)], axis=1)


def _starts(counts: Sequence[int]) -> np.ndarray:
    import numpy as np

    starts = np.zeros(len(counts), dtype=np.intp)
    starts[1:] = np.cumsum(np.asarray(counts[:-1], dtype=np.intp))
    return starts


@cache
def _multipliers(rows: int) -> np.ndarray:
    """Fixed odd 64-bit multipliers for the band keys (the same on every run)."""
    import numpy as np

    multipliers: np.ndarray = np.random.RandomState(BAND_SEED).randint(
        0, 2**63, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return multipliers


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's MinHash permutations (seed 1), as uint32 arrays."""
    import numpy as np
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)
