"""Residue: text of a page that is not the article (captions, credits, navigation, teasers).

How residue is recognised is documented with the rule that reports it
(`linter/checks/boilerplate_residue.py`); other checks ask `residue_lines(doc)` so that they
never judge a caption or a navigation bar as if it were article prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from typing import Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field

from linter import config_cache
from linter.analysis.patterns import (
    BUILTIN,
    Hit,
    PatternText,
    compile_pattern,
    full_match,
    full_match_any,
    search,
)
from linter.model.document import Block, Document
from linter.resources import data_path

DATA_FILE = "residue.yaml"
#: a caption does not end like a sentence
_SENTENCE_END = re.compile(r"[.!?:;]['\")\]”’]*$")
_WORD = re.compile(r"\w+")
#: where a sentence ends inside a paragraph: ". " before a capital, a digit or a sign
#: ("Rest the knee. <COPYRIGHT", "Inc. ## Complications"), not before a small letter
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])['\")\]”’]*\s+(?=[\"“(]?[A-Z0-9]|[^\w\s])")
#: a caption written as a sentence (between two figures) is at most this long
_SENTENCE_CAPTION_WORDS = 25
#: longer paragraphs are matched whole (no navigation pattern matches one that long)
_SPLIT_LENGTH = 2_000
#: a credit sentence is at most this long ("Copyright © 2002 Example Communications, Inc.")
_CREDIT_WORDS = 12
#: a line next to site widgets after the article is a widget too when this short
_WIDGET_WORDS = 6
#: longest alternation of built-in patterns (the pattern module refuses longer ones)
_JOINED_LENGTH = 1800
#: what could make a pattern mean something else inside an alternation than alone: inline
#: flags (global in the `regex` module's version 0) and group references
_NOT_ALONE = re.compile(r"\(\?[a-zA-Z^-]|\(\?P=|\\[1-9]|\\g<")

Kind = Literal["caption", "credit", "navigation", "teaser", "uncertain", "lone-caption"]


class ResidueData(BaseModel):
    """The shape of rules/data/residue.yaml."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    credit: tuple[PatternText, ...] = ()
    #: whole-paragraph patterns by kind (search, share, language, widget, markup, ...)
    navigation: dict[str, tuple[PatternText, ...]] = Field(default_factory=dict)
    tab_labels: tuple[PatternText, ...] = ()
    link_bar_separators: tuple[str, ...] = ()
    link_bar_cell_words: int = Field(6, ge=1)
    image_metadata: tuple[PatternText, ...] = ()
    site_words: tuple[PatternText, ...] = ()
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
    def build() -> ResidueData:
        text = data_path(DATA_FILE).read_text(encoding="utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is 10x faster
        return ResidueData.model_validate(yaml.load(text, Loader=loader) or {})

    return config_cache.cached_data(DATA_FILE, build)


@dataclass(frozen=True, slots=True)
class Patterns:
    """The built-in patterns, which run without a timeout (they are held to linear time by
    tests, so no result depends on the machine's load), and a user's (`user_credit`,
    `user_navigation`), each match of which is timed (`linter/analysis/patterns.py`)."""

    credit: tuple[str, ...]
    navigation: tuple[str, ...]
    numbered_title: tuple[str, ...]
    cut_off: tuple[str, ...]
    link_bar_separators: tuple[str, ...] = ()
    link_bar_cell_words: int = 6
    #: a line of tab labels only ("What is it? Overview Usage"), matched whole
    tab_bar: tuple[str, ...] = ()
    user_credit: tuple[str, ...] = ()
    user_navigation: tuple[str, ...] = ()
    #: the built-in credit patterns one by one, when `credit` joins them: a paragraph that
    #: none of them is found in has no credit, and is told so by a few quick searches
    #: (each has a literal to look for) instead of the slower search of their alternation
    credit_each: tuple[str, ...] = ()
    # the built-in patterns compiled, matched without the timed wrappers (no timeout)
    _credit: tuple[regex.Pattern[str], ...] = field(init=False, compare=False, repr=False)
    _has_credit: Callable[[str], bool] | None = field(init=False, compare=False, repr=False)
    _navigation: Callable[[str], bool] = field(init=False, compare=False, repr=False)
    _tab_bar: Callable[[str], bool] = field(init=False, compare=False, repr=False)
    _numbered_title: Callable[[str], bool] = field(init=False, compare=False, repr=False)
    _cut_off: Callable[[str], bool] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        has_credit = None
        if self.credit_each and not any(_NOT_ALONE.search(p) for p in self.credit_each):
            has_credit = _finder(self.credit_each, whole=False)
        for name, value in (
            ("_credit", tuple(compile_pattern(p) for p in self.credit)),
            ("_has_credit", has_credit),
            # (an alternation matches the whole text exactly when one of its patterns does)
            ("_navigation", _finder(self.navigation, whole=True)),
            ("_tab_bar", _finder(self.tab_bar, whole=True)),
            ("_numbered_title", _finder(self.numbered_title, whole=True)),
            ("_cut_off", _finder(self.cut_off, whole=False)),
        ):
            object.__setattr__(self, name, value)

    def credit_at(self, text: str) -> Hit | None:
        """The first credit found in `text` (built-in patterns first), or None."""
        if self._has_credit is None or self._has_credit(text):
            for pattern in self._credit:
                if (match := pattern.search(text)) is not None:
                    return Hit(match.start(), match.end(), match.group(0))
        return next((hit for p in self.user_credit if (hit := search(p, text))), None)

    def is_credit_start(self, text: str) -> bool:
        """A credit pattern matches at the start of `text`."""
        return any((hit := search(p, text, BUILTIN)) is not None and hit.start == 0
                   for p in self.credit) or any(
            (hit := search(p, text)) is not None and hit.start == 0 for p in self.user_credit)

    def is_navigation_line(self, text: str) -> bool:
        """A navigation pattern matches the whole of `text`."""
        return self._navigation(text) or bool(
            self.user_navigation and full_match_any(self.user_navigation, text))

    def is_tab_bar(self, text: str) -> bool:
        """The whole of `text` is a bar of tab labels."""
        return self._tab_bar(text)

    def is_cut_off(self, text: str) -> bool:
        """`text` ends where the site cut it off ("...")."""
        return self._cut_off(text)

    def is_numbered_title(self, text: str) -> bool:
        """The whole of `text` is the numbered title of another article."""
        return self._numbered_title(text)


def _finder(patterns: tuple[str, ...], whole: bool) -> Callable[[str], bool]:
    """Whether one of the built-in patterns is found in a text (or matches the whole of it),
    as `search` or `full_match` with no timeout would say."""
    methods = tuple(p.fullmatch if whole else p.search for p in map(compile_pattern, patterns))
    if len(methods) == 1:
        only = methods[0]
        return lambda text: only(text) is not None

    def found(text: str) -> bool:
        for method in methods:  # noqa: SIM110 - cheaper than any() over a generator
            if method(text) is not None:
                return True
        return False

    return found


def _either(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The built-in patterns as one alternation: one search per paragraph, not twenty.

    Only for the shipped patterns (they use no back-references); a user's patterns are
    matched one by one, so a timeout names the pattern at fault.
    """
    out: list[str] = []
    group: list[str] = []
    for pattern in patterns:
        if group and len("|".join(group)) + len(pattern) + 5 > _JOINED_LENGTH:
            out.append("|".join(group))
            group = []
        group.append(f"(?:{pattern})")
    if group:
        out.append("|".join(group))
    return tuple(out)


def tab_bar_pattern(labels: tuple[str, ...]) -> str | None:
    """A line made of two or more tab labels and nothing else."""
    if not labels:
        return None
    label = "|".join(f"(?:{p})" for p in sorted(labels, key=len, reverse=True))
    return rf"(?:{label})(?:\s*[|·•]?\s*(?:{label}))+"


@cache
def patterns_for(builtin: bool = True, navigation: tuple[str, ...] = (),
                 credits: tuple[str, ...] = ()) -> Patterns:
    data = residue_data() if builtin else ResidueData()
    tab_bar = tab_bar_pattern(data.tab_labels)
    builtin_navigation = tuple(p for kind in data.navigation.values() for p in kind)
    return Patterns(
        credit=_either(data.credit),
        credit_each=data.credit,
        navigation=_either(builtin_navigation),
        numbered_title=(data.numbered_title,) if data.numbered_title else (),
        cut_off=(data.cut_off,) if data.cut_off else (r"(?:\.\.\.|…)\s*$",),
        link_bar_separators=data.link_bar_separators,
        link_bar_cell_words=data.link_bar_cell_words,
        tab_bar=(tab_bar,) if tab_bar else (),
        user_credit=credits,
        user_navigation=navigation,
    )


def link_bar(text: str, separators: tuple[str, ...], cell_words: int) -> bool:
    """A bar of short link-like cells: "Home | About Us | Phone #: 555-0100".

    Every cell starts with a capital or a digit, has at most `cell_words` words and does
    not end like a sentence; "|" needs three cells, a breadcrumb mark (">", "»") two. So
    "Bring these | your photo ID | your insurance card" (lower-case items) and "Home/work:
    you can go back to work in a week." (a sentence) are article text.
    """
    for separator in separators:
        if f" {separator} " not in text:
            continue  # one cell
        cells = [c.strip() for c in text.split(f" {separator} ")]
        if len(cells) < (3 if separator == "|" else 2):
            continue
        if all(
            c and (c[0].isupper() or c[0].isdigit()) and len(_WORD.findall(c)) <= cell_words
            and not _SENTENCE_END.search(c) and not c.endswith(("...", "…"))
            for c in cells
        ):
            return True
    return False


def is_navigation(text: str, patterns: Patterns | None = None) -> bool:
    """A whole paragraph of site navigation (a pattern of rules/data/residue.yaml, or a
    link bar)."""
    return _navigation(" ".join(text.split()), patterns or _builtin())


def _navigation(flat: str, patterns: Patterns) -> bool:
    """Navigation through and through: each sentence of the paragraph is (a paragraph that
    goes on with article text after a navigation line is not navigation)."""
    if patterns.is_tab_bar(flat):
        return True
    pieces = _sentences(flat) if len(flat) < _SPLIT_LENGTH else iter((flat,))
    return all(
        patterns.is_navigation_line(piece)
        or link_bar(piece, patterns.link_bar_separators, patterns.link_bar_cell_words)
        for piece in pieces
    )


def _sentences(text: str) -> Iterator[str]:
    """`_SENTENCE_BREAK.split(text)`, one piece at a time (a paragraph whose first sentence
    is article text needs no more)."""
    start = 0
    for found in _SENTENCE_BREAK.finditer(text):  # each break holds a space: none is empty
        yield text[start:found.start()]
        start = found.end()
    yield text[start:]


def _more_words(text: str, count: int) -> bool:
    """`len(_WORD.findall(text)) > count`, reading only as far as the word after `count`."""
    return len(list(islice(_WORD.finditer(text), count + 1))) > count


@cache
def _builtin() -> Patterns:
    return patterns_for()


def is_tab_label(text: str) -> bool:
    """One label of the page's tabs on its own ("Answers", "Overview")."""
    flat = " ".join(text.split())
    return any(full_match(p, flat, BUILTIN) for p in residue_data().tab_labels)


def is_site_name(text: str) -> bool:
    """A header line naming the site ("Munson Health", "Fairview Library")."""
    flat = " ".join(text.split())
    return any(search(p, flat, BUILTIN) for p in residue_data().site_words)


def is_image_metadata(text: str) -> bool:
    """An image's file id or editing label ("exh51873 97870 1 edited labels")."""
    flat = " ".join(text.split())
    return any(full_match(p, flat, BUILTIN) for p in residue_data().image_metadata)


def credit_leftover(text: str, start: int, patterns: Patterns) -> str:
    """What a paragraph says besides its credit. `start` is where the credit begins (the
    text before it is the caption, not part of the leftover). The credit is its first
    sentence when short; the sentences after it are leftover unless they are short credits
    themselves ("All rights reserved.")."""
    pieces = _SENTENCE_BREAK.split(text[start:])
    return " ".join(p for p in pieces if not _is_credit(p, patterns)).strip()


def _is_credit(piece: str, patterns: Patterns) -> bool:
    """A short sentence that starts with a credit ("Copyright © Example Media, Inc.")."""
    return len(_WORD.findall(piece)) <= _CREDIT_WORDS and patterns.is_credit_start(piece.strip())


def classify(
    doc: Document, params: Settings, patterns: Patterns
) -> tuple[dict[int, Kind], list[Block]]:
    """Residue kind of each residue paragraph (by id), and real paragraphs with a credit.

    Worked out once per document for given settings and patterns: the rule with its
    default params and `residue_lines` (which other rules ask) want the same answer.
    """
    memo: dict[tuple[Settings, Patterns], tuple[dict[int, Kind], list[Block]]] = doc.memo(
        "residue")
    found = memo.get((params, patterns))
    if found is None:
        found = memo[(params, patterns)] = _classify(doc, params, patterns)
    return dict(found[0]), list(found[1])


def _classify(
    doc: Document, params: Settings, patterns: Patterns
) -> tuple[dict[int, Kind], list[Block]]:
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    flat = [" ".join(b.text.split()) for b in paragraphs]
    kinds: dict[int, Kind] = {}
    glued: list[Block] = []
    #: teaser-like paragraphs: cut off with "...", or a numbered title
    weak: dict[int, bool] = {}
    for block, text in zip(paragraphs, flat, strict=True):
        if _navigation(text, patterns):
            kinds[id(block)] = "navigation"
            continue
        weak[id(block)] = patterns.is_cut_off(text) or patterns.is_numbered_title(text)
        credit = patterns.credit_at(text)
        if credit is None:
            continue
        caption_ok = credit.start == 0 or _is_caption(text[: credit.start], params)
        if caption_ok and not _WORD.search(credit_leftover(text, credit.start, patterns)):
            kinds[id(block)] = "credit"
        else:
            glued.append(block)
    # A long cut-off paragraph is a teaser outside the prose (pasted after the article) or
    # beside another teaser-like paragraph; a lone "and more..." in the article is not.
    for index, (block, text) in enumerate(zip(paragraphs, flat, strict=True)):
        if (id(block) not in kinds and weak.get(id(block)) and _cut_long(text, params, patterns)
                and (not doc.is_prose_section(doc.section_of(block))
                     or any(weak.get(id(n)) for n in _neighbours(doc, paragraphs, index)))):
            kinds[id(block)] = "teaser"
    # Teaser-like paragraphs next to teasers are teasers too, however long the run (one
    # pass each way reaches every paragraph joined to them by teaser-like ones), and so are
    # those next to site navigation outside the article's prose (pasted after it). In the
    # prose, a paragraph the site cut off with "..." before its "Share" button is the
    # article's own text.
    in_prose = [doc.is_prose_section(doc.section_of(b)) for b in paragraphs]
    order = list(range(len(paragraphs)))
    for indexes in (order, order[::-1]):
        for index in indexes:
            block = paragraphs[index]
            if id(block) not in kinds and weak.get(id(block)) and any(
                kinds.get(id(n)) == "teaser"
                or (kinds.get(id(n)) == "navigation" and not in_prose[index])
                for n in _neighbours(doc, paragraphs, index)
            ):
                kinds[id(block)] = "teaser"
    _captions(doc, paragraphs, flat, kinds, params)
    _uncredited_captions(doc, paragraphs, flat, kinds, params)
    _widgets(doc, paragraphs, flat, kinds)
    return kinds, [b for b in glued if id(b) not in kinds]


def _widgets(doc: Document, paragraphs: list[Block], flat: list[str],
             kinds: dict[int, Kind]) -> None:
    """After the article's last sentence, short lines between pieces of site navigation
    (or between navigation and the end of the file) are site widgets too: the author names
    and article titles of a "Meet our writers" box."""
    last_real = max(
        (b.end_line for b in doc.blocks
         if b.kind == "list_item" or (b.kind == "paragraph" and id(b) not in kinds
                                      and _SENTENCE_END.search(b.text.strip()))),
        default=0,
    )

    def short(index: int) -> bool:
        text = flat[index]
        return (id(paragraphs[index]) not in kinds and paragraphs[index].line > last_real
                and len(_WORD.findall(text)) <= _WIDGET_WORDS and not _SENTENCE_END.search(text)
                and ":" not in text and not any(c.isdigit() for c in text))

    def site(index: int) -> bool:
        kind = kinds.get(id(paragraphs[index]))
        return kind is not None and kind not in _ALONE

    index = 0
    while index < len(paragraphs):
        if not short(index):
            index += 1
            continue
        end = index
        while end + 1 < len(paragraphs) and short(end + 1) and _adjacent(
                doc, paragraphs[end], paragraphs[end + 1]):
            end += 1
        before = index > 0 and site(index - 1) and _adjacent(doc, paragraphs[index - 1],
                                                              paragraphs[index])
        after_ok = (end + 1 < len(paragraphs) and site(end + 1)
                    and _adjacent(doc, paragraphs[end], paragraphs[end + 1]))
        last = paragraphs[end] is doc.blocks[-1]
        if before and (after_ok or last):
            for n in range(index, end + 1):
                kinds[id(paragraphs[n])] = "navigation"
        index = end + 1


def _cut_long(text: str, params: Settings, patterns: Patterns) -> bool:
    return _more_words(text, params.teaser_min_words - 1) and patterns.is_cut_off(text)


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
    """Mark the short caption lines just before each credit; a one-sentence paragraph
    between two figures is probably the second one's caption, but that is left to the
    writer (`uncertain`: reported, never deleted)."""
    for index, block in enumerate(paragraphs):
        if kinds.get(id(block)) != "credit":
            continue
        later = block
        marked = 0
        for back in range(index - 1, max(index - 1 - params.caption_lines, -1), -1):
            candidate = paragraphs[back]
            if (id(candidate) in kinds or not _adjacent(doc, candidate, later)
                    or not _is_caption(flat[back], params)):
                break
            kinds[id(candidate)] = "caption"
            later = candidate
            marked += 1
        if marked or index < 2:
            continue
        sentence, before = paragraphs[index - 1], paragraphs[index - 2]
        if (id(sentence) not in kinds and kinds.get(id(before)) in ("credit", "caption")
                and _adjacent(doc, sentence, block) and _adjacent(doc, before, sentence)
                and len(_WORD.findall(flat[index - 1])) <= _SENTENCE_CAPTION_WORDS
                and len(_SENTENCE_BREAK.split(flat[index - 1])) == 1):
            kinds[id(sentence)] = "uncertain"


def _uncredited_captions(
    doc: Document, paragraphs: list[Block], flat: list[str], kinds: dict[int, Kind],
    params: Settings,
) -> None:
    """Captions without a credit line. A caption title with its alt text on the next line
    ("Compression Fracture" / "Compression fracture lumbar", or the title printed twice) is
    a figure: headings do not come with a short line under them that repeats their words.
    A lone line that only repeats words of the article's title ("Incision and Drainage" in
    "Incision and Drainage of a Skin Abscess") is probably one too, but that is left to the
    writer (`lone-caption`: reported, never deleted)."""
    title = set(_WORD.findall(doc.title.casefold())) if doc.title else set()
    for index, block in enumerate(paragraphs):
        if (id(block) in kinds or not _is_caption(flat[index], params)
                or block.line != block.end_line or not doc.is_prose_section(doc.section_of(block))):
            continue
        nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if (nxt is not None and id(nxt) not in kinds and _is_caption(flat[index + 1], params)
                and (nxt.line == block.line + 1 and nxt.section == block.section
                     and doc.next_block(block) is nxt and _alt_text(flat[index], flat[index + 1])
                     or _adjacent(doc, block, nxt) and _key(flat[index]) == _key(flat[index + 1]))):
            # the alt text under a caption title, or a caption printed twice
            kinds[id(block)] = kinds[id(nxt)] = "caption"
            continue
        all_words = _WORD.findall(flat[index].casefold())
        lines = doc.lines
        alone = (block.line < 2 or not lines[block.line - 2].strip()) and (
            block.line >= len(lines) or not lines[block.line].strip())
        if (title and len(all_words) >= 2 and set(all_words) <= title and alone
                and set(all_words) != title):
            kinds[id(block)] = "lone-caption"


def _key(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _alt_text(caption: str, line: str) -> bool:
    """The line under a caption title is its alt text: the title again, or the same first
    word going on in lower case ("Compression Fracture" / "Compression fracture lumbar").
    Two names in title case ("American Academy of ..." / "American College of ...") are
    not."""
    first, second = _WORD.findall(caption.casefold()), _WORD.findall(line.casefold())
    if not first or not second:
        return False
    if first == second:
        return True
    later = _WORD.findall(line)[1:]
    return first[0] == second[0] and any(w[0].islower() for w in later if len(w) > 3)


#: a caption holds no sentence: no piece of it before a sentence break is this many words
_CAPTION_SENTENCE_WORDS = 3


def _is_caption(text: str, params: Settings) -> bool:
    """A short title with no sentence in it ("Knee joint", "Fig. 2 Knee joint"); text
    before a credit that ends a sentence and then runs on ("Rest the knee. 0COPYRIGHT©"
    leaves "Rest the knee. 0") is not one."""
    text = text.strip()
    if not text or _more_words(text, params.caption_max_words):
        return False  # (before splitting: a long paragraph is never split into sentences)
    pieces = _SENTENCE_BREAK.split(text)
    return not (
        _SENTENCE_END.search(text)
        or any(len(_WORD.findall(p)) >= _CAPTION_SENTENCE_WORDS for p in pieces[:-1])
    )


def _adjacent(doc: Document, first: Block, second: Block) -> bool:
    """Next to each other in one section, with only blank lines between."""
    if first.line > second.line:
        first, second = second, first
    return first.section == second.section and doc.next_block(first) is second and all(
        not doc.lines[i - 1].strip() for i in range(first.end_line + 1, second.line)
    )


#: residue the writer must confirm: reported on its own, never deleted
_ALONE = ("uncertain", "lone-caption")


def runs(doc: Document, kinds: dict[int, Kind]) -> Iterator[list[Block]]:
    """Neighbouring residue paragraphs, one run each; an uncertain caption stands alone."""
    run: list[Block] = []
    for block in doc.blocks:
        if id(block) not in kinds:
            if run:
                yield run
            run = []
            continue
        alone = kinds[id(block)] in _ALONE
        if run and (alone or kinds[id(run[-1])] in _ALONE or not _adjacent(doc, run[-1], block)):
            yield run
            run = []
        run.append(block)
    if run:
        yield run


def header_runs(doc: Document) -> Iterator[tuple[int, int]]:
    """(first, last) line of each run of the page header's site lines (the header's lines
    are not blocks: no other rule reads them), with only blank lines inside a run."""
    run: list[int] = []
    for line in sorted(doc.header_chrome):
        if run and any(doc.lines[n - 1].strip() for n in range(run[-1] + 1, line)):
            yield run[0], run[-1]
            run = []
        run.append(line)
    if run:
        yield run[0], run[-1]


def describe(found: set[str]) -> str:
    parts: list[str] = []
    if "credit" in found:
        parts.append("an image caption and credit" if found & {"caption", "uncertain"}
                     else "an image credit")
    elif "lone-caption" in found:
        parts.append("an image caption without a credit")
    elif "caption" in found or "uncertain" in found:
        parts.append("an image caption")
    if "navigation" in found:
        parts.append("site navigation")
    if "teaser" in found:
        parts.append("teasers of other articles")
    return " and ".join(parts)


def residue_lines(doc: Document) -> frozenset[int]:
    """Source lines of the paragraphs the built-in patterns and default settings take for
    residue (computed once per document)."""
    memo: dict[str, frozenset[int]] = doc.memo("residue_lines")
    found = memo.get("")
    if found is None:
        kinds, _ = classify(doc, DEFAULTS, patterns_for())
        found = memo[""] = doc.header_chrome | frozenset(
            n for b in doc.blocks if id(b) in kinds for n in range(b.line, b.end_line + 1)
        )
    return found
