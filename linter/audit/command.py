"""`healthlint audit`: one HTML page (plus CSV/JSON) on the health of a whole library."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from linter import config_cache
from linter.analysis.wording import counted
from linter.audit import (
    DEFAULT_MIN_PARAGRAPH_WORDS,
    DEFAULT_SIMILARITY,
)
from linter.audit.collect import (
    ArticleAudit,
    audit_paths,
    grade_label,
    rule_params,
    settings_from,
)
from linter.config import Config, ConfigError, find_config, load_config
from linter.engine import collect
from linter.links.options import LinkCommand, audit_links, link_options
from linter.model.problems import Severity
from linter.output import progress
from linter.output.atomic import atomic_writer
from linter.output.escaping import encodable, terminal_text
from linter.output.progress import wanted

if TYPE_CHECKING:
    from linter.audit.report import AuditReport, Policy
    from linter.links.audit import BrokenLink

EXIT_OK, EXIT_FAILING, EXIT_ERROR = 0, 1, 2
DEFAULT_OUTPUT = "healthlint-audit.html"


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number")
    return value


@click.command("audit", cls=LinkCommand)
@click.argument("library", nargs=-1, type=click.Path(exists=True, readable=False))
@link_options(fix=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=DEFAULT_OUTPUT,
              show_default=True, help="The HTML report to write.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False),
              help="Also write the per-article figures as CSV.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Also write figures, problems and near-duplicates as JSON.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (default: .healthlint.yaml here or in a parent folder, "
              "else the built-in procedure pack).")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Today's date for every date rule and age, YYYY-MM-DD (default: the real date).")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default=None,
              help="Exit 1 when any article has a problem at or above this severity "
              "(default: always exit 0).")
@click.option("--target-grade", type=click.FloatRange(min=1, max=20), callback=_finite,
              help="Readability grade the library aims at or below (default: the readability "
              "rule's target_grade).")
@click.option("--review-years", type=click.FloatRange(min=0, min_open=True), callback=_finite,
              help="Review policy: a review older than this is overdue (default: the "
              "review-date rule's max_age_years).")
@click.option("--reference-years", type=click.IntRange(min=1),
              help="Freshness policy: a reference older than this is stale (default: the "
              "reference-stale rule's max_age_years).")
@click.option("--min-words", type=click.IntRange(min=3), default=DEFAULT_MIN_PARAGRAPH_WORDS,
              show_default=True, help="Shortest paragraph compared across articles.")
@click.option("--similarity", type=click.FloatRange(min=0.3, max=1.0), callback=_finite,
              default=DEFAULT_SIMILARITY, show_default=True,
              help="Share of word pairs two paragraphs must have in common to be near-duplicates.")
@click.option("--no-cache", is_flag=True, is_eager=True, expose_value=False,
              callback=lambda ctx, param, value: config_cache.enable(not value),
              help="Do not use the config cache (~/.cache/healthlint): read and validate the "
              "config and the packs afresh.")
@click.option("-j", "--jobs", type=click.IntRange(min=0, max=256), default=0,
              help="Parallel processes (default 0: one per CPU).")
@click.option("--progress/--no-progress", "show_progress", default=None,
              help="Show a progress bar on stderr (default: only on a terminal, never in CI).")
def audit(
    library: tuple[str, ...],
    output: str,
    csv_path: str | None,
    json_path: str | None,
    config_path: str | None,
    as_of: dt.datetime | None,
    fail_on: str | None,
    target_grade: float | None,
    review_years: float | None,
    reference_years: int | None,
    min_words: int,
    similarity: float,
    jobs: int,
    show_progress: bool | None,
    check_links: str | None = None,
    link_cache: str | None = None,
    link_cache_ttl: tuple[str, ...] = (),
) -> None:
    """Audit a whole library (folders or files of .md/.txt articles): one self-contained
    HTML report with a summary, charts, a sortable table of every article and the
    paragraphs repeated across articles; --csv and --json export the figures.

    Exit codes: 0 (whatever is found, unless --fail-on is given), 1 an article has a
    problem at or above --fail-on, 2 a usage or configuration error, or no articles.
    """
    # here, not at the top: numpy, datasketch (scipy) and jinja2 would slow every command
    from linter.audit.duplicates import DuplicateFinder, NearDuplicatesUnavailable
    from linter.audit.report import AuditReport, write_csv, write_html, write_json

    config = _load(config_path)
    today = as_of.date() if as_of else dt.date.today()
    sources = library or (".",)
    files = collect(sources, config)
    if not files:
        click.echo(f"healthlint: no articles (.md, .txt) in {', '.join(sources)}", err=True)
        sys.exit(EXIT_ERROR)
    show = wanted(show_progress)
    finder: DuplicateFinder | None = None
    unavailable = ""
    try:
        finder = DuplicateFinder(similarity)
    except NearDuplicatesUnavailable as exc:  # the audit extra is missing: report the rest
        unavailable = str(exc)
        click.echo(f"healthlint: near-duplicate paragraphs not searched: {exc}", err=True)
    # the workers sketch the paragraphs; the web addresses are kept only to be checked
    settings = settings_from(config, today, min_words, finder.settings if finder is not None else None,
                             links=bool(check_links))
    audits: list[ArticleAudit] = []
    cpus = os.cpu_count() or 1
    with _progress(show, len(files)) as advance:
        for article in audit_paths(files, config, settings, min(jobs, cpus) if jobs else cpus,
                                   advance):
            if finder is not None and article.sketches is not None:
                finder.add_sketches(article.sketches)  # indexed as they come: one per wording
            audits.append(article.without_sketches())
    if show and finder:
        click.echo(f"Comparing {len(finder):,} distinct paragraphs across articles…", err=True)
    groups = finder.groups() if finder else []
    policy = policy_for(config, target_grade, review_years, reference_years, fail_on)
    broken: tuple[BrokenLink, ...] = ()
    if check_links:
        audits, broken, note = audit_links(audits, config.link_check, check_links, link_cache,
                                           link_cache_ttl, show)
        click.echo(f"healthlint: {note}", err=True)
    report = AuditReport(tuple(audits), tuple(groups), today, policy, sources, config.source,
                         broken_links=broken, links_checked=bool(check_links),
                         duplicates_unavailable=unavailable)
    _write(output, lambda out: write_html(report, out))
    if csv_path:
        _write(csv_path, lambda out: write_csv(report, out))
    if json_path:
        _write(json_path, lambda out: write_json(report, out))
    if finder is not None:
        finder.close()  # the groups' variants came from its temporary files
    click.echo(_summary_line(report, output))
    if fail_on and not all(report.passes(a) for a in audits):
        sys.exit(EXIT_FAILING)
    sys.exit(EXIT_OK)


def policy_for(
    config: Config,
    target_grade: float | None = None,
    review_years: float | None = None,
    reference_years: int | None = None,
    fail_on: str | None = None,
) -> Policy:
    """Targets and policies: the options, else the configured rules' params, else defaults."""
    from linter.audit.report import Policy

    grade = rule_params(config, "readability")
    review = rule_params(config, "review_date")
    staleness = rule_params(config, "reference_staleness")
    return Policy(
        target_grade=target_grade or grade.target_grade,
        review_years=review_years or review.max_age_years,
        reference_years=reference_years or staleness.max_age_years,
        fail_on=Severity(fail_on) if fail_on else Severity.ERROR,
        grade_label=grade_label(config),
    )


def _load(config_path: str | None) -> Config:
    path = Path(config_path) if config_path else find_config(Path.cwd())
    try:
        return load_config(path)
    except ConfigError as exc:
        click.echo(f"healthlint: configuration error\n{exc}", err=True)
        raise click.exceptions.Exit(EXIT_ERROR) from None


def _progress(show: bool, total: int) -> AbstractContextManager[Callable[[int], None] | None]:
    return progress.progress(show, total, "Auditing articles")


def _write(path: str, write: Callable[[TextIO], None]) -> None:
    # atomic: a failure half-way leaves the old report whole (and no temporary file)
    try:
        with atomic_writer(path) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            write(out)
            out.flush()
            out.detach()
    except OSError as exc:
        click.echo(f"healthlint: cannot write {encodable(terminal_text(path))}: "
                   f"{exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)


def _summary_line(report: AuditReport, output: str) -> str:
    audits = report.articles
    counts = report.severities
    return (f"{counted(len(audits), 'article', thousands=True)} audited: "
            f"{counts['error']:,} errors, {counts['warning']:,} warnings; "
            f"{100 * report.passing_share:.0f} % pass; "
            + (f"{len(report.groups):,} near-duplicate paragraph groups" if not
               report.duplicates_unavailable else "near-duplicates not searched")
            + f". Report: {output}")
