"""Find dates in references that cannot be right.

Each date of a reference (see the References parser: Published, Updated and Accessed dates
of web references, the year of a journal or book) is checked:

- it exists on the calendar ("February 30, 2025" and "2025-13-02" do not);
- it is not after the `--as-of` date ("today"); a month or year counts as in the future only
  when all of it is ("Updated November 2026" is fine on November 24, 2026);
- the dates are in order: Published, then Updated, then Accessed (a page cannot be read
  before it was updated). Dates written with different precision are compared at the
  coarser one, so "Updated March 2025. Accessed April 2, 2025." is fine and so is
  "Updated April 2025. Accessed April 2, 2025.".

Params: none.

Example:

    article.md:41:1: error reference-date-invalid Accessed March 2, 2025 is before Updated
    April 2025; a page cannot be read before it was updated. Correct one of the dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from pydantic import BaseModel, ConfigDict

from linter.analysis.dates import long_date
from linter.model.document import Document
from linter.model.problems import Finding
from linter.model.references import Reference, ReferenceDate

#: the order a web page's dates must follow
DATE_ORDER = ("Published", "Updated", "Accessed")


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def check(doc: Document, params: Params) -> Iterator[Finding]:
    today = long_date(doc.as_of)
    for reference in doc.references:
        for date in reference.dates:
            line = reference.line_at(date.offset)
            if not date.exists:
                yield Finding(
                    line, f"{date.described} is not a real date; correct it from the source."
                )
            elif date.first_day > doc.as_of:
                yield Finding(
                    line,
                    f"{date.described} is in the future (today is {today}); correct the date.",
                )
        yield from _out_of_order(reference)


def _out_of_order(reference: Reference) -> Iterator[Finding]:
    labelled = [d for d in (reference.dated(label) for label in DATE_ORDER) if d is not None]
    for earlier, later in combinations(labelled, 2):
        if later.is_before(earlier):
            yield Finding(reference.line_at(later.offset), _order_message(earlier, later))


def _order_message(earlier: ReferenceDate, later: ReferenceDate) -> str:
    why = (
        "a page cannot be read before it was updated"
        if (earlier.label, later.label) == ("Updated", "Accessed")
        else f"it cannot be {later.label.lower()} before it was {earlier.label.lower()}"
    )
    return f"{later.described} is before {earlier.described}; {why}. Correct one of the dates."
