"""`healthlint rules ID`: each rule explained, with examples that the rules themselves judge."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import yaml

from linter.config import builtin_packs, load_config
from linter.engine import lint_bytes
from linter.model.problems import ENGINE_RULES
from linter.output import fixes
from linter.output.ruledoc import examples
from linter.registry import CHECKS, FIXABLE
from linter.resources import rules_dir
from tests.conftest import run_cli as run
from tests.test_cli import ARTICLE

AS_OF, EXAMPLES = examples()
PACK_RULES = sorted({rule_id for pack in builtin_packs() for rule_id in yaml.safe_load(
    (rules_dir() / f"{pack}.yaml").read_text(encoding="utf-8")).get("rules", {})})


def messages(rule_id: str, text: str, fmt: str) -> list[str]:
    path = "example.txt" if fmt == "text" else "example.md"
    result = lint_bytes(path, text.encode("utf-8"), load_config(None), AS_OF)
    return [p.message for p in result.problems if p.rule == rule_id]


def test_every_built_in_rule_has_examples() -> None:
    assert sorted(EXAMPLES) == PACK_RULES


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_the_failing_example_gets_the_message_shown_and_the_passing_one_does_not(rule_id: str) -> None:
    example = EXAMPLES[rule_id]
    assert example.message in messages(rule_id, example.fails, example.fmt)
    assert example.message not in messages(rule_id, example.passes, example.fmt)


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_fix_fixes_the_failing_example_exactly_when_the_docs_say_so(rule_id: str) -> None:
    example = EXAMPLES[rule_id]
    path = "example.txt" if example.fmt == "text" else "example.md"
    fixed = fixes.fix_bytes(path, example.fails.encode("utf-8"), load_config(None), AS_OF)
    remaining = [p.message for p in fixed.result.problems if p.rule == rule_id]
    if load_config(None).rule(rule_id).check.name in FIXABLE:  # type: ignore[union-attr]
        assert fixed.applied > 0 and example.message not in remaining
    else:
        assert example.message in remaining


def test_fixable_kinds_are_the_checks_that_build_a_fix() -> None:
    building = {name for name, check in CHECKS.items()
                if "Fix(" in inspect.getsource(inspect.getmodule(check.run))}  # type: ignore[arg-type]
    assert building == FIXABLE


def test_rules_id_prints_what_why_params_examples_and_fix() -> None:
    code, out, _ = run("rules", "sentence-length")
    assert code == 0
    lines = out.splitlines()
    assert lines[:5] == [
        "sentence-length: A sentence has more words than the limit.",
        "",
        "Severity: warning (in built-in pack 'procedure'; defined in rules/readability.yaml)",
        "Check kind: sentence_length",
        "Fixed by --fix: no (fix it by hand)",
    ]
    assert "Plain-language guides ask for an average of 15–20 words a sentence; 25 is a common upper" in lines
    params = lines.index("Params (value in this config, and the check's default):")
    assert lines[params + 1:params + 3] == ["  max_words           25  (default)",
                                            "  include_list_items  true  (default)"]
    fails = lines.index("Example that fails:")
    assert lines[fails + 2].startswith("    After the surgery you will rest in a recovery room where")
    assert lines[fails + 4:fails + 7] == [
        "healthlint says (as of 2026-11-24):", "",
        '    The sentence starting "After the surgery you will" has 38 words; the limit is 25. '
        "Split it into shorter sentences."]
    assert "Example that passes:" in lines
    assert lines[-1] == "More: https://github.com/healthlint/healthlint#rule-sentence-length"


def test_rules_id_shows_the_configured_params_next_to_the_defaults(tmp_path: Path) -> None:
    config = tmp_path / "cfg.yaml"
    config.write_text("extends: procedure\nrules:\n  sentence-length:\n    params: {max_words: 20}\n",
                      encoding="utf-8")
    _, out, _ = run("rules", "sentence-length", "--config", str(config))
    assert "  max_words           20  (default 25)" in out.splitlines()
    assert f"Severity: warning (in {config}; defined in {config})" in out


def test_rules_id_says_when_fix_fixes_it() -> None:
    _, out, _ = run("rules", "glued-heading")
    assert "Fixed by --fix: yes (a safe fix; `healthlint check --fix` applies it, `--diff` shows it)" in out


def test_engine_rules_are_listed_and_explained() -> None:
    _, out, _ = run("rules")
    listed = {line.split()[0]: line.split()[1] for line in out.splitlines()}
    assert {name: listed[name] for name in ENGINE_RULES} == {
        "parse-error": "error", "internal-error": "error", "unknown-rule": "warning"}
    code, out, _ = run("rules", "unknown-rule")
    assert code == 0
    assert out.startswith("unknown-rule: A healthlint suppression comment names a rule that does "
                          "not exist.\n\nSeverity: warning (the engine's own rule")


def test_engine_rule_ids_match_the_engine() -> None:
    from linter import engine

    assert set(ENGINE_RULES) == {engine.PARSE_ERROR, engine.INTERNAL_ERROR, engine.UNKNOWN_RULE}


def test_an_unknown_rule_id_is_a_usage_error_with_a_suggestion() -> None:
    code, out, err = run("rules", "sentence-lenght")
    assert (code, out) == (2, "")
    assert err.endswith("Error: no rule 'sentence-lenght' in built-in pack 'procedure'; did you "
                        "mean 'sentence-length'?\n")


def test_severity_info_is_called_info_in_the_summary(tmp_path: Path) -> None:
    config = tmp_path / "cfg.yaml"
    config.write_text("extends: procedure\nrules:\n  duplicate-paragraph: info\n", encoding="utf-8")
    article = tmp_path / "knee.md"
    article.write_text(ARTICLE, encoding="utf-8")
    _, out, _ = run("check", str(article), "--config", str(config), "--select", "duplicate-paragraph",
                    "--as-of", "2026-11-24")
    assert out.splitlines() == [
        f"{article}:9:1: info duplicate-paragraph This paragraph repeats the one at line 7; delete "
        "one copy.",
        "1 file checked: 0 errors, 0 warnings, 1 info"]
