"""YAML front matter: safe, bounded, and never a surprise.

Only plain YAML is accepted: no tags beyond the safe ones, no anchors or aliases (a
"billion laughs" alias bomb is rejected before it expands), and dates stay strings so a
date such as 0000-00-00 is the review-date rule's business, not a crash of the loader.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_FRONT_MATTER_CHARS = 64 * 1024


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


# Keep dates as text: the rules parse and judge them.
_ArticleLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_front_matter(text: str, first_line: int) -> dict[str, Any]:
    """Parse front matter text that starts on `first_line` of the file.

    Raises FrontMatterError with the file line of the problem.
    """
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(
            f"front matter is {len(text):,} characters; the limit is {MAX_FRONT_MATTER_CHARS:,}",
            first_line,
        )
    # PyYAML's pure-Python loader, not libyaml: libyaml is faster (0.03 ms against 0.2 ms
    # for usual front matter) but recurses in C on deep nesting (a crash, not an error) and
    # reads tabs, tags and block indicators differently from the spec.
    try:
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
