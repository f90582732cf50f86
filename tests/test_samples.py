"""Our sample library: the clean articles stay clean, and every rule is shown by a sample."""

from __future__ import annotations

import pytest

from linter.analysis.residue import residue_lines
from linter.config import load_config
from linter.engine import collect, lint_file
from linter.output.fixes import fix_bytes
from linter.parsing import parse
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


#: the structure rules, as they read samples in the shape of real health-library pages
STRUCTURE_RULES = {"required-section", "section-order", "empty-section", "duplicate-paragraph",
                   "boilerplate-residue", "glued-heading", "unknown-heading"}
REAL_SHAPED = {
    # a tabbed page: social widget, tab bar, the tab's heading, newer section names,
    # At the Care Center / At Home inside Post-procedure Care, widgets after the article
    "shoulder-arthroscopy.txt": [
        (1, "boilerplate-residue"), (4, "boilerplate-residue"), (17, "boilerplate-residue"),
        (79, "boilerplate-residue"),
    ],
    # a page that lost its title line and its Anesthesia heading; two headings on a line
    "appendectomy.txt": [
        (1, "required-section"), (4, "boilerplate-residue"), (9, "boilerplate-residue"),
        (25, "glued-heading"), (30, "required-section"),
    ],
    # an older revision (complications late), title printed twice, TOP links, a nav bar
    "wisdom-tooth-removal.txt": [
        (1, "boilerplate-residue"), (6, "boilerplate-residue"), (12, "boilerplate-residue"),
        (17, "boilerplate-residue"), (23, "boilerplate-residue"), (70, "unknown-heading"),
        (92, "boilerplate-residue"),
    ],
}


@pytest.mark.parametrize("name", sorted(REAL_SHAPED))
def test_real_shaped_samples_are_read_like_the_pages(name: str) -> None:
    result = lint_file(str(SAMPLES / name), load_config(None), AS_OF)
    found = [(p.line, p.rule) for p in result.problems if p.rule in STRUCTURE_RULES]
    assert found == REAL_SHAPED[name]


def test_real_shaped_samples_have_their_titles() -> None:
    config = load_config(None)
    titles = {name: parse(str(SAMPLES / name), (SAMPLES / name).read_text(encoding="utf-8"),
                          config.choose_template, AS_OF).document.title
              for name in REAL_SHAPED}
    assert titles == {"shoulder-arthroscopy.txt": "Shoulder Arthroscopy",
                      "appendectomy.txt": None,
                      "wisdom-tooth-removal.txt": "Wisdom Tooth Removal"}


@pytest.mark.parametrize("name", sorted(REAL_SHAPED))
def test_fixing_a_real_shaped_sample_keeps_every_sentence(name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    config = load_config(None)
    fixed = fix_bytes(name, data, config, AS_OF)
    doc = parse(name, data.decode("utf-8"), config.choose_template, AS_OF).document
    residue = residue_lines(doc)
    after = {line.strip() for line in fixed.after.decode("utf-8").splitlines()}
    lost = [line.strip() for n, line in enumerate(doc.lines, 1)
            if n not in residue and line.strip().endswith(".") and line.strip() not in after]
    assert fixed.changed and lost == []
