"""Reference entries of an article (the References section), with their addresses and dates.

The parser makes one `Reference` per paragraph or list item of the References section
(in plain text also the headingless citations it infers). `parse_reference` reads:

- AMA web references, 10th edition and the form health libraries use:
  `Title. Site website. Available at: URL. Published Date. Updated Date. Accessed Date.`
- AMA 11th edition, with the URL last: `... Updated Date. Accessed Date. URL`
- journal references: `Authors. Title. Journal abbrev. Year;Vol(Issue):pages.`, also
  `Year Mon;Vol`, `Year Mon Day;Vol` and Vancouver's `[cited Year Mon Day]`.

Dates may be full ("June 11, 2013", "11 June 2013"), month and year ("March 2013",
"Sept. 2019", "Mar 2013") or ISO ("2025-04-02"). A date keeps the precision it was written
with, so "Updated March 2025. Accessed April 2, 2025." compares March with April. A date
that has the shape of a date but does not exist (February 30, 2025-13-45) is kept with
`exists` False so the date rule can report it.

The same date reader serves the review-date rule (`parse_date`, `find_dates`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

ReferenceKind = Literal["web", "journal", "other"]

_MONTH_NUMBERS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_YEAR = r"\d{4}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
#: date shapes, most specific first; an earlier shape claims its text before a later one
_DATE_SHAPES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"\b(?P<y>{_YEAR})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b",
        rf"\b(?P<m>{_MONTH})\s*(?P<d>{_DAY})\s*,?\s*(?P<y>{_YEAR})\b",
        rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH})\s*,?\s*(?P<y>{_YEAR})\b",
        rf"\b(?P<m>{_MONTH})\s*,?\s*(?P<y>{_YEAR})\b",
        # Vancouver and journal order: 2013 Mar 5;  2013 Mar;  2013 Mar-Apr;
        rf"\b(?P<y>{_YEAR})\s+(?P<m>{_MONTH})(?:\s*(?P<d>\d{{1,2}})\b)?",
        # a journal's bare year, as in 2007;48(1):22-34
        rf"\b(?P<y>{_YEAR})(?=\s*;\s*\d)",
        # a book's year after its publisher: Boston, MA: Publisher; 2015.
        rf"(?:(?<=;)|(?<=;\s)|(?<=,\s))(?P<y>{_YEAR})(?=\s*[.:;]|\s*$)",
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
_JOURNAL = re.compile(
    rf"\b{_YEAR}(?:\s+{_MONTH}(?:\s*[-–/]\s*{_MONTH})?(?:\s*\d{{1,2}})?)?\s*;\s*\d", re.IGNORECASE
)
_WEB_HINT = re.compile(r"\bavailable at\b|\bwebsite\b|\bweb site\b|\baccessed\b", re.IGNORECASE)
_AVAILABLE_AT = re.compile(r"\bavailable (?:at|from)\b\s*:?", re.IGNORECASE)
_TLDS = "org|com|gov|edu|net|int|info|ca|uk|au|nz|us|ie|eu|io|health|mil"
_URL = re.compile(
    r"https?://[^\s<>()\[\]\"]+"
    r"|\bwww\.[^\s<>()\[\]\"]+"
    rf"|(?<![@\w.\-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>()\[\]\"]*)?",
    re.IGNORECASE,
)
#: what may stand between "Available at:" and its address: a Markdown link's label, "<"
_LINK_OPENING = re.compile(r"\s*(?:\[[^\]\n]*\]\(\s*<?|<)?\s*")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")
_TRAILING_PUNCTUATION = ".,;:!?'\""


@dataclass(frozen=True, slots=True)
class ReferenceDate:
    """A date as written, at the precision it was written with."""

    #: "Published", "Updated", "Accessed", or "" when nothing names it
    label: str
    #: the date as written, spacing normalised: "June 11, 2013"
    text: str
    year: int
    month: int | None = None
    day: int | None = None
    #: where the date starts in the text it was found in
    offset: int = 0

    @property
    def exists(self) -> bool:
        """False for a date shaped like one that is not on the calendar (February 30)."""
        if not 1 <= self.year <= 9999:
            return False
        if self.month is None:
            return True
        if not 1 <= self.month <= 12:
            return False
        return self.day is None or 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]

    @property
    def first_day(self) -> dt.date:
        """The earliest day the date can mean (only for dates that exist)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The latest day the date can mean: "March 2013" is up to March 31, 2013."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def key(self, precision: int) -> tuple[int, ...]:
        """(year, month, day) cut to `precision` parts, for comparing at a shared precision."""
        return (self.year, self.month or 0, self.day or 0)[:precision]

    @property
    def precision(self) -> int:
        """3 with a day, 2 with a month, 1 for a year alone."""
        return 3 if self.day is not None else 2 if self.month is not None else 1

    @property
    def described(self) -> str:
        """The date with its label, as messages show it: "Accessed June 11, 2013"."""
        return f"{self.label} {self.text}" if self.label else self.text

    def is_before(self, other: ReferenceDate) -> bool:
        """True when this date is certainly earlier, compared at the coarser precision."""
        precision = min(self.precision, other.precision)
        return self.key(precision) < other.key(precision)


@dataclass(frozen=True, slots=True)
class Reference:
    #: the entry with spacing normalised and Markdown emphasis removed; "\n" at source
    #: line breaks so `line_at` can place any part of it
    text: str
    line: int
    end_line: int
    kind: ReferenceKind = "other"
    #: the first web address anywhere in the entry (a Markdown link's target included)
    url: str | None = None
    dates: tuple[ReferenceDate, ...] = ()
    #: where "Available at:" is in `text`, or None when the entry does not say it
    available_at: int | None = None
    #: the address right after "Available at:", or None when nothing that is one follows
    available_at_url: str | None = None

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)

    def dated(self, label: str) -> ReferenceDate | None:
        """The first real date with this label ("Updated", "Accessed", "Published")."""
        return next((d for d in self.dates if d.label == label and d.exists), None)

    @property
    def newest(self) -> ReferenceDate | None:
        """The latest real date of the entry, or None when it gives none."""
        real = [d for d in self.dates if d.exists]
        return max(real, key=lambda d: d.last_day) if real else None


def parse_reference(text: str, line: int, end_line: int) -> Reference:
    """Read one entry of the References section (`text` is its source, Markdown or plain)."""
    clean = "\n".join(
        " ".join(_EMPHASIS.sub("", part).split()) for part in text.split("\n") if part.strip()
    )
    journal = bool(_JOURNAL.search(clean))
    # An unnamed date in a citation is when the work came out (2007;48(1), Publisher; 2015).
    dates = tuple(d if d.label else _with_label(d, "Published") for d in find_dates(clean))
    url = _first_url(clean)
    available = _AVAILABLE_AT.search(clean)
    after_url: str | None = None
    if available:
        opening = _LINK_OPENING.match(clean, available.end())
        start = opening.end() if opening else available.end()
        found = _URL.match(clean, start)
        after_url = _strip_url(found.group()) if found else None
    kind: ReferenceKind = (
        "journal" if journal
        else "web" if url or _WEB_HINT.search(clean) or any(d.label == "Accessed" for d in dates)
        else "other"
    )  # fmt: skip
    return Reference(
        text=clean,
        line=line,
        end_line=end_line,
        kind=kind,
        url=url,
        dates=dates,
        available_at=available.start() if available else None,
        available_at_url=after_url,
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


def web_address(text: str) -> str | None:
    """The first web address in `text` (a URL, www.… or a bare domain such as acpa.org)."""
    return _first_url(text)


def without_addresses(text: str) -> str:
    """`text` with its web addresses removed; a Markdown link to one keeps its label."""
    text = _MARKDOWN_LINK.sub(
        lambda m: f" {m.group(1)} " if _URL.match(m.group(2)) else m.group(0), text
    )
    return _URL.sub(" ", text)


def years_text(years: int) -> str:
    return f"{years} year" if years == 1 else f"{years} years"


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


def _with_label(date: ReferenceDate, label: str) -> ReferenceDate:
    return ReferenceDate(label, date.text, date.year, date.month, date.day, date.offset)


def _first_url(text: str) -> str | None:
    link = _MARKDOWN_LINK.search(text)
    found = _URL.search(text)
    if link and _URL.match(link.group(2)) and (found is None or link.start() <= found.start()):
        return _strip_url(link.group(2))
    return _strip_url(found.group()) if found else None


def _strip_url(url: str) -> str:
    return url.rstrip(_TRAILING_PUNCTUATION)
