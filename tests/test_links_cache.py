"""The link cache: TTL per kind, concurrent runs, a killed run, a file that is not a cache."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

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
