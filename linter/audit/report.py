"""The audit report: library-wide figures, and the HTML, CSV and JSON that show them.

The HTML is one self-contained file: inline CSS, inline SVG charts and a small inline
script (table sorting and filtering), no fonts, images or scripts from the network. Article
text is escaped by Jinja2's autoescape; a Content-Security-Policy that only allows the
report's own script (by hash) is a second line of defence against injected markup.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import json
import math
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import TextIO

import jinja2
from markupsafe import Markup

from linter import __version__
from linter.audit.charts import Bin, Row, Segment, bars, histogram
from linter.audit.collect import FIELDS, ArticleAudit, ArticleFigures
from linter.audit.duplicates import DuplicateGroup, group_id
from linter.links.audit import BrokenLink
from linter.model.problems import Severity
from linter.output.escaping import csv_cell, encodable, json_encodable

#: the HTML shows this many duplicate groups (most widespread first); JSON has them all
MAX_GROUPS_SHOWN = 200
MAX_VARIANTS_SHOWN = 12
MAX_COPIES_SHOWN = 40
TOP_OFFENDERS = 10
#: the top-offenders chart spans the page: a wider drawing keeps its text the same size
OFFENDERS_WIDTH, OFFENDERS_LABEL_WIDTH = 1120, 360
TOP_RULES = 15
TOP_LINK_ARTICLES = 15
GRADE_BINS = tuple(range(3, 16))  # "≤2", 3 … 15, "16+"
AGE_BINS = 10  # 0 … 9, "10+"
REFERENCE_AGE_BINS = 15  # 0 … 14, "15+"


@dataclass(frozen=True)
class Policy:
    """Targets the report measures against (command.policy_for: the options, else the
    configured rules' params)."""

    target_grade: float
    review_years: float
    reference_years: int
    #: which formulas the grade is (collect.grade_label)
    grade_label: str
    #: an article passes when it has no problem at or above this severity
    fail_on: Severity = Severity.ERROR


@dataclass(frozen=True)
class RuleCount:
    rule: str
    severity: Severity
    problems: int
    articles: int


@dataclass(frozen=True)
class AuditReport:
    articles: tuple[ArticleAudit, ...]
    groups: tuple[DuplicateGroup, ...]
    as_of: dt.date
    policy: Policy
    sources: tuple[str, ...] = ()
    config_source: str = "built-in"
    #: with --check-links: dead addresses and the articles citing each, most cited first
    broken_links: tuple[BrokenLink, ...] = ()
    links_checked: bool = False
    #: why near-duplicates were not searched (the audit extra is missing), else ""
    duplicates_unavailable: str = ""

    @property
    def figures(self) -> list[ArticleFigures]:
        return [a.figures for a in self.articles]

    @cached_property
    def severities(self) -> dict[str, int]:
        counts = Counter(p.severity for a in self.articles for p in a.problems)
        return {s.value: counts[s] for s in Severity}

    @cached_property
    def rules(self) -> list[RuleCount]:
        problems: Counter[tuple[str, Severity]] = Counter()
        articles: Counter[tuple[str, Severity]] = Counter()
        for audit in self.articles:
            keys = [(p.rule, p.severity) for p in audit.problems]
            problems.update(keys)
            articles.update(set(keys))
        counts = [RuleCount(rule, severity, n, articles[(rule, severity)])
                  for (rule, severity), n in problems.items()]
        return sorted(counts, key=lambda r: (-r.severity.rank, -r.problems, r.rule))

    def passes(self, audit: ArticleAudit) -> bool:
        threshold = self.policy.fail_on.rank
        return not audit.figures.failed and all(p.severity.rank < threshold for p in audit.problems)

    @cached_property
    def passing(self) -> int:
        return sum(1 for a in self.articles if self.passes(a))

    @property
    def passing_share(self) -> float:
        return self.passing / len(self.articles) if self.articles else 0.0

    @cached_property
    def median_grade(self) -> float | None:
        grades = [f.grade for f in self.figures if f.grade is not None]
        return round(statistics.median(grades), 1) if grades else None

    @cached_property
    def overdue_reviews(self) -> int:
        """Articles with no readable review date, or one older than the policy."""
        return sum(1 for f in self.figures
                   if f.review_age_years is None or f.review_age_years > self.policy.review_years)

    @cached_property
    def stale_references(self) -> int:
        return sum(1 for f in self.figures if f.reference_age_years is not None
                   and f.reference_age_years > self.policy.reference_years)

    @property
    def summary(self) -> dict[str, object]:
        return {
            "articles": len(self.articles),
            "passing": self.passing,
            "passing_share": round(self.passing_share, 4),
            "problems": self.severities,
            "rules": {r.rule: r.problems for r in self.rules},
            "median_grade": self.median_grade,
            "target_grade": self.policy.target_grade,
            "grade": self.policy.grade_label,
            "overdue_reviews": self.overdue_reviews,
            "review_policy_years": self.policy.review_years,
            "stale_references": self.stale_references,
            "reference_policy_years": self.policy.reference_years,
            "duplicate_groups": len(self.groups),
            "duplicates_searched": not self.duplicates_unavailable,
            **({"links": self.link_totals} if self.links_checked else {}),
        }

    @cached_property
    def link_totals(self) -> dict[str, int]:
        return {
            "broken": sum(f.links_broken or 0 for f in self.figures),
            "moved": sum(f.links_moved or 0 for f in self.figures),
            "ok": sum(f.links_ok or 0 for f in self.figures),
            "broken_addresses": len(self.broken_links),
        }


# ----------------------------------------------------------------------------- exports


def write_csv(report: AuditReport, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for figures in report.figures:
        writer.writerow({k: "" if v is None else csv_cell(v) for k, v in figures.as_dict().items()})


def write_json(report: AuditReport, out: TextIO) -> None:
    """One JSON object: tool, version, as_of, summary, articles (figures and problems) and
    duplicates. Compact, and written piece by piece: a large library's is tens of megabytes
    (`python -m json.tool` indents it)."""

    def dump(value: object) -> str:
        return json_encodable(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    out.write(f'{{"tool":"healthlint","version":{dump(__version__)},'
              f'"as_of":{dump(report.as_of.isoformat())},"summary":{dump(report.summary)},'
              '"articles":[')
    for i, audit in enumerate(report.articles):
        out.write(("," if i else "") + dump(
            {**audit.figures.as_dict(), "problems": [p.as_dict() for p in audit.problems]}))
    out.write('],"duplicates":[')
    for i, group in enumerate(report.groups):  # group.as_dict(), a variant at a time
        out.write(f'{"," if i else ""}{{"articles":{len(group.articles)},'
                  f'"copies":{group.copies},"variants":[')
        for j, variant in enumerate(group.variants):
            out.write(("," if j else "") + dump(variant.as_dict()))
        out.write("]}")
    out.write("]")
    if report.links_checked:
        out.write(',"broken_links":' + dump([b.as_dict() for b in report.broken_links]))
    out.write("}\n")


def write_html(report: AuditReport, out: TextIO) -> None:
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    shown = [(group_id(g), g) for g in report.groups[:MAX_GROUPS_SHOWN]]
    dup_links: dict[str, list[str]] = {}
    for gid, group in shown:
        for path in group.articles:
            dup_links.setdefault(path, []).append(gid)
    stream = _environment().get_template("report.html.j2").generate(
        report=report,
        policy=report.policy,
        version=__version__,
        rows=((i, a, report.passes(a)) for i, a in enumerate(report.articles)),
        charts=_charts(report),
        groups=shown,
        dup_links=dup_links,
        max_variants=MAX_VARIANTS_SHOWN,
        max_copies=MAX_COPIES_SHOWN,
        style=Markup(_asset("report.css")),
        script=Markup(script),
        script_hash=f"sha256-{digest}",
    )
    out.writelines(encodable(piece) for piece in stream)


# ----------------------------------------------------------------------------- HTML


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("linter.audit", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["grade"] = lambda g: "–" if g is None else f"{g:.1f}"
    env.filters["percent"] = lambda x: f"{100 * x:.0f} %"
    return env


def _asset(name: str) -> str:
    return (resources.files("linter.audit") / "templates" / name).read_text(encoding="utf-8")


def _charts(report: AuditReport) -> dict[str, Markup]:
    policy = report.policy
    figures = report.figures
    return {
        "grades": _grade_chart(figures, policy.target_grade, policy.grade_label),
        "rules": bars(
            [Row(r.rule, (Segment(r.problems, f"sev-{r.severity.value}", "problems"),))
             for r in sorted(report.rules, key=lambda r: (-r.problems, r.rule))[:TOP_RULES]],
            "Problems per rule",
            legend=[(s.value, f"sev-{s.value}") for s in Severity],
        ),
        "reviews": _age_chart(
            [f.review_age_years for f in figures], AGE_BINS, policy.review_years,
            f"policy {policy.review_years:g} years", "Years since last review",
            "Age of article reviews", over_when=lambda start: start >= policy.review_years),
        "references": _age_chart(
            [f.reference_age_years for f in figures], REFERENCE_AGE_BINS,
            policy.reference_years + 1, f"policy {policy.reference_years} years",
            "Age of oldest reference (years)", "Age of references",
            over_when=lambda start: start > policy.reference_years),
        "offenders": bars(
            [Row(a.figures.title, (Segment(a.figures.errors, "sev-error", "errors"),
                                   Segment(a.figures.warnings, "sev-warning", "warnings")),
                 href=f"#a-{i}")
             for i, a in _top_offenders(report.articles)],
            "Top offending articles",
            legend=[("errors", "sev-error"), ("warnings", "sev-warning")],
            width=OFFENDERS_WIDTH,
            label_width=OFFENDERS_LABEL_WIDTH,
        ),
        **({"links": _links_chart(report.articles)} if report.links_checked else {}),
    }


def _links_chart(articles: Sequence[ArticleAudit]) -> Markup:
    """The articles with the most dead and moved addresses: broken / moved / ok."""
    ranked = sorted(
        ((i, a.figures) for i, a in enumerate(articles) if a.figures.links_broken is not None),
        key=lambda item: (-(item[1].links_broken or 0), -(item[1].links_moved or 0),
                          item[1].path))[:TOP_LINK_ARTICLES]
    return bars(
        [Row(f.title, (Segment(f.links_broken or 0, "sev-error", "broken"),
                       Segment(f.links_moved or 0, "sev-warning", "moved"),
                       Segment(f.links_ok or 0, "bar", "ok")), href=f"#a-{i}")
         for i, f in ranked],
        "Links per article",
        legend=[("broken", "sev-error"), ("moved", "sev-warning"), ("ok", "bar")],
    )


def _top_offenders(articles: Sequence[ArticleAudit]) -> list[tuple[int, ArticleAudit]]:
    ranked = sorted(
        ((i, a) for i, a in enumerate(articles) if a.figures.errors + a.figures.warnings),
        key=lambda ia: (-(ia[1].figures.errors + ia[1].figures.warnings), -ia[1].figures.errors,
                        ia[1].figures.path),
    )
    return ranked[:TOP_OFFENDERS]


def _grade_chart(figures: Sequence[ArticleFigures], target: float, label: str) -> Markup:
    low, high = GRADE_BINS[0], GRADE_BINS[-1]
    counts = Counter(
        min(max(math.floor(f.grade), low - 1), high + 1) for f in figures if f.grade is not None
    )
    bins = [Bin(f"≤{low - 1}", counts[low - 1], "bar")]
    bins += [Bin(str(g), counts[g], "over" if g >= target else "bar") for g in GRADE_BINS]
    bins.append(Bin(f"{high + 1}+", counts[high + 1], "over"))
    position = 0.5 if target < low else min(target - low + 1, len(bins) - 0.5)
    return histogram(bins, f"Readability grade ({label})", "Grade level of the prose",
                     marker=position, marker_label=f"target {target:g}")


def _age_chart(
    ages: Sequence[float | int | None],
    top: int,
    marker: float,
    marker_label: str,
    x_label: str,
    title: str,
    over_when: Callable[[int], bool],
) -> Markup:
    counts = Counter(None if age is None else min(math.floor(age), top) for age in ages)
    bins = [Bin(str(y), counts[y], "over" if over_when(y) else "bar") for y in range(top)]
    bins.append(Bin(f"{top}+", counts[top], "over" if over_when(top) else "bar"))
    bins.append(Bin("none", counts[None], "missing"))
    return histogram(bins, title, x_label, marker=min(marker, top), marker_label=marker_label)
