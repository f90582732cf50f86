"""Per-article figures for the audit: lint each article in-process and measure it.

Every article is linted with the configured rules (the same problems `healthlint check`
reports) and measured: readability grade of its prose, last review date, the year of its
oldest reference. Its body paragraphs are sketched for the library-wide near-duplicate
search (linter/audit/sketch.py) where it is read, so a parallel audit sends compact arrays
back, not sets of shingles. Articles are independent, so they are audited in parallel
processes when `jobs` > 1; the results come back in the order the files were given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from linter.analysis.readability import NAMES, Counts, block_counts, grades
from linter.analysis.review import last_review
from linter.analysis.text import words
from linter.audit.sketch import Sketches, SketchSettings, sketch
from linter.config import Config
from linter.engine import FileResult, lint_file
from linter.links.collect import Link, links_of
from linter.model.document import Document
from linter.model.problems import Problem, Severity
from linter.model.references import ReferenceDate
from linter.pool import in_processes
from linter.registry import CHECKS

_DAYS_PER_YEAR = 365.25


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph kept for the library-wide near-duplicate search."""

    path: str
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class ArticleFigures:
    """What the audit table, CSV and JSON show for one article."""

    path: str
    title: str
    #: Flesch–Kincaid grade of the prose, None when there is too little prose to measure
    grade: float | None
    words: int
    errors: int
    warnings: int
    infos: int
    #: last medical review as ISO date (front matter `reviewed:` or "Last reviewed:")
    last_review: str | None
    review_age_years: float | None
    oldest_reference_year: int | None
    reference_age_years: int | None
    references: int
    #: the file could not be read or parsed, or a rule crashed on it
    failed: bool
    #: with --check-links: cited addresses that are dead (broken or soft 404), moved, fine
    links_broken: int | None = None
    links_moved: int | None = None
    links_ok: int | None = None

    @property
    def problems(self) -> int:
        return self.errors + self.warnings + self.infos

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "title": self.title,
            "grade": self.grade,
            "words": self.words,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "last_review": self.last_review,
            "review_age_years": self.review_age_years,
            "oldest_reference_year": self.oldest_reference_year,
            "reference_age_years": self.reference_age_years,
            "references": self.references,
            "failed": self.failed,
            "links_broken": self.links_broken,
            "links_moved": self.links_moved,
            "links_ok": self.links_ok,
        }


FIELDS = tuple(ArticleFigures.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class ArticleAudit:
    figures: ArticleFigures
    problems: tuple[Problem, ...]
    #: body paragraphs, sketched for the near-duplicate search (dropped once indexed)
    sketches: Sketches | None = None
    #: the web addresses, for --check-links
    links: tuple[Link, ...] = ()

    def without_sketches(self) -> ArticleAudit:
        return ArticleAudit(self.figures, self.problems, links=self.links)


@dataclass(frozen=True, slots=True)
class AuditSettings:
    """What the per-article measurements need besides the config: the grade is counted and
    review dates are read as the configured rules do (`settings_from`)."""

    as_of: dt.date
    #: paragraphs shorter than this are not kept for the near-duplicate search
    min_paragraph_words: int = 12
    #: the readability rule's deciding formulas, caption length and shortest scored prose
    grade_formulas: tuple[str, ...] = ("smog",)
    fragment_words: int = 4
    min_grade_words: int = 20
    #: the review-date rule's front matter keys and labels
    review_keys: tuple[str, ...] = ("reviewed", "last_reviewed")
    review_labels: tuple[str, ...] = ("Last reviewed",)
    #: how paragraphs are sketched for the near-duplicate search; None: not searched
    sketch: SketchSettings | None = None
    #: keep each article's web addresses (for --check-links)
    links: bool = True


def settings_from(config: Config, as_of: dt.date, min_paragraph_words: int = 12,
                  sketch: SketchSettings | None = None, links: bool = True) -> AuditSettings:
    """Settings that read grades and review dates as the config's rules do."""
    grade = rule_params(config, "readability")
    review = rule_params(config, "review_date")
    return AuditSettings(as_of, min_paragraph_words, tuple(grade.deciding), grade.fragment_words,
                         grade.min_words, tuple(review.front_matter_keys), tuple(review.labels),
                         sketch, links)


def rule_params(config: Config, check: str) -> Any:
    """Params of the first rule (enabled or not) that uses this check kind, else the kind's
    defaults (the audit reads them by name: it does not import the checks)."""
    for rule in config.rules:
        if rule.check.name == check:
            return rule.params
    return CHECKS[check].params()


def grade_label(config: Config) -> str:
    """What the grade is: "SMOG", or "worst of SMOG and Flesch–Kincaid"."""
    names = [NAMES[f] for f in rule_params(config, "readability").formulas]
    if len(names) == 1:
        return names[0]
    return "worst of " + ", ".join(names[:-1]) + " and " + names[-1]


# ----------------------------------------------------------------------------- measuring


def audit_result(result: FileResult, settings: AuditSettings) -> ArticleAudit:
    """Figures for one linted file (`result.document` is None when it could not be parsed)."""
    counts = {severity: 0 for severity in Severity}
    for problem in result.problems:
        counts[problem.severity] += 1
    doc = result.document
    title = (doc.title if doc is not None and doc.title else None) or Path(result.path).stem
    grade: float | None = None
    word_count = 0
    review: ReferenceDate | None = None
    oldest: int | None = None
    references = 0
    sketches: Sketches | None = None
    if doc is not None:
        prose = doc.prose
        grade = prose_grade(doc, settings)
        word_count = sum(len(words(b.text)) for b in prose)
        review = last_review(doc, settings.review_keys, settings.review_labels)
        oldest = oldest_reference_year(doc)
        references = len(doc.references)
        if settings.sketch is not None:
            sketches = sketch(settings.sketch, result.path, [
                (b.line, " ".join(b.text.split())) for b in prose
                if b.kind == "paragraph" and len(words(b.text)) >= settings.min_paragraph_words
            ])
    figures = ArticleFigures(
        path=result.path,
        title=" ".join(title.split()),
        grade=grade,
        words=word_count,
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        infos=counts[Severity.INFO],
        last_review=_iso(review) if review else None,
        review_age_years=(round((settings.as_of - review.last_day).days / _DAYS_PER_YEAR, 1)
                          if review else None),
        oldest_reference_year=oldest,
        reference_age_years=settings.as_of.year - oldest if oldest is not None else None,
        references=references,
        failed=result.failed,
    )
    links = () if not settings.links else links_of(doc) if doc is not None else result.links
    # the report shows each problem's place, rule and message: the fix and the line's text
    # (a baseline's context) are dropped here, in the worker, not kept for 10,000 articles
    problems = tuple(replace(p, fix=None, context="") for p in result.problems)
    return ArticleAudit(figures, problems, sketches, links)


def prose_grade(doc: Document, settings: AuditSettings) -> float | None:
    """The grade the `readability` rule gives the article's prose: the worst of its deciding
    formulas, from the counts the rule made (captions and credits skipped). None when the
    prose is shorter than the rule's `min_words`."""
    counts = sum((block_counts(doc, b, settings.fragment_words) for b in doc.prose), Counts())
    if counts.words < settings.min_grade_words or counts.sentences == 0:
        return None
    return max((g for g in grades(counts, settings.grade_formulas).values() if g is not None),
               default=None)


def oldest_reference_year(doc: Document) -> int | None:
    """The year of the oldest reference, each reference dated by its newest real date.

    A web reference "Updated May 2014. Accessed June 2, 2014." is from 2014; a journal
    article "2009;12(3):45-51" from 2009. Dates after the as-of date (typos) are ignored.
    """
    years = []
    for reference in doc.references:
        real = [d for d in reference.dates if d.exists and d.first_day <= doc.as_of]
        if real:
            years.append(max(real, key=lambda d: d.last_day).year)
    return min(years, default=None)


def _iso(date: ReferenceDate) -> str:
    """The date at the precision it was written: 2026-02-10, 2026-02 or 2026."""
    parts = [f"{date.year:04d}", *(f"{n:02d}" for n in (date.month, date.day) if n is not None)]
    return "-".join(parts[: date.precision])


# ----------------------------------------------------------------------------- running


def audit_paths(
    files: Sequence[str],
    config: Config,
    settings: AuditSettings,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[ArticleAudit]:
    """Audit files, in parallel processes when `jobs` > 1; results come in input order."""
    if jobs <= 1 or len(files) < 2 * jobs:
        for path in files:
            yield _audit_file(path, config, settings)
            if progress:
                progress(1)
        return
    # streamed to the caller, never all queued in memory while it indexes the paragraphs
    for audit in in_processes(_worker_chunk, files, jobs, _init_worker, (config, settings)):
        yield audit
        if progress:
            progress(1)


def _audit_file(path: str, config: Config, settings: AuditSettings) -> ArticleAudit:
    return audit_result(lint_file(path, config, settings.as_of), settings)


_worker_state: tuple[Config, AuditSettings] | None = None


def _init_worker(config: Config, settings: AuditSettings) -> None:
    global _worker_state
    _worker_state = (config, settings)


def _worker_chunk(paths: list[str]) -> list[ArticleAudit]:
    assert _worker_state is not None
    return [_audit_file(path, *_worker_state) for path in paths]
