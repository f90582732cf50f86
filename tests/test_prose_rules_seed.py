"""The prose rules on the real seed article (read at test time from $HEALTHLINT_SEED or the
team's shared folder; none of its text is copied here): jargon once per term, nothing at the title line, a named formula."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from linter.config import load_config
from linter.engine import lint_file
from tests.conftest import AS_OF, SEED

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason=f"seed article not available at {SEED} (set HEALTHLINT_SEED)")
PROSE_RULES = ("plain-language", "readability", "sentence-length", "dangling-list")


def test_the_seed_gets_each_term_once_nothing_at_its_title_and_a_named_formula() -> None:
    result = lint_file(str(SEED), load_config(None), AS_OF)
    mine = [p for p in result.problems if p.rule in PROSE_RULES]
    title_line = 3  # "by AUTHOR", a blank line, then the title
    assert [p for p in mine if p.line == title_line] == []
    terms = Counter(
        re.match(r'Patients may not know "([^"]+)"', p.message).group(1).lower()  # type: ignore[union-attr]
        for p in mine if p.rule == "plain-language"
    )
    assert terms and max(terms.values()) == 1
    assert any('"catheter" (and ' in p.message.lower() for p in mine)
    headline = [p.message for p in mine if p.message.startswith("The prose reads at grade")]
    assert len(headline) == 1
    assert re.match(r"The prose reads at grade [\d.]+ \(SMOG [\d.]+; Flesch–Kincaid [\d.]+\); "
                    r"the target is SMOG grade 8\.", headline[0])
