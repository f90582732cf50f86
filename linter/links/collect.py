"""The web addresses of a parsed document, with where they are written.

- References: each entry's address (`Reference.url`: "Available at: URL", a URL at the end,
  `www.…`, a bare domain, a Markdown link's target).
- Resources: every address in the entries of the section with role `resources`.
- With `--check-links=all`, also every other link: Markdown link targets and autolinks in
  `Block.raw`, and bare `http(s)://` and `www.` addresses (not code or comments).

A `Link` is small and picklable, so worker processes send it back instead of the document;
it records which link rules are suppressed on its line, since the suppressions stay behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from linter.analysis.urls import first_url
from linter.links.rules import LINK_RULE_IDS
from linter.model.document import Block, Document

LinkSource = Literal["reference", "resource", "body"]
#: Markdown link or image target, autolink, bare URL or www. address
_LINK_TARGET = re.compile(r"\]\(\s*<?(?P<md>[^)\s>]+)>?|<(?P<auto>https?://[^>\s]+)>"
                          r"|(?P<bare>\bhttps?://[^\s<>()\[\]\"']+|\bwww\.[^\s<>()\[\]\"']+)",
                          re.IGNORECASE)
_TRAILING = ".,;:!?'\"*_"
#: the longest address checked (longer ones are not web addresses a reader could type)
MAX_URL_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Link:
    #: as written in the article
    written: str
    #: what is fetched: a scheme added to www./bare domains, the #fragment dropped
    url: str
    line: int
    column: int
    source: LinkSource
    #: the text of the line (a moved address is replaced in it)
    line_text: str = ""
    #: link rules suppressed on this line
    suppressed: frozenset[str] = frozenset()


def fetch_url(written: str) -> str | None:
    """The address to fetch for what is written, or None if it is not a web address."""
    text = written.strip().rstrip(_TRAILING)
    if len(text) > MAX_URL_CHARS or any(ord(c) < 33 for c in text):
        return None
    if not re.match(r"https?://", text, re.IGNORECASE):
        if "://" in text or text.startswith(("/", "#", ".", "mailto:", "tel:")):
            return None
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - a bad port raises here
    except ValueError:
        return None
    if not host or ("." not in host and host != "localhost" and ":" not in host):
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def links_of(doc: Document, sources: Iterable[LinkSource] = ("reference", "resource", "body")
             ) -> tuple[Link, ...]:
    """Every address of the document from the given sources, each (address, line) once."""
    wanted = set(sources)
    found: list[Link] = []
    seen: set[tuple[str, int]] = set()
    reference_lines: set[int] = set()
    for reference in doc.references:
        reference_lines.update(range(reference.line, reference.end_line + 1))
        if reference.url and "reference" in wanted:
            found.extend(_placed(doc, reference.url, reference.line, reference.end_line,
                                 "reference", seen))
    spec = doc.template.with_role("resources")
    resource_blocks = [b for s in doc.sections if spec is not None and s.title == spec.title
                       for b in s.blocks if b.kind in ("paragraph", "list_item")]
    resource_ids = {id(b) for b in resource_blocks}
    if "resource" in wanted:
        for block in resource_blocks:
            for address in _addresses(block.raw or block.text):
                found.extend(_placed(doc, address, block.line, block.end_line, "resource", seen))
    if "body" in wanted:
        for block in doc.blocks:
            if block.kind in ("code", "comment") or id(block) in resource_ids \
                    or block.line in reference_lines:
                continue
            for address in _body_links(block):
                found.extend(_placed(doc, address, block.line, block.end_line, "body", seen))
    return tuple(sorted(found, key=lambda link: (link.line, link.column)))


def _addresses(text: str) -> Iterator[str]:
    """Every web address in `text`, in order (the references module's reader, repeated)."""
    rest = text
    while (address := first_url(rest)) is not None:
        yield address
        at = rest.find(address)
        if at < 0:
            return
        rest = rest[at + len(address):]


def _body_links(block: Block) -> Iterator[str]:
    text = block.raw or block.text
    if "://" not in text and "www." not in text.lower():
        return  # most paragraphs: no need to scan them (this runs on every lint)
    for match in _LINK_TARGET.finditer(text):
        address = (match.group("md") or match.group("auto") or match.group("bare") or "")
        address = address.rstrip(_TRAILING)
        if re.match(r"(https?://|www\.)", address, re.IGNORECASE):
            yield address


def _placed(doc: Document, written: str, first: int, last: int, source: LinkSource,
            seen: set[tuple[str, int]]) -> Iterator[Link]:
    url = fetch_url(written)
    if url is None:
        return
    line, column = first, 1
    for number in range(first, min(last, len(doc.lines)) + 1):
        at = doc.lines[number - 1].find(written)
        if at >= 0:
            line, column = number, at + 1
            break
    if (written, line) in seen:
        return
    seen.add((written, line))
    text = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    suppressed = frozenset(r for r in LINK_RULE_IDS if doc.suppressions.is_suppressed(r, line))
    yield Link(written, url, line, column, source, text, suppressed)
