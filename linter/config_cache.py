"""A cache of resolved, validated configs, so a one-file check does not validate the packs.

Resolving a config reads its file, the files it extends and the built-in packs, and
validates them all with pydantic; a pre-commit hook pays that on every commit. The result
is stored as a pickle in the user's cache folder (`$XDG_CACHE_HOME/healthlint`, else
`~/.cache/healthlint`), one file per config, and used again while nothing it came from
has changed:

- the entry's name is a hash of the config's path (as given and absolute), the healthlint
  and Python versions;
- the entry lists every file the config was read from (the config, its `extends` chain,
  the templates it names) with a hash of each one's bytes, and the hash of every built-in
  pack and data file (`rules/`); any change, in any of them, and the entry is rebuilt.

Safety: the folder is created with mode 0700 and used only when it belongs to this user
and no one else may write to it (a pickle from someone else would run their code); entries
are written to a temporary file and renamed into place, so two runs that race never read a
half-written entry; an entry that cannot be read or unpickled is ignored and rebuilt. The
cache is never needed: `--no-cache`, an unusable folder or a read-only home only make the
run a little slower.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from linter import __version__
from linter.resources import rules_dir

T = TypeVar("T")
#: bump when the shape of an entry changes
FORMAT = 1


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "healthlint"


def usable_folder() -> Path | None:
    """The cache folder, created if need be; None when it is not safely ours."""
    folder = cache_folder()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None  # a symbolic link or a file: someone else's choice of place
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return folder


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


@functools.cache
def builtin_digest() -> str:
    """One hash of every file under rules/ (the packs and their data files): read once per
    process (the package's own files do not change under a run), not once per cached value."""
    whole = hashlib.sha256()
    root = rules_dir()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            whole.update(path.relative_to(root).as_posix().encode())
            whole.update(b"\0")
            whole.update(path.read_bytes())
            whole.update(b"\0")
    return whole.hexdigest()


def _entry_path(folder: Path, key: str) -> Path:
    named = "\0".join((str(FORMAT), __version__, sys.version, key))
    return folder / f"config-{digest(named.encode())[:32]}.pickle"


def cached_data(name: str, build: Callable[[], T]) -> T:
    """A value built from the built-in data files alone (rules/data), cached as configs are."""
    return cached(f"data\0{name}", lambda: (build(), []))


def _valid(deps: object, builtin: str) -> bool:
    if not isinstance(deps, tuple) or len(deps) != 2 or deps[0] != builtin:
        return False
    files = deps[1]
    return isinstance(files, tuple) and all(
        _file_digest(Path(path)) == hashed for path, hashed in files
    )


#: whether the commands use the cache: off for library callers (tests, the language
#: server) unless they ask; the command line turns it on unless --no-cache
_switch = {"on": False}


def enable(on: bool = True) -> None:
    _switch["on"] = on


def enabled() -> bool:
    return _switch["on"]


def cached(key: str, build: Callable[[], tuple[T, list[Path]]], use: bool | None = None) -> T:
    """`build()`'s value, from the cache when it is still valid.

    `build` returns the value and the files it read; the value is stored with their hashes
    (and the built-in packs' hash) and used again while none of them has changed. Errors
    raised by `build` propagate and are never cached. `use` None: as `enable()` set.
    """
    folder = usable_folder() if (enabled() if use is None else use) else None
    if folder is None:
        return build()[0]
    builtin = builtin_digest()
    entry = _entry_path(folder, key)
    with contextlib.suppress(Exception):  # unreadable, truncated, foreign, stale: rebuild
        with entry.open("rb") as stream:
            deps, value = pickle.load(stream)
        if _valid(deps, builtin):
            return value  # type: ignore[no-any-return]
    value, read = build()
    files = tuple((str(p.resolve()), _file_digest(p)) for p in read)
    if all(hashed is not None for _, hashed in files):
        _store(entry, ((builtin, files), value))
    return value


def _store(entry: Path, payload: object) -> None:
    """Write atomically: a temporary file in the same folder, then os.replace."""
    import tempfile  # only when writing (it imports random, which a cache hit never needs)

    try:
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something in the value cannot be pickled: run without a cache
        return
    with contextlib.suppress(OSError):
        fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.replace(temporary, entry)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


@contextlib.contextmanager
def recording(files: list[Path]) -> Iterator[None]:
    """Collect, into `files`, every config file read inside the block (see config.py)."""
    _recorders.append(files)
    try:
        yield
    finally:
        _recorders.remove(files)


_recorders: list[list[Path]] = []


def record(path: Path) -> None:
    for files in _recorders:
        files.append(path)
