"""Every rule is linear (or n log n) in the article's size.

Each test builds an adversarial shape (benchmarks/adversarial.py) big enough that the
quadratic code it protects against takes many times the bound, and asserts a bound with
big headroom in CPU seconds (`time.process_time`, so other work on the machine does not
count) or a count of operations. `python -m benchmarks.adversarial` prints the growth per
doubling of every shape.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from benchmarks import adversarial
from linter.config import load_config
from linter.model.document import Document
from linter.model.problems import Finding
from tests.conftest import parse_text

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
