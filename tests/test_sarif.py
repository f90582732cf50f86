"""SARIF for code scanning: repository-relative URIs from any folder, rule docs, the official schema."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from linter import HOMEPAGE
from linter.checks import plain_language
from tests.conftest import ROOT, SAMPLES
from tests.conftest import run_cli as run
from tests.schemas import schema

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A content repository with a custom pack: articles/hip-replacement.md has warnings."""
    root = tmp_path / "content repo"
    (root / "articles").mkdir(parents=True)
    shutil.copy(SAMPLES / "hip-replacement.md", root / "articles" / "hip replacement.md")
    shutil.copy(ROOT / "docs" / "examples" / "custom-pack.yaml", root)
    (root / ".healthlint.yaml").write_text("extends: [procedure, ./custom-pack.yaml]\n")
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def sarif(cwd: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict[str, Any]:
    monkeypatch.chdir(cwd)
    config = next(p / "content repo" / ".healthlint.yaml" for p in (cwd, *cwd.parents)
                  if (p / "content repo" / ".healthlint.yaml").is_file())
    code, out, err = run("check", "--format", "sarif", "--as-of", "2026-11-24",
                         "--config", str(config), *args)
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


@needs_git
def test_uris_are_relative_to_the_repository_root_from_any_folder(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for cwd, path in ((repo, "articles"), (repo / "articles", "hip replacement.md"),
                      (repo / "articles", "."), (repo.parent, "content repo/articles")):
        run_ = sarif(cwd, monkeypatch, path)["runs"][0]
        locations = {json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"])
                     for r in run_["results"]}
        assert locations == {'{"uri": "articles/hip%20replacement.md", "uriBaseId": "%SRCROOT%"}'}
        assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"


@needs_git
def test_github_annotations_are_repository_relative_from_a_subfolder(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "articles")
    _, out, _ = run("check", "--format", "github", "--as-of", "2026-11-24", "hip replacement.md")
    assert out.startswith("::warning file=articles/hip replacement.md,line=4,")


def test_rules_link_to_their_readme_section_and_carry_their_full_text(
        repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    driver = sarif(repo, monkeypatch, "articles")["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == HOMEPAGE
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert rules["plain-language"]["helpUri"] == HOMEPAGE + "#rule-plain-language"
    assert rules["no-latin-abbreviations"]["helpUri"] == HOMEPAGE + "#rule-existence"
    assert rules["house-words"]["helpUri"] == HOMEPAGE + "#rule-substitution"
    full = rules["plain-language"]["fullDescription"]["text"]
    assert full == inspect.cleandoc(plain_language.__doc__ or "")  # the whole docstring
    assert "\n\n" in full


def test_every_rule_anchor_is_in_readme(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    driver = sarif(repo, monkeypatch, "articles")["runs"][0]["tool"]["driver"]
    uris = {rule["helpUri"] for rule in driver["rules"]}
    uris |= {HOMEPAGE + f"#rule-{rule}" for rule in ("parse-error", "internal-error", "unknown-rule")}
    for uri in sorted(uris):
        anchor = uri.split("#", 1)[1]
        assert f'<a id="{anchor}"></a>' in readme, anchor


def test_valid_against_the_official_sarif_schema(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    official = json.loads(schema("sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    (repo / "articles" / "broken.md").write_bytes(b"\xff\xfe\x00")  # a parse error, too
    monkeypatch.chdir(repo)
    code, out, _ = run("check", "--format", "sarif", "--as-of", "2026-11-24", "articles")
    assert code == 2
    document = json.loads(out)
    validator = jsonschema.Draft4Validator(official, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    assert {r["ruleId"] for r in document["runs"][0]["results"]} >= {"parse-error", "plain-language"}
