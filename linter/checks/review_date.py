"""Check the date of the article's last medical review.

The review date is read from the front matter (`reviewed:`, or `last_reviewed:`; the keys
are a param) and from lines of the Revision Information section (the template section with
role `revision`; the whole article when it has none) that start with a label such as
"Last reviewed:", "Reviewed on" or "Review date:" followed by a date ("February 10, 2026",
"Feb 2026", "2026-02-10", "02/2026"). Each date found is checked; the rule reports:

- no review date at all (at the Revision Information heading, or line 1 without one);
- a value that is not a date ("soon", "0000-00-00", "2026-13-45");
- a date after the `--as-of` date;
- a review older than `max_age_years`. The 3-year default follows NHS ("Next review due"
  three years after the last review) and InformedHealth, which review at least every 3
  years (DOMAIN.md, "Freshness"). A month without a day counts to its last day.

Every case has the rule's one severity (warning by default). A library where a missing
review date must block publishing can raise the rule to `error` in its config.

Params:
    max_age_years: 3                               the review policy, in years
    front_matter_keys: [reviewed, last_reviewed]   front matter keys holding the date
    labels: [Last reviewed, Reviewed, Review date, Last review date, Date reviewed,
             Date of last review, Medically reviewed]
                                                   words before a date in Revision Information

Example:

    article.md:5:1: warning review-date Last review February 10, 2022 is 4 years old; the
    policy is a review every 3 years. Have the article reviewed and update the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from linter.model.document import Document
from linter.model.problems import Finding
from linter.parsing.references import (
    ReferenceDate,
    add_years,
    age_text,
    find_dates,
    long_date,
    parse_date,
    years_text,
)

DEFAULT_LABELS = (
    "Last reviewed",
    "Reviewed",
    "Review date",
    "Last review date",
    "Date reviewed",
    "Date of last review",
    "Medically reviewed",
)
#: longest value quoted back in a message
VALUE_CHARS = 40


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_age_years: int = Field(3, ge=1, le=100)
    front_matter_keys: tuple[str, ...] = ("reviewed", "last_reviewed")
    labels: tuple[str, ...] = Field(DEFAULT_LABELS, min_length=1)

    @field_validator("front_matter_keys", "labels")
    @classmethod
    def _not_blank(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        if any(not value.strip() for value in values):
            raise ValueError("entries must not be empty")
        return values


@dataclass(frozen=True, slots=True)
class _Found:
    """A review date as written, where it was written and how a fix should write it."""

    value: str
    line: int
    date: ReferenceDate | None
    form: str


def check(doc: Document, params: Params) -> Iterator[Finding]:
    found = [*_from_front_matter(doc, params), *_from_text(doc, params)]
    if not found:
        yield _missing(doc)
        return
    seen: set[tuple[int, int | None, int | None]] = set()
    for review in found:
        # The same date in the front matter and in the text is one fact: judge it once.
        if review.date is not None:
            key = (review.date.year, review.date.month, review.date.day)
            if key in seen:
                continue
            seen.add(key)
        yield from _judge(review, doc, params)


def last_review(doc: Document, params: Params) -> ReferenceDate | None:
    """The latest real review date up to the as-of date, read as this rule reads them (for
    reports such as the audit); None when there is none."""
    found = (*_from_front_matter(doc, params), *_from_text(doc, params))
    real = [f.date for f in found if f.date is not None and f.date.exists
            and f.date.first_day <= doc.as_of]
    return max(real, key=lambda d: d.last_day, default=None)


def _judge(review: _Found, doc: Document, params: Params) -> Iterator[Finding]:
    date = review.date
    shown = _shorten(review.value)
    if date is None:
        yield Finding(
            review.line,
            f'Review date "{shown}" is not a date; write the date of the last medical review '
            f"as {review.form}.",
        )
    elif not date.exists:
        yield Finding(
            review.line,
            f'Review date "{shown}" is not a real date; write the date of the last medical '
            f"review as {review.form}.",
        )
    elif date.first_day > doc.as_of:
        yield Finding(
            review.line,
            f"Review date {date.text} is in the future (today is {long_date(doc.as_of)}); "
            "correct it.",
        )
    elif doc.as_of > add_years(date.last_day, params.max_age_years):
        yield Finding(
            review.line,
            f"Last review {date.text} is {age_text(date.last_day, doc.as_of, params.max_age_years)}"
            f"; the policy is a review every {years_text(params.max_age_years)}. Have the "
            "article reviewed and update the date.",
        )


def _from_front_matter(doc: Document, params: Params) -> Iterator[_Found]:
    for key in params.front_matter_keys:
        if key not in doc.metadata:
            continue
        raw = doc.metadata[key]
        value = "" if raw is None else str(raw).strip()
        yield _Found(
            value,
            _front_matter_line(doc, key),
            parse_date(value) if value else None,
            "YYYY-MM-DD (for example 2026-02-10)",
        )


def _from_text(doc: Document, params: Params) -> Iterator[_Found]:
    spec = doc.template.with_role("revision")
    sections = [s.index for s in doc.sections if spec is not None and s.title == spec.title]
    blocks = [b for b in doc.blocks if not sections or b.section in sections]
    pattern = _label_pattern(params.labels)
    for block in blocks:
        if block.kind not in ("paragraph", "list_item"):
            continue
        for number, text in enumerate(block.text.split("\n")):
            for match in pattern.finditer(text):
                if found := _review_at(match):
                    yield _Found(found[0], block.line + number, found[1],
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


def _missing(doc: Document) -> Finding:
    spec = doc.template.with_role("revision")
    section = doc.section(spec.title) if spec is not None else None
    heading = section.heading if section is not None else spec.title if spec else None
    where = f' or a "Last reviewed: Month Day, Year" line under "{heading}"' if heading else ""
    if doc.format == "markdown":
        advice = f'add "reviewed: YYYY-MM-DD" to the front matter{where}.'
    else:
        advice = f'add a "Last reviewed: Month Day, Year" line under "{heading}".' if heading else (
            'add a "Last reviewed: Month Day, Year" line at the end of the article.'
        )
    return Finding(section.line if section is not None else 1, f"No review date; {advice}")


def _front_matter_line(doc: Document, key: str) -> int:
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next(
        (n for n, line in enumerate(doc.lines[: doc.front_matter_end], 1) if pattern.match(line)),
        1,
    )


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


def _shorten(value: str) -> str:
    return value if len(value) <= VALUE_CHARS else value[: VALUE_CHARS - 1].rstrip() + "…"
