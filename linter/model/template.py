"""Article templates: the sections an article type has, in order, as data.

A template is read from the `template:` key of a pack (see `rules/procedure.yaml`). It lists
the sections in their order; a section has a title, aliases, whether it is required, whether
its text is prose (readability reads prose; References and Resources are not), and the parts
it contains (`sections:`), which are one heading level deeper.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_heading(text: str) -> str:
    """Compare headings case-insensitively, ignoring punctuation and spacing.

    "How Long Will It Take?" and "how long will it take" are the same heading;
    so are "Post-procedure Care" and "Post procedure care". Short texts are cached: a
    library repeats the template's headings in every article, and each heading is looked
    up several times (plain-text lines are looked up too: long ones are not kept).
    """
    if len(text) > _CACHED_HEADING_CHARS:
        return _normalised(text)
    return _normalised_cached(text)


_CACHED_HEADING_CHARS = 120


def _normalised(text: str) -> str:
    return _NON_ALNUM.sub(" ", text.lower()).strip()


_normalised_cached = lru_cache(maxsize=4096)(_normalised)


class SectionSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    title: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    required: bool = True
    #: False for sections whose text is not running prose (references, resources, revision)
    prose: bool = True
    #: what the section holds, for the rules that read it: references, resources, revision,
    #: call-doctor (the section that must end with an emergency instruction)
    role: Literal["references", "resources", "revision", "call-doctor"] | None = None
    #: headings of parts this section may hold ("At Home" inside Post-procedure Care): a
    #: sub-heading inside the section, never a section of its own there
    subheadings: tuple[str, ...] = ()
    #: regular expressions (case-insensitive) that the section's text usually matches, so
    #: a paragraph that lost its heading can be pointed at ("General anesthesia may be used.")
    cues: tuple[str, ...] = ()
    #: the revisions that have this section, when the current one does not ("Parts of the
    #: Body Involved" is only in older pages): it is known, but not in the current order
    only_in: tuple[str, ...] = ()
    sections: tuple[SectionSpec, ...] = ()


class Revision(BaseModel):
    """An older (or newer) revision of the template, as data: its own section order.

    The article is checked against the revision whose order it follows best, so an older
    page is not reported as out of order for following the template of its day.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str = Field(min_length=1)
    description: str = ""
    #: section titles in this revision's order; titles not listed keep the template's order
    #: after the listed ones
    order: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TemplateSection:
    """One section of a template, flattened: its order, level and parent are explicit."""

    title: str
    aliases: tuple[str, ...]
    required: bool
    prose: bool
    role: str | None
    order: int
    level: int
    parent: str | None
    subheadings: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    only_in: tuple[str, ...] = ()


class Template(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str = Field(min_length=1)
    description: str = ""
    #: the article needs a title (front matter `title`, a `#` heading, or the title line)
    title_required: bool = True
    #: the article needs a definition paragraph before its first section
    definition_required: bool = True
    sections: tuple[SectionSpec, ...] = ()
    #: other revisions of the template and their section order
    revisions: tuple[Revision, ...] = ()
    #: sentences the template itself requires (the emergency instruction): several copies
    #: of one are not a pasted paragraph
    boilerplate: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _revisions_name_sections(self) -> Template:
        titles = {s.title for s in self.flat}
        names = {r.name for r in self.revisions}
        for section in self.flat:
            unknown_revisions = [r for r in section.only_in if r not in names]
            if unknown_revisions:
                raise ValueError(f"section {section.title!r} names unknown revisions: "
                                 + ", ".join(repr(r) for r in unknown_revisions))
        for revision in self.revisions:
            unknown = [t for t in revision.order if t not in titles]
            if unknown:
                raise ValueError(
                    f"revision {revision.name!r} orders sections the template does not have: "
                    + ", ".join(repr(t) for t in unknown)
                )
        return self

    @cached_property
    def flat(self) -> tuple[TemplateSection, ...]:
        out: list[TemplateSection] = []

        def walk(specs: tuple[SectionSpec, ...], level: int, parent: str | None) -> None:
            for spec in specs:
                out.append(
                    TemplateSection(
                        title=spec.title,
                        aliases=spec.aliases,
                        required=spec.required,
                        prose=spec.prose,
                        role=spec.role,
                        order=len(out),
                        level=level,
                        parent=parent,
                        subheadings=spec.subheadings,
                        cues=spec.cues,
                        only_in=spec.only_in,
                    )
                )
                walk(spec.sections, level + 1, spec.title)

        walk(self.sections, 2, None)
        return tuple(out)

    @cached_property
    def by_name(self) -> dict[str, TemplateSection]:
        """Normalised title or alias -> section."""
        table: dict[str, TemplateSection] = {}
        for section in self.flat:
            for name in (section.title, *section.aliases):
                table.setdefault(normalise_heading(name), section)
        return table

    @cached_property
    def by_title(self) -> dict[str, TemplateSection]:
        return {section.title: section for section in self.flat}

    @cached_property
    def names_longest_first(self) -> tuple[tuple[str, TemplateSection], ...]:
        """Every title and alias as written, longest first (for glued-heading detection)."""
        names = [(name, s) for s in self.flat for name in (s.title, *s.aliases)]
        return tuple(sorted(names, key=lambda item: -len(item[0])))

    @cached_property
    def by_subheading(self) -> dict[str, TemplateSection]:
        """Normalised sub-heading -> the section that may hold it."""
        table: dict[str, TemplateSection] = {}
        for section in self.flat:
            for name in section.subheadings:
                table.setdefault(normalise_heading(name), section)
        return table

    def subheading_of(self, heading: str) -> TemplateSection | None:
        return self.by_subheading.get(normalise_heading(heading))

    def orders(self, revision: str = "") -> dict[str, int]:
        """Section title -> position, in the named revision's order (the template's own
        order for "" or an unknown name)."""
        spec = next((r for r in self.revisions if r.name == revision), None)
        if spec is None:
            return {s.title: s.order for s in self.flat if not s.only_in}
        listed = list(spec.order)
        rest = [s.title for s in self.flat if s.title not in listed
                and (not s.only_in or revision in s.only_in)]
        return {title: n for n, title in enumerate([*listed, *rest])}

    def best_revision(self, titles: list[str]) -> str:
        """The revision whose order the sections (in file order) follow best: the one that
        needs the fewest moves, the template's own order on a tie ("")."""
        best, best_kept = "", _kept(titles, self.orders(""))
        for revision in self.revisions:
            kept = _kept(titles, self.orders(revision.name))
            if kept > best_kept:
                best, best_kept = revision.name, kept
        return best

    def with_role(self, role: str) -> TemplateSection | None:
        return next((s for s in self.flat if s.role == role), None)

    def lookup(self, heading: str) -> TemplateSection | None:
        return self.by_name.get(normalise_heading(heading))

    def split_two(self, text: str) -> tuple[TemplateSection, str, str] | None:
        """A heading run into what follows with a space, as some sites print them: "What to
        Expect Prior to Procedure" (two headings) or "Will It Hurt? You may feel...".

        The heading must be written exactly as the template spells it (a sentence "Will it
        hurt? Most people..." is not a heading) and the rest must start with a capital.
        Returns (section, heading as written, the rest) or None.
        """
        for name, section in self.names_longest_first:
            if len(text) > len(name) + 1 and text.startswith(name) and text[len(name)] == " ":
                rest = text[len(name) :].strip()
                if rest and rest[0].isupper():
                    return section, name, rest
        return None

    def split_glued(self, text: str) -> tuple[TemplateSection, str, str] | None:
        """Find a heading glued to its text, as exports do: "Will It Hurt?You should not...".

        Returns (section, heading as written, the rest) when `text` starts with a title or
        alias immediately followed by a capital letter, else None.
        """
        lowered = text.lower()
        for name, section in self.names_longest_first:
            if len(text) > len(name) and lowered.startswith(name.lower()):
                rest = text[len(name) :]
                if rest[0].isupper():
                    return section, text[: len(name)], rest
        return None


def _kept(titles: list[str], orders: dict[str, int]) -> int:
    """How many of the sections keep their place in this order (longest increasing run)."""
    tails: list[int] = []
    for title in titles:
        value = orders.get(title)
        if value is None:
            continue
        slot = bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
        else:
            tails[slot] = value
    return len(tails)
