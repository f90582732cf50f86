"""The fuzz campaign's `--fix` property (tests/support/fuzz.py) reports a fix that loses a
sentence with no other copy, and does not report a fix that only moves a glued heading."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from linter.config import Config
from linter.output.fixes import Fixed
from tests.support.fuzz import assert_fix_is_safe, lint, lost_sentences, prose_sentences

ARTICLE = (
    "Knee Arthroscopy\n\n"
    "Reasons for ProcedureRest the knee for two days.\n"
    "Possible ComplicationsCall your doctor if the knee gets red or hot.\n"
)


def _fake_fix(drop: str):  # type: ignore[no-untyped-def]
    """A "fix" that deletes `drop` from the text (a broken fix that loses a sentence)."""
    def fix(path: str, data: bytes, config: Config, as_of: dt.date) -> Fixed:
        after = data.decode().replace(drop, "").encode()
        return Fixed(path, data, after, int(after != data), lint(after, "text"))
    return fix


def test_fix_property_reports_a_dropped_unique_sentence() -> None:
    dropped = "Call your doctor if the knee gets red or hot."
    with pytest.raises(AssertionError, match="Call your doctor if the knee gets red or hot"):
        assert_fix_is_safe(ARTICLE.encode(), "article.txt", _fake_fix(dropped))


def test_fix_property_reports_the_text_lost_after_a_glued_heading() -> None:
    after = ARTICLE.replace("Rest the knee for two days.", "")
    assert lost_sentences(ARTICLE, after) == ["Rest the knee for two days."]


def test_fix_property_accepts_a_glued_heading_put_on_its_own_line() -> None:
    after = ARTICLE.replace("ProcedureRest", "Procedure\n\nRest").replace(
        "Possible ComplicationsCall", "## Possible Complications\n\nCall")
    assert lost_sentences(ARTICLE, after) == []


def test_fix_property_accepts_deleting_one_of_two_copies_behind_glued_headings() -> None:
    before = ("Reasons for ProcedureRest the knee for two days.\n"
              "Possible ComplicationsRest the knee for two days.\n")
    after = "Reasons for Procedure\n\nRest the knee for two days.\nPossible Complications\n"
    assert lost_sentences(before, after) == []


def test_fix_property_reports_a_fix_that_empties_the_file() -> None:
    with pytest.raises(AssertionError, match="emptied"):
        assert_fix_is_safe(ARTICLE.encode(), "article.txt", _fake_fix(ARTICLE))


def test_fix_property_counts_words_between_spaces() -> None:
    # a residue fix may delete "Copyright ... Inc.\n:A0A0a0a0a." (one word, not a sentence)
    assert prose_sentences("Copyright © Example Images, Inc.\n:A0A0a0a0a.\n") == Counter()
    assert prose_sentences("Copyright © Example Images, Inc.\nRest the knee for 2 days.\n") == (
        Counter({"Rest the knee for 2 days.": 1}))
