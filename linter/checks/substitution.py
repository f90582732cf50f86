"""Suggest a preferred word for another (a custom rule kind, no Python needed).

`swap` maps a word or phrase to the one the library prefers ("e-mail" -> "email",
"physician" -> "doctor"). Keys are literal words or phrases matched as whole words and
case-insensitively, unless `regex: true` makes them regular expressions (checked when the
config is loaded; every match runs with a `timeout`, so a pattern that backtracks without
end is stopped and reported). The message names both words; `{match}` and `{preferred}`
stand for them.

With `fixable: true` the problem carries a fix that replaces the line with the same line
after every swap of the rule (the capital letter of a sentence start is kept), so
the fixer can apply it. Text inside web addresses, link targets and inline code is
never changed (nor reported). Only mark a rule fixable when the swap can never change
the meaning.

Params:
    swap: {}               word or phrase -> preferred word or phrase (required)
    message: 'Use "{preferred}" instead of "{match}".'
    fixable: false         offer a fix replacing the line
    regex: false           the keys of `swap` are regular expressions
    ignore_case: true
    scope: prose           prose or all (as for `existence`)
    timeout: 0.1           seconds one pattern may take on one paragraph

Example pack entry:

    rules:
      house-style:
        check: substitution
        severity: info
        params:
          swap: {e-mail: email, health care provider: doctor}
          fixable: true

Example:

    article.md:31:9: info house-style Use "email" instead of "e-mail".
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from linter.checks.existence import match_span
from linter.document import Document
from linter.patterns import (
    DEFAULT_TIMEOUT,
    Hit,
    PatternTimeout,
    Scope,
    compile_pattern,
    find_all,
    texts,
    words_pattern,
)
from linter.problems import Finding, Fix

#: spans of a source line a fix must not touch: web addresses, link targets, inline code
_PROTECTED = regex.compile(r"https?://\S+|www\.\S+|\]\([^)]*\)|`[^`]*`", regex.IGNORECASE)


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    swap: dict[str, str]
    message: str = Field('Use "{preferred}" instead of "{match}".', min_length=1)
    fixable: bool = False
    regex: bool = False
    ignore_case: bool = True
    scope: Scope = "prose"
    timeout: float = Field(DEFAULT_TIMEOUT, gt=0, le=5)

    @model_validator(mode="after")
    def _valid_swaps(self) -> Params:
        if not self.swap:
            raise ValueError("`swap` needs at least one word -> preferred word")
        for key, preferred in self.swap.items():
            if not key.strip() or not preferred.strip():
                raise ValueError(f"swap {key!r} -> {preferred!r}: both sides need text")
            if self.regex:
                compile_pattern(key, self.ignore_case)
        return self

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """(pattern, preferred) for every swap."""
        return tuple(
            (key if self.regex else words_pattern([key]), preferred)
            for key, preferred in self.swap.items()
        )


def match_case(found: str, preferred: str) -> str:
    """Keep the look of the original: "UTILIZE" -> "USE", "Utilize" -> "Use"."""
    if len(found) > 1 and found.isupper():
        return preferred.upper()
    if found[:1].isupper():
        return preferred[:1].upper() + preferred[1:]
    return preferred


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def substitute(line: str, params: Params) -> str:
    """The line with every swap of the rule applied, outside protected spans."""
    protected = [m.span() for m in _PROTECTED.finditer(line)]
    for pattern, preferred in params.pairs:
        hits = find_all(pattern, line, params.timeout, params.ignore_case)
        pieces: list[str] = []
        last = 0
        for hit in hits:
            if _inside(hit.start, hit.end, protected):
                continue
            pieces += [line[last : hit.start], match_case(hit.text, preferred)]
            last = hit.end
        line = "".join(pieces) + line[last:]
        protected = [m.span() for m in _PROTECTED.finditer(line)]
    return line


def check(doc: Document, params: Params) -> Iterator[Finding]:
    stopped: set[str] = set()
    for piece in texts(doc, params.scope):
        found: list[tuple[int, str, str]] = []
        protected = [m.span() for m in _PROTECTED.finditer(piece.text)]
        for pattern, preferred in params.pairs:
            if pattern in stopped:
                continue
            try:
                hits = list(find_all(pattern, piece.text, params.timeout, params.ignore_case))
            except PatternTimeout as exc:
                stopped.add(pattern)
                yield Finding(piece.line, exc.message())
                continue
            found += [
                (hit.start, hit.text, preferred) for hit in hits
                if " ".join(hit.text.split()).lower() != preferred.lower()
                and not _inside(hit.start, hit.end, protected)
            ]
        for start, text, preferred in sorted(found):
            line, column, end_line, end_column = match_span(doc, piece, Hit(start, start + len(text), text))
            source = doc.lines[line - 1]
            yield Finding(
                line,
                params.message.replace("{match}", " ".join(text.split())).replace(
                    "{preferred}", match_case(text, preferred)
                ),
                column=column,
                end_line=end_line,
                end_column=end_column,
                fix=_fix(line, source, params, stopped) if params.fixable else None,
            )


def _fix(line: int, source: str, params: Params, stopped: set[str]) -> Fix | None:
    if stopped:
        return None
    try:
        changed = substitute(source, params)
    except PatternTimeout:
        return None
    return Fix(line, line, (changed,)) if changed != source else None
