"""Inline suppression comments in Markdown articles.

    <!-- healthlint-disable RULE[, RULE] -->   off from here (no rule: every rule)
    <!-- healthlint-enable [RULE[, RULE]] -->   on again
    <!-- healthlint-disable-next-line RULE -->  off for the next line only
    <!-- healthlint-disable-file RULE -->       off for the whole file

Rule lists are separated by commas or spaces. A comment inside a fenced code block is
text, not a directive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

DIRECTIVE = re.compile(
    r"<!--\s*healthlint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)\s*-->"
)
ALL = "*"


@dataclass(frozen=True, slots=True)
class Directive:
    line: int
    action: str
    rules: frozenset[str]


@dataclass(frozen=True)
class Suppressions:
    """Which rules are switched off on which lines."""

    directives: tuple[Directive, ...] = ()
    file_rules: frozenset[str] = field(default_factory=frozenset)
    next_line: frozenset[tuple[int, str]] = field(default_factory=frozenset)
    #: (line, rule) for every rule a directive names, to report names that are not rules
    named: tuple[tuple[int, str], ...] = ()

    @classmethod
    def from_lines(cls, lines: Iterable[tuple[int, str]]) -> Suppressions:
        directives: list[Directive] = []
        for number, text in lines:
            if "healthlint-" not in text:
                continue
            for match in DIRECTIVE.finditer(text):
                names = frozenset(n for n in re.split(r"[,\s]+", match.group(2)) if n) or {ALL}
                directives.append(Directive(number, match.group(1), frozenset(names)))
        file_rules = frozenset(
            rule for d in directives if d.action == "disable-file" for rule in d.rules
        )
        next_line = frozenset(
            (d.line + 1, rule) for d in directives if d.action == "disable-next-line" for rule in d.rules
        )
        ranges = tuple(d for d in directives if d.action in ("disable", "enable"))
        named = tuple((d.line, rule) for d in directives for rule in sorted(d.rules - {ALL}))
        return cls(ranges, file_rules, next_line, named)

    def is_suppressed(self, rule: str, line: int) -> bool:
        if rule in self.file_rules or ALL in self.file_rules:
            return True
        if (line, rule) in self.next_line or (line, ALL) in self.next_line:
            return True
        disabled: set[str] = set()
        for directive in self.directives:
            if directive.line > line:
                break
            if directive.action == "disable":
                disabled |= directive.rules
            elif ALL in directive.rules:
                disabled.clear()
            else:
                disabled -= directive.rules
        return rule in disabled or ALL in disabled
