"""Find text that is not part of the article: page header, captions, credits, navigation.

Pages exported from a health-library site carry text that is not the article. It is
recognised by its shape and by patterns (data, by kind), never by deleting real sentences:

- the site's page header: lines before the title (social widgets, site names, navigation
  bars), a title printed twice, tab bars and tab labels (see `linter/parsing/plaintext.py`);
- image credits ("Copyright © Example Medical Art, Inc.") and the short caption lines just
  before them (up to `caption_lines` paragraphs of at most `caption_max_words` words that
  do not end a sentence); a one-sentence paragraph between two credits is reported as a
  probable caption without a fix; a credit sharing its paragraph with article text is
  reported without a fix; without a credit, a caption title with its alt text on the next
  line is a caption, and a lone line repeating words of the title a probable one (no fix);
- site navigation and widgets: search boxes, back links, share/print buttons, language and
  animation links, comment/related-topics/newsletter widgets, CDATA and markup fragments
  (whole-paragraph patterns), link bars by shape ("Home | About Us | Phone #: 555-0100":
  every cell short, link-like, capitalised, no sentence), and after the article's last
  sentence the short lines between two pieces of navigation;
- back-to-top links glued to headings ("Reasons for Procedure    TOP"; the heading is
  still recognised, the link is reported);
- teasers of other articles: text cut off with "..." (at least `teaser_min_words` words,
  or fewer next to other residue) and the numbered titles next to them ("2 Hip
  Replacement procedure"). A numbered line on its own is never residue.

The patterns are data: `rules/data/residue.yaml` (with `builtin: true`) plus the rule's
`navigation` and `credits` params (regular expressions; `navigation` must match a whole
paragraph, `credits` anywhere in one). Neighbouring residue paragraphs with only blank
lines between them are reported once, as a span, with a fix that deletes those lines; a fix
never leaves an article empty (then the residue is reported without one). Residue is
looked for in every section (pasted navigation usually lands in the last one), but never
in list items.

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
from dataclasses import replace

from pydantic import BaseModel, ConfigDict, Field

from linter.analysis.patterns import PatternText, PatternTimeout
from linter.analysis.residue import (
    DEFAULTS,
    Settings,
    classify,
    describe,
    header_runs,
    patterns_for,
    runs,
)
from linter.model.document import Document, Section
from linter.model.problems import Finding, Fix


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    builtin: bool = True
    navigation: tuple[PatternText, ...] = ()
    credits: tuple[PatternText, ...] = ()
    caption_lines: int = Field(DEFAULTS.caption_lines, ge=0, le=10)
    caption_max_words: int = Field(DEFAULTS.caption_max_words, ge=1, le=30)
    teaser_min_words: int = Field(DEFAULTS.teaser_min_words, ge=1)
    back_to_top: bool = True


def check(doc: Document, params: Params) -> Iterator[Finding]:
    patterns = patterns_for(params.builtin, params.navigation, params.credits)
    settings = Settings(params.caption_lines, params.caption_max_words, params.teaser_min_words)
    if params.back_to_top:
        for section in doc.sections:
            if section.trailing:
                yield _back_to_top(doc, section)
    try:
        kinds, glued = classify(doc, settings, patterns)
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
    found: list[Finding] = []
    for first_line, last_line in header_runs(doc):
        found.append(Finding(
            first_line,
            f"{_span(first_line, last_line)} not part of the article (the site's page header); "
            f"delete {'it' if first_line == last_line else 'them'}.",
            end_line=last_line,
            fix=Fix(first_line, last_line),
        ))
    for run in runs(doc, kinds):
        first, last = run[0], run[-1]
        found_kinds: set[str] = {kinds[id(b)] for b in run}
        what = describe(found_kinds)
        span = _span(first.line, last.end_line)
        pronoun = "it" if first.line == last.end_line else "them"
        if found_kinds & {"uncertain", "lone-caption"}:
            why = (": a sentence between two image credits" if "uncertain" in found_kinds
                   else ": a line that only repeats words of the title")
            found.append(Finding(
                first.line,
                f"{span} probably not part of the article ({what}{why}); delete {pronoun} "
                "if so.",
                end_line=last.end_line,
            ))
            continue
        found.append(Finding(
            first.line,
            f"{span} not part of the article ({what}); delete {pronoun}.",
            end_line=last.end_line,
            fix=Fix(first.line, last.end_line),
        ))
    yield from _never_empty(doc, found)


def _span(first: int, last: int) -> str:
    return f"Line {first} is" if first == last else f"Lines {first}-{last} are"


def _never_empty(doc: Document, found: list[Finding]) -> list[Finding]:
    """The findings, without their fixes when together they would delete every line of
    text in the file: a fix never leaves an article empty."""
    deleted = {n for f in found if f.fix and not f.fix.replacement
               for n in range(f.fix.line, f.fix.end_line + 1)}
    if any(line.strip() and n not in deleted
           for n, line in enumerate(doc.lines, 1) if n > doc.front_matter_end):
        return found
    return [replace(f, fix=None) for f in found]


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
