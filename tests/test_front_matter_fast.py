"""The usual front matter is read without the YAML loader; the answer must be the loader's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.parsing import frontmatter
from linter.parsing.frontmatter import FrontMatterError, load_front_matter


def _by_loader(text: str) -> tuple[dict[str, object] | str, list[tuple[int, str]]]:
    """What load_front_matter gives when the YAML loader reads everything."""
    warnings: list[tuple[int, str]] = []
    original = frontmatter._simple
    frontmatter._simple = lambda _: None  # type: ignore[assignment]
    try:
        return load_front_matter(text, 2, warnings), warnings
    except FrontMatterError as exc:
        return f"error at {exc.line}: {exc}", warnings
    finally:
        frontmatter._simple = original  # type: ignore[assignment]


def _by_default(text: str) -> tuple[dict[str, object] | str, list[tuple[int, str]]]:
    warnings: list[tuple[int, str]] = []
    try:
        return load_front_matter(text, 2, warnings), warnings
    except FrontMatterError as exc:
        return f"error at {exc.line}: {exc}", warnings


def test_usual_front_matter_is_read_without_the_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> object:
        raise AssertionError("the YAML loader was used")

    monkeypatch.setattr(frontmatter, "_load", refuse)
    warnings: list[tuple[int, str]] = []
    text = ("title: Knee Arthroscopy\nauthor: Ellen Brody, NP\n\nreviewed: 2026-09-02\n"
            "notes:\ntitle: Knee Arthroscopy (Adult)  \n")
    assert load_front_matter(text, 2, warnings) == {
        "title": "Knee Arthroscopy (Adult)", "author": "Ellen Brody, NP",
        "reviewed": "2026-09-02", "notes": None}
    assert warnings == [(7, "front matter gives 'title' twice (first at line 2); the last one is used")]


@pytest.mark.parametrize("text", [
    "draft: yes\n", "count: 12\n", "time: 1:30\n", "empty: null\n", "yes: title\n",
    "title: Knee: a guide\n", "title: Knee # a comment\n", "title: Knee:\n",
    "title: 'Knee'\n", "title: Knee\n  Arthroscopy\n", "tags:\n- knee\n", "ratio: .5\n",
    "title:\tKnee\n", "title: Knee\u2028Hip\n", "title: \u00e9tude\n", "a: b\n---\nc: d\n",
])
def test_anything_else_goes_to_the_loader(text: str) -> None:
    assert frontmatter._simple(text) is None


_KEY = st.sampled_from(["title", "author", "reviewed", "a", "x-y", "_k", "title", "author",
                        "yes", "No", "null", "on"])
_WORD = st.sampled_from(["Knee", "Brody,", "NP", "2026-09-02", "12", "1:30", "yes", "No", "null",
                         "a:b", "(Adult)", "O'Neil", "Q&A", "50%", "x@y.org", "[1]", "~", ".5",
                         "e+5", "\u00e9tude", "\u2014", "#1", "-", "!", "|", ">", "*", "{a}"])
_TRICKY = st.sampled_from([":", "#", "\t", "\u2028", "\u00a0", "\x85", "'", '"', "\ufeff", " "])
_VALUE = st.one_of(
    st.lists(_WORD, min_size=1, max_size=3).map(" ".join),
    st.builds(lambda a, t, b: a + t + b, _WORD, _TRICKY, _WORD),
    st.just(""),
)
_ENTRY = st.builds(lambda k, v: f"{k}: {v}", _KEY, _VALUE)
_OTHER = st.one_of(
    st.builds(lambda k, v: f"{k}:{v}", _KEY, _VALUE),
    st.sampled_from(["", "   ", "- item", "  nested: x", "# comment", "---", "title : x"]),
)
#: mostly entries the fast path may take, so that it is tried often
_LINE = st.sampled_from([_ENTRY] * 6 + [_OTHER]).flatmap(lambda line: line)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LINE, max_size=6))
def test_the_fast_path_answers_as_the_loader_does(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    assert _by_default(text) == _by_loader(text)
