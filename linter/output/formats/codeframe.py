"""Text styles for people: `full` (code frames) and `grouped`, beside the one-line `concise`.

Modelled on ruff's `--output-format full|concise|grouped`:

- `full`: a heading per file, then each problem with its source line (a window of it around
  the column when the line is long) and a caret underline under the span. The default
  `text` style on a terminal.
- `grouped`: a heading per file, then one short line per problem (`line:column severity
  rule message`), no source.
- `concise` (`text` in a pipe or a file): `path:line:column: severity rule message`, one a
  line, what editors and `grep` read.

Like every formatter these are pure functions of a `Report`; the source lines come from the
linted documents (`Report.sources`), never from reading the files again. Article text and
file names are shown with control and bidirectional-formatting characters replaced, so an
article can never send terminal escapes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import click

from linter.model.problems import Problem, Severity
from linter.output.report import Report, summary_line

#: at most this many columns of a source line are shown; longer lines are cut around the span
FRAME_WIDTH = 96
#: columns shown before the span's start when a long line is cut
LEAD = 32
ELLIPSIS = "…"
_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def printable(text: str) -> str:
    """`text` without control or invisible formatting characters: a tab becomes a space, any
    other (escape, carriage return, bidi overrides, zero-width marks) becomes U+FFFD, one
    character for one, so columns still line up."""
    return "".join(
        " " if ch == "\t" else "\ufffd" if unicodedata.category(ch) in ("Cc", "Cf") else ch
        for ch in text
    )


def _width(ch: str) -> int:
    """Terminal columns a character takes: 0 for combining marks, 2 for wide East Asian."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _cells(text: str) -> int:
    return sum(_width(ch) for ch in text)


def frame_window(line: str, start: int, end: int, width: int = FRAME_WIDTH) -> tuple[str, int, int]:
    """The part of `line` to show and the span within it: (text, span start, span end).

    `start`/`end` are 0-based character offsets (end exclusive). A line longer than `width`
    is cut to a window that starts `LEAD` characters (at most a third of `width`) before the
    span, with `…` marking each cut; the span is clipped to the window.
    """
    if len(line) <= width:
        return line, start, end
    first = max(0, min(start - min(LEAD, width // 3), len(line) - width))
    last = min(len(line), first + width)
    text = line[first:last]
    head = ELLIPSIS if first > 0 else ""
    tail = ELLIPSIS if last < len(line) else ""
    shift = len(head) - first
    return head + text + tail, max(start + shift, len(head)), min(end + shift, len(head) + len(text))


def _span(problem: Problem, line: str) -> tuple[int, int, bool]:
    """0-based [start, end) of the problem on its first line, and whether it goes on."""
    start = min(max(problem.column - 1, 0), len(line))
    continues = problem.end_line > problem.line
    end = len(line) if continues else min(max(problem.end_column - 1, start + 1), len(line))
    return start, max(end, start + 1), continues


def frame(problem: Problem, line: str, gutter: int, color: bool = False) -> list[str]:
    """The source line of a problem with a caret underline under its span."""

    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if color else text  # type: ignore[arg-type]

    start, end, continues = _span(problem, line)
    shown, start, end = frame_window(line, start, end)
    shown = printable(shown)
    carets = "^" * max(1, _cells(shown[start:end]))
    pad = " " * gutter
    bar = style("|", fg="blue", bold=True)
    number = style(f"{problem.line:>{gutter}}", fg="blue", bold=True)
    underline = " " * _cells(shown[:start]) + style(carets, fg=_COLOR[problem.severity], bold=True)
    if continues:
        underline += style(f" {ELLIPSIS} to line {problem.end_line}", dim=True)
    return [f"{pad} {bar}", f"{number} {bar} {shown.rstrip()}", f"{pad} {bar} {underline}"]


def _by_file(report: Report) -> Iterator[tuple[str, list[Problem]]]:
    groups: dict[str, list[Problem]] = {}
    for problem in report.problems:
        groups.setdefault(problem.path, []).append(problem)
    yield from groups.items()


def _place(problem: Problem) -> tuple[int, int, int, int]:
    return problem.line, problem.column, problem.end_line, problem.end_column


def _heading(path: str, problems: list[Problem], color: bool) -> str:
    count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
    name = printable(path)
    return f"{click.style(name, bold=True, underline=True) if color else name} ({count})"


def _problem_line(problem: Problem, color: bool, indent: str = "") -> str:
    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if color else text  # type: ignore[arg-type]

    return (f"{indent}{style(f'{problem.line}:{problem.column}', bold=True)} "
            f"{style(problem.severity.value, fg=_COLOR[problem.severity])} "
            f"{style(problem.rule, dim=True)} {printable(problem.message)}")


def _summary(report: Report) -> str:
    line = summary_line(report)
    if not report.color:
        return line
    return click.style(line, fg="red" if report.count(Severity.ERROR) else "green", bold=True)


def format_full(report: Report) -> str:
    """Per file: a heading, then each problem with its source line and a caret underline."""
    out: list[str] = []
    for path, problems in _by_file(report):
        source = report.sources.get(path, {})
        gutter = len(str(max(p.line for p in problems)))
        out.append(_heading(path, problems, report.color))
        for i, problem in enumerate(problems):
            out.append(_problem_line(problem, report.color, "  "))
            line = source.get(problem.line)
            if i + 1 < len(problems) and _place(problems[i + 1]) == _place(problem):
                continue  # one frame under problems that mark the same text
            if line is not None and line.strip():
                out.extend("  " + row for row in frame(problem, line, gutter, report.color))
        out.append("")
    out.append(_summary(report))
    return "\n".join(out)


def format_grouped(report: Report) -> str:
    """Per file: a heading, then one `line:column severity rule message` line per problem."""
    out: list[str] = []
    for path, problems in _by_file(report):
        out.append(_heading(path, problems, report.color))
        out.extend(_problem_line(p, report.color, "  ") for p in problems)
        out.append("")
    out.append(_summary(report))
    return "\n".join(out)
