"""Every check kind a rule can use, by name. Adding a check = a module + a line here."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from pydantic import BaseModel

from linter.checks import (
    duplicate_paragraphs,
    empty_sections,
    required_sections,
    section_order,
)
from linter.document import Document
from linter.problems import Finding


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
    )
}
