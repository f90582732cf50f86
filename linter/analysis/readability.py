"""Readability scores: counting sentences, words, syllables and letters of prose, and the
five grade formulas (Flesch–Kincaid, SMOG, Gunning fog, Coleman–Liau, ARI).

The readability rule and the audit count the same way, once per block: `block_counts`
keeps each block's counts on its document, so the audit's grade reuses the rule's counts.

Formulas (US school grade; words of 3+ syllables are "polysyllables"):
    flesch-kincaid   0.39 × words/sentences + 11.8 × syllables/words − 15.59
                     (Kincaid et al. 1975, Naval Technical Training Command report 8-75)
    smog             1.043 × √(polysyllables × 30 / sentences) + 3.1291 (McLaughlin 1969)
    gunning-fog      0.4 × (words/sentences + 100 × polysyllables/words) (Gunning 1952)
    coleman-liau     0.0588 × letters per 100 words − 0.296 × sentences per 100 words − 15.8
                     (Coleman and Liau 1975)
    ari              4.71 × letters/words + 0.5 × words/sentences − 21.43 (Senter and Smith 1967)

Residue is skipped so it does not distort the scores: a paragraph line that is a short
fragment (at most `fragment_words` words, no sentence end, standing alone between
sentences: an image caption such as "Knee joint") and any line with "©" or "copyright"
(an image credit). A list item counts only when it is a sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from linter.analysis.text import (
    TOKEN_CACHE_SIZE,
    ends_with,
    is_sentence_item,
    sentences,
    syllables,
    words,
)
from linter.model.document import Block, Document

NAMES: dict[str, str] = {
    "flesch-kincaid": "Flesch–Kincaid",
    "smog": "SMOG",
    "gunning-fog": "Gunning fog",
    "coleman-liau": "Coleman–Liau",
    "ari": "ARI",
}
#: a line with an image credit is residue, whatever its length
_CREDIT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Counts:
    """What the formulas need, counted once per text."""

    sentences: int = 0
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0
    letters: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.sentences + other.sentences,
            self.words + other.words,
            self.syllables + other.syllables,
            self.polysyllables + other.polysyllables,
            self.letters + other.letters,
        )


def _flesch_kincaid(c: Counts) -> float:
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def _smog(c: Counts) -> float:
    return 1.043 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def _gunning_fog(c: Counts) -> float:
    return 0.4 * (c.words / c.sentences + 100 * c.polysyllables / c.words)


def _coleman_liau(c: Counts) -> float:
    return 0.0588 * 100 * c.letters / c.words - 0.296 * 100 * c.sentences / c.words - 15.8


def _ari(c: Counts) -> float:
    return 4.71 * c.letters / c.words + 0.5 * c.words / c.sentences - 21.43


FORMULAS: dict[str, Callable[[Counts], float]] = {
    "flesch-kincaid": _flesch_kincaid,
    "smog": _smog,
    "gunning-fog": _gunning_fog,
    "coleman-liau": _coleman_liau,
    "ari": _ari,
}


def count_text(text: str, doc: Document | None = None) -> Counts:
    """Counts for one block's text: every sentence, word and syllable in it.

    The words of the text are the words of its sentences (a sentence ends before white
    space, which no word spans, and the text between sentences has no words), so they are
    read from the sentence split, which tokenizes each sentence once. `doc` shares that
    split with other checks (sentence-length reads the same sentences and words).
    """
    found = sentences(text, doc)
    if not found:
        return Counts()
    total_words = packed = 0
    for sentence in found:
        total_words += len(sentence.tokens)
        packed += _packed_counts(sentence.tokens)
    mask = (1 << _FIELD) - 1
    return Counts(
        len(found), total_words, packed & mask, (packed >> _FIELD) & mask, packed >> 2 * _FIELD
    )


#: bits of each field of a packed token count: a text's totals never reach 2**64
_FIELD = 64
#: token -> its packed counts (syllables, polysyllable, letters and digits)
_PACKED: dict[str, int] = {}


def _packed_counts(tokens: tuple[str, ...]) -> int:
    """The packed counts of `tokens` added up: syllables + polysyllables << 64 + letters <<
    128, so one sum over a dictionary adds all three. Each token is counted once; the cache
    is emptied when it holds TOKEN_CACHE_SIZE tokens. Safe when the language server lints
    in several threads: a token missing (or emptied away meanwhile) is counted again."""
    cache = _PACKED
    try:
        return sum(map(cache.__getitem__, tokens))
    except KeyError:
        pass
    if len(cache) > TOKEN_CACHE_SIZE:
        cache.clear()
    total = 0
    for token in tokens:
        packed = cache.get(token)
        if packed is None:
            count, polysyllable, letters = _token_counts(token)
            packed = cache[token] = count + (polysyllable << _FIELD) + (letters << 2 * _FIELD)
        total += packed
    return total


def _token_counts(token: str) -> tuple[int, int, int]:
    """(syllables, 1 for a polysyllable else 0, letters and digits) of a word token."""
    count = syllables(token)
    return count, int(count >= 3), sum(ch.isalpha() or ch.isdigit() for ch in token)


def readable_text(block: Block, fragment_words: int) -> str:
    """The block's text without residue lines (captions, credits); a list item is kept when
    it is a sentence, and is "" when it is a noun phrase ("Nerve injury")."""
    if block.kind == "list_item":
        return block.text if is_sentence_item(block.text) else ""
    text = block.text
    # A line with a credit is in a text with one (a credit found in the text may span a
    # line break: the lines are then read one by one)
    credits = _may_credit(text) and _CREDIT.search(text) is not None
    if "\n" not in text and not credits:  # one line: a fragment when it is short, unended
        fragment = not ends_with(text, ".!?:…", spaces=True) and len(words(text)) <= fragment_words
        return "" if fragment else text
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        starts_sentence = index == 0 or ends_with(lines[index - 1], ".!?:…", spaces=True)
        following = lines[index + 1].lstrip() if index + 1 < len(lines) else ""
        fragment = (
            starts_sentence
            and not (following and following[0].islower())
            and not ends_with(line, ".!?:…", spaces=True)
            and len(words(line)) <= fragment_words
        )
        if not (fragment or (credits and _CREDIT.search(line))):
            kept.append(line)
    return text if len(kept) == len(lines) else "\n".join(kept)


def _may_credit(text: str) -> bool:
    """False when `_CREDIT` cannot match: an ASCII text (lowered, it is the same text case
    for case) with neither "(c)" nor "copyright". Two substring tests are much cheaper than
    the case-insensitive search, and nearly no paragraph has a credit."""
    if not text.isascii():
        return True
    lowered = text.lower()
    return "(c)" in lowered or "copyright" in lowered


def grades(counts: Counts, names: Sequence[str]) -> dict[str, float | None]:
    """Grade by each named formula; None when the text has no words (or no sentences)."""
    return {
        name: None if counts.words == 0 or counts.sentences == 0
        else round(max(FORMULAS[name](counts), 0.0), 1)
        for name in names
    }


def block_counts(doc: Document, block: Block, fragment_words: int) -> Counts:
    """The counts of one block of `doc` without its residue lines, counted once per document
    (the rule and the audit ask for the same blocks)."""
    memo: dict[tuple[int, int], Counts] = doc.memo("readability_counts")
    key = (id(block), fragment_words)
    found = memo.get(key)
    if found is None:
        found = memo[key] = count_text(readable_text(block, fragment_words), doc)
    return found
