"""Find a lead-in that promises a list but has none.

A paragraph that ends with a colon ("Problems may be caused by:", "Your care team may
do the following:") announces a list. When the next block is not a list item or a table
but a plain paragraph, a heading (the next block is in another section), or nothing at
all, the list was lost (often when a page is exported) and the sentence dangles. Three
more shapes of the same loss are found:

- a list item that is itself a lead-in ("• Promote healing of:") and lost its sub-list:
  the next item is not indented deeper (by list depth, or by the source line's indent in
  plain text), so it belongs to the same list, not under the lead-in;
- a lead-in in the middle of a line, where the export ran the next paragraph into it:
  "…complications such as: Dermabrasion is not recommended if you have:". The text before
  the colon ends like a lead-in ("such as", "include", "including", "the following",
  "like", "caused by") and a sentence with a verb starts after it;
- the items written as plain paragraphs: two or more short paragraphs ("Surgery",
  "Enzymes", or "Surgery—often chosen for deep wounds. …", a label and a dash or colon)
  right after the lead-in. The message says so: they need to be made a list.

Only prose is read (References, Resources and Revision Information are not: a citation's
"Available at:" is for `reference-missing-url`), and residue is not (site metadata such as
"Publication Type:", captions and navigation: `boilerplate-residue` reports them). HTML
comments between the lead-in and the list are skipped. Short labels such as "Note:" that
introduce a paragraph are allowed (`labels`).

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
    article.txt:52:1: warning dangling-list This lead-in ends with a colon but the items
    are written as paragraphs (lines 54 to 56); make them a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

from linter.analysis.residue import residue_lines
from linter.analysis.text import ends_with, is_sentence_item, words
from linter.model.document import Block, Document
from linter.model.problems import Finding

LABELS = ("note", "tip", "important", "warning", "caution", "remember", "example")
_COLONS = (":", "：")
#: a lead-in in the middle of a line: "...such as: Dermabrasion is not recommended if..."
_RUN_ON = re.compile(
    r"\b(?:such\s+as|include|includes|including|the\s+following|following|like|caused\s+by)"
    r"[:：]\s+(?=[A-Z])"
)
#: an item written as a paragraph: a short label, a dash or colon, then its text
_LABELLED = re.compile(r"^[^\W\d_][^.!?:—–]{0,40}?\s*(?:[—–]|\s-\s|:)\s*\S")
#: a paragraph this short (in words) after a lead-in can be one of its items
ITEM_WORDS = 8
#: a metadata field name ("Publication Type", "Last Reviewed"): this many capitalized words
FIELD_WORDS = 3
#: words of the run-on sentence quoted in the message
QUOTED_WORDS = 5
_LEADING_SPACE = re.compile(r"\s*")


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    labels: tuple[str, ...] = LABELS
    fulfilled_by: tuple[Literal["list_item", "table", "code"], ...] = (
        "list_item",
        "table",
    )


def check(doc: Document, params: Params) -> Iterator[Finding]:
    labels = {label.strip().lower() for label in params.labels}
    skipped = residue_lines(doc)
    for block in doc.prose:
        if block.kind not in ("paragraph", "list_item") or block.line in skipped:
            continue
        yield from _run_on(doc, block)
        text = block.text.rstrip()
        if not text.endswith(_COLONS) or text[:-1].strip().lower() in labels:
            continue
        if _is_field_name(text[:-1]):
            continue  # "Publication Type:": a page's metadata field, not a lead-in
        after = _next_content(doc, block)
        if _fulfilled(doc, block, after, params):
            continue
        items = _paragraph_items(doc, block, skipped)
        if len(items) >= 2:
            yield Finding(
                block.end_line,
                "This lead-in ends with a colon but the items are written as paragraphs "
                f"(lines {items[0].line} to {items[-1].end_line}); make them a list.",
            )
            continue
        yield Finding(
            block.end_line,
            "This lead-in ends with a colon but no list follows "
            f"({_what_follows(doc, block, after)}); add the list items or end the sentence "
            "with a period.",
        )


def _fulfilled(doc: Document, block: Block, after: Block | None, params: Params) -> bool:
    if after is None or after.kind not in params.fulfilled_by or not _same_section(
        doc, block, after
    ):
        return False
    if block.kind != "list_item" or after.kind != "list_item":
        return True
    # a list item's own list is its sub-list: deeper by depth, or by the source's indent
    return after.depth > block.depth or _indent(doc, after) > _indent(doc, block)


def _indent(doc: Document, block: Block) -> int:
    line = doc.lines[block.line - 1] if 1 <= block.line <= len(doc.lines) else ""
    return len(_LEADING_SPACE.match(line).group())  # type: ignore[union-attr]


def _is_field_name(text: str) -> bool:
    """ "Publication Type", "Related Topics": a few words, each capitalized."""
    tokens = words(text)
    return 0 < len(tokens) <= FIELD_WORDS and all(t[0].isupper() for t in tokens)


def _run_on(doc: Document, block: Block) -> Iterator[Finding]:
    """A lead-in ("...such as:") with another sentence run into it on the same line."""
    for match in _RUN_ON.finditer(block.text):
        rest = block.text[match.end():]
        sentence = re.split(r"(?<=[.!?:])\s", rest, maxsplit=1)[0]
        if not is_sentence_item(sentence.rstrip(".!?:")):
            continue  # "include: Surgery, enzymes and maggots." is the list, inline
        opening = " ".join(sentence.split()[:QUOTED_WORDS]).rstrip(",;:")
        yield Finding(
            block.line_at(match.start()),
            "This lead-in ends with a colon but no list follows (the sentence starting "
            f'"{opening}" runs on after it on the same line); add the list items or end the '
            "sentence with a period.",
        )


def _paragraph_items(doc: Document, block: Block, skipped: frozenset[int]) -> list[Block]:
    """The short or labelled paragraphs right after a lead-in, in its section."""
    items: list[Block] = []
    after = _next_content(doc, block)
    while (
        after is not None
        and after.kind == "paragraph"
        and after.section == block.section
        and after.line not in skipped
        and not after.text.rstrip().endswith(_COLONS)
        and (_LABELLED.match(after.text) or (
            len(words(after.text)) <= ITEM_WORDS and not ends_with(after.text, ".!?", spaces=True)))
    ):
        items.append(after)
        after = _next_content(doc, after)
    return items


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
    if block.kind == "list_item" and after.kind == "list_item":
        return f"the next item of the same list starts at line {after.line}"
    kind = "a list item" if after.kind == "list_item" else f"a {after.kind.replace('_', ' ')}"
    return f"{kind} starts at line {after.line}"
