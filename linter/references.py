"""Reference entries of an article (the References section).

The parser makes one `Reference` per paragraph or list item of the References section.
Date and URL extraction for the reference rules builds on this.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reference:
    text: str
    line: int
    end_line: int


def parse_reference(text: str, line: int, end_line: int) -> Reference:
    return Reference(text=" ".join(text.split()), line=line, end_line=end_line)
