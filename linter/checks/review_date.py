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

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator

from linter.analysis.dates import add_years, age_text, long_date, years_text
from linter.analysis.review import ReviewMention, review_mentions
from linter.model.document import Document
from linter.model.problems import Finding

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


def check(doc: Document, params: Params) -> Iterator[Finding]:
    found = list(review_mentions(doc, params.front_matter_keys, params.labels))
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


def _judge(review: ReviewMention, doc: Document, params: Params) -> Iterator[Finding]:
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


def _shorten(value: str) -> str:
    return value if len(value) <= VALUE_CHARS else value[: VALUE_CHARS - 1].rstrip() + "…"
