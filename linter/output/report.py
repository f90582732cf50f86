"""What every output format is given: the problems of a run and what to say about them."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from linter.analysis.wording import counted
from linter.model.problems import Problem, Severity

TOOL_NAME = "healthlint"
#: the terminal colour of each severity (text and code frames)
SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


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


def plural(count: int, word: str) -> str:
    return counted(count, word, word if word == "info" else "")  # "3 info", as in config


def summary_line(report: Report) -> str:
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    infos = report.count(Severity.INFO)
    parts = [plural(errors, "error"), plural(warnings, "warning")]
    if infos:
        parts.append(plural(infos, "info"))
    return f"{plural(report.files, 'file')} checked: {', '.join(parts)}"


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


def by_importance(problems: Iterable[Problem]) -> list[Problem]:
    """Most severe first, then in file and line order (stable for equal keys)."""
    return sorted(problems, key=lambda p: (-p.severity.rank, p.path, p.sort_key))


# ----------------------------------------------------------------------------- github
