"""Turn a flat run of headings and blocks into the Document's section tree.

Both parsers (Markdown and plain text) produce the same `Item`s; this module resolves
headings against the template, assigns levels and parents, and attaches blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from linter.model.document import Block, Section
from linter.model.template import Template, TemplateSection

#: a back-to-top link after a heading, as sites print it ("Reasons for Procedure    TOP")
_BACK_TO_TOP = re.compile(r"^(.*?\S)\s+(top|back to top|top of page|\[top\]|\^)$", re.IGNORECASE)


def back_to_top(text: str, template: Template) -> tuple[str, str, TemplateSection] | None:
    """(heading, link text, its template section) when `text` is a template heading followed
    by a back-to-top link; None otherwise. Markdown and plain text read it the same way."""
    top = _BACK_TO_TOP.match(text)
    spec = template.lookup(top.group(1)) if top else None
    if top is None or spec is None:
        return None
    return top.group(1), top.group(2), spec


@dataclass(frozen=True, slots=True)
class HeadingItem:
    text: str
    line: int
    #: Markdown heading level; None in plain text (the template gives it)
    level: int | None
    spec: TemplateSection | None
    implicit: bool = False
    glued: bool = False
    trailing: str = ""
    #: a sub-heading of this template section ("At the Care Center"), if it is one
    sub_of: TemplateSection | None = None


Item = HeadingItem | Block


def build_sections(
    items: list[Item], template: Template, last_line: int
) -> tuple[tuple[Section, ...], tuple[Block, ...]]:
    sections: list[Section] = []
    section_blocks: list[list[Block]] = []
    blocks: list[Block] = []
    stack: list[tuple[int, int]] = []  # (level, section index) of open ancestors
    current: int | None = None
    for item in items:
        if isinstance(item, HeadingItem):
            holder = _open_holder(item, stack, sections, template)
            if holder is None and item.spec is None and item.sub_of is not None and item.level is None:
                # a plain-text sub-heading outside its section is just a line of text
                item = Block("paragraph", item.text, item.line, item.line, None, item.text)
        if isinstance(item, HeadingItem):
            level = item.level if item.level is not None else (item.spec.level if item.spec else 2)
            parent = _parent(item, level, stack, sections, template)
            title = item.spec.title if item.spec else None
            if holder is not None:  # "At Home" inside Post-procedure Care: one of its parts
                title, parent = None, holder
                level = item.level if item.level is not None else sections[holder].level + 1
            index = len(sections)
            sections.append(
                Section(
                    index=index,
                    heading=item.text,
                    title=title,
                    level=level,
                    line=item.line,
                    end_line=last_line,
                    parent=parent,
                    implicit=item.implicit,
                    glued=item.glued,
                    trailing=item.trailing,
                )
            )
            section_blocks.append([])
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, index))
            current = index
        else:
            block = replace(item, section=current)
            blocks.append(block)
            if current is not None:
                section_blocks[current].append(block)
    ends = [nxt.line - 1 for nxt in sections[1:]] + [last_line] if sections else []
    finished = tuple(
        replace(section, blocks=tuple(section_blocks[section.index]),
                end_line=max(end, section.line))
        for section, end in zip(sections, ends, strict=True)
    )
    return finished, tuple(blocks)


def _open_holder(
    item: HeadingItem, stack: list[tuple[int, int]], sections: list[Section], template: Template
) -> int | None:
    """The open section this heading is a sub-heading of ("At Home" inside Post-procedure
    Care), or None when it stands on its own."""
    holder = template.subheading_of(item.text)
    if holder is None:
        return None
    for _, index in reversed(stack):
        if sections[index].title == holder.title:
            return index
    return None


def _parent(
    item: HeadingItem,
    level: int,
    stack: list[tuple[int, int]],
    sections: list[Section],
    template: Template,
) -> int | None:
    if item.level is not None:  # Markdown: the heading levels say
        for open_level, index in reversed(stack):
            if open_level < level:
                return index
        return None
    # Plain text: the template says; the parent must be the latest top section
    if item.spec is None or item.spec.parent is None:
        return None
    for _, index in reversed(stack):
        if sections[index].title == item.spec.parent:
            return index
        if sections[index].level < level:
            return None
    return None
