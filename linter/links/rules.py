"""The rules of the live link check (only with `--check-links`).

They are not per-document checks (they need the network and a cache shared by every file),
so they are not in the rule packs; their severities are set under `link_check: rules:`,
and suppression comments (`<!-- healthlint-disable-next-line reference-moved-url -->`)
work for them as for any rule.

A health library's references are promises that a page was there ("Accessed June 11,
2013"); the NLM's *Citing Medicine* (chapter 25, web sites) and the AMA Manual of Style
ask for the address so a reader can find the page again. A dead address breaks that.
"""

from __future__ import annotations

from dataclasses import dataclass

from linter.links.settings import LinkSettings, ResultKind
from linter.model.problems import Severity


@dataclass(frozen=True, slots=True)
class LinkRule:
    id: str
    kind: ResultKind
    severity: Severity
    description: str
    doc: str


BROKEN = LinkRule(
    "reference-broken-url", "broken", Severity.ERROR,
    "A cited web address is dead: 404 or 410, a host that does not exist, a TLS failure or "
    "a refused connection.",
    """A cited web address is dead: the page answers 404 Not Found or 410 Gone (a HEAD answer
is confirmed with GET first), the host name does not exist (DNS), the secure connection
fails (TLS certificate) or the connection is refused. Find the page's new address or cite
another source.

Example:

    article.md:88:14: error reference-broken-url https://example.org/old-page is gone
    (404 Not Found); find its new address or cite another source.""",
)
MOVED = LinkRule(
    "reference-moved-url", "moved", Severity.WARNING,
    "A cited web address redirects permanently (301/308) to another page: cite the new one.",
    """A cited web address redirects permanently (301 or 308) to another page; the message
gives the new address. A move that changes only http to https, adds or drops `www.` or a
final slash is the same page and not reported. `--fix-moved-links` (or
`link_check: {fix_moved: true}` with `--fix`) replaces the address in the file.

Example:

    article.md:90:14: warning reference-moved-url https://example.org/a has moved
    permanently (301) to https://example.org/b; cite the new address.""",
)
SOFT_404 = LinkRule(
    "reference-soft-404", "soft_404", Severity.WARNING,
    "A cited page is gone without saying so: it redirects to the site's home page, or its "
    "title says \"not found\".",
    """A cited page is gone without saying so: its redirects end at the site's home page
(a page moved away and the site sends everyone to the front door), or it answers 200 with a
title such as "Page not found" or "404". Find the page's new address or cite another
source.

Example:

    article.md:92:14: warning reference-soft-404 https://example.org/old redirects to the
    site's home page (https://example.org/); find the page's new address.""",
)
UNREACHABLE = LinkRule(
    "reference-unreachable", "unreachable", Severity.WARNING,
    "A cited web address could not be checked: a timeout, a 5xx or a 429 after retries "
    "(temporary, never an error).",
    """A cited web address could not be checked this time: it timed out, the server
answered 5xx, kept answering 429 Too Many Requests, or redirects in a loop or more than 5
times. This can be temporary, so it is a warning (an hour later the address is tried
again), never an error.

Example:

    article.md:94:14: warning reference-unreachable https://example.org/slow could not be
    checked: timed out after 3 tries; try again later.""",
)
LINK_RULES: tuple[LinkRule, ...] = (BROKEN, MOVED, SOFT_404, UNREACHABLE)
LINK_RULE_IDS = frozenset(rule.id for rule in LINK_RULES)
BY_KIND = {rule.kind: rule for rule in LINK_RULES}


def severity(rule: LinkRule, settings: LinkSettings) -> Severity | None:
    """The configured severity (`link_check: rules:`), None when the rule is off."""
    name = settings.rules.get(rule.id)
    if name is None:
        return rule.severity
    return None if name == "off" else Severity(name)
