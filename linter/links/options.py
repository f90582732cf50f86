"""The command-line side of the link check: options shared by `check` and `audit`, and
the step that runs the stage on lint results."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from linter.analysis.wording import counted
from linter.engine import FileResult
from linter.links.cache import default_path
from linter.links.collect import Link, links_of
from linter.links.rules import LINK_RULES, severity
from linter.links.settings import RESULT_KINDS, LinkSettings
from linter.links.stage import (
    LinkCheckUnavailable,
    LinkRun,
    Mode,
    problems_for,
    run,
    selected,
    show_progress,
)
from linter.model.problems import Problem
from linter.output import fixes
from linter.output.atomic import write_atomic
from linter.output.report import RuleInfo

if TYPE_CHECKING:
    from linter.audit.collect import ArticleAudit
    from linter.links.audit import BrokenLink

F = TypeVar("F", bound=Callable[..., Any])
_ALL_FLAG = "--check-all-links"


class LinkCommand(click.Command):
    """Reads `--check-links=all` (a flag with an optional value that never swallows the
    path after it, as click's optional values would)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rewritten: list[str] = []
        for i, arg in enumerate(args):
            if arg == "--":
                rewritten.extend(args[i:])
                break
            if arg.startswith("--check-links="):
                value = arg.partition("=")[2]
                if value not in ("all", "refs"):
                    raise click.BadParameter(f"expected --check-links or --check-links=all, "
                                             f"got {arg!r}", ctx=ctx, param_hint="--check-links")
                arg = _ALL_FLAG if value == "all" else "--check-links"
            rewritten.append(arg)
        return super().parse_args(ctx, rewritten)


def link_options(fix: bool) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        decorators = [
            click.option("--check-links", "check_links", flag_value="refs", default=None,
                         help="Fetch the web addresses of References and Resources and report "
                         "dead, moved and soft-404 pages (network; opt-in). Add =all to "
                         "check every link in the article."),
            click.option(_ALL_FLAG, "check_links", flag_value="all", hidden=True),
            click.option("--link-cache", "link_cache", type=click.Path(dir_okay=False),
                         help="The link-check cache file (default: links.sqlite3 in the user "
                         "cache folder, $XDG_CACHE_HOME/healthlint).", metavar="FILE"),
            click.option("--link-cache-ttl", "link_cache_ttl", multiple=True,
                         metavar="[KIND=]DAYS",
                         help="Trust cached results this many days (all kinds, or one of "
                         f"{', '.join(RESULT_KINDS)}; repeatable; 0 fetches again)."),
        ]
        if fix:
            decorators.append(click.option(
                "--fix-moved-links", is_flag=True,
                help="With the link check: replace addresses that moved permanently (301/308) "
                "by their new address in the files."))
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return decorate


def with_ttl(settings: LinkSettings, values: Sequence[str]) -> LinkSettings:
    ttl: dict[str, float] = {str(k): v for k, v in settings.ttl_days.items()}
    for value in values:
        kind, sep, days = value.rpartition("=")
        kinds: list[str] = [kind] if sep else list(RESULT_KINDS)
        try:
            number = float(days)
        except ValueError:
            number = -1.0
        if number < 0 or (sep and kind not in RESULT_KINDS):
            raise click.BadParameter(f"expected DAYS or KIND=DAYS with KIND one of "
                                     f"{', '.join(RESULT_KINDS)}, got {value!r}",
                                     param_hint="--link-cache-ttl")
        ttl.update(dict.fromkeys(kinds, number))
    return settings.model_copy(update={"ttl_days": ttl})


def mode_of(value: str) -> Mode:
    return "all" if value == "all" else "refs"


def warn(message: str) -> None:
    click.echo(f"healthlint: warning: {message}", err=True)


def check_documents(entries: Sequence[tuple[str, Sequence[Link]]], settings: LinkSettings,
                    mode: Mode, cache: str | None, progress: bool | None = None
                    ) -> tuple[LinkRun, dict[str, list[Link]]]:
    """Run the stage over (path, links) pairs: the run and each path's selected links."""
    chosen = {path: selected(links, mode, settings) for path, links in entries}
    every = [link for links in chosen.values() for link in links]
    try:
        done = run(every, settings, Path(cache) if cache else default_path(), warn,
                   show_progress() if progress is None else progress)
    except LinkCheckUnavailable as exc:
        click.echo(f"healthlint: {exc}", err=True)
        raise click.exceptions.Exit(2) from None
    return done, chosen


def link_stage(results: list[FileResult], settings: LinkSettings, mode: str, cache: str | None,
               ttl: Sequence[str], fix_moved: bool) -> tuple[list[FileResult], list[str]]:
    """`check --check-links`: the results with link problems merged in, and notes."""
    settings = with_ttl(settings, ttl)
    entries = [(r.path, links_of(r.document) if r.document is not None else r.links)
               for r in results]
    done, chosen = check_documents(entries, settings, mode_of(mode), cache)
    notes = [done.stats.note]
    merged: list[FileResult] = []
    replaced = files = 0
    for result in results:
        links = chosen.get(result.path, [])
        found = problems_for(result.path, links, done, settings, fix_moved)
        if any(p.fix is not None for p in found):
            count = _replace_moved(result.path, links, found)
            if count:
                replaced, files = replaced + count, files + 1
                found = [p for p in found if p.fix is None]
        problems = tuple(sorted((*result.problems, *found), key=lambda p: p.sort_key))
        merged.append(dataclasses.replace(result, problems=problems))
    if fix_moved:
        notes.append(f"replaced {replaced} moved address{'es' if replaced != 1 else ''} in "
                     f"{counted(files, 'file')}")
    return merged, notes


def _replace_moved(path: str, links: Sequence[Link], found: Sequence[Problem]) -> int:
    """Apply the moved-address fixes to the file; 0 when it changed since it was read."""
    with_fix = [p for p in found if p.fix is not None]
    try:
        source = fixes.Source.from_bytes(Path(path).read_bytes())
        for problem in with_fix:
            if source.lines[problem.line - 1][0] != _line_of(links, problem.line):
                warn(f"{path} changed while its links were checked; moved addresses not replaced")
                return 0
        fixed, count = fixes.apply(source, [p.fix for p in with_fix if p.fix is not None])
        write_atomic(Path(path), fixed.to_bytes())
    except (OSError, IndexError, fixes.FixError) as exc:
        warn(f"{path}: cannot replace moved addresses: {exc}")
        return 0
    return count


def audit_links(audits: list[ArticleAudit], settings: LinkSettings, mode: str, cache: str | None,
                ttl: Sequence[str], progress: bool) -> tuple[list[ArticleAudit],
                                                          tuple[BrokenLink, ...], str]:
    """`audit --check-links`: the audits with link problems and counts, the broken
    addresses, and a note for stderr."""
    from linter.links import audit as link_audit

    settings = with_ttl(settings, ttl)
    entries = [(a.figures.path, a.links) for a in audits]
    done, chosen = check_documents(entries, settings, mode_of(mode), cache, progress)
    updated, broken = link_audit.apply(audits, chosen, done, settings)
    return updated, broken, done.stats.note


def _line_of(links: Sequence[Link], line: int) -> str:
    return next((link.line_text for link in links if link.line == line), "")


def rule_infos(settings: LinkSettings) -> tuple[RuleInfo, ...]:
    """The enabled link rules as the formatters describe rules (SARIF)."""
    return tuple(RuleInfo(rule.id, level, rule.description, rule.doc)
                 for rule in LINK_RULES if (level := severity(rule, settings)) is not None)
