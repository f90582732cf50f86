"""Formatters: pure functions from a Report to the text printed. One dict picks them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import click

from linter.problems import Problem, Severity


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    files: int
    color: bool = False

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


_SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: Report) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    parts = [_plural(errors, "error"), _plural(warnings, "warning")]
    if infos:
        parts.append(_plural(infos, "note"))
    return f"{_plural(report.files, 'file')} checked: {', '.join(parts)}"


def format_text(report: Report) -> str:
    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if report.color else text  # type: ignore[arg-type]

    lines = [
        f"{style(f'{p.path}:{p.line}:{p.column}:', bold=True)} "
        f"{style(p.severity.value, fg=_SEVERITY_COLOR[p.severity])} "
        f"{style(p.rule, dim=True)} {p.message}"
        for p in report.problems
    ]
    failed = report.count(Severity.ERROR) > 0
    lines.append(style(summary_line(report), fg="red" if failed else "green", bold=True))
    return "\n".join(lines)


def format_json(report: Report) -> str:
    return json.dumps(
        {
            "version": 1,
            "files": report.files,
            "problems": [p.as_dict() for p in report.problems],
        },
        indent=2,
        ensure_ascii=False,
    )


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "json": format_json,
}
