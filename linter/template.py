"""Article templates: the sections an article type has, in order, as data.

A template is read from the `template:` key of a pack (see `rules/procedure.yaml`). It lists
the sections in their order; a section has a title, aliases, whether it is required, whether
its text is prose (readability reads prose; References and Resources are not), and the parts
it contains (`sections:`), which are one heading level deeper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_heading(text: str) -> str:
    """Compare headings case-insensitively, ignoring punctuation and spacing.

    "How Long Will It Take?" and "how long will it take" are the same heading;
    so are "Post-procedure Care" and "Post procedure care".
    """
    return _NON_ALNUM.sub(" ", text.lower()).strip()


class SectionSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    required: bool = True
    #: False for sections whose text is not running prose (references, resources, revision)
    prose: bool = True
    #: what the section holds, for the rules that read it: references, resources, revision,
    #: call-doctor (the section that must end with an emergency instruction)
    role: Literal["references", "resources", "revision", "call-doctor"] | None = None
    sections: tuple[SectionSpec, ...] = ()


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


class Template(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    description: str = ""
    #: the article needs a title (front matter `title`, a `#` heading, or the title line)
    title_required: bool = True
    #: the article needs a definition paragraph before its first section
    definition_required: bool = True
    sections: tuple[SectionSpec, ...] = ()

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

    def with_role(self, role: str) -> TemplateSection | None:
        return next((s for s in self.flat if s.role == role), None)

    def lookup(self, heading: str) -> TemplateSection | None:
        return self.by_name.get(normalise_heading(heading))

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
