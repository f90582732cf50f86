"""Suggest a preferred word for another (a custom rule kind, no Python needed).

`swap` maps a word or phrase to the one the library prefers ("e-mail" -> "email",
"physician" -> "doctor"). Keys are literal words or phrases matched as whole words and
case-insensitively, unless `regex: true` makes them regular expressions (checked when the
config is loaded; every match runs with a `timeout`, so a pattern that backtracks without
end is stopped and reported). The message names both words; `{match}` and `{preferred}`
stand for them.

With `fixable: true` the problem carries a fix that replaces the line with the same line
after every swap of the rule (the capital letter of a sentence start is kept), so
the fixer can apply it. Only prose is read: web addresses, e-mail addresses, bare domains
(`physician.example.org`), autolinks, link targets, HTML comments (suppression comments
too), HTML tags and their attributes, and inline code are never reported nor changed.
Only mark a rule fixable when the swap can never change the meaning.

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

import bisect
from collections.abc import Iterator

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from linter.analysis.patterns import (
    DEFAULT_TIMEOUT,
    Hit,
    PatternTimeout,
    Scope,
    compile_pattern,
    find_each,
    texts,
    words_pattern,
)
from linter.model.document import Document
from linter.model.problems import Finding, Fix

#: source text that is not prose: a swap never reports or changes it. HTML comments (the
#: suppression comments too) and unclosed ones to the end of the block, inline code of any
#: backtick run, autolinks and HTML tags with their attributes, link targets and reference
#: definitions, web addresses, e-mail addresses and bare domains (physician.example.org).
_NOT_PROSE = regex.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|(?<!`)(?P<ticks>`++).*?(?<!`)(?P=ticks)(?!`)"
    r"|<[a-z][a-z0-9+.-]{1,31}:[^\s<>]*>"
    r"|</?[a-z][^<>]*>"
    r"|\]\([^)]*\)|\]\[[^\]]*\]|^[ \t]*\[[^\]\n]+\]:.*$"
    r"|(?:https?|ftp|mailto|file):\S+|www\.\S+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:/\S*)?(?![\w-])",
    regex.IGNORECASE | regex.DOTALL | regex.MULTILINE,
)
#: what hidden text is replaced by: not a word character (words next to it still match as
#: whole words) and not white space (a phrase cannot match across it); NUL is never in an
#: article (the engine refuses it)
_HIDDEN = "\x00"


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


def hide_non_prose(source: str) -> str:
    """`source` with everything that is not prose replaced by NULs (same length)."""
    return _NOT_PROSE.sub(lambda m: regex.sub(r"[^\n]", _HIDDEN, m.group()), source)


def _hits(masked: str, params: Params, stopped: set[str]) -> Iterator[tuple[Hit, str] | str]:
    """(hit, preferred) for every swap in the masked text, or a pattern that timed out."""
    for index, hits in find_each([pattern for pattern, _ in params.pairs], masked, stopped,
                                 params.timeout, params.ignore_case):
        pattern, preferred = params.pairs[index]
        if isinstance(hits, PatternTimeout):
            yield pattern
            continue
        for hit in hits:
            if _HIDDEN not in hit.text and \
                    " ".join(hit.text.split()).lower() != preferred.lower():
                yield hit, preferred


def substitute(line: str, params: Params, masked: str | None = None) -> str:
    """The line with every swap of the rule applied to its prose (`masked`: the line with
    non-prose hidden, when the caller knows more context than the line)."""
    masked = hide_non_prose(line) if masked is None else masked
    stopped: set[str] = set()
    found: list[tuple[Hit, str]] = []
    for item in _hits(masked, params, stopped):
        if isinstance(item, str):
            raise PatternTimeout(item, params.timeout)
        found.append(item)
    # the earliest swap wins an overlap; for equal starts, the rule's first pair
    chosen: list[tuple[Hit, str]] = []
    end = 0
    for _, (hit, preferred) in sorted(enumerate(found), key=lambda e: (e[1][0].start, e[0])):
        if hit.start >= end:
            chosen.append((hit, preferred))
            end = hit.end
    pieces: list[str] = []
    last = 0
    for hit, preferred in chosen:
        pieces += [line[last:hit.start], match_case(hit.text, preferred)]
        last = hit.end
    return "".join(pieces) + line[last:]


def _ranges(doc: Document, scope: Scope) -> list[tuple[int, int]]:
    """(first, last) source lines of every piece the rule reads, in file order."""
    if scope == "prose":
        return [(b.line, b.end_line) for b in doc.prose]
    pieces = [(piece.line, piece.line) for piece in texts(doc, "all")
              if piece.line not in {b.line for b in doc.blocks}]
    pieces += [(b.line, b.end_line) for b in doc.blocks
               if b.kind in ("paragraph", "list_item", "table")]
    return sorted(set(pieces))


def check(doc: Document, params: Params) -> Iterator[Finding]:
    stopped: set[str] = set()
    for first, last in _ranges(doc, params.scope):
        last = min(max(last, first), len(doc.lines))
        if first < 1 or first > last:
            continue
        masked = hide_non_prose("\n".join(doc.lines[first - 1:last])).split("\n")
        starts = [0]
        for text in masked[:-1]:
            starts.append(starts[-1] + len(text) + 1)
        joined = "\n".join(masked)
        found: list[tuple[int, str, str]] = []
        for item in _hits(joined, params, stopped):
            if isinstance(item, str):
                yield Finding(first, PatternTimeout(item, params.timeout).message())
                continue
            hit, preferred = item
            found.append((hit.start, hit.text, preferred))
        fixes: dict[int, Fix | None] = {}  # one fix per line, however many swaps it has
        for start, text, preferred in sorted(found):
            index = bisect.bisect_right(starts, start) - 1
            line = first + index
            end = start + len(text)
            end_index = index + text.count("\n")
            source = doc.lines[line - 1]
            if params.fixable and line not in fixes:
                fixes[line] = _fix(line, source, masked[index], params, stopped)
            yield Finding(
                line,
                params.message.replace("{match}", " ".join(text.split())).replace(
                    "{preferred}", match_case(text, preferred)
                ),
                column=start - starts[index] + 1,
                end_line=first + end_index,
                end_column=end - starts[end_index] + 1,
                # a swap across a line break is beyond the line's fix: report it without one
                fix=fixes.get(line) if end_index == index else None,
            )


def _fix(line: int, source: str, masked: str, params: Params, stopped: set[str]) -> Fix | None:
    if stopped:
        return None
    try:
        changed = substitute(source, params, masked)
    except PatternTimeout:
        return None
    return Fix(line, line, (changed,)) if changed != source else None
