"""Find a paragraph that repeats an earlier paragraph of the same article.

Exact copies are found after normalising case, spacing and punctuation. Near copies (a
notice pasted twice and edited once) are found for paragraphs of at least
`near_min_words` words by word-shingle similarity: the share of `shingle_size`-word runs
the two paragraphs have in common (Jaccard). Two paragraphs that only share one stock
sentence stay well below the threshold. The later copy is reported, naming the line of the
first. Paragraphs shorter than `min_words` are ignored (headings-like fragments).

Params:
    min_words: 3           shorter paragraphs are never compared
    near_min_words: 8      shortest paragraph compared for near copies
    similarity: 0.85       Jaccard similarity of word shingles that counts as a copy
    shingle_size: 2        words per shingle
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

from pydantic import BaseModel, ConfigDict, Field

from linter.document import Block, Document
from linter.problems import Finding, Fix

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_words: int = Field(3, ge=1)
    near_min_words: int = Field(8, ge=2)
    similarity: float = Field(0.85, gt=0, le=1)
    shingle_size: int = Field(2, ge=1, le=10)
    include_list_items: bool = False


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(tokens: list[str], size: int) -> frozenset[str]:
    """Every run of `size` words, joined by a space (words have no spaces, so two runs are
    equal exactly when their words are; a string keeps its hash, a tuple recomputes it)."""
    if len(tokens) < size:
        return frozenset({" ".join(tokens)})
    # zip of the shifted lists: tokens[i : i + size] for every i, built in C
    return frozenset(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))


def check(doc: Document, params: Params) -> Iterator[Finding]:
    kinds = ("paragraph", "list_item") if params.include_list_items else ("paragraph",)
    exact: dict[str, Block] = {}
    near: list[tuple[Block, frozenset[str]]] = []
    index: dict[str, list[int]] = defaultdict(list)
    for block in doc.blocks:
        if block.kind not in kinds:
            continue
        tokens = words(block.text)
        if len(tokens) < params.min_words:
            continue
        key = " ".join(tokens)
        first = exact.get(key)
        if first is not None:
            yield _found(block, first, "repeats")
            continue
        exact[key] = block
        if len(tokens) < params.near_min_words:
            continue
        mine = shingles(tokens, params.shingle_size)
        prefix = _prefix(mine, params.similarity)
        match = _near_match(mine, prefix, near, index, params.similarity)
        if match is not None:
            yield _found(block, match, "nearly repeats")
            continue
        number = len(near)
        for shingle in prefix:
            index[shingle].append(number)
        near.append((block, mine))


def _prefix(shingles: frozenset[str], threshold: float) -> list[str]:
    """Prefix filtering: two sets with Jaccard similarity >= t share at least one of their
    first |s| - ceil(t * |s|) + 1 shingles in any fixed order, so only those are indexed
    and looked up. Candidates found that way are then measured exactly."""
    size = len(shingles) - math.ceil(threshold * len(shingles) - 1e-9) + 1
    return sorted(shingles)[:size]


def _near_match(
    mine: frozenset[str],
    prefix: list[str],
    near: list[tuple[Block, frozenset[str]]],
    index: dict[str, list[int]],
    threshold: float,
) -> Block | None:
    candidates = sorted({c for shingle in prefix for c in index.get(shingle, ())})
    best: tuple[float, int] | None = None
    for candidate in candidates:  # earliest first: a tie goes to the earliest paragraph
        theirs = near[candidate][1]
        if min(len(mine), len(theirs)) < threshold * max(len(mine), len(theirs)):
            continue  # the sizes alone rule it out
        common = len(mine & theirs)
        similarity = common / (len(mine) + len(theirs) - common)
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
