"""The link cache: TTL per kind, concurrent runs, a killed run, a file that is not a cache."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import linter.links.cache as cache_module
from linter.links.cache import LinkCache, Outcome
from linter.links.settings import LinkSettings
from tests.conftest import ROOT

DAY = 86400.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_each_kind_lives_for_its_ttl(tmp_path: Path) -> None:
    clock = Clock()
    warnings: list[str] = []
    cache = LinkCache(tmp_path / "c.sqlite3", LinkSettings(), warnings.append, clock)
    cache.put("https://a.example/ok", Outcome("ok", "200 OK", 200))
    cache.put("https://a.example/gone", Outcome("broken", "is gone (404 Not Found)", 404))
    cache.put("https://a.example/slow", Outcome("unreachable", "timed out"))
    clock.now += DAY / 24 - 1
    assert cache.get("https://a.example/slow") == Outcome("unreachable", "timed out")
    clock.now += 2
    assert cache.get("https://a.example/slow") is None  # 1 hour
    clock.now += DAY
    assert cache.get("https://a.example/gone") is None  # 1 day
    assert cache.get("https://a.example/ok") == Outcome("ok", "200 OK", 200)
    clock.now += 6 * DAY
    assert cache.get("https://a.example/ok") is None  # 7 days
    assert warnings == []


def test_two_runs_share_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            cache = LinkCache(path, LinkSettings(), lambda m: errors.append(RuntimeError(m)))
            for i in range(200):
                cache.put(f"https://example.org/{n}/{i}", Outcome("ok", "200 OK", 200))
                cache.get(f"https://example.org/{1 - n}/{i}")
            cache.close()
        except BaseException as exc:  # pragma: no cover - what the test looks for
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    cache = LinkCache(path, LinkSettings(), lambda m: None)
    assert all(cache.get(f"https://example.org/{n}/199") is not None for n in (0, 1))


def _hold_exclusive_lock(path: Path, seconds: float) -> threading.Thread:
    """Another run holding the (rollback-journal) file locked: what a second run meets while the
    first one creates the cache."""
    ready = threading.Event()

    def hold() -> None:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.execute("BEGIN EXCLUSIVE")
        ready.set()
        time.sleep(seconds)
        db.execute("COMMIT")
        db.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait()
    return thread


def test_a_run_waits_for_one_that_is_creating_the_cache(tmp_path: Path) -> None:
    # SQLite answers "database is locked" at once when the journal mode changes under another
    # connection's lock (the busy timeout does not apply): that must not be taken for a
    # broken file and delete the other run's cache.
    path = tmp_path / "c.sqlite3"
    holder = _hold_exclusive_lock(path, 0.5)
    warnings: list[str] = []
    cache = LinkCache(path, LinkSettings(), warnings.append)
    holder.join()
    cache.put("https://example.org/a", Outcome("ok", "200 OK", 200))
    assert cache.get("https://example.org/a") == Outcome("ok", "200 OK", 200)
    assert warnings == []


def test_a_cache_locked_too_long_is_left_alone(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "c.sqlite3"
    holder = _hold_exclusive_lock(path, 1.0)
    warnings: list[str] = []
    cache = LinkCache(path, LinkSettings(), warnings.append)
    assert cache.get("https://example.org/a") is None
    cache.put("https://example.org/a", Outcome("ok", "200 OK", 200))
    holder.join()
    assert warnings == [f"link cache {path} is busy (another run holds it for over 0.2 s); "
                        "checking without a cache"]
    assert path.exists()


KILLED = r"""
import os, signal, sys
from pathlib import Path
from linter.links.cache import LinkCache, Outcome
from linter.links.settings import LinkSettings
cache = LinkCache(Path(sys.argv[1]), LinkSettings(), print)
cache.put("https://example.org/done", Outcome("ok", "200 OK", 200))
db = cache._db
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO results VALUES ('https://example.org/half', 'ok', 200, 'x', NULL, 0)")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_run_keeps_what_it_had_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    done = subprocess.run([sys.executable, "-c", KILLED, str(path)], cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert done.returncode < 0  # killed
    warnings: list[str] = []
    cache = LinkCache(path, LinkSettings(), warnings.append)
    assert cache.get("https://example.org/done") == Outcome("ok", "200 OK", 200)
    assert cache.get("https://example.org/half") is None
    assert warnings == []


def test_a_file_that_is_not_a_cache_is_a_warning_and_a_fresh_cache(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(os.urandom(4096))
    warnings: list[str] = []
    cache = LinkCache(path, LinkSettings(), warnings.append)
    assert len(warnings) == 1 and "is not a readable cache" in warnings[0]
    cache.put("https://example.org/", Outcome("ok", "200 OK", 200))
    assert cache.get("https://example.org/") is not None


def test_another_programs_database_is_not_overwritten_silently(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    warnings: list[str] = []
    LinkCache(path, LinkSettings(), warnings.append)
    assert "not a healthlint link cache" in warnings[0]


def test_an_unwritable_cache_folder_is_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    warnings: list[str] = []
    cache = LinkCache(blocker / "sub" / "c.sqlite3", LinkSettings(), warnings.append)
    assert "checking without a cache" in warnings[0]
    cache.put("https://example.org/", Outcome("ok", "200 OK", 200))
    assert cache.get("https://example.org/") is None
