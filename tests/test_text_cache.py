"""Speed-ups that must not change results: the per-document sentence cache
(linter/analysis/text.py `sentences`, `Document.memo`) and plain-language's quick look-ahead."""

from __future__ import annotations

import re

import pytest

from linter.analysis.text import sentences, split_sentences
from linter.checks import plain_language
from tests.conftest import parse_text

ARTICLE = """# Knee Brace Fitting

A brace keeps the knee steady. Dr. Osei fits it, e.g. after a sprain.

## What to Expect

Wear it all day. Take it off at night.
"""


def test_sentences_are_split_once_per_document() -> None:
    doc = parse_text(ARTICLE)
    text = doc.blocks[0].text
    first = sentences(text, doc)
    assert [s.text for s in first] == [s.text for s in split_sentences(text)] == [
        "A brace keeps the knee steady.",
        "Dr. Osei fits it, e.g. after a sprain.",
    ]
    assert sentences(text, doc) == first  # asked again (by a second rule): the same split


def test_documents_do_not_share_the_sentence_cache() -> None:
    one, two = parse_text(ARTICLE), parse_text(ARTICLE)
    text = one.blocks[0].text
    assert sentences(text, one) == sentences(text, two) == split_sentences(text)
    assert one == two  # the cache is not part of the document's value
    assert sentences(text) == split_sentences(text)  # without a document: no cache


@pytest.mark.parametrize(
    "terms",
    [
        {},
        {"c++ code": "program", "x-ray": "picture", "in order": "to"},
        {"e": "letter e", "sis": "sister"},  # no fixed start: no look-ahead at all
    ],
)
def test_quick_look_ahead_finds_the_same_terms(terms: dict[str, str]) -> None:
    pattern, _ = plain_language.matcher(tuple(sorted(terms.items())), frozenset(), True)
    quick = plain_language._prefilter(sorted({*plain_language.builtin_terms(), *terms}))
    assert (quick != "") == ("e" not in terms)
    slow = re.compile(pattern.pattern.replace(quick, "", 1), re.IGNORECASE)
    text = (
        "Your Anticoagulants and anticoagulation therapy, in order\nto help; an X-rays "
        "diagnoses the sis, e es ed. Prior  to a C++ code review, edema (swelling) and "
        "non-anticoagulant in\nthe event that abdominal-pain: ABDOMEN."
    )
    found = [(m.span(), m.lastindex) for m in pattern.finditer(text)]
    assert found == [(m.span(), m.lastindex) for m in slow.finditer(text)]
    assert len(found) >= 7
