"""Where an article states its last medical review: front matter keys (`reviewed:`) and
labelled lines ("Last reviewed: February 10, 2026") in the template's revision section (the
whole article when the template has none). The review-date rule judges every mention; the
audit reports the latest real one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from linter.analysis.dates import find_dates, parse_date
from linter.model.document import Document, front_matter_line
from linter.model.references import ReferenceDate


@dataclass(frozen=True, slots=True)
class ReviewMention:
    """A review date as written, where it was written and how a fix should write it."""

    value: str
    line: int
    date: ReferenceDate | None
    form: str


def review_mentions(doc: Document, front_matter_keys: tuple[str, ...],
                    labels: tuple[str, ...]) -> Iterator[ReviewMention]:
    """Every review date the article states, front matter first, in file order."""
    yield from _from_front_matter(doc, front_matter_keys)
    yield from _from_text(doc, labels)


def last_review(doc: Document, front_matter_keys: tuple[str, ...],
                labels: tuple[str, ...]) -> ReferenceDate | None:
    """The latest real review date up to the as-of date; None when there is none."""
    real = [f.date for f in review_mentions(doc, front_matter_keys, labels)
            if f.date is not None and f.date.exists and f.date.first_day <= doc.as_of]
    return max(real, key=lambda d: d.last_day, default=None)


def _from_front_matter(doc: Document, keys: tuple[str, ...]) -> Iterator[ReviewMention]:
    for key in keys:
        if key not in doc.metadata:
            continue
        raw = doc.metadata[key]
        value = "" if raw is None else str(raw).strip()
        yield ReviewMention(
            value,
            front_matter_line(doc.lines, key, doc.front_matter_end),
            parse_date(value) if value else None,
            "YYYY-MM-DD (for example 2026-02-10)",
        )


def _from_text(doc: Document, labels: tuple[str, ...]) -> Iterator[ReviewMention]:
    spec = doc.template.with_role("revision")
    sections = [s.index for s in doc.sections if spec is not None and s.title == spec.title]
    blocks = [b for b in doc.blocks if not sections or b.section in sections]
    pattern = _label_pattern(labels)
    for block in blocks:
        if block.kind not in ("paragraph", "list_item"):
            continue
        for number, text in enumerate(block.text.split("\n")):
            for match in pattern.finditer(text):
                if found := _review_at(match):
                    yield ReviewMention(found[0], block.line + number, found[1],
                                 "Month Day, Year (for example February 10, 2026)")


def _review_at(match: re.Match[str]) -> tuple[str, ReferenceDate | None] | None:
    """The value after a label and its date; None when the label starts something else."""
    value = match.group("value").strip()
    dates = find_dates(value)
    date = dates[0] if dates and dates[0].offset == 0 else None
    # Without a colon the label may start a sentence ("Reviewed by ..."): only a date right
    # after it makes it a review date.
    if date is None and not match.group("colon"):
        return None
    return (date.text if date is not None else value), date


@cache
def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted((r"\s+".join(map(re.escape, label.split())) for label in labels), key=len,
                   reverse=True)
    # A label starts the line or a sentence ("Reviewed by A. Doe. Last reviewed: ...");
    # its value runs to the end of that sentence.
    return re.compile(
        rf"(?:^|(?<=[.;|]))\s*(?:{'|'.join(words)})\b\s*(?P<colon>:|\bon\b)?\s*"
        r"(?=(?P<value>[^;|]*))",
        re.IGNORECASE,
    )
