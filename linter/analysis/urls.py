"""Web addresses in text: a URL, www.… or a bare domain such as example.org, alone or as a
Markdown link's target. The reference parser, the resources rule and the link check share
these."""

from __future__ import annotations

import re

_TLDS = "org|com|gov|edu|net|int|info|ca|uk|au|nz|us|ie|eu|io|health|mil"
URL = re.compile(
    r"https?://[^\s<>()\[\]\"]+"
    r"|\bwww\.[^\s<>()\[\]\"]+"
    rf"|(?<![@\w.\-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>()\[\]\"]*)?",
    re.IGNORECASE,
)
MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_TRAILING_PUNCTUATION = ".,;:!?'\""


def first_url(text: str) -> str | None:
    """The first web address in `text` (a URL, www.… or a bare domain such as acpa.org),
    a Markdown link's target included."""
    link = MARKDOWN_LINK.search(text)
    found = URL.search(text)
    if link and URL.match(link.group(2)) and (found is None or link.start() <= found.start()):
        return strip_url(link.group(2))
    return strip_url(found.group()) if found else None


def without_addresses(text: str) -> str:
    """`text` with its web addresses removed; a Markdown link to one keeps its label."""
    text = MARKDOWN_LINK.sub(
        lambda m: f" {m.group(1)} " if URL.match(m.group(2)) else m.group(0), text
    )
    return URL.sub(" ", text)


def strip_url(url: str) -> str:
    """The address without the sentence's punctuation after it."""
    return url.rstrip(_TRAILING_PUNCTUATION)
