"""Per-check cases as data: tests/cases/<check kind>.yaml.

Each file holds `cases:`, each with a `name`, an `input` article, optional `format`
(markdown or text), `params` and `as_of`, and `expect`: the exact findings as
"LINE: message" strings (an empty list for a passing case).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from linter.registry import CHECKS
from tests.conftest import AS_OF, parse_text

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list[Any]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            cases.append(pytest.param(path.stem, case, id=f"{path.stem}: {case['name']}"))
    return cases


@pytest.mark.parametrize(("kind", "case"), _load_cases())
def test_case(kind: str, case: dict[str, Any]) -> None:
    check = CHECKS[kind]
    params = check.params.model_validate(case.get("params") or {})
    as_of = dt.date.fromisoformat(str(case["as_of"])) if "as_of" in case else AS_OF
    doc = parse_text(case["input"], case.get("format", "markdown"), as_of=as_of)
    found = [f"{f.line}: {f.message}" for f in check.run(doc, params)]
    assert found == case["expect"]


def test_every_check_has_passing_and_failing_cases() -> None:
    for kind in CHECKS:
        path = CASES_DIR / f"{kind}.yaml"
        assert path.is_file(), f"no cases for check {kind}"
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        assert any(not c["expect"] for c in cases), f"{kind}: no passing case"
        assert any(c["expect"] for c in cases), f"{kind}: no failing case"
