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

import codecs
import datetime as dt
import difflib
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from linter.config import Config
from linter.engine import FileResult, lint_bytes
from linter.model.problems import Fix
from linter.output.escaping import terminal_text

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|)")
#: a fix can make another one possible (a copy of a copy); stop after this many rounds
MAX_ROUNDS = 5
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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
        bom, encoding = b"", "utf-8"
        for mark, name in _BOMS:
            if data.startswith(mark):
                bom, encoding = mark, name
                break
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


#: temporary files are named .NAME.healthlint-PID.tmp, so a later run can tell its own
#: leftovers (from a process that was killed) from anybody else's files
_TEMP_SUFFIX = ".tmp"
_TEMP_MARK = "healthlint-"


def _temp_name(target: Path, pid: int) -> Path:
    return target.with_name(f".{target.name}.{_TEMP_MARK}{pid}{_TEMP_SUFFIX}")


def _remove_stale_temps(target: Path) -> None:
    """Delete .NAME.healthlint-PID.tmp files of NAME whose process is gone (killed runs)."""
    prefix = f".{target.name}.{_TEMP_MARK}"
    try:
        names = [n for n in os.listdir(target.parent)
                 if n.startswith(prefix) and n.endswith(_TEMP_SUFFIX)]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):-len(_TEMP_SUFFIX)]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        stale = target.parent / name
        try:
            if stale.lstat().st_uid == os.geteuid() and stat.S_ISREG(stale.lstat().st_mode):
                stale.unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, left by an earlier write of this process: stale too
    try:
        os.kill(pid, 0)
    except PermissionError:  # another user's live process
        return True
    except (OSError, OverflowError, ValueError):  # no such process (or no such pid at all)
        return False
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash never leaves half a file (see `atomic_writer`)."""
    with atomic_writer(path) as handle:
        handle.write(data)


@contextmanager
def atomic_writer(path: Path | str) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace `path` only once all are written.

    A regular file (or a new one) is written through a temporary file in the same folder
    and renamed over the target; it keeps its permission bits, owner and group. A file
    with hard links, or one whose owner this process cannot give a new file, is rewritten
    in place instead (every link sees the new text). Anything else (a FIFO, a device,
    /dev/stdout) is written straight into. A symlink is followed (its target is rewritten).
    If the writer fails (or the process is stopped by SIGTERM), the old file is untouched
    and the temporary file is removed; one left by a killed process is removed next time.
    """
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(path, "wb") as straight:
            yield straight
        return
    target = Path(os.path.realpath(path))
    handle = None if info is not None and info.st_nlink > 1 else _temp_file(target, info)
    if handle is None:
        buffer = io.BytesIO()  # everything first: a failing writer must not truncate it
        yield buffer
        _write_in_place(Path(path), buffer.getvalue())
        return
    temp = Path(handle.name)
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(temp, target)
    except BaseException:
        handle.close()
        temp.unlink(missing_ok=True)
        raise


def _temp_file(target: Path, info: os.stat_result | None) -> BinaryIO | None:
    """A new temporary file next to `target` with its mode, owner and group (None when this
    process may not give a file that owner: the target is then rewritten in place)."""
    if info is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        mode = stat.S_IMODE(info.st_mode)
    _remove_stale_temps(target)
    temp = _temp_name(target, os.getpid())
    temp.unlink(missing_ok=True)  # ours, from an earlier write of this process
    handle = open(temp, "xb")  # noqa: SIM115 - the caller closes it
    try:
        if info is not None and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.chown(temp, info.st_uid, info.st_gid)
            except PermissionError:
                handle.close()
                temp.unlink(missing_ok=True)
                return None
        os.chmod(temp, mode)
    except BaseException:
        handle.close()
        temp.unlink(missing_ok=True)
        raise
    return handle


def _write_in_place(path: Path, data: bytes) -> None:
    """Rewrite the file's own inode: links, owner and mode stay (not atomic, so last resort)."""
    with open(path, "r+b") as handle:
        handle.write(data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())
