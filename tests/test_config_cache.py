"""The config cache (linter/config_cache.py), seen from the command line: the same results
with and without it, a changed config or extended file is seen at once, a broken or
planted cache file is ignored."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

AS_OF = "2026-11-24"
ARTICLE = SAMPLES / "hip-replacement.md"


def healthlint(*args: str, cache_home: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def check_json(path: Path, cache_home: Path, *extra: str, cwd: Path | None = None) -> str:
    done = healthlint("check", "--format", "json", "--as-of", AS_OF, *extra, str(path),
                      cache_home=cache_home, cwd=cwd)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    return done.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "article.md").write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "base.yaml").write_text("extends: procedure\n", encoding="utf-8")
    (folder / ".healthlint.yaml").write_text("extends: ./base.yaml\n", encoding="utf-8")
    return folder


def test_results_are_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    home = tmp_path / "cache"
    uncached = check_json(SAMPLES, home, "--no-cache")
    assert not (home / "healthlint").exists()  # --no-cache writes nothing
    first = check_json(SAMPLES, home)  # fills the cache
    second = check_json(SAMPLES, home)  # reads it
    assert uncached == first == second
    assert '"rule":' in second


def test_a_changed_config_is_seen_at_once(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "cache"
    before = check_json(project / "article.md", home)
    assert '"rule": "readability"' in before and '"rule": "plain-language"' in before
    rules = {"readability", "plain-language", "sentence-length"}
    (project / ".healthlint.yaml").write_text(
        "extends: ./base.yaml\nrules:\n" + "".join(f"  {r}: off\n" for r in sorted(rules)),
        encoding="utf-8")
    after = check_json(project / "article.md", home)
    assert all(f'"rule": "{r}"' not in after for r in rules)
    assert after == check_json(project / "article.md", home, "--no-cache")


def test_a_changed_extended_file_is_seen_at_once(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "cache"
    check_json(project / "article.md", home)
    (project / "base.yaml").write_text(
        "extends: procedure\nrules:\n  plain-language: {severity: info}\n", encoding="utf-8")
    after = check_json(project / "article.md", home)
    assert after == check_json(project / "article.md", home, "--no-cache")
    assert '"severity": "info"' in after


def test_a_mistake_in_a_config_is_reported_with_or_without_a_cache(project: Path,
                                                                    tmp_path: Path) -> None:
    home = tmp_path / "cache"
    check_json(project / "article.md", home)
    (project / "base.yaml").write_text("extends: procedure\nrules:\n  readability: loud\n",
                                       encoding="utf-8")
    done = healthlint("check", "--as-of", AS_OF, str(project / "article.md"), cache_home=home)
    assert done.returncode == 2
    assert "base.yaml: rules.readability" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_corrupt_cache_file_is_ignored(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "cache"
    expected = check_json(project / "article.md", home)
    entries = [p for p in (home / "healthlint").iterdir() if p.is_file()]
    assert entries
    for number, entry in enumerate(entries):
        entry.write_bytes(b"" if number % 2 else b"\x80\x05not a pickle")
    assert check_json(project / "article.md", home) == expected
    assert check_json(project / "article.md", home) == expected  # rewritten, read again


def test_a_cache_folder_others_can_write_to_is_not_read(project: Path, tmp_path: Path) -> None:
    """A pickle planted by someone else would run their code: the cache is read only from a
    folder that is the user's own and that no one else can write to."""
    home = tmp_path / "cache"
    expected = check_json(project / "article.md", home)
    marker = tmp_path / "planted-code-ran"
    planted = pickle.dumps(_Planted(str(marker)))
    folder = home / "healthlint"
    for entry in folder.iterdir():
        entry.write_bytes(planted)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.chown(folder, 65534, 65534)  # owned by nobody
        foreign = check_json(project / "article.md", home)
        assert not marker.exists()
        assert foreign == expected
        os.chown(folder, 0, 0)
    folder.chmod(0o777)
    assert check_json(project / "article.md", home) == expected
    assert not marker.exists()


class _Planted:
    """Unpickling this creates a file: the test's stand-in for someone else's code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(self.marker), "ran"))  # type: ignore[return-value]
