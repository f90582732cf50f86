"""Text styles: `full` code frames (default on a terminal), `concise` in pipes, `grouped`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.output.formats.codeframe import frame_window, printable
from tests.conftest import ROOT
from tests.conftest import run_cli as run

LONG = ("Before the operation you will stay at home and rest for a few days, and then a nurse "
        "will call you to talk about the plan for the day of the operation and about the food "
        "you may eat, and a small catheter may be placed in your arm by the nurse.")

ARTICLE = f"""\
# Knee Arthroscopy

A small camera, e.g. a scope, is put into the knee.

{LONG}
"""


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(ROOT / "docs" / "examples" / "custom-pack.yaml", tmp_path)
    (tmp_path / ".healthlint.yaml").write_text(
        "extends: [procedure, ./custom-pack.yaml]\n"
        "rules:\n  required-section: off\n  review-date: off\n  readability: off\n"
        "  sentence-length: off\n")
    (tmp_path / "knee.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


FULL = """\
knee.md (2 problems)
  3:17 info no-latin-abbreviations Spell out "e.g." ("for example", "that is", "and so on").
    |
  3 | A small camera, e.g. a scope, is put into the knee.
    |                 ^^^^
  5:196 warning plain-language Patients may not know "catheter"; say "thin tube" instead, or explain the term the first time you use it.
    |
  5 | …ion and about the food you may eat, and a small catheter may be placed in your arm by the nurse.
    |                                                  ^^^^^^^^

1 file checked: 0 errors, 1 warning, 1 info
"""


def test_full_shows_each_problem_with_its_line_cut_around_a_long_line(library: Path) -> None:
    assert LONG.index("catheter") == 195
    code, out, _ = run("check", "--format", "full", "knee.md")
    assert (code, out) == (0, FULL)


def test_grouped_lists_problems_under_a_heading_per_file(library: Path) -> None:
    code, out, _ = run("check", "--format", "grouped", "knee.md")
    assert out == (
        "knee.md (2 problems)\n"
        '  3:17 info no-latin-abbreviations Spell out "e.g." ("for example", "that is", "and so on").\n'
        '  5:196 warning plain-language Patients may not know "catheter"; say "thin tube" instead, '
        "or explain the term the first time you use it.\n"
        "\n"
        "1 file checked: 0 errors, 1 warning, 1 info\n")


def test_text_in_a_pipe_is_the_concise_one_line_form(library: Path) -> None:
    concise = (
        'knee.md:3:17: info no-latin-abbreviations Spell out "e.g." ("for example", "that is", "and so on").\n'
        'knee.md:5:196: warning plain-language Patients may not know "catheter"; say "thin tube" '
        "instead, or explain the term the first time you use it.\n"
        "1 file checked: 0 errors, 1 warning, 1 info\n")
    for args in ((), ("--format", "text"), ("--format", "concise")):
        assert run("check", *args, "knee.md")[1] == concise


def _on_a_terminal(*args: str, cwd: Path) -> str:
    """Run `python -m linter ARGS` with stdout on a pseudo-terminal, as in a shell."""
    import pty  # POSIX only

    leader, follower = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    env.pop("GITHUB_ACTIONS", None)
    process = subprocess.Popen([sys.executable, "-m", "linter", *args], cwd=cwd, env=env,
                               stdout=follower, stderr=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_full_is_the_default_on_a_terminal(library: Path) -> None:
    assert _on_a_terminal("check", "knee.md", cwd=library) == FULL
    assert _on_a_terminal("check", "--format", "concise", "knee.md", cwd=library).startswith(
        "knee.md:3:17: info")


def test_frames_never_print_control_characters_from_the_article(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.md").write_text(
        "# Knee Arthroscopy\n\nClick \x1b]8;;http://x\x07here\x1b[2J\u202e to utilize it.\n",
        encoding="utf-8")
    code, out, _ = run("check", "--format", "full", "x.md")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "  3 | Click \ufffd]8;;http://x\ufffdhere\ufffd[2J\ufffd to utilize it.\n" in out
    before = len("Click \x1b]8;;http://x\x07here\x1b[2J\u202e to ")
    assert "    | " + " " * before + "^^^^^^^\n" in out  # under "utilize"


def test_window_and_printable() -> None:
    line = "x" * 200
    shown, start, end = frame_window(line, 150, 155, width=40)
    assert (shown, start, end) == ("…" + "x" * 40 + "…", 14, 19)  # 13 (a third) before
    assert frame_window("short", 1, 3) == ("short", 1, 3)
    assert printable("a\tb\x1bc\u200bd") == "a b\ufffdc\ufffdd"


def test_wide_characters_keep_the_caret_under_the_span(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.md").write_text("# Knee Arthroscopy\n\n膝の手術 utilize it.\n", encoding="utf-8")
    out = run("check", "--format", "full", "x.md")[1]
    assert "  3 | 膝の手術 utilize it.\n    |          ^^^^^^^\n" in out


@given(st.text(max_size=300), st.integers(0, 300), st.integers(1, 40), st.integers(10, 120))
def test_the_window_always_shows_the_span_start_and_fits(line: str, start: int, length: int,
                                                         width: int) -> None:
    start = min(start, len(line))
    end = min(start + length, len(line))
    shown, a, b = frame_window(line, start, end, width)
    assert len(shown) <= width + 2  # and an ellipsis at each cut end
    assert 0 <= a <= b <= len(shown)
    if len(line) <= width:
        assert (shown, a, b) == (line, start, end)
    elif start < len(line):
        assert shown[a] == line[start]
        assert shown[a:b] == line[start:start + b - a]
