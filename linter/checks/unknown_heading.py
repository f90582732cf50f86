"""Find heading-like lines that are no section of the template.

A site may rename a section ("Problems to Look Out For"), an older revision may have one
the template lacks, or a writer may add one. Unless the template knows the name (as a
title, an alias or a sub-heading), a plain-text export reads such a line as a paragraph and
its section silently disappears. This rule makes it visible: a line on its own (blank lines
around it), short (at most `max_words` words), in title case, with no sentence punctuation
(a closing "?" is fine) and followed by text is reported as an unknown heading, with the
closest template section when one is close. In Markdown, a `##` or `###` heading the
template does not know is reported the same way. Resources, References and Revision
Information hold names and citations, not headings, and are not read. Residue (image
captions, site navigation) is never a heading.

Add the name to the template (`aliases:` or `subheadings:` in `rules/*.yaml`) when it is a
section under another name; otherwise leave it, or turn the rule off.

Params:
    max_words: 8     longest line taken for a heading, in words

Example:

    article.txt:30:1: info unknown-heading "Risk Factors" looks like a heading but is not a
    section of the template; rename it to a template section or add it to the template.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from linter.analysis.residue import residue_lines
from linter.analysis.text import ends_with
from linter.analysis.wording import title_case
from linter.model.document import Block, Document
from linter.model.problems import Finding
from linter.model.template import normalise_heading

_WORD = re.compile(r"[^\W_]+")
#: how alike a heading must be to a template name to be offered as "did you mean"
_CLOSE = 0.75


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_words: int = Field(8, ge=1, le=20)


def check(doc: Document, params: Params) -> Iterator[Finding]:
    residue = residue_lines(doc)
    if doc.format == "markdown":
        for section in doc.sections:
            if section.title is None and not section.implicit and section.level <= 3 and not (
                    _is_part(doc, section.parent, section.heading)):
                yield Finding(section.line, _message(doc, section.heading))
        return
    for block in doc.paragraphs:
        if (block.line in residue or not doc.is_prose_section(doc.section_of(block))
                or not _heading_like(doc, block, params)):
            continue
        yield Finding(block.line, _message(doc, block.text.strip()))


def _is_part(doc: Document, parent: int | None, heading: str) -> bool:
    """A sub-heading the parent section may hold ("At Home" in Post-procedure Care)."""
    if parent is None:
        return False
    title = doc.sections[parent].title
    spec = doc.template.subheading_of(heading)
    return spec is not None and spec.title == title


def _heading_like(doc: Document, block: Block, params: Params) -> bool:
    text = block.text.strip()
    if block.line != block.end_line or not text or ends_with(text, ".!:;,"):
        return False
    if len(_WORD.findall(text)) > params.max_words or not title_case(text):
        return False
    lines = doc.lines
    before = lines[block.line - 2] if block.line >= 2 else ""
    after = lines[block.line] if block.line < len(lines) else ""
    if before.strip() or after.strip():
        return False  # not on its own: a caption or a line of a list
    following = doc.next_block(block)
    return following is not None and following.kind in ("paragraph", "list_item") and (
        following.section == block.section)


def _message(doc: Document, heading: str) -> str:
    names = {normalise_heading(n): n for n, _ in doc.template.names_longest_first}
    close = difflib.get_close_matches(normalise_heading(heading), list(names), n=1, cutoff=_CLOSE)
    hint = f' (the closest is "{names[close[0]]}")' if close else ""
    return (f'"{heading}" looks like a heading but is not a section of the template{hint}; '
            "rename it to a template section or add it to the template.")
