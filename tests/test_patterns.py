"""Bounded pattern helpers: joined alternations behave exactly like the patterns one by one."""

from __future__ import annotations

import pytest

from linter.analysis.patterns import PatternTimeout, full_match_any

NAVIGATION = ("health library search", r"page \d{1,3} of \d{1,3}", "(?:print|share)")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Health Library Search", True), ("Page 2 of 9", True), ("share", True),
     ("Health Library Search results", False), ("Print this", False)],
)
def test_any_of_the_patterns_matching_the_whole_text(text: str, expected: bool) -> None:
    assert full_match_any(NAVIGATION, text) is expected


def test_patterns_with_group_references_are_not_joined() -> None:
    # joined, the second pattern's \1 would refer to the first pattern's group
    patterns = ("(a)b", r"(c)\1")
    assert full_match_any(patterns, "cc") is True
    assert full_match_any(patterns, "ca") is False


def test_a_runaway_pattern_is_named_when_the_joined_match_times_out() -> None:
    with pytest.raises(PatternTimeout) as caught:
        full_match_any(("print", "(a+)+$"), "a" * 5000 + "b", timeout=0.05)
    assert caught.value.pattern == "(a+)+$"
