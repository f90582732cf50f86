"""Per-check cases as data: tests/cases/<check kind>.yaml.

Each file holds `cases:`, each with

- `name`: what the case shows;
- `input`: the article;
- optional `format` (markdown or text), `params` (the rule's params) and `as_of`;
- `expect`: every problem the user sees, in the order healthlint reports them, as
  "LINE:COLUMN-END_LINE:END_COLUMN: message" (1-based; the end column is just past the
  last character, as in the JSON output). An empty list is a passing case;
- `fixed`: the whole article after `healthlint check --fix`, present exactly when a
  problem carries a fix (a case whose problems carry none must not have it).

The article is linted as `healthlint check` lints a file (article.md or article.txt) with a
config of one rule of this kind, and fixed with the same `fix_bytes` as `--fix`, so the case
asserts the positions, messages and fixed text a user sees.

To write a new case, give `expect: []` first, run this test and copy what it reports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from linter.config import Config, Rule, load_config
from linter.engine import FileResult, lint_bytes
from linter.model.problems import Problem, Severity
from linter.output.fixes import fix_bytes
from linter.registry import CHECKS, FIXABLE
from tests.conftest import AS_OF

CASES_DIR = Path(__file__).parent / "cases"


def _case_files() -> dict[str, list[dict[str, Any]]]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        for path in sorted(CASES_DIR.glob("*.yaml"))
    }


def _load_cases() -> list[Any]:
    return [
        pytest.param(kind, case, id=f"{kind}: {case['name']}")
        for kind, cases in _case_files().items()
        for case in cases
    ]


def case_config(kind: str, case: dict[str, Any]) -> Config:
    """The default config with one rule, named after the kind, with the case's params."""
    check = CHECKS[kind]
    params = check.params.model_validate(case.get("params") or {})
    rule = Rule(kind, check, Severity.WARNING, check.summary, params, "tests/cases")
    return dataclasses.replace(load_config(None), rules=(rule,))


def case_path(case: dict[str, Any]) -> str:
    return "article.md" if case.get("format", "markdown") == "markdown" else "article.txt"


def case_date(case: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(str(case["as_of"])) if "as_of" in case else AS_OF


def lint_case(kind: str, case: dict[str, Any]) -> tuple[FileResult, Config]:
    config = case_config(kind, case)
    data = case["input"].encode("utf-8")
    return lint_bytes(case_path(case), data, config, case_date(case)), config


def shown(problem: Problem) -> str:
    return (f"{problem.line}:{problem.column}-{problem.end_line}:{problem.end_column}: "
            f"{problem.message}")


def fixed_text(kind: str, case: dict[str, Any]) -> str:
    """The article after `--fix` with the case's rule."""
    result, config = lint_case(kind, case)
    data = case["input"].encode("utf-8")
    return fix_bytes(case_path(case), data, config, case_date(case), result).after.decode("utf-8")


@pytest.mark.parametrize(("kind", "case"), _load_cases())
def test_case(kind: str, case: dict[str, Any]) -> None:
    result, _ = lint_case(kind, case)
    assert not result.failed, [shown(p) for p in result.problems]
    assert {p.rule for p in result.problems} <= {kind}, [f"{p.rule} {shown(p)}" for p in
                                                         result.problems]
    assert [shown(p) for p in result.problems] == case["expect"]
    if any(p.fix is not None for p in result.problems):
        assert "fixed" in case, "a problem carries a fix: give the text after it as `fixed:`"
        assert fixed_text(kind, case) == case["fixed"]
    else:
        assert "fixed" not in case, "no problem carries a fix, so the case has no `fixed:`"


def test_every_check_has_passing_and_failing_cases() -> None:
    files = _case_files()
    for kind in CHECKS:
        assert kind in files, f"no cases for check {kind}"
        cases = files[kind]
        assert any(not c["expect"] for c in cases), f"{kind}: no passing case"
        assert any(c["expect"] for c in cases), f"{kind}: no failing case"


def test_every_fixable_check_has_a_case_with_its_fixed_text() -> None:
    files = _case_files()
    assert {kind for kind, cases in files.items() if any("fixed" in c for c in cases)} == FIXABLE
