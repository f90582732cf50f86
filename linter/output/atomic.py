"""Writing a file so that a crash, a full disk or a kill never leaves half of it: fixed
articles, reports, baselines and exports all go through `atomic_writer`."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

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
