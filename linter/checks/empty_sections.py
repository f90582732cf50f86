"""Find headings with nothing under them.

A section is empty when no paragraph, list item, table or code follows its heading before
the next heading, and it has no sub-sections ("What to Expect" holding only its parts, or
Post-procedure Care holding only its sub-headings At the Care Center and At Home, is not
empty). HTML comments do not count as content.

Params: none.

Example:

    article.md:52:1: warning empty-section "Will It Hurt?" has no content; write it or
    remove the heading.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from linter.model.document import Document
from linter.model.problems import Finding


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def check(doc: Document, params: Params) -> Iterator[Finding]:
    parents = {s.parent for s in doc.sections if s.parent is not None}
    for section in doc.sections:
        if section.index in parents or section.implicit:
            continue
        if not any(block.is_content and block.text.strip() for block in section.blocks):
            yield Finding(
                section.line,
                f'"{section.heading}" has no content; write it or remove the heading.',
            )
