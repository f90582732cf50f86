"""Lint files: read, decode, parse once, run every enabled rule, build Problems.

Each file is independent (no shared mutable state), so files can be linted in parallel
processes; the results come back in the order the files were given.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from linter.config import Config, Rule
from linter.discovery import ARTICLE_SUFFIXES as ARTICLE_SUFFIXES
from linter.discovery import discover
from linter.links.collect import Link, links_of
from linter.links.rules import LINK_RULE_IDS
from linter.model.document import Document, Format
from linter.model.problems import Finding, Fix, Problem, Severity
from linter.parsing import ParseError, parse
from linter.parsing.decode import DecodeError, decode
from linter.pool import in_processes

PARSE_ERROR = "parse-error"
INTERNAL_ERROR = "internal-error"
#: a suppression comment that names no rule (a typo would silently suppress nothing)
UNKNOWN_RULE = "unknown-rule"
#: Larger files are refused with a clear message rather than parsed. A 1,500-word article is
#: about 10 KB; 4 MiB is 400 of them. Parsing and checking cost about 1 s and 40 MB per MiB
#: of article text (README, "Performance and robustness"), so one stray file (a log or a
#: database dump named .txt) cannot take minutes or gigabytes of a CI run.
MAX_FILE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    problems: tuple[Problem, ...]
    #: the file could not be read or parsed, or a rule crashed on it (exit code 2)
    failed: bool = False
    document: Document | None = None
    #: the web addresses of the document, for `--check-links` (kept when the document is not)
    links: tuple[Link, ...] = ()
    #: (line number, source line) for each line a problem starts on, kept when the document
    #: is dropped, so code frames need not read the file again
    source_lines: tuple[tuple[int, str], ...] = ()
    #: `source_digest` of the bytes linted ("" when they could not be read), so --fix can
    #: reuse this lint when the file is unchanged
    digest: str = ""

    def problem_lines(self) -> dict[int, str]:
        """Line number -> source text, for the lines the problems start on."""
        if self.document is None:
            return dict(self.source_lines)
        lines = self.document.lines
        return {p.line: lines[p.line - 1] for p in self.problems if 0 < p.line <= len(lines)}


def lint_bytes(
    path: str, data: bytes, config: Config, as_of: dt.date, fmt: Format | None = None
) -> FileResult:
    if len(data) > MAX_FILE_BYTES:
        return _too_big(path, len(data))
    try:
        text = decode(data)
    except DecodeError as exc:
        return _failed(path, exc.line, str(exc))
    if not text.strip():
        return _failed(path, 1, "file is empty; an article needs a title and text")
    try:
        parsed = parse(path, text, config.choose_template, as_of, fmt)
    except Exception as exc:  # a parser bug must not stop the run
        return FileResult(path, (_problem(path, INTERNAL_ERROR, Severity.ERROR, Finding(
            1, f"healthlint could not parse this file: {type(exc).__name__}: {exc}; please "
            "report this as a healthlint bug")),), True)
    doc = parsed.document
    problems = [_parse_problem(path, error) for error in parsed.errors]
    problems.extend(_unknown_rules(doc, config))
    failed = any(not error.warning for error in parsed.errors)
    contexts: dict[int, str] = {}  # one normalised copy per line, however many findings on it
    for rule in config.enabled_rules:
        try:
            found = [
                _from_finding(doc, rule, finding, contexts)
                for finding in rule.check.run(doc, rule.params)
                if not doc.suppressions.is_suppressed(rule.id, finding.line)
            ]
        except Exception as exc:  # a bug in one rule must not stop the others
            failed = True
            problems.append(_problem(path, INTERNAL_ERROR, Severity.ERROR, Finding(
                1, f"rule {rule.id} crashed on this file: {type(exc).__name__}: {exc}; "
                "please report this as a healthlint bug")))
            continue
        problems.extend(found)
    problems.sort(key=lambda p: p.sort_key)
    return FileResult(path, tuple(problems), failed, doc, digest=source_digest(data))


def source_digest(data: bytes) -> str:
    """A digest of an article's bytes: equal digests, same text (the lint can be reused)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def lint_file(path: str, config: Config, as_of: dt.date) -> FileResult:
    try:
        # O_NONBLOCK: opening a FIFO named like an article must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        return _failed(path, 1, "is a directory")
    except OSError as exc:
        return _failed(path, 1, f"cannot be read: {exc.strerror or exc}")
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            return _failed(path, 1, "is a directory")
        if not stat.S_ISREG(mode):
            return _failed(path, 1, "cannot be read: not a regular file (a pipe, socket or "
                           "device); articles must be files")
        try:
            data = file.read(MAX_FILE_BYTES + 1)  # no need to read more to refuse it
        except OSError as exc:
            return _failed(path, 1, f"cannot be read: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        size = max(os.path.getsize(path), len(data))
        return _too_big(path, size)
    return lint_bytes(path, data, config, as_of)


def collect(paths: Iterable[str], config: Config, respect_gitignore: bool = True) -> list[str]:
    """Files to lint: named files as given, article files under named folders (sorted),
    minus what git, the defaults and `ignore:` skip (linter/discovery.py)."""
    found, _ = discover(paths, lambda _: config, Config.ignored_by, respect_gitignore)
    return [path for path, _ in found]


def lint_paths(
    files: Sequence[str], config: Config, as_of: dt.date, jobs: int = 1
) -> Iterator[FileResult]:
    """Lint files, in parallel processes when `jobs` > 1; results come in input order."""
    return lint_files([(path, config) for path in files], as_of, jobs)


def lint_files(
    files: Sequence[tuple[str, Config]], as_of: dt.date, jobs: int = 1
) -> Iterator[FileResult]:
    """Lint (file, its config) pairs, in parallel processes when `jobs` > 1; results come in
    input order. Each distinct config is sent to a worker once, not with every file."""
    if jobs <= 1 or len(files) < 2 * jobs:
        for path, config in files:
            yield _lean(lint_file(path, config, as_of))
        return
    import gc

    configs: list[Config] = []
    index: dict[int, int] = {}
    tasks = []
    for path, config in files:
        if id(config) not in index:
            index[id(config)] = len(configs)
            configs.append(config)
        tasks.append((path, index[id(config)]))
    # The first file is linted here, before the workers start: it loads the data files and
    # compiles the patterns once, and the forked workers inherit them instead of each
    # paying for them. gc.freeze keeps what is loaded out of the collector, so the workers
    # do not touch (and copy) those pages.
    first_path, first_config = files[0]
    yield _lean(lint_file(first_path, first_config, as_of))
    gc.freeze()
    try:
        yield from in_processes(_worker_chunk, tasks[1:], jobs, _init_worker,
                                (tuple(configs), as_of))
    finally:
        gc.unfreeze()


_worker_state: tuple[tuple[Config, ...], dt.date] | None = None


def _init_worker(configs: tuple[Config, ...], as_of: dt.date) -> None:
    global _worker_state
    _worker_state = (configs, as_of)


def _worker_chunk(tasks: list[tuple[str, int]]) -> list[FileResult]:
    assert _worker_state is not None
    configs, as_of = _worker_state
    return [_lean(lint_file(path, configs[index], as_of)) for path, index in tasks]


def _lean(result: FileResult) -> FileResult:
    """Drop the parsed document: callers of lint_paths only need the problems (and the
    lines they start on, for code frames, and the web addresses, for --check-links)."""
    links = links_of(result.document) if result.document is not None else result.links
    return FileResult(result.path, result.problems, result.failed, links=links,
                      source_lines=tuple(sorted(result.problem_lines().items())),
                      digest=result.digest)


def _unknown_rules(doc: Document, config: Config) -> Iterator[Problem]:
    known = {rule.id for rule in config.rules} | {PARSE_ERROR, INTERNAL_ERROR, UNKNOWN_RULE} | LINK_RULE_IDS
    for line, name in doc.suppressions.named:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "see `healthlint rules`."
            yield _problem(doc.path, UNKNOWN_RULE, Severity.WARNING, Finding(
                line, f"The healthlint comment names '{name}', which is not a rule; {hint}"))


def _failed(path: str, line: int, message: str) -> FileResult:
    problem = _problem(path, PARSE_ERROR, Severity.ERROR, Finding(line, message))
    return FileResult(path, (problem,), True)


def _too_big(path: str, size: int) -> FileResult:
    return _failed(path, 1, f"file is {size / (1024 * 1024):.1f} MiB; healthlint reads "
                   f"articles up to {MAX_FILE_BYTES // (1024 * 1024)} MiB (split it, or check "
                   "that it is an article)")


def _parse_problem(path: str, error: ParseError) -> Problem:
    severity = Severity.WARNING if error.warning else Severity.ERROR
    return _problem(path, PARSE_ERROR, severity, Finding(error.line, error.message))


def _problem(path: str, rule: str, severity: Severity, finding: Finding) -> Problem:
    return Problem(
        path=path,
        line=finding.line,
        column=finding.column,
        end_line=finding.end_line or finding.line,
        end_column=finding.end_column or finding.column,
        rule=rule,
        severity=severity,
        message=finding.message,
        fix=finding.fix,
    )


def _from_finding(doc: Document, rule: Rule, finding: Finding,
                  contexts: dict[int, str] | None = None) -> Problem:
    assert rule.severity is not None
    line = min(max(finding.line, 1), max(len(doc.lines), 1))
    text = doc.lines[line - 1] if doc.lines else ""
    contexts = {} if contexts is None else contexts
    if line not in contexts:
        contexts[line] = " ".join(text.split()).lower()
    end_line = finding.end_line or line
    end_column = finding.end_column
    if end_column is None:
        end_text = doc.lines[end_line - 1] if 0 < end_line <= len(doc.lines) else text
        end_column = len(end_text) + 1
    return Problem(
        path=doc.path,
        line=line,
        column=finding.column,
        end_line=end_line,
        end_column=max(end_column, 1),
        rule=rule.id,
        severity=rule.severity,
        message=finding.message,
        fix=_keeps_headings(doc, finding.fix),
        context=contexts[line],
    )


def _keeps_headings(doc: Document, fix: Fix | None) -> Fix | None:
    """The fix, or None when it deletes the line of a heading: text after a heading glued to
    it ("Possible ComplicationsRest the knee...") shares the heading's line, so deleting that
    text (a copy, residue) would delete the heading too. The glued-heading fix puts the
    heading on its own line first; the next round of fixes deletes the text alone."""
    if fix is None or fix.replacement:
        return fix
    headings: dict[str, frozenset[int]] = doc.memo("heading_lines")
    if "lines" not in headings:
        headings["lines"] = frozenset(s.line for s in doc.sections if not s.implicit)
    if any(fix.line <= line <= fix.end_line for line in headings["lines"]):
        return None
    return fix
