"""Library-wide near-duplicate paragraphs: the same (or nearly the same) text in several articles.

Shared boilerplate updated in one article only, or text copied between articles, shows up
as a group of paragraphs whose word shingles mostly agree. Finding them must not compare
every pair of paragraphs (a library has hundreds of thousands), so:

1. Paragraphs with the same words (case, spacing and punctuation aside) are one *variant*.
2. Each variant gets a MinHash signature (datasketch) of its `shingle_size`-word shingles,
   cut into LSH bands (band count and width from datasketch's MinHashLSH for the
   threshold): variants whose similarity is likely above the threshold share a bucket in at
   least one band.
3. Within each bucket, variants are checked against a few bucket representatives with the
   exact Jaccard similarity of their shingle sets, and joined (union-find) when at least
   `similarity`. Work is linear in bucket size, not quadratic.
4. A group is reported when its copies are in at least two different articles. Each variant
   is shown as a word-level diff against the most common one.

MinHash and the band sorting need datasketch and numpy (with scipy, about 200 MB): they are
the `audit` extra (`pip install 'healthlint[audit]'`), so installing healthlint for the
linter or its pre-commit hook stays light. Without them `DuplicateFinder` raises
`NearDuplicatesUnavailable`, and the audit reports everything else.
"""

from __future__ import annotations

import difflib
import hashlib
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from linter.analysis.similarity import comparable_words, shingles
from linter.audit import DEFAULT_SIMILARITY
from linter.audit.collect import Paragraph

if TYPE_CHECKING:
    import numpy as np

#: what to install for the near-duplicate search
INSTALL_HINT = "pip install 'healthlint[audit]'"


class NearDuplicatesUnavailable(RuntimeError):
    """datasketch or numpy (the `audit` extra) is not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(f"it needs the audit extra (datasketch and numpy; {missing} is not "
                         f"installed): {INSTALL_HINT}")


DEFAULT_SHINGLE_SIZE = 2
NUM_PERM = 128
#: datasketch's 32-bit affine permutations (its default since 2.0)
SCHEME = "affine32"
#: the LSH index is tuned a little below the similarity asked for, then every candidate is
#: verified exactly: recall matters more than the cost of a few extra comparisons
LSH_SLACK = 0.2
#: representatives each variant in a bucket is compared with (bounds work per bucket)
MAX_REPRESENTATIVES = 8
BAND_SEED = 20261124

DiffOp = Literal["same", "added", "removed"]


@dataclass(frozen=True, slots=True)
class DiffPart:
    op: DiffOp
    text: str


@dataclass(frozen=True, slots=True)
class Copy:
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Variant:
    """One wording of the paragraph and every place it appears."""

    text: str
    copies: tuple[Copy, ...]
    #: Jaccard similarity of shingles with the group's most common variant
    similarity: float
    #: the group's most common wording (this one's own text for that variant)
    reference: str

    @property
    def diff(self) -> tuple[DiffPart, ...]:
        """Word-level diff from the most common variant (empty for that variant itself).

        Computed when shown: a large library has tens of thousands of variants."""
        return () if self.reference is self.text else word_diff(self.reference, self.text)


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    #: most common wording first
    variants: tuple[Variant, ...]

    @property
    def copies(self) -> int:
        return sum(len(v.copies) for v in self.variants)

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.path for v in self.variants for c in v.copies))

    @property
    def drifted(self) -> bool:
        """The copies do not all say the same thing."""
        return len(self.variants) > 1

    def as_dict(self) -> dict[str, object]:
        return {
            "articles": len(self.articles),
            "copies": self.copies,
            "variants": [
                {
                    "text": v.text,
                    "similarity": round(v.similarity, 3),
                    "copies": [{"path": c.path, "line": c.line} for c in v.copies],
                    "diff": [{"op": d.op, "text": d.text} for d in v.diff],
                }
                for v in self.variants
            ],
        }


def jaccard(a: set[int] | set[str], b: set[int] | set[str]) -> float:
    if not a and not b:
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


class DuplicateFinder:
    """Collects paragraphs one by one (memory: one entry per distinct wording), then groups.

    Each new wording gets its MinHash signature (datasketch) at once, and only the
    signature's band keys are kept: `bands` 64-bit keys, one per band of `rows` values, with
    `bands` and `rows` chosen by datasketch's MinHashLSH for the threshold. Buckets are
    found per band by sorting those keys (numpy), so memory stays a few hundred bytes per
    wording; datasketch's own in-memory index keeps a Python set per bucket and band, about
    ten times more.
    """

    def __init__(self, similarity: float = DEFAULT_SIMILARITY,
                 shingle_size: int = DEFAULT_SHINGLE_SIZE) -> None:
        try:
            import numpy  # noqa: F401
            from datasketch import MinHashLSH  # type: ignore[import-untyped]
        except ImportError as exc:
            raise NearDuplicatesUnavailable(exc.name or "datasketch") from None
        self.similarity = similarity
        self.shingle_size = shingle_size
        lsh = MinHashLSH(threshold=max(0.05, similarity - LSH_SLACK), num_perm=NUM_PERM)
        self.bands: int = lsh.b
        self.rows: int = lsh.r
        #: a digest of each wording's words -> its index
        self._keys: dict[bytes, int] = {}
        self._texts: list[str] = []
        self._copies: list[list[Copy]] = []
        self._band_keys = array("Q")
        #: each wording's shingle hashes (sorted, unique), one after the other
        self._shingle_hashes = array("I")
        self._shingle_offsets = array("Q", [0])
        self._multipliers = _multipliers(self.rows)

    def __len__(self) -> int:
        """Distinct wordings collected."""
        return len(self._texts)

    def add(self, paragraph: Paragraph) -> None:
        tokens = comparable_words(paragraph.text)
        key = hashlib.blake2b(" ".join(tokens).encode("utf-8"), digest_size=16).digest()
        index = self._keys.get(key)
        if index is None:
            index = self._keys[key] = len(self._texts)
            self._texts.append(paragraph.text)
            self._copies.append([])
            encoded = [s.encode("utf-8") for s in shingles(tokens, self.shingle_size)]
            hashes = sorted({zlib.crc32(s) for s in encoded})
            self._shingle_hashes.extend(hashes)
            self._shingle_offsets.append(len(self._shingle_hashes))
            self._band_keys.frombytes(self._signature_bands(encoded).tobytes())
        self._copies[index].append(Copy(paragraph.path, paragraph.line))

    def _signature_bands(self, encoded_shingles: list[bytes]) -> np.ndarray:
        import numpy as np
        from datasketch import MinHash

        signature = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme=SCHEME,
                            hashfunc=zlib.crc32)
        signature.update_batch(encoded_shingles)
        values = signature.hashvalues[: self.bands * self.rows].astype(np.uint64)
        # one 64-bit key per band: a fixed random linear hash of its `rows` values
        keys: np.ndarray = (values.reshape(self.bands, self.rows) * self._multipliers).sum(axis=1)
        return keys

    def buckets(self) -> Iterator[np.ndarray]:
        """Indices of wordings that share a band key, for every band (two or more each)."""
        import numpy as np

        keys = np.frombuffer(self._band_keys, dtype=np.uint64).reshape(-1, self.bands)
        for band in range(self.bands):
            column = keys[:, band]
            order = np.argsort(column, kind="stable")
            ordered = column[order]
            starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
            ends = np.r_[starts[1:], len(ordered)]
            for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
                yield order[start:end]

    def groups(self) -> list[DuplicateGroup]:
        """Groups of (near-)identical paragraphs found in at least two different articles.

        Groups whose copies differ come first (shared text updated in one place only), then
        identical copies; within each, the most widespread first.
        """
        count = len(self._texts)
        parent = list(range(count))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for bucket in self.buckets():
            members = bucket.tolist()
            if len({find(m) for m in members}) == 1:
                continue  # joined already (the same wordings share many bands)
            representatives: list[tuple[int, set[int]]] = []
            for member in members:
                root = find(member)
                if any(find(rep) == root for rep, _ in representatives):
                    continue
                mine = self._shingles(member)
                for rep, theirs in representatives:
                    if jaccard(mine, theirs) >= self.similarity:
                        parent[root] = find(rep)
                        break
                else:
                    if len(representatives) < MAX_REPRESENTATIVES:
                        representatives.append((member, mine))

        components: dict[int, list[int]] = {}
        for i in range(count):
            components.setdefault(find(i), []).append(i)
        groups = [
            self._group(members)
            for members in components.values()
            if len({c.path for m in members for c in self._copies[m]}) >= 2
        ]
        groups.sort(key=lambda g: (not g.drifted, -len(g.articles), -g.copies,
                                   g.variants[0].copies[0].path, g.variants[0].copies[0].line))
        return groups

    def _shingles(self, index: int) -> set[int]:
        """The wording's shingles (as crc32 hashes: the same hashes MinHash saw)."""
        start, end = self._shingle_offsets[index], self._shingle_offsets[index + 1]
        return set(self._shingle_hashes[start:end])

    def _group(self, members: list[int]) -> DuplicateGroup:
        copies, texts = self._copies, self._texts
        ordered = sorted(members, key=lambda m: (-len(copies[m]), min(copies[m], key=_place).path,
                                                 min(copies[m], key=_place).line))
        reference = ordered[0]
        variants = tuple(
            Variant(
                text=texts[m],
                copies=tuple(sorted(copies[m], key=_place)),
                similarity=1.0 if m == reference else jaccard(self._shingles(reference),
                                                              self._shingles(m)),
                reference=texts[reference],
            )
            for m in ordered
        )
        return DuplicateGroup(variants)


def find_duplicates(
    paragraphs: Iterable[Paragraph],
    similarity: float = DEFAULT_SIMILARITY,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
) -> list[DuplicateGroup]:
    """Groups of (near-)identical paragraphs found in at least two different articles."""
    finder = DuplicateFinder(similarity, shingle_size)
    for paragraph in paragraphs:
        finder.add(paragraph)
    return finder.groups()


def _place(copy: Copy) -> tuple[str, int]:
    return copy.path, copy.line


@cache
def _multipliers(rows: int) -> np.ndarray:
    """Fixed odd 64-bit multipliers for the band keys (the same on every run)."""
    import numpy as np

    multipliers: np.ndarray = np.random.RandomState(BAND_SEED).randint(
        0, 2**63, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return multipliers


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """MinHash permutations, made once (datasketch builds them per MinHash otherwise)."""
    from datasketch import MinHash

    permutations: tuple[np.ndarray, np.ndarray] = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations
    return permutations


def word_diff(old: str, new: str) -> tuple[DiffPart, ...]:
    """Word-level diff from `old` to `new`: runs of same, removed and added words."""
    a, b = old.split(), new.split()
    parts: list[DiffPart] = []

    def add(op: DiffOp, chunk: list[str]) -> None:
        if chunk:
            parts.append(DiffPart(op, " ".join(chunk)))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("same", a[i1:i2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return tuple(parts)


def group_id(group: DuplicateGroup) -> str:
    """A short stable id for linking to a group in the report."""
    first = group.variants[0].copies[0]
    return "dup-" + hashlib.sha1(f"{first.path}:{first.line}".encode()).hexdigest()[:10]
