"""`--fix` removes only what is not the writer's text (residue, exact copies), never prose.

Each test is named after what it protects; the inputs are the shapes that used to lose text.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import lint_text
from tests.conftest import run_cli as run

AS_OF = ("--as-of", "2026-11-24")


def _fix(tmp_path: Path, name: str, text: str) -> str:
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    run("check", str(article), "--fix", *AS_OF)
    return article.read_text(encoding="utf-8")


def _diff(tmp_path: Path, name: str, text: str) -> str:
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    _, out, _ = run("check", str(article), "--diff", *AS_OF)
    return out


def test_prose_after_a_credit_in_one_paragraph_is_kept(tmp_path: Path) -> None:
    text = "Copyright © Example Images, Inc. Rest the knee for two days and keep it raised.\n"
    assert _fix(tmp_path, "a.md", text) == text
    residue = [p for p in lint_text(text).problems if p.rule == "boilerplate-residue"]
    assert [(p.line, p.message, p.fix) for p in residue] == [
        (1, "An image credit is glued into this paragraph; delete the credit and keep the "
            "sentence.", None),
    ]


def test_prose_after_a_caption_and_credit_in_one_paragraph_is_kept(tmp_path: Path) -> None:
    text = ("# Knee\n\nA camera.\n\nKnee joint © 2020 Example Images Inc. Keep your knee raised "
            "on two pillows for the first three days…\n")
    assert _fix(tmp_path, "a.md", text) == text


def test_a_sentence_on_the_line_before_a_credit_is_kept(tmp_path: Path) -> None:
    # The sentence and the credit are one paragraph; "<" after the sentence's full stop hid
    # the sentence break, so the sentence was taken for the credit's caption and deleted.
    text = "# Reasons for Procedure\nRest the knee for two days.\n<COPYRIGHT©"
    assert _fix(tmp_path, "a.md", text) == text
    residue = [p for p in lint_text(text).problems if p.rule == "boilerplate-residue"]
    assert [(p.line, p.end_line, p.message, p.fix) for p in residue] == [
        (2, 3, "An image credit is glued into this paragraph; delete the credit and keep the "
               "sentence.", None),
    ]


def test_a_sentence_on_the_line_after_a_credit_is_kept(tmp_path: Path) -> None:
    # "Inc." then "#": no capital after the full stop, so the credit, the line under it and
    # the sentence were one 12-word "credit sentence".
    text = ("Reasons for ProcedureCopyright © Example Images, Inc.\n####### Possible "
            "Complications\nRest the knee for two days.\n# Reasons for Procedure")
    assert _fix(tmp_path, "a.md", text) == text


def test_a_fix_never_empties_an_article(tmp_path: Path) -> None:
    text = "Copyright © Example Images, Inc.\n\nHealth Library Search\n"
    fixed = _fix(tmp_path, "a.md", text)
    assert fixed == text
    residue = [p for p in lint_text(text).problems if p.rule == "boilerplate-residue"]
    assert residue and all(p.fix is None for p in residue)


def test_a_sentence_with_a_slash_is_not_navigation(tmp_path: Path) -> None:
    text = ("# K\n\nA camera.\n\n## Post-procedure Care\n\n"
            "Home/work: you can go back to a desk job in about one week.\n")
    assert _diff(tmp_path, "b.md", text) == ""


def test_a_list_written_with_bars_is_not_a_nav_bar(tmp_path: Path) -> None:
    text = ("# K\n\nA camera.\n\n## Prior to Procedure\n\n"
            "Bring these | your photo ID | your insurance card | a list of your medicines\n")
    assert _diff(tmp_path, "b.md", text) == ""


def test_a_real_nav_bar_is_still_deleted(tmp_path: Path) -> None:
    text = "# K\n\nA camera.\n\nHome | About Us | Phone #: 555-0100\n"
    assert _fix(tmp_path, "b.md", text) == "# K\n\nA camera.\n"


def test_a_paragraph_with_another_link_target_is_not_a_copy(tmp_path: Path) -> None:
    text = ("# K\n\nA camera.\n\n## Resources\n\nRead [the guide](https://example.org/knee) first.\n\n"
            "Read [the guide](https://example.org/hip) first.\n")
    assert _diff(tmp_path, "c.md", text) == ""


def test_a_paragraph_with_another_number_or_sign_is_not_a_copy(tmp_path: Path) -> None:
    text = ("# K\n\nA camera.\n\n## Post-procedure Care\n\nKeep the room at 5 degrees above normal.\n\n"
            "Keep the room at -5 degrees above normal.\n\nTake 2.5 mg twice a day.\n\n"
            "Take 25 mg twice a day.\n")
    assert _diff(tmp_path, "c.md", text) == ""
    assert not [p for p in lint_text(text).problems if p.rule == "duplicate-paragraph"]


def test_an_exact_copy_is_still_deleted(tmp_path: Path) -> None:
    text = ("# K\n\nA camera.\n\n## Resources\n\nRead [the guide](https://example.org/knee) first.\n\n"
            "Read [the guide](https://example.org/knee) first.\n")
    assert _fix(tmp_path, "c.md", text) == (
        "# K\n\nA camera.\n\n## Resources\n\nRead [the guide](https://example.org/knee) first.\n"
    )


def test_two_markdown_headings_on_one_line_stay_two_headings(tmp_path: Path) -> None:
    text = "# K\n\nA camera.\n\n## What to Expect Prior to Procedure\n\nDo not eat.\n"
    assert _fix(tmp_path, "d.md", text) == (
        "# K\n\nA camera.\n\n## What to Expect\n\n### Prior to Procedure\n\nDo not eat.\n"
    )


def test_a_glued_heading_is_kept_when_the_copy_after_it_is_deleted(tmp_path: Path) -> None:
    text = ("Reasons for ProcedureRest the knee for two days.\n"
            "Possible ComplicationsRest the knee for two days.\n")
    assert _fix(tmp_path, "a.txt", text) == (
        "Reasons for Procedure\n\nRest the knee for two days.\nPossible Complications\n")
    copies = [p for p in lint_text(text, "a.txt").problems if p.rule == "duplicate-paragraph"]
    assert [(p.line, p.message, p.fix) for p in copies] == [
        (2, "This paragraph repeats the one at line 1; delete one copy.", None),
    ]


def test_a_glued_heading_is_kept_when_the_residue_after_it_is_deleted(tmp_path: Path) -> None:
    text = ("Knee Arthroscopy\n\nA small camera is put into the knee.\n\n"
            "Possible ComplicationsCopyright © Example Medical Media, Inc.\n")
    assert _fix(tmp_path, "a.txt", text) == (
        "Knee Arthroscopy\n\nA small camera is put into the knee.\n\nPossible Complications\n")


def test_a_sentence_before_a_credit_on_its_next_line_is_not_a_caption(tmp_path: Path) -> None:
    text = "# Reasons for Procedure\nRest the knee for two days.\n0COPYRIGHT©\n"
    assert _fix(tmp_path, "a.md", text) == text
    residue = [p for p in lint_text(text).problems if p.rule == "boilerplate-residue"]
    assert [(p.line, p.message, p.fix) for p in residue] == [
        (2, "An image credit is glued into this paragraph; delete the credit and keep the "
            "sentence.", None),
    ]
