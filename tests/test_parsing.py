"""The Document model: both formats parse into the same sections, blocks and lines."""

from __future__ import annotations

import pytest

from linter.config import load_config
from linter.model.document import Document
from linter.parsing import parse
from tests.conftest import AS_OF, SEED, lint_text, parse_text

SEED_HEADINGS = {
    10: "Reasons for Procedure",
    18: "Possible Complications",
    34: "What to Expect",
    36: "Prior to Procedure",
    55: "Description of the Procedure",
    60: "Immediately After Procedure",
    71: "How Long Will It Take?",
    75: "Will It Hurt?",
    79: "Post-procedure Care",
    92: "Call Your Doctor",
    134: "Revision Information",
}


@pytest.mark.skipif(not SEED.is_file(), reason="the shared seed article is not beside the project")
def test_seed_headings_are_recognised() -> None:
    doc = parse_text(SEED.read_text(encoding="utf-8"), "text")
    explicit = {s.line: s.title for s in doc.sections if not s.implicit}
    assert explicit == SEED_HEADINGS
    assert doc.title == "Intrathecal Pain Pump Insertion"
    assert doc.author == "McCoy K"
    assert doc.also_called == ("Pain Pump Insertion",)
    implicit = {s.title: s.line for s in doc.sections if s.implicit}
    assert implicit == {"Resources": 120, "References": 130}
    assert [r.line for r in doc.references] == [130, 132]
    what = doc.section("What to Expect")
    prior = doc.section("Prior to Procedure")
    assert what is not None and prior is not None and prior.parent == what.index


@pytest.mark.skipif(not SEED.is_file(), reason="the shared seed article is not beside the project")
def test_seed_core_defects() -> None:
    result = lint_text(SEED.read_text(encoding="utf-8"), "text")
    dup = [p for p in result.problems if p.rule == "duplicate-paragraph" and p.line == 90]
    assert [p.message for p in dup] == ["This paragraph repeats the one at line 89; delete one copy."]
    missing = [p.message for p in result.problems if p.rule == "required-section"]
    assert any('"Anesthesia"' in m for m in missing)
    for heading in SEED_HEADINGS.values():
        assert not any(f'section "{heading}"' in m for m in missing)


def test_markdown_sections_levels_and_parents() -> None:
    doc = parse_text(
        "---\ntitle: T\n---\n# Knee\n\nIntro.\n\n## What to Expect\n\n### At Home\n\n- Rest.\n"
        "- Ice.\n\n## Custom Part\n\nText\nmore text.\n"
    )
    assert doc.front_matter_end == 3
    assert [(s.heading, s.title, s.level, s.line) for s in doc.sections] == [
        ("What to Expect", "What to Expect", 2, 8),
        ("At Home", "Post-procedure Care", 3, 10),
        ("Custom Part", None, 2, 15),
    ]
    assert doc.sections[1].parent == 0
    assert [(b.kind, b.text, b.line, b.end_line) for b in doc.blocks] == [
        ("paragraph", "Intro.", 6, 6),
        ("list_item", "Rest.", 12, 12),
        ("list_item", "Ice.", 13, 13),
        ("paragraph", "Text\nmore text.", 17, 18),
    ]
    assert doc.blocks[-1].line_at(doc.blocks[-1].text.index("more")) == 18


def test_plain_text_bullets_headings_and_wrapped_lines() -> None:
    doc = parse_text(
        "Knee Scope\n\nIntro line that goes on\nand continues here.\n\nreasons for procedure:\n"
        "Reasons for Procedure.\n  • First\n  - Second\nWill It Hurt?You should not feel pain.\n",
        "text",
    )
    assert [(s.title, s.line, s.glued) for s in doc.sections] == [
        ("Reasons for Procedure", 7, False),
        ("Will It Hurt?", 10, True),
    ]
    assert [(b.kind, b.text, b.line) for b in doc.blocks] == [
        ("paragraph", "Intro line that goes on\nand continues here.", 3),
        ("paragraph", "reasons for procedure:", 6),
        ("list_item", "First", 8),
        ("list_item", "Second", 9),
        ("paragraph", "You should not feel pain.", 10),
    ]


def test_back_to_top_link_does_not_hide_a_heading() -> None:
    doc = parse_text("Knee\n\nIntro.\n\nReasons for Procedure    TOP\n\nText.\n", "text")
    assert [(s.title, s.trailing) for s in doc.sections] == [("Reasons for Procedure", "TOP")]


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_crlf_and_cr_give_the_same_lines_as_lf(ending: str) -> None:
    text = "# Knee\n\nIntro.\n\n## Reasons for Procedure\n\nSame words here again.\n\nSame words here again.\n"
    expected = [(p.rule, p.line) for p in lint_text(text).problems]
    assert [(p.rule, p.line) for p in lint_text(text.replace("\n", ending)).problems] == expected


def test_broken_front_matter_is_a_parse_error_and_the_body_is_still_linted() -> None:
    result = lint_text("---\ntitle: [unclosed\n---\n# Knee\n\nIntro here now.\n\nIntro here now.\n")
    assert [(p.rule, p.line, p.message) for p in result.problems if p.rule == "parse-error"] == [
        ("parse-error", 2, "front matter is not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ]
    assert any(p.rule == "duplicate-paragraph" for p in result.problems)
    assert result.failed


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("- a\n- b\n", "front matter must be a mapping of keys to values, not a list"),
        ("just text\n", "front matter must be a mapping of keys to values, not a str"),
        ("a: &x [1]\nb: *x\n", "front matter is not valid YAML: anchors and aliases are not allowed in front matter"),
    ],
)
def test_front_matter_that_is_not_a_mapping(front: str, message: str) -> None:
    result = lint_text(f"---\n{front}---\n# Knee\n\nIntro.\n")
    assert [p.message for p in result.problems if p.rule == "parse-error"] == [message]


def test_dates_in_front_matter_stay_text() -> None:
    doc = parse_text("---\nreviewed: 0000-00-00\nother: 2026-02-10\n---\n# Knee\n\nIntro.\n")
    assert doc.metadata == {"reviewed": "0000-00-00", "other": "2026-02-10"}


def _text_doc(text: str, path: str = "article.txt") -> Document:
    config = load_config(None)
    return parse(path, text, config.choose_template, AS_OF).document


@pytest.mark.parametrize(
    ("text", "path", "title", "line"),
    [
        # by-line, title, Also Called line (the seed's shape)
        ("by Lind K\n\nKnee Arthroscopy\n\n(Knee Scope)\n\nA scope looks into the knee.\n",
         "article.txt", "Knee Arthroscopy", 3),
        # a social widget and a tab bar around the title; the tab's own heading repeats it
        ("Find us on Social Media:\n\nKnee Arthroscopy\nWhat is it? Overview Usage Side Effects"
         " and Warnings\n\nWhat is Knee Arthroscopy?\n\nA scope looks into the knee.\n",
         "article.txt", "Knee Arthroscopy", 3),
        # a navigation bar and a search box label before the title
        ("Example Homepage | Example Library Phone #: (555) 010-0100 | Fax #: (555) 010-0101\n\n"
         "Search Health Library\n\nKnee Arthroscopy\n\n(Knee Scope)\n\nA scope looks inside.\n",
         "article.txt", "Knee Arthroscopy", 5),
        # a site name before the title
        ("Lakeside Health\n\nKnee Arthroscopy\n\nA scope looks into the knee.\n",
         "article.txt", "Knee Arthroscopy", 3),
        # the title matching the file name wins over a tab label after it
        ("Knee Arthroscopy\nAnswers\n\nA scope looks into the knee.\n",
         "knee-arthroscopy__site.txt", "Knee Arthroscopy", 1),
        # a long menu of site links before the title
        ("Skip to main content\nMenu\n" + "Home | About | Services | Contact\n" * 14
         + "\nKnee Arthroscopy\n\nA scope looks into the knee.\n", "article.txt",
         "Knee Arthroscopy", 18),
        # no title: by-line and Also Called line, then the definition
        ("by Lind K\n(Knee Scope)\n\n\nA scope looks into the knee.\n", "article.txt", None, None),
        # no title: the page starts with the definition
        ("A knee scope is a small camera put into the knee to look at the joint.\n\n"
         "Reasons for Procedure\n\nPain.\n", "article.txt", None, None),
        # no title: an animation link, then the definition
        ("View an animated version of this procedure:\n\n\nSurgery to look into the knee.\n",
         "article.txt", None, None),
        # no title: the only heading-like line is the tab's question
        ("Follow us on Social Sites:\n\nWhat is it? Summary Uses Risks and Safety Notes\n\n"
         "What is Knee Arthroscopy?\n\nA scope may be used:\n", "article.txt", None, None),
    ],
)
def test_the_title_is_found_by_what_it_is(text: str, path: str, title: str | None,
                                          line: int | None) -> None:
    doc = _text_doc(text, path)
    assert (doc.title, doc.title_line) == (title, line)


def test_header_lines_are_the_sites_and_tab_headings_are_not_text() -> None:
    doc = _text_doc("Find us on Social Media:\n\nKnee Arthroscopy\nWhat is it? Overview Usage\n\n"
                    "Knee Arthroscopy Overview\n\nWritten by Example Health.\n\n"
                    "A scope looks into the knee.\n")
    assert doc.title == "Knee Arthroscopy"
    assert doc.author == "Example Health"
    assert sorted(doc.header_chrome) == [1, 4]
    assert doc.page_headings == (6,)
    assert [(b.line, b.text) for b in doc.blocks] == [(10, "A scope looks into the knee.")]


def test_a_caption_is_not_joined_to_the_lower_case_line_under_it() -> None:
    doc = _text_doc("Knee\n\nA scope looks inside.\nSeveral Views of the Knee\n"
                    "kn12345 55501 1 cropped\n\nIntro line that goes on\nand continues here.\n")
    assert [(b.line, b.end_line) for b in doc.blocks] == [(3, 3), (4, 4), (5, 5), (7, 8)]


def test_two_headings_on_one_line_are_both_sections() -> None:
    doc = _text_doc("Knee\n\nA scope.\n\nWhat to Expect Prior to Procedure\n\nDo not eat.\n")
    assert [(s.title, s.line, s.glued, s.parent) for s in doc.sections] == [
        ("What to Expect", 5, True, None),
        ("Prior to Procedure", 5, False, 0),
    ]


def test_at_home_is_a_part_inside_post_procedure_care_and_the_alias_alone() -> None:
    inside = _text_doc("Knee\n\nA scope.\n\nPost-procedure Care\n\nAt Home\n\nRest.\n")
    assert [(s.heading, s.title, s.parent) for s in inside.sections] == [
        ("Post-procedure Care", "Post-procedure Care", None),
        ("At Home", None, 0),
    ]
    alone = _text_doc("Knee\n\nA scope.\n\nWill It Hurt?\n\nNo.\n\nAt Home\n\nRest.\n")
    assert [(s.heading, s.title) for s in alone.sections] == [
        ("Will It Hurt?", "Will It Hurt?"), ("At Home", "Post-procedure Care"),
    ]


def test_an_older_page_is_read_with_its_revision() -> None:
    doc = _text_doc("Knee\n\nA scope.\n\nParts of the Body Involved\n\nKnee.\n\nReasons for "
                    "Procedure\n\nPain.\n\nWhat to Expect\n\nWill It Hurt?\n\nNo.\n\n"
                    "Possible Complications\n\nBleeding.\n")
    assert doc.revision == "older"
    assert _text_doc("Knee\n\nA scope.\n\nReasons for Procedure\n\nPain.\n").revision == ""
