"""Turn a flat run of headings and blocks into the Document's section tree.

Both parsers (Markdown and plain text) produce the same `Item`s; this module resolves
headings against the template, assigns levels and parents, and attaches blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from linter.document import Block, Section
from linter.template import Template, TemplateSection


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


Item = HeadingItem | Block


def build_sections(
    items: list[Item], template: Template, last_line: int
) -> tuple[tuple[Section, ...], tuple[Block, ...]]:
    heading_lines = [item.line for item in items if isinstance(item, HeadingItem)]
    sections: list[Section] = []
    section_blocks: list[list[Block]] = []
    blocks: list[Block] = []
    stack: list[tuple[int, int]] = []  # (level, section index) of open ancestors
    current: int | None = None
    heading_number = 0
    for item in items:
        if isinstance(item, HeadingItem):
            heading_number += 1
            level = item.level if item.level is not None else (item.spec.level if item.spec else 2)
            parent = _parent(item, level, stack, sections, template)
            end = heading_lines[heading_number] - 1 if heading_number < len(heading_lines) else last_line
            index = len(sections)
            sections.append(
                Section(
                    index=index,
                    heading=item.text,
                    title=item.spec.title if item.spec else None,
                    level=level,
                    line=item.line,
                    end_line=max(end, item.line),
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
    finished = tuple(
        replace(section, blocks=tuple(section_blocks[section.index])) for section in sections
    )
    return finished, tuple(blocks)


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
