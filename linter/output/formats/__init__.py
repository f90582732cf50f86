"""Formatters: pure functions from a Report to the text printed. One dict picks them.

- `text`, `json`: for people and scripts. `text` is `full` on a terminal, else `concise`.
- `concise`, `full`, `grouped`: the text styles (as ruff's); `full` and `grouped` live in
  `linter.output.formats.codeframe`.
- `github`: GitHub Actions workflow commands (annotations on the pull request's diff).
- `sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).
- `junit`: JUnit XML, a testsuite per file and a testcase per problem, for CI test reports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from linter.output.report import Report

#: format name -> "module:function" in this package, imported when the format is used
_FORMATS = {
    "text": "terminal:format_text",
    "concise": "terminal:format_text",
    "full": "codeframe:format_full",
    "grouped": "codeframe:format_grouped",
    "json": "json_report:format_json",
    "github": "github:format_github",
    "sarif": "sarif:format_sarif",
    "junit": "junit:format_junit",
}


class _Formatters(Mapping[str, Callable[[Report], str]]):
    """Format name -> formatter; a format's module is imported the first time it is used."""

    def __getitem__(self, name: str) -> Callable[[Report], str]:
        module, _, function = _FORMATS[name].partition(":")
        formatter: Callable[[Report], str] = getattr(
            importlib.import_module(f"{__name__}.{module}"), function)
        return formatter

    def __iter__(self) -> Iterator[str]:
        return iter(_FORMATS)

    def __len__(self) -> int:
        return len(_FORMATS)


FORMATTERS: Mapping[str, Callable[[Report], str]] = _Formatters()
