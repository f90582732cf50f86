"""Find entries of the Resources section that give no web address.

The Resources section (the template section with role `resources`; in plain-text exports
the organisation names the parser finds before headingless citations) lists organisations
readers can turn to. Each entry needs an address readers can reach: a URL, `www.…`, a bare
domain such as `example.org`, or in Markdown a link `[Name](https://…)`. An address on its
own line or as a nested list item right after the name counts for that name. A lead-in that
ends with a colon ("Groups that can help:") is not an entry.

Params: none.

Example:

    article.md:88:1: warning resource-missing-url Resource "Example Pain Society" has no web
    address; add its URL so readers can find it.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from linter.analysis.urls import first_url, without_addresses
from linter.model.document import Block, Document
from linter.model.problems import Finding

#: longest name quoted in a message
NAME_CHARS = 60
#: words that may stand before or as the label of an address that belongs to the entry above
ADDRESS_WORDS = frozenset({"website", "web", "site", "homepage", "online", "url", "link", "visit"})


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def check(doc: Document, params: Params) -> Iterator[Finding]:
    spec = doc.template.with_role("resources")
    if spec is None:
        return
    for section in doc.sections:
        if section.title != spec.title:
            continue
        entries = [b for b in section.blocks if b.kind in ("paragraph", "list_item") and b.text.strip()]
        for index, block in enumerate(entries):
            if _has_address(block) or block.text.rstrip().endswith(":"):
                continue
            following = entries[index + 1] if index + 1 < len(entries) else None
            if following is not None and _addresses(block, following):
                continue
            yield Finding(
                block.line,
                f'Resource "{_name(block)}" has no web address; add its URL so readers can '
                "find it.",
            )


def _has_address(block: Block) -> bool:
    return first_url(block.raw or block.text) is not None


def _addresses(name: Block, following: Block) -> bool:
    """True when `following` gives the address of `name`: a nested list item with an
    address, or a line that is only an address ("Website: example.org")."""
    if not _has_address(following):
        return False
    if following.kind == "list_item" and following.depth > name.depth:
        return True
    rest = without_addresses(following.raw or following.text).split()
    return not rest or (
        len(rest) == 1 and (rest[0].endswith(":") or rest[0].strip(":.").lower() in ADDRESS_WORDS)
    )


def _name(block: Block) -> str:
    name = " ".join(block.text.split("\n", 1)[0].split())
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"
