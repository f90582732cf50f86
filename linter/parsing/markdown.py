"""Markdown articles: CommonMark with optional YAML front matter.

Two parsers give the same answer: markdown-it-pyrs (`markdown_rs`, some ten times cheaper)
where it is known to be safe and the same, and markdown-it-py (CommonMark preset,
front_matter plugin, tables) for everything else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from linter.model.document import Block, BlockKind
from linter.model.template import Template
from linter.parsing.markdown_rs import (
    INLINE_RULE,
    MAX_INLINE_CHARS,
    FrontMatter,
    Record,
    markup_count,
    records,
)
from linter.parsing.structure import HeadingItem, Item, back_to_top

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

#: deeper nesting than this is left as text rather than parsed (1,000-deep lists)
MAX_NESTING = 40
#: inline markup characters (markdown_rs.MARKUP_CHARS) parsed per document; the rest of the
#: text's inline markup is read as text. markdown-it-py spends up to some 28 microseconds on
#: each (`![`, `[`, code spans): 4 MiB of them would take two minutes, the budget under three
#: seconds. Real articles have under ten per paragraph (a 4 MiB one, some 80,000 in all), and
#: the markdown_rs fast path takes no text with more than its MAX_MARKUP (2,000) of them.
MAX_INLINE_MARKUP = 100_000
#: rows of one table read as a table (markdown-it-py spends some 60 microseconds on each; a
#: 4 MiB table has 260,000): the rows after them are read as a paragraph
MAX_TABLE_ROWS = 5_000
_COMMENT_ONLY = re.compile(r"^\s*(<!--.*?-->\s*)+$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Tokens:
    """A parsed article: headings (text, line, level) and blocks in file order."""

    records: list[Record]
    front_matter: FrontMatter | None


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.use(front_matter_plugin)
    md.enable("table")
    # the table rule's own alternatives: a table may interrupt a paragraph or a reference
    md.block.ruler.at("table", _table_bounded, {"alt": ["paragraph", "reference"]})
    md.core.ruler.at("inline", _inline_bounded)
    return md


def _table_bounded(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's table rule, ending a table after MAX_TABLE_ROWS rows: the rest of its
    lines are a paragraph (a row of text with no delimiter row under it)."""
    from markdown_it.rules_block.table import table

    return table(state, start, min(end, start + 2 + MAX_TABLE_ROWS), silent)


def _inline_bounded(state: StateCore) -> None:
    """markdown-it's core `inline` rule, with two bounds that keep hostile input linear and
    cheap: a paragraph over MAX_INLINE_CHARS, and any inline text once the document's
    MAX_INLINE_MARKUP budget is spent, stay one text token (their markup is read as text)."""
    from markdown_it.token import Token

    budget = MAX_INLINE_MARKUP
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if INLINE_RULE.search(content) is None and "\n" not in content:
            # no inline rule can start here: markdown-it would give this one text token
            if content:
                token.children.append(Token("text", "", 0, content=content))
            continue
        cost = markup_count(content)
        if len(content) > MAX_INLINE_CHARS or cost > budget:
            token.children.append(Token("text", "", 0, content=content))
            continue
        budget -= cost
        state.md.inline.parse(content, state.md, state.env, token.children)


def tokenize(text: str) -> Tokens:
    found = records(text)
    if found is not None:
        return Tokens(*found)
    return tokenize_py(text)


def tokenize_py(text: str) -> Tokens:
    """The markdown-it-py parse (the reference markdown_rs.py is held to)."""
    tokens = _markdown().parse(text)
    return Tokens(_records(tokens), _front_matter(tokens))


def _front_matter(tokens: Sequence[Token]) -> FrontMatter | None:
    if tokens and tokens[0].type == "front_matter" and tokens[0].map:
        start, end = tokens[0].map
        return tokens[0].content, start + 2, end
    return None


def front_matter(tokens: Tokens) -> FrontMatter | None:
    """(YAML text, first YAML line, last line of the block) of the front matter, if any."""
    return tokens.front_matter


def plain_text(inline: Token) -> str:
    """The text a reader sees: markup removed, a newline where the source line breaks."""
    parts: list[str] = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def _records(tokens: Sequence[Token]) -> list[Record]:
    out: list[Record] = []
    list_depth = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "heading_open" and token.map:
            out.append((plain_text(tokens[index + 1]).strip(), token.map[0] + 1,
                        int(token.tag[1:])))
        elif kind == "paragraph_open" and token.map:
            inline = tokens[index + 1]
            block_kind: BlockKind = "list_item" if list_depth else "paragraph"
            out.append(_block(block_kind, plain_text(inline), token.map, inline.content, list_depth))
        elif kind in ("fence", "code_block") and token.map:
            out.append(_block("code", token.content, token.map, token.content, list_depth))
        elif kind == "html_block" and token.map:
            html_kind: BlockKind = "comment" if _COMMENT_ONLY.match(token.content) else "html"
            out.append(_block(html_kind, token.content, token.map, token.content, list_depth))
        elif kind == "table_open" and token.map:
            close = index
            while tokens[close].type != "table_close":
                close += 1
            cells = [plain_text(t) for t in tokens[index:close] if t.type == "inline"]
            out.append(_block("table", " | ".join(cells), token.map, "", list_depth))
            index = close
        index += 1
    return out


def items(tokens: Tokens, template: Template) -> tuple[list[Item], str | None, int | None]:
    """Headings and blocks in file order, plus the title (first level-1 heading) and its line."""
    out: list[Item] = []
    title: str | None = None
    title_line: int | None = None
    for record in tokens.records:
        if isinstance(record, Block):
            out.append(record)
            continue
        text, line, level = record
        if level == 1 and title is None:
            title, title_line = text, line
        else:
            out.extend(_heading(text, line, level, template))
    return out, title, title_line


def _block(kind: BlockKind, text: str, span: list[int], raw: str, depth: int) -> Block:
    start, end = span
    return Block(kind=kind, text=text, line=start + 1, end_line=max(end, start + 1),
                 section=None, raw=raw, depth=depth)


def _heading(text: str, line: int, level: int, template: Template) -> list[Item]:
    trailing = ""
    spec = template.lookup(text)
    if spec is None and (top := back_to_top(text, template)):
        text, trailing, spec = top
    if spec is None and (glued := template.split_glued(text)):
        spec, heading, rest = glued
        return [
            HeadingItem(heading, line, level, spec, glued=True),
            Block("paragraph", rest, line, line, None, rest),
        ]
    if spec is None and (two := template.split_two(text)):
        spec, heading, rest = two
        if (second := template.lookup(rest)) is not None:
            return [HeadingItem(heading, line, level, spec, glued=True),
                    HeadingItem(rest, line, level + 1, second)]
    sub_of = template.subheading_of(text) if spec is None else None
    return [HeadingItem(text, line, level, spec, trailing=trailing, sub_of=sub_of)]
