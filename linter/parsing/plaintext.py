"""Plain-text articles: exports and scrapes of published pages.

The layout (see ARTICLE_FORMAT.md): an optional `by AUTHOR` line, the title line, an
optional `(Also Called)` line, then paragraphs. A heading is a line on its own whose text is
a template title or alias, compared case-insensitively with trailing punctuation and
back-to-top links ("Reasons for Procedure    TOP") tolerated. Bullets start with `•`, `-` or
`*`. Each line is a paragraph (exports put one paragraph on a line), except that a line
starting in lower case continues a paragraph that did not end a sentence (hard-wrapped text).

When there is no References heading, citation lines after the last section start an
implicit References section, and the organisation names just before them an implicit
Resources section, as in exports that drop those headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from linter.document import Block
from linter.parsing.structure import HeadingItem, Item
from linter.template import Template

_BY_LINE = re.compile(r"^by\s+(\S.*)$", re.IGNORECASE)
_ALSO_CALLED = re.compile(r"^\((.+)\)$")
_BULLET = re.compile(r"^(\s*)[•\-*‣◦▪·–]\s+(\S.*)$")
_BACK_TO_TOP = re.compile(r"^(.*?\S)\s+(top|back to top|top of page|\^)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;]['\")\]]*$")
_CITATION = re.compile(
    r"available at:|accessed\s+[a-z]+\.?\s+\d"  # web references
    r"|\b(?:1[89]|20)\d\d\s*;\s*\d|\b(?:1[89]|20)\d\d\s*:\s*\d+\s*-"  # journal Year;Vol
    r"|\bdoi:\s*10\.",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:org|com|gov|ca|edu|net)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TextHeader:
    author: str | None
    title: str | None
    title_line: int | None
    also_called: tuple[str, ...]
    body_start: int  # index into lines of the first body line


def header(lines: list[str], template: Template) -> TextHeader:
    author = title = None
    title_line: int | None = None
    also: tuple[str, ...] = ()
    index = _skip_blank(lines, 0)
    if index < len(lines) and (by := _BY_LINE.match(lines[index].strip())):
        author = by.group(1).strip()
        index = _skip_blank(lines, index + 1)
    if index < len(lines) and not template.lookup(lines[index].strip()):
        title, title_line = lines[index].strip(), index + 1
        index = _skip_blank(lines, index + 1)
        if index < len(lines) and (names := _ALSO_CALLED.match(lines[index].strip())):
            also = tuple(n.strip() for n in re.split(r"[;,]", names.group(1)) if n.strip())
            index += 1
    return TextHeader(author, title, title_line, also, index)


def items(lines: list[str], template: Template, start: int) -> list[Item]:
    out: list[Item] = []
    # The open paragraph's lines (stripped, raw): a hard-wrapped paragraph is joined once
    # when it ends, since joining line by line is quadratic (200,000 wrapped lines).
    wrapped: list[tuple[str, str]] = []
    # Most lines start with no heading name: skip the per-name glued-heading scan for them.
    glued_start = re.compile(
        "|".join(re.escape(name.lower()) for name, _ in template.names_longest_first) or "(?!)"
    )

    def close_paragraph() -> None:
        if len(wrapped) > 1:
            last = out[-1]
            assert isinstance(last, Block)
            out[-1] = replace(last, text="\n".join(t for t, _ in wrapped),
                              end_line=last.line + len(wrapped) - 1,
                              raw="\n".join(r for _, r in wrapped))
        wrapped.clear()

    for index in range(start, len(lines)):
        line_no = index + 1
        stripped = lines[index].strip()
        if not stripped:
            close_paragraph()
            continue
        heading = _heading(stripped, line_no, template, glued_start)
        if heading:
            close_paragraph()
            out.extend(heading)
            if isinstance(glued := out[-1], Block):  # the text after a glued heading
                wrapped.append((glued.text, glued.raw))
        elif bullet := _BULLET.match(lines[index]):
            close_paragraph()
            out.append(Block("list_item", bullet.group(2).strip(), line_no, line_no, None,
                             lines[index], depth=1))
        elif wrapped and stripped[0].islower() and not _SENTENCE_END.search(wrapped[-1][0]):
            wrapped.append((stripped, lines[index]))
        else:
            close_paragraph()
            out.append(Block("paragraph", stripped, line_no, line_no, None, lines[index]))
            wrapped.append((stripped, lines[index]))
    close_paragraph()
    return _infer_back_matter(out, template)


def _heading(
    text: str, line: int, template: Template, glued_start: re.Pattern[str] | None = None
) -> list[Item] | None:
    if text.endswith(":"):
        return None  # "At home:" introduces a list; it is not the "At Home" heading
    spec = template.lookup(text)
    if spec:
        return [HeadingItem(text, line, None, spec)]
    top = _BACK_TO_TOP.match(text)
    if top and (spec := template.lookup(top.group(1))):
        return [HeadingItem(top.group(1), line, None, spec, trailing=top.group(2))]
    if glued_start is not None and not glued_start.match(text.lower()):
        return None
    if glued := template.split_glued(text):
        spec, heading, rest = glued
        return [HeadingItem(heading, line, None, spec, glued=True),
                Block("paragraph", rest, line, line, None, rest)]
    return None


def _infer_back_matter(out: list[Item], template: Template) -> list[Item]:
    """Give headingless citations (and the resource names before them) their sections."""
    references = template.with_role("references")
    if references is None or any(
        isinstance(i, HeadingItem) and i.spec == references for i in out
    ):
        return out
    first_heading = next((n for n, i in enumerate(out) if isinstance(i, HeadingItem)), None)
    if first_heading is None:
        return out
    cite = next(
        (n for n in range(first_heading, len(out))
         if isinstance(item := out[n], Block) and item.kind == "paragraph"
         and _CITATION.search(item.text)),
        None,
    )
    if cite is None:
        return out
    cite_block = out[cite]
    assert isinstance(cite_block, Block)
    inserts = [(cite, HeadingItem("References", cite_block.line, None, references, implicit=True))]
    resources = template.with_role("resources")
    if resources is not None and not any(
        isinstance(i, HeadingItem) and i.spec == resources for i in out
    ):
        first = cite
        while first - 1 > first_heading and _names_an_organisation(out[first - 1]):
            first -= 1
        if first < cite:
            first_block = out[first]
            assert isinstance(first_block, Block)
            inserts.append(
                (first, HeadingItem("Resources", first_block.line, None, resources, implicit=True))
            )
    for position, heading in sorted(inserts, key=lambda pair: -pair[0]):
        out.insert(position, heading)
    return out


def _names_an_organisation(item: Item) -> bool:
    """A resource line: a short name, perhaps with its web address, that is not a sentence."""
    if not isinstance(item, Block) or item.kind != "paragraph":
        return False
    text = item.text
    return bool(_URL.search(text)) or (len(text.split()) <= 10 and not _SENTENCE_END.search(text))


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index
