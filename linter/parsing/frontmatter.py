"""YAML front matter: safe, bounded, and never a surprise.

Only plain YAML is accepted: no tags beyond the safe ones, no anchors or aliases (a
"billion laughs" alias bomb is rejected before it expands), at most 100 levels of nesting,
and dates stay strings so a date such as 0000-00-00 is the review-date rule's business, not
a crash of the loader. A key given twice is a warning (the last value is used). The same
bounded loader (`StrictLoader`) reads config files, where a key given twice is an error.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.resolver import BaseResolver

MAX_FRONT_MATTER_CHARS = 64 * 1024


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


#: deeper YAML is refused before the loader's recursion could depend on the stack left
MAX_DEPTH = 100


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, bounded: no anchors or aliases (an alias bomb is refused before
    it expands), at most `MAX_DEPTH` levels of nesting (the answer never depends on the
    recursion limit or on the process it runs in), and keys given twice are recorded in
    `duplicates` as (key, line, column, first line), 0-based, instead of silently dropping the first.
    """

    #: said after "anchors and aliases are not allowed"
    where = ""

    def __init__(self, stream: str) -> None:
        self.source_text: str | None = stream
        super().__init__(stream)
        self.depth = 0
        self.duplicates: list[tuple[str, int, int, int]] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(problem=f"anchors and aliases are not allowed{self.where}",
                                       problem_mark=mark)
        if self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(problem=f"nested more than {MAX_DEPTH} levels deep",
                                       problem_mark=mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = (key_node.tag, key_node.value)
                    line = key_node.start_mark.line
                    if self.source_text is not None:
                        line = _line_of(self.source_text, key_node.start_mark)
                    if key in first:
                        self.duplicates.append((key_node.value, line,
                                                key_node.start_mark.column, first[key]))
                    else:
                        first[key] = line
        return super().construct_mapping(node, deep)


class _ArticleLoader(StrictLoader):
    where = " in front matter"


# Keep dates as text: the rules parse and judge them.
_ArticleLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Tags(BaseResolver):
    """The article loader's implicit tags (PyYAML's YAML 1.1 rules, dates left as text)."""

    yaml_implicit_resolvers = _ArticleLoader.yaml_implicit_resolvers


_TAGS = _Tags()


def _tag(scalar: str) -> str:
    """The tag YAML gives a plain scalar in the article loader."""
    return str(_TAGS.resolve(yaml.ScalarNode, scalar, (True, False)))  # type: ignore[no-untyped-call]
_STR = "tag:yaml.org,2002:str"
#: `key: value` (or `key:`) on one line, the value's trailing spaces left out as YAML does
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +(.*?))? *")


def _simple(text: str) -> tuple[dict[str, Any], list[tuple[str, int, int, int]]] | None:
    """The usual front matter (`key: plain text` lines) read without the YAML loader, which
    costs ten times as much; None for anything else, which the loader then reads.

    A line is taken only when YAML could read it no other way: an unindented simple key, one
    space or more, and a value that starts with a letter or digit, holds only printable
    characters and no `: ` or ` #`, and that YAML's own implicit rules (`_TAGS`) say is a
    string (so `yes`, `12`, `1:30` and `null` go to the loader) or is empty (null). Blank
    lines are skipped as YAML skips them. Duplicate keys are found as the loader finds them.
    """
    data: dict[str, Any] = {}
    first: dict[str, int] = {}
    duplicates: list[tuple[str, int, int, int]] = []
    for number, line in enumerate(text.split("\n")):
        if not line.strip(" "):
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2) or ""
        if _tag(key) != _STR:
            return None
        if value:
            if not (value[0].isascii() and value[0].isalnum() and value.isprintable()
                    and ": " not in value and " #" not in value and not value.endswith(":")):
                return None
            if _tag(value) != _STR:
                return None
        if key in first:
            duplicates.append((key, number, 0, first[key]))
        else:
            first[key] = number
        data[key] = value or None
    return data, duplicates


def _line_of(text: str, mark: Any) -> int:
    """0-based line of a YAML mark as the file counts lines (YAML also breaks lines at
    NEL, U+2028 and U+2029, which the file does not)."""
    index = getattr(mark, "index", None)
    if isinstance(index, int) and 0 <= index <= len(text):
        return text.count("\n", 0, index)
    return int(mark.line)


def load_front_matter(text: str, first_line: int,
                      warnings: list[tuple[int, str]] | None = None) -> dict[str, Any]:
    """Parse front matter text that starts on `first_line` of the file.

    Raises FrontMatterError with the file line of the problem. A key given twice is no
    error (YAML readers keep the last one): it is appended to `warnings` as (line, message).
    """
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(
            f"front matter is {len(text):,} characters; the limit is {MAX_FRONT_MATTER_CHARS:,}",
            first_line,
        )
    if (simple := _simple(text)) is not None:
        data, duplicates = simple
    else:
        data, duplicates = _load(text, first_line)
    if warnings is not None:
        warnings.extend(
            (first_line + line, f"front matter gives '{key}' twice (first at line "
             f"{first_line + first}); the last one is used")
            for key, line, _, first in duplicates)
    if data is None:
        return {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise FrontMatterError(
            f"front matter must be a mapping of keys to values, not {kind}", first_line
        )
    return {str(key): value for key, value in data.items()}


def _load(text: str, first_line: int) -> tuple[Any, list[tuple[str, int, int, int]]]:
    """The front matter read by the bounded YAML loader: (data, duplicate keys)."""
    # PyYAML's pure-Python loader, not libyaml: libyaml is faster (0.03 ms against 0.2 ms
    # for usual front matter) but recurses in C on deep nesting (a crash, not an error) and
    # reads tabs, tags and block indicators differently from the spec.
    loader = None
    try:
        loader = _ArticleLoader(text)  # its reader refuses some characters at once
        return loader.get_single_data(), loader.duplicates
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + _line_of(text, mark) if mark is not None else first_line
        raise FrontMatterError(f"front matter is not valid YAML: {exc.problem}", line) from exc
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise FrontMatterError(f"front matter is not valid YAML: {exc}", first_line) from exc
    finally:
        if loader is not None:
            loader.dispose()
