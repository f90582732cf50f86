"""Formatters: pure functions from a Report to the text printed. One dict picks them.

- `text`, `json`: for people and scripts. `text` is `full` on a terminal, else `concise`.
- `concise`, `full`, `grouped`: the text styles (as ruff's); `full` and `grouped` live in
  `linter.output.codeframe`.
- `github`: GitHub Actions workflow commands (annotations on the pull request's diff).
- `sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
- `junit`: JUnit XML, a testsuite per file and a testcase per problem, for CI test reports.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import click

from linter import HOMEPAGE, __version__, rule_url
from linter.model.problems import Problem, Severity
from linter.output.escaping import github_log_line, json_encodable, terminal_text

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
    #: where the rule is documented (SARIF `helpUri`)
    help_uri: str = ""


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    files: int
    color: bool = False
    #: the enabled rules, for formats that describe them (SARIF)
    rules: tuple[RuleInfo, ...] = ()
    #: the files checked, in order (JUnit lists the clean ones as passing testcases)
    paths: tuple[str, ...] = ()
    #: the folder CI paths are made relative to (the repository's top level)
    root: str = ""
    #: --quiet: the problems only, no summary line
    quiet: bool = False
    #: the folder relative problem paths start from (the current folder; "" when root is)
    cwd: str = ""
    #: path -> {line number: source line} for the lines problems start on (code frames)
    sources: Mapping[str, Mapping[int, str]] = field(default_factory=dict)
    #: the lowest severity that fails the run (`--fail-on`; None: never): JUnit marks only
    #: these failures
    fail_on: Severity | None = Severity.ERROR

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


_SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"  # "3 info", as in config


def summary_line(report: Report) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    parts = [_plural(errors, "error"), _plural(warnings, "warning")]
    if infos:
        parts.append(_plural(infos, "info"))
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
    if not report.quiet:
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


def repo_path(path: str, root: str = "", cwd: str = "") -> str:
    """A problem's path for CI: forward slashes, no `./`, relative to `root` when inside it.

    A relative path is taken from `cwd` when one is given (healthlint ran in a subfolder).
    """
    posix = path.replace("\\", "/")
    if cwd and root and not PurePosixPath(posix).is_absolute() and posix != "<stdin>":
        posix = posixpath.normpath(posixpath.join(cwd.replace("\\", "/"), posix))
    pure = PurePosixPath(posix)
    if pure.is_absolute() and root:
        with suppress(ValueError):  # outside root: stays absolute
            posix = pure.relative_to(PurePosixPath(root.replace("\\", "/"))).as_posix()
    while posix.startswith("./"):
        posix = posix[2:]
    return posix


def _artifact(path: str, root: str, cwd: str = "") -> dict[str, str]:
    relative = repo_path(path, root, cwd)
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
            _plural(hidden[s], {Severity.ERROR: "error", Severity.WARNING: "warning",
                                 Severity.INFO: "info"}[s])
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if hidden[s])
        lines.append(f"{len(rest)} more problems not shown as annotations ({counts}; GitHub "
                     f"shows {GITHUB_ANNOTATION_LIMIT} per level): see the lines above and "
                     "the job summary.")
    if not report.quiet:
        lines.append(summary_line(report))
    return "\n".join(lines)


# ----------------------------------------------------------------------------- sarif


def fingerprints(problems: Iterable[Problem], root: str = "", cwd: str = "") -> list[str]:
    """A stable id per problem: path, rule and offending text, numbered when repeated.

    Line numbers are left out on purpose, so editing elsewhere in the file keeps the id.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    ids = []
    for problem in problems:
        key = (repo_path(problem.path, root, cwd), problem.rule, problem.context)
        seen[key] += 1
        digest = hashlib.sha256("\0".join(key).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        ids.append(f"{digest}:{seen[key]}")
    return ids


def _sarif_rule(rule: RuleInfo) -> dict[str, object]:
    doc = rule.doc or rule.description
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", rule.id)),
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": doc},
        "helpUri": rule.help_uri or rule_url(rule.id),
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"tags": ["health-literacy", "documentation"]},
    }


#: the engine's own rules (no check module): their documentation for SARIF
_ENGINE_RULES = {
    "parse-error": "The file could not be read or parsed (not UTF-8, binary, empty, too large, "
                   "or broken front matter); nothing else was checked in it.",
    "internal-error": "A healthlint bug: the parser or a rule crashed on this file. Please "
                      "report it.",
    "unknown-rule": "A healthlint suppression comment names a rule that does not exist, so "
                    "it suppresses nothing (usually a typo).",
}


def _srcroot(root: str) -> dict[str, object]:
    """%SRCROOT%: the repository's top level (an absolute file URI ending in `/`)."""
    described: dict[str, object] = {"description": {
        "text": "The repository's top level (git rev-parse --show-toplevel)."}}
    if root:
        with suppress(ValueError):
            described["uri"] = Path(root).absolute().as_uri().rstrip("/") + "/"
    return described


def format_sarif(report: Report) -> str:
    rules = list(report.rules)
    known = {rule.id for rule in rules}
    for problem in report.problems:  # parse errors and rules the report was not told about
        if problem.rule not in known:
            known.add(problem.rule)
            rules.append(RuleInfo(problem.rule, problem.severity, problem.rule.replace("-", " "),
                                  _ENGINE_RULES.get(problem.rule, "")))
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = [
        {
            "ruleId": p.rule,
            "ruleIndex": index[p.rule],
            "level": _SARIF_LEVEL[p.severity],
            "message": {"text": p.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": _artifact(p.path, report.root, report.cwd),
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
        for p, fingerprint in zip(report.problems, fingerprints(report.problems, report.root, report.cwd),
                                     strict=True)
    ]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": HOMEPAGE,
                "rules": [_sarif_rule(rule) for rule in rules],
            }},
            "originalUriBaseIds": {"%SRCROOT%": _srcroot(report.root)},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json_encodable(json.dumps(sarif, indent=2, ensure_ascii=False))


# ----------------------------------------------------------------------------- junit


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def format_junit(report: Report) -> str:
    """One testsuite per file; a testcase per problem, and one passing testcase per clean file.

    Problems at or above `--fail-on` are failures (`<error>` for files that could not be read
    or parsed); those below it are passing testcases whose `<system-out>` tells the problem,
    so the CI test report is red exactly when the gate is. Testcases carry `file` and `line`
    (GitLab and GitHub's JUnit report actions read them; the Jenkins xunit schema does not
    list them) and each testsuite `file` (which that schema allows).
    """
    by_path: dict[str, list[Problem]] = {path: [] for path in report.paths}
    for p in report.problems:
        by_path.setdefault(p.path, []).append(p)
    threshold = report.fail_on.rank if report.fail_on else Severity.ERROR.rank + 1
    below = f"below --fail-on {report.fail_on.value}" if report.fail_on else "--fail-on never"
    root = ET.Element("testsuites", {"name": TOOL_NAME})
    for path, problems in by_path.items():
        shown = _xml_text(repo_path(path, report.root, report.cwd))
        suite = ET.SubElement(root, "testsuite", {
            "name": shown, "tests": "0", "failures": "0", "errors": "0", "skipped": "0",
            "file": shown})
        names: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        for p in problems:
            name = _xml_text(f"{p.rule} at line {p.line}, column {p.column}")
            names[name] += 1
            if names[name] > 1:
                name = f"{name} (#{names[name]})"
            case = ET.SubElement(suite, "testcase", {"classname": shown, "name": name,
                                                     "file": shown, "line": str(p.line)})
            text = _xml_text(f"{p.path}:{p.line}:{p.column}: {p.severity.value} {p.rule} "
                             f"{p.message}")
            if p.rule in _FILE_ERRORS:
                kind = "error"
            elif p.severity.rank >= threshold:
                kind = "failure"
            else:
                out = ET.SubElement(case, "system-out")
                out.text = f"{text}\n({below}: not a failure)"
                continue
            counts[kind] += 1
            element = ET.SubElement(case, kind, {"type": p.severity.value,
                                                 "message": _xml_text(p.message)})
            element.text = text
        if not problems:
            ET.SubElement(suite, "testcase", {"classname": shown, "name": "no problems",
                                              "file": shown})
        suite.set("tests", str(len(suite)))
        suite.set("failures", str(counts["failure"]))
        suite.set("errors", str(counts["error"]))
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


#: rules that mean the file could not be read, parsed or checked: JUnit `<error>`, not failure
_FILE_ERRORS = frozenset({"parse-error", "internal-error"})


def format_full(report: Report) -> str:
    from linter.output.codeframe import format_full as full  # imports this module: loaded when used

    return full(report)


def format_grouped(report: Report) -> str:
    from linter.output.codeframe import format_grouped as grouped

    return grouped(report)


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "concise": format_text,
    "full": format_full,
    "grouped": format_grouped,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
    "junit": format_junit,
}
