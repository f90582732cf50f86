"""The `healthlint` command: parse arguments, load config, call the engine, pick a formatter."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path

import click

from linter import __version__, fixes, gitchanges, summary
from linter import baseline as baselines
from linter.config import Config, ConfigError, find_config, load_config
from linter.engine import (
    ARTICLE_SUFFIXES,
    MAX_FILE_BYTES,
    FileResult,
    collect,
    lint_bytes,
    lint_paths,
)
from linter.escaping import encodable, terminal_text
from linter.formatters import FORMATTERS, Report, RuleInfo
from linter.parsing import format_for
from linter.problems import Problem, Severity

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2
#: more processes than this only cost memory: lint_paths never uses more than one per CPU
MAX_JOBS = 256


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
    if hasattr(signal, "SIGTERM"):
        # a killed run (CI timeout, ^C of a parent) unwinds, so no temporary file is left
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _auto_format() -> str:
    """`auto`: GitHub annotations inside GitHub Actions, else text."""
    return "github" if os.environ.get("GITHUB_ACTIONS", "").lower() not in ("", "false", "0") \
        else "text"


def _files(paths: tuple[str, ...], since: str | None, config: Config) -> list[str]:
    if since is None:
        return collect(paths or (".",), config)
    try:
        changed = gitchanges.changed_files(since)
    except gitchanges.GitError as exc:
        click.echo(f"healthlint: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None
    articles = [p for p in gitchanges.within(changed, paths) if p.lower().endswith(ARTICLE_SUFFIXES)]
    return collect(articles, config)


def _lint(files: list[str], config: Config, today: dt.date, jobs: int,
          stdin_filename: str | None) -> list[FileResult]:
    results: list[FileResult] = []
    linted = iter(lint_paths([p for p in files if p != "-"], config, today, jobs))
    for path in files:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)  # enough to refuse a bigger one
            results.append(lint_bytes(stdin_filename or "<stdin>", data, config,
                                      today, format_for(stdin_filename) if stdin_filename else "markdown"))
        else:
            results.append(next(linted))
    return results


def _fix(results: list[FileResult], config: Config, today: dt.date) -> list[fixes.Fixed]:
    """Fix the files whose problems offer a fix (others are left alone, not even read again)."""
    done = []
    for result in results:
        if result.failed or not any(p.fix for p in result.problems):
            continue
        try:
            done.append(fixes.fix_bytes(result.path, Path(result.path).read_bytes(), config, today))
        except (OSError, fixes.FixError) as exc:
            click.echo(f"healthlint: {_shown(result.path)}: cannot fix: {_reason(exc)}", err=True)
    return done


def _shown(path: str) -> str:
    return encodable(terminal_text(path))


def _reason(exc: Exception) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def _rule_info(config: Config) -> tuple[RuleInfo, ...]:
    return tuple(RuleInfo(r.id, r.severity, r.description, r.check.doc)
                 for r in config.enabled_rules if r.severity is not None)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--format", "output_format", type=click.Choice(["auto", *sorted(FORMATTERS)]),
              default="auto", show_default=True,
              help="Output format; auto is github inside GitHub Actions, else text.")
@click.option("-o", "--output", "outputs", multiple=True, metavar="FORMAT:FILE",
              help="Also write the report in FORMAT to FILE (repeatable), "
              "e.g. -o sarif:healthlint.sarif.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False),
              help="Write a Markdown summary to FILE (e.g. \"$GITHUB_STEP_SUMMARY\").")
@click.option("--since", metavar="REF",
              help="Lint only the articles changed since the git REF, plus uncommitted changes.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only problems not recorded in this baseline file.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what remains.")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff; write nothing.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: .healthlint.yaml here or in a parent folder, "
              "else the built-in procedure pack).")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Today's date for every date rule, YYYY-MM-DD (default: the real date).")
@click.option("--stdin-filename", help="Name (and so format) of the article read from `-`.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--color/--no-color", default=None, help="Colour the output (default: on a terminal).")
@click.option("-j", "--jobs", type=click.IntRange(min=0, max=MAX_JOBS), default=0,
              help="Parallel processes (default 0: one per CPU; never more than the CPUs).")
def check(
    paths: tuple[str, ...],
    output_format: str,
    outputs: tuple[str, ...],
    summary_path: str | None,
    since: str | None,
    baseline_path: str | None,
    fix: bool,
    diff: bool,
    config_path: str | None,
    as_of: dt.datetime | None,
    stdin_filename: str | None,
    fail_on: str,
    color: bool | None,
    jobs: int,
) -> None:
    """Lint the articles (.md, .txt) in PATHS (files or folders; `-` reads stdin).

    Exit codes: 0 no error, 1 problems at or above --fail-on (with --diff: fixes to apply),
    2 a usage or configuration error, or a file that could not be read or parsed.
    """
    extra = [_parse_output(spec) for spec in outputs]
    config = _load(config_path)
    today = as_of.date() if as_of else dt.date.today()
    files = _files(paths, since, config)
    if (fix or diff) and "-" in files:
        raise click.UsageError("--fix and --diff cannot rewrite stdin; name the files")
    results = _lint(files, config, today, _jobs(jobs), stdin_filename)
    notes: list[str] = []
    write_failed = False
    if fix or diff:
        fixed = [f for f in _fix(results, config, today) if f.changed]
        if diff:
            unread = [p for r in results if r.failed for p in r.problems]
            if unread:  # the diff cannot show what could not be read: say so
                click.echo(encodable(FORMATTERS["text"](Report(tuple(unread), len(results)))
                                     .rpartition("\n")[0]), err=True)
            click.echo("".join(fixes.unified_diff(f) for f in fixed), nl=False)
            applied = _count(sum(f.applied for f in fixed), "fix", "fixes")
            click.echo(f"healthlint: {applied} would be applied to {_count(len(fixed), 'file')}",
                       err=True)
            sys.exit(EXIT_ERROR if unread else EXIT_PROBLEMS if fixed else EXIT_OK)
        written = []
        for item in fixed:
            try:
                fixes.write_fixed(item)
            except (OSError, fixes.FixError) as exc:
                click.echo(f"healthlint: {_shown(item.path)}: cannot fix: {_reason(exc)}",
                           err=True)
                write_failed = True
                continue
            written.append(item)
        fixed = written
        after = {f.path: f.result for f in fixed}
        results = [after.get(r.path, r) for r in results]
        notes.append(f"fixed {_count(sum(f.applied for f in fixed), 'problem')} in "
                     f"{_count(len(fixed), 'file')}")
    problems = tuple(p for r in results for p in r.problems)
    if baseline_path:
        problems, note = _apply_baseline(Path(baseline_path), problems, [r.path for r in results])
        notes.append(note)
    report = Report(problems, files=len(results), color=_use_color(color),
                    rules=_rule_info(config), paths=tuple(r.path for r in results),
                    root=os.getcwd())
    chosen = _auto_format() if output_format == "auto" else output_format
    click.echo(encodable(FORMATTERS[chosen](report)), color=report.color)
    for note in notes:
        click.echo(f"healthlint: {note}", err=True)
    for name, target in extra:
        _write(target, FORMATTERS[name](report) + "\n")
    if summary_path:
        _write(Path(summary_path), summary.render(report, notes))
    threshold = Severity(fail_on).rank
    if write_failed or any(r.failed for r in results):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_PROBLEMS if any(p.severity.rank >= threshold for p in problems) else EXIT_OK)


def _count(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _jobs(jobs: int) -> int:
    cpus = os.cpu_count() or 1
    return min(jobs, cpus) if jobs else cpus


def _write(path: Path, text: str) -> None:
    try:
        fixes.write_atomic(path, encodable(text).encode("utf-8"))
    except OSError as exc:
        click.echo(f"healthlint: cannot write {_shown(str(path))}: {exc.strerror or exc}",
                   err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None


def _parse_output(spec: str) -> tuple[str, Path]:
    name, sep, target = spec.partition(":")
    if not sep or not target or name not in FORMATTERS:
        raise click.BadParameter(f"expected FORMAT:FILE with FORMAT one of "
                                 f"{', '.join(sorted(FORMATTERS))}, got {spec!r}",
                                 param_hint="--output")
    return name, Path(target)


def _apply_baseline(path: Path, problems: tuple[Problem, ...],
                    linted: list[str]) -> tuple[tuple[Problem, ...], str]:
    try:
        known = baselines.load(path)
    except baselines.BaselineError as exc:
        click.echo(f"healthlint: baseline error\n{exc}", err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None
    filtered = baselines.apply(known, problems, linted)
    note = f"baseline {path}: {_count(filtered.suppressed, 'known problem')} not shown"
    if filtered.fixed:
        note += (f"; {_count(len(filtered.fixed), 'entry', 'entries')} fixed (prunable: run "
                 f"`healthlint baseline create {path}` again to prune)")
    return filtered.new, note


@main.group("baseline")
def baseline_group() -> None:
    """Record today's problems so `check --baseline FILE` reports only new ones."""


@baseline_group.command("create")
@click.argument("baseline_file", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file.")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Today's date for every date rule, YYYY-MM-DD (default: the real date).")
@click.option("-j", "--jobs", type=click.IntRange(min=0, max=MAX_JOBS), default=0,
              help="Parallel processes (default 0: one per CPU; never more than the CPUs).")
def baseline_create(baseline_file: str, paths: tuple[str, ...], config_path: str | None,
                    as_of: dt.datetime | None, jobs: int) -> None:
    """Write every current problem in PATHS (default: .) to BASELINE_FILE (JSON).

    Commit the file; `healthlint check --baseline BASELINE_FILE` then reports only new
    problems. Entries are keyed by path, rule and the offending text, not line numbers.
    """
    config = _load(config_path)
    today = as_of.date() if as_of else dt.date.today()
    files = [p for p in collect(paths or (".",), config) if p != "-"]
    results = _lint(files, config, today, _jobs(jobs), None)
    target = Path(baseline_file)
    created = baselines.create((p for r in results for p in r.problems), target)
    try:
        baselines.save(created, target)
    except OSError as exc:
        click.echo(f"healthlint: cannot write {_shown(baseline_file)}: {exc.strerror or exc}",
                   err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None
    click.echo(f"healthlint: wrote {_count(len(created.entries), 'problem')} from "
               f"{_count(len(results), 'file')} to {target}")
    for result in results:
        if result.failed:
            click.echo(f"healthlint: {_shown(result.path)} could not be read or parsed; its problems "
                       "are recorded as they are", err=True)
    sys.exit(EXIT_ERROR if any(r.failed for r in results) else EXIT_OK)


@main.command("rules")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file.")
def list_rules(config_path: str | None) -> None:
    """List every rule: id, severity (as configured) and what it finds."""
    config = _load(config_path)
    width = max((len(rule.id) for rule in config.rules), default=10)
    for rule in config.rules:
        severity = rule.severity.value if rule.severity else "off"
        click.echo(f"{rule.id:<{width}}  {severity:<7}  {rule.description}")


def _register_audit() -> None:
    # Imported here so `healthlint check` does not pay for the audit's imports at start-up:
    # linter.audit.command itself defers numpy, datasketch and jinja2 to the command body.
    from linter.audit.command import audit

    main.add_command(audit)


_register_audit()
