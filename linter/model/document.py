"""The article model. Every file is parsed once into a `Document`; checks only read it.

Line numbers are 1-based and count from the top of the file, front matter included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from linter.model.references import Reference
from linter.model.suppressions import Suppressions
from linter.model.template import Template

BlockKind = Literal["paragraph", "list_item", "code", "table", "html", "comment"]
Format = Literal["markdown", "text"]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, a list item or another piece of body content.

    `text` is plain text (Markdown markup removed) with a newline where the source line
    breaks, so `line_at(offset)` can locate any part of it. `raw` is the source as written
    (URLs of links included).
    """

    kind: BlockKind
    text: str
    line: int
    end_line: int
    #: index in Document.sections, or None for the text before the first section
    section: int | None
    raw: str = ""
    #: list nesting depth (1 for a top-level list item, 0 outside lists)
    depth: int = 0

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)

    @property
    def is_content(self) -> bool:
        """True for what a reader sees as text (not comments)."""
        return self.kind != "comment"


@dataclass(frozen=True, slots=True)
class Section:
    index: int
    #: the heading as written (without `#` marks or trailing back-to-top links)
    heading: str
    #: canonical template title after alias resolution, None when not in the template
    title: str | None
    level: int
    #: heading line; for an implicit section, its first content line
    line: int
    #: last line before the next heading (or the end of the file)
    end_line: int
    parent: int | None
    blocks: tuple[Block, ...] = ()
    #: inferred from its content, with no heading in the file (plain-text References)
    implicit: bool = False
    #: the heading was glued to its text on one line ("Will It Hurt?You should...")
    glued: bool = False
    #: text after the heading on its line that is not part of it ("TOP" back-to-top links)
    trailing: str = ""


@dataclass(frozen=True)
class Document:
    path: str
    format: Format
    lines: tuple[str, ...]
    template: Template
    #: "today" for every date rule (the --as-of date)
    as_of: dt.date
    metadata: Mapping[str, Any] = field(default_factory=dict)
    #: last line of the front matter block (0 when there is none)
    front_matter_end: int = 0
    title: str | None = None
    title_line: int | None = None
    author: str | None = None
    also_called: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    references: tuple[Reference, ...] = ()
    suppressions: Suppressions = field(default_factory=Suppressions)
    #: lines of the page header that are the site's, not the article's (navigation and
    #: widgets before the title, a title printed twice, tab labels): residue
    header_chrome: frozenset[int] = frozenset()
    #: header lines that head the site's tab of the page ("What is Knee Arthroscopy?",
    #: "Knee Arthroscopy Overview"): neither the article's text nor residue
    page_headings: tuple[int, ...] = ()
    #: the template revision whose section order the article follows ("" for the current)
    revision: str = ""

    @property
    def orders(self) -> dict[str, int]:
        """Section title -> position in the order of the article's template revision."""
        memo: dict[str, dict[str, int]] = self.memo("orders")
        if self.revision not in memo:
            memo[self.revision] = self.template.orders(self.revision)
        return memo[self.revision]

    @property
    def intro(self) -> tuple[Block, ...]:
        """Blocks before the first section (the definition)."""
        return tuple(b for b in self.blocks if b.section is None)

    @property
    def paragraphs(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == "paragraph")

    def section(self, title: str) -> Section | None:
        """The first section with this canonical template title."""
        return next((s for s in self.sections if s.title == title), None)

    def section_of(self, block: Block) -> Section | None:
        return None if block.section is None else self.sections[block.section]

    def is_prose_section(self, section: Section | None) -> bool:
        """Prose is everything but sections the template marks `prose: false` (and parts of them)."""
        while section is not None:
            spec = self.template.by_title.get(section.title) if section.title else None
            if spec is not None and not spec.prose:
                return False
            section = None if section.parent is None else self.sections[section.parent]
        return True

    @property
    def prose(self) -> tuple[Block, ...]:
        """Paragraphs and list items a readability check should see: not front matter,
        headings, references, resources, revision information, code or tables (worked out
        once per document)."""
        memo: dict[str, tuple[Block, ...]] = self.memo("prose")
        if "prose" not in memo:
            memo["prose"] = tuple(
                b for b in self.blocks
                if b.kind in ("paragraph", "list_item") and self.is_prose_section(self.section_of(b))
            )
        return memo["prose"]

    def next_block(self, block: Block) -> Block | None:
        """The block after this one in file order, or None."""
        index = self._block_index.get(id(block))
        if index is None or index + 1 >= len(self.blocks):
            return None
        return self.blocks[index + 1]

    def memo(self, name: str) -> dict[Any, Any]:
        """A cache named `name` for what helpers derive from this document (the sentences of
        its blocks: linter/analysis/text.py `sentences`), filled lazily. It lives and dies with the
        document, so nothing is shared between files; the document itself stays unchanged."""
        caches: dict[str, dict[Any, Any]] | None = self.__dict__.get("_memo_cache")
        if caches is None:
            caches = {}
            object.__setattr__(self, "_memo_cache", caches)
        return caches.setdefault(name, {})

    @property
    def _block_index(self) -> dict[int, int]:
        index: dict[int, int] = self.memo("block_index")
        if not index:
            index.update({id(b): i for i, b in enumerate(self.blocks)})
        return index


def front_matter_line(lines: Sequence[str], key: str, end: int) -> int:
    """The line of `key:` in the front matter (its first `end` lines); 1 when it is not there."""
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    return next((n for n, line in enumerate(lines[:end], 1) if pattern.match(line)), 1)
