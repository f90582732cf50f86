"""A reference entry and the dates it gives, as the parser read them (pure data)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

ReferenceKind = Literal["web", "journal", "other"]


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
