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
import importlib.util
import itertools
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Literal

from linter.audit import DEFAULT_SIMILARITY
from linter.audit.collect import Paragraph
from linter.audit.sketch import DIGEST_SIZE, Sketches, SketchSettings, sketch

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
#: representatives each variant in a bucket is compared with (bounds work per bucket)
MAX_REPRESENTATIVES = 8

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
    """Collects paragraphs article by article (memory: a few hundred bytes per distinct
    wording and a dozen per copy), then groups.

    It is given `Sketches` (linter/audit/sketch.py), made where the articles are read (the
    worker processes): per paragraph a digest of its words, its shingle hashes and its
    `bands` LSH band keys (64-bit, one per band of `rows` MinHash values, `bands` and `rows`
    chosen by datasketch's MinHashLSH for the threshold). Buckets are found per band by
    sorting those keys (numpy); datasketch's own in-memory index keeps a Python set per
    bucket and band, about ten times more. The texts wait in a temporary file until the
    groups are built.
    """

    def __init__(self, similarity: float = DEFAULT_SIMILARITY,
                 shingle_size: int = DEFAULT_SHINGLE_SIZE) -> None:
        _require_the_extra()
        self.similarity = similarity
        self.shingle_size = shingle_size
        self.settings = SketchSettings(similarity, shingle_size)
        #: band keys per wording (known from the first sketches)
        self.bands = 0
        #: a digest of each wording's words -> its index
        self._keys: dict[bytes, int] = {}
        self._texts = _TextFile()
        self._band_keys = array("Q")
        #: each wording's shingle hashes (sorted, unique), one after the other
        self._shingle_hashes = array("I")
        self._shingle_offsets = array("Q", [0])
        #: every copy in the order given: its wording, its article (index in _paths), its line
        self._paths: list[str] = []
        self._path_ids: dict[str, int] = {}
        self._copy_wordings = array("I")
        self._copy_paths = array("I")
        self._copy_lines = array("Q")

    def __len__(self) -> int:
        """Distinct wordings collected."""
        return len(self._texts)

    def add(self, paragraph: Paragraph) -> None:
        self.add_sketches(sketch(self.settings, paragraph.path, [(paragraph.line, paragraph.text)]))

    def add_sketches(self, sketches: Sketches) -> None:
        """The paragraphs of one article, sketched with this finder's `settings`."""
        count = len(sketches)
        if not count:
            return
        bands = len(sketches.band_keys) // (8 * count)
        self.bands = self.bands or bands
        if bands != self.bands:
            raise ValueError(f"sketches with {bands} LSH bands, not {self.bands}")
        path = self._path_ids.setdefault(sketches.path, len(self._paths))
        if path == len(self._paths):
            self._paths.append(sketches.path)
        digests, hashes = sketches.digests, memoryview(sketches.shingles)
        band_keys, width = memoryview(sketches.band_keys), 8 * bands
        start = 0
        for i, shingle_count in enumerate(sketches.shingle_counts):
            end = start + shingle_count
            key = digests[DIGEST_SIZE * i : DIGEST_SIZE * (i + 1)]
            index = self._keys.get(key)
            if index is None:
                index = self._keys[key] = len(self._texts)
                self._texts.append(sketches.texts[i])
                self._shingle_hashes.frombytes(hashes[4 * start : 4 * end])
                self._shingle_offsets.append(len(self._shingle_hashes))
                self._band_keys.frombytes(band_keys[width * i : width * (i + 1)])
            self._copy_wordings.append(index)
            self._copy_paths.append(path)
            self._copy_lines.append(sketches.lines[i])
            start = end

    def buckets(self) -> Iterator[np.ndarray]:
        """Indices of wordings that share a band key, for every band (two or more each)."""
        import numpy as np

        if not self.bands:
            return
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

        offsets, similarity = self._shingle_offsets, self.similarity
        for bucket in self.buckets():
            members = bucket.tolist()
            if len({find(m) for m in members}) == 1:
                continue  # joined already (the same wordings share many bands)
            # (root, wording, shingle count, its shingles once made) of each representative:
            # their roots stay roots while the bucket is worked through, as only the root of
            # a member that is none of theirs is joined to another
            representatives: list[tuple[int, int, int, list[set[int]]]] = []
            represented: set[int] = set()
            for member in members:
                root = find(member)
                if root in represented:
                    continue
                size = offsets[member + 1] - offsets[member]
                mine: list[set[int]] = []
                for rep_root, rep, rep_size, theirs in representatives:
                    # the similarity is at most the ratio of the sizes, and the ratio rounds
                    # no lower than the similarity does: most pairs need no intersection
                    small, big = (size, rep_size) if size <= rep_size else (rep_size, size)
                    if big and small / big < similarity:
                        continue
                    if not mine:
                        mine.append(self._shingles(member))
                    if not theirs:
                        theirs.append(self._shingles(rep))
                    if jaccard(mine[0], theirs[0]) >= similarity:
                        parent[root] = rep_root
                        break
                else:
                    if len(representatives) < MAX_REPRESENTATIVES:
                        representatives.append((root, member, size, mine))
                        represented.add(root)

        components: dict[int, list[int]] = {}
        for i in range(count):
            components.setdefault(find(i), []).append(i)
        copies = self._copies_of_wordings()
        places = self._copy_paths
        groups = [
            self._group(members, copies)
            for members in components.values()
            if len({places[c] for m in members for c in copies[m]}) >= 2
        ]
        groups.sort(key=lambda g: (not g.drifted, -len(g.articles), -g.copies,
                                   g.variants[0].copies[0].path, g.variants[0].copies[0].line))
        return groups

    def close(self) -> None:
        """Remove the temporary file of texts (done as well when the finder is collected)."""
        self._texts.close()

    def _copies_of_wordings(self) -> list[list[int]]:
        """The copies (indices in the _copy arrays) of each wording, in the order given."""
        import numpy as np

        wordings = np.frombuffer(self._copy_wordings, dtype=np.uint32)
        order = np.argsort(wordings, kind="stable").tolist()
        ends = np.cumsum(np.bincount(wordings, minlength=len(self._texts))).tolist()
        return [order[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True)]

    def _shingles(self, index: int) -> set[int]:
        """The wording's shingles (as crc32 hashes: the same hashes MinHash saw)."""
        start, end = self._shingle_offsets[index], self._shingle_offsets[index + 1]
        return set(self._shingle_hashes[start:end])

    def _group(self, members: list[int], copy_indices: list[list[int]]) -> DuplicateGroup:
        paths, articles, lines = self._paths, self._copy_paths, self._copy_lines
        copies = {m: [Copy(paths[articles[c]], lines[c]) for c in copy_indices[m]]
                  for m in members}
        ordered = sorted(members, key=lambda m: (-len(copies[m]), min(copies[m], key=_place).path,
                                                 min(copies[m], key=_place).line))
        reference = ordered[0]
        reference_text = self._texts[reference]  # one object: `Variant.diff` tells it by identity
        variants = tuple(
            Variant(
                text=reference_text if m == reference else self._texts[m],
                copies=tuple(sorted(copies[m], key=_place)),
                similarity=1.0 if m == reference else jaccard(self._shingles(reference),
                                                              self._shingles(m)),
                reference=reference_text,
            )
            for m in ordered
        )
        return DuplicateGroup(variants)


class _TextFile:
    """Texts by index, kept in a temporary file: a large library's distinct paragraphs are
    tens of megabytes, and only those in a group are read back."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._offsets = array("Q", [0])
        #: read since the last append: the next one seeks back to the end first
        self._moved = False

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def append(self, text: str) -> None:
        if self._file is None:  # closed by close(), or when the finder is collected
            self._file = tempfile.TemporaryFile(prefix="healthlint-audit-")  # noqa: SIM115
        if self._moved:
            self._file.seek(self._offsets[-1])
            self._moved = False
        data = text.encode("utf-8")
        self._file.write(data)
        self._offsets.append(self._offsets[-1] + len(data))

    def __getitem__(self, index: int) -> str:
        assert self._file is not None
        start = self._offsets[index]
        self._moved = True
        self._file.seek(start)
        return self._file.read(self._offsets[index + 1] - start).decode("utf-8")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def find_duplicates(
    paragraphs: Iterable[Paragraph],
    similarity: float = DEFAULT_SIMILARITY,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
) -> list[DuplicateGroup]:
    """Groups of (near-)identical paragraphs found in at least two different articles."""
    finder = DuplicateFinder(similarity, shingle_size)
    # sketched a run of one article's paragraphs at a time (one numpy pass each), in order
    for path, run in itertools.groupby(paragraphs, key=lambda p: p.path):
        finder.add_sketches(sketch(finder.settings, path, [(p.line, p.text) for p in run]))
    groups = finder.groups()
    finder.close()
    return groups


def _require_the_extra() -> None:
    """numpy is imported here; datasketch (and its scipy) only where paragraphs are
    sketched: a parallel audit's main process needs to know they are there, not to load
    them."""
    try:
        import numpy  # noqa: F401
    except ImportError as exc:
        raise NearDuplicatesUnavailable(exc.name or "numpy") from None
    for name in ("datasketch", "scipy"):
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise NearDuplicatesUnavailable(name)


def _place(copy: Copy) -> tuple[str, int]:
    return copy.path, copy.line


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
