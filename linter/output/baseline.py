"""Baseline: adopt healthlint on a library that already has thousands of problems.

`healthlint baseline create FILE [PATHS]` records every current problem; `healthlint check
--baseline FILE` then reports only problems that are not in it, and counts the entries whose
problem is gone (fixed, so the entry can be pruned by creating the baseline again).

An entry is keyed by the article's path (relative to the baseline file's folder), the rule
and a fingerprint of the offending text (the problem's normalised line), never by line
number: adding or deleting lines elsewhere in the article keeps its problems suppressed.
The same text flagged twice by one rule (two identical pasted notices) is numbered with an
occurrence counter, so the baseline holds both and a third copy is reported as new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.model.problems import Problem
from linter.output.atomic import write_atomic
from linter.output.escaping import json_encodable, terminal_text

FORMAT_VERSION = 1
#: a baseline of 100,000 problems is about 25 MB; anything far bigger is not a baseline
MAX_BASELINE_BYTES = 256 * 1024 * 1024

Key = tuple[str, str, str]


class BaselineError(Exception):
    """A baseline file that cannot be read, worded for the user."""


@dataclass(frozen=True, slots=True)
class Entry:
    path: str
    rule: str
    fingerprint: str
    occurrence: int
    #: where the problem was when the baseline was made, and its message (for people only)
    line: int = 0
    message: str = ""

    @property
    def key(self) -> Key:
        return (self.path, self.rule, self.fingerprint)


@dataclass(frozen=True, slots=True)
class Baseline:
    #: the folder entry paths are relative to (the baseline file's folder)
    root: Path
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Filtered:
    #: problems not in the baseline: these are reported
    new: tuple[Problem, ...]
    #: how many problems the baseline suppressed
    suppressed: int
    #: entries of the linted files whose problem is gone (prunable)
    fixed: tuple[Entry, ...]


def fingerprint(problem: Problem) -> str:
    """The offending text's digest; the problem's line number is deliberately not in it."""
    return hashlib.sha256(problem.context.encode("utf-8")).hexdigest()[:20]


def key_path(path: str, root: Path) -> str:
    """`path` relative to `root`, with forward slashes, however the user spelled it."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        relative = absolute
    return Path(relative).as_posix()


def _key(problem: Problem, root: Path) -> Key:
    return (key_path(problem.path, root), problem.rule, fingerprint(problem))


def create(problems: Iterable[Problem], baseline_file: Path) -> Baseline:
    root = baseline_file.resolve().parent
    seen: Counter[Key] = Counter()
    entries = []
    for problem in problems:
        key = _key(problem, root)
        seen[key] += 1
        entries.append(Entry(*key, occurrence=seen[key], line=problem.line,
                             message=problem.message))
    entries.sort(key=lambda e: (e.path, e.line, e.rule, e.occurrence))
    return Baseline(root, tuple(entries))


def save(baseline: Baseline, baseline_file: Path) -> None:
    data = {
        "version": FORMAT_VERSION,
        "tool": "healthlint",
        "about": "Problems accepted when healthlint was adopted; `healthlint check --baseline "
                 "FILE` reports only others. Re-create it to prune fixed entries.",
        "entries": [
            {"path": e.path, "rule": e.rule, "fingerprint": e.fingerprint,
             "occurrence": e.occurrence, "line": e.line, "message": e.message}
            for e in baseline.entries
        ],
    }
    # a non-UTF-8 file name keeps its bytes as \udcXX escapes (read back as the same name)
    text = json_encodable(json.dumps(data, indent=1, ensure_ascii=False)) + "\n"
    write_atomic(baseline_file, text.encode("utf-8"))


def load(baseline_file: Path) -> Baseline:
    shown = terminal_text(str(baseline_file))
    try:
        with baseline_file.open("rb") as handle:
            raw = handle.read(MAX_BASELINE_BYTES + 1)
        if len(raw) > MAX_BASELINE_BYTES:
            raise BaselineError(f"{shown}: larger than {MAX_BASELINE_BYTES // 2**20} MiB; not a "
                                "healthlint baseline")
        data: Any = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{shown}: no such baseline file; create it with "
                            f"`healthlint baseline create {shown} PATHS`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{shown}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{shown}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    except ValueError as exc:  # an integer of thousands of digits
        raise BaselineError(f"{shown}: not a healthlint baseline ({exc})") from None
    except RecursionError:
        raise BaselineError(f"{shown}: not a healthlint baseline (JSON nested too deep)") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise BaselineError(f"{shown}: not a healthlint baseline (version {FORMAT_VERSION}); "
                            "create it again with `healthlint baseline create`")
    items = data.get("entries") or []
    if not isinstance(items, list):
        raise BaselineError(f"{shown}: `entries` must be a list of entries, not "
                            f"{type(items).__name__}")
    entries = []
    for number, item in enumerate(items, 1):
        try:
            entries.append(Entry(_text(item["path"]), _text(item["rule"]),
                                 _text(item["fingerprint"]), _count(item.get("occurrence", 1)),
                                 _count(item.get("line", 0)), str(item.get("message", ""))))
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
            raise BaselineError(f"{shown}: entry {number} needs `path`, `rule` and "
                                "`fingerprint` (text) and a whole-number `occurrence` and "
                                "`line`") from None
    return Baseline(baseline_file.resolve().parent, tuple(entries))


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise ValueError(value)
    return value


def apply(baseline: Baseline, problems: Sequence[Problem], linted: Iterable[str]) -> Filtered:
    """Drop the problems the baseline holds; count its entries fixed in the linted files.

    Entries of files that were not linted this time (a narrower run, `--since`) are neither
    used nor counted as fixed.
    """
    allowed = Counter(entry.key for entry in baseline.entries)
    used: Counter[Key] = Counter()
    new = []
    for problem in problems:
        key = _key(problem, baseline.root)
        if used[key] < allowed[key]:
            used[key] += 1
        else:
            new.append(problem)
    linted_paths = {key_path(path, baseline.root) for path in linted}
    fixed = []
    remaining = Counter(used)
    for entry in sorted(baseline.entries, key=lambda e: e.occurrence):
        if entry.path not in linted_paths:
            continue
        if remaining[entry.key] > 0:
            remaining[entry.key] -= 1
        else:
            fixed.append(entry)
    return Filtered(tuple(new), sum(used.values()), tuple(fixed))
