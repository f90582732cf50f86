"""Residue: text of a page that is not the article (captions, credits, navigation, teasers).

How residue is recognised is documented with the rule that reports it
(`linter/checks/boilerplate_residue.py`); other checks ask `residue_lines(doc)` so that they
never judge a caption or a navigation bar as if it were article prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from linter.document import Block, Document
from linter.patterns import PatternText, full_match, full_match_any, search
from linter.resources import data_path

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


@dataclass(frozen=True, slots=True)
class Settings:
    """How residue is told apart; the rule's params, or these defaults for other checks."""

    caption_lines: int = 3
    caption_max_words: int = 8
    teaser_min_words: int = 10


DEFAULTS = Settings()


@cache
def residue_data() -> ResidueData:
    """The built-in patterns, read once, on first use (import time matters)."""
    path = data_path(DATA_FILE)
    return ResidueData.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


@dataclass(frozen=True, slots=True)
class Patterns:
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


def patterns_for(builtin: bool = True, navigation: tuple[str, ...] = (),
                 credits: tuple[str, ...] = ()) -> Patterns:
    data = residue_data() if builtin else ResidueData()
    builtin_navigation = (*data.navigation, *((data.nav_bar,) if data.nav_bar else ()))
    return Patterns(
        credit=(*_either(data.credit), *credits),
        navigation=(*_either(builtin_navigation), *navigation),
        numbered_title=(data.numbered_title,) if data.numbered_title else (),
        cut_off=(data.cut_off,) if data.cut_off else (r"(?:\.\.\.|…)\s*$",),
    )


def classify(
    doc: Document, params: Settings, patterns: Patterns
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


def _cut_long(text: str, params: Settings, patterns: Patterns) -> bool:
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
    params: Settings,
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


def _is_caption(text: str, params: Settings) -> bool:
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


def runs(doc: Document, kinds: dict[int, Kind]) -> Iterator[list[Block]]:
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


def describe(found: set[str]) -> str:
    parts: list[str] = []
    if "credit" in found:
        parts.append(_NAMES[frozenset(found & {"caption", "credit"})])
    elif "caption" in found:
        parts.append("an image caption")
    for kind in ("navigation", "teaser"):
        if kind in found:
            parts.append(_NAMES[frozenset({kind})])
    return " and ".join(parts)




def residue_lines(doc: Document) -> frozenset[int]:
    """Source lines of the paragraphs the built-in patterns and default settings take for
    residue (computed once per document)."""
    memo: dict[str, frozenset[int]] = doc.memo("residue_lines")
    found = memo.get("")
    if found is None:
        kinds, _ = classify(doc, DEFAULTS, patterns_for())
        found = memo[""] = frozenset(
            n for b in doc.blocks if id(b) in kinds for n in range(b.line, b.end_line + 1)
        )
    return found
