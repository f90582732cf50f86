"""Find required parts of the template that the article lacks.

Checks the title, the definition (text before the first section, residue such as site
chrome not counted) and every section the template marks `required`. A missing section is
reported once, at the heading it should have come before in the article's template
revision (or after the last section when nothing follows it). When a required section and
all its parts are missing, only the section is reported. When only the heading is missing
and the section's text is still there (it matches the section's `cues` at the end of the
section before), the problem points at that text: "add the heading above line 53".

When a plain-text export has its References citations but no heading for them, the
problem says so at the first citation instead of calling the section missing.

Params: none. Which sections are required is the template's business (`rules/*.yaml`).

Example: a procedure article with no "Anesthesia" part:

    article.md:41:1: error required-section Missing required section "Anesthesia"; add it
    above the heading at line 41.

Messages name the missing section and a line, never the headings that are present (so a
message cannot be mistaken for one about a present heading).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from linter.analysis.patterns import search
from linter.analysis.residue import residue_lines
from linter.model.document import Block, Document
from linter.model.problems import Finding
from linter.model.template import TemplateSection


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def check(doc: Document, params: Params) -> Iterator[Finding]:
    template = doc.template
    residue = residue_lines(doc)
    if template.title_required and not doc.title:
        yield Finding(1, _no_title(doc))
    if template.definition_required and not any(
        b.kind in ("paragraph", "list_item") and b.text.strip() and b.line not in residue
        for b in doc.intro
    ):
        first = doc.sections[0].line if doc.sections else (doc.title_line or 1)
        yield Finding(
            first,
            "The article has no definition before its first section; start with a short "
            "paragraph that says what the procedure is.",
        )
    present = {s.title for s in doc.sections if s.title}
    for section in doc.sections:
        if section.implicit and section.title:
            yield Finding(
                section.line,
                f'"{section.title}" has no heading; add a "{section.title}" heading above line '
                f"{section.line}.",
            )
    orders = doc.orders
    missing = [s for s in template.flat if s.required and s.title not in present]
    missing_titles = {s.title for s in missing}
    for spec in missing:
        if spec.parent in missing_titles and spec.parent not in present:
            continue  # reported with its parent
        parts = [s.title for s in template.flat if s.parent == spec.title and s.required]
        all_parts_missing = bool(parts) and all(p not in present for p in parts)
        what = f'"{spec.title}"'
        if all_parts_missing:
            what += " and its parts " + ", ".join(f'"{p}"' for p in parts)
        text = None if all_parts_missing else _lost_heading(doc, spec, orders, residue)
        if text is not None:
            yield Finding(
                text.line,
                f"Missing heading {what}: its text seems to start at line {text.line}; add "
                f"the heading above line {text.line}.",
            )
            continue
        where, message_where = _where(doc, orders[spec.title], orders)
        yield Finding(where, f"Missing required section {what}; {message_where}.")


def _no_title(doc: Document) -> str:
    if doc.format == "markdown":
        return "The article has no title; add a `# Title` heading or `title:` in the front matter."
    return "The article has no title; put the procedure's name on a line of its own at the top."


def _lost_heading(
    doc: Document, spec: TemplateSection, orders: dict[str, int], residue: frozenset[int]
) -> Block | None:
    """The paragraph where a section's text seems to be although its heading is missing.

    Exports lose headings and keep the text ("General anesthesia may be used." where the
    Anesthesia heading was). The text then ends the section just before the place of the
    missing one: its last paragraphs are read back while they match the section's `cues`
    (rules/*.yaml). The first paragraph of an article's text is its definition, never a
    section's lost text.
    """
    if not spec.cues:
        return None
    order = orders[spec.title]
    after = [s for s in doc.sections if s.title and orders.get(s.title, -1) > order]
    limit = min((s.line for s in after), default=len(doc.lines) + 1)
    before = [s for s in doc.sections if s.line < limit]
    holder = before[-1] if before else None
    if holder is not None and holder.title and orders.get(holder.title, order + 1) > order:
        return None
    region = [b for b in doc.blocks if b.section == (holder.index if holder else None)
              and b.line < limit and b.line not in residue and b.kind in ("paragraph", "list_item")]
    found: Block | None = None
    for block in reversed(region):
        if block.kind == "list_item":
            continue
        if not any(search(cue, block.text) for cue in spec.cues):
            break
        found = block
    if found is None:
        return None
    if holder is None and found is next((b for b in region if b.kind == "paragraph"), None):
        return None
    return found


def _where(doc: Document, order: int, orders: dict[str, int]) -> tuple[int, str]:
    """The line where a section of this template order should be, and how to say so."""
    after = [s for s in doc.sections if s.title and orders.get(s.title, -1) > order]
    if after:
        nxt = min(after, key=lambda s: s.line)
        return nxt.line, f"add it above the heading at line {nxt.line}"
    before = [s for s in doc.sections if s.title]
    if before:
        last = max(before, key=lambda s: s.line)
        line = min(last.end_line + 1, max(len(doc.lines), 1))
        return line, f"add it after the section that starts at line {last.line}"
    return 1, "add it to the article"
