"""The fast path of Markdown parsing: markdown-it-pyrs (markdown-it in Rust), some ten times
cheaper than markdown-it-py, turned into the same records as `markdown.py` builds from
markdown-it-py's tokens (tests/test_markdown_rs.py and tests/support/markdown_diff.py compare
the two on every corpus).

It is used only where it is known to give the same answer and to be safe; `records` returns
None (use markdown-it-py) for:
- any backtick together with any `[`: markdown-it-pyrs 0.4.0 panics on "`a` [`";
- any `|`: markdown-it-pyrs takes "<\n:-" as a table, markdown-it-py wants a `|` in the
  header line (tables are left to markdown-it-py);
- non-ASCII text with `*` or `_`: markdown-it-pyrs drops the `*` of "1\U000811f6;¼*÷^"
  followed by a paragraph (emphasis flanking around multi-byte characters);
- any `![` (an image's alt text is its raw label; image nesting counts towards markdown-it-py's
  nesting limit);
- more than MAX_MARKUP inline markup characters (quadratic cases in markdown-it-pyrs);
- a tab (markdown-it-py expands it in a list item's continuation lines);
- a line whose leading container markup (spaces, `>`, list markers) is wider than
  MAX_PREFIX: deep nesting overflows the Rust stack and is quadratic there, and past
  markdown-it-py's `maxNesting` the two disagree;
- a run of non-blank lines longer than MAX_INLINE_CHARS with inline markup in it (inline
  parsing of one giant paragraph is quadratic in both; markdown-it-py leaves it as text),
  or with no list item to break it (a 4 MB one-line-per-word paragraph);
- `<!` and a lower-case letter (markdown-it-py follows CommonMark 0.31: an HTML block);
- front matter with a line starting `...` (markdown-it-py ends front matter there too);
- and, once parsed, a block quote (markdown-it-py strips its `>` from a paragraph's source),
  an HTML block in a list item (markdown-it-pyrs leaves out an unclosed one's blank lines),
  an autolink, a paragraph whose edges hold whitespace markdown-it-py trims and
  markdown-it-pyrs keeps (U+00A0, U+2028, form feed...), a heading over MAX_INLINE_CHARS,
  or any node not converted here.

Otherwise the records are rebuilt from the tree: line numbers from its byte offsets, a
paragraph's source (`raw`) from the lines with the list item's indent removed as
markdown-it-py's getLines does, a tight list item's paragraph from the inline nodes the
item holds directly, NUL as U+FFFD, no final newline on an HTML block or unclosed fence
that ends the text without one, and an unclosed fence's or HTML block's trailing blank
lines counted in its span (as markdown-it-py has them).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from linter.model.document import Block, BlockKind

if TYPE_CHECKING:
    from markdown_it_pyrs import MarkdownIt, Node

#: a paragraph longer than this (some 3,000 words; real ones have well under 300) is kept as
#: plain text, because inline parsing is quadratic on input such as 1 MB of "[[[["
MAX_INLINE_CHARS = 20_000
#: widest leading container markup on a line taken here: each nesting level needs at least
#: one column of it, so the tree stays far from markdown-it-py's maxNesting (40)
MAX_PREFIX = 16

#: what markdown-it-py's mdTrim strips (JavaScript's trim minus U+FEFF; markdown-it-pyrs
#: strips spaces and tabs only)
MD_TRIM_CHARS = ("\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                 "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
#: most inline markup characters (`*_[]<>` etc.) taken here: some of markdown-it-pyrs's
#: inline rules are quadratic in them within a paragraph (real articles have under 10)
MAX_MARKUP = 2_000
MARKUP_CHARS = "*_[]<>`\\&!"

#: a heading's record: (text, line, level)
Heading = tuple[str, int, int]
Record = Block | Heading
FrontMatter = tuple[str, int, int]

_LOWER_DECLARATION = re.compile(r"<![a-z]")
#: a line starting with more than MAX_PREFIX characters of container markup (or digits)
_DEEP = re.compile(rf"\n[ >*+\-0-9.)]{{{MAX_PREFIX + 1}}}")
_BLANK_RUN = re.compile(r"\n(?:[ ]*\n)+")
_INLINE_MARKUP = re.compile(f"[{re.escape(MARKUP_CHARS)}]")
#: the characters the CommonMark preset's inline rules start at (other than a line break)
INLINE_RULE = re.compile(r"[\\`*_\[!<&]")
_LIST_LINE = re.compile(r"\n[ ]*(?:[*+-]|[0-9]{1,9}[.)])(?:[ ]|$)", re.MULTILINE)
_COMMENT_ONLY = re.compile(r"^\s*(<!--.*?-->\s*)+$", re.DOTALL)
_MARKER = re.compile(r"[ ]*(?:[*+-]|[0-9]{1,9}[.)])")
_INLINE = frozenset(("text", "text_special", "em", "strong", "link", "code_inline",
                     "softbreak", "hardbreak", "html_inline", "autolink", "image"))


def markup_count(text: str) -> int:
    """How many inline markup characters (MARKUP_CHARS) the text holds."""
    return sum(text.count(char) for char in MARKUP_CHARS)


@cache
def _parser() -> MarkdownIt | None:
    try:
        from markdown_it_pyrs import MarkdownIt
    except ImportError:  # an environment installed before it was a dependency: markdown-it-py
        return None
    return MarkdownIt("commonmark").enable_many(["front_matter", "table"])


def safe_for(text: str) -> bool:
    """Whether `records` may parse this text (see the module docstring)."""
    if ("`" in text and "[" in text) or "![" in text or "\t" in text or "|" in text:
        return False
    if not text.isascii() and ("*" in text or "_" in text):
        return False
    if markup_count(text) > MAX_MARKUP:
        return False
    if "<!" in text and _LOWER_DECLARATION.search(text):
        return False
    if _DEEP.search("\n" + text[:MAX_PREFIX + 1]) or _DEEP.search(text):
        return False
    if text.startswith("---") and "\n..." in text:  # markdown-it-py also ends front matter so
        return False
    if len(text) <= MAX_INLINE_CHARS:
        return True
    for run in _BLANK_RUN.split(text):
        if len(run) <= MAX_INLINE_CHARS:
            continue
        if _INLINE_MARKUP.search(run):
            return False
        start = 0
        for found in _LIST_LINE.finditer(run):
            if found.start() - start > MAX_INLINE_CHARS:
                return False
            start = found.start()
        if len(run) - start > MAX_INLINE_CHARS:
            return False
    return True


def records(text: str) -> tuple[list[Record], FrontMatter | None] | None:
    """Headings and blocks in file order and the front matter, or None where unsure."""
    parser = _parser()
    if parser is None or not safe_for(text):
        return None
    try:
        converter = _Converter(text)
    except UnicodeEncodeError:  # a lone surrogate: not from a decoder, but possible in tests
        return None
    return converter.run(parser)


class _Fallback(Exception):
    """The tree holds something converted only by markdown-it-py."""


class _Converter:
    def __init__(self, text: str) -> None:
        # markdown-it-py's normalize rule
        text = text.replace("\0", "\ufffd")
        self.text = text
        self.data = text.encode("utf-8")
        self.ascii = len(self.data) == len(text)
        self.lines = text.split("\n")
        self.newlines = [m.start() for m in re.finditer(b"\n", self.data)]
        self.out: list[Record] = []

    def run(self, parser: MarkdownIt) -> tuple[list[Record], FrontMatter | None] | None:
        root = parser.tree(self.text)
        front: FrontMatter | None = None
        try:
            children = root.children
            if children and children[0].name == "front_matter":
                start, end = children[0].srcmap  # type: ignore[misc]
                start = bisect_left(self.newlines, start)
                last = bisect_left(self.newlines, end - 1)
                front = ("\n".join(self.lines[start + 1:last]), start + 2, last + 1)
                children = children[1:]
            self.blocks(children, 0, 0, None)
        except (_Fallback, TypeError):  # TypeError: a node without a source map
            return None
        return self.out, front

    def blocks(self, nodes: Sequence[Node], depth: int, indent: int, parent: Node | None) -> None:
        newlines, lines, out = self.newlines, self.lines, self.out
        index = 0
        count = len(nodes)
        while index < count:
            node = nodes[index]
            name = node.name
            start, end = node.srcmap  # type: ignore[misc]
            first = bisect_left(newlines, start)
            if name in _INLINE:
                # a tight list item's paragraph: its inline nodes sit in the item itself
                stop = index + 1
                while stop < count and nodes[stop].name in _INLINE:
                    stop += 1
                if parent is None:
                    raise _Fallback
                if stop < count:
                    last = bisect_left(newlines, nodes[stop].srcmap[0]) - 1  # type: ignore[index]
                else:
                    last = bisect_left(newlines, parent.srcmap[1] - 1)  # type: ignore[index]
                while last > first and not lines[last].strip(" "):
                    last -= 1
                self.paragraph(nodes[index:stop], first, last, start, depth, indent)
                index = stop
                continue
            last = max(first, bisect_left(newlines, end - 1))
            if name == "paragraph":
                self.paragraph(node.children, first, last, start, depth, indent)
            elif name == "list_item":
                self.blocks(node.children, depth, self.item_indent(start, first), node)
            elif name in ("bullet_list", "ordered_list"):
                self.blocks(node.children, depth + 1, indent, node)
            elif name in ("heading", "lheading"):
                if end - start > MAX_INLINE_CHARS:
                    raise _Fallback
                out.append((_plain(node.children).strip(), first + 1, int(node.meta["level"])))
            elif name in ("fence", "code_block", "html_block"):
                if name == "html_block" and parent is not None:
                    # unclosed in a list item, markdown-it-pyrs leaves out its trailing blank
                    # lines, markdown-it-py keeps them
                    raise _Fallback
                content = str(node.meta["content"])
                kind: BlockKind = "code"
                if name == "html_block":
                    kind = "comment" if _COMMENT_ONLY.match(content) else "html"
                if name != "code_block" and self.at_end(first + (name == "fence"), content):
                    content = content[:-1]  # markdown-it-py: no newline where the text has none
                if name == "html_block":  # its lines are the content's (with trailing blank lines)
                    last = first + content.count("\n") - content.endswith("\n")
                elif name == "fence":  # unclosed: it runs to the end, blank lines included
                    last = max(last, first + content.count("\n") + (not content.endswith("\n"))
                               - (not content))
                out.append(Block(kind, content, first + 1, last + 1, None, content, depth))
            elif name != "hr":
                raise _Fallback
            index += 1

    def column(self, offset: int, line: int) -> int:
        """Character column of a byte offset on its (0-based) line."""
        start = self.newlines[line - 1] + 1 if line else 0
        if self.ascii:
            return offset - start
        return len(self.data[start:offset].decode("utf-8"))

    def item_indent(self, offset: int, first: int) -> int:
        """The column a list item's content starts at (markdown-it's blkIndent for it)."""
        line = self.lines[first]
        marker = _MARKER.match(line, self.column(offset, first))
        if marker is None:
            raise _Fallback
        after = marker.end()
        spaces = len(line) - after - len(line[after:].lstrip(" "))
        if after + spaces >= len(line) or spaces > 4:
            spaces = 1
        return after + spaces

    def paragraph(self, children: Sequence[Node], first: int, last: int, start: int,
                  depth: int, indent: int) -> None:
        lines = self.lines
        joined = lines[first][self.column(start, first):]
        if last > first:
            if indent:
                rest = []
                for line in lines[first + 1:last + 1]:
                    lead = len(line) - len(line.lstrip(" "))
                    rest.append(line[min(lead, indent):])
            else:
                rest = lines[first + 1:last + 1]
            joined = joined + "\n" + "\n".join(rest)
        raw = joined.strip(MD_TRIM_CHARS)
        if raw != joined.strip(" \n"):
            raise _Fallback
        if len(raw) > MAX_INLINE_CHARS:
            text = raw
        elif INLINE_RULE.search(raw) is None:
            # no inline rule can start (CommonMark preset): text and line breaks only, and
            # markdown-it's newline rule drops the spaces around each break
            text = "\n".join([line.strip(" ") for line in raw.split("\n")]) if "\n" in raw else raw
        else:
            text = _plain(children)
        self.out.append(Block("list_item" if depth else "paragraph", text, first + 1, last + 1,
                              None, raw, depth))

    def at_end(self, first: int, content: str) -> bool:
        """Whether content from line `first` ends on a last line that has no newline."""
        lines = content.count("\n")
        return (lines > 0 and content.endswith("\n") and not self.text.endswith("\n")
                and first + lines - 1 == len(self.lines) - 1)


def _plain(nodes: Sequence[Node]) -> str:
    parts: list[str] = []
    _collect(nodes, parts)
    return "".join(parts)


def _collect(nodes: Sequence[Node], parts: list[str]) -> None:
    for node in nodes:
        name = node.name
        if name in ("text", "text_special"):
            parts.append(str(node.meta["content"]))
        elif name in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif name in ("em", "strong", "link", "code_inline"):
            _collect(node.children, parts)
        elif name == "html_inline":
            pass
        else:
            raise _Fallback
