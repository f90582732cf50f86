"""YAML front matter: safe, bounded, and never a surprise.

Only plain YAML is accepted: no tags beyond the safe ones, no anchors or aliases (a
"billion laughs" alias bomb is rejected before it expands), and dates stay strings so a
date such as 0000-00-00 is the review-date rule's business, not a crash of the loader.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_FRONT_MATTER_CHARS = 64 * 1024
#: libyaml (about 10x faster) recurses in C: a deeply nested document such as 30,000 `- `
#: crashes the process instead of raising. It only reads small documents with few nesting
#: marks and no anchors, which cannot nest more than a few hundred levels; anything else
#: goes through the pure-Python loader, which rejects aliases and catches RecursionError.
_FAST_MAX_CHARS = 4096
_FAST_MAX_NESTING_MARKS = 200


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _ArticleLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases are not allowed in front matter", problem_mark=mark
            )
        return super().compose_node(parent, index)


_FastLoader: type[Any] | None = getattr(yaml, "CSafeLoader", None)
if _FastLoader is not None:
    _FastLoader = type("_FastArticleLoader", (_FastLoader,), {})

# Keep dates as text: the rules parse and judge them.
_ArticleLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
if _FastLoader is not None:
    _FastLoader.yaml_implicit_resolvers = _ArticleLoader.yaml_implicit_resolvers


def _fast_load(text: str) -> tuple[bool, Any]:
    """(True, data) when libyaml could read `text` safely and without error."""
    if (
        _FastLoader is None
        or len(text) > _FAST_MAX_CHARS
        or "&" in text
        or "*" in text
        or sum(text.count(mark) for mark in "[{-?") > _FAST_MAX_NESTING_MARKS
    ):
        return False, None
    try:
        return True, yaml.load(text, Loader=_FastLoader)  # noqa: S506 - CSafeLoader subclass
    except (yaml.YAMLError, ValueError):
        return False, None  # the pure-Python loader words the error


def load_front_matter(text: str, first_line: int) -> dict[str, Any]:
    """Parse front matter text that starts on `first_line` of the file.

    Raises FrontMatterError with the file line of the problem.
    """
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(
            f"front matter is {len(text):,} characters; the limit is {MAX_FRONT_MATTER_CHARS:,}",
            first_line,
        )
    loaded, data = _fast_load(text)
    try:
        if not loaded:
            data = yaml.load(text, Loader=_ArticleLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        raise FrontMatterError(f"front matter is not valid YAML: {exc.problem}", line) from exc
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise FrontMatterError(f"front matter is not valid YAML: {exc}", first_line) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise FrontMatterError(
            f"front matter must be a mapping of keys to values, not {kind}", first_line
        )
    return {str(key): value for key, value in data.items()}
