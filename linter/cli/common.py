"""What every command shares: exit codes, the --config/--as-of/-j options, loading the
config, finding and linting the files, and writing a report without losing the old one."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from linter import config_cache, discovery
from linter.config import Config, ConfigError, ConfigFinder, find_config, load_config
from linter.engine import MAX_FILE_BYTES, FileResult, lint_bytes, lint_files
from linter.output import progress
from linter.output.atomic import write_atomic
from linter.output.escaping import encodable, terminal_text
from linter.parsing import format_for

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
#: more processes than this only cost memory: lint_paths never uses more than one per CPU
MAX_JOBS = 256


def load_or_exit(config_path: str | None) -> Config:
    path = Path(config_path) if config_path else find_config(Path.cwd())
    try:
        return load_config(path)
    except ConfigError as exc:
        raise click.exceptions.Exit(config_failure(str(exc))) from None


def config_failure(message: str) -> int:
    click.echo(f"healthlint: configuration error\n{message}", err=True)
    return EXIT_ERROR


def use_color(option: bool | None) -> bool:
    """--color/--no-color, else NO_COLOR (set: no colour), else FORCE_COLOR (set: colour, as
    in CI logs that show it), else colour on a terminal (https://no-color.org,
    https://force-color.org)."""
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") != "0":
        return True
    return sys.stdout.isatty()


def cache_option() -> Callable[[F], F]:
    """--no-cache: resolve the config (and read the packs' data files) afresh, without the
    user's config cache (linter/config_cache.py); without it, the cache is used."""
    def remember(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
        config_cache.enable(not value)
        return value

    return click.option("--no-cache", is_flag=True, is_eager=True, expose_value=False,
                        callback=remember,
                        help="Do not use the config cache (~/.cache/healthlint): read and "
                        "validate the config and the packs afresh.")


def config_option(help: str = "Config file.") -> Callable[[F], F]:
    """--config FILE, the same on every command that loads a config."""
    return click.option("--config", "config_path", type=click.Path(dir_okay=False), help=help)


def as_of_option(help: str = "Today's date for every date rule, YYYY-MM-DD (default: the real "
                 "date).") -> Callable[[F], F]:
    """--as-of YYYY-MM-DD: the date every date rule (and the audit's ages) measures from."""
    return click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help=help)


def jobs_option(help: str = "Parallel processes (default 0: one per CPU; never more than the "
                "CPUs).") -> Callable[[F], F]:
    """-j/--jobs N, bounded: more processes than CPUs only cost memory."""
    return click.option("-j", "--jobs", type=click.IntRange(min=0, max=MAX_JOBS), default=0,
                        help=help)


def today_of(as_of: dt.datetime | None) -> dt.date:
    return as_of.date() if as_of else dt.date.today()


def discover(targets: list[str], finder: ConfigFinder, respect_gitignore: bool,
              stdin_filename: str | None, report_skipped: bool = True) -> list[tuple[str, Config]]:
    """(file, its config) to lint; files named but excluded by `ignore:` are reported
    (not the changed files --since names: the user did not name those)."""
    def config_for(path: str) -> Config:
        return finder.config_for(stdin_filename or "-" if path == "-" else path)

    try:
        found, skipped = discovery.discover(targets, config_for, Config.ignored_by,
                                            respect_gitignore)
    except ConfigError as exc:
        raise click.exceptions.Exit(config_failure(str(exc))) from None
    for item in skipped if report_skipped else ():
        click.echo(f"healthlint: skipped {item.path}: {item.reason}", err=True)
    return found


def lint(files: list[tuple[str, Config]], today: dt.date, jobs: int,
          stdin_filename: str | None, show_progress: bool | None = False) -> list[FileResult]:
    results: list[FileResult] = []
    on_disk = [(p, c) for p, c in files if p != "-"]
    delay = 0.0 if show_progress else progress.CHECK_DELAY
    with progress.progress(progress.wanted(show_progress), len(on_disk), "Checking articles",
                           delay) as advance:
        linted = iter(lint_files(on_disk, today, jobs))
        for path, config in files:
            if path == "-":
                data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)  # enough to refuse a bigger one
                results.append(lint_bytes(stdin_filename or "<stdin>", data, config, today,
                                          format_for(stdin_filename) if stdin_filename else "markdown"))
            else:
                results.append(next(linted))
                if advance:
                    advance(1)
    return results


def shown(path: str) -> str:
    return encodable(terminal_text(path))


def reason(exc: Exception) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def jobs_for(jobs: int) -> int:
    cpus = os.cpu_count() or 1
    return min(jobs, cpus) if jobs else cpus


def write_text(path: Path, text: str) -> None:
    try:
        write_atomic(path, encodable(text).encode("utf-8"))
    except OSError as exc:
        click.echo(f"healthlint: cannot write {shown(str(path))}: {exc.strerror or exc}",
                   err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None


