"""Formatters: pure functions from a Report to the text printed. One dict picks them.

- `text`, `json`: for people and scripts.
- `github`: GitHub Actions workflow commands (annotations on the pull request's diff).
- `sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
- `junit`: JUnit XML, one testcase per problem, for CI systems that read test reports.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import PurePosixPath
from urllib.parse import quote

import click

from linter import __version__
from linter.escaping import github_log_line, json_encodable, terminal_text
from linter.problems import Problem, Severity

TOOL_NAME = "healthlint"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: GitHub shows at most this many annotations of each level from one step
GITHUB_ANNOTATION_LIMIT = 10
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: characters XML 1.0 cannot carry at all (even escaped)
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class RuleInfo:
    """What a report says about a rule (SARIF needs the rule list and its documentation)."""

    id: str
    severity: Severity
    description: str
    #: the check's user documentation (its module docstring)
    doc: str = ""


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    files: int
    color: bool = False
    #: the enabled rules, for formats that describe them (SARIF)
    rules: tuple[RuleInfo, ...] = ()
    #: the files checked, in order (JUnit lists the clean ones as passing testcases)
    paths: tuple[str, ...] = ()
    #: the folder CI paths are made relative to (the current folder: the repository root)
    root: str = ""

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
        f"{style(f'{terminal_text(p.path)}:{p.line}:{p.column}:', bold=True)} "
        f"{style(p.severity.value, fg=_SEVERITY_COLOR[p.severity])} "
        f"{style(terminal_text(p.rule), dim=True)} {terminal_text(p.message)}"
        for p in report.problems
    ]
    failed = report.count(Severity.ERROR) > 0
    lines.append(style(summary_line(report), fg="red" if failed else "green", bold=True))
    return "\n".join(lines)


def format_json(report: Report) -> str:
    return json_encodable(json.dumps(
        {
            "version": 1,
            "files": report.files,
            "problems": [p.as_dict() for p in report.problems],
        },
        indent=2,
        ensure_ascii=False,
    ))


def repo_path(path: str, root: str = "") -> str:
    """A problem's path for CI: forward slashes, no `./`, relative to `root` when inside it."""
    posix = path.replace("\\", "/")
    pure = PurePosixPath(posix)
    if pure.is_absolute() and root:
        with suppress(ValueError):  # outside root: stays absolute
            posix = pure.relative_to(PurePosixPath(root.replace("\\", "/"))).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return posix


def _artifact(path: str, root: str) -> dict[str, str]:
    relative = repo_path(path, root)
    if PurePosixPath(relative).is_absolute():
        return {"uri": PurePosixPath(relative).as_uri()}
    return {"uri": quote(relative, errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


def by_importance(problems: Iterable[Problem]) -> list[Problem]:
    """Most severe first, then in file and line order (stable for equal keys)."""
    return sorted(problems, key=lambda p: (-p.severity.rank, p.path, p.sort_key))


# ----------------------------------------------------------------------------- github


def escape_data(text: str) -> str:
    """Escape a workflow command's message, as @actions/core does (`escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value, as @actions/core does (`escapeProperty`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, root: str = "") -> str:
    properties = {
        "file": repo_path(problem.path, root),
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
            lines.append(github_annotation(problem, report.root))
        else:
            rest.append(problem)
    for problem in rest:
        lines.append(github_log_line(terminal_text(escape_data(
            f"{problem.path}:{problem.line}:{problem.column}: {problem.severity.value} "
            f"{problem.rule} {problem.message}"))))
    if rest:
        hidden = Counter(p.severity for p in rest)
        counts = ", ".join(
            _plural(hidden[s], {Severity.ERROR: "error", Severity.WARNING: "warning",
                                 Severity.INFO: "note"}[s])
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if hidden[s])
        lines.append(f"{len(rest)} more problems not shown as annotations ({counts}; GitHub "
                     f"shows {GITHUB_ANNOTATION_LIMIT} per level): see the lines above and "
                     "the job summary.")
    lines.append(summary_line(report))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- sarif


def fingerprints(problems: Iterable[Problem], root: str = "") -> list[str]:
    """A stable id per problem: path, rule and offending text, numbered when repeated.

    Line numbers are left out on purpose, so editing elsewhere in the file keeps the id.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    ids = []
    for problem in problems:
        key = (repo_path(problem.path, root), problem.rule, problem.context)
        seen[key] += 1
        digest = hashlib.sha256("\0".join(key).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        ids.append(f"{digest}:{seen[key]}")
    return ids


@cache
def information_uri() -> str | None:
    """The project's home page from the installed package's metadata, if it names one."""
    try:
        meta = metadata.metadata(TOOL_NAME)
    except metadata.PackageNotFoundError:
        return None
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "documentation", "source"):
            return str(url).strip()
    home = meta.get_all("Home-page") or ()
    return str(home[0]) if home else None


def _sarif_rule(rule: RuleInfo) -> dict[str, object]:
    doc = rule.doc or rule.description
    full = doc.split("\n\n", 1)[0].replace("\n", " ")
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule.id)),
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": full},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"tags": ["health-literacy", "documentation"]},
    }


def format_sarif(report: Report) -> str:
    rules = list(report.rules)
    known = {rule.id for rule in rules}
    for problem in report.problems:  # parse errors and rules the report was not told about
        if problem.rule not in known:
            known.add(problem.rule)
            rules.append(RuleInfo(problem.rule, problem.severity, problem.rule.replace("-", " ")))
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = [
        {
            "ruleId": p.rule,
            "ruleIndex": index[p.rule],
            "level": _SARIF_LEVEL[p.severity],
            "message": {"text": p.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": _artifact(p.path, report.root),
                    "region": {
                        "startLine": p.line,
                        "startColumn": p.column,
                        "endLine": max(p.end_line, p.line),
                        "endColumn": p.end_column if p.end_line > p.line
                        else max(p.end_column, p.column),
                    },
                },
            }],
            "partialFingerprints": {"healthlintFingerprint/v1": fingerprint},
        }
        for p, fingerprint in zip(report.problems, fingerprints(report.problems, report.root), strict=True)
    ]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                **({"informationUri": uri} if (uri := information_uri()) else {}),
                "rules": [_sarif_rule(rule) for rule in rules],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {
                "text": "The folder healthlint ran in (the repository root in CI)."}}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json_encodable(json.dumps(sarif, indent=2, ensure_ascii=False))


# ----------------------------------------------------------------------------- junit


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def format_junit(report: Report) -> str:
    """One testsuite; a failing testcase per problem, a passing one per clean file."""
    failures = len(report.problems)
    suite = ET.Element("testsuite", {
        "name": TOOL_NAME, "tests": "0", "failures": str(failures), "errors": "0", "skipped": "0",
    })
    names: Counter[tuple[str, str]] = Counter()
    with_problems = set()
    for p in report.problems:
        with_problems.add(p.path)
        classname = _xml_text(repo_path(p.path, report.root))
        name = _xml_text(f"{p.rule} at line {p.line}, column {p.column}")
        names[(classname, name)] += 1
        if names[(classname, name)] > 1:
            name = f"{name} (#{names[(classname, name)]})"
        case = ET.SubElement(suite, "testcase", {"classname": classname, "name": name,
                                                 "file": classname, "line": str(p.line)})
        failure = ET.SubElement(case, "failure", {"type": p.severity.value,
                                                  "message": _xml_text(p.message)})
        failure.text = _xml_text(f"{p.path}:{p.line}:{p.column}: {p.severity.value} {p.rule} "
                                 f"{p.message}")
    for path in report.paths:
        if path not in with_problems:
            shown = _xml_text(repo_path(path, report.root))
            ET.SubElement(suite, "testcase", {"classname": shown, "name": "no problems",
                                              "file": shown})
    suite.set("tests", str(len(suite)))
    root = ET.Element("testsuites", {"name": TOOL_NAME, "tests": suite.get("tests", "0"),
                                     "failures": str(failures), "errors": "0"})
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
    "junit": format_junit,
}
