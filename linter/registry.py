"""Every check kind a rule can use, by name.

Adding a check kind takes: a module in linter/checks/ (a docstring users read, a frozen
`Params` model holding every default, `check(doc, params)` yielding Findings, importing only
linter.model and linter.analysis), its name in the import list and in CHECKS below (and in
FIXABLE when its findings carry a fix), a rule using it in a pack under rules/, cases
(passing and failing) in tests/cases/<kind>.yaml, an example in rules/data/examples.yaml
and its section in README.md (tests/test_rule_docs.py checks the last three).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from linter.checks import (
    boilerplate_residue,
    dangling_list,
    duplicate_paragraphs,
    emergency_statement,
    empty_sections,
    existence,
    glued_heading,
    plain_language,
    readability,
    reference_dates,
    reference_staleness,
    reference_urls,
    required_phrase,
    required_sections,
    resource_urls,
    review_date,
    section_order,
    sentence_length,
    substitution,
    unknown_heading,
)
from linter.model.document import Document
from linter.model.problems import Finding


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    params: type[BaseModel]
    run: Callable[[Document, Any], Iterator[Finding]]
    doc: str

    @classmethod
    def from_module(cls, name: str, module: ModuleType) -> Check:
        return cls(name, module.Params, module.check, inspect.cleandoc(module.__doc__ or ""))

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n", 1)[0].replace("\n", " ")


CHECKS: dict[str, Check] = {
    check.name: check
    for check in (
        Check.from_module("required_sections", required_sections),
        Check.from_module("section_order", section_order),
        Check.from_module("empty_sections", empty_sections),
        Check.from_module("duplicate_paragraphs", duplicate_paragraphs),
        Check.from_module("readability", readability),
        Check.from_module("sentence_length", sentence_length),
        Check.from_module("plain_language", plain_language),
        Check.from_module("dangling_list", dangling_list),
        Check.from_module("boilerplate_residue", boilerplate_residue),
        Check.from_module("emergency_statement", emergency_statement),
        Check.from_module("glued_heading", glued_heading),
        Check.from_module("unknown_heading", unknown_heading),
        Check.from_module("existence", existence),
        Check.from_module("substitution", substitution),
        Check.from_module("required_phrase", required_phrase),
        Check.from_module("reference_urls", reference_urls),
        Check.from_module("reference_dates", reference_dates),
        Check.from_module("reference_staleness", reference_staleness),
        Check.from_module("review_date", review_date),
        Check.from_module("resource_urls", resource_urls),
    )
}


#: The engine's own rules (linter/engine.py): not check kinds, but ids a problem can carry.

#: The check kinds whose findings can carry a safe fix (`--fix`); tests/test_rule_docs.py
#: checks this against the modules that build a `Fix`.
FIXABLE = frozenset({"boilerplate_residue", "duplicate_paragraphs", "glued_heading", "substitution"})
