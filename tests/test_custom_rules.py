"""Custom rules from YAML (existence, substitution, required_phrase), bounded patterns,
config errors for bad patterns, the fixes of the structure rules, and the seed bars."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.checks import existence, substitution
from linter.cli import main
from linter.config import load_config
from linter.model.problems import Fix, Problem
from tests.conftest import ROOT, SEED, lint_text, parse_text

EXAMPLE_PACK = ROOT / "docs" / "examples" / "custom-pack.yaml"

ARTICLE = """\
# Knee Arthroscopy

A small camera is put into the knee, e.g. to find a torn cartilage. Click here for a video.

## Post-procedure Care

E-mail your physician if the knee swells.

## Call Your Doctor

Call your doctor if you have a fever. If it is an emergency, call for medical help right away.
"""


def _config_with_example_pack(tmp_path: Path, extra: str = "") -> Path:
    shutil.copy(EXAMPLE_PACK, tmp_path / "custom-pack.yaml")
    config = tmp_path / ".healthlint.yaml"
    config.write_text("extends: [procedure, ./custom-pack.yaml]\n" + extra, encoding="utf-8")
    return config


def _apply(text: str, fixes: list[Fix]) -> str:
    """Apply non-overlapping fixes bottom-up, as a fixer would."""
    lines = text.split("\n")
    for fix in sorted(set(fixes), key=lambda f: -f.line):
        lines[fix.line - 1 : fix.end_line] = list(fix.replacement)
    return "\n".join(lines)


def _found(problems: tuple[Problem, ...], *rules: str) -> list[tuple[str, int, str]]:
    return [(p.rule, p.line, p.message) for p in problems if p.rule in rules]


# ----------------------------------------------------------------------------- example pack


def test_example_pack_runs_through_a_user_config(tmp_path: Path) -> None:
    config = load_config(_config_with_example_pack(tmp_path))
    result = lint_text(ARTICLE, config=config)
    custom = ("no-click-here", "no-latin-abbreviations", "house-words", "follow-up-visit",
              "emergency-number")
    assert _found(result.problems, *custom) == [
        ("no-latin-abbreviations", 3, 'Spell out "e.g." ("for example", "that is", "and so on").'),
        ("no-click-here", 3, '"Click here" means nothing when printed or read aloud; name what '
         "the reader will find."),
        ("follow-up-visit", 5, '"Post-procedure Care" does not contain the required phrase; add '
         'one, e.g. "follow-up visit".'),
        ("house-words", 7, 'Use "Email" instead of "E-mail".'),
        ("house-words", 7, 'Use "doctor" instead of "physician".'),
        ("emergency-number", 9, '"Call Your Doctor" does not give the emergency number; add '
         '"call 911".'),
    ]
    # the built-in rules still run beside the custom ones
    assert any(p.rule == "required-section" for p in result.problems)


def test_example_pack_rules_can_be_overridden_by_the_user_config(tmp_path: Path) -> None:
    config = load_config(_config_with_example_pack(
        tmp_path, "rules:\n  house-words: {severity: error}\n  no-click-here: off\n"))
    result = lint_text(ARTICLE, config=config)
    assert {p.severity.value for p in result.problems if p.rule == "house-words"} == {"error"}
    assert not [p for p in result.problems if p.rule == "no-click-here"]


def test_example_pack_through_the_cli(tmp_path: Path) -> None:
    config = _config_with_example_pack(tmp_path)
    article = tmp_path / "knee.md"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(article), "--config", str(config),
                                       "--as-of", "2026-11-24", "--format", "json", "-j", "1"])
    problems = json.loads(result.output)["problems"]
    assert ("emergency-number", 9) in {(p["rule"], p["line"]) for p in problems}


# ----------------------------------------------------------------------------- bad patterns


@pytest.mark.parametrize(
    ("rule", "key"),
    [
        ("{check: existence, params: {patterns: ['(']}}", "rules.my-rule.params.patterns.0"),
        ("{check: required_phrase, params: {section: Call Your Doctor, patterns: ['[a-']}}",
         "rules.my-rule.params.patterns.0"),
        ("{check: substitution, params: {swap: {'(x': y}, regex: true}}",
         "rules.my-rule.params"),
        ("{check: boilerplate_residue, params: {navigation: ['a)']}}",
         "rules.my-rule.params.navigation.0"),
        ("{check: emergency_statement, params: {patterns: ['*']}}",
         "rules.my-rule.params.patterns.0"),
    ],
)
def test_a_bad_pattern_is_a_config_error_naming_file_and_key(
    tmp_path: Path, rule: str, key: str
) -> None:
    config = tmp_path / "team.yaml"
    config.write_text(f"extends: procedure\nrules:\n  my-rule: {rule}\n", encoding="utf-8")
    article = tmp_path / "knee.md"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(article), "--config", str(config)])
    assert result.exit_code == 2
    assert f"{config}: {key}:" in result.output
    assert "regular expression" in result.output
    assert "Traceback" not in result.output


def test_a_custom_rule_with_nothing_to_find_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "team.yaml"
    config.write_text("extends: procedure\nrules:\n  empty: {check: existence}\n",
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--config", str(config)])
    assert result.exit_code == 2
    assert f"{config}: rules.empty.params: Value error, give `tokens` or `patterns`" in result.output


# ----------------------------------------------------------------------------- bounded matching


def test_a_nested_repeat_on_a_long_line_returns_quickly() -> None:
    doc = parse_text("# Knee\n\n" + "a" * 5000 + "b\n")
    started = time.perf_counter()
    found = list(existence.check(doc, existence.Params(patterns=("(a+)+$",))))
    assert time.perf_counter() - started < 1.0
    # unbounded, this search takes minutes (cubic backtracking on 5,000 letters)
    assert [(f.line, f.message) for f in found] == [(3, 'The pattern "(a+)+$" took longer than '
            "0.1 s on this text and was stopped; simplify it (nested repeats such as (a|aa)+ "
            "backtrack without end).")]


def test_a_catastrophic_pattern_is_stopped_and_reported_not_hung(tmp_path: Path) -> None:
    config = tmp_path / "team.yaml"
    config.write_text(
        "extends: procedure\nrules:\n  slow: {check: existence, params: "
        "{patterns: ['(a|aa)+$'], timeout: 0.05}}\n", encoding="utf-8")
    text = "# Knee\n\n" + "\n\n".join("a" * 200 + "b" for _ in range(20)) + "\n"
    started = time.perf_counter()
    result = lint_text(text, config=load_config(config))
    assert time.perf_counter() - started < 2.0
    assert _found(result.problems, "slow") == [(
        "slow", 3, 'The pattern "(a|aa)+$" took longer than 0.05 s on this text and was '
        "stopped; simplify it (nested repeats such as (a|aa)+ backtrack without end).")]


# ----------------------------------------------------------------------------- fixes


def test_a_fixable_substitution_replaces_the_line_and_spares_addresses() -> None:
    text = ("# Knee\n\nE-mail your physician at https://example.org/e-mail or "
            "[the e-mail form](https://example.org/physician).\n")
    params = substitution.Params(swap={"e-mail": "email", "physician": "doctor"}, fixable=True)
    found = list(substitution.check(parse_text(text), params))
    assert [f.message for f in found] == [
        'Use "Email" instead of "E-mail".',
        'Use "doctor" instead of "physician".',
        'Use "email" instead of "e-mail".',  # the link text, not the addresses
    ]
    fixed = ("Email your doctor at https://example.org/e-mail or "
             "[the email form](https://example.org/physician).")
    assert {f.fix for f in found} == {Fix(3, 3, (fixed,))}


def test_a_substitution_is_not_fixable_unless_the_pack_says_so() -> None:
    doc = parse_text("# Knee\n\nE-mail us.\n")
    found = list(substitution.check(doc, substitution.Params(swap={"e-mail": "email"})))
    assert [f.fix for f in found] == [None]


RESIDUE = """\
Knee Arthroscopy

A small camera is put into the knee.

Reasons for Procedure    TOP

It can find the cause of knee pain.
Knee Joint
Knee joint front view
Copyright © Example Medical Art, Inc.

Will It Hurt?You may feel some pressure.

Revision Information

Last reviewed: May 3, 2026

Health Library Search

2 Hip Replacement procedure

A hip replacement swaps a worn hip joint for a new one made of metal and plastic. It is...
"""

CLEANED = """\
Knee Arthroscopy

A small camera is put into the knee.

Reasons for Procedure

It can find the cause of knee pain.

Will It Hurt?

You may feel some pressure.

Revision Information

Last reviewed: May 3, 2026
"""


def test_residue_back_to_top_and_glued_heading_fixes_leave_the_article_clean() -> None:
    result = lint_text(RESIDUE, fmt="text")
    mine = [p for p in result.problems if p.rule in ("boilerplate-residue", "glued-heading")]
    assert [(p.rule, p.line, p.end_line) for p in mine] == [
        ("boilerplate-residue", 5, 5),
        ("boilerplate-residue", 8, 10),
        ("glued-heading", 12, 12),
        ("boilerplate-residue", 18, 22),
    ]
    fixes = [p.fix for p in mine if p.fix is not None]
    assert len(fixes) == 4
    assert _apply(RESIDUE, fixes) == CLEANED + "\n"
    after = lint_text(_apply(RESIDUE, fixes), fmt="text")
    assert not [p for p in after.problems if p.rule in ("boilerplate-residue", "glued-heading")]


# ----------------------------------------------------------------------------- the seed


@pytest.mark.skipif(not SEED.is_file(), reason="seed article not available")
def test_seed_structure_bars() -> None:
    result = lint_text(SEED.read_text(encoding="utf-8"), fmt="text")
    assert [p.line for p in result.problems if p.rule == "dangling-list"] == [12, 38]
    residue = [(p.line, p.end_line) for p in result.problems if p.rule == "boilerplate-residue"]
    assert residue == [(14, 16), (40, 42), (136, 170)]
    assert not [p for p in result.problems if p.rule in ("emergency-statement", "glued-heading")]


def test_the_structure_rules_are_on_by_default() -> None:
    result = CliRunner().invoke(main, ["rules"])
    listed = {line.split()[0]: line.split()[1] for line in result.output.splitlines()}
    for rule in ("dangling-list", "boilerplate-residue", "emergency-statement", "glued-heading"):
        assert listed[rule] == "warning"


def test_a_swap_wrapped_across_lines_offers_no_fix_it_cannot_make() -> None:
    # the line's fix swaps within that line only: sharing it would mark the wrapped phrase
    # fixable ([*] in --statistics) and leave it in the text after --fix
    doc = parse_text("# Knee Arthroscopy\n\nA camera is used. E-mail your health care\n"
                     "provider with questions.\n")
    params = substitution.Params.model_validate(
        {"swap": {"e-mail": "email", "health care provider": "doctor"}, "fixable": True})
    found = [(f.line, f.column, f.end_line, f.fix is not None)
             for f in substitution.check(doc, params)]
    assert found == [(3, 19, 3, True), (3, 31, 4, False)]
