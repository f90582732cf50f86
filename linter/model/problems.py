"""What checks find (`Finding`) and what the engine reports (`Problem`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace lines `line`..`end_line` (1-based, inclusive) of the file with `replacement`.

    `replacement` is a list of lines without line endings; an empty list deletes the lines.
    Only fixes that cannot change the meaning of the article are ever offered.
    """

    line: int
    end_line: int
    replacement: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found: a position and a message. The engine adds the rest."""

    line: int
    message: str
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: Severity
    message: str
    fix: Fix | None = None
    #: the offending text (normalised) so a baseline can match it after lines move
    context: str = ""

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line, self.column, self.rule, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }


#: the engine's own rules (no check module): id -> what `healthlint rules` says of it
ENGINE_RULES: dict[str, str] = {
    "parse-error": "The file cannot be read as an article (not UTF-8 text, empty, too big, "
    "or its front matter is broken).",
    "internal-error": "healthlint itself failed on this file (a parser or rule bug); please "
    "report it.",
    "unknown-rule": "A healthlint suppression comment names a rule that does not exist.",
}
#: ... and their documentation (SARIF's rule help)
ENGINE_RULE_DOCS: dict[str, str] = {
    "parse-error": "The file could not be read or parsed (not UTF-8, binary, empty, too large, "
                   "or broken front matter); nothing else was checked in it.",
    "internal-error": "A healthlint bug: the parser or a rule crashed on this file. Please "
                      "report it.",
    "unknown-rule": "A healthlint suppression comment names a rule that does not exist, so "
                    "it suppresses nothing (usually a typo).",
}
