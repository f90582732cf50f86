"""Property tests: no input makes the engine raise, and every answer is a usable one.

For any bytes, any text, any Markdown-like text and any front matter, `lint_bytes` returns
problems (or a clear `parse-error`) on lines that exist, never an `internal-error` and never
an exception. tests/support/fuzz.py runs the same properties on 100,000+ inputs.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.engine import PARSE_ERROR
from tests.support.fuzz import (
    article_text,
    assert_sound,
    front_matter_text,
    lint,
    markdownish_text,
)

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["markdown", "text"]))
def test_any_bytes(data: bytes, fmt: str) -> None:
    assert_sound(data, lint(data, fmt))


@FAST
@given(st.text(max_size=2000), st.sampled_from(["markdown", "text"]))
def test_any_text(text: str, fmt: str) -> None:
    assert_sound(text.encode("utf-8", "surrogatepass"), lint(text, fmt))


@FAST
@given(markdownish_text(), st.sampled_from(["markdown", "text"]))
def test_markdownish_text(text: str, fmt: str) -> None:
    assert_sound(text.encode(), lint(text, fmt))


@FAST
@given(front_matter_text(), article_text())
def test_any_front_matter(front_matter: str, body: str) -> None:
    text = f"---\n{front_matter}\n---\n{body}"
    result = lint(text, "markdown")
    assert_sound(text.encode(), result)
    errors = [p for p in result.problems if p.rule == PARSE_ERROR]
    if "\x00" not in text:  # else the file is refused as binary
        assert all(p.message.startswith("front matter ") for p in errors), errors


@FAST
@given(markdownish_text(), st.sampled_from(["markdown", "text"]), st.sampled_from(["\r\n", "\r"]))
def test_line_endings_do_not_move_problems(text: str, fmt: str, ending: str) -> None:
    text = text.replace("\r", "")
    expected = [(p.line, p.rule, p.message) for p in lint(text, fmt).problems]
    found = [(p.line, p.rule, p.message) for p in lint(text.replace("\n", ending), fmt).problems]
    assert found == expected


