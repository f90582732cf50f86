"""`healthlint baseline create`: record today's problems so `check --baseline` reports only
new ones; and applying a baseline to a check's problems."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from linter.analysis.wording import counted
from linter.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    as_of_option,
    config_option,
    discover,
    jobs_for,
    jobs_option,
    lint,
    shown,
    today_of,
)
from linter.config import ConfigFinder
from linter.model.problems import Problem
from linter.output import baseline as baselines


def apply_baseline(path: Path, problems: tuple[Problem, ...],
                    linted: list[str]) -> tuple[tuple[Problem, ...], str]:
    try:
        known = baselines.load(path)
    except baselines.BaselineError as exc:
        click.echo(f"healthlint: baseline error\n{exc}", err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None
    filtered = baselines.apply(known, problems, linted)
    note = f"baseline {path}: {counted(filtered.suppressed, 'known problem')} not shown"
    if filtered.fixed:
        note += (f"; {counted(len(filtered.fixed), 'entry', 'entries')} fixed (prunable: run "
                 f"`healthlint baseline create {path}` again to prune)")
    return filtered.new, note


@click.group("baseline")
def baseline_group() -> None:
    """Record today's problems so `check --baseline FILE` reports only new ones."""


@baseline_group.command("create")
@click.argument("baseline_file", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path())
@config_option()
@as_of_option()
@jobs_option()
def baseline_create(baseline_file: str, paths: tuple[str, ...], config_path: str | None,
                    as_of: dt.datetime | None, jobs: int) -> None:
    """Write every current problem in PATHS (default: .) to BASELINE_FILE (JSON).

    Commit the file; `healthlint check --baseline BASELINE_FILE` then reports only new
    problems. Entries are keyed by path, rule and the offending text, not line numbers.
    """
    finder = ConfigFinder(Path(config_path) if config_path else None)
    today = today_of(as_of)
    found = discover(list(paths or (".",)), finder, True, None)
    files = [(path, config) for path, config in found if path != "-"]
    results = lint(files, today, jobs_for(jobs), None)
    target = Path(baseline_file)
    created = baselines.create((p for r in results for p in r.problems), target)
    try:
        baselines.save(created, target)
    except OSError as exc:
        click.echo(f"healthlint: cannot write {shown(baseline_file)}: {exc.strerror or exc}",
                   err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None
    click.echo(f"healthlint: wrote {counted(len(created.entries), 'problem')} from "
               f"{counted(len(results), 'file')} to {target}")
    for result in results:
        if result.failed:
            click.echo(f"healthlint: {shown(result.path)} could not be read or parsed; its problems "
                       "are recorded as they are", err=True)
    sys.exit(EXIT_ERROR if any(r.failed for r in results) else EXIT_OK)
