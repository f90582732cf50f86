"""Find web references without a web address.

A reference that says `Available at:` must give the page's address right after it (a URL,
`www.…`, a bare domain such as `example.org`, or in Markdown a link `[label](https://…)`).
With `require_url_for_web` (the default), a web reference that has no address anywhere —
one with an Accessed date or "website" in it and no URL before or after — is reported too,
since a reader cannot find a page that is only named. Journal references need no URL.

Params:
    require_url_for_web: true   also report web references with no address at all

Example:

    article.txt:130:1: error reference-missing-url "Available at:" is not followed by a web
    address; add the page's URL after it.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from linter.model.document import Document
from linter.model.problems import Finding

AVAILABLE_AT_MESSAGE = '"Available at:" is not followed by a web address; add the page\'s URL after it.'
NO_ADDRESS_MESSAGE = (
    "This web reference has no web address; add the page's URL (\"Available at: URL\" or "
    "the URL at the end)."
)


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    require_url_for_web: bool = True


def check(doc: Document, params: Params) -> Iterator[Finding]:
    for reference in doc.references:
        if reference.available_at is not None and reference.available_at_url is None:
            yield Finding(reference.line_at(reference.available_at), AVAILABLE_AT_MESSAGE)
        elif (
            params.require_url_for_web
            and reference.kind == "web"
            and reference.url is None
            and reference.available_at is None
        ):
            yield Finding(reference.line, NO_ADDRESS_MESSAGE)
