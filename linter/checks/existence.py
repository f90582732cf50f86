"""Find words or patterns that should not appear (a custom rule kind, no Python needed).

An editor lists literal words and phrases (`tokens`, matched as whole words, a space
matching any white space) and/or regular expressions (`patterns`, Python `regex` syntax);
every match in the rule's scope is a problem with the rule's `message`, where `{match}`
stands for the text found. Patterns are checked when the config is loaded (a bad one is a
config error naming the file and key) and every match runs with a `timeout`, so a
pattern that backtracks without end is stopped and reported, never left to hang the run.

Params:
    tokens: []             literal words or phrases, whole words
    patterns: []           regular expressions
    message: 'Avoid "{match}".'
    ignore_case: true
    scope: prose           prose (paragraphs and list items outside References,
                           Resources, Revision Information) or all (title, headings and
                           every paragraph, list item and table)
    timeout: 0.1           seconds one pattern may take on one paragraph

Example pack entry:

    rules:
      no-click-here:
        check: existence
        severity: warning
        params:
          tokens: [click here, see below]
          message: '"{match}" means nothing when read aloud or printed; name the link target.'

Example:

    article.md:14:23: warning no-click-here "click here" means nothing when read aloud or
    printed; name the link target.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, model_validator

from linter.analysis.patterns import (
    DEFAULT_TIMEOUT,
    PatternText,
    PatternTimeout,
    Scope,
    find_each,
    texts,
    words_pattern,
)
from linter.model.document import Document
from linter.model.problems import Finding

MATCH = "{match}"


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    tokens: tuple[str, ...] = ()
    patterns: tuple[PatternText, ...] = ()
    message: str = Field('Avoid "{match}".', min_length=1)
    ignore_case: bool = True
    scope: Scope = "prose"
    timeout: float = Field(DEFAULT_TIMEOUT, gt=0, le=5)

    @model_validator(mode="after")
    def _something_to_find(self) -> Params:
        if not any(t.strip() for t in self.tokens) and not self.patterns:
            raise ValueError("give `tokens` or `patterns` to look for")
        return self

    @property
    def all_patterns(self) -> tuple[str, ...]:
        words = (words_pattern(self.tokens),) if any(t.strip() for t in self.tokens) else ()
        return (*words, *self.patterns)


def check(doc: Document, params: Params) -> Iterator[Finding]:
    stopped: set[str] = set()
    for piece in texts(doc, params.scope):
        for _, hits in find_each(params.all_patterns, piece.text, stopped, params.timeout,
                                 params.ignore_case):
            if isinstance(hits, PatternTimeout):
                yield Finding(piece.line, hits.message())
                continue
            where = _Locator(doc, piece.text, piece.line)
            for hit in hits:
                line, column, end_line, end_column = where.span(hit.start, hit.text)
                found = " ".join(hit.text.split())
                yield Finding(line, params.message.replace(MATCH, found), column=column,
                              end_line=end_line, end_column=end_column)


class _Locator:
    """Source (line, column) of hits in one piece of text, in linear time overall.

    Line starts are found by bisection, not by counting newlines before every hit, and a
    word found again on the same line is searched for after its previous place (so the
    third "utilize" of a line gets its own column, and a line with 100,000 hits is not
    scanned 100,000 times).
    """

    def __init__(self, doc: Document, text: str, first_line: int) -> None:
        self.doc = doc
        self.first_line = first_line
        self.newlines = [i for i, char in enumerate(text) if char == "\n"]
        self.lowered: dict[int, str] = {}
        self.after: dict[tuple[int, str], int] = {}

    def find(self, offset: int, text: str) -> tuple[int, int]:
        line = self.first_line + bisect.bisect_left(self.newlines, offset)
        if not 1 <= line <= len(self.doc.lines) or not text:
            return max(line, 1), 1
        source = self.doc.lines[line - 1]
        key = (line, text)
        position = source.find(text, self.after.get(key, 0))
        if position < 0:
            if line not in self.lowered:
                self.lowered[line] = source.lower()
            position = self.lowered[line].find(text.lower(), self.after.get(key, 0))
        if position < 0:
            return line, 1  # markup hides it (as column_in says)
        self.after[key] = position + 1
        return line, position + 1

    def span(self, offset: int, text: str) -> tuple[int, int, int | None, int | None]:
        """(line, column, end line, end column) of a match: exactly the matched text (the
        end column is the one just after it, as SARIF counts). When markup hides the text
        (split by `**`, say), the column is 1 and the span ends with the line."""
        parts = text.split("\n")
        line, column = self.find(offset, parts[0])
        if column == 1 and not self.doc.lines[line - 1:line] or (
                column == 1 and not self._at(line, 0, parts[0])):
            return line, 1, None, None
        if len(parts) == 1:
            return line, column, None, column + len(parts[0])
        end_line = line + len(parts) - 1
        last = parts[-1].strip()
        if not 0 < end_line <= len(self.doc.lines):
            return line, column, None, None
        end = self.doc.lines[end_line - 1].lower().find(last.lower())
        return line, column, end_line, (end + 1 + len(last) if end >= 0 else None)

    def _at(self, line: int, position: int, text: str) -> bool:
        source = self.doc.lines[line - 1]
        return source[position:position + len(text)].lower() == text.lower()

