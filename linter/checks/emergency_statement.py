"""Find a "Call Your Doctor" section without an emergency instruction.

The template's section with role `call-doctor` must tell readers what to do in an
emergency ("If you think you have an emergency, call for medical help right away." in
the procedure template, rules/procedure.yaml). The section's text, sub-sections included, is
searched for any of `patterns` (regular expressions, case-insensitive): by default a
sentence that names an emergency and tells the reader to call, dial, seek or get help or
go to the emergency room; "call 911" (and other emergency numbers); or "call for
medical help". "Not an emergency ... go home" is not an instruction. With
`position: last` the instruction must also be in the section's last paragraph or list
item, where the template puts it. When the template has no `call-doctor` section, or the
article lacks it, nothing is reported (`required-section` reports a missing section).

Params:
    patterns: [...]        regular expressions that count as an emergency instruction
    position: anywhere     anywhere, or last (the section's last block)
    example: 'If you think you have an emergency, call for medical help right away.'

Example:

    article.md:61:1: warning emergency-statement "Call Your Doctor" has no emergency
    instruction; add one, e.g. "If you think you have an emergency, call for medical help
    right away."
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from linter.analysis.patterns import DEFAULT_TIMEOUT, PatternText, PatternTimeout, search
from linter.analysis.sections import section_blocks
from linter.model.document import Document
from linter.model.problems import Finding

ROLE = "call-doctor"
_ACTION = r"(?:call|dial|phone|seek|contact|get\s+(?:medical\s+|emergency\s+)?help|go\s+to)"
PATTERNS = (
    rf"\bemergenc(?:y|ies)\b[^.!?]*\b{_ACTION}\b",
    rf"\b{_ACTION}\b[^.!?]*\bemergenc(?:y|ies)\b",
    r"\b(?:call|dial)\s+(?:911|999|112|000)\b",
    r"\bcall\s+for\s+(?:medical|emergency)\s+(?:help|care)\b",
)
EXAMPLE = "If you think you have an emergency, call for medical help right away."


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    patterns: tuple[PatternText, ...] = Field(PATTERNS, min_length=1)
    position: Literal["anywhere", "last"] = "anywhere"
    example: str = Field(EXAMPLE, min_length=1)


def check(doc: Document, params: Params) -> Iterator[Finding]:
    spec = doc.template.with_role(ROLE)
    if spec is None:
        return
    for section in (s for s in doc.sections if s.title == spec.title):
        blocks = [b for b in section_blocks(doc, section) if b.text.strip()]
        if not blocks:
            continue  # empty-section reports an empty heading
        try:
            hits = [b for b in blocks if any(search(p, b.text, DEFAULT_TIMEOUT)
                                             for p in params.patterns)]
        except PatternTimeout as exc:
            yield Finding(section.line, exc.message())
            continue
        where = f'"{section.heading}"'
        if not hits:
            yield Finding(
                section.line,
                f'{where} has no emergency instruction; add one, e.g. "{params.example}"',
            )
        elif params.position == "last" and hits[-1] is not blocks[-1]:
            yield Finding(
                hits[-1].line,
                f"The emergency instruction of {where} should end the section, where readers "
                "look for it; move it after the last item.",
            )
