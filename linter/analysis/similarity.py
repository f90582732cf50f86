"""Comparing paragraphs by their words: shingles (runs of words) for near-duplicate search,
shared by the duplicate-paragraph rule and the audit's library-wide search."""

from __future__ import annotations

from linter.analysis.text import words


def comparable_words(text: str) -> list[str]:
    """The words of `text` in lower case (the one tokenizer of `linter.analysis.text`)."""
    return words(text.lower())


def shingles(tokens: list[str], size: int) -> frozenset[str]:
    """Every run of `size` words, joined by a space (words have no spaces, so two runs are
    equal exactly when their words are; a string keeps its hash, a tuple recomputes it)."""
    if len(tokens) < size:
        return frozenset({" ".join(tokens)})
    # zip of the shifted lists: tokens[i : i + size] for every i, built in C
    return frozenset(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))
