"""The content of a section, its sub-sections included (several checks read it)."""

from __future__ import annotations

from linter.model.document import Block, Document, Section


def section_blocks(doc: Document, section: Section) -> list[Block]:
    """The content blocks of a section and its sub-sections, in file order."""
    inside = {section.index}
    for other in doc.sections:  # sections come in file order, parents before children
        if other.parent in inside:
            inside.add(other.index)
    return [b for b in doc.blocks if b.section in inside and b.is_content]
