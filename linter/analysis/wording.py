"""How healthlint words things: counts with their noun ("3 files", "1 year") and whether a
line is in title case, as headings and titles are."""

from __future__ import annotations

import re

_WORDS = re.compile(r"[^\W_]+")


def counted(count: int, word: str, plural: str = "", *, thousands: bool = False) -> str:
    """`count` and its noun, singular only for 1: counted(2, "entry", "entries")."""
    number = f"{count:,}" if thousands else str(count)
    return f"{number} {word if count == 1 else plural or word + 's'}"


def title_case(text: str) -> bool:
    """Most words capitalised, as titles and headings are ("Debridement of a Wound")."""
    words = _WORDS.findall(text)
    if not words or not (text[0].isupper() or text[0].isdigit()):
        return False
    significant = [w for n, w in enumerate(words) if n == 0 or len(w) > 3]
    capital = sum(1 for w in significant if w[0].isupper() or w[0].isdigit())
    return capital >= 0.75 * len(significant)
