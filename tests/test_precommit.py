"""The pre-commit hook, for real: `pre-commit try-repo` on a git repository of articles.

pre-commit installs healthlint from a snapshot of this checkout (committed into a temporary
repository, so uncommitted work is tested too) into its own virtualenv, from PyPI.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, SAMPLES

GIT = shutil.which("git")
#: the samples' dates are written for this day; the hook runs with the real date
SAMPLES_DAY = dt.date(2026, 11, 24)


def _pre_commit() -> list[str] | None:
    if shutil.which("pre-commit"):
        return ["pre-commit"]
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "pre_commit"]


PRE_COMMIT = _pre_commit()
pytestmark = [
    pytest.mark.skipif(GIT is None, reason="git is not installed"),
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install '.[test]')"),
]


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def fresh(text: str) -> str:
    """Move the sample's years forward as far as the real clock has moved past its day."""
    years = max(0, (dt.date.today() - SAMPLES_DAY).days // 366)
    return re.sub(r"\b20\d\d\b", lambda m: str(int(m.group()) + years), text) if years else text


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout's files (tracked and new, not ignored) committed into a temporary repo."""
    try:
        listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    except (subprocess.CalledProcessError, OSError):
        pytest.skip(f"{ROOT} is not a git checkout, so pre-commit cannot install from it")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot


def try_repo(hook_repo: Path, articles: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert PRE_COMMIT is not None
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run([*PRE_COMMIT, "try-repo", str(hook_repo), "healthlint", *args],
                          cwd=articles, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's own cache (its virtualenvs), shared by this module's tests."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content repository (staged, not committed): a clean article, a bad one, a script.

    One repository for the module: pre-commit then installs its environment once.
    """
    repo = tmp_path_factory.mktemp("library")
    git(repo, "init", "-q")
    knee = fresh((SAMPLES / "knee-arthroscopy.md").read_text(encoding="utf-8"))
    (repo / "clean.md").write_text(knee, encoding="utf-8")
    pasted = "Most people go home the same day.\n"
    (repo / "bad.md").write_text(knee.replace(pasted, pasted + "\n" + pasted, 1), encoding="utf-8")
    (repo / "notes.py").write_text("print('not an article')\n", encoding="utf-8")
    git(repo, "add", "-A")
    return repo


def test_manifest_matches_the_issue() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "healthlint"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["markdown", "plain-text"]
    assert hook["entry"].split()[0] == "healthlint"  # the console script


def test_try_repo_fails_on_a_bad_article_and_prints_its_problems(
    hook_repo: Path, articles: Path, home: Path
) -> None:
    done = try_repo(hook_repo, articles, home, "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^healthlint\.+Failed$", done.stdout, re.MULTILINE), done.stdout
    output = done.stdout.split("hook id: healthlint", 1)[1]
    assert ("bad.md:77:1: error duplicate-paragraph This paragraph repeats the one at line 75; "
            "delete one copy.") in output
    assert "clean.md" not in output
    assert "2 files checked: 1 error, 0 warnings" in output  # notes.py is not an article


def config_for(hook_repo: Path) -> dict[str, object]:
    """The documented .pre-commit-config.yaml, pointed at the snapshot instead of GitHub."""
    return {"repos": [{"repo": str(hook_repo), "rev": git(hook_repo, "rev-parse", "HEAD").strip(),
                       "hooks": [{"id": "healthlint"}]}]}


def test_configured_hook_passes_a_clean_article_and_fails_a_bad_one(
    hook_repo: Path, articles: Path, home: Path
) -> None:
    assert PRE_COMMIT is not None
    (articles / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config_for(hook_repo)),
                                                      encoding="utf-8")
    git(articles, "add", ".pre-commit-config.yaml")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["PRE_COMMIT_HOME"] = str(home)

    def run(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*PRE_COMMIT, "run", "--files", name], cwd=articles, env=env,
                              capture_output=True, text=True, timeout=600)

    clean = run("clean.md")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"^healthlint\.+Passed$", clean.stdout, re.MULTILINE), clean.stdout
    bad = run("bad.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.md:77:1: error duplicate-paragraph" in bad.stdout
