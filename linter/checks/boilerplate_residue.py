"""Find text that is not part of the article: captions, credits, navigation, teasers.

Pages exported from a health-library site carry text that is not the article:

- image credits ("Copyright © Example Medical Art, Inc.") and the short caption lines
  just before them (up to `caption_lines` paragraphs of at most `caption_max_words`
  words that do not end a sentence);
- site navigation: a search box label, "Only show results from the selected
  categories.", nav bars like "Home | About Us | Phone #: 555-0100", "Print", "Share";
- back-to-top links glued to headings ("Reasons for Procedure    TOP"; the heading is
  still recognised, the link is reported);
- teasers of other articles: text cut off with "..." (at least `teaser_min_words` words,
  or fewer next to other residue) and the numbered titles next to them ("2 Hip
  Replacement procedure"). A numbered line on its own is never residue.

The patterns are data: `rules/data/residue.yaml` (with `builtin: true`) plus the rule's
`navigation` and `credits` params (regular expressions; `navigation` must match a whole
paragraph, `credits` anywhere in one). Neighbouring residue paragraphs with only blank
lines between them are reported once, as a span, with a fix that deletes those lines; a
credit glued into a real sentence is reported without a fix. Residue is looked for in
every section (pasted navigation usually lands in the last one), but never in list items.

Params:
    builtin: true          use the patterns of rules/data/residue.yaml
    navigation: []         more whole-paragraph patterns of site navigation
    credits: []            more patterns of image credits
    caption_lines: 3       caption paragraphs before a credit that are residue too
    caption_max_words: 8   longest caption paragraph, in words
    teaser_min_words: 10   shortest cut-off paragraph that is a teaser on its own
    back_to_top: true      report back-to-top links after headings

Example:

    article.txt:14:1: warning boilerplate-residue Lines 14-16 are not part of the article
    (an image caption and credit); delete them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from linter.document import Block, Document, Section
from linter.patterns import PatternText, PatternTimeout, full_match, full_match_any, search
from linter.problems import Finding, Fix

DATA_FILE = "residue.yaml"
#: a caption does not end like a sentence
_SENTENCE_END = re.compile(r"[.!?:;]['\")\]]*$")
_WORD = re.compile(r"\w+")

Kind = Literal["caption", "credit", "navigation", "teaser"]
#: how a run of residue is described, in this order
_NAMES: dict[frozenset[str], str] = {
    frozenset({"caption", "credit"}): "an image caption and credit",
    frozenset({"credit"}): "an image credit",
    frozenset({"navigation"}): "site navigation",
    frozenset({"teaser"}): "teasers of other articles",
}


class ResidueData(BaseModel):
    """The shape of rules/data/residue.yaml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    credit: tuple[PatternText, ...] = ()
    navigation: tuple[PatternText, ...] = ()
    nav_bar: PatternText | None = None
    numbered_title: PatternText | None = None
    cut_off: PatternText | None = None


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    builtin: bool = True
    navigation: tuple[PatternText, ...] = ()
    credits: tuple[PatternText, ...] = ()
    caption_lines: int = Field(3, ge=0, le=10)
    caption_max_words: int = Field(8, ge=1, le=30)
    teaser_min_words: int = Field(10, ge=1)
    back_to_top: bool = True


@cache
def residue_data() -> ResidueData:
    """The built-in patterns, read once, on first use (import time matters)."""
    from linter.config import rules_dir  # here, not at the top: config imports the checks

    path = rules_dir() / "data" / DATA_FILE
    return ResidueData.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


@dataclass(frozen=True, slots=True)
class _Patterns:
    credit: tuple[str, ...]
    navigation: tuple[str, ...]
    numbered_title: tuple[str, ...]
    cut_off: tuple[str, ...]


def _either(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The built-in patterns as one alternation: one search per paragraph, not twenty.

    Only for the shipped patterns (they use no back-references); a user's patterns are
    matched one by one, so a timeout names the pattern at fault.
    """
    return ("|".join(f"(?:{p})" for p in patterns),) if patterns else ()


def _patterns(params: Params) -> _Patterns:
    data = residue_data() if params.builtin else ResidueData()
    navigation = (*data.navigation, *((data.nav_bar,) if data.nav_bar else ()))
    return _Patterns(
        credit=(*_either(data.credit), *params.credits),
        navigation=(*_either(navigation), *params.navigation),
        numbered_title=(data.numbered_title,) if data.numbered_title else (),
        cut_off=(data.cut_off,) if data.cut_off else (r"(?:\.\.\.|…)\s*$",),
    )


def check(doc: Document, params: Params) -> Iterator[Finding]:
    patterns = _patterns(params)
    if params.back_to_top:
        for section in doc.sections:
            if section.trailing:
                yield _back_to_top(doc, section)
    try:
        kinds, glued = _classify(doc, params, patterns)
    except PatternTimeout as exc:
        yield Finding(1, exc.message())
        return
    for block in glued:
        yield Finding(
            block.line,
            "An image credit is glued into this paragraph; delete the credit and keep the "
            "sentence.",
            end_line=block.end_line,
        )
    for run in _runs(doc, kinds):
        first, last = run[0], run[-1]
        what = _describe({kinds[id(b)] for b in run})
        span = (f"Line {first.line} is" if first.line == last.end_line
                else f"Lines {first.line}-{last.end_line} are")
        pronoun = "it" if first.line == last.end_line else "them"
        yield Finding(
            first.line,
            f"{span} not part of the article ({what}); delete {pronoun}.",
            end_line=last.end_line,
            fix=Fix(first.line, last.end_line),
        )


def _classify(
    doc: Document, params: Params, patterns: _Patterns
) -> tuple[dict[int, Kind], list[Block]]:
    """Residue kind of each residue paragraph (by id), and real paragraphs with a credit."""
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    flat = [" ".join(b.text.split()) for b in paragraphs]
    kinds: dict[int, Kind] = {}
    glued: list[Block] = []
    #: teaser-like paragraphs: cut off with "...", or a numbered title
    weak: dict[int, bool] = {}
    for block, text in zip(paragraphs, flat, strict=True):
        if full_match_any(patterns.navigation, text):
            kinds[id(block)] = "navigation"
            continue
        cut = any(search(p, text) for p in patterns.cut_off)
        weak[id(block)] = cut or any(full_match(p, text) for p in patterns.numbered_title)
        credit = next((hit for p in patterns.credit if (hit := search(p, text))), None)
        if credit is not None and (credit.start == 0 or _is_caption(text[: credit.start], params)):
            kinds[id(block)] = "credit"
        elif credit is not None and not cut:
            glued.append(block)
    # A long cut-off paragraph is a teaser outside the prose (pasted after the article) or
    # beside another teaser-like paragraph; a lone "and more..." in the article is not.
    for index, (block, text) in enumerate(zip(paragraphs, flat, strict=True)):
        if (id(block) not in kinds and weak[id(block)] and _cut_long(text, params, patterns)
                and (not doc.is_prose_section(doc.section_of(block))
                     or any(weak.get(id(n)) for n in _neighbours(doc, paragraphs, index)))):
            kinds[id(block)] = "teaser"
    # Teaser-like paragraphs next to residue are residue too, however long the run: one
    # pass each way reaches every paragraph joined to residue by teaser-like ones.
    order = list(range(len(paragraphs)))
    for indexes in (order, order[::-1]):
        for index in indexes:
            block = paragraphs[index]
            if id(block) not in kinds and weak[id(block)] and any(
                id(n) in kinds and kinds[id(n)] != "credit"
                for n in _neighbours(doc, paragraphs, index)
            ):
                kinds[id(block)] = "teaser"
    _captions(doc, paragraphs, flat, kinds, params)
    return kinds, glued


def _cut_long(text: str, params: Params, patterns: _Patterns) -> bool:
    return len(_WORD.findall(text)) >= params.teaser_min_words and any(
        search(p, text) for p in patterns.cut_off
    )


def _neighbours(doc: Document, paragraphs: list[Block], index: int) -> list[Block]:
    """The paragraphs just before and after, when nothing but blank lines is between."""
    return [
        paragraphs[i] for i in (index - 1, index + 1)
        if 0 <= i < len(paragraphs) and _adjacent(doc, paragraphs[index], paragraphs[i])
    ]


def _captions(
    doc: Document, paragraphs: list[Block], flat: list[str], kinds: dict[int, Kind],
    params: Params,
) -> None:
    """Mark the short caption lines just before each credit."""
    for index, block in enumerate(paragraphs):
        if kinds.get(id(block)) != "credit":
            continue
        later = block
        for back in range(index - 1, max(index - 1 - params.caption_lines, -1), -1):
            candidate = paragraphs[back]
            if (id(candidate) in kinds or not _adjacent(doc, candidate, later)
                    or not _is_caption(flat[back], params)):
                break
            kinds[id(candidate)] = "caption"
            later = candidate


def _is_caption(text: str, params: Params) -> bool:
    text = text.strip()
    return bool(text) and len(_WORD.findall(text)) <= params.caption_max_words and not (
        _SENTENCE_END.search(text)
    )


def _adjacent(doc: Document, first: Block, second: Block) -> bool:
    """Next to each other in one section, with only blank lines between."""
    if first.line > second.line:
        first, second = second, first
    return first.section == second.section and doc.next_block(first) is second and all(
        not doc.lines[i - 1].strip() for i in range(first.end_line + 1, second.line)
    )


def _runs(doc: Document, kinds: dict[int, Kind]) -> Iterator[list[Block]]:
    run: list[Block] = []
    for block in doc.blocks:
        if id(block) not in kinds:
            if run:
                yield run
            run = []
            continue
        if run and not _adjacent(doc, run[-1], block):
            yield run
            run = []
        run.append(block)
    if run:
        yield run


def _describe(found: set[str]) -> str:
    parts: list[str] = []
    if "credit" in found:
        parts.append(_NAMES[frozenset(found & {"caption", "credit"})])
    elif "caption" in found:
        parts.append("an image caption")
    for kind in ("navigation", "teaser"):
        if kind in found:
            parts.append(_NAMES[frozenset({kind})])
    return " and ".join(parts)


def _back_to_top(doc: Document, section: Section) -> Finding:
    line = doc.lines[section.line - 1]
    trailing = re.compile(r"\s*" + re.escape(section.trailing) + r"\s*$")
    fixed = trailing.sub("", line)
    return Finding(
        section.line,
        f'The back-to-top link "{section.trailing}" after the heading "{section.heading}" '
        "is site navigation; delete it.",
        fix=Fix(section.line, section.line, (fixed,)) if fixed != line else None,
    )
