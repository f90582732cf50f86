"""The link check in `healthlint audit --check-links`: per-article counts (broken, moved,
ok), the link problems merged into each article, and the broken addresses with the articles
that cite them, the most cited first."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from linter.audit.collect import ArticleAudit
from linter.links.collect import Link
from linter.links.settings import LinkSettings
from linter.links.stage import LinkRun, problems_for
from linter.model.problems import Severity

GONE_KINDS = ("broken", "soft_404")


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A dead address (broken or soft 404) and where it is cited."""

    url: str
    rule: str
    detail: str
    #: (article index in the report, path, line), in article order
    cited_by: tuple[tuple[int, str, int], ...]

    @property
    def articles(self) -> int:
        return len({path for _, path, _ in self.cited_by})

    def as_dict(self) -> dict[str, object]:
        return {"url": self.url, "rule": self.rule, "detail": self.detail,
                "articles": self.articles,
                "cited_by": [{"path": path, "line": line} for _, path, line in self.cited_by]}


def apply(audits: Sequence[ArticleAudit], chosen: dict[str, list[Link]], run: LinkRun,
          settings: LinkSettings) -> tuple[list[ArticleAudit], tuple[BrokenLink, ...]]:
    """The audits with link problems and counts, and the broken addresses."""
    updated: list[ArticleAudit] = []
    cited: dict[str, list[tuple[int, str, int]]] = {}
    for index, audit in enumerate(audits):
        path = audit.figures.path
        links = chosen.get(path, [])
        kinds = [run.outcomes[link.url].kind for link in links if link.url in run.outcomes]
        for link in links:
            outcome = run.outcomes.get(link.url)
            if outcome is not None and outcome.kind in GONE_KINDS:
                cited.setdefault(link.url, []).append((index, path, link.line))
        found = problems_for(path, links, run, settings)
        problems = tuple(sorted((*audit.problems, *found), key=lambda p: p.sort_key))
        figures = dataclasses.replace(
            audit.figures,
            errors=sum(p.severity is Severity.ERROR for p in problems),
            warnings=sum(p.severity is Severity.WARNING for p in problems),
            infos=sum(p.severity is Severity.INFO for p in problems),
            links_broken=sum(k in GONE_KINDS for k in kinds),
            links_moved=kinds.count("moved"),
            links_ok=kinds.count("ok"),
        )
        updated.append(dataclasses.replace(audit, figures=figures, problems=problems))
    broken = []
    for url, places in cited.items():
        outcome = run.outcomes[url]
        rule = "reference-broken-url" if outcome.kind == "broken" else "reference-soft-404"
        broken.append(BrokenLink(url, rule, outcome.detail, tuple(places)))
    broken.sort(key=lambda b: (-b.articles, -len(b.cited_by), b.url))
    return updated, tuple(broken)
