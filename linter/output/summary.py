"""`--summary FILE`: a Markdown summary for `$GITHUB_STEP_SUMMARY` (or any Markdown viewer).

Counts by severity and by rule, the files with the most problems, then the problems
themselves, most important first, until the summary would pass `MAX_BYTES`. GitHub refuses
a step summary over 1 MiB, so this one stops well short of that and says what it left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from linter.model.problems import Problem, Severity
from linter.output.escaping import markdown_text
from linter.output.report import Report, by_importance, repo_path, summary_line

#: GitHub's limit is 1 MiB per step; leave room for other steps' output in the same job
MAX_BYTES = 900 * 1024
WORST_FILES = 20
_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no raw HTML, no links or images."""
    return markdown_text(text)


def render(report: Report, notes: Sequence[str] = (), max_bytes: int = MAX_BYTES) -> str:
    head = [f"## healthlint: {summary_line(report)}", ""]
    head.extend(f"> {cell(note)}" for note in notes)
    if notes:
        head.append("")
    if not report.problems:
        head.append("No problems found. ✅")
        return "\n".join(head) + "\n"
    head += _by_rule(report.problems) + [""] + _worst_files(report) + [""]
    rows = ["### Problems", "", "| | File | Line | Rule | Message |", "|---|---|---:|---|---|"]
    budget = max_bytes - len("\n".join(head).encode("utf-8")) - 400
    used = sum(len(r.encode("utf-8")) + 1 for r in rows)
    ordered = by_importance(report.problems)
    shown = 0
    for problem in ordered:
        row = (f"| {_ICON[problem.severity]} | {cell(repo_path(problem.path, report.root, report.cwd))} | "
               f"{problem.line} | "
               f"{cell(problem.rule)} | {cell(problem.message)} |")
        size = len(row.encode("utf-8")) + 1
        if used + size > budget:
            break
        rows.append(row)
        used += size
        shown += 1
    if shown < len(ordered):
        rows += ["", f"{len(ordered) - shown} more problems are not listed (the summary is kept "
                 "under 1 MiB); run healthlint locally or see the job log for all of them."]
    return "\n".join(head + rows) + "\n"


def _by_rule(problems: Sequence[Problem]) -> list[str]:
    counts = Counter((p.rule, p.severity) for p in problems)
    lines = ["| Rule | Severity | Problems |", "|---|---|---:|"]
    for (rule, severity), count in sorted(
        counts.items(), key=lambda item: (-item[0][1].rank, -item[1], item[0][0])
    ):
        lines.append(f"| {cell(rule)} | {_ICON[severity]} {severity.value} | {count} |")
    return lines


def _worst_files(report: Report) -> list[str]:
    per_file: dict[str, Counter[Severity]] = {}
    for p in report.problems:
        per_file.setdefault(repo_path(p.path, report.root, report.cwd), Counter())[p.severity] += 1
    ranked = sorted(per_file.items(),
                    key=lambda item: (*(-item[1][s] for s in _ORDER), item[0]))
    lines = [f"### Files with the most problems (top {min(WORST_FILES, len(ranked))} of "
             f"{len(ranked)})", "", "| File | Errors | Warnings | Info |", "|---|---:|---:|---:|"]
    for path, counts in ranked[:WORST_FILES]:
        lines.append(f"| {cell(path)} | {counts[Severity.ERROR]} | {counts[Severity.WARNING]} | "
                     f"{counts[Severity.INFO]} |")
    return lines
