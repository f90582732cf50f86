"""Output formats for the pull-request gate: github, sarif, junit, auto, and the summary."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from linter.model.problems import Problem, Severity
from linter.output.formats import FORMATTERS
from linter.output.formats.github import escape_data, escape_property, format_github
from linter.output.formats.junit import format_junit
from linter.output.formats.sarif import format_sarif
from linter.output.report import Report, RuleInfo
from linter.output.summary import MAX_BYTES, render
from tests.conftest import SAMPLES
from tests.conftest import run_cli as run

KNEE = (SAMPLES / "knee-arthroscopy.md").read_text(encoding="utf-8")
DUPLICATE = "You will rest in a recovery room. The staff will check your breathing and your pulse."
#: the knee sample with its recovery paragraph pasted twice (line 64 repeats line 62)
KNEE_WITH_COPY = KNEE.replace(DUPLICATE + "\n", DUPLICATE + "\n\n" + DUPLICATE + "\n", 1)
COPY_MESSAGE = "This paragraph repeats the one at line 62; delete one copy."

#: what GitHub code scanning requires of an upload (SARIF 2.1.0), written from the spec
SARIF_SUBSET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["$schema", "version", "runs"],
    "properties": {
        "$schema": {"type": "string", "pattern": "sarif-2\\.1\\.0"},
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object",
                    "required": ["name", "version", "rules"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1},
                        "version": {"type": "string"},
                        "informationUri": {"type": "string", "format": "uri"},
                        "rules": {"type": "array", "items": {
                            "type": "object",
                            "required": ["id", "shortDescription", "fullDescription", "help",
                                         "defaultConfiguration"],
                            "properties": {
                                "id": {"type": "string"},
                                "shortDescription": {"$ref": "#/$defs/message"},
                                "fullDescription": {"$ref": "#/$defs/message"},
                                "help": {"$ref": "#/$defs/message"},
                                "defaultConfiguration": {"type": "object", "properties": {
                                    "level": {"$ref": "#/$defs/level"}}},
                            },
                        }},
                    },
                }}},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["ruleId", "level", "message", "locations", "partialFingerprints"],
                    "properties": {
                        "ruleId": {"type": "string"},
                        "ruleIndex": {"type": "integer", "minimum": 0},
                        "level": {"$ref": "#/$defs/level"},
                        "message": {"$ref": "#/$defs/message"},
                        "locations": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "required": ["physicalLocation"], "properties": {
                                "physicalLocation": {
                                    "type": "object",
                                    "required": ["artifactLocation", "region"],
                                    "properties": {
                                        "artifactLocation": {
                                            "type": "object", "required": ["uri"],
                                            "properties": {"uri": {
                                                "type": "string", "pattern": "^[^/\\\\]",
                                                "not": {"pattern": "\\\\|^\\./"}}}},
                                        "region": {
                                            "type": "object", "required": ["startLine"],
                                            "properties": {
                                                "startLine": {"type": "integer", "minimum": 1},
                                                "startColumn": {"type": "integer", "minimum": 1},
                                                "endLine": {"type": "integer", "minimum": 1},
                                                "endColumn": {"type": "integer", "minimum": 1},
                                            }},
                                    }}}}},
                        "partialFingerprints": {"type": "object", "minProperties": 1,
                                                "additionalProperties": {"type": "string"}},
                    },
                }},
            },
        }},
    },
    "$defs": {
        "message": {"type": "object", "required": ["text"],
                    "properties": {"text": {"type": "string", "minLength": 1}}},
        "level": {"enum": ["none", "note", "warning", "error"]},
    },
}


def problem(message: str = "Something is wrong; fix it.", *, path: str = "articles/knee.md",
            line: int = 3, rule: str = "duplicate-paragraph",
            severity: Severity = Severity.ERROR, context: str = "") -> Problem:
    return Problem(path, line, 1, line, 20, rule, severity, message, context=context)


@pytest.fixture()
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content repository: one article with a pasted copy, one clean; cwd is its root."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "knee.md").write_text(KNEE_WITH_COPY, encoding="utf-8")
    (folder / "clean.md").write_text(KNEE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


# ----------------------------------------------------------------------------- github


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse_annotation(line: str) -> tuple[str, dict[str, str], str]:
    """Read a workflow command back the way the runner does (split on the first `::`)."""
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return (match.group(1), {k: unescape_property(v) for k, v in properties.items()},
            unescape_data(match.group(3)))


def test_github_annotation_has_file_position_and_title(articles: Path) -> None:
    code, out, _ = run("check", "articles/knee.md", "--format", "github", "--as-of", "2026-11-24")
    assert out.splitlines() == [
        "::error file=articles/knee.md,line=64,col=1,endLine=64,endColumn=86,"
        f"title=duplicate-paragraph (healthlint)::{COPY_MESSAGE}",
        "1 file checked: 1 error, 0 warnings",
    ]
    assert code == 1


def test_annotation_injection_round_trips_escaped() -> None:
    hostile = "50% of 1,000 readers\r\n::error::injected: yes, really\n::warning file=x::more"
    path = "articles/a,b:c%.md"
    out = format_github(Report((problem(hostile, path=path, rule="rule:x,y"),), files=1))
    lines = out.splitlines()
    # CR and LF are escaped, so the problem is exactly one line and one command
    assert len(lines) == 2
    assert lines[0] == (
        "::error file=articles/a%2Cb%3Ac%25.md,line=3,col=1,endLine=3,endColumn=20,"
        "title=rule%3Ax%2Cy (healthlint)::50%25 of 1,000 readers%0D%0A::error::injected: yes, "
        "really%0A::warning file=x::more"
    )
    level, properties, message = parse_annotation(lines[0])
    assert (level, properties["file"], properties["title"], message) == (
        "error", path, "rule:x,y (healthlint)", hostile)
    assert escape_data("%0A") == "%250A"  # already-escaped text does not decode into a newline
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_article_text_cannot_inject_a_workflow_command(tmp_path: Path) -> None:
    article = tmp_path / "evil.md"
    article.write_text(KNEE_WITH_COPY.replace("# Knee Arthroscopy\n", "# Knee\n\n::error::x\n", 1),
                       encoding="utf-8")
    _, out, _ = run("check", str(article), "--format", "github", "--as-of", "2026-11-24")
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert commands and all(re.match(r"::(error|warning|notice) file=", c) for c in commands)


def test_at_most_ten_annotations_per_level_most_important_first() -> None:
    problems = tuple(
        [problem(f"warning {i}", line=i, severity=Severity.WARNING, rule="w") for i in range(1, 4)]
        + [problem(f"error {i}", line=i, rule="e") for i in range(1, 13)]
        + [problem("note", line=1, severity=Severity.INFO, rule="n")]
    )
    lines = format_github(Report(problems, files=1)).splitlines()
    levels = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert levels == ["::error"] * 10 + ["::warning"] * 3 + ["::notice"]
    assert lines[0].endswith("::error 1")
    assert lines[14:] == [
        "articles/knee.md:11:1: error e error 11",
        "articles/knee.md:12:1: error e error 12",
        "2 more problems not shown as annotations (2 errors; GitHub shows 10 per level): see "
        "the lines above and the job summary.",
        "1 file checked: 12 errors, 3 warnings, 1 info",
    ]


def test_auto_format_is_github_in_github_actions_else_text(articles: Path) -> None:
    args = ("check", "articles/knee.md", "--as-of", "2026-11-24")
    _, in_actions, _ = run(*args, env={"GITHUB_ACTIONS": "true"})
    _, elsewhere, _ = run(*args)
    assert in_actions.startswith("::error file=articles/knee.md,line=64,")
    assert elsewhere.startswith(f"articles/knee.md:64:1: error duplicate-paragraph {COPY_MESSAGE}")


# ----------------------------------------------------------------------------- sarif


def test_sarif_is_valid_and_what_code_scanning_needs(articles: Path) -> None:
    code, out, _ = run("check", "./articles", "--format", "sarif", "--as-of", "2026-11-24")
    sarif = json.loads(out)
    jsonschema.validate(sarif, SARIF_SUBSET_SCHEMA, format_checker=jsonschema.FormatChecker())
    run_ = sarif["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "healthlint"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    duplicate = rules["duplicate-paragraph"]
    assert duplicate["shortDescription"]["text"] == (
        "A paragraph repeats (exactly or nearly) an earlier one in the same article.")
    assert duplicate["fullDescription"]["text"].startswith(
        "Find a paragraph that repeats an earlier paragraph")
    assert "near_min_words" in duplicate["help"]["text"]  # the rule's documentation
    assert duplicate["defaultConfiguration"]["level"] == "error"
    [result] = run_["results"]
    assert result["ruleId"] == "duplicate-paragraph"
    assert driver["rules"][result["ruleIndex"]]["id"] == "duplicate-paragraph"
    assert result["level"] == "error"
    assert result["message"]["text"] == COPY_MESSAGE
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "articles/knee.md"
    assert location["region"] == {"startLine": 64, "startColumn": 1, "endLine": 64, "endColumn": 86}
    assert code == 1


def test_sarif_fingerprint_survives_lines_inserted_above(tmp_path: Path) -> None:
    article = tmp_path / "knee.md"

    def fingerprint(text: str) -> tuple[int, dict[str, str]]:
        article.write_text(text, encoding="utf-8")
        _, out, _ = run("check", str(article), "--format", "sarif", "--as-of", "2026-11-24")
        [result] = json.loads(out)["runs"][0]["results"]
        region = result["locations"][0]["physicalLocation"]["region"]
        return region["startLine"], result["partialFingerprints"]

    before = fingerprint(KNEE_WITH_COPY)
    after = fingerprint(KNEE_WITH_COPY.replace("## Reasons", "A new line.\n\n## Reasons", 1))
    assert (before[0], after[0]) == (64, 66)
    assert before[1] == after[1]


def test_sarif_levels_and_unknown_rules() -> None:
    report = Report(
        (problem(rule="parse-error", path="./a/b.md"),
         problem(rule="style", severity=Severity.INFO, context="x"),
         problem(rule="style", severity=Severity.INFO, context="x")),
        files=1, rules=(RuleInfo("style", Severity.INFO, "Style hints.", "Style hints.\n\nMore."),))
    sarif = json.loads(format_sarif(report))
    jsonschema.validate(sarif, SARIF_SUBSET_SCHEMA)
    results = sarif["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "note", "note"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a/b.md"
    assert [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]] == ["style", "parse-error"]
    # the same text flagged twice gets two different fingerprints
    assert results[1]["partialFingerprints"] != results[2]["partialFingerprints"]


# ----------------------------------------------------------------------------- junit


def test_junit_one_testcase_per_problem_and_per_clean_file(articles: Path) -> None:
    code, out, _ = run("check", "articles", "--format", "junit", "--as-of", "2026-11-24")
    root = ET.fromstring(out)
    cases = root.findall("./testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("articles/clean.md", "no problems"),
        ("articles/knee.md", "duplicate-paragraph at line 64, column 1"),
    ]
    failure = cases[1].find("failure")
    assert failure is not None
    assert (failure.get("type"), failure.get("message")) == ("error", COPY_MESSAGE)
    assert cases[0].find("failure") is None
    assert root.get("tests") == "2" and root.get("failures") == "1"
    assert code == 1


def test_junit_names_are_unique_and_text_is_escaped() -> None:
    hostile = 'Use <b> & "quotes" ]]> here\x1b[31m\x00'
    report = Report((problem(hostile), problem(hostile), problem("other", rule="x<y")), files=1)
    root = ET.fromstring(format_junit(report))  # valid XML despite the markup and controls
    names = [c.get("name") for c in root.iter("testcase")]
    assert names == ["duplicate-paragraph at line 3, column 1",
                     "duplicate-paragraph at line 3, column 1 (#2)",
                     "x<y at line 3, column 1"]
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'Use <b> & "quotes" ]]> here\ufffd[31m\ufffd'


# ----------------------------------------------------------------------------- summary


def test_summary_counts_rules_and_worst_files(articles: Path) -> None:
    summary = articles.parent / "summary.md"
    code, _, _ = run("check", "articles", "--summary", str(summary), "--as-of", "2026-11-24")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## healthlint: 2 files checked: 1 error, 0 warnings\n")
    assert "| duplicate-paragraph | 🔴 error | 1 |" in text
    assert "| articles/knee.md | 1 | 0 | 0 |" in text
    assert f"| 🔴 | articles/knee.md | 64 | duplicate-paragraph | {COPY_MESSAGE} |" in text
    assert code == 1


def test_summary_stays_under_one_mebibyte_and_says_what_it_left_out() -> None:
    problems = tuple(problem("A long message | with a pipe and <html> " * 5, path=f"a/{i}.md",
                             line=i % 500 + 1) for i in range(40_000))
    text = render(Report(problems, files=40_000))
    assert len(text.encode("utf-8")) <= MAX_BYTES < 1024 * 1024
    assert re.search(r"\n\d+ more problems are not listed", text)
    assert "A long message \\| with a pipe and &lt;html&gt;" in text
    assert "<html>" not in text


def test_every_format_is_tested_here() -> None:
    # concise, full and grouped are tested in tests/test_codeframe.py
    assert set(FORMATTERS) == {"text", "concise", "full", "grouped", "json", "github", "sarif", "junit"}


def test_output_option_writes_extra_reports(articles: Path) -> None:
    code, out, _ = run("check", "articles", "--format", "text", "-o", "sarif:out/h.sarif",
                       "-o", "junit:h.xml", "--as-of", "2026-11-24")
    assert code == 2  # the folder for out/h.sarif does not exist: a clear error, not a traceback
    (articles.parent / "out").mkdir()
    code, out, _ = run("check", "articles", "--format", "text", "-o", "sarif:out/h.sarif",
                       "-o", "junit:h.xml", "--as-of", "2026-11-24")
    assert out.startswith("articles/knee.md:64:1: error duplicate-paragraph")
    assert json.loads((articles.parent / "out/h.sarif").read_text())["version"] == "2.1.0"
    assert ET.parse(articles.parent / "h.xml").getroot().tag == "testsuites"
    code, _, err = run("check", "articles", "-o", "pdf:x.pdf")
    assert code == 2 and "expected FORMAT:FILE" in err


def test_absolute_paths_become_repository_relative() -> None:
    report = Report((problem(path="/repo/articles/a b.md"), problem(path="/elsewhere/x.md")),
                    files=2, root="/repo")
    github = format_github(report).splitlines()  # in path order: /elsewhere sorts first
    assert github[0].startswith("::error file=/elsewhere/x.md,line=3,")
    assert github[1].startswith("::error file=articles/a b.md,line=3,")
    sarif = json.loads(format_sarif(report))
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"]
                 for r in sarif["runs"][0]["results"]]
    assert locations == [{"uri": "articles/a%20b.md", "uriBaseId": "%SRCROOT%"},
                         {"uri": "file:///elsewhere/x.md"}]
