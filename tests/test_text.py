"""Sentences, words and syllables (linter/analysis/text.py), and what the readability rules build on
them: residue skipping, list items as sentences, columns, config errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.analysis.readability import count_text, readable_text
from linter.analysis.text import split_sentences, syllables, words
from linter.config import ConfigError, load_config
from linter.model.document import Block
from tests.conftest import lint_text


def sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Keep it dry. Call us.", ["Keep it dry.", "Call us."]),
        ("Dr. Smith will call you. Rest.", ["Dr. Smith will call you.", "Rest."]),
        ("Take 2.5 mg at night. Then sleep.", ["Take 2.5 mg at night.", "Then sleep."]),
        ("Bring snacks, e.g. crackers. Eat slowly.", ["Bring snacks, e.g. crackers.", "Eat slowly."]),
        ("Use ice, i.e. a cold pack. Rest.", ["Use ice, i.e. a cold pack.", "Rest."]),
        ("Come at 7 a.m. on Monday. Do not eat.", ["Come at 7 a.m. on Monday.", "Do not eat."]),
        ("Come at 7 a.m. Do not eat.", ["Come at 7 a.m.", "Do not eat."]),
        ("Written by K. McCoy for patients. Read it.", ["Written by K. McCoy for patients.", "Read it."]),
        ("Is it safe? Yes! It is.", ["Is it safe?", "Yes!", "It is."]),
        ('He said "stop." Then he left.', ['He said "stop."', "Then he left."]),
        ("Take 5 mg. Then rest.", ["Take 5 mg.", "Then rest."]),
        ("See item No. 5 below. Rest.", ["See item No. 5 below.", "Rest."]),
        ("Just say no. Nobody minds.", ["Just say no.", "Nobody minds."]),
        ("It lasts 3-4 hours", ["It lasts 3-4 hours"]),
        ("Keep the leg up\non two pillows. Rest.", ["Keep the leg up\non two pillows.", "Rest."]),
        (
            "It is approved by the U.S. Food and Drug Administration. Ask about it.",
            ["It is approved by the U.S. Food and Drug Administration.", "Ask about it."],
        ),
        ("Your visit is on Jan. 5 at noon. Bring your card.",
         ["Your visit is on Jan. 5 at noon.", "Bring your card."]),
        ("Come back on Sept. 30. Call first.", ["Come back on Sept. 30.", "Call first."]),
        ('The sign says ... "Do not enter." Knock first.',
         ['The sign says ... "Do not enter."', "Knock first."]),
        ("The nurse said … “Rest now.” Then sleep.", ["The nurse said … “Rest now.”", "Then sleep."]),
        ("Wait a moment... Then stand up.", ["Wait a moment...", "Then stand up."]),
        ("", []),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentence_offsets_point_into_the_text() -> None:
    text = "Rest now.  Dr. Lee calls later."
    second = split_sentences(text)[1]
    assert text[second.start : second.end] == "Dr. Lee calls later."
    assert second.terminated
    assert not split_sentences("Knee joint")[0].terminated


def test_words_keep_numbers_and_compounds_whole() -> None:
    assert words("Walk 1-2 miles, x-ray and/or 2.5 mg; doctor's note.") == [
        "Walk", "1-2", "miles", "x-ray", "and/or", "2.5", "mg", "doctor's", "note",
    ]


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("colonoscopy", 5),  # from rules/data/syllables.yaml
        ("Colonoscopy", 5),
        ("anticoagulation", 7),
        ("intrathecal", 4),
        ("catheter", 3),
        ("the", 1),
        ("make", 1),
        ("table", 2),
        ("tables", 2),
        ("jumped", 1),
        ("wanted", 2),
        ("boxes", 2),
        ("makes", 1),
        ("media", 3),
        ("medication", 4),
        ("area", 3),
        ("create", 2),
        ("lately", 2),
        ("family", 3),
        ("x-ray", 2),
        ("48", 1),
        ("doctor's", 2),
        ("anticoagulant", 6),  # an-ti-co-ag-u-lant (rules/data/syllables.yaml)
        ("anticoagulants", 6),
        ("pneumonia", 3),  # pneu-mo-nia, as CMUdict
        ("being", 2),  # a vowel before -ing is its own syllable
        ("carrying", 3),
        ("playing", 2),
        ("played", 1),
        ("something", 2),  # compounds: "some" + "thing"
        ("everybody", 4),
        ("therefore", 2),
        ("tired", 2),
        ("hundred", 2),
        ("fluid", 2),
        ("various", 3),
        ("basically", 3),
        ("experience", 4),
        ("treated", 2),
        ("created", 3),
        ("headaches", 2),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_list_items_are_sentences_even_without_periods() -> None:
    items = ["Bleeding", "Infection", "A blood clot in the leg"]
    counts = [count_text(item) for item in items]
    assert sum(c.sentences for c in counts) == 3
    # textstat-style counting of the joined list sees a single long sentence
    assert count_text(" ".join(items)).sentences == 1


def _paragraph(text: str) -> Block:
    return Block("paragraph", text, 1, text.count("\n") + 1, None)


def test_caption_lines_and_credits_are_dropped_from_scoring() -> None:
    block = _paragraph(
        "The doctor makes two small cuts.\nKnee joint\nCopyright © Example Images, Inc.\n"
        "A camera goes in."
    )
    assert readable_text(block, 4) == "The doctor makes two small cuts.\nA camera goes in."


def test_a_wrapped_line_is_not_a_caption() -> None:
    block = _paragraph("The doctor will\ncheck your knee. Then\nyou can go home.")
    assert readable_text(block, 4) == block.text


def test_a_list_item_is_scored_only_when_it_is_a_sentence() -> None:
    def item(text: str) -> Block:
        return Block("list_item", text, 1, 1, None)

    # a sentence: it ends like one, or it has a verb; never dropped as a caption fragment
    assert readable_text(item("Call us"), 4) == "Call us"
    assert readable_text(item("Rest."), 4) == "Rest."
    assert readable_text(item("Catheter tube becomes blocked and stops working"), 4) != ""
    assert readable_text(item("You may feel sleepy"), 4) == "You may feel sleepy"
    # noun phrases are not prose
    for phrase in ("Bleeding", "Nerve injury", "Side effects from the pain medication",
                   "Allergy or intolerance to the materials being used"):
        assert readable_text(item(phrase), 4) == ""


def test_sentence_length_column_points_at_the_sentence() -> None:
    result = lint_text(
        "# Knee Arthroscopy\n\nRest at home. After you get home from the hospital you should "
        "keep your leg raised on two or three pillows whenever you sit or lie down for the "
        "first few days.\n"
    )
    found = [(p.line, p.column) for p in result.problems if p.rule == "sentence-length"]
    assert found == [(3, 15)]


def test_sentence_length_column_in_an_indented_plain_text_bullet() -> None:
    text = (
        "Knee Arthroscopy\n\nA knee scope looks inside the knee.\n\nPost-procedure Care\n\n"
        "  • Avoid kneeling, squatting, running, jumping, climbing ladders, lifting anything "
        "heavier than a gallon of milk, and long car trips for at least six weeks after surgery\n"
    )
    result = lint_text(text, "text")
    found = [(p.line, p.column) for p in result.problems if p.rule == "sentence-length"]
    assert found == [(7, 5)]


def test_plain_language_columns_in_markdown_with_markup() -> None:
    result = lint_text(
        "# Knee Arthroscopy\n\nAsk about **anticoagulants** and the [incision](https://example.org).\n"
    )
    found = [(p.line, p.column, p.end_column) for p in result.problems
             if p.rule == "plain-language"]
    assert found == [(3, 13, 27), (3, 39, 47)]


def test_clean_article_has_no_problems_from_these_rules() -> None:
    text = (Path(__file__).parent / "cases" / "readability.yaml").read_text(encoding="utf-8")
    article = text.split("input: |\n", 1)[1].split("    expect:", 1)[0]
    article = "\n".join(line[6:] for line in article.splitlines())
    result = lint_text(article)
    mine = {"readability", "sentence-length", "plain-language"}
    assert [p for p in result.problems if p.rule in mine] == []


@pytest.mark.parametrize(
    ("rule", "params", "key"),
    [
        ("readability", "{formulas: [flesch]}", "formulas"),
        ("readability", "{formula: flesch}", "formula"),
        ("readability", "{targets: {smog: 40}}", "targets"),
        ("readability", "{targets: {smog: 15}}", "hard_grade"),
        ("readability", "{targets: {smog: 10}, hard_grades: {smog: 9}}", "hard_grade"),
        ("plain-language", "{terms: {'--': plain}}", "terms"),
        ("sentence-length", "{max_words: 0}", "max_words"),
    ],
)
def test_bad_params_are_config_errors_naming_the_key(
    tmp_path: Path, rule: str, params: str, key: str
) -> None:
    config = tmp_path / ".healthlint.yaml"
    config.write_text(f"extends: procedure\nrules:\n  {rule}:\n    params: {params}\n")
    with pytest.raises(ConfigError, match=key):
        load_config(config)


SENTENCES = [
    "The nurse will explain the medicine you need after the operation.",
    "Keep the area dry and clean.",
    "Your family can visit you every evening.",
    "Walk a little every day.",
    "Tell your doctor about any unusual pain.",
]


def _headline(count: int, extra: str = "") -> str:
    body = " ".join(SENTENCES[i % len(SENTENCES)] for i in range(count)) + extra
    result = lint_text(f"# Knee Surgery\n\n{body}\n")
    return next(p.message for p in result.problems if p.rule == "readability")


@pytest.mark.parametrize("count", [10, 20, 29, 30, 31, 45])
def test_an_easy_sentence_never_raises_the_grade_at_any_length(count: int) -> None:
    def grade(message: str) -> float:
        return float(message.split("reads at grade ")[1].split(" ")[0])

    before, after = _headline(count), _headline(count, " Call us.")
    assert grade(after) <= grade(before)
    # the same formula decides at every length, and the message names it
    assert "; the target is SMOG grade 8." in before and "; the target is SMOG grade 8." in after
