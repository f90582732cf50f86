"""Inline suppression comments in Markdown."""

from __future__ import annotations

from tests.conftest import lines_of, lint_text

DUP = "Keep the bandage dry for two days after the procedure."


def article(body: str) -> str:
    return f"# Knee\n\nIntro.\n\n## Reasons for Procedure\n\n{DUP}\n\n{body}"


def test_without_comments_the_copy_is_reported() -> None:
    assert lines_of(lint_text(article(f"{DUP}\n")), "duplicate-paragraph") == [9]


def test_disable_next_line() -> None:
    text = article(f"<!-- healthlint-disable-next-line duplicate-paragraph -->\n{DUP}\n\n{DUP}\n")
    assert lines_of(lint_text(text), "duplicate-paragraph") == [12]


def test_disable_and_enable_a_range() -> None:
    text = article(
        f"<!-- healthlint-disable duplicate-paragraph, empty-section -->\n\n{DUP}\n\n"
        f"<!-- healthlint-enable -->\n\n{DUP}\n"
    )
    assert lines_of(lint_text(text), "duplicate-paragraph") == [15]


def test_disable_file() -> None:
    text = article(f"{DUP}\n\n<!-- healthlint-disable-file duplicate-paragraph -->\n")
    assert lines_of(lint_text(text), "duplicate-paragraph") == []


def test_disable_without_rules_means_all_from_that_line_on() -> None:
    text = article(f"{DUP}\n\n<!-- healthlint-disable -->\n\n{DUP}\n")
    result = lint_text(text)
    assert lines_of(result, "duplicate-paragraph") == [9]
    assert all(p.line < 11 for p in result.problems)


def test_directive_inside_code_is_text() -> None:
    text = article(f"```\n<!-- healthlint-disable-file duplicate-paragraph -->\n```\n\n{DUP}\n")
    assert lines_of(lint_text(text), "duplicate-paragraph") == [13]


def test_a_comment_naming_no_rule_is_reported_with_a_suggestion() -> None:
    text = article(f"<!-- healthlint-disable-next-line duplicate-paragrph -->\n{DUP}\n")
    result = lint_text(text)
    assert [(p.line, p.rule, p.severity.value, p.message) for p in result.problems
            if p.rule == "unknown-rule"] == [
        (9, "unknown-rule", "warning",
         "The healthlint comment names 'duplicate-paragrph', which is not a rule; "
         "did you mean 'duplicate-paragraph'?"),
    ]
    assert lines_of(result, "duplicate-paragraph") == [10]
    assert not result.failed
