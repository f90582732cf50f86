"""The `healthlint` command: parse arguments, load config, call the engine, pick a formatter."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from linter import __version__
from linter.config import Config, ConfigError, find_config, load_config
from linter.engine import FileResult, collect, lint_bytes, lint_paths
from linter.formatters import FORMATTERS, Report
from linter.parsing import format_for
from linter.problems import Severity

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


def _load(config_path: str | None) -> Config:
    path = Path(config_path) if config_path else find_config(Path.cwd())
    try:
        return load_config(path)
    except ConfigError as exc:
        raise click.exceptions.Exit(_fail(str(exc))) from None


def _fail(message: str) -> int:
    click.echo(f"healthlint: configuration error\n{message}", err=True)
    return EXIT_ERROR


def _use_color(option: bool | None) -> bool:
    if option is not None:
        return option
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def main() -> None:
    """healthlint: lint patient-education health articles."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default="text",
              show_default=True, help="Output format.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: .healthlint.yaml here or in a parent folder, "
              "else the built-in procedure pack).")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Today's date for every date rule, YYYY-MM-DD (default: the real date).")
@click.option("--stdin-filename", help="Name (and so format) of the article read from `-`.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: on a terminal).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
              help="Parallel processes (default 0: one per CPU).")
def check(
    paths: tuple[str, ...],
    output_format: str,
    config_path: str | None,
    as_of: dt.datetime | None,
    stdin_filename: str | None,
    fail_on: str,
    color: bool | None,
    jobs: int,
) -> None:
    """Lint the articles (.md, .txt) in PATHS (files or folders; `-` reads stdin).

    Exit codes: 0 no error, 1 problems at or above --fail-on, 2 a usage or configuration
    error, or a file that could not be read or parsed.
    """
    config = _load(config_path)
    today = as_of.date() if as_of else dt.date.today()
    files = collect(paths or (".",), config)
    jobs = jobs or os.cpu_count() or 1
    results: list[FileResult] = []
    named = [p for p in files if p != "-"]
    linted = iter(lint_paths(named, config, today, jobs))
    for path in files:
        if path == "-":
            name = stdin_filename or "<stdin>"
            data = sys.stdin.buffer.read()
            results.append(lint_bytes(name, data, config, today,
                                      format_for(stdin_filename) if stdin_filename else "markdown"))
        else:
            results.append(next(linted))
    problems = tuple(p for r in results for p in r.problems)
    report = Report(problems, files=len(results), color=_use_color(color))
    click.echo(FORMATTERS[output_format](report), color=report.color)
    threshold = Severity(fail_on).rank
    if any(r.failed for r in results):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_PROBLEMS if any(p.severity.rank >= threshold for p in problems) else EXIT_OK)


@main.command("rules")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file.")
def list_rules(config_path: str | None) -> None:
    """List every rule: id, severity (as configured) and what it finds."""
    config = _load(config_path)
    width = max((len(rule.id) for rule in config.rules), default=10)
    for rule in config.rules:
        severity = rule.severity.value if rule.severity else "off"
        click.echo(f"{rule.id:<{width}}  {severity:<7}  {rule.description}")
