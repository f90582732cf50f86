"""The concise text format: one line per problem, `path:line:column: severity rule message`."""

from __future__ import annotations

import click

from linter.model.problems import Severity
from linter.output.escaping import terminal_text
from linter.output.report import SEVERITY_COLOR, Report, summary_line


def format_text(report: Report) -> str:
    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if report.color else text  # type: ignore[arg-type]

    lines = [
        f"{style(f'{terminal_text(p.path)}:{p.line}:{p.column}:', bold=True)} "
        f"{style(p.severity.value, fg=SEVERITY_COLOR[p.severity])} "
        f"{style(terminal_text(p.rule), dim=True)} {terminal_text(p.message)}"
        for p in report.problems
    ]
    failed = report.count(Severity.ERROR) > 0
    if not report.quiet:
        lines.append(style(summary_line(report), fg="red" if failed else "green", bold=True))
    return "\n".join(lines)
