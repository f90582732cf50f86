"""Every rule is linear (or n log n) in the article's size.

Each test builds an adversarial shape (tests/support/shapes.py) big enough that the
quadratic code it protects against takes many times the bound, and asserts a bound with
big headroom in CPU seconds (`time.process_time`, so other work on the machine does not
count) or a count of operations. `python -m benchmarks.adversarial` prints the growth per
doubling of every shape.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

from linter.analysis import residue
from linter.analysis.patterns import BUILTIN, full_match, search
from linter.analysis.residue import patterns_for, residue_data
from linter.analysis.text import Locator, locate
from linter.config import load_config
from linter.model.document import Document
from linter.model.problems import Finding
from tests.conftest import lint_text, parse_text
from tests.support import shapes as adversarial

T = TypeVar("T")


def cpu_seconds(work: Callable[[], T]) -> tuple[float, T]:
    started = time.process_time()
    result = work()
    return time.process_time() - started, result


def run_rule(doc: Document, rule_id: str) -> list[Finding]:
    rule = next(r for r in load_config(None).enabled_rules if r.id == rule_id)
    return list(rule.check.run(doc, rule.params))


def test_plain_language_reads_an_article_of_20000_sections_in_linear_time() -> None:
    # The heading lines were gathered again for every paragraph: 20,000 sections took
    # 30 s or more (400 million set insertions); once per article it is under 1 s.
    doc = parse_text(adversarial.headings(20_000 * 38))
    assert len(doc.sections) > 19_000
    took, found = cpu_seconds(lambda: run_rule(doc, "plain-language"))
    assert found == []
    assert took < 5


def test_built_in_residue_patterns_run_in_linear_time_on_every_shape() -> None:
    # They run without a timeout (so results never depend on the machine's load): as
    # residue.py matches them (credits, cut-off ends and site words searched anywhere, the
    # others matched whole), on 256 KiB of every adversarial shape, flattened and as
    # written, they must stay far from quadratic (which would take minutes).
    data, patterns = residue_data(), patterns_for()
    searched = [*data.credit, *patterns.credit, *patterns.cut_off, *data.site_words]
    matched_whole = [*(p for kind in data.navigation.values() for p in kind), *data.tab_labels,
                     *data.image_metadata, *patterns.tab_bar, *patterns.numbered_title,
                     *patterns.navigation, *searched]
    texts = [adversarial.SHAPES[shape](256 * 1024) for shape in sorted(adversarial.SHAPES)]
    texts += [" ".join(text.split()) for text in texts]

    def match_all() -> None:
        for text in texts:
            for pattern in searched:
                search(pattern, text, BUILTIN)
            for pattern in matched_whole:
                full_match(pattern, text, BUILTIN)

    took, _ = cpu_seconds(match_all)
    assert took < 30


def test_sentence_length_places_3000_long_sentences_of_one_line_in_linear_time() -> None:
    # Each sentence's column was counted from the line's start (the rank of its words,
    # then that occurrence in the source): 1 MiB on one line took 15 s, now well under 1 s.
    sentence = " ".join(["Intravenous"] + ["word"] * 31 + ["therapy."]) + " "
    text = adversarial._fill(sentence, 1024 * 1024)
    doc = parse_text(text)
    took, found = cpu_seconds(lambda: run_rule(doc, "sentence-length"))
    line = text.count("\n", 0, text.index("Intravenous")) + 1
    columns = [i + 1 for i in range(len(text)) if text.startswith("Intravenous", i)]
    start = text.rfind("\n", 0, columns[0]) + 1
    assert [(f.line, f.column) for f in found] == [(line, c - start) for c in columns]
    assert took < 5


def test_a_locator_places_every_offset_as_locating_it_alone_does() -> None:
    # The locator goes on from the previous offset of the same words; it must find what a
    # count from the line's start finds, markup, repeated and overlapping words included.
    doc = parse_text("# Knee Scope\n\n## Reasons for Procedure\n\n"
                     "The **knee** knee kneeknee and *the* knee, the knee.\nA knee **the** kn"
                     "ee aaa aa a.\n\n- knee [knee](https://example.org/knee) knee\n")
    where = Locator(doc)
    for block in doc.blocks:
        offsets = range(len(block.text))
        assert [where.locate(block, o) for o in offsets] == [
            locate(doc, block, o) for o in offsets]
        assert [where.locate(block, o) for o in reversed(offsets)] == [
            locate(doc, block, o) for o in reversed(offsets)]


def test_dangling_list_reads_a_paragraph_of_40000_run_on_lead_ins_in_linear_time() -> None:
    # Every lead-in copied the rest of its paragraph and counted the line breaks before it:
    # 2 MiB of them took 30 s or more; now a few seconds at most.
    unit = "You may need the following: Call the doctor.\n"
    text = adversarial._fill(unit, 2 * 1024 * 1024)
    doc = parse_text(text)
    took, found = cpu_seconds(lambda: run_rule(doc, "dangling-list"))
    first = text.count("\n", 0, text.index(unit)) + 1
    assert [f.line for f in found] == list(range(first, first + text.count(unit)))
    assert took < 10


def test_plain_language_reads_a_paragraph_of_250000_uses_in_an_open_parenthesis_in_linear_time() -> None:
    # Each use inside an unclosed "(" searched the rest of the paragraph for the ")" that
    # would explain it: 4 MiB took about 16 s; now the search is shared by every use.
    text = adversarial._fill("(anticoagulant x ", 4 * 1024 * 1024)
    doc = parse_text(text)
    took, found = cpu_seconds(lambda: run_rule(doc, "plain-language"))
    uses = text.count("anticoagulant")
    assert [(f.line, f.column) for f in found] == [(7, 2)]
    assert f"(and {uses - 1} more uses)" in found[0].message
    assert took < 8


def test_residue_is_worked_out_once_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    # boilerplate-residue (default params) and residue_lines (asked by other rules) each
    # classified every paragraph: twice the work for the same answer.
    calls: list[str] = []
    navigation = residue._navigation

    def counted(flat: str, patterns: residue.Patterns) -> bool:
        calls.append(flat)
        return navigation(flat, patterns)

    monkeypatch.setattr(residue, "_navigation", counted)
    result = lint_text(adversarial.headings(100 * 38))
    paragraphs = [b for b in result.document.blocks if b.kind == "paragraph"]  # type: ignore[union-attr]
    assert len(calls) == len(paragraphs) > 90


def _growth(work: Callable[[int], object], small: int) -> float:
    """CPU seconds at four times `small` over CPU seconds at `small`: about 4 when linear,
    16 when quadratic (the better of two tries, so a burst of other work does not count)."""
    def best(size: int) -> float:
        return min(cpu_seconds(lambda: work(size))[0] for _ in range(2))

    work(small)  # warm caches
    return best(4 * small) / max(best(small), 1e-3)


def test_duplicate_paragraph_compares_thousands_of_near_copies_in_linear_time() -> None:
    # Every paragraph is compared word by word with the one it nearly repeats: a table of
    # words by words each time took about 2 s per 4 MiB; the comparison is now a few
    # integer operations per word, and still one per paragraph.
    def work(size: int) -> None:
        doc = parse_text(adversarial.near_duplicates(size))
        found = run_rule(doc, "duplicate-paragraph")
        assert len(found) == sum(b.kind == "paragraph" for b in doc.blocks) - 2

    assert _growth(work, 128 * 1024) < 8


def test_residue_and_reference_rules_read_thousands_of_references_in_linear_time() -> None:
    rules = ("boilerplate-residue", "reference-date-invalid", "reference-stale",
             "reference-missing-url", "resource-missing-url")

    def work(size: int) -> None:
        doc = parse_text(adversarial.references(size))
        for rule_id in rules:
            run_rule(doc, rule_id)

    assert _growth(work, 128 * 1024) < 8
