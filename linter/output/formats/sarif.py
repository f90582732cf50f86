"""SARIF 2.1.0 for code scanning: the run, its rules with their documentation, each problem
with a stable fingerprint. https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from linter import HOMEPAGE, __version__, rule_url
from linter.model.problems import ENGINE_RULE_DOCS, Problem, Severity
from linter.output.escaping import json_encodable
from linter.output.report import TOOL_NAME, Report, RuleInfo, repo_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _artifact(path: str, root: str, cwd: str = "") -> dict[str, str]:
    relative = repo_path(path, root, cwd)
    if PurePosixPath(relative).is_absolute():
        return {"uri": PurePosixPath(relative).as_uri()}
    return {"uri": quote(relative, errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


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
                                  ENGINE_RULE_DOCS.get(problem.rule, "")))
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
