"""The References parser: kinds, addresses and dates of citation entries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.analysis.dates import age_text, find_dates, parse_date
from linter.analysis.urls import first_url
from linter.model.references import ReferenceDate
from linter.parsing.references import parse_reference
from tests.conftest import SEED, lint_text, parse_text


def dates_of(text: str) -> list[tuple[str, str, int, int | None, int | None]]:
    return [(d.label, d.text, d.year, d.month, d.day) for d in parse_reference(text, 1, 1).dates]


def test_ama_web_reference() -> None:
    ref = parse_reference(
        "Knee scope. Example Clinic website. Available at: https://www.example.org/knee. "
        "Updated March 2025. Accessed April 2, 2025.", 4, 4,
    )
    assert ref.kind == "web"
    assert ref.url == "https://www.example.org/knee"
    assert ref.available_at_url == "https://www.example.org/knee"
    assert dates_of(ref.text) == [
        ("Updated", "March 2025", 2025, 3, None),
        ("Accessed", "April 2, 2025", 2025, 4, 2),
    ]
    assert ref.newest is not None and ref.newest.described == "Accessed April 2, 2025"


def test_available_at_followed_by_a_date_has_no_address() -> None:
    ref = parse_reference(
        "Pumps. Example Spine Centre website. Available at: Updated March 2013. "
        "Accessed June 11, 2013.", 1, 1,
    )
    assert ref.kind == "web"
    assert ref.available_at is not None
    assert ref.available_at_url is None
    assert ref.url is None


def test_ama_11th_edition_with_url_last_and_published_date() -> None:
    ref = parse_reference(
        "Knee scope. Example Clinic. Published Sept. 3, 2019. Updated Mar 2024. "
        "Accessed 2025-04-02. https://www.example.org/knee", 1, 1,
    )
    assert ref.kind == "web"
    assert ref.available_at is None
    assert ref.url == "https://www.example.org/knee"
    assert dates_of(ref.text) == [
        ("Published", "Sept. 3, 2019", 2019, 9, 3),
        ("Updated", "Mar 2024", 2024, 3, None),
        ("Accessed", "2025-04-02", 2025, 4, 2),
    ]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Rivera P. Knee outcomes. J Joint Surg. 2007;48(1):22-34.", ("2007", 2007, None, None)),
        ("Rivera P. Knee outcomes. J Joint Surg. 2013 Mar;14(3):1-9.", ("2013 Mar", 2013, 3, None)),
        ("Rivera P. Knee outcomes. N Engl J Med. 2019 Mar 5;380(10):900-910.",
         ("2019 Mar 5", 2019, 3, 5)),
        ("Rivera P. Knee outcomes. Lancet. 2013 Mar-Apr;14(2):1-9.", ("2013 Mar", 2013, 3, None)),
    ],
)
def test_journal_references(text: str, date: tuple[str, int, int | None, int | None]) -> None:
    ref = parse_reference(text, 1, 1)
    assert ref.kind == "journal"
    assert ref.url is None
    assert dates_of(text) == [("Published", *date)]


def test_book_year_after_publisher() -> None:
    ref = parse_reference("Rivera P. Knees. 3rd ed. Boston, MA: Example Press; 2015.", 1, 1)
    assert ref.kind == "other"
    assert dates_of(ref.text) == [("Published", "2015", 2015, None, None)]


def test_impossible_dates_are_kept_but_do_not_exist() -> None:
    ref = parse_reference("Page. Example website. Accessed February 30, 2025.", 1, 1)
    assert [d.exists for d in ref.dates] == [False]
    assert ref.newest is None
    assert parse_date("2026-13-45") == ReferenceDate("", "2026-13-45", 2026, 13, 45)
    assert not ReferenceDate("", "0000-00-00", 0, 0, 0).exists
    assert ReferenceDate("", "February 29, 2024", 2024, 2, 29).exists


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-10", (2026, 2, 10)),
        ("February 10, 2026", (2026, 2, 10)),
        ("10 February 2026", (2026, 2, 10)),
        ("Feb. 2026", (2026, 2, None)),
        ("Sept 2025.", (2025, 9, None)),
        ("02/2026", (2026, 2, None)),
        ("soon", None),
        ("2026", None),
        ("February 10, 2026 by the board", None),
    ],
)
def test_parse_date_reads_one_whole_date(
    text: str, expected: tuple[int, int | None, int | None] | None
) -> None:
    date = parse_date(text)
    assert (None if date is None else (date.year, date.month, date.day)) == expected


def test_dates_compare_at_the_coarser_precision() -> None:
    updated, accessed = find_dates("Updated March 2025. Accessed April 2, 2025.")
    assert not accessed.is_before(updated)
    same_month = find_dates("Updated April 2025. Accessed April 2, 2025.")
    assert not same_month[1].is_before(same_month[0])
    earlier = find_dates("Updated May 2025. Accessed April 2, 2025.")
    assert earlier[1].is_before(earlier[0])


def test_a_month_runs_to_its_last_day() -> None:
    (date,) = find_dates("Updated February 2024")
    assert (date.first_day, date.last_day) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_age_text() -> None:
    today = dt.date(2026, 11, 24)
    assert age_text(dt.date(2013, 6, 11), today, 5) == "13 years old"
    assert age_text(dt.date(2021, 5, 31), today, 5) == "5 years and 5 months old"
    assert age_text(dt.date(2021, 11, 20), today, 5) == "more than 5 years old"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Example Society https://www.example.org/help.", "https://www.example.org/help"),
        ("Example Society, www.example.org", "www.example.org"),
        ("Example Society (painsociety.ca)", "painsociety.ca"),
        ("[Example Society](https://example.org)", "https://example.org"),
        ("Write to info@example.org", None),
        ("Croat Med J. 2007;48(1):22-34.", None),
        ("Example Society, Inc.", None),
    ],
)
def test_web_address(text: str, address: str | None) -> None:
    assert first_url(text) == address


def test_markdown_references_keep_their_lines_and_lose_emphasis() -> None:
    doc = parse_text(
        "# Knee Arthroscopy\n\nA scope.\n\n## References\n\n"
        "1. Knee scope. Example website. Available at:\n"
        "   [https://x.example.org/a](https://x.example.org/a). Updated *March 2025*.\n"
        "   Accessed April 2, 2025.\n"
        "2. Rivera P. Knee outcomes. *J Joint Surg*. 2024;12(3):45-51.\n"
    )
    web, journal = doc.references
    assert (web.line, web.end_line, web.available_at_url) == (7, 9, "https://x.example.org/a")
    assert [(d.described, web.line_at(d.offset)) for d in web.dates] == [
        ("Updated March 2025", 8),
        ("Accessed April 2, 2025", 9),
    ]
    assert "*" not in journal.text and journal.kind == "journal"


@given(st.text(max_size=300))
def test_any_text_parses_without_error(text: str) -> None:
    ref = parse_reference(text, 1, 1)
    for date in ref.dates:
        assert date.exists in (True, False)
    if ref.newest is not None:
        assert ref.newest.last_day >= ref.newest.first_day


@pytest.mark.skipif(not SEED.is_file(), reason="the seed article is not beside the project")
def test_seed_article_reference_rules() -> None:
    result = lint_text(SEED.read_text(encoding="utf-8"), fmt="text")
    found = sorted(
        (p.line, p.rule)
        for p in result.problems
        if p.rule.startswith(("reference-", "review-", "resource-"))
    )
    assert found == [
        (120, "resource-missing-url"),
        (122, "resource-missing-url"),
        (125, "resource-missing-url"),
        (127, "resource-missing-url"),
        (130, "reference-missing-url"),
        (130, "reference-stale"),
        (132, "reference-stale"),
        (134, "review-date"),
    ]
