"""Find a heading glued to the text after it on one line.

Exports of web pages often lose the line break after a heading: "Will It Hurt?You may
feel some pressure." The parser still recognises the heading (a template title or alias
followed directly by a capital letter), so the section is not reported missing; this rule
reports the lost break so the source gets fixed. Two headings on one line ("What to Expect
Prior to Procedure") and a heading run into its text with a space ("Will It Hurt? You may
feel...", the heading spelled as the template spells it) are recognised too: both
sections, one problem. The fix puts the heading on its own line, followed by a blank line
and the rest.

Params: none.

Example:

    article.txt:75:1: warning glued-heading The heading "Will It Hurt?" is glued to the text
    after it; put the heading on its own line.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from linter.model.document import Document, Section
from linter.model.problems import Finding, Fix


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def check(doc: Document, params: Params) -> Iterator[Finding]:
    for section in doc.sections:
        if section.glued:
            yield Finding(
                section.line,
                f'The heading "{section.heading}" is glued to the text after it; put the '
                "heading on its own line.",
                fix=_fix(doc, section),
            )


def _fix(doc: Document, section: Section) -> Fix | None:
    line = doc.lines[section.line - 1]
    start = line.find(section.heading)
    if start < 0:
        return None
    split = start + len(section.heading)
    head, rest = line[:split].rstrip(), line[split:].strip()
    if not rest:
        return None
    second = next((s for s in doc.sections if s.line == section.line and s is not section), None)
    if doc.format == "markdown" and second is not None:
        rest = "#" * second.level + " " + rest  # two headings on one line: both stay headings
    return Fix(section.line, section.line, (head, "", rest))
