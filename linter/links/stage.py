"""The link stage: after linting, check every collected address once, report per file.

It runs in the main process on the `Link`s the lint collected (no document needed), looks
each distinct address up in the cache, fetches the rest with one async client, and turns
outcomes into `Problem`s with the severities of `link_check: rules:` and the article's
suppression comments. `--fix-moved-links` replaces moved addresses in the files.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from linter.links.cache import LinkCache, Outcome
from linter.links.collect import Link, LinkSource
from linter.links.rules import BY_KIND, LINK_RULES, LinkRule, severity
from linter.links.settings import LinkSettings
from linter.model.problems import Fix, Problem

if TYPE_CHECKING:
    import httpx

    from linter.links.fetch import Checker

Mode = Literal["refs", "all"]
SOURCES: dict[Mode, tuple[LinkSource, ...]] = {
    "refs": ("reference", "resource"),
    "all": ("reference", "resource", "body"),
}
MISSING_HTTPX = ("--check-links needs the httpx package: pip install 'healthlint[links]' "
                 "(or pip install httpx)")


class LinkCheckUnavailable(Exception):
    """httpx is not installed."""


@dataclass
class Stats:
    urls: int = 0
    cached: int = 0
    requests: int = 0
    seconds: float = 0.0
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def note(self) -> str:
        plural = "" if self.urls == 1 else "es"
        found = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(self.kinds.items()))
        return (f"checked {self.urls} web address{plural} ({found or 'none'}): "
                f"{self.cached} from the cache, {self.requests} requests in {self.seconds:.1f} s")


@dataclass(frozen=True)
class LinkRun:
    outcomes: dict[str, Outcome]
    stats: Stats


def selected(links: Iterable[Link], mode: Mode, settings: LinkSettings) -> list[Link]:
    sources = SOURCES[mode]
    return [link for link in links if link.source in sources and not settings.excluded(link.url)]


def show_progress() -> bool:
    """A bar on a terminal, never in CI or a pipe."""
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() in ("", "0", "false")


def run(links: Iterable[Link], settings: LinkSettings, cache_path: Path | None,
        warn: Callable[[str], None], progress: bool = False,
        transport: httpx.AsyncBaseTransport | None = None) -> LinkRun:
    """Outcomes for every distinct address of `links` (cached or fetched; `cache_path`
    None: no cache)."""
    try:
        from linter.links.fetch import Checker
    except ImportError as exc:
        raise LinkCheckUnavailable(MISSING_HTTPX) from exc
    started = time.monotonic()
    urls = list(dict.fromkeys(link.url for link in links))
    cache = LinkCache(cache_path, settings, warn)
    outcomes: dict[str, Outcome] = {}
    try:
        for url in urls:
            cached = cache.get(url)
            if cached is not None:
                outcomes[url] = cached
        stats = Stats(urls=len(urls), cached=len(outcomes))
        todo = [url for url in urls if url not in outcomes]
        checker = Checker(settings, transport)
        if todo:
            _fetch(checker, todo, cache, outcomes, progress)
        stats.requests = checker.requests
    finally:
        cache.close()
    for outcome in outcomes.values():
        stats.kinds[outcome.kind] = stats.kinds.get(outcome.kind, 0) + 1
    stats.seconds = time.monotonic() - started
    return LinkRun(outcomes, stats)


def _fetch(checker: Checker, todo: list[str], cache: LinkCache, outcomes: dict[str, Outcome],
           progress: bool) -> None:
    import click

    with click.progressbar(length=len(todo), label="Checking links", file=sys.stderr,
                           show_pos=True) if progress else _NoBar() as bar:

        def done(url: str, outcome: Outcome) -> None:
            outcomes[url] = outcome
            cache.put(url, outcome)
            bar.update(1)

        asyncio.run(checker.check_all(todo, done))


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *args: object) -> None:
        return None

    def update(self, steps: int) -> None:
        return None


def problems_for(path: str, links: Sequence[Link], run: LinkRun, settings: LinkSettings,
                 fix_moved: bool = False) -> list[Problem]:
    """The link problems of one file, in line order."""
    found: list[Problem] = []
    for link in links:
        outcome = run.outcomes.get(link.url)
        if outcome is None or outcome.kind == "ok":
            continue
        rule = BY_KIND[outcome.kind]
        level = severity(rule, settings)
        if level is None or rule.id in link.suppressed:
            continue
        found.append(Problem(
            path=path, line=link.line, column=link.column, end_line=link.line,
            end_column=link.column + len(link.written), rule=rule.id, severity=level,
            message=message(rule, link, outcome),
            fix=_moved_fix(link, outcome) if fix_moved and outcome.kind == "moved" else None,
            context=link.url.lower(),
        ))
    return sorted(found, key=lambda p: p.sort_key)


def message(rule: LinkRule, link: Link, outcome: Outcome) -> str:
    address = link.written
    if outcome.kind == "broken":
        return f"{address} {outcome.detail}; find its new address or cite another source."
    if outcome.kind == "moved":
        return f"{address} {outcome.detail} to {outcome.new_url}; cite the new address."
    if outcome.kind == "soft_404":
        where = f" ({outcome.new_url})" if outcome.new_url else ""
        return f"{address} {outcome.detail}{where}; find the page's new address or cite another source."
    return f"{address} could not be checked: {outcome.detail}; try again later."


def _moved_fix(link: Link, outcome: Outcome) -> Fix | None:
    """Replace the address on its line; None when the line does not show it as written."""
    if not outcome.new_url or link.written not in link.line_text:
        return None
    new = outcome.new_url
    if "#" in link.written and "#" not in new:
        new += "#" + link.written.split("#", 1)[1]
    return Fix(link.line, link.line, (link.line_text.replace(link.written, new),))


def rule_rows(settings: LinkSettings) -> list[tuple[LinkRule, str]]:
    """(rule, severity or "off") for `healthlint rules`."""
    return [(rule, (level.value if (level := severity(rule, settings)) else "off"))
            for rule in LINK_RULES]
