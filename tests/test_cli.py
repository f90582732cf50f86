"""The `healthlint check` and `healthlint rules` commands, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.conftest import run_cli as run

ARTICLE = """\
# Knee Arthroscopy

A scope is put into the knee to look inside the joint.

## Reasons for Procedure

Keep the bandage dry for two days after the procedure.

Keep the bandage dry for two days after the procedure.
"""


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "knee.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def only(rule: str, problems: list[dict[str, object]]) -> list[dict[str, object]]:
    return [p for p in problems if p["rule"] == rule]


def test_text_output_is_one_line_per_problem_then_a_summary(article: Path) -> None:
    code, out, _ = run("check", str(article), "--as-of", "2026-11-24", "--format", "text")
    lines = out.splitlines()
    assert f"{article}:9:1: error duplicate-paragraph This paragraph repeats the one at line 7; delete one copy." in lines
    assert lines[-1].startswith("1 file checked: ")
    assert "\x1b[" not in out  # no colour when not a terminal
    assert code == 1


def test_json_output_has_positions_and_paths_as_given(article: Path) -> None:
    code, out, _ = run("check", str(article), "--format", "json", "--as-of", "2026-11-24")
    data = json.loads(out)
    assert data["version"] == 1 and data["files"] == 1
    dup = only("duplicate-paragraph", data["problems"])
    assert dup == [{
        "path": str(article), "line": 9, "column": 1, "end_line": 9,
        "end_column": len("Keep the bandage dry for two days after the procedure.") + 1,
        "rule": "duplicate-paragraph", "severity": "error",
        "message": "This paragraph repeats the one at line 7; delete one copy.",
    }]
    assert code == 1


def test_front_matter_counts_in_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: X\n---\n" + ARTICLE, encoding="utf-8")
    _, out, _ = run("check", str(path), "--format", "json")
    assert [p["line"] for p in only("duplicate-paragraph", json.loads(out)["problems"])] == [12]


def test_exit_zero_when_only_warnings_unless_fail_on_warning(tmp_path: Path) -> None:
    config = tmp_path / "cfg.yaml"
    config.write_text("extends: procedure\nrules:\n  duplicate-paragraph: warning\n"
                      "  required-section: off\n", encoding="utf-8")
    path = tmp_path / "knee.md"
    path.write_text(ARTICLE, encoding="utf-8")
    base = ("check", str(path), "--config", str(config), "--format", "json", "--as-of", "2026-11-24")
    code, out, _ = run(*base)
    assert {p["severity"] for p in json.loads(out)["problems"]} <= {"warning", "info"}
    assert code == 0
    code, _, _ = run(*base, "--fail-on", "warning")
    assert code == 1


def test_folders_are_walked_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "sub/c.md", "notes.rst", ".hidden/d.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    _, out, _ = run("check", str(tmp_path), "--format", "json")
    data = json.loads(out)
    paths = list(dict.fromkeys(p["path"] for p in data["problems"]))
    assert data["files"] == 3
    assert paths == [str(tmp_path / "a.txt"), str(tmp_path / "b.md"), str(tmp_path / "sub" / "c.md")]


def test_stdin_with_a_filename_picks_the_format() -> None:
    code, out, _ = run("check", "-", "--stdin-filename", "knee.md", "--format", "json",
                       input=ARTICLE)
    data = json.loads(out)
    assert data["files"] == 1
    assert [p["line"] for p in only("duplicate-paragraph", data["problems"])] == [9]
    assert {p["path"] for p in data["problems"]} == {"knee.md"}
    assert code == 1


def test_an_unreadable_file_is_exit_2_and_other_files_still_run(tmp_path: Path, article: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# Title\n\xff\xfe\xfa broken\n")
    code, out, _ = run("check", str(bad), str(article), "--format", "json")
    problems = json.loads(out)["problems"]
    assert only("parse-error", problems) == [{
        "path": str(bad), "line": 2, "column": 1, "end_line": 2, "end_column": 1,
        "rule": "parse-error", "severity": "error",
        "message": "not valid UTF-8: byte 0xff at line 2, column 1; save the file as UTF-8",
    }]
    assert only("duplicate-paragraph", problems)
    assert code == 2


def test_a_missing_path_is_reported_not_a_traceback(tmp_path: Path) -> None:
    code, out, _ = run("check", str(tmp_path / "nope.md"))
    assert "parse-error cannot be read: No such file or directory" in out
    assert code == 2


def test_as_of_must_be_a_date(article: Path) -> None:
    code, _, err = run("check", str(article), "--as-of", "2026-13-45")
    assert code == 2
    assert "--as-of" in err


def test_config_file_is_found_in_a_parent_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".healthlint.yaml").write_text("extends: procedure\nrules:\n  duplicate-paragraph: off\n",
                                               encoding="utf-8")
    sub = tmp_path / "articles"
    sub.mkdir()
    (sub / "knee.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(sub)
    _, out, _ = run("check", "knee.md", "--format", "json")
    assert not only("duplicate-paragraph", json.loads(out)["problems"])


def test_config_errors_are_exit_2_with_file_and_key(tmp_path: Path, article: Path) -> None:
    config = tmp_path / "cfg.yaml"
    config.write_text("extends: procedure\nrulez: {}\n", encoding="utf-8")
    code, out, err = run("check", str(article), "--config", str(config))
    assert code == 2
    assert f"{config}: rulez: unknown key" in err
    assert "Traceback" not in out + err


def test_rules_lists_every_rule_with_severity_and_description() -> None:
    code, out, _ = run("rules")
    assert code == 0
    lines = {line.split()[0]: line.split()[1] for line in out.splitlines()}
    assert lines["duplicate-paragraph"] == "error"
    assert lines["required-section"] == "error"
    assert "A paragraph repeats" in out


def test_sample_articles_run_with_documented_exit_code() -> None:
    code, out, _ = run("check", str(SAMPLES), "--as-of", "2026-11-24", "--format", "json")
    data = json.loads(out)
    assert data["files"] >= 6
    assert not only("parse-error", data["problems"])
    assert not only("internal-error", data["problems"])
    assert code == 1  # the samples that show defects have error-level problems
