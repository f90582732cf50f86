"""GitHub Actions workflow commands: one annotation per problem (the first ten of each level,
most important first), the rest as plain log lines that cannot start a command.
https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions"""

from __future__ import annotations

from collections import Counter

from linter.model.problems import Problem, Severity
from linter.output.escaping import github_log_line, terminal_text
from linter.output.report import TOOL_NAME, Report, by_importance, plural, repo_path, summary_line

GITHUB_ANNOTATION_LIMIT = 10
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message, as @actions/core does (`escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value, as @actions/core does (`escapeProperty`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, root: str = "", cwd: str = "") -> str:
    properties = {
        "file": repo_path(problem.path, root, cwd),
        "line": str(problem.line),
        "col": str(problem.column),
        "endLine": str(problem.end_line),
        "endColumn": str(problem.end_column),
        "title": f"{problem.rule} ({TOOL_NAME})",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{_GITHUB_LEVEL[problem.severity]} {joined}::{escape_data(problem.message)}"


def format_github(report: Report) -> str:
    """Annotations, most important first, at most 10 per level (all GitHub shows per step).

    The rest are printed as plain log lines (escaped too, so article text can never start a
    workflow command), followed by a line saying how many were not annotated.
    """
    shown: Counter[Severity] = Counter()
    lines: list[str] = []
    rest: list[Problem] = []
    for problem in by_importance(report.problems):
        if shown[problem.severity] < GITHUB_ANNOTATION_LIMIT:
            shown[problem.severity] += 1
            lines.append(github_annotation(problem, report.root, report.cwd))
        else:
            rest.append(problem)
    for problem in rest:
        lines.append(github_log_line(terminal_text(escape_data(
            f"{problem.path}:{problem.line}:{problem.column}: {problem.severity.value} "
            f"{problem.rule} {problem.message}"))))
    if rest:
        hidden = Counter(p.severity for p in rest)
        counts = ", ".join(
            plural(hidden[s], {Severity.ERROR: "error", Severity.WARNING: "warning",
                                 Severity.INFO: "info"}[s])
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if hidden[s])
        lines.append(f"{len(rest)} more problems not shown as annotations ({counts}; GitHub "
                     f"shows {GITHUB_ANNOTATION_LIMIT} per level): see the lines above and "
                     "the job summary.")
    if not report.quiet:
        lines.append(summary_line(report))
    return "\n".join(lines)
