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

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, model_validator

from linter.document import Document
from linter.patterns import (
    DEFAULT_TIMEOUT,
    Hit,
    PatternText,
    PatternTimeout,
    Scope,
    Text,
    find_all,
    texts,
    words_pattern,
)
from linter.problems import Finding

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
        for pattern in params.all_patterns:
            if pattern in stopped:
                continue
            try:
                hits = list(find_all(pattern, piece.text, params.timeout, params.ignore_case))
            except PatternTimeout as exc:
                stopped.add(pattern)  # once per pattern: the next paragraph would stall too
                yield Finding(piece.line, exc.message())
                continue
            for hit in hits:
                found = " ".join(hit.text.split())
                line, column, end_line, end_column = match_span(doc, piece, hit)
                yield Finding(line, params.message.replace(MATCH, found), column=column,
                              end_line=end_line, end_column=end_column)


def match_span(doc: Document, piece: Text, hit: Hit) -> tuple[int, int, int | None, int | None]:
    """(line, column, end line, end column) of a match in the source: exactly the matched text.

    `piece.text` has Markdown markup removed, so the match is looked up in its source line:
    the n-th occurrence there when it is the n-th on its line of `piece.text`. The end column
    is the one just after the match (as SARIF counts). When markup hides the text (split by
    `**`, say), the column is 1 and the span ends with the line, as before.
    """
    parts = hit.text.split("\n")
    line = piece.line_at(hit.start)
    end_line = line + len(parts) - 1
    before = piece.text[piece.text.rfind("\n", 0, hit.start) + 1 : hit.start]
    start = _nth(doc.lines[line - 1], parts[0], before.lower().count(parts[0].lower()))
    if start < 0:
        return line, 1, None, None
    if end_line == line:
        return line, start + 1, None, start + 1 + len(parts[0])
    last = parts[-1].strip()
    end = _nth(doc.lines[end_line - 1], last, 0) if 0 < end_line <= len(doc.lines) else -1
    return line, start + 1, end_line, (end + 1 + len(last) if end >= 0 else None)


def _nth(source: str, text: str, n: int) -> int:
    """Offset of the n-th (0-based) occurrence of `text` in `source` (any case), or -1."""
    for haystack, needle in ((source, text), (source.lower(), text.lower())):
        position = -1
        for _ in range(n + 1):
            position = haystack.find(needle, position + 1)
            if position < 0:
                break
        if position >= 0:
            return position
    return -1
