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
import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
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

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "similarity": round(self.similarity, 3),
            "copies": [{"path": c.path, "line": c.line} for c in self.copies],
            "diff": [{"op": d.op, "text": d.text} for d in self.diff],
        }


@dataclass(frozen=True, slots=True, eq=False)
class DuplicateGroup:
    """Paragraphs in several articles that (nearly) agree.

    The variants are built when asked for (`load`): a large library's groups have tens of
    thousands, with their texts and places, and the report shows them one group at a time.
    What sorts and counts the groups is kept."""

    #: the articles with a copy, in the order of the variants' copies
    articles: tuple[str, ...]
    copies: int
    #: the copies do not all say the same thing
    drifted: bool
    #: the first copy of the most common wording
    first: Copy
    #: builds the variants, most common wording first
    load: Callable[[], tuple[Variant, ...]]

    @property
    def variants(self) -> tuple[Variant, ...]:
        """Most common wording first."""
        return self.load()

    def as_dict(self) -> dict[str, object]:
        """What the JSON export says of the group (report.write_json writes it variant by
        variant: a widespread paragraph's group can have thousands)."""
        return {"articles": len(self.articles), "copies": self.copies,
                "variants": [v.as_dict() for v in self.variants]}


def jaccard(a: set[int] | set[str], b: set[int] | set[str]) -> float:
    if not a and not b:
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


class DuplicateFinder:
    """Collects paragraphs article by article, then groups them (once: `groups()` ends the
    collection).

    It is given `Sketches` (linter/audit/sketch.py), made where the articles are read (the
    worker processes): per paragraph a digest of its words, its shingle hashes and its
    `bands` LSH band keys (64-bit, one per band of `rows` MinHash values, `bands` and `rows`
    chosen by datasketch's MinHashLSH for the threshold). Buckets are found per band by
    sorting those keys (numpy); datasketch's own in-memory index keeps a Python set per
    bucket and band, about ten times more.

    Memory in this process is what a large library makes it: about 200 bytes per distinct
    wording (its digest in a dict and its shingle hashes) and 12 per copy. The band keys and
    the texts, as large again, wait in temporary files: the search reads one band at a
    time, and only the texts of grouped wordings are read back.
    """

    def __init__(self, similarity: float = DEFAULT_SIMILARITY,
                 shingle_size: int = DEFAULT_SHINGLE_SIZE) -> None:
        _require_the_extra()
        self.similarity = similarity
        self.shingle_size = shingle_size
        self.settings = SketchSettings(similarity, shingle_size)
        #: a digest of each wording's words -> its index
        self._keys: dict[bytes, int] = {}
        self._texts = _TextFile()
        self._band_keys = _BandKeyFile()
        #: each wording's shingle hashes (sorted, unique), one after the other
        self._shingle_hashes = array("I")
        self._shingle_offsets = array("Q", [0])
        #: each wording's shingle mask (sketch.MASK_BITS bits as two words, low first)
        self._masks = array("Q")
        #: every copy in the order given: its wording, its article (index in _paths), its line
        self._paths: list[str] = []
        self._path_ids: dict[str, int] = {}
        self._copy_wordings = array("I")
        self._copy_paths = array("I")
        self._copy_lines = array("Q")
        self._grouped = False
        #: once grouped: the copies of each wording, and the last group's variants built
        self._copies: _Copies | None = None
        self._loaded: tuple[array[int], tuple[Variant, ...]] | None = None

    def __len__(self) -> int:
        """Distinct wordings collected."""
        return len(self._texts)

    @property
    def bands(self) -> int:
        """LSH band keys per wording (known from the first sketches)."""
        return self._band_keys.bands

    def add(self, paragraph: Paragraph) -> None:
        self.add_sketches(sketch(self.settings, paragraph.path, [(paragraph.line, paragraph.text)]))

    def add_sketches(self, sketches: Sketches) -> None:
        """The paragraphs of one article, sketched with this finder's `settings`."""
        if self._grouped:
            raise RuntimeError("the paragraphs have been grouped: no more can be added")
        count = len(sketches)
        if not count:
            return
        bands = len(sketches.band_keys) // (8 * count)
        self._band_keys.bands = self._band_keys.bands or bands
        if bands != self.bands:
            raise ValueError(f"sketches with {bands} LSH bands, not {self.bands}")
        path = self._path_ids.setdefault(sketches.path, len(self._paths))
        if path == len(self._paths):
            self._paths.append(sketches.path)
        digests, hashes, masks = sketches.digests, memoryview(sketches.shingles), memoryview(
            sketches.masks)
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
                self._masks.frombytes(masks[16 * i : 16 * (i + 1)])
                self._band_keys.append(band_keys[width * i : width * (i + 1)])
            self._copy_wordings.append(index)
            self._copy_paths.append(path)
            self._copy_lines.append(sketches.lines[i])
            start = end

    def buckets(self) -> Iterator[np.ndarray]:
        """Indices of wordings that share a band key, for every band (two or more each)."""
        import numpy as np

        for band in range(self.bands):
            column = self._band_keys.column(band)
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
        import numpy as np

        self._grouped = True
        self._keys = {}  # its memory is the groups'
        count = len(self._texts)
        parent = array("I", range(count))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        offsets, hashes, masks = self._shingle_offsets, self._shingle_hashes, self._masks
        similarity = self.similarity
        for bucket in self.buckets():
            members = bucket.tolist()
            if len({find(m) for m in members}) == 1:
                continue  # joined already (the same wordings share many bands)
            # (root, shingles from...to, mask, bits the mask lost, shingles once made) of each
            # representative: their roots stay roots while the bucket is worked through (only
            # the root of a member that is none of theirs is joined to another one)
            representatives: list[tuple[int, int, int, int, int, list[set[int]]]] = []
            represented: set[int] = set()
            for member in members:
                root = find(member)
                if root in represented:
                    continue
                start, end = offsets[member], offsets[member + 1]
                size = end - start
                mask = masks[2 * member] | masks[2 * member + 1] << 64
                lost = size - mask.bit_count()
                mine: list[set[int]] = []
                for rep_root, rep_start, rep_end, rep_mask, rep_lost, theirs in representatives:
                    # jaccard(), inlined: the search's time is here. Two upper bounds on the
                    # similarity tell most pairs apart without a set intersection (each
                    # rounds no lower than the similarity does, so none rejects a pair the
                    # intersection would accept):
                    rep_size = rep_end - rep_start
                    small, big = (size, rep_size) if size <= rep_size else (rep_size, size)
                    if not big:  # both empty
                        parent[root] = rep_root
                        break
                    # the ratio of the sizes,
                    if small / big < similarity:
                        continue
                    # and the shared bits of the masks, plus the shingles a mask lost to
                    # another's bit (a shared shingle has a shared bit, or was lost)
                    bound = (mask & rep_mask).bit_count() + min(lost, rep_lost)
                    if bound / (size + rep_size - bound) < similarity:
                        continue
                    if not mine:
                        mine.append(set(hashes[start:end]))
                    if not theirs:
                        theirs.append(set(hashes[rep_start:rep_end]))
                    shared = len(mine[0] & theirs[0])
                    if shared / (size + rep_size - shared) >= similarity:
                        parent[root] = rep_root
                        break
                else:
                    if len(representatives) < MAX_REPRESENTATIVES:
                        representatives.append((root, start, end, mask, lost, mine))
                        represented.add(root)

        # the components whose copies are in two articles or more, in the order of their
        # first wordings (numpy: a large library has hundreds of thousands of wordings)
        roots = np.frombuffer(array("I", map(find, range(count))), dtype=np.uint32)
        wordings = np.frombuffer(self._copy_wordings, dtype=np.uint32)
        articles = np.frombuffer(self._copy_paths, dtype=np.uint32)
        first_article = np.full(count, np.iinfo(np.uint32).max, dtype=np.uint32)
        last_article = np.zeros(count, dtype=np.uint32)
        np.minimum.at(first_article, roots[wordings], articles)
        np.maximum.at(last_article, roots[wordings], articles)
        by_root = np.argsort(roots, kind="stable")  # each component's wordings in order
        sorted_roots = roots[by_root]
        in_two = np.flatnonzero(first_article < last_article)
        firsts = np.searchsorted(sorted_roots, in_two, side="left")
        lasts = np.searchsorted(sorted_roots, in_two, side="right")
        in_order = np.argsort(by_root[firsts], kind="stable")
        self._copies = _Copies(wordings, count)
        groups = [self._group(by_root[firsts[k] : lasts[k]].tolist()) for k in in_order.tolist()]
        groups.sort(key=lambda g: (not g.drifted, -len(g.articles), -g.copies,
                                   g.first.path, g.first.line))
        return groups

    def close(self) -> None:
        """Remove the temporary files (done as well when the finder is collected)."""
        self._texts.close()
        self._band_keys.close()

    def _shingles(self, index: int) -> set[int]:
        """The wording's shingles (as crc32 hashes: the same hashes MinHash saw)."""
        start, end = self._shingle_offsets[index], self._shingle_offsets[index + 1]
        return set(self._shingle_hashes[start:end])

    def _group(self, members: list[int]) -> DuplicateGroup:
        copies = self._copies_of(members)
        ordered = sorted(members, key=lambda m: (-len(copies[m]), copies[m][0].path,
                                                 copies[m][0].line))
        articles = tuple(dict.fromkeys(c.path for m in ordered for c in copies[m]))
        return DuplicateGroup(articles, sum(len(c) for c in copies.values()), len(members) > 1,
                              copies[ordered[0]][0], partial(self._variants, array("I", ordered)))

    def _copies_of(self, members: Iterable[int]) -> dict[int, list[Copy]]:
        """Each wording's copies, sorted by place."""
        assert self._copies is not None
        paths, articles, lines = self._paths, self._copy_paths, self._copy_lines
        return {m: sorted((Copy(paths[articles[c]], lines[c]) for c in self._copies.of(m)),
                          key=_place)
                for m in members}

    def _variants(self, ordered: array[int]) -> tuple[Variant, ...]:
        """A group's variants (`ordered`: its wordings, the most common first); the last
        group's are kept, as a report asks for them a few times in a row."""
        if self._loaded is not None and self._loaded[0] is ordered:
            return self._loaded[1]
        copies = self._copies_of(ordered)
        reference = ordered[0]
        reference_text = self._texts[reference]  # one object: `Variant.diff` tells it by identity
        variants = tuple(
            Variant(
                text=reference_text if m == reference else self._texts[m],
                copies=tuple(copies[m]),
                similarity=1.0 if m == reference else jaccard(self._shingles(reference),
                                                              self._shingles(m)),
                reference=reference_text,
            )
            for m in ordered
        )
        self._loaded = (ordered, variants)
        return variants


class _Copies:
    """The copies (indices in the finder's copy arrays) of each wording, in the order given."""

    def __init__(self, wordings: np.ndarray, count: int) -> None:
        import numpy as np

        self._order = np.argsort(wordings, kind="stable")
        self._ends = np.cumsum(np.bincount(wordings, minlength=count))

    def of(self, wording: int) -> list[int]:
        start = int(self._ends[wording - 1]) if wording else 0
        copies: list[int] = self._order[start : int(self._ends[wording])].tolist()
        return copies


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
        data = text.encode("utf-8", "surrogatepass")  # any str comes back as it was
        self._file.write(data)
        self._offsets.append(self._offsets[-1] + len(data))

    def __getitem__(self, index: int) -> str:
        assert self._file is not None
        start = self._offsets[index]
        self._moved = True
        self._file.seek(start)
        return self._file.read(self._offsets[index + 1] - start).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class _BandKeyFile:
    """Every wording's LSH band keys, kept in a temporary file in blocks of BLOCK wordings,
    each block band by band, so that one band's keys are read in one pass of a few reads."""

    BLOCK = 16384

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self.bands = 0
        self._pending = array("Q")
        #: wordings in each block written
        self._blocks: list[int] = []

    def append(self, keys: memoryview) -> None:
        """One wording's `bands` keys (uint64 bytes)."""
        self._pending.frombytes(keys)
        if len(self._pending) == self.BLOCK * self.bands:
            self._write_pending()

    def column(self, band: int) -> np.ndarray:
        """Every wording's key of this band."""
        import numpy as np

        self._write_pending()
        if self._file is None:
            return np.zeros(0, dtype=np.uint64)
        parts, offset = [], 0
        for count in self._blocks:
            self._file.seek(offset + 8 * band * count)
            parts.append(self._file.read(8 * count))
            offset += 8 * self.bands * count
        return np.frombuffer(b"".join(parts), dtype=np.uint64)

    def _write_pending(self) -> None:
        import numpy as np

        if not self._pending:
            return
        if self._file is None:  # closed by close(), or when the finder is collected
            self._file = tempfile.TemporaryFile(prefix="healthlint-audit-")  # noqa: SIM115
        block = np.frombuffer(self._pending, dtype=np.uint64).reshape(-1, self.bands)
        self._file.seek(0, os.SEEK_END)
        self._file.write(block.T.tobytes())  # band by band
        self._blocks.append(len(block))
        self._pending = array("Q")

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
    return finder.groups()  # the groups' variants are read from the finder when asked for


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
    first = group.first
    return "dup-" + hashlib.sha1(f"{first.path}:{first.line}".encode()).hexdigest()[:10]
