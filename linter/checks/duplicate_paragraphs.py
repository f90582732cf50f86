"""Find a paragraph that repeats an earlier paragraph of the same article.

Exact copies: the same words and numbers in the same order, with the same link targets.
Case, spacing and punctuation do not count ("Keep it dry." and "keep it dry!" are copies);
numbers keep their signs and decimals ("-5" is not "5", "2.5" is not "25") and a link to
`/knee` is not a link to `/hip`. The later copy is reported, naming the line of the first,
with a fix that deletes it.

Near copies are found as an editor sees them: a paragraph pasted again and edited in a few
places. The measure is word similarity: 1 - (word edits / words of the longer paragraph),
where a word edit is a word changed, added or removed (Levenshtein distance over words).
At the default 0.85, a 35-word paragraph with two words changed ("will" for "can", a
plural) is a near copy (0.94); two paragraphs that share one stock sentence are far below.
Near copies are reported without a fix: which copy is right is the writer's call.
Paragraphs shorter than `near_min_words` words are compared for exact copies only, since a
one-word change in a short instruction ("morning" for "evening") is a different instruction.

Never compared: residue (image captions and credits, site navigation: see
`boilerplate-residue`, which reports them) and sentences the template requires in several
places (its `boilerplate:`, such as the emergency instruction).

Params:
    min_words: 3           shorter paragraphs are never compared
    near_min_words: 12     shortest paragraph compared for near copies
    similarity: 0.85       word similarity that counts as a near copy
    shingle_size: 2        words per shingle of the index that picks candidate pairs
    include_list_items: false   compare list items too

Example:

    article.md:90:1: error duplicate-paragraph This paragraph repeats the one at line 89;
    delete one copy.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from itertools import chain

from pydantic import BaseModel, ConfigDict, Field

from linter.analysis.residue import residue_lines
from linter.analysis.similarity import shingles
from linter.model.document import Block, Document
from linter.model.problems import Finding, Fix

#: numbers keep their sign, decimal point and percent ("-5", "2.5", "10%"); then words
_TOKEN = re.compile(r"[+\-−±<>≤≥]?\d+(?:[.,:/]\d+)*%?|[^\W_]+(?:['’][^\W_]+)*")
#: in ASCII text with no digit and no apostrophe, `_TOKEN` finds exactly the runs of
#: letters (its numbers need a digit, its words' inner apostrophes an apostrophe)
_NUMBER_OR_APOSTROPHE = re.compile(r"[0-9']")
_LETTERS_ONLY = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalpha()})
_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|<((?:https?|mailto):[^>\s]+)>|(?<![(<])\b(https?://[^\s)>\]]+)")
#: longer paragraphs (real ones have well under 300 words) are compared for exact copies only
NEAR_MAX_WORDS = 1_000
#: earlier paragraphs measured word by word against one paragraph, at most
NEAR_CANDIDATES = 50
#: paragraphs an index shingle points at, at most (keeps the search linear)
POSTINGS = 100
#: word-by-word comparison cells per article (of the banded table this bound was set for;
#: the bit-parallel comparison does a fraction of that work); beyond, shingles decide
NEAR_CELLS = 5_000_000


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    min_words: int = Field(3, ge=1)
    near_min_words: int = Field(12, ge=2)
    similarity: float = Field(0.85, gt=0, le=1)
    shingle_size: int = Field(2, ge=1, le=10)
    include_list_items: bool = False


def check(doc: Document, params: Params) -> Iterator[Finding]:
    kinds = ("paragraph", "list_item") if params.include_list_items else ("paragraph",)
    residue = residue_lines(doc)
    boilerplate = [key for key in (" ".join(exact_tokens(b)) for b in doc.template.boilerplate) if key]
    exact: dict[str, Block] = {}
    near: list[_Earlier] = []
    index: dict[str, list[int]] = defaultdict(list)
    candidate_threshold = _candidate_threshold(params.similarity, params.shingle_size)
    budget = [NEAR_CELLS]  # word-by-word cells left for this article
    for block in doc.blocks:
        if block.kind not in kinds or not residue.isdisjoint(
                range(block.line, block.end_line + 1)):
            continue
        tokens = _without(exact_tokens(block.text), boilerplate)
        if len(tokens) < params.min_words:
            continue
        key = " ".join(tokens) + " | " + " ".join(link_targets(block.raw or block.text))
        first = exact.get(key)
        if first is not None:
            yield _found(block, first, "repeats")
            continue
        exact[key] = block
        if len(tokens) < params.near_min_words or len(tokens) > NEAR_MAX_WORDS:
            continue
        mine = shingles(tokens, params.shingle_size)
        prefix = _prefix(mine, candidate_threshold)
        # the postings of the shingles looked up are the ones this paragraph joins
        postings = [index[shingle] for shingle in prefix]
        match = _near_match(tokens, mine, prefix, postings, near, params.similarity,
                            candidate_threshold, budget)
        if match is not None:
            yield _found(block, match, "nearly repeats")
            continue
        number = len(near)
        for paragraphs in postings:
            if len(paragraphs) < POSTINGS:  # a shingle in hundreds of paragraphs tells nothing
                paragraphs.append(number)
        near.append((block, tokens, mine, len(mine), len(prefix), prefix[-1]))


def exact_tokens(text: str) -> list[str]:
    """Words and numbers as written, signs included ("-5" is not "5"), lower case."""
    low = text.lower()
    if low.isascii() and not _NUMBER_OR_APOSTROPHE.search(low):
        return low.translate(_LETTERS_ONLY).split()  # the same tokens, a few times faster
    return _TOKEN.findall(low)


def link_targets(raw: str) -> list[str]:
    """The addresses a paragraph links to (Markdown links, autolinks and bare URLs)."""
    if "](" not in raw and "<" not in raw and "http" not in raw:
        return []  # (each kind of target starts with one of these: most paragraphs have none)
    return ["".join(groups) for groups in _TARGET.findall(raw)]


def _without(tokens: list[str], boilerplate: list[str]) -> list[str]:
    """The tokens with every template-required sentence taken out."""
    if not boilerplate:
        return tokens
    whole = joined = f" {' '.join(tokens)} "
    for sentence in boilerplate:
        joined = joined.replace(f" {sentence} ", " ")
    # no token holds a space, so when nothing was taken out, splitting gives the tokens
    return tokens if joined is whole or joined == whole else joined.split()


def _candidate_threshold(similarity: float, size: int) -> float:
    """Jaccard similarity of shingle sets below which two paragraphs cannot reach
    `similarity` in words: each changed word changes at most `size` shingles."""
    edits = size * (1 - similarity)
    return max(0.2, (1 - edits) / (1 + edits) - 0.05)


def word_similarity(first: list[str], second: list[str], threshold: float = 0.0) -> float:
    """1 - (word edits to turn one paragraph into the other) / (the longer one's words).

    A word edit is a word changed, added or removed (Levenshtein distance over words).
    Below the threshold, 0.0 is returned.
    """
    longest = max(len(first), len(second))
    if longest == 0:
        return 1.0
    budget = int((1 - threshold) * longest + 1e-9)
    if abs(len(first) - len(second)) > budget:
        return 0.0
    edits = word_edits(first, second)
    return 0.0 if edits > budget else 1 - edits / longest


def word_edits(first: list[str], second: list[str]) -> int:
    """Levenshtein distance over words, one column of the table per word of `second`.

    Bit-parallel (Myers 1999, in Hyyrö's form for the whole of both sequences): bit i of
    `up`/`down` says the cell in row i + 1 of the current column is one more/less than the
    one above it; a column is a few operations on integers of len(first) bits instead of
    len(first) cells, and the distance is the same number the table gives.
    """
    # a common beginning and end cost no edit (a copy edited in one place is mostly that)
    start, first_end, second_end = 0, len(first), len(second)
    while start < first_end and start < second_end and first[start] == second[start]:
        start += 1
    while (first_end > start and second_end > start
           and first[first_end - 1] == second[second_end - 1]):
        first_end -= 1
        second_end -= 1
    first, second = first[start:first_end], second[start:second_end]
    if not first:
        return len(second)
    positions: dict[str, int] = {}
    for i, word in enumerate(first):
        positions[word] = positions.get(word, 0) | (1 << i)
    mask = (1 << len(first)) - 1
    last = 1 << (len(first) - 1)
    up, down, edits = mask, 0, len(first)
    for word in second:
        equal = positions.get(word, 0)
        vertical = equal | down
        horizontal = (((equal & up) + up) ^ up) | equal
        plus = down | ~(horizontal | up)
        minus = up & horizontal
        if plus & last:
            edits += 1
        elif minus & last:
            edits -= 1
        plus = (plus << 1) | 1  # row 0 grows by one per column: the table's top edge
        minus <<= 1
        up = (minus | ~(vertical | plus)) & mask
        down = plus & vertical & mask
    return edits


def _prefix(shingles: frozenset[str], threshold: float) -> list[str]:
    """Prefix filtering: two sets with Jaccard similarity >= t share at least one of their
    first |s| - ceil(t * |s|) + 1 shingles in any fixed order, so only those are indexed
    and looked up. Candidates found that way are then measured exactly."""
    size = len(shingles) - math.ceil(threshold * len(shingles) - 1e-9) + 1
    return sorted(shingles)[:size]


#: an earlier paragraph compared for near copies: its block, tokens, shingles, their count,
#: and the length and last shingle of its prefix (`_prefix`)
_Earlier = tuple[Block, list[str], frozenset[str], int, int, str]


def _near_match(
    tokens: list[str],
    mine: frozenset[str],
    prefix: list[str],
    postings: list[list[int]],
    near: list[_Earlier],
    threshold: float,
    candidate_threshold: float,
    budget: list[int],
) -> Block | None:
    shared: dict[int, int] = {}  # earlier paragraph: prefix shingles shared
    for paragraph in chain.from_iterable(postings):  # (a Counter costs more on a few)
        shared[paragraph] = shared.get(paragraph, 0) + 1
    # No posting list is full, so each holds every paragraph with that shingle in its prefix
    # and `shared` counts the shingles of both prefixes exactly.
    complete = max(map(len, postings), default=0) < POSTINGS
    best: tuple[float, int] | None = None
    size, my_prefix, my_last = len(mine), len(prefix), prefix[-1]
    for candidate in sorted(shared)[:NEAR_CANDIDATES]:  # earliest first: a tie goes to it
        _, their_tokens, theirs, their_size, their_prefix, their_last = near[candidate]
        most = min(size, their_size)  # shingles in common, at most
        if complete:
            # A prefix is its set's smallest shingles. A common shingle in the prefix that
            # ends first is in the other prefix too, so the rest are outside the former.
            most = min(most, shared[candidate] + (
                size - my_prefix if my_last <= their_last else their_size - their_prefix))
        if most / (size + their_size - most) < candidate_threshold:
            continue  # the Jaccard similarity below is at most this
        common = len(mine & theirs)
        jaccard = common / (size + their_size - common)
        if jaccard < candidate_threshold:
            continue  # cheap to rule out: too few shingles in common
        cells = len(tokens) * (2 * int((1 - threshold) * max(len(tokens), len(their_tokens))) + 1)
        if budget[0] < cells:
            # past the work bound (an adversarial article): shingles decide alone
            similarity = jaccard if jaccard >= threshold else 0.0
        else:
            budget[0] -= cells
            similarity = word_similarity(tokens, their_tokens, threshold)
        if similarity >= threshold and (best is None or similarity > best[0]):
            best = (similarity, candidate)
    return near[best[1]][0] if best else None


def _found(block: Block, first: Block, verb: str) -> Finding:
    exact = verb == "repeats"
    return Finding(
        block.line,
        f"This paragraph {verb} the one at line {first.line}; delete one copy"
        + ("." if exact else " or make them say different things."),
        end_line=block.end_line,
        fix=Fix(block.line, block.end_line) if exact and block.kind == "paragraph" else None,
    )
