"""JUnit XML for CI test reports: a testsuite per run, a testcase per file (clean files pass),
a failure per problem at or above --fail-on."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from linter.model.problems import Problem, Severity
from linter.output.report import TOOL_NAME, Report, repo_path

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FILE_ERRORS = frozenset({"parse-error", "internal-error"})


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
