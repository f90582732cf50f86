"""Speed-ups that must not change results: the per-document sentence cache
(linter/analysis/text.py `sentences`, `Document.memo`), the words found with the sentences,
the packed word counts of readability, and plain-language's quick look-ahead and scan."""

from __future__ import annotations

import random
import re

import pytest

from linter.analysis.readability import count_text
from linter.analysis.text import sentences, split_sentences, syllables, words
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


def _fuzz_texts(pieces: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 24))) for _ in range(count)]


#: what sentence splitting turns on: marks, closers, abbreviations, initials, numbers, case
_SENTENCE_PIECES = [
    "a", "Z", " ", " ", "\n", "\t", ".", "!", "?", "…", "...", '"', "'", "”", "’", ")", "]",
    "(", "“", "‘", "e.g.", "Dr.", "U.S.", "No. 5", "Jan.", "K.", "2.5", "mg.", "x-y", " a",
    " B", "Colonoscopy.", "anticoagulants.", "abcdefg.", "..abc.", "é", "Ω", "ſ", "_", "7",
]


def test_sentences_carry_the_words_of_their_text() -> None:
    """A sentence's words are found when its text is split, within the block's text: they
    are the words of its own text, and together the words of the block."""
    for text in _fuzz_texts(_SENTENCE_PIECES, 3000, seed=3):
        found = split_sentences(text)
        for sentence in found:
            assert sentence.words == words(sentence.text)
            assert text[sentence.start : sentence.end] == sentence.text
        assert [w for s in found for w in s.tokens] == words(text)


def test_counts_are_the_counts_of_every_word() -> None:
    """`count_text` adds packed per-token counts: the same as counting word by word."""
    for text in _fuzz_texts([*_SENTENCE_PIECES, "intrathecal ", "the ", "1-2 "], 2000, seed=5):
        tokens = words(text)
        counts = count_text(text)
        per_word = [syllables(t) for t in tokens]
        assert (counts.words, counts.syllables) == (len(tokens), sum(per_word))
        assert counts.polysyllables == sum(n >= 3 for n in per_word)
        assert counts.letters == sum(ch.isalpha() or ch.isdigit() for t in tokens for ch in t)
        assert counts.sentences == (len(split_sentences(text)) if tokens else 0)


@pytest.mark.parametrize(
    "terms",
    [
        {},
        {"c++ code": "program", "x-ray": "picture", "in order": "to"},
        {"sıgn": "dotless i, which matches an ASCII i case-insensitively"},
        {"e": "letter e"},  # no fixed start: no quick scan
    ],
)
def test_quick_scan_skips_only_texts_without_terms(terms: dict[str, str]) -> None:
    """plain-language skips a paragraph only when the case-insensitive pattern finds no
    term in it: the quick scan runs on lowered ASCII text, and never where a term's letter
    matches ASCII from elsewhere ("ı")."""
    key = (tuple(sorted(terms.items())), frozenset[str](), True)
    pattern, _ = plain_language.matcher(*key)
    scan = plain_language.quick_scan(*key)
    assert (scan is None) == bool({"e", "sıgn"} & set(terms))
    pieces = [
        "Anticoagulant", "anticoagulants", "ANTICOAGULATION therapy", "edema", "EDEMA",
        "in\norder", "In  Order", "x-ray", "X-RAYS", "c++ code", "sign", "SIGN", " ", " ", "-",
        "_", "non", "(", ")", "\n", "é", "İ", "ſ", "K", "abdomen", "abdominal", "ed", "es",
    ]
    for text in _fuzz_texts(pieces, 3000, seed=11):
        quick = [(m.span(), m.lastindex) for m in plain_language._uses(pattern, scan, text)]
        assert quick == [(m.span(), m.lastindex) for m in pattern.finditer(text)]


def test_packed_counts_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-token cache is emptied when full, and counts stay the same across that."""
    from linter.analysis import readability

    monkeypatch.setattr(readability, "TOKEN_CACHE_SIZE", 8)
    monkeypatch.setattr(readability, "_PACKED", {})
    texts = [f"Word{n} colonoscopy a{n}b intrathecal {n}-{n + 1}." for n in range(50)]
    for text in texts * 2:
        tokens = words(text)
        counts = count_text(text)
        assert counts.syllables == sum(syllables(t) for t in tokens)
        assert len(readability._PACKED) <= 8 + len(tokens) + 1
