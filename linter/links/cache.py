"""Link results kept between runs: one SQLite file (the standard library's sqlite3).

The default file is `links.sqlite3` in the user cache folder (`$XDG_CACHE_HOME/healthlint`,
else `~/.cache/healthlint`); `--link-cache FILE` names another. A result is trusted for the
TTL of its kind (`link_check: ttl_days`, `--link-cache-ttl`), read at lookup time, so a
shorter TTL takes effect at once. Each result is written in its own transaction as soon as
it is known: a run that is killed keeps what it had checked. WAL mode and a busy timeout let
two runs share the file. A file that is not a readable cache is reported as a warning and
replaced by a fresh one; a cache that cannot be written at all is a warning, and the run
goes on without it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from linter.links.settings import RESULT_KINDS, LinkSettings, ResultKind

SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 10.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status INTEGER,
    detail TEXT NOT NULL,
    new_url TEXT,
    checked_at REAL NOT NULL
)
"""

#: another connection holds the file
_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class _Busy(Exception):
    """The file stayed locked by another run for the whole busy timeout."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What fetching one address found."""

    kind: ResultKind
    #: the reason in words: "404 Not Found", "timed out after 3 tries"
    detail: str
    status: int | None = None
    #: the new address (moved) or where the redirects end (soft 404)
    new_url: str | None = None


def default_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "healthlint" / "links.sqlite3"


class LinkCache:
    def __init__(self, path: Path | None, settings: LinkSettings,
                 warn: Callable[[str], None], clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.settings = settings
        self.warn = warn
        self.clock = clock
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = self._open(path)

    def _open(self, path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.warn(f"link cache {path}: cannot create its folder ({exc.strerror or exc}); "
                      "checking without a cache")
            return None
        try:
            return self._connect_when_free(path)
        except _Busy:
            self.warn(f"link cache {path} is busy (another run holds it for over "
                      f"{BUSY_TIMEOUT_S:g} s); checking without a cache")
            return None
        except sqlite3.DatabaseError as exc:
            self.warn(f"link cache {path} is not a readable cache ({exc}); starting a fresh one")
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        try:
            return self._connect(path)
        except sqlite3.Error as exc:
            self.warn(f"link cache {path}: cannot be used ({exc}); checking without a cache")
            return None

    def _connect_when_free(self, path: Path) -> sqlite3.Connection:
        """Connect, waiting while another run holds the file: SQLite reports "database is
        locked" at once, without its busy timeout, in some steps of opening a file that
        another connection is creating or switching to WAL. A lock is never a broken file."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.005
        while True:
            try:
                return self._connect(path)
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode & 0xFF not in _BUSY_CODES:  # the primary code
                    raise
                if time.monotonic() >= deadline:
                    raise _Busy from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def _connect(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            # one write transaction for the check and the creation, so that a run creating
            # the file at the same time is seen either before or after, never half-way
            db.execute("BEGIN IMMEDIATE")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if version not in (0, SCHEMA_VERSION) or (version == 0 and tables):
                raise sqlite3.DatabaseError("not a healthlint link cache")
            db.execute(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
            db.execute("SELECT url, kind, status, detail, new_url, checked_at FROM results "
                       "LIMIT 1").fetchall()
        except BaseException:
            db.close()
            raise
        return db

    def get(self, url: str) -> Outcome | None:
        """The cached outcome, or None when there is none or it is older than its TTL."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT kind, status, detail, new_url, checked_at FROM results WHERE url = ?",
                (url,)).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return None
        if row is None or row[0] not in RESULT_KINDS:
            return None
        kind: ResultKind = row[0]
        if self.clock() - float(row[4]) >= self.settings.ttl_seconds(kind):
            return None
        return Outcome(kind, str(row[2]), row[1], row[3])

    def put(self, url: str, outcome: Outcome) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO results (url, kind, status, detail, new_url, checked_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (url, outcome.kind, outcome.status, outcome.detail, outcome.new_url, self.clock()))
        except sqlite3.Error as exc:
            self._give_up(exc)

    def _give_up(self, exc: sqlite3.Error) -> None:
        self.warn(f"link cache {self.path}: {exc}; going on without the cache")
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
