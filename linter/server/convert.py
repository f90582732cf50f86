"""Problems to LSP diagnostics, fixes to text edits, rule docs to hover text.

Positions: a Problem's line and column are 1-based and count code points, its end column is
exclusive; LSP positions are 0-based and count code units of the negotiated encoding
(UTF-16 unless the client offers UTF-8 or UTF-32). Lines end at CRLF, CR or LF in both.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from lsprotocol import types

from linter import rule_url
from linter.config import Config
from linter.engine import INTERNAL_ERROR, PARSE_ERROR, UNKNOWN_RULE
from linter.model.problems import Fix, Problem, Severity
from linter.output.fixes import FixError, Source, apply

SOURCE = "healthlint"
#: counts the code units of a string in the client's position encoding
Units = Callable[[str], int]
_LINE_END = re.compile(r"\r\n|\r|\n")
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
ENGINE_RULES = {
    PARSE_ERROR: "The file could not be read, decoded or parsed: the message says where and why.",
    INTERNAL_ERROR: "A rule crashed on this file (a healthlint bug); the other rules still ran.",
    UNKNOWN_RULE: "A `healthlint-disable` comment names something that is not a rule; a typo "
                  "would silently suppress nothing.",
}


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_lines(text: str) -> list[str]:
    """The document's lines as LSP counts them (CRLF, CR and LF end a line)."""
    return _LINE_END.split(text)


@dataclass(frozen=True, slots=True)
class Lines:
    """A document's lines, to turn code-point columns into client positions."""

    lines: Sequence[str]
    units: Units = utf16_units

    @classmethod
    def of(cls, text: str, units: Units = utf16_units) -> Lines:
        return cls(split_lines(text), units)

    def position(self, line: int, column: int) -> types.Position:
        """1-based line and code-point column to an LSP position (clamped to the text)."""
        if not self.lines:
            return types.Position(0, 0)
        index = min(max(line, 1), len(self.lines)) - 1
        text = self.lines[index]
        return types.Position(index, self.units(text[: max(column - 1, 0)]))

    def end(self) -> types.Position:
        return types.Position(len(self.lines) - 1, self.units(self.lines[-1]))

    def range(self, problem: Problem) -> types.Range:
        start = self.position(problem.line, problem.column)
        end = self.position(problem.end_line, problem.end_column)
        return types.Range(start, max(start, end, key=lambda p: (p.line, p.character)))


def diagnostic(problem: Problem, lines: Lines) -> types.Diagnostic:
    return types.Diagnostic(
        range=lines.range(problem),
        message=problem.message,
        severity=SEVERITIES[problem.severity],
        code=problem.rule,
        code_description=types.CodeDescription(href=rule_url(problem.rule)),
        source=SOURCE,
    )


def diagnostics(problems: Iterable[Problem], lines: Lines) -> list[types.Diagnostic]:
    return [diagnostic(p, lines) for p in problems]


# ----------------------------------------------------------------------------- edits


def fixed_text(text: str, fixes: Iterable[Fix]) -> str:
    """The text with the fixes applied exactly as `healthlint check --fix` applies them."""
    source, _ = apply(Source.from_bytes(text.encode("utf-8")), fixes)
    return source.to_bytes().decode("utf-8")


def text_edits(before: str, after: str, units: Units = utf16_units) -> list[types.TextEdit]:
    """Edits (whole lines, with their endings) that turn `before` into `after`."""
    old = _pieces(before)
    new = _pieces(after)
    lines = Lines([text for text, _ in old], units)
    # the common head and tail first: a fix touches a few lines of a long document
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(None, [t + e for t, e in old[head:len(old) - tail]],
                                      [t + e for t, e in new[head:len(new) - tail]], autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        start = types.Position(i1, 0) if i1 < len(old) else lines.end()
        end = types.Position(i2, 0) if i2 < len(old) else lines.end()
        edits.append(types.TextEdit(types.Range(start, end), "".join(t + e for t, e in new[j1:j2])))
    return edits


def _pieces(text: str) -> list[tuple[str, str]]:
    """(text, ending) per line; the last line has ending "" (the lines of `split_lines`)."""
    parts = _LINE_END.split(text)
    endings = _LINE_END.findall(text)
    return list(zip(parts, [*endings, ""], strict=True))


def fix_edits(text: str, fixes: Iterable[Fix], units: Units = utf16_units) -> list[types.TextEdit]:
    """The edits of `fixed_text`, or none when the text cannot be fixed safely."""
    try:
        return text_edits(text, fixed_text(text, fixes), units)
    except FixError:
        return []


# ----------------------------------------------------------------------------- hover

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&])")


def escape_markdown(text: str) -> str:
    """Article text shown in hover Markdown: no live links, images, HTML or formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def hover_text(problems: Sequence[Problem], config: Config | None) -> str:
    """Markdown: per problem, the rule, its message, and the rule's documentation."""
    parts = []
    for problem in problems:
        rule = config.rule(problem.rule) if config is not None else None
        head = f"**healthlint `{problem.rule}`** ({problem.severity.value})"
        body = [head, escape_markdown(problem.message)]
        if rule is not None:
            body.append(f"*{escape_markdown(rule.description)}*" if rule.description else "")
            body.append(f"Check `{rule.check.name}`:\n\n{rule.check.doc}")
        elif problem.rule in ENGINE_RULES:
            body.append(ENGINE_RULES[problem.rule])
        body.append(f"[Rule documentation]({rule_url(problem.rule)})")
        parts.append("\n\n".join(b for b in body if b))
    return "\n\n---\n\n".join(parts)


def contains(range_: types.Range, position: types.Position) -> bool:
    start = (range_.start.line, range_.start.character)
    end = (range_.end.line, range_.end.character)
    return start <= (position.line, position.character) <= end


def overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and \
        (b.start.line, b.start.character) <= (a.end.line, a.end.character)
