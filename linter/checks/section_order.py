"""Find template sections that appear out of the template's order, or twice.

The sections an article has are compared with the order of the template revision it
follows best (`revisions:` in the template: older pages put Possible Complications late);
the fewest sections that must move to restore it are reported, each at its heading. A
template section that appears a second time is reported at the second heading (a
sub-heading such as At Home inside Post-procedure Care is a part, not the section again).
Sections that are not in the template are ignored.

Params: none; the order is the template's (`rules/*.yaml`).

Example: "Possible Complications" placed after "What to Expect":

    article.md:30:1: warning section-order "Possible Complications" is out of order: the
    template puts it before "What to Expect" (line 12).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from linter.model.document import Document, Section
from linter.model.problems import Finding


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def check(doc: Document, params: Params) -> Iterator[Finding]:
    seen: dict[str, Section] = {}
    ordered: list[Section] = []
    order_of = doc.orders
    for section in doc.sections:
        if not section.title or section.implicit:
            continue
        if section.title in seen:
            first = seen[section.title]
            yield Finding(
                section.line,
                f'"{section.heading}" appears again (first at line {first.line}); merge the two.',
            )
            continue
        seen[section.title] = section
        if section.title in order_of:  # a section of another revision has no place here
            ordered.append(section)
    orders = [order_of[s.title] for s in ordered if s.title]
    keep = _longest_increasing(orders)
    kept = [ordered[k] for k in sorted(keep)]
    for position, section in enumerate(ordered):
        if position in keep:
            continue
        order = orders[position]
        before = [s for s in kept if order_of[s.title or ""] < order]
        after = [s for s in kept if order_of[s.title or ""] > order]
        if before and before[-1].line > section.line:
            where, anchor = "after", before[-1]
        elif after:
            where, anchor = "before", after[0]
        else:
            continue
        yield Finding(
            section.line,
            f'"{section.heading}" is out of order: the template puts it {where} '
            f'"{anchor.heading}" (line {anchor.line}).',
        )


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    tail_pos: list[int] = []
    previous: list[int] = [-1] * len(values)
    for pos, value in enumerate(values):
        slot = bisect_right(tails, value - 1)
        if slot == len(tails):
            tails.append(value)
            tail_pos.append(pos)
        else:
            tails[slot] = value
            tail_pos[slot] = pos
        previous[pos] = tail_pos[slot - 1] if slot else -1
    keep: set[int] = set()
    pos = tail_pos[-1] if tail_pos else -1
    while pos != -1:
        keep.add(pos)
        pos = previous[pos]
    return keep
