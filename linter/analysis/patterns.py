"""Bounded regular expressions for patterns that come from YAML (packs and user configs).

A pattern an editor writes must never hang the linter. Patterns are compiled with the
`regex` module and every match runs with a timeout: nested repeats such as `(a|aa)+$`
backtrack exponentially on a long line, and then the match is stopped and reported
instead of running for minutes. Patterns are validated when the config is loaded
(`PatternText` in a pydantic model), so a bad pattern is a config error naming the file and
key, not a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Literal

import regex
from pydantic import AfterValidator

from linter.model.document import Document

#: seconds one search may take on one text before it is stopped
DEFAULT_TIMEOUT = 0.1
#: longest pattern accepted; longer ones are almost always a pasted mistake
MAX_PATTERN_LENGTH = 2000


class PatternTimeout(Exception):
    """A pattern took longer than its timeout on a text (catastrophic backtracking)."""

    def __init__(self, pattern: str, timeout: float) -> None:
        super().__init__(pattern)
        self.pattern = pattern
        self.timeout = timeout

    def message(self) -> str:
        return (
            f'The pattern "{self.pattern}" took longer than {self.timeout:g} s on this text '
            "and was stopped; simplify it (nested repeats such as (a|aa)+ backtrack "
            "without end)."
        )


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str, ignore_case: bool = True) -> regex.Pattern[str]:
    """Compile a user pattern (cached). Raises ValueError with a readable reason."""
    if not pattern:
        raise ValueError("empty pattern")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"pattern longer than {MAX_PATTERN_LENGTH} characters")
    flags = regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0)
    try:
        return regex.compile(pattern, flags)
    except regex.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None


def _validate_pattern(pattern: str) -> str:
    compile_pattern(pattern)
    return pattern


#: a str that must compile as a regular expression (use in a check's Params)
PatternText = Annotated[str, AfterValidator(_validate_pattern)]


def words_pattern(tokens: Iterable[str]) -> str:
    """A pattern matching any of the literal words or phrases as whole words.

    Spaces in a phrase match any run of white space (a line break included).
    """
    alternatives = sorted({t.strip() for t in tokens if t.strip()}, key=len, reverse=True)
    escaped = (r"\s+".join(regex.escape(part) for part in token.split()) for token in alternatives)
    return r"(?<!\w)(?:" + "|".join(escaped) + r")(?!\w)"


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    text: str


def find_all(
    pattern: str, text: str, timeout: float = DEFAULT_TIMEOUT, ignore_case: bool = True
) -> Iterator[Hit]:
    """Every match of `pattern` in `text`; raises PatternTimeout when it runs too long."""
    compiled = compile_pattern(pattern, ignore_case)
    try:
        matches = list(compiled.finditer(text, timeout=timeout))
    except TimeoutError:
        raise PatternTimeout(pattern, timeout) from None
    for match in matches:
        if match.end() > match.start():  # an empty match marks nothing a writer can fix
            yield Hit(match.start(), match.end(), match.group(0))


def find_each(
    patterns: Iterable[str], text: str, stopped: set[str], timeout: float = DEFAULT_TIMEOUT,
    ignore_case: bool = True,
) -> Iterator[tuple[int, list[Hit] | PatternTimeout]]:
    """(index, hits) for each of a rule's patterns on one text of a document. A pattern that
    runs out of time gives its PatternTimeout instead, once: it joins `stopped` (shared by
    the texts of the document) and is skipped from then on, since the next text would stall
    it too."""
    for index, pattern in enumerate(patterns):
        if pattern in stopped:
            continue
        try:
            hits: list[Hit] | PatternTimeout = list(find_all(pattern, text, timeout, ignore_case))
        except PatternTimeout as exc:
            stopped.add(pattern)
            hits = exc
        yield index, hits


def search(
    pattern: str, text: str, timeout: float = DEFAULT_TIMEOUT, ignore_case: bool = True
) -> Hit | None:
    """The first match of `pattern` in `text`, or None; raises PatternTimeout."""
    compiled = compile_pattern(pattern, ignore_case)
    try:
        match = compiled.search(text, timeout=timeout)
    except TimeoutError:
        raise PatternTimeout(pattern, timeout) from None
    return None if match is None else Hit(match.start(), match.end(), match.group(0))


def full_match(
    pattern: str, text: str, timeout: float = DEFAULT_TIMEOUT, ignore_case: bool = True
) -> bool:
    """True when `pattern` matches the whole of `text`; raises PatternTimeout."""
    compiled = compile_pattern(pattern, ignore_case)
    try:
        return compiled.fullmatch(text, timeout=timeout) is not None
    except TimeoutError:
        raise PatternTimeout(pattern, timeout) from None


#: what makes a pattern unsafe to join with others: inline flags, which in the `regex`
#: module's version 0 apply to the whole pattern, and group references, whose numbers shift
_NOT_JOINABLE = regex.compile(r"\(\?[a-zA-Z^-]|\(\?P=|\\[1-9]|\\g<")


@lru_cache(maxsize=256)
def _joined(patterns: tuple[str, ...], ignore_case: bool) -> regex.Pattern[str] | None:
    """One alternation of the patterns, or None when they cannot be joined safely."""
    if len(patterns) < 2 or any(_NOT_JOINABLE.search(p) for p in patterns):
        return None
    flags = regex.VERSION0 | (regex.IGNORECASE if ignore_case else 0)
    try:
        return regex.compile("|".join(f"(?:{p})" for p in patterns), flags)
    except regex.error:  # e.g. the same group name in two patterns
        return None


def full_match_any(
    patterns: tuple[str, ...], text: str, timeout: float = DEFAULT_TIMEOUT, ignore_case: bool = True
) -> bool:
    """True when one of the patterns matches the whole of `text`.

    The patterns run as one alternation (one timed match instead of one per pattern: the
    timeout costs more than a short match). When that times out, they run one by one so
    the PatternTimeout names the pattern at fault.
    """
    joined = _joined(patterns, ignore_case)
    if joined is not None:
        try:
            return joined.fullmatch(text, timeout=timeout) is not None
        except TimeoutError:
            pass
    return any(full_match(p, text, timeout, ignore_case) for p in patterns)


def column_in(line: str, text: str) -> int:
    """1-based column of `text` in a source line (1 when markup hides it)."""
    position = line.find(text)
    if position < 0:
        position = line.lower().find(text.lower())
    return position + 1 if position >= 0 else 1


# ----------------------------------------------------------------------------- scopes

Scope = Literal["prose", "all"]


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of the article a pattern is matched against, and where it starts."""

    text: str
    line: int

    def line_at(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)


def texts(doc: Document, scope: Scope) -> Iterator[Text]:
    """What a custom rule reads, in file order.

    `prose`: paragraphs and list items outside the sections the template marks
    `prose: false` (references, resources, revision information).
    `all`: the title, every heading and every paragraph, list item and table.
    """
    if scope == "prose":
        for block in doc.prose:
            yield Text(block.text, block.line)
        return
    pieces: list[Text] = []
    if doc.title and doc.title_line:
        pieces.append(Text(doc.title, doc.title_line))
    pieces.extend(Text(s.heading, s.line) for s in doc.sections if not s.implicit)
    pieces.extend(
        Text(b.text, b.line) for b in doc.blocks if b.kind in ("paragraph", "list_item", "table")
    )
    yield from sorted(pieces, key=lambda t: t.line)
