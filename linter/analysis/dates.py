"""Reading dates as writers write them, and saying how old a date is.

Dates may be full ("June 11, 2013", "11 June 2013"), month and year ("March 2013",
"Sept. 2019", "Mar 2013"), ISO ("2025-04-02"), MM/YYYY, or the year of a journal or book
citation. A date keeps the precision it was written with, so "Updated March 2025. Accessed
April 2, 2025." compares March with April. A date that has the shape of a date but does
not exist (February 30, 2025-13-45) is kept with `exists` False so a rule can report it.
The reference parser and the review-date rule (and the audit) share this reader.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from linter.analysis.wording import counted
from linter.model.references import ReferenceDate

_MONTH_NUMBERS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
YEAR = r"\d{4}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
#: date shapes, most specific first; an earlier shape claims its text before a later one
_DATE_SHAPES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b(?P<y>{YEAR})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b",
        rf"\b(?P<m>{MONTH})\s*(?P<d>{_DAY})\s*,?\s*(?P<y>{YEAR})\b",
        rf"\b(?P<d>{_DAY})\s+(?P<m>{MONTH})\s*,?\s*(?P<y>{YEAR})\b",
        rf"\b(?P<m>{MONTH})\s*,?\s*(?P<y>{YEAR})\b",
        # Vancouver and journal order: 2013 Mar 5;  2013 Mar;  2013 Mar-Apr;
        rf"\b(?P<y>{YEAR})\s+(?P<m>{MONTH})(?:\s*(?P<d>\d{{1,2}})\b)?",
        # a journal's bare year, as in 2007;48(1):22-34
        rf"\b(?P<y>{YEAR})(?=\s*;\s*\d)",
        # a book's year after its publisher: Boston, MA: Publisher; 2015.
        rf"(?:(?<=;)|(?<=;\s)|(?<=,\s))(?P<y>{YEAR})(?=\s*[.:;]|\s*$)",
        # MM/YYYY, as some libraries write review dates
        r"(?<![\d/])(?P<m>\d{1,2})/(?P<y>\d{4})\b(?!/)",
    )
)
#: words before a date that say what it is, mapped to the name the rules use
_LABELS = {
    "published": "Published", "posted": "Published", "created": "Published",
    "updated": "Updated", "last updated": "Updated", "revised": "Updated",
    "modified": "Updated", "last modified": "Updated", "reviewed": "Updated",
    "last reviewed": "Updated",
    "accessed": "Accessed", "cited": "Accessed", "retrieved": "Accessed", "viewed": "Accessed",
}  # fmt: skip
#: how far before a date its label may start ("Last modified on " fits)
_LABEL_REACH = 40
_LABEL_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(_LABELS, key=len, reverse=True)) + r")\b[\s:,]*(?:on\s+)?$",
    re.IGNORECASE,
)


def find_dates(text: str) -> list[ReferenceDate]:
    """Every date in `text`, in order, each labelled by the word before it if any."""
    claimed = bytearray(len(text))
    found: list[ReferenceDate] = []
    for shape in _DATE_SHAPES:
        for match in shape.finditer(text):
            start, end = match.span()
            if any(claimed[start:end]):
                continue
            claimed[start:end] = b"\x01" * (end - start)
            found.append(_date_from(match, text))
    return sorted(found, key=lambda d: d.offset)


def parse_date(text: str) -> ReferenceDate | None:
    """`text` read as one date (front matter `reviewed: 2026-02-10`), or None if it is not.

    A date-shaped text that is not on the calendar ("2026-13-45") is returned with
    `exists` False; text that is not shaped like a date at all gives None.
    """
    written = " ".join(text.split()).rstrip(".")
    dates = find_dates(written)
    if len(dates) == 1 and dates[0].offset == 0 and dates[0].text == written:
        return dates[0]
    return None


def _date_from(match: re.Match[str], text: str) -> ReferenceDate:
    groups = match.groupdict()
    month_text = (groups.get("m") or "").rstrip(".").lower()
    month = int(month_text) if month_text.isdigit() else _MONTH_NUMBERS.get(month_text)
    day_text = groups.get("d")
    day = int(re.sub(r"\D", "", day_text)) if day_text else None
    label = _LABEL_BEFORE.search(text, max(0, match.start() - _LABEL_REACH), match.start())
    # A label counts only inside the same sentence as the date ("Updated March 2013").
    name = _LABELS[" ".join(label.group(1).lower().split())] if label else ""
    return ReferenceDate(
        label=name,
        text=" ".join(match.group().split()),
        year=int(groups["y"]),
        month=month,
        day=day,
        offset=match.start(),
    )


def with_label(date: ReferenceDate, label: str) -> ReferenceDate:
    return ReferenceDate(label, date.text, date.year, date.month, date.day, date.offset)


def years_text(years: int) -> str:
    return counted(years, "year")


def long_date(day: dt.date) -> str:
    """June 11, 2013 (no leading zero, whatever the locale)."""
    return f"{calendar.month_name[day.month]} {day.day}, {day.year}"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; February 29 becomes February 28 in a common year.

    Past the calendar's ends (year 9999 + a policy of 5 years) it stops at dt.date.max or
    dt.date.min: a date that far away is later (or earlier) than any date it is compared with.
    """
    year = day.year + years
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def whole_years(since: dt.date, until: dt.date) -> int:
    """Completed years from `since` to `until` (negative when `since` is later)."""
    return until.year - since.year - ((until.month, until.day) < (since.month, since.day))


def age_text(since: dt.date, until: dt.date, policy_years: int) -> str:
    """How old a date is, in words precise enough to compare with the policy.

    "13 years old" when the years alone show it is past the policy; "5 years and 4 months
    old" when the whole years equal the policy.
    """
    years = whole_years(since, until)
    if years > policy_years:
        return f"{years} years old"
    months = (until.year - since.year) * 12 + until.month - since.month - (until.day < since.day)
    months -= years * 12
    if months <= 0:
        return f"more than {years_text(years)} old"
    month_word = "month" if months == 1 else "months"
    return f"{years_text(years)} and {months} {month_word} old"
