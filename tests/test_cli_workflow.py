"""The pull-request gate end to end: --since, the composite action, the example workflow, docs."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SAMPLES
from tests.conftest import run_cli as run

KNEE = (SAMPLES / "knee-arthroscopy.md").read_text(encoding="utf-8")
HOME = "Most people go home the same day.\n"
BAD = KNEE.replace(HOME, HOME + "\n" + HOME, 1)  # line 77 repeats line 75
AS_OF = ("--as-of", "2026-11-24")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def linted(out: str) -> list[str]:
    return [p["path"] for p in json.loads(out)["problems"]]


@pytest.fixture()
def pull_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main has four bad articles; the branch edits, adds, deletes and leaves some alone."""
    repo = tmp_path / "library"
    (repo / "articles").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    for name in ("untouched", "edited", "deleted", "staged"):
        (repo / "articles" / f"{name}.md").write_text(BAD, encoding="utf-8")
    (repo / "README.md").write_text(BAD, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "library")
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "articles" / "edited.md").write_text(BAD + "\nOne more line.\n", encoding="utf-8")
    (repo / "articles" / "deleted.md").unlink()
    (repo / "articles" / "new committed.md").write_text(BAD, encoding="utf-8")
    (repo / "articles" / "script.py").write_text("print()\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pr")
    (repo / "articles" / "staged.md").write_text(BAD + "\nStaged.\n", encoding="utf-8")
    git(repo, "add", "articles/staged.md")
    (repo / "articles" / "untracked.txt").write_text(BAD, encoding="utf-8")
    (repo / "README.md").write_text(BAD + "\nUnstaged.\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    return repo


@needs_git
def test_since_lints_only_articles_changed_on_the_branch_or_not_committed(pull_request: Path) -> None:
    code, out, _ = run("check", "--since", "main", "--format", "json", *AS_OF)
    # README.md changed too, but a repository's README is not an article: a walk skips it
    assert sorted(set(linted(out))) == [
        "articles/edited.md", "articles/new committed.md", "articles/staged.md",
        "articles/untracked.txt"]
    assert code == 1


@needs_git
def test_since_with_paths_keeps_only_changes_inside_them(pull_request: Path) -> None:
    os.chdir(pull_request / "articles")
    code, out, _ = run("check", ".", "--since", "main", "--format", "json", *AS_OF)
    assert sorted(set(linted(out))) == ["edited.md", "new committed.md", "staged.md", "untracked.txt"]
    code, out, _ = run("check", "edited.md", "--since", "main", "--format", "json", *AS_OF)
    assert sorted(set(linted(out))) == ["edited.md"]


@needs_git
def test_since_asks_the_repository_of_the_linted_paths_not_the_current_folder(
    pull_request: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"  # not a repository: git would fail here
    elsewhere.mkdir()
    os.chdir(elsewhere)
    code, out, err = run("check", "../library/articles", "--since", "main", "--format", "json", *AS_OF)
    assert err == ""
    assert sorted(set(linted(out))) == [
        "../library/articles/edited.md", "../library/articles/new committed.md",
        "../library/articles/staged.md", "../library/articles/untracked.txt"]
    code, out, _ = run("check", str(pull_request / "articles" / "edited.md"), "--since", "main",
                       "--format", "json", *AS_OF)
    assert sorted(set(linted(out))) == ["../library/articles/edited.md"]


@needs_git
def test_since_with_nothing_changed_lints_nothing(pull_request: Path) -> None:
    git(pull_request, "add", "-A")
    git(pull_request, "commit", "-q", "-m", "all")
    code, out, _ = run("check", "--since", "HEAD", "--format", "text", *AS_OF)
    assert (code, out) == (0, "0 files checked: 0 errors, 0 warnings\n")


@needs_git
def test_since_outside_a_repository_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, out, err = run("check", "--since", "main")
    assert code == 2
    assert err.startswith(f"healthlint: --since main: {tmp_path} is not inside a git repository")
    assert out == ""


@needs_git
def test_since_an_unknown_ref_is_exit_2(pull_request: Path) -> None:
    code, _, err = run("check", "--since", "origin/nope")
    assert code == 2
    assert err == ("healthlint: --since origin/nope: no such commit, branch or tag in this "
                   "repository (in CI, fetch it first: actions/checkout with fetch-depth: 0)\n")


# ----------------------------------------------------------------------------- the action


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


ACTION = load(ROOT / "action.yml")
WORKFLOW = load(ROOT / ".github" / "workflows" / "healthlint-pr.yml")


def action_step(step_id: str) -> dict[str, Any]:
    step: dict[str, Any] = next(s for s in ACTION["runs"]["steps"] if s.get("id") == step_id)
    return step


def test_action_is_composite_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "config", "fail-on", "since"} <= set(ACTION["inputs"])
    assert ACTION["outputs"]["sarif-file"]["value"] == "${{ steps.lint.outputs.sarif-file }}"
    # inputs reach the lint script only through the environment (no script injection)
    assert "${{" not in action_step("lint")["run"]


@pytest.fixture()
def healthlint_on_path(tmp_path: Path) -> str:
    """A `healthlint` command for this interpreter, as the action's install step provides."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "healthlint"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m linter "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}"


def run_lint_step(workspace: Path, path_env: str, **inputs: str) -> subprocess.CompletedProcess[str]:
    step = action_step("lint")
    env = {**os.environ, "PATH": path_env, "GITHUB_ACTIONS": "true",
           "GITHUB_WORKSPACE": str(workspace), "GITHUB_OUTPUT": str(workspace / "output.txt"),
           "GITHUB_STEP_SUMMARY": str(workspace / "summary.md")}
    for name, default in ((n, spec.get("default", "")) for n, spec in ACTION["inputs"].items()):
        env[f"INPUT_{name.upper().replace('-', '_')}"] = inputs.get(name, default)
    assert set(step["env"]) <= set(env)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=workspace, env=env, capture_output=True, text=True, timeout=120)


def undated(folder: Path) -> str:
    """A config without the rules that depend on today's date (the action has no --as-of)."""
    (folder / "cfg.yaml").write_text("extends: procedure\nrules:\n  review-date: off\n"
                                     "  reference-stale: off\n", encoding="utf-8")
    return "cfg.yaml"


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run in bash")
def test_action_lint_step_annotates_summarises_writes_sarif_and_fails(
    tmp_path: Path, healthlint_on_path: str
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "bad.md").write_text(BAD, encoding="utf-8")
    (articles / "clean.md").write_text(KNEE, encoding="utf-8")
    done = run_lint_step(tmp_path, healthlint_on_path, paths="articles\n", config=undated(tmp_path))
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0].startswith(
        "::error file=articles/bad.md,line=77,col=1,endLine=77,")
    assert "| articles/bad.md | 1 | 0 | 0 |" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert (tmp_path / "output.txt").read_text(encoding="utf-8") == "sarif-file=healthlint.sarif\n"
    sarif = json.loads((tmp_path / "healthlint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["duplicate-paragraph"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run in bash")
def test_action_lint_step_passes_clean_articles(tmp_path: Path, healthlint_on_path: str) -> None:
    (tmp_path / "clean.md").write_text(KNEE, encoding="utf-8")
    done = run_lint_step(tmp_path, healthlint_on_path, paths="clean.md", config=undated(tmp_path),
                         **{"fail-on": "warning"})
    assert done.returncode == 0, done.stdout + done.stderr


def test_example_workflow_uses_the_action_uploads_sarif_and_fails_on_errors() -> None:
    steps = WORKFLOW["jobs"]["articles"]["steps"]
    checkout, lint, upload = steps
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    assert lint["uses"] == "./" and lint["with"]["fail-on"] == "error"
    assert lint["with"]["since"] == "origin/${{ github.base_ref }}"
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"].startswith("${{ always()")
    assert upload["with"]["sarif_file"] == "${{ steps.healthlint.outputs.sarif-file }}"
    assert WORKFLOW["permissions"]["security-events"] == "write"
    assert "pull_request" in WORKFLOW[True]  # YAML 1.1 reads the key `on` as True


# ----------------------------------------------------------------------------- the docs


def yaml_blocks(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```ya?ml\n(.*?)```", text, re.DOTALL)]


def test_documented_snippets_match_the_tested_files() -> None:
    """README's "Use in pre-commit" and "Use in GitHub Actions" snippets are the tested files."""
    doc = ROOT / "README.md"
    blocks = yaml_blocks(doc)
    hooks = [b for b in blocks if isinstance(b, dict) and "repos" in b]
    assert hooks, f"{doc.name}: no .pre-commit-config.yaml snippet"
    [hook] = hooks[0]["repos"][0]["hooks"]
    manifest = load(ROOT / ".pre-commit-hooks.yaml")[0]
    assert hook["id"] == manifest["id"]
    workflows = [b for b in blocks if isinstance(b, dict) and "jobs" in b]
    assert workflows, f"{doc.name}: no workflow snippet"
    documented = workflows[0]
    tested = copy.deepcopy(WORKFLOW)
    for steps in (documented["jobs"]["articles"]["steps"], tested["jobs"]["articles"]["steps"]):
        steps[1]["uses"] = "ACTION"  # the docs name the action's repository; the test uses ./
        steps[1]["with"].pop("paths", None)  # and this repository keeps its articles elsewhere
    assert documented == tested
    assert documented["jobs"]["articles"]["steps"][1]["uses"] == "ACTION"


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run in bash")
def test_action_paths_with_spaces_working_directory_args_and_sarif_at_the_root(
    tmp_path: Path, healthlint_on_path: str
) -> None:
    site = tmp_path / "site content"
    (site / "my articles").mkdir(parents=True)
    (site / "my articles" / "bad one.md").write_text(BAD, encoding="utf-8")
    (site / "other").mkdir()
    (site / "other" / "clean.md").write_text(KNEE, encoding="utf-8")
    undated(site)
    done = run_lint_step(tmp_path, healthlint_on_path, paths="my articles\nother\n",
                         **{"working-directory": "site content", "config": "cfg.yaml",
                            "args": "--jobs 1 --as-of '2026-11-24'"})
    assert done.returncode == 1, done.stderr
    # GITHUB_WORKSPACE (no git here) is the root annotations and SARIF are relative to
    assert done.stdout.splitlines()[0].startswith(
        "::error file=site content/my articles/bad one.md,line=77,col=1,")
    assert done.stdout.splitlines()[-1] == "2 files checked: 1 error, 0 warnings"
    sarif = json.loads((tmp_path / "healthlint.sarif").read_text(encoding="utf-8"))
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "site%20content/my%20articles/bad%20one.md"
    assert (tmp_path / "output.txt").read_text(encoding="utf-8") == "sarif-file=healthlint.sarif\n"


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run in bash")
def test_action_fail_on_never_reports_but_passes(tmp_path: Path, healthlint_on_path: str) -> None:
    (tmp_path / "bad.md").write_text(BAD, encoding="utf-8")
    done = run_lint_step(tmp_path, healthlint_on_path, paths="bad.md", config=undated(tmp_path),
                         **{"fail-on": "never"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("::error file=bad.md,line=77,")


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run in bash")
def test_action_args_are_never_run_by_a_shell(tmp_path: Path, healthlint_on_path: str) -> None:
    (tmp_path / "clean.md").write_text(KNEE, encoding="utf-8")
    done = run_lint_step(tmp_path, healthlint_on_path, paths="clean.md", config=undated(tmp_path),
                         args="--as-of $(touch pwned) `touch pwned2`")
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    assert done.returncode == 2 and "'$(touch'" in done.stderr  # a bad --as-of value, quoted


def test_action_caches_pip_and_documents_the_new_inputs() -> None:
    assert {"args", "working-directory", "cache"} <= set(ACTION["inputs"])
    assert "never" in ACTION["inputs"]["fail-on"]["description"]
    cache = next(s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "${{ steps.pip-cache.outputs.dir }}"
    assert "${{ steps.pip-cache.outputs.key }}" in cache["with"]["key"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run in bash")
def test_action_cache_key_step_names_pips_cache_and_hashes_pyproject(tmp_path: Path) -> None:
    import hashlib

    step = action_step("pip-cache")
    output = tmp_path / "output.txt"
    env = {**os.environ, "PYTHON": sys.executable, "GITHUB_ACTION_PATH": str(ROOT),
           "GITHUB_OUTPUT": str(output)}
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    assert Path(lines["dir"]).is_absolute()
    assert lines["key"] == hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:20]
