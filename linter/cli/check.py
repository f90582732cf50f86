"""`healthlint check`: lint the articles, fix or diff them, and report in every format."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import click

from linter import discovery, rule_url
from linter.analysis.wording import counted
from linter.cli import gitchanges
from linter.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_PROBLEMS,
    as_of_option,
    config_failure,
    config_option,
    discover,
    jobs_for,
    jobs_option,
    lint,
    reason,
    shown,
    today_of,
    use_color,
    write_text,
)
from linter.cli.config import show_config_of
from linter.config import Config, ConfigError, ConfigFinder, load_config
from linter.engine import INTERNAL_ERROR, PARSE_ERROR, FileResult, source_digest
from linter.links.options import LinkCommand, link_options, link_stage, rule_infos
from linter.model.problems import ENGINE_RULES, Severity
from linter.output import fixes, summary
from linter.output.escaping import encodable
from linter.output.formats import FORMATTERS
from linter.output.report import Report, RuleInfo, summary_line
from linter.registry import CHECKS


def _auto_format() -> str:
    """`auto`: GitHub annotations inside GitHub Actions, else text."""
    return "github" if os.environ.get("GITHUB_ACTIONS", "").lower() not in ("", "false", "0") \
        else "text"


def _targets(paths: tuple[str, ...], since: str | None) -> list[str]:
    """The paths to walk: as named, or with --since the changed articles inside them."""
    if since is None:
        return list(paths or (".",))
    try:
        changed = gitchanges.changed_in(since, paths)
    except gitchanges.GitError as exc:
        click.echo(f"healthlint: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None
    return [p for p in changed if discovery.walkable(p)]


def _fix(results: list[FileResult], configs: dict[str, Config], today: dt.date) -> list[fixes.Fixed]:
    """Fix the files whose problems offer a fix (others are left alone, not even read again)."""
    done = []
    for result in results:
        if result.failed or not any(p.fix for p in result.problems):
            continue
        try:
            data = Path(result.path).read_bytes()
            # the lint of the run, when the file is still what was linted: not linted twice
            linted = result if result.digest == source_digest(data) else None
            done.append(fixes.fix_bytes(result.path, data, configs[result.path], today, linted))
        except (OSError, fixes.FixError) as exc:
            click.echo(f"healthlint: {shown(result.path)}: cannot fix: {reason(exc)}", err=True)
    return done


def _rule_info(configs: Iterable[Config]) -> tuple[RuleInfo, ...]:
    seen: dict[str, RuleInfo] = {}
    for config in configs:
        for r in config.enabled_rules:
            if r.severity is not None and r.id not in seen:
                seen[r.id] = RuleInfo(r.id, r.severity, r.description, r.check.doc,
                                      _help_uri(r.id, r.check.name))
    return tuple(seen.values())


def _names(values: tuple[str, ...]) -> list[str]:
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


@dataclass(frozen=True)
class _Selection:
    """--select and --ignore: rule ids or check kinds; --ignore wins."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]

    def wants(self, rule_id: str, kind: str = "") -> bool:
        if rule_id in (PARSE_ERROR, INTERNAL_ERROR):
            return True  # a file that cannot be read is always reported (exit code 2)
        names = {rule_id, kind} - {""}
        if self.select and not names & set(self.select):
            return False
        return not names & set(self.ignore)

    def apply(self, config: Config) -> Config:
        if not self.select and not self.ignore:
            return config
        rules = tuple(rule if self.wants(rule.id, rule.check.name) else replace(rule, severity=None)
                      for rule in config.rules)
        return replace(config, rules=rules)


def _selection(select: tuple[str, ...], ignore: tuple[str, ...],
               configs: Iterable[Config]) -> _Selection:
    chosen = _Selection(tuple(_names(select)), tuple(_names(ignore)))
    rules = {rule.id: rule for config in configs for rule in config.rules}
    known = sorted({*rules, *(r.check.name for r in rules.values()), *CHECKS, *ENGINE_RULES})
    for option, names in (("--select", chosen.select), ("--ignore", chosen.ignore)):
        for name in names:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "see `healthlint rules`."
                raise click.UsageError(f"{option}: '{name}' is neither a rule nor a check kind; "
                                       f"{hint}")
    for name in chosen.select:
        if name in rules and rules[name].severity is None:
            click.echo(f"healthlint: --select {name}: the rule is off in the config; set its "
                       "severity there to run it", err=True)
    return chosen


def _statistics(report: Report) -> str:
    """Problems per rule, most first (like `ruff --statistics`); [*] marks fixable ones."""
    counts = Counter(p.rule for p in report.problems)
    fixable = {p.rule for p in report.problems if p.fix}
    severity = {p.rule: p.severity.value for p in report.problems}
    described = {r.id: r.description for r in report.rules} | ENGINE_RULES
    width = max((len(rule) for rule in counts), default=0)
    digits = max((len(str(n)) for n in counts.values()), default=1)
    lines = [f"{count:>{digits}}  {rule:<{width}}  {severity[rule]:<7}  "
             f"{'[*]' if rule in fixable else '   '} {described.get(rule, '')}".rstrip()
             for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    if fixable:
        lines.append("[*] fixable with --fix")
    return "\n".join(lines)


#: check kinds README documents under their own name (the kinds of custom rules)
_DOCUMENTED_KINDS = ("existence", "substitution", "required_phrase")


@functools.cache
def _builtin_rules() -> dict[str, str]:
    """Built-in rule id -> its check kind (README documents each built-in rule)."""
    return {rule.id: rule.check.name for rule in load_config(None).rules}


def _help_uri(rule_id: str, kind: str) -> str:
    """README's section for a rule: its own, else its check kind's (custom rules)."""
    builtin = _builtin_rules()
    if rule_id in builtin or kind in _DOCUMENTED_KINDS:
        return rule_url(rule_id if rule_id in builtin else kind)
    return rule_url(next((i for i, k in builtin.items() if k == kind), kind))


def _repository_root(files: list[str]) -> str:
    """The git top level of the linted files (else of the current folder), else
    $GITHUB_WORKSPACE when inside it, else the current folder: the paths in SARIF,
    annotations and JUnit are relative to it."""
    folders = [os.path.dirname(os.path.abspath(f)) for f in files[:1] if f != "-"]
    for folder in (*folders, os.getcwd()):
        try:
            done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder,
                                  capture_output=True, text=True, check=False, timeout=30)
        except (OSError, subprocess.SubprocessError):
            break  # no git: the current folder
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    workspace = os.environ.get("GITHUB_WORKSPACE", "")
    if workspace and Path.cwd().resolve().is_relative_to(Path(workspace).resolve()):
        return str(Path(workspace).resolve())
    return os.getcwd()


@click.command("check", cls=LinkCommand)
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@link_options(fix=True)
@click.option("--format", "--output-format", "output_format",
              type=click.Choice(["auto", *sorted(FORMATTERS)]),
              default="auto", show_default=True,
              help="Output format; auto is github inside GitHub Actions, else text. text is "
              "full (code frames) on a terminal, else concise (one line per problem); "
              "grouped lists problems under each file.")
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
@config_option("Config file for every file (default: for each file, the nearest "
               ".healthlint.yaml in its folder or a parent, else the built-in procedure pack).")
@click.option("--show-config", is_flag=True,
              help="Print the config that applies to PATHS (as `healthlint config`); lint nothing.")
@click.option("--select", "select", multiple=True, metavar="RULE,...",
              help="Report only these rules (ids or check kinds; comma-separated, repeatable).")
@click.option("--ignore", "ignore", multiple=True, metavar="RULE,...",
              help="Do not report these rules (ids or check kinds; wins over --select).")
@click.option("-q", "--quiet", is_flag=True, help="Print the problems only: no summary line.")
@click.option("--statistics", is_flag=True,
              help="Print the number of problems per rule instead of the problems.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=True, show_default=True,
              help="Skip the files git ignores (.gitignore, .git/info/exclude, the global "
              "excludes file) when walking folders.")
@click.option("--progress/--no-progress", "show_progress", default=None,
              help="Show a progress bar on stderr (default: on a terminal when the run takes "
              "over a second, never in CI).")
@as_of_option()
@click.option("--stdin-filename", help="Name (and so format) of the article read from `-`.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error",
              show_default=True, help="Lowest severity that makes the exit code 1 (never: "
              "report, exit 0 unless a file cannot be read or parsed).")
@click.option("--color/--no-color", default=None,
              help="Colour the output (default: on a terminal; NO_COLOR: never; FORCE_COLOR: always).")
@jobs_option()
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
    show_config: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    quiet: bool,
    statistics: bool,
    respect_gitignore: bool,
    show_progress: bool | None,
    check_links: str | None = None,
    link_cache: str | None = None,
    link_cache_ttl: tuple[str, ...] = (),
    fix_moved_links: bool = False,
) -> None:
    """Lint the articles (.md, .txt) in PATHS (files or folders; `-` reads stdin).

    Exit codes: 0 no error, 1 problems at or above --fail-on (with --diff: fixes to apply),
    2 a usage or configuration error, or a file that could not be read or parsed.
    """
    extra = [_parse_output(spec) for spec in outputs]
    finder = ConfigFinder(Path(config_path) if config_path else None)
    if show_config:
        show_config_of(paths, finder)
        return
    chosen = _auto_format() if output_format == "auto" else output_format
    if statistics and chosen not in ("text", "github"):
        raise click.UsageError(f"--statistics prints a table; it cannot be combined with "
                               f"--format {output_format} (use -o {output_format}:FILE for that)")
    today = today_of(as_of)
    found = discover(_targets(paths, since), finder, respect_gitignore, stdin_filename,
                      report_skipped=since is None)
    if (fix or diff) and any(path == "-" for path, _ in found):
        raise click.UsageError("--fix and --diff cannot rewrite stdin; name the files")
    try:
        loaded = finder.loaded or (finder.config_for("-"),)
    except ConfigError as exc:
        raise click.exceptions.Exit(config_failure(str(exc))) from None
    selection = _selection(select, ignore, loaded)
    narrowed: dict[int, Config] = {}
    files = [(path, narrowed.setdefault(id(config), selection.apply(config)))
             for path, config in found]
    configs = {path: config for path, config in files}
    if fix_moved_links and (any(path == "-" for path, _ in found) or diff or not check_links):
        raise click.UsageError("--fix-moved-links needs --check-links and named files (no --diff)")
    #: link settings are the run's, not a file's: those of --config, or of the first config found
    links = loaded[0].link_check
    results = lint(files, today, jobs_for(jobs), stdin_filename, show_progress)
    if select or ignore:  # the engine's own rules (unknown-rule) are filtered here
        results = [replace(r, problems=tuple(p for p in r.problems if p.rule not in ENGINE_RULES
                                             or selection.wants(p.rule)))
                   for r in results]
    notes: list[str] = []
    write_failed = False
    if fix or diff:
        fixed = [f for f in _fix(results, configs, today) if f.changed]
        if diff:
            unread = [p for r in results if r.failed for p in r.problems]
            if unread:  # the diff cannot show what could not be read: say so
                click.echo(encodable(FORMATTERS["text"](Report(tuple(unread), len(results)))
                                     .rpartition("\n")[0]), err=True)
            click.echo("".join(fixes.unified_diff(f) for f in fixed), nl=False)
            applied = counted(sum(f.applied for f in fixed), "fix", "fixes")
            click.echo(f"healthlint: {applied} would be applied to {counted(len(fixed), 'file')}",
                       err=True)
            sys.exit(EXIT_ERROR if unread else EXIT_PROBLEMS if fixed else EXIT_OK)
        written = []
        for item in fixed:
            try:
                fixes.write_fixed(item)
            except (OSError, fixes.FixError) as exc:
                click.echo(f"healthlint: {shown(item.path)}: cannot fix: {reason(exc)}",
                           err=True)
                write_failed = True
                continue
            written.append(item)
        fixed = written
        after = {f.path: f.result for f in fixed}
        results = [after.get(r.path, r) for r in results]
        notes.append(f"fixed {counted(sum(f.applied for f in fixed), 'problem')} in "
                     f"{counted(len(fixed), 'file')}")
    if check_links:
        results, link_notes = link_stage(results, links, check_links, link_cache,
                                         link_cache_ttl,
                                         fix_moved_links or (fix and links.fix_moved))
        notes.extend(link_notes)
    problems = tuple(p for r in results for p in r.problems)
    if baseline_path:
        from linter.cli.baseline import apply_baseline

        problems, note = apply_baseline(Path(baseline_path), problems, [r.path for r in results])
        notes.append(note)
    for_ci = chosen in ("github", "sarif", "junit") or bool(extra) or bool(summary_path)
    linted = [r.path for r in results]
    report = Report(problems, files=len(results), color=use_color(color),
                    rules=_rule_info(narrowed.values() or loaded)
                    + (rule_infos(links) if check_links else ()) if for_ci or statistics else (),
                    paths=tuple(linted),
                    root=_repository_root(linted) if for_ci else os.getcwd(), cwd=os.getcwd(),
                    sources={r.path: r.problem_lines() for r in results},
                    fail_on=None if fail_on == "never" else Severity(fail_on), quiet=quiet)
    if chosen == "text" and sys.stdout.isatty():
        chosen = "full"
    if statistics:
        table = _statistics(report)
        if not quiet:
            table = f"{table}\n{summary_line(report)}" if table else summary_line(report)
        if table:
            click.echo(encodable(table))
    else:
        text = FORMATTERS[chosen](report)
        if text:
            click.echo(encodable(text), color=report.color)
    for note in notes if not quiet else ():
        click.echo(f"healthlint: {note}", err=True)
    for name, target in extra:
        write_text(target, FORMATTERS[name](report) + "\n")
    if summary_path:
        write_text(Path(summary_path), summary.render(report, notes))
    threshold = Severity(fail_on).rank if fail_on != "never" else Severity.ERROR.rank + 1
    if write_failed or any(r.failed for r in results):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_PROBLEMS if any(p.severity.rank >= threshold for p in problems) else EXIT_OK)


def _parse_output(spec: str) -> tuple[str, Path]:
    name, sep, target = spec.partition(":")
    if not sep or not target or name not in FORMATTERS:
        raise click.BadParameter(f"expected FORMAT:FILE with FORMAT one of "
                                 f"{', '.join(sorted(FORMATTERS))}, got {spec!r}",
                                 param_hint="--output")
    return name, Path(target)
