"""Problems about a word or phrase span exactly that text (annotations and SARIF highlight it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.conftest import run_cli as run

ARTICLE = """\
# Knee Arthroscopy

A small camera, e.g. a scope, is put into the knee; rest, i.e. sit, e.g. on a chair. Click here.

Ask your physician or e-mail the physician's office. Your health care
provider will help.
"""


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ROOT / "docs" / "examples" / "custom-pack.yaml", tmp_path)
    (tmp_path / ".healthlint.yaml").write_text("extends: [procedure, ./custom-pack.yaml]\n")
    (tmp_path / "knee.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def spans(*rules: str) -> list[tuple[int, int, int, int, str, str]]:
    code, out, _ = run("check", "--format", "json", "knee.md")
    assert code in (0, 1)
    return [(p["line"], p["column"], p["end_line"], p["end_column"], p["rule"], p["message"])
            for p in json.loads(out)["problems"] if p["rule"] in rules]


def test_existence_spans_exactly_each_match_even_repeated_on_a_line(library: Path) -> None:
    assert spans("no-latin-abbreviations", "no-click-here") == [
        (3, 17, 3, 21, "no-latin-abbreviations", 'Spell out "e.g." ("for example", "that is", "and so on").'),
        (3, 59, 3, 63, "no-latin-abbreviations", 'Spell out "i.e." ("for example", "that is", "and so on").'),
        (3, 69, 3, 73, "no-latin-abbreviations", 'Spell out "e.g." ("for example", "that is", "and so on").'),
        (3, 86, 3, 96, "no-click-here", '"Click here" means nothing when printed or read aloud; name what the reader will find.'),
    ]


def test_substitution_spans_the_word_and_a_phrase_across_a_line_break(library: Path) -> None:
    assert spans("house-words") == [
        (5, 10, 5, 19, "house-words", 'Use "doctor" instead of "physician".'),
        (5, 23, 5, 29, "house-words", 'Use "email" instead of "e-mail".'),
        (5, 34, 5, 43, "house-words", 'Use "doctor" instead of "physician".'),
        (5, 59, 6, 9, "house-words", 'Use "doctor" instead of "health care provider".'),
    ]


def test_sarif_region_is_the_matched_word(library: Path) -> None:
    code, out, _ = run("check", "--format", "sarif", "knee.md")
    regions = [r["locations"][0]["physicalLocation"]["region"]
               for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "no-latin-abbreviations"]
    assert regions[0] == {"startLine": 3, "startColumn": 17, "endLine": 3, "endColumn": 21}
