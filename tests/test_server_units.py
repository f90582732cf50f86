"""The language server's pieces in-process: positions, edits, actions, hover, options, CLI."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("lsprotocol", reason="the server extra is not installed: pip install 'healthlint[server]'")

from lsprotocol import types  # noqa: E402

import linter.server  # noqa: E402
from linter.config import load_config  # noqa: E402
from linter.engine import lint_bytes  # noqa: E402
from linter.model.problems import Problem, Severity  # noqa: E402
from linter.output.fixes import Source, apply, fix_bytes  # noqa: E402
from linter.server.actions import code_actions, disable_edit  # noqa: E402
from linter.server.convert import Lines, escape_markdown, hover_text, text_edits  # noqa: E402
from linter.server.settings import Options, parse_options  # noqa: E402
from tests.conftest import AS_OF, SAMPLES, SEED, run_cli  # noqa: E402
from tests.lsp_helpers import apply_edits  # noqa: E402

ARTICLES = sorted(SAMPLES.iterdir()) + ([SEED] if SEED.is_file() else [])
EVERYTHING = types.Range(types.Position(0, 0), types.Position(10**6, 0))


def utf8_units(text: str) -> int:
    return len(text.encode("utf-8"))


def test_positions_count_code_units_of_the_encoding() -> None:
    lines = Lines.of("# Title\r\nA \U0001f600 smile and é here\rlast")
    problem = Problem("a.md", 2, 5, 2, 10, "r", Severity.WARNING, "m")  # "smile"
    assert lines.range(problem) == types.Range(types.Position(1, 5), types.Position(1, 10))
    utf8 = Lines(lines.lines, utf8_units)
    assert utf8.range(problem) == types.Range(types.Position(1, 7), types.Position(1, 12))
    # past the end of the text: clamped to the last line, never a position the client rejects
    assert lines.position(99, 1) == types.Position(2, 0)


@pytest.mark.parametrize("before, after", [
    ("a\nb\nc\n", "a\nc\n"),
    ("a\r\nb\r\nc", "a\r\nb"),
    ("a\nb", "a\nb\nc\n"),
    ("x", ""),
    ("same\n", "same\n"),
])
def test_text_edits_turn_one_text_into_the_other(before: str, after: str) -> None:
    assert apply_edits(before, text_edits(before, after)) == after


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_each_quick_fix_is_the_fix_that_fix_applies(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    config = load_config(None)
    result = lint_bytes(str(path), text.encode(), config, AS_OF)
    lines = Lines.of(text)
    actions = code_actions("file:///a", text, result, lines, EVERYTHING, ["quickfix"], config, AS_OF)
    fixes = [a for a in actions if a.title.startswith("Fix ")]
    fixable = [p for p in result.problems if p.fix is not None]
    assert len(fixes) == len(fixable)
    for action, problem in zip(fixes, fixable, strict=True):
        assert problem.fix is not None and action.edit is not None and action.edit.changes is not None
        expected, _ = apply(Source.from_bytes(text.encode()), [problem.fix])
        assert apply_edits(text, action.edit.changes["file:///a"]) == expected.to_bytes().decode()
        assert action.diagnostics is not None and action.diagnostics[0].code == problem.rule


@pytest.mark.parametrize("path", [p for p in ARTICLES if p.suffix == ".md"], ids=lambda p: p.name)
def test_disable_for_this_line_silences_exactly_that_problem(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    config = load_config(None)
    result = lint_bytes(str(path), text.encode(), config, AS_OF)
    lines = Lines.of(text)
    actions = code_actions("file:///a", text, result, lines, EVERYTHING, None, config, AS_OF)
    disables = [a for a in actions if a.title.startswith("Disable ")]
    assert disables or not result.problems
    for action in disables:
        assert action.edit is not None and action.edit.changes is not None and action.diagnostics
        rule, line = action.diagnostics[0].code, action.diagnostics[0].range.start.line + 1
        assert action.title == f"Disable {rule} for this line"
        after = lint_bytes(str(path), apply_edits(text, action.edit.changes["file:///a"]).encode(),
                           config, AS_OF)
        assert (rule, line + 1) not in [(p.rule, p.line) for p in after.problems]
        assert "unknown-rule" not in [p.rule for p in after.problems]


def test_disable_adds_the_rule_to_a_comment_already_there() -> None:
    lines = Lines.of("Text.\n  <!-- healthlint-disable-next-line sentence-length -->\n  A long line.\n")
    assert disable_edit(lines, "plain-language", 3, "\n") == types.TextEdit(
        types.Range(types.Position(1, 0), types.Position(1, 55)),
        "  <!-- healthlint-disable-next-line sentence-length, plain-language -->")
    assert disable_edit(Lines.of("a\r\n- item\r\n"), "r", 2, "\r\n") == types.TextEdit(
        types.Range(types.Position(1, 0), types.Position(1, 0)),
        "<!-- healthlint-disable-next-line r -->\r\n")


def test_plain_text_articles_get_no_disable_action() -> None:
    path = SAMPLES / "colonoscopy.txt"
    text = path.read_text(encoding="utf-8")
    config = load_config(None)
    result = lint_bytes(str(path), text.encode(), config, AS_OF)
    actions = code_actions("file:///a", text, result, Lines.of(text), EVERYTHING, None, config, AS_OF)
    assert result.problems and not [a for a in actions if a.title.startswith("Disable")]
    assert [a.kind for a in actions if a.kind != "quickfix"] == ["source.fixAll.healthlint"]


def test_hover_shows_article_text_inert() -> None:
    problem = Problem("a.md", 1, 1, 1, 5, "plain-language", Severity.WARNING,
                      'Patients may not know "[click](javascript:alert(1))"; <b>explain</b> it.')
    text = hover_text([problem], load_config(None))
    assert r"\[click\]\(javascript:alert\(1\)\)" in text and r"\<b\>explain\</b\>" in text
    assert "[click](" not in text and "<b>" not in text
    assert escape_markdown("*a*  _b_\n`c`") == r"\*a\* \_b\_ \`c\`"


def test_options_from_the_client() -> None:
    root = Path("/work/site")
    assert parse_options(None, root) == (Options(), [])
    options, errors = parse_options({"asOf": "2026-11-24", "configPath": "cfg/.healthlint.yaml",
                                     "lintOnChange": False, "debounceMs": 750}, root)
    assert options == Options(dt.date(2026, 11, 24), root / "cfg/.healthlint.yaml", False, 750)
    assert errors == []
    options, errors = parse_options({"asOf": "24/11/2026", "lintOnChange": "yes", "debounceMs": -1}, root)
    assert options == Options()
    assert errors == [
        "asOf must be a date YYYY-MM-DD, got '24/11/2026'; using today",
        "lintOnChange must be true or false, got 'yes'",
        "debounceMs must be a number of milliseconds from 0 to 10000, got -1",
    ]


def test_server_command_without_its_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linter.server, "missing_dependencies", lambda: ["pygls", "lsprotocol"])
    code, out, err = run_cli("server")
    assert (code, out) == (2, "")
    assert err == ("healthlint: the language server needs pygls and lsprotocol; install them with: "
                   "pip install 'healthlint[server]'\n")


def test_check_does_not_import_the_server_libraries() -> None:
    probe = "import sys, linter.cli; print(sorted(m for m in ('pygls', 'lsprotocol') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_fix_all_is_what_fix_writes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    config = load_config(None)
    result = lint_bytes(str(path), text.encode(), config, AS_OF)
    actions = code_actions("file:///a", text, result, Lines.of(text), EVERYTHING, ["source.fixAll"],
                           config, AS_OF)
    fixed = fix_bytes(str(path), text.encode(), config, AS_OF)
    if not fixed.changed:
        assert actions == []
        return
    assert [a.title for a in actions] == [
        f"Fix all healthlint problems in this file ({fixed.applied} fix{'es' if fixed.applied > 1 else ''})"]
    assert actions[0].edit is not None and actions[0].edit.changes is not None
    assert apply_edits(text, actions[0].edit.changes["file:///a"]) == fixed.after.decode()
