"""The duplicate-paragraph search's shortcuts give the answers of the plain computations.

Each shortcut (a bit-parallel edit distance, a fast path for plain-letter tokens, a bound
that rules a candidate pair out before its shingles are intersected) must be invisible in
the results: these tests compare them with the computation they replace, on random input
shaped to hit the edge cases (repeated words, empty paragraphs, pairs at the threshold).
"""

from __future__ import annotations

import random
from collections import defaultdict

import pytest

from linter.analysis.similarity import shingles
from linter.checks import duplicate_paragraphs as rule
from tests.conftest import parse_text


def levenshtein(first: list[str], second: list[str]) -> int:
    """The textbook table, one row per word of `first`."""
    previous = list(range(len(second) + 1))
    for i, word in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, other in enumerate(second, 1):
            current[j] = min(previous[j - 1] + (word != other), previous[j] + 1, current[j - 1] + 1)
        previous = current
    return previous[-1]


def similarity(first: list[str], second: list[str], threshold: float) -> float:
    """Word similarity as documented: 0.0 below the threshold."""
    longest = max(len(first), len(second))
    if longest == 0:
        return 1.0
    edits = levenshtein(first, second)
    return 0.0 if edits > int((1 - threshold) * longest + 1e-9) else 1 - edits / longest


def edited(rng: random.Random, words: list[str], vocabulary: list[str], edits: int) -> list[str]:
    out = list(words)
    for _ in range(edits):
        kind = rng.randrange(3)
        if kind == 0 and out:
            out[rng.randrange(len(out))] = rng.choice(vocabulary)
        elif kind == 1:
            out.insert(rng.randint(0, len(out)), rng.choice(vocabulary))
        elif out:
            del out[rng.randrange(len(out))]
    return out


def test_word_edits_is_the_levenshtein_distance_over_words() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        vocabulary = [f"w{i}" for i in range(rng.randint(1, 5))]  # few words: many repeats
        first = [rng.choice(vocabulary) for _ in range(rng.randint(0, 30))]
        second = (edited(rng, first, vocabulary, rng.randint(0, 6)) if rng.random() < 0.5
                  else [rng.choice(vocabulary) for _ in range(rng.randint(0, 30))])
        assert rule.word_edits(first, second) == levenshtein(first, second), (first, second)
        for threshold in (0.0, 0.5, 0.85, 1.0, rng.random()):
            assert rule.word_similarity(first, second, threshold) == similarity(
                first, second, threshold)


def test_word_edits_of_long_paragraphs() -> None:
    # a paragraph longer than a machine word: the bit vectors span many digits
    rng = random.Random(8)
    vocabulary = [f"w{i}" for i in range(40)]
    for _ in range(20):
        first = [rng.choice(vocabulary) for _ in range(rng.randint(100, 400))]
        second = edited(rng, first, vocabulary, rng.randint(0, 60))
        assert rule.word_edits(first, second) == levenshtein(first, second)


@pytest.mark.parametrize("text", [
    "Keep it dry.", "don't", "rock'n'roll ''a'' b'", "a_b c-d", "2.5 mg -5 10% 3/4 +1",
    "Kelvin \u212a sign", "café au lait", "tab\there\x1cnext", "", "   ", "x’y", "H2O and CO2",
])
def test_tokens_of_plain_letters_are_the_tokens_of_the_pattern(text: str) -> None:
    assert rule.exact_tokens(text) == rule._TOKEN.findall(text.lower())


def test_tokens_fast_path_on_random_text() -> None:
    rng = random.Random(9)
    for alphabet in ("abcXYZ _-+.,:/%<>\t\n!?;\"()[]{}`~@#$^&*=|\\\x1c\x0b",
                     "abcXYZ '’_-+.,:/%<>0123456789\t\n!?é\u212a"):
        for _ in range(5000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            assert rule.exact_tokens(text) == rule._TOKEN.findall(text.lower()), repr(text)


def reference_near_copies(paragraphs: list[list[str]], params: rule.Params) -> list[int | None]:
    """For each paragraph, the earlier one it nearly repeats (or None), searched as the rule
    did before its shortcuts: every candidate's shingles intersected, edit distance by the
    table. Only near copies: the paragraphs are all different."""
    threshold = rule._candidate_threshold(params.similarity, params.shingle_size)
    index: dict[str, list[int]] = defaultdict(list)
    near: list[tuple[int, list[str], frozenset[str]]] = []
    budget = rule.NEAR_CELLS
    found: list[int | None] = []
    for number, tokens in enumerate(paragraphs):
        mine = shingles(tokens, params.shingle_size)
        prefix = rule._prefix(mine, threshold)
        candidates = sorted({c for s in prefix for c in index.get(s, ())})
        best: tuple[float, int] | None = None
        for candidate in candidates[:rule.NEAR_CANDIDATES]:
            _, theirs_tokens, theirs = near[candidate]
            common = len(mine & theirs)
            jaccard = common / (len(mine) + len(theirs) - common)
            if jaccard < threshold:
                continue
            cells = len(tokens) * (2 * int((1 - params.similarity) * max(
                len(tokens), len(theirs_tokens))) + 1)
            if budget < cells:
                value = jaccard if jaccard >= params.similarity else 0.0
            else:
                budget -= cells
                value = similarity(tokens, theirs_tokens, params.similarity)
            if value >= params.similarity and (best is None or value > best[0]):
                best = (value, candidate)
        if best is not None:
            found.append(near[best[1]][0])
            continue
        found.append(None)
        for shingle in prefix:
            if len(index[shingle]) < rule.POSTINGS:
                index[shingle].append(len(near))
        near.append((number, tokens, mine))
    return found


@pytest.mark.parametrize("cells", [rule.NEAR_CELLS, 20_000])
@pytest.mark.parametrize("seed", range(6))
def test_near_copies_are_the_ones_the_plain_search_finds(
    seed: int, cells: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Paragraphs edited from a few originals, some far, some at the threshold, and
    # shared stock words, so that candidate pairs are ruled out by the bound, by the
    # intersection and by the edit distance, and some posting lists fill up; with a small
    # budget of word-by-word cells, shingles decide the later pairs.
    monkeypatch.setattr(rule, "NEAR_CELLS", cells)
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(rng.choice((8, 30, 200)))]
    originals = [[rng.choice(vocabulary) for _ in range(rng.randint(12, 40))] for _ in range(6)]
    paragraphs: list[list[str]] = []
    seen: set[str] = set()
    while len(paragraphs) < 300:
        tokens = edited(rng, rng.choice(originals), vocabulary, rng.randint(0, 12))
        if len(tokens) >= 12 and " ".join(tokens) not in seen:
            seen.add(" ".join(tokens))
            paragraphs.append(tokens)
    params = rule.Params()
    text = "# Knee Arthroscopy\n\n## Reasons for Procedure\n\n" + "".join(
        " ".join(tokens) + ".\n\n" for tokens in paragraphs)
    doc = parse_text(text)
    blocks = [b for b in doc.blocks if b.kind == "paragraph"]
    assert [rule.exact_tokens(b.text) for b in blocks] == paragraphs
    line_of = {b.line: n for n, b in enumerate(blocks)}
    found: list[int | None] = [None] * len(blocks)
    for finding in rule.check(doc, params):
        assert "nearly repeats" in finding.message
        first_line = int(finding.message.split("line ")[1].split(";")[0])
        found[line_of[finding.line]] = line_of[first_line]
    assert found == reference_near_copies(paragraphs, params)
    assert any(n is not None for n in found) and any(n is None for n in found[1:])



@pytest.mark.parametrize("raw", [
    "No link here.", "See [the guide](/knee).", "Go to <https://e.org/a>.", "At https://e.org.",
    "a < b and c](d", "HTTP://E.ORG is upper case", "[x]( <https://e.org/a> )",
])
def test_link_targets_are_looked_for_only_where_they_can_be(raw: str) -> None:
    assert rule.link_targets(raw) == ["".join(g) for g in rule._TARGET.findall(raw)]
