"""`healthlint baseline create` and `healthlint check --baseline`: adopt on an existing library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.conftest import run_cli as run

KNEE = (SAMPLES / "knee-arthroscopy.md").read_text(encoding="utf-8")
RECOVERY = "You will rest in a recovery room. The staff will check your breathing and your pulse.\n"
HOME = "Most people go home the same day.\n"
AS_OF = ("--as-of", "2026-11-24")


def pasted(text: str, paragraph: str, copies: int = 1) -> str:
    return text.replace(paragraph, paragraph + ("\n" + paragraph) * copies, 1)


@pytest.fixture(autouse=True)
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library with known problems (a pasted paragraph in each of two articles); cwd is it."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "knee.md").write_text(pasted(KNEE, RECOVERY), encoding="utf-8")
    (articles / "other.md").write_text(pasted(KNEE, HOME), encoding="utf-8")
    return tmp_path


def check(*args: str) -> tuple[int, str, str]:
    return run("check", "articles", "--baseline", "baseline.json", "--format", "text", *AS_OF, *args)


def create() -> None:
    code, out, _ = run("baseline", "create", "baseline.json", "articles", *AS_OF)
    assert (code, out) == (0, "healthlint: wrote 2 problems from 2 files to baseline.json\n")


def edit(name: str, old: str, new: str) -> None:
    path = Path("articles") / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_baselined_problems_are_not_reported() -> None:
    create()
    code, out, err = check()
    assert out == "2 files checked: 0 errors, 0 warnings\n"
    assert err == "healthlint: baseline baseline.json: 2 known problems not shown\n"
    assert code == 0


def test_entries_are_keyed_by_path_rule_and_text_not_line() -> None:
    create()
    entries = json.loads(Path("baseline.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["path"], e["rule"], e["occurrence"]) for e in entries] == [
        ("articles/knee.md", "duplicate-paragraph", 1),
        ("articles/other.md", "duplicate-paragraph", 1),
    ]
    assert entries[0]["fingerprint"] != entries[1]["fingerprint"]  # different text


def test_lines_inserted_above_keep_the_problem_suppressed() -> None:
    create()
    edit("knee.md", "## Reasons for Procedure\n", "## Reasons for Procedure\n\nA new line.\n\nAnd another.\n")
    code, out, _ = check()
    assert out == "2 files checked: 0 errors, 0 warnings\n"
    assert code == 0


def test_a_new_problem_is_reported() -> None:
    create()
    edit("knee.md", HOME, HOME + "\n" + HOME)
    code, out, _ = check()
    assert out.splitlines() == [
        "articles/knee.md:79:1: error duplicate-paragraph This paragraph repeats the one at "
        "line 77; delete one copy.",
        "2 files checked: 1 error, 0 warnings",
    ]
    assert code == 1


def test_a_third_copy_of_baselined_text_is_new() -> None:
    Path("articles/other.md").unlink()
    Path("articles/knee.md").write_text(pasted(KNEE, RECOVERY, copies=2), encoding="utf-8")
    code, out, _ = run("baseline", "create", "baseline.json", "articles", *AS_OF)
    assert out == "healthlint: wrote 2 problems from 1 file to baseline.json\n"
    Path("articles/knee.md").write_text(pasted(KNEE, RECOVERY, copies=3), encoding="utf-8")
    code, out, _ = check()
    # the same text, the same rule: the occurrence count tells the third copy from the others
    assert out.splitlines()[-1] == "1 file checked: 1 error, 0 warnings"
    assert code == 1


def test_a_fixed_problem_is_reported_as_prunable() -> None:
    create()
    Path("articles/other.md").write_text(KNEE, encoding="utf-8")
    code, out, err = check()
    assert out == "2 files checked: 0 errors, 0 warnings\n"
    assert err == (
        "healthlint: baseline baseline.json: 1 known problem not shown; 1 entry fixed "
        "(prunable: run `healthlint baseline create baseline.json` again to prune)\n"
    )
    assert code == 0


def test_files_not_linted_this_time_are_not_counted_as_fixed(tmp_path: Path) -> None:
    create()
    code, out, err = run("check", str(tmp_path / "articles" / "knee.md"), "--baseline",
                         str(tmp_path / "baseline.json"), "--format", "text", *AS_OF)
    assert out == "1 file checked: 0 errors, 0 warnings\n"  # absolute paths match too
    assert "fixed" not in err
    assert code == 0


def test_baseline_works_from_another_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    create()
    monkeypatch.chdir(tmp_path / "articles")
    code, out, _ = run("check", ".", "--baseline", "../baseline.json", "--format", "text", *AS_OF)
    assert (code, out) == (0, "2 files checked: 0 errors, 0 warnings\n")


@pytest.mark.parametrize(("content", "message"), [
    (None, "baseline.json: no such baseline file; create it with `healthlint baseline create"),
    ("{", "baseline.json:1:2: not valid JSON"),
    ('{"version": 9}', "baseline.json: not a healthlint baseline"),
    ('{"version": 1, "entries": [{"path": "a"}]}', "baseline.json: entry 1 needs `path`"),
])
def test_a_bad_baseline_is_exit_2_with_a_clear_message(content: str | None, message: str) -> None:
    if content is not None:
        Path("baseline.json").write_text(content, encoding="utf-8")
    code, out, err = check()
    assert code == 2
    assert message in err
    assert out == ""
