"""Find a lead-in that promises a list but has none.

A paragraph that ends with a colon ("Problems may be caused by:", "Your care team may
do the following:") announces a list. When the next block is not a list item or a table
but a plain paragraph, a heading (the next block is in another section), or nothing at
all, the list was lost (often when a page is exported) and the sentence dangles. Only
prose is read (References, Resources and Revision Information are not: a citation's
"Available at:" is for `reference-missing-url`). HTML comments between the lead-in and
the list are skipped. Short labels such as "Note:" that introduce a paragraph are
allowed (`labels`).

Params:
    labels: [note, tip, important, warning, caution, remember, example]
                           a lead-in that is only one of these words may introduce a
                           paragraph
    fulfilled_by: [list_item, table]
                           block kinds that deliver the promised list (also: code)

Example:

    article.txt:12:1: warning dangling-list This lead-in ends with a colon but no list
    follows (a paragraph starts at line 13); add the list items or end the sentence with
    a period.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

from linter.document import Block, Document
from linter.problems import Finding

LABELS = ("note", "tip", "important", "warning", "caution", "remember", "example")
_COLONS = (":", "：")


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    labels: tuple[str, ...] = LABELS
    fulfilled_by: tuple[Literal["list_item", "table", "code"], ...] = (
        "list_item",
        "table",
    )


def check(doc: Document, params: Params) -> Iterator[Finding]:
    labels = {label.strip().lower() for label in params.labels}
    for block in doc.prose:
        if block.kind != "paragraph":
            continue
        text = block.text.rstrip()
        if not text.endswith(_COLONS) or text[:-1].strip().lower() in labels:
            continue
        after = _next_content(doc, block)
        if after is not None and after.kind in params.fulfilled_by and _same_section(
            doc, block, after
        ):
            continue
        yield Finding(
            block.end_line,
            "This lead-in ends with a colon but no list follows "
            f"({_what_follows(doc, block, after)}); add the list items or end the sentence "
            "with a period.",
        )


def _next_content(doc: Document, block: Block) -> Block | None:
    after = doc.next_block(block)
    while after is not None and not after.is_content:
        after = doc.next_block(after)
    return after


def _same_section(doc: Document, block: Block, after: Block) -> bool:
    """In the same section, or in one the parser inferred without a heading in the file."""
    section = doc.section_of(after)
    return after.section == block.section or (section is not None and section.implicit)


def _what_follows(doc: Document, block: Block, after: Block | None) -> str:
    if after is None:
        return "the article ends here"
    if not _same_section(doc, block, after):
        following = next(
            (s for s in doc.sections if s.line > block.end_line and not s.implicit), None
        )
        if following is not None:
            return f'the heading "{following.heading}" follows at line {following.line}'
        return f"the text at line {after.line} belongs to another section"
    kind = "a list item" if after.kind == "list_item" else f"a {after.kind.replace('_', ' ')}"
    return f"{kind} starts at line {after.line}"
