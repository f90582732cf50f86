"""Parse an article's text into a Document, once. Both formats end in the same model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from linter.model.document import Block, Document, Format, Section, front_matter_line
from linter.model.references import Reference
from linter.model.suppressions import Suppressions
from linter.model.template import Template
from linter.parsing import markdown, plaintext
from linter.parsing.decode import normalise_newlines
from linter.parsing.frontmatter import FrontMatterError, load_front_matter
from linter.parsing.references import parse_reference
from linter.parsing.structure import build_sections

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")

#: chooses the template from the file's path and its front matter
TemplateChooser = Callable[[str, Mapping[str, Any]], Template]


@dataclass(frozen=True, slots=True)
class ParseError:
    line: int
    message: str
    #: a problem that does not stop the file from being read (a front matter key given twice)
    warning: bool = False


@dataclass(frozen=True, slots=True)
class Parsed:
    document: Document
    #: problems that did not stop parsing (broken front matter: the body is still read)
    errors: tuple[ParseError, ...] = ()


def format_for(path: str) -> Format:
    return "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "text"


def parse(
    path: str, text: str, choose_template: TemplateChooser, as_of: dt.date, fmt: Format | None = None
) -> Parsed:
    fmt = fmt or format_for(path)
    normalised = normalise_newlines(text)
    lines = normalised.split("\n")
    if fmt == "markdown":
        return _parse_markdown(path, normalised, lines, choose_template, as_of)
    return _parse_text(path, lines, choose_template, as_of)


def _parse_markdown(
    path: str, text: str, lines: list[str], choose_template: TemplateChooser, as_of: dt.date
) -> Parsed:
    tokens = markdown.tokenize(text)
    metadata: dict[str, Any] = {}
    errors: list[ParseError] = []
    fm_end = 0
    if found := markdown.front_matter(tokens):
        yaml_text, first_line, fm_end = found
        warnings: list[tuple[int, str]] = []
        try:
            metadata = load_front_matter(yaml_text, first_line, warnings)
        except FrontMatterError as exc:
            errors.append(ParseError(exc.line, str(exc)))
        errors.extend(ParseError(line, message, warning=True) for line, message in warnings)
    template = choose_template(path, metadata)
    found_items, title, title_line = markdown.items(tokens, template)
    sections, blocks = build_sections(found_items, template, len(lines))
    meta_title = metadata.get("title")
    if title is None and isinstance(meta_title, str) and meta_title.strip():
        title, title_line = meta_title.strip(), front_matter_line(lines, "title", fm_end)
    also = metadata.get("also_called") or ()
    if isinstance(also, str):
        also_called: tuple[str, ...] = (also,)
    else:
        also_called = tuple(str(a) for a in also if a) if isinstance(also, list) else ()
    author = metadata.get("author")
    document = Document(
        path=path,
        format="markdown",
        lines=tuple(lines),
        template=template,
        as_of=as_of,
        metadata=metadata,
        front_matter_end=fm_end,
        title=title,
        title_line=title_line,
        author=str(author) if author else None,
        also_called=also_called,
        blocks=blocks,
        sections=sections,
        references=_references(sections, template),
        suppressions=_suppressions(lines, fm_end, blocks),
        revision=_revision(sections, template),
    )
    return Parsed(document, tuple(errors))


def _parse_text(
    path: str, lines: list[str], choose_template: TemplateChooser, as_of: dt.date
) -> Parsed:
    template = choose_template(path, {})
    head = plaintext.header(lines, template, path)
    sections, blocks = build_sections(
        plaintext.items(lines, template, head.body_start, head.consumed), template, len(lines)
    )
    document = Document(
        path=path,
        format="text",
        lines=tuple(lines),
        template=template,
        as_of=as_of,
        title=head.title,
        title_line=head.title_line,
        author=head.author,
        also_called=head.also_called,
        blocks=blocks,
        sections=sections,
        references=_references(sections, template),
        header_chrome=head.chrome,
        page_headings=head.page_headings,
        revision=_revision(sections, template),
    )
    return Parsed(document)


def _revision(sections: tuple[Section, ...], template: Template) -> str:
    """The template revision the article's sections follow best."""
    if not template.revisions:
        return ""
    return template.best_revision([s.title for s in sections if s.title and not s.implicit])


def _references(sections: tuple[Section, ...], template: Template) -> tuple[Reference, ...]:
    spec = template.with_role("references")
    if spec is None:
        return ()
    return tuple(
        parse_reference(block.raw or block.text, block.line, block.end_line)
        for section in sections
        if section.title == spec.title
        for block in section.blocks
        if block.kind in ("paragraph", "list_item")
    )


def _suppressions(lines: list[str], fm_end: int, blocks: tuple[Block, ...]) -> Suppressions:
    """Directives in HTML comments, outside front matter and code blocks."""
    code = {n for b in blocks if b.kind == "code" for n in range(b.line, b.end_line + 1)}
    return Suppressions.from_lines(
        (n, line) for n, line in enumerate(lines, 1) if n > fm_end and n not in code
    )
