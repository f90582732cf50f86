"""Our sample library: the clean articles stay clean, and every rule is shown by a sample."""

from __future__ import annotations

import pytest

from linter.config import load_config
from linter.engine import collect, lint_file
from tests.conftest import AS_OF, SAMPLES

CLEAN = ("knee-arthroscopy.md", "cataract-surgery.txt", "carpal-tunnel-release.md")


@pytest.mark.parametrize("name", CLEAN)
def test_clean_samples_have_no_problems(name: str) -> None:
    result = lint_file(str(SAMPLES / name), load_config(None), AS_OF)
    assert [f"{p.line}: {p.rule} {p.message}" for p in result.problems] == []


def test_every_rule_is_shown_by_a_sample() -> None:
    config = load_config(None)
    shown = {
        p.rule
        for path in collect([str(SAMPLES)], config)
        for p in lint_file(path, config, AS_OF).problems
    }
    assert {rule.id for rule in config.enabled_rules} - shown == set()


def test_samples_are_ours_in_both_formats() -> None:
    names = sorted(p.name for p in SAMPLES.iterdir())
    assert len(names) >= 6
    assert any(n.endswith(".md") for n in names) and any(n.endswith(".txt") for n in names)
