"""Shared helpers: lint a text as a file would be linted, with a fixed date."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.config import Config, load_config
from linter.engine import FileResult, lint_bytes
from linter.model.document import Document
from linter.parsing import parse

AS_OF = dt.date(2026, 11, 24)
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_articles"
#: the publisher's seed article (not in this repository: its text is not ours to copy);
#: HEALTHLINT_SEED names it, else the team's shared folder beside the checkout holds it
SEED = Path(os.environ.get("HEALTHLINT_SEED") or
            ROOT.parent / "shared" / "seed" / "intrathecal-pain-pump-insertion.txt")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say it when the seed-article tests could not run: a skip must not pass unnoticed."""
    if not SEED.is_file():
        terminalreporter.write_line(
            f"healthlint: the seed-article tests were skipped: {SEED} is not there "
            "(set HEALTHLINT_SEED to the article's path to run them)", yellow=True)


@pytest.fixture(scope="session")
def default_config() -> Config:
    return load_config(None)


def parse_text(text: str, fmt: str = "markdown", config: Config | None = None,
               as_of: dt.date = AS_OF) -> Document:
    config = config or load_config(None)
    path = "article.md" if fmt == "markdown" else "article.txt"
    return parse(path, text, config.choose_template, as_of).document


def lint_text(text: str, fmt: str = "markdown", config: Config | None = None,
              as_of: dt.date = AS_OF) -> FileResult:
    config = config or load_config(None)
    path = "article.md" if fmt == "markdown" else "article.txt"
    return lint_bytes(path, text.encode("utf-8"), config, as_of)


def lines_of(result: FileResult, rule: str) -> list[int]:
    return [p.line for p in result.problems if p.rule == rule]


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--format auto` picks `github` under GitHub Actions; tests pin the plain formats."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def run_cli(*args: str, input: str | bytes | None = None,
            env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `healthlint ARGS...` in-process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), input=input, env=env)
    return result.exit_code, result.stdout, result.stderr
