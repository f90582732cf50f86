"""Reference entries of an article (the References section), with their addresses and dates.

The parser makes one `Reference` per paragraph or list item of the References section
(in plain text also the headingless citations it infers). `parse_reference` reads:

- AMA web references, 10th edition and the form health libraries use:
  `Title. Site website. Available at: URL. Published Date. Updated Date. Accessed Date.`
- AMA 11th edition, with the URL last: `... Updated Date. Accessed Date. URL`
- journal references: `Authors. Title. Journal abbrev. Year;Vol(Issue):pages.`, also
  `Year Mon;Vol`, `Year Mon Day;Vol` and Vancouver's `[cited Year Mon Day]`.

Dates are read by `linter.analysis.dates` (the review-date rule shares that reader),
addresses by `linter.analysis.urls`.
"""

from __future__ import annotations

import re

from linter.analysis.dates import MONTH, YEAR, find_dates, with_label
from linter.analysis.urls import URL, first_url, strip_url
from linter.model.references import Reference, ReferenceKind

_JOURNAL = re.compile(
    rf"\b{YEAR}(?:\s+{MONTH}(?:\s*[-–/]\s*{MONTH})?(?:\s*\d{{1,2}})?)?\s*;\s*\d", re.IGNORECASE
)
_WEB_HINT = re.compile(r"\bavailable at\b|\bwebsite\b|\bweb site\b|\baccessed\b", re.IGNORECASE)
_AVAILABLE_AT = re.compile(r"\bavailable (?:at|from)\b\s*:?", re.IGNORECASE)
#: what may stand between "Available at:" and its address: a Markdown link's label, "<"
_LINK_OPENING = re.compile(r"\s*(?:\[[^\]\n]*\]\(\s*<?|<)?\s*")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")


def _unemphasised(line: str) -> str:
    """The line without Markdown emphasis marks (each is a `*` or a `_`: most lines have
    none, and then there is nothing to look for)."""
    return _EMPHASIS.sub("", line) if "*" in line or "_" in line else line


def parse_reference(text: str, line: int, end_line: int) -> Reference:
    """Read one entry of the References section (`text` is its source, Markdown or plain)."""
    clean = "\n".join(" ".join(_unemphasised(part).split()) for part in text.split("\n")
                      if part.strip())
    journal = bool(_JOURNAL.search(clean))
    # An unnamed date in a citation is when the work came out (2007;48(1), Publisher; 2015).
    dates = tuple(d if d.label else with_label(d, "Published") for d in find_dates(clean))
    url = first_url(clean)
    available = _AVAILABLE_AT.search(clean)
    after_url: str | None = None
    if available:
        opening = _LINK_OPENING.match(clean, available.end())
        start = opening.end() if opening else available.end()
        found = URL.match(clean, start)
        after_url = strip_url(found.group()) if found else None
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
