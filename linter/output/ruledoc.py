"""`healthlint rules ID`: a rule's documentation, assembled from what keeps it honest.

- what it finds and why: the check kind's module docstring (linter/checks/);
- its params: the check's pydantic `Params` model (names, defaults) and the values the
  config in force gives them;
- a failing and a passing example with what healthlint says: `rules/data/examples.yaml`,
  linted by tests/test_rule_docs.py so the examples cannot drift from the rules;
- whether `--fix` fixes it: the check kinds that offer fixes (linter/registry.py).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from linter import rule_url
from linter.config import Config, Rule
from linter.model.problems import ENGINE_RULES
from linter.registry import FIXABLE
from linter.resources import data_path

#: params values longer than this are shortened in the listing (word lists, patterns)
MAX_VALUE_CHARS = 100


@dataclass(frozen=True)
class Example:
    fails: str
    passes: str
    message: str
    fmt: str = "markdown"


@cache
def examples() -> tuple[dt.date, dict[str, Example]]:
    """The examples of the built-in rules, by rule id, and the date their messages hold on."""
    data = yaml.safe_load(data_path("examples.yaml").read_text(encoding="utf-8"))
    found = {
        rule_id: Example(entry["fails"], entry["passes"], entry["message"],
                         entry.get("format", "markdown"))
        for rule_id, entry in data["rules"].items()
    }
    return data["as_of"], found


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if len(text) <= MAX_VALUE_CHARS:
        return text
    size = f" ({len(value)} items)" if isinstance(value, list | dict) else ""
    return text[: MAX_VALUE_CHARS - 1] + "…" + size


def params_lines(rule: Rule) -> list[str]:
    fields = rule.check.params.model_fields
    if not fields:
        return ["  none"]
    values = rule.params.model_dump(mode="json")
    width = max(len(name) for name in fields)
    lines = []
    for name, field in fields.items():
        if field.is_required():
            default = "(required)"
        else:
            default = _value(json.loads(json.dumps(field.get_default(call_default_factory=True),
                                                   default=_plain)))
        value = _value(values.get(name))
        note = "default" if value == default else f"default {default}"
        lines.append(f"  {name:<{width}}  {value}  ({note})")
    return lines


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return str(value)


def _indent(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "    ")


def explain(rule: Rule, config: Config) -> str:
    severity = rule.severity.value if rule.severity else "off"
    out = [f"{rule.id}: {rule.description}", "",
           f"Severity: {severity} (in {config.source}; defined in {rule.source})",
           f"Check kind: {rule.check.name}",
           "Fixed by --fix: " + ("yes (a safe fix; `healthlint check --fix` applies it, "
                                 "`--diff` shows it)" if rule.check.name in FIXABLE
                                 else "no (fix it by hand)"),
           "", rule.check.doc, "", "Params (value in this config, and the check's default):",
           *params_lines(rule)]
    as_of, known = examples()
    example = known.get(rule.id)
    if example is not None:
        out += ["", "Example that fails:", "", _indent(example.fails), "",
                f"healthlint says (as of {as_of}):", "", _indent(example.message), "",
                "Example that passes:", "", _indent(example.passes)]
    if rule.id in known:
        out += ["", f"More: {rule_url(rule.id)}"]
    return "\n".join(out)


def explain_engine_rule(rule_id: str) -> str:
    severity = "warning" if rule_id == "unknown-rule" else "error"
    return (f"{rule_id}: {ENGINE_RULES[rule_id]}\n\nSeverity: {severity} (the engine's own "
            "rule: always on, not configurable)\nFixed by --fix: no\n\nMore: "
            f"{rule_url(rule_id)}")
