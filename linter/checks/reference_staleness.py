"""Find references that nobody has re-checked for too long.

The newest date of a reference (its Accessed, Updated or Published date, or a journal's
year) is compared with the `--as-of` date. A reference is stale when that date, taken at
its latest ("March 2013" means up to March 31, 2013; "2007" up to December 31, 2007), is
more than `max_age_years` old. References with no readable date are not judged here.

The 5-year default follows the clinical-literature convention of citing sources from the
last 5 years (DOMAIN.md, "Freshness"); where literature is scarce a library may allow 10
for journal articles with `journal_max_age_years`.

Params:
    max_age_years: 5            the policy, in years
    journal_max_age_years: null   a different policy for journal articles (default: the same)

Example:

    article.txt:130:1: warning reference-stale Accessed June 11, 2013 is 13 years old; the
    policy is 5 years. Re-check the page and update the date.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from linter.analysis.dates import add_years, age_text, years_text
from linter.model.document import Document
from linter.model.problems import Finding

WEB_ADVICE = "Re-check the page and update the date."
OTHER_ADVICE = "Cite a newer source, or confirm this one is still current."


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_age_years: int = Field(5, ge=1, le=100)
    journal_max_age_years: int | None = Field(None, ge=1, le=100)


def check(doc: Document, params: Params) -> Iterator[Finding]:
    for reference in doc.references:
        newest = reference.newest
        if newest is None:
            continue
        policy = params.max_age_years
        if reference.kind == "journal" and params.journal_max_age_years is not None:
            policy = params.journal_max_age_years
        if doc.as_of <= add_years(newest.last_day, policy):
            continue
        advice = WEB_ADVICE if reference.kind == "web" else OTHER_ADVICE
        yield Finding(
            reference.line_at(newest.offset),
            f"{newest.described} is {age_text(newest.last_day, doc.as_of, policy)}; "
            f"the policy is {years_text(policy)}. {advice}",
        )
