"""Require a phrase in a section (a custom rule kind, no Python needed).

The section is named by its template title (`section: Call Your Doctor`, aliases and
case do not matter) or by its template role (`role: call-doctor`); with neither, the
whole article is searched (and a problem is reported at its title). The section's text,
its sub-sections included, must contain one of `phrases` (literal, whole words, a space
matching any white space) or match one of `patterns` (regular expressions, checked when
the config is loaded and run with a `timeout`). When the section is missing nothing is
reported: `required-section` reports that.

Params:
    section: null          template title of the section
    role: null             or its role: call-doctor, references, resources, revision
    phrases: []            any of these satisfies the rule
    patterns: []           or any of these regular expressions
    message: null          default: '{section} does not contain the required phrase;
                           add one, e.g. "{example}".' ({section} is the quoted
                           heading, or "The article"; {example} the first phrase)
    ignore_case: true
    timeout: 0.1           seconds one pattern may take on the section

Example pack entry:

    rules:
      after-care-contact:
        check: required_phrase
        severity: warning
        params:
          section: Post-procedure Care
          phrases: [follow-up visit, follow-up appointment]

Example:

    article.md:40:1: warning after-care-contact "Post-procedure Care" does not contain the
    required phrase; add one, e.g. "follow-up visit".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from linter.analysis.patterns import (
    DEFAULT_TIMEOUT,
    PatternText,
    PatternTimeout,
    search,
    words_pattern,
)
from linter.analysis.sections import section_blocks
from linter.model.document import Document, Section
from linter.model.problems import Finding
from linter.model.template import normalise_heading

DEFAULT_MESSAGE = '{section} does not contain the required phrase; add one, e.g. "{example}".'


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    section: str | None = None
    role: Literal["references", "resources", "revision", "call-doctor"] | None = None
    phrases: tuple[str, ...] = ()
    patterns: tuple[PatternText, ...] = ()
    message: str | None = Field(None, min_length=1)
    ignore_case: bool = True
    timeout: float = Field(DEFAULT_TIMEOUT, gt=0, le=5)

    @model_validator(mode="after")
    def _complete(self) -> Params:
        if self.section is not None and self.role is not None:
            raise ValueError("give `section` or `role`, not both")
        if not any(p.strip() for p in self.phrases) and not self.patterns:
            raise ValueError("give `phrases` or `patterns` to require")
        return self

    @property
    def all_patterns(self) -> tuple[str, ...]:
        words = (words_pattern(self.phrases),) if any(p.strip() for p in self.phrases) else ()
        return (*words, *self.patterns)

    @property
    def example(self) -> str:
        return next((p.strip() for p in self.phrases if p.strip()), self.patterns[0] if
                    self.patterns else "")


def target_sections(doc: Document, section: str | None, role: str | None) -> list[Section]:
    """Sections named by template title (or heading) or by role; empty when missing."""
    if role is not None:
        spec = doc.template.with_role(role)
        title = spec.title if spec else None
        return [s for s in doc.sections if title is not None and s.title == title]
    assert section is not None
    spec = doc.template.lookup(section)
    wanted = normalise_heading(section)
    return [
        s for s in doc.sections
        if (spec is not None and s.title == spec.title) or normalise_heading(s.heading) == wanted
    ]


def section_text(doc: Document, section: Section) -> str:
    """The text of a section and its sub-sections, one block after another."""
    return "\n".join(b.text for b in section_blocks(doc, section))


def check(doc: Document, params: Params) -> Iterator[Finding]:
    if params.section is None and params.role is None:
        text = "\n".join(b.text for b in doc.blocks if b.is_content)
        scopes = [("The article", doc.title_line or 1, text)]
    else:
        scopes = [(f'"{s.heading}"', s.line, section_text(doc, s))
                  for s in target_sections(doc, params.section, params.role)]
    message = params.message or DEFAULT_MESSAGE
    for name, line, text in scopes:
        try:
            found = any(search(p, text, params.timeout, params.ignore_case)
                        for p in params.all_patterns)
        except PatternTimeout as exc:
            yield Finding(line, exc.message())
            continue
        if not found:
            yield Finding(line, message.replace("{section}", name)
                          .replace("{example}", params.example))
