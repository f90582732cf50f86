"""Find sentences too long to read in one go.

A sentence of more than `max_words` words is reported at the line and column where it
starts, with its length and its first words. Only prose is read (`Document.prose`: not
headings, references, resources or revision information); each list item is split into
sentences on its own. Sentences are split as `linter/analysis/text.py` describes: "Dr. Lee",
"e.g.", "a.m." and "2.5 mg" do not end a sentence. A word is a run of letters or digits;
"6-8", "x-ray" and "and/or" count as one word.

Plain-language guides ask for an average of 15–20 words a sentence; 25 is a common upper
limit for any one sentence, and the default.

Params:
    max_words: 25              longest sentence allowed
    include_list_items: true   also check the sentences of list items

Example:

    article.md:31:5: warning sentence-length The sentence starting "Keep the bandage on
    until" has 31 words; the limit is 25. Split it into shorter sentences.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from linter.analysis.text import Locator, sentences
from linter.model.document import Document
from linter.model.problems import Finding

#: words of the sentence quoted in the message
QUOTED_WORDS = 5


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    max_words: int = Field(25, ge=1)
    include_list_items: bool = True


def check(doc: Document, params: Params) -> Iterator[Finding]:
    where = Locator(doc)
    for block in doc.prose:
        if block.kind == "list_item" and not params.include_list_items:
            continue
        for sentence in sentences(block.text, doc):
            count = len(sentence.tokens)  # words(sentence.text), found by the split
            if count <= params.max_words:
                continue
            line, column = where.locate(block, sentence.start)
            opening = " ".join(sentence.text.split()[:QUOTED_WORDS]).rstrip(",;:")
            yield Finding(
                line,
                f'The sentence starting "{opening}" has {count} words; the limit is '
                f"{params.max_words}. Split it into shorter sentences.",
                column=column,
            )
