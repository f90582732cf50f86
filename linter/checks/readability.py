"""Score how hard the article's prose is to read, and point at the paragraphs to rewrite.

Two kinds of problem:

1. The article: when the prose scores above its target by the deciding formula
   (`formula`), one problem at the first line of prose gives the grade, every score with
   its formula's name, and the target ("The prose reads at grade 10.3 (SMOG 10.3;
   Flesch–Kincaid 7.1); the target is SMOG grade 8").
2. The hard parts: each paragraph (or list, or section with `unit: section`) that scores
   above the deciding formula's hard grade (`hard_grades`: six grades above its target)
   is a problem at its own line with its score, so the writer knows what to rewrite.

Which formula decides (`formula`), and why SMOG by default: SMOG is the formula most
recommended for health materials: it is the most consistent across studies and its
criterion is 90–100 % comprehension, where Flesch–Kincaid's is about 75 % (McLaughlin
1969; NCI's "Making Health Communication Programs Work"). Flesch–Kincaid is the
most used and runs 3–5 grades lower on health articles (148 leaflets: SMOG 9.6, FK 6.5),
so one target for the higher of the two would in practice be a SMOG target with a
Flesch–Kincaid label. Each formula therefore has its own target (`targets`): SMOG 8 (CDC:
no harder than grade 8) and Flesch–Kincaid 6 (AMA, NIH and HHS: grade 6 or below).
`formula: fk` decides by Flesch–Kincaid; `formula: max` reports when any formula in
`formulas` is above its own target, naming the one furthest above it.

One method at every length: SMOG is scored with its scaled count (polysyllables × 30 /
sentences, which is McLaughlin's own correction for samples other than 30 sentences), so
the grade does not jump when an article reaches 30 sentences, and adding an easy sentence
never raises it. The stated minimum is `min_words`: a unit (or an article) with fewer
words is never judged, since on one short sentence a formula measures its longest word
("Your doctor may suggest a colonoscopy."), not its difficulty.

Only prose is scored (`Document.prose`): not front matter, headings, code, tables, or the
sections the template marks `prose: false` (References, Resources, Revision Information).
A list item counts as a sentence only when it is one: it ends with ".", "!" or "?", or it
has a verb ("Call your doctor", "The tube becomes blocked"). A list of noun phrases
("Bleeding", "Infection", "Nerve injury") is not prose and is not scored (the formulas
assume full sentences). Consecutive list items form one unit. Residue is skipped so it
does not distort the scores: a paragraph line that is a short fragment (at most
`fragment_words` words, no sentence end, standing alone between sentences: an image
caption such as "Knee joint") and any line with "©" or "copyright" (an image credit).
Sentences, words and syllables come from `linter/analysis/text.py` (its docstring says why not
textstat: abbreviations, list items, offline use, medical syllables); the counts and the five
formulas from `linter/analysis/readability.py`, which the audit shares.

Defaults: online patient materials average grade 10–12 (published reviews of
patient-education websites); a paragraph six grades above its formula's target
(`hard_grades`) is far above it.

Params:
    formula: smog              the formula that decides: smog, fk (flesch-kincaid), any
                               of the five, or max (any formula above its own target)
    targets: {smog: 8, flesch-kincaid: 6}
                               the target grade of each formula
    target_grade: 8            the target of a formula not in `targets`
    hard_grades: {smog: 14, flesch-kincaid: 12}
                               a paragraph (or section) is a problem above these grades
    hard_grade: 12             the hard grade of a formula not in `hard_grades`
    formulas: [smog, flesch-kincaid]   the scores the message gives (the deciding one first)
    unit: paragraph            paragraph (lists count as one unit) or section
    min_words: 20              shortest unit (and article) that is scored
    fragment_words: 4          longest line that can be skipped as a caption fragment

Example:

    article.md:3:1: warning readability The prose reads at grade 10.3 (SMOG 10.3;
    Flesch–Kincaid 7.1); the target is SMOG grade 8. Use shorter sentences and everyday
    words, starting with the hardest paragraphs.
    article.md:14:1: warning readability This paragraph reads at grade 15.1 (SMOG 15.1,
    Flesch–Kincaid 13.0); the target is SMOG grade 8 and above 14 is far too hard. Split
    long sentences and replace long words with everyday ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from linter.analysis.readability import NAMES, Counts, block_counts, grades
from linter.model.document import Block, Document
from linter.model.problems import Finding

Formula = Literal["flesch-kincaid", "smog", "gunning-fog", "coleman-liau", "ari"]
#: `formula`: one of the formulas, "fk" for Flesch–Kincaid, or "max"
Deciding = Literal["flesch-kincaid", "fk", "smog", "gunning-fog", "coleman-liau", "ari", "max"]
#: CDC: no harder than grade 8 (SMOG, the health formula); AMA/NIH/HHS: grade 6 or below,
#: the level Flesch–Kincaid, which reads 3-5 grades lower on health text, can hold writers to
DEFAULT_TARGETS: dict[Formula, float] = {"smog": 8.0, "flesch-kincaid": 6.0}
#: far too hard: six grades above each target (FK 12 is SMOG 14-15 on health text)
DEFAULT_HARD: dict[Formula, float] = {"smog": 14.0, "flesch-kincaid": 12.0}


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    formula: Deciding = "smog"
    targets: dict[Formula, float] = Field(default_factory=lambda: dict(DEFAULT_TARGETS))
    target_grade: float = Field(8.0, ge=0, le=30)
    hard_grade: float = Field(12.0, ge=0, le=30)
    hard_grades: dict[Formula, float] = Field(default_factory=lambda: dict(DEFAULT_HARD))
    formulas: tuple[Formula, ...] = ("smog", "flesch-kincaid")
    unit: Literal["paragraph", "section"] = "paragraph"
    min_words: int = Field(20, ge=1)
    fragment_words: int = Field(4, ge=0)

    @field_validator("formulas")
    @classmethod
    def _some_formula(cls, value: tuple[Formula, ...]) -> tuple[Formula, ...]:
        if not value:
            raise ValueError("name at least one formula")
        return value

    @field_validator("targets", "hard_grades")
    @classmethod
    def _targets_are_grades(cls, value: dict[Formula, float]) -> dict[Formula, float]:
        for name, grade in value.items():
            if not 0 <= grade <= 30:
                raise ValueError(f"the grade of {name} must be from 0 to 30, not {grade}")
        return value

    @model_validator(mode="after")
    def _hard_above_target(self) -> Params:
        for name in self.deciding:
            if self.hard(name) < self.target(name):
                raise ValueError(
                    f"hard_grade of {NAMES[name]} ({self.hard(name):g}: hard_grade or "
                    f"hard_grades) must not be below its target ({self.target(name):g}: "
                    "target_grade or targets)"
                )
        return self

    @property
    def deciding(self) -> tuple[str, ...]:
        """The formulas whose grade decides: the one named by `formula`, or for `max` all
        of `formulas`."""
        if self.formula == "max":
            return tuple(self.formulas)
        return ("flesch-kincaid",) if self.formula == "fk" else (self.formula,)

    @property
    def shown(self) -> tuple[str, ...]:
        """The formulas the message gives: the deciding ones first, then the others."""
        return tuple(dict.fromkeys((*self.deciding, *self.formulas)))

    def target(self, name: str) -> float:
        return float(self.targets.get(name, self.target_grade))  # type: ignore[call-overload]

    def hard(self, name: str) -> float:
        return float(self.hard_grades.get(name, self.hard_grade))  # type: ignore[call-overload]


def scores(counts: Counts, params: Params) -> dict[str, float | None]:
    """Grade by each formula that decides (`Params.deciding`): the article's grade is the
    one above its target (for `formula: max`, the furthest above it)."""
    return grades(counts, params.deciding)


def _verdict(counts: Counts, params: Params) -> tuple[str, float] | None:
    """The deciding formula and its grade when the text is above that formula's target."""
    above = [
        (grade - params.target(name), name, grade)
        for name, grade in scores(counts, params).items()
        if grade is not None and grade > params.target(name)
    ]
    if not above:
        return None
    _, name, grade = max(above, key=lambda item: item[0])
    return name, grade


def check(doc: Document, params: Params) -> Iterator[Finding]:
    counted = [
        (line, label, _total([block_counts(doc, b, params.fragment_words) for b in blocks]))
        for line, label, blocks in _units(doc, params)
    ]
    article = _total([counts for _, _, counts in counted])
    if article.words >= params.min_words:
        verdict = _verdict(article, params)
        if verdict is not None:
            name, grade = verdict
            first = next(line for line, _, counts in counted if counts.words)
            yield Finding(
                first,
                f"The prose reads at grade {grade:.1f} ({_describe(article, params, '; ')}); "
                f"the target is {NAMES[name]} grade {params.target(name):g}. Use shorter "
                "sentences and everyday words, starting with the hardest paragraphs.",
            )
    for line, label, counts in counted:
        if counts.words >= params.min_words:
            yield from _hard_part(line, label, counts, params)


def _total(parts: Sequence[Counts]) -> Counts:
    """The counts of the parts together (a unit is most often one block: its own counts)."""
    if len(parts) == 1:
        return parts[0]
    return Counts(
        sum(c.sentences for c in parts),
        sum(c.words for c in parts),
        sum(c.syllables for c in parts),
        sum(c.polysyllables for c in parts),
        sum(c.letters for c in parts),
    )


def _hard_part(line: int, label: str, counts: Counts, params: Params) -> Iterator[Finding]:
    above = [
        (grade - params.hard(name), name, grade)
        for name, grade in scores(counts, params).items()
        if grade is not None and grade > params.hard(name)
    ]
    if not above:
        return
    _, name, grade = max(above, key=lambda item: item[0])
    yield Finding(
        line,
        f"This {label} reads at grade {grade:.1f} ({_describe(counts, params, ', ')}); the "
        f"target is {NAMES[name]} grade {params.target(name):g} and above "
        f"{params.hard(name):g} is far too hard. Split long sentences and replace long words "
        "with everyday ones.",
    )


def _describe(counts: Counts, params: Params, separator: str) -> str:
    """Every shown score with its formula's name, the deciding formula first."""
    return separator.join(
        f"{NAMES[name]} {grade:.1f}"
        for name, grade in grades(counts, params.shown).items()
        if grade is not None
    )


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
