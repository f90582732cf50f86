"""Score how hard the article's prose is to read, and point at the paragraphs to rewrite.

Two kinds of problem:

1. The article: when the prose scores above `target_grade` by any of `formulas`, one
   problem at the title line (line 1 without a title) gives every score.
2. The hard parts: each paragraph (or list, or section with `unit: section`) that scores
   above `hard_grade` is a problem at its own line with its score, so the writer knows what
   to rewrite. A unit with fewer than `min_words` words is never judged: a formula on one
   short sentence measures its longest word ("Your doctor may suggest a colonoscopy."), not
   its difficulty.

Only prose is scored (`Document.prose`): not front matter, headings, code, tables, or the
sections the template marks `prose: false` (References, Resources, Revision Information).
Each list item counts as a sentence, period or not, and consecutive list items form one
unit. Residue is skipped so it does not distort the scores: a paragraph line that is a
short fragment (at most `fragment_words` words, no sentence end, standing alone between
sentences: an image caption such as "Knee joint") and any line with "©" or "copyright"
(an image credit). List items are never skipped.
Sentences, words and syllables come from `linter/text.py` (its docstring says why not
textstat: abbreviations, list items, offline use, medical syllables).

Formulas (US school grade; words of 3+ syllables are "polysyllables"):
    flesch-kincaid   0.39 × words/sentences + 11.8 × syllables/words − 15.59
    smog             1.043 × √(polysyllables × 30 / sentences) + 3.1291
    gunning-fog      0.4 × (words/sentences + 100 × polysyllables/words)
    coleman-liau     0.0588 × letters per 100 words − 0.296 × sentences per 100 words − 15.8
    ari              4.71 × letters/words + 0.5 × words/sentences − 21.43
SMOG is defined on 30 sentences and unreliable below that (DOMAIN.md), so with fewer than
`smog_min_sentences` sentences it is not scored and the message says so; it cannot judge a
single paragraph with the default minimum.

Defaults (DOMAIN.md): CDC asks for no harder than grade 8, AMA/NIH/HHS for grade 6 or
below, so the target is 8. SMOG is the formula most recommended for health materials;
Flesch–Kincaid is the most used and scores health texts lower, so both are reported.
Online patient materials average grade 10–12; a paragraph above 12 is far above target.

Params:
    target_grade: 8            the article is a problem above this grade
    hard_grade: 12             a paragraph (or section) is a problem above this grade
    formulas: [flesch-kincaid, smog]   any of the five above; the first is not special
    unit: paragraph            paragraph (lists count as one unit) or section
    min_words: 20              shortest unit (and article) that is scored
    smog_min_sentences: 30     fewer sentences: SMOG is not scored
    fragment_words: 4          longest line that can be skipped as a caption fragment

Example:

    article.md:1:1: warning readability The prose reads at grade 9.6 (Flesch–Kincaid 9.6;
    SMOG not scored: 18 sentences, it needs 30); the target is grade 8. Use shorter
    sentences and everyday words, starting with the hardest paragraphs.
    article.md:14:1: warning readability This paragraph reads at grade 15.1
    (Flesch–Kincaid); the target is grade 8 and above 12 is far too hard. Split long
    sentences and replace long words with everyday ones.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from linter.document import Block, Document
from linter.problems import Finding
from linter.text import TOKEN_CACHE_SIZE, sentences, syllables, words

Formula = Literal["flesch-kincaid", "smog", "gunning-fog", "coleman-liau", "ari"]
NAMES: dict[str, str] = {
    "flesch-kincaid": "Flesch–Kincaid",
    "smog": "SMOG",
    "gunning-fog": "Gunning fog",
    "coleman-liau": "Coleman–Liau",
    "ari": "ARI",
}
#: a line with an image credit is residue, whatever its length
_CREDIT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:…][\"'”’)\]]*\s*$")


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    target_grade: float = Field(8, ge=0, le=30)
    hard_grade: float = Field(12, ge=0, le=30)
    formulas: tuple[Formula, ...] = ("flesch-kincaid", "smog")
    unit: Literal["paragraph", "section"] = "paragraph"
    min_words: int = Field(20, ge=1)
    smog_min_sentences: int = Field(30, ge=1)
    fragment_words: int = Field(4, ge=0)

    @field_validator("formulas")
    @classmethod
    def _some_formula(cls, value: tuple[Formula, ...]) -> tuple[Formula, ...]:
        if not value:
            raise ValueError("name at least one formula")
        return value

    @model_validator(mode="after")
    def _hard_above_target(self) -> Params:
        if self.hard_grade < self.target_grade:
            raise ValueError(
                f"hard_grade ({self.hard_grade}) must not be below target_grade "
                f"({self.target_grade})"
            )
        return self


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
    counted over the whole text at once. `doc` shares the sentence split with other checks.
    """
    tokens = words(text)
    if not tokens:
        return Counts()
    total_syllables = polysyllables = letters = 0
    for token in tokens:
        token_syllables, polysyllable, token_letters = _token_counts(token)
        total_syllables += token_syllables
        polysyllables += polysyllable
        letters += token_letters
    return Counts(len(sentences(text, doc)), len(tokens), total_syllables, polysyllables, letters)


@functools.lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _token_counts(token: str) -> tuple[int, int, int]:
    """(syllables, 1 for a polysyllable else 0, letters and digits) of a word token,
    counted once per distinct token."""
    count = syllables(token)
    return count, int(count >= 3), sum(ch.isalpha() or ch.isdigit() for ch in token)


def readable_text(block: Block, fragment_words: int) -> str:
    """The block's text without residue lines (captions, credits); list items are kept."""
    if block.kind == "list_item":
        return block.text
    lines = block.text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        starts_sentence = index == 0 or bool(_SENTENCE_END.search(lines[index - 1]))
        following = lines[index + 1].lstrip() if index + 1 < len(lines) else ""
        fragment = (
            starts_sentence
            and not (following and following[0].islower())
            and not _SENTENCE_END.search(line)
            and len(words(line)) <= fragment_words
        )
        if not (fragment or _CREDIT.search(line)):
            kept.append(line)
    return block.text if len(kept) == len(lines) else "\n".join(kept)


def scores(counts: Counts, params: Params) -> dict[str, float | None]:
    """Grade by each configured formula; None where the text is too short for it."""
    result: dict[str, float | None] = {}
    for name in params.formulas:
        if counts.words == 0 or (name == "smog" and counts.sentences < params.smog_min_sentences):
            result[name] = None
        else:
            result[name] = round(max(FORMULAS[name](counts), 0.0), 1)
    return result


def check(doc: Document, params: Params) -> Iterator[Finding]:
    counted = [
        (line, label, sum((count_text(readable_text(b, params.fragment_words), doc)
                           for b in blocks), Counts()))
        for line, label, blocks in _units(doc, params)
    ]
    article = sum((counts for _, _, counts in counted), Counts())
    if article.words >= params.min_words:
        graded = scores(article, params)
        worst = max((g for g in graded.values() if g is not None), default=None)
        if worst is not None and worst > params.target_grade:
            yield Finding(
                doc.title_line or 1,
                f"The prose reads at grade {worst:.1f} ({_describe(graded, article, params)}); "
                f"the target is grade {params.target_grade:g}. Use shorter sentences and "
                "everyday words, starting with the hardest paragraphs.",
            )
    for line, label, counts in counted:
        if counts.words >= params.min_words:
            yield from _hard_part(line, label, counts, params)


def _hard_part(line: int, label: str, counts: Counts, params: Params) -> Iterator[Finding]:
    graded = {k: v for k, v in scores(counts, params).items() if v is not None}
    worst = max(graded.values(), default=None)
    if worst is None or worst <= params.hard_grade:
        return
    by = ", ".join(
        NAMES[k] if len(graded) == 1 else f"{NAMES[k]} {v:.1f}" for k, v in graded.items()
    )
    yield Finding(
        line,
        f"This {label} reads at grade {worst:.1f} ({by}); the target is grade "
        f"{params.target_grade:g} and above {params.hard_grade:g} is far too hard. "
        "Split long sentences and replace long words with everyday ones.",
    )


def _describe(graded: dict[str, float | None], counts: Counts, params: Params) -> str:
    parts = []
    for name, grade in graded.items():
        if grade is not None:
            parts.append(f"{NAMES[name]} {grade:.1f}")
        else:
            parts.append(
                f"{NAMES[name]} not scored: {counts.sentences} sentences, it needs "
                f"{params.smog_min_sentences}"
            )
    return "; ".join(parts)


def _units(doc: Document, params: Params) -> list[tuple[int, str, Sequence[Block]]]:
    """(line, label, blocks) for each paragraph, list or section that is judged alone."""
    units: list[tuple[int, str, list[Block]]] = []
    for block in doc.prose:
        last = units[-1] if units else None
        if params.unit == "section":
            if last is not None and last[2][-1].section == block.section:
                last[2].append(block)
                continue
            section = doc.section_of(block)
            label = "section" if section is not None else "introduction"
            units.append((section.line if section else block.line, label, [block]))
            continue
        if (
            block.kind == "list_item"
            and last is not None
            and last[1] == "list"
            and last[2][-1].section == block.section
            and doc.next_block(last[2][-1]) is block
        ):
            last[2].append(block)
            continue
        units.append((block.line, "list" if block.kind == "list_item" else "paragraph", [block]))
    return [(line, label, tuple(blocks)) for line, label, blocks in units]
