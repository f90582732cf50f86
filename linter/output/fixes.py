"""Safe autofix: apply the `Fix`es problems carry, byte-exactly, and write files atomically.

Checks offer a fix only when it cannot change what the article says: deleting an exact
duplicate paragraph (the first copy stays), deleting residue lines (captions, credits, site
navigation, back-to-top links), and substitutions a pack marks fixable. This module applies
them without touching anything else:

- the encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM), the BOM and every line ending
  (CRLF, LF or a lone CR, even mixed in one file) stay exactly as they were;
- overlapping fixes are not combined: the first wins, the next round picks up the rest;
- deleting a paragraph does not leave two blank lines where there was one;
- files are written through a temporary file in the same folder and `os.replace`, so a
  crash never leaves half an article (hard-linked files are rewritten in place, so every
  link sees the fix; owner, group and mode are kept); unchanged files are not written at
  all, read-only files are refused, and a file saved while the run went on is left alone;
- fixing again changes nothing (the engine lints the result until no fix is left).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from linter.config import Config
from linter.engine import FileResult, lint_bytes
from linter.model.problems import Fix
from linter.output.atomic import write_atomic
from linter.output.escaping import terminal_text
from linter.parsing.decode import byte_order_mark

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|)")
#: a fix can make another one possible (a copy of a copy); stop after this many rounds
MAX_ROUNDS = 5


class FixError(ValueError):
    """A file the fixer will not rewrite, worded for the user."""


@dataclass(frozen=True, slots=True)
class Source:
    """An article's text as lines with their own endings, and how to encode it back."""

    bom: bytes
    encoding: str
    #: (text, ending) per line; the last has ending "" (an empty last line: a final newline)
    lines: tuple[tuple[str, str], ...]

    @classmethod
    def from_bytes(cls, data: bytes) -> Source:
        bom, encoding = byte_order_mark(data)
        try:
            text = data[len(bom):].decode(encoding)
        except UnicodeDecodeError as exc:
            raise FixError(f"not valid {encoding.upper()} ({exc.reason}); not fixed") from None
        lines = tuple((m.group(1), m.group(2)) for m in _LINE.finditer(text) if m.group(0)
                      or m.end() == len(text))
        source = cls(bom, encoding, _dedupe_end(lines))
        if source.to_bytes() != data:
            raise FixError("its bytes do not survive decoding and encoding again; not fixed")
        return source

    def to_bytes(self) -> bytes:
        return self.bom + "".join(text + end for text, end in self.lines).encode(self.encoding)

    def text_lines(self) -> list[str]:
        return [text + end for text, end in self.lines if text or end]


def _dedupe_end(lines: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    # finditer yields one empty match at the very end; keep exactly one final ("", "") piece
    # only when it stands for the empty line after a final line ending (as split("\n") does).
    if len(lines) >= 2 and lines[-1] == ("", "") and lines[-2][1] == "":
        return lines[:-1]
    return lines


def _blank(line: tuple[str, str]) -> bool:
    return not line[0].strip()


def choose(fixes: Iterable[Fix], line_count: int) -> list[Fix]:
    """Non-overlapping fixes within the file, first come first served, in line order."""
    chosen: list[Fix] = []
    last = 0
    for fix in sorted(set(fixes), key=lambda f: (f.line, f.end_line, f.replacement)):
        if fix.line <= last or fix.line < 1 or fix.end_line < fix.line or fix.end_line > line_count:
            continue
        chosen.append(fix)
        last = fix.end_line
    return chosen


def apply(source: Source, fixes: Iterable[Fix]) -> tuple[Source, int]:
    """The source with the fixes applied bottom-up, and how many were applied."""
    lines = list(source.lines)
    default_end = next((end for _, end in lines if end), "\n")
    chosen = choose(fixes, len(lines))
    for fix in reversed(chosen):
        start, end = fix.line - 1, fix.end_line
        old = lines[start:end]
        if fix.replacement:
            new = [(text, old[i][1] if i < len(old) - 1 else default_end)
                   for i, text in enumerate(fix.replacement)]
            new[-1] = (new[-1][0], old[-1][1])
            lines[start:end] = new
            continue
        del lines[start:end]
        if old[-1][1] == "" and start > 0 and start == len(lines):
            # the deleted text ended the file without a final newline: so does the new end
            lines[start - 1] = (lines[start - 1][0], "")
        _close_gap(lines, start)
    return Source(source.bom, source.encoding, tuple(lines)), len(chosen)


def _close_gap(lines: list[tuple[str, str]], at: int) -> None:
    """After deleting lines before index `at`: leave one blank line where there were two."""
    before = lines[at - 1] if at > 0 else None
    after = lines[at] if at < len(lines) else None
    if after is not None and after[1] and _blank(after) and (before is None or _blank(before)):
        del lines[at]  # a real blank line follows: drop it
    elif before is not None and _blank(before) and (after is None or after == ("", "")):
        del lines[at - 1]  # the file ends here: drop the blank line left above
        if after is None and lines:
            lines[-1] = (lines[-1][0], "")


@dataclass(frozen=True, slots=True)
class Fixed:
    path: str
    before: bytes
    after: bytes
    #: how many fixes were applied
    applied: int
    #: the lint of the fixed text (what remains)
    result: FileResult

    @property
    def changed(self) -> bool:
        return self.before != self.after


def fix_bytes(path: str, data: bytes, config: Config, as_of: dt.date,
              result: FileResult | None = None) -> Fixed:
    """Apply every safe fix, lint again, repeat until nothing is left to fix. `result` is a
    lint of `data` the caller already has (the language server's), saving the first lint."""
    if result is None:
        result = lint_bytes(path, data, config, as_of)
    if result.failed:
        return Fixed(path, data, data, 0, result)
    current, applied = data, 0
    for _ in range(MAX_ROUNDS):
        fixes = [p.fix for p in result.problems if p.fix is not None]
        if not fixes:
            break
        source, count = apply(Source.from_bytes(current), fixes)
        new = source.to_bytes()
        if count == 0 or new == current:
            break
        if not any(text.strip() for text, _ in source.lines):
            break  # a fix never leaves an article empty: whatever it was, a writer wrote it
        current, applied = new, applied + count
        result = lint_bytes(path, current, config, as_of)
    return Fixed(path, data, current, applied, result)


def unified_diff(fixed: Fixed) -> str:
    """What `--fix` would change, as a unified diff (a/PATH, b/PATH)."""
    before = Source.from_bytes(fixed.before).text_lines()
    after = Source.from_bytes(fixed.after).text_lines()
    name = terminal_text(fixed.path.replace("\\", "/"))  # a newline cannot forge a diff line
    while name.startswith("./"):
        name = name[2:]
    out = []
    for line in difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"):
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


class FileChanged(FixError):
    """The article changed on disk after healthlint read it (a writer saved it meanwhile)."""


def write_fixed(fixed: Fixed) -> None:
    """Write a fixed article back, unless it is read-only or changed since it was read.

    The file is read again and compared just before it is replaced, so an article a writer
    saves while `--fix` runs over a large library is kept (the window left is the time of
    one compare and one rename, not of the whole run).
    """
    path = Path(fixed.path)
    info = os.stat(path)
    if not info.st_mode & 0o222:
        raise FixError("the file is read-only (make it writable to fix it)")
    if path.read_bytes() != fixed.before:
        raise FileChanged("it changed since healthlint read it (saved during the run?); "
                          "not fixed, run --fix again")
    write_atomic(path, fixed.after)
