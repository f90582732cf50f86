"""Lint files: read, decode, parse once, run every enabled rule, build Problems.

Each file is independent (no shared mutable state), so files can be linted in parallel
processes; the results come back in the order the files were given.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from linter.config import Config, Rule
from linter.document import Document, Format
from linter.parsing import ParseError, parse
from linter.problems import Finding, Problem, Severity

PARSE_ERROR = "parse-error"
INTERNAL_ERROR = "internal-error"
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
#: larger files are refused with a clear message rather than parsed
MAX_FILE_BYTES = 16 * 1024 * 1024


class DecodeError(ValueError):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    problems: tuple[Problem, ...]
    #: the file could not be read or parsed, or a rule crashed on it (exit code 2)
    failed: bool = False
    document: Document | None = None


def decode(data: bytes) -> str:
    """Article bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        if b"\x00" in data:
            nul = data.index(b"\x00")
            if data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4:
                raise DecodeError("looks like UTF-16 without a byte-order mark; save it as UTF-8")
            line = data.count(b"\n", 0, nul) + 1
            raise DecodeError(f"binary file (NUL byte at line {line}); articles must be UTF-8 text", line)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DecodeError(
            f"not valid {encoding.upper()}: byte 0x{data[exc.start]:02x} at line {line}, column "
            f"{column}; save the file as UTF-8",
            line,
        ) from None
    if "\x00" in text:
        raise DecodeError("binary content (NUL character); articles must be text")
    return text


def lint_bytes(
    path: str, data: bytes, config: Config, as_of: dt.date, fmt: Format | None = None
) -> FileResult:
    if len(data) > MAX_FILE_BYTES:
        size = len(data) / (1024 * 1024)
        return _failed(path, 1, f"file is {size:.1f} MiB; healthlint reads articles up to "
                       f"{MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        text = decode(data)
    except DecodeError as exc:
        return _failed(path, exc.line, str(exc))
    if not text.strip():
        return _failed(path, 1, "file is empty; an article needs a title and text")
    parsed = parse(path, text, config.choose_template, as_of, fmt)
    doc = parsed.document
    problems = [_parse_problem(path, error) for error in parsed.errors]
    failed = bool(parsed.errors)
    for rule in config.enabled_rules:
        try:
            findings = list(rule.check.run(doc, rule.params))
        except Exception as exc:  # a bug in one rule must not stop the others
            failed = True
            problems.append(_problem(path, INTERNAL_ERROR, Severity.ERROR, Finding(
                1, f"rule {rule.id} crashed on this file: {type(exc).__name__}: {exc}; "
                "please report this as a healthlint bug")))
            continue
        problems.extend(
            _from_finding(doc, rule, finding)
            for finding in findings
            if not doc.suppressions.is_suppressed(rule.id, finding.line)
        )
    problems.sort(key=lambda p: p.sort_key)
    return FileResult(path, tuple(problems), failed, doc)


def lint_file(path: str, config: Config, as_of: dt.date) -> FileResult:
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        return _failed(path, 1, "is a directory")
    except OSError as exc:
        return _failed(path, 1, f"cannot be read: {exc.strerror or exc}")
    return lint_bytes(path, data, config, as_of)


def collect(paths: Iterable[str], config: Config) -> list[str]:
    """Files to lint: named files as given, article files under named folders (sorted)."""
    found: list[str] = []
    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            candidates = sorted(_walk(given))
        else:
            candidates = [given]
        for path in candidates:
            if path not in seen and not config.is_ignored(path):
                seen.add(path)
                found.append(path)
    return found


def _walk(folder: str) -> Iterator[str]:
    # Symlinked folders are not followed: no loops, no escaping the tree.
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith("."):
                yield os.path.join(root, name)


def lint_paths(
    files: Sequence[str], config: Config, as_of: dt.date, jobs: int = 1
) -> Iterator[FileResult]:
    """Lint files, in parallel processes when `jobs` > 1; results come in input order."""
    if jobs <= 1 or len(files) < 2 * jobs:
        for path in files:
            yield _lean(lint_file(path, config, as_of))
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(config, as_of)) as pool:
        yield from pool.map(_worker, files, chunksize=max(1, min(64, len(files) // (jobs * 8))))


_worker_state: tuple[Config, dt.date] | None = None


def _init_worker(config: Config, as_of: dt.date) -> None:
    global _worker_state
    _worker_state = (config, as_of)


def _worker(path: str) -> FileResult:
    assert _worker_state is not None
    return _lean(lint_file(path, *_worker_state))


def _lean(result: FileResult) -> FileResult:
    """Drop the parsed document: callers of lint_paths only need the problems."""
    return FileResult(result.path, result.problems, result.failed)


def _failed(path: str, line: int, message: str) -> FileResult:
    problem = _problem(path, PARSE_ERROR, Severity.ERROR, Finding(line, message))
    return FileResult(path, (problem,), True)


def _parse_problem(path: str, error: ParseError) -> Problem:
    return _problem(path, PARSE_ERROR, Severity.ERROR, Finding(error.line, error.message))


def _problem(path: str, rule: str, severity: Severity, finding: Finding, context: str = "") -> Problem:
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
        context=context,
    )


def _from_finding(doc: Document, rule: Rule, finding: Finding) -> Problem:
    assert rule.severity is not None
    line = min(max(finding.line, 1), max(len(doc.lines), 1))
    text = doc.lines[line - 1] if doc.lines else ""
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
        fix=finding.fix,
        context=" ".join(text.split()).lower(),
    )
