"""Residue classification's shortcuts answer as the patterns they stand for do.

The built-in patterns are matched compiled, a paragraph is told it has no credit by each
credit pattern alone before their alternation is searched, sentences are split one at a
time and word counts stop early; none of that may change which paragraph is residue.
"""

from __future__ import annotations

import random

import pytest

from linter.analysis import residue
from linter.analysis.patterns import BUILTIN, full_match_any, search

TEXTS = [
    "Copyright © 2002 Example Communications, Inc. All rights reserved.",
    "Knee joint © 2019 Example Media", "Image credit: Example", "Photo courtesy of the author",
    "Rest the knee. 0COPYRIGHT©", "Home | About Us | Phone #: 555-0100", "Home > Health Library",
    "Back to top", "Share this page", "Print | Email | Share", "En español",
    "Overview Usage Side Effects and Warnings", "3 Knee Scope procedure", "Read more...",
    "Keep the knee raised. Call the doctor if it swells. Share this page.", "",
    "You are here: Home > Knee", "Keep the knee raised on two pillows.", "a" * 3000,
]


def words(rng: random.Random) -> str:
    pieces = ["Home", "|", ">", "the", "Knee.", "Share", "this", "page", "©", "2002",
              "Inc.", "all", "rights", "reserved", "...", "Top", "1", "Overview", "Usage"]
    return " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))


@pytest.fixture(scope="module")
def texts() -> list[str]:
    rng = random.Random(3)
    return TEXTS + [words(rng) for _ in range(3000)]


def test_credits_are_the_first_hit_of_the_credit_patterns(texts: list[str]) -> None:
    patterns = residue.patterns_for()
    assert patterns.credit_each  # the prefilter is on for the built-in patterns
    for text in texts:
        expected = next((hit for p in patterns.credit if (hit := search(p, text, BUILTIN))), None)
        assert patterns.credit_at(text) == expected, text


def test_navigation_lines_are_full_matches_of_the_navigation_patterns(texts: list[str]) -> None:
    patterns = residue.patterns_for()
    for text in texts:
        assert patterns.is_navigation_line(text) == full_match_any(
            patterns.navigation, text, BUILTIN), text
        assert patterns.is_tab_bar(text) == full_match_any(patterns.tab_bar, text, BUILTIN)


def test_sentences_are_split_as_the_sentence_break_splits(texts: list[str]) -> None:
    for text in texts:
        assert list(residue._sentences(text)) == residue._SENTENCE_BREAK.split(text)


@pytest.mark.parametrize("count", [0, 1, 3, 8, 25])
def test_more_words_counts_as_far_as_it_needs(texts: list[str], count: int) -> None:
    for text in texts:
        assert residue._more_words(text, count) == (len(residue._WORD.findall(text)) > count)


def test_link_bars_need_their_separator_between_spaces() -> None:
    assert residue.link_bar("Home | About Us | Contact", ("|",), 6)
    assert not residue.link_bar("Home|About Us|Contact", ("|",), 6)
