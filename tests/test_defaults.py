"""Defaults live once, in each check's `Params` model: the packs, the check docstrings (which
`healthlint rules ID` prints) and README's param tables are held to it.

- a pack (rules/*.yaml) states only the params that differ from the model's default;
- a check docstring's "Params:" section lists exactly the model's params (in any order),
  each with the model's default (a long default may be elided as `[...]`; a required one
  says so);
- each README param table (under the heading of a rule or a check kind) lists exactly the
  model's params with the model's defaults, and every check kind with params has one.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from linter.config import builtin_packs, load_config, rules_dir
from linter.output.ruledoc import MAX_VALUE_CHARS
from linter.registry import CHECKS, Check
from tests.conftest import ROOT, run_cli

README = ROOT / "README.md"
#: a default written as a word in the tables and docstrings
_WORDS: dict[str, Any] = {"none": None, "null": None}


def _normal(value: Any) -> Any:
    """JSON-shaped, so tuples and lists, 8 and 8.0 compare equal."""
    return json.loads(json.dumps(value, default=lambda v: v.model_dump(mode="json")
                                 if isinstance(v, BaseModel) else str(v)))


def _defaults(check: Check) -> dict[str, Any]:
    """The model's default of each param (`...` for a required one)."""
    return {
        name: ... if field.is_required() else _normal(field.get_default(call_default_factory=True))
        for name, field in check.params.model_fields.items()
    }


def _elided(default: Any) -> bool:
    """Too long to restate (as `healthlint rules ID` shortens it too)."""
    return len(json.dumps(default, ensure_ascii=False)) > MAX_VALUE_CHARS


def _same(written: str, default: Any, note: str) -> bool:
    """Does the written default (YAML, or a word) state the model's default?"""
    if default is ...:
        return "required" in f"{written} {note}"
    if written in ("[...]", "(the instructions above)"):
        return _elided(default)
    if isinstance(default, str):
        return written in (default, f"'{default}'")
    if written.lower() in _WORDS:
        return default is _WORDS[written.lower()]
    return bool(_normal(yaml.safe_load(written)) == default)


# ------------------------------------------------------------------------------ packs


def _pack_rules() -> list[tuple[str, str, dict[str, Any]]]:
    """(pack, rule id, settings) of every rule a built-in pack gives params."""
    found = []
    for name in builtin_packs():
        data = yaml.safe_load((rules_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
        for rule_id, settings in (data.get("rules") or {}).items():
            if isinstance(settings, dict) and settings.get("params"):
                found.append((name, rule_id, settings))
    return found


def _kind_of(rule_id: str, settings: dict[str, Any]) -> str:
    if "check" in settings:
        return str(settings["check"])
    rule = next(r for r in load_config(None).rules if r.id == rule_id)
    return rule.check.name


def test_packs_state_only_params_that_differ_from_the_default() -> None:
    for pack, rule_id, settings in _pack_rules():
        check = CHECKS[_kind_of(rule_id, settings)]
        params = check.params.model_validate(settings["params"])
        defaults = _defaults(check)
        for name in settings["params"]:
            assert _normal(getattr(params, name)) != defaults[name], (
                f"rules/{pack}.yaml: {rule_id}: params.{name} restates the default of "
                f"{check.name}.Params; remove it")


def test_the_built_in_config_is_the_models_defaults_unless_a_pack_says_otherwise() -> None:
    stated = {rule_id: settings["params"] for _, rule_id, settings in _pack_rules()}
    for rule in load_config(None).rules:
        defaults = _defaults(rule.check)
        values = _normal(rule.params.model_dump(mode="json"))
        for name, value in values.items():
            if name not in stated.get(rule.id, {}):
                assert value == defaults[name], f"{rule.id}: {name}"


def test_a_default_is_what_a_config_stating_it_gives() -> None:
    """So leaving a param out of a pack, or restating it, is the same config (8 is not 8.0)."""
    for kind, check in CHECKS.items():
        if any(field.is_required() for field in check.params.model_fields.values()):
            continue
        try:
            default = check.params()
        except ValueError:
            continue  # needs params to be valid at all (existence: tokens or patterns)
        stated = check.params.model_validate(default.model_dump())
        assert repr(stated) == repr(default), kind


def test_rules_id_shows_every_built_in_param_as_its_default() -> None:
    """The built-in packs change no default, so `healthlint rules ID` says "(default)" for
    every param (a default typed unlike a stated value would read "8.0  (default 8)")."""
    for rule in load_config(None).rules:
        code, out, _ = run_cli("rules", rule.id)
        assert code == 0
        listing = out.split("Params (value in this config, and the check's default):\n")[1]
        lines = listing.split("\n\n")[0].split("\n")
        names = [line.split()[0] for line in lines if line.strip() != "none"]
        assert names == list(rule.check.params.model_fields), rule.id
        assert all(line.endswith("(default)") for line in lines if line.strip() != "none"), (
            rule.id, lines)


# -------------------------------------------------------------------------- docstrings

_ENTRY = re.compile(r"^    (\w+):(?: +(.*))?$")


def _value_and_note(text: str) -> tuple[str, str]:
    """Split "VALUE   note" where VALUE may be a YAML flow list, mapping or quoted text."""
    text = text.strip()
    closing = {"[": "]", "{": "}", "'": "'", '"': '"'}.get(text[:1])
    if closing is None:
        value, _, note = text.partition("  ")
        return value, note.strip()
    if closing in "'\"":
        end = text.index(closing, 1)
    else:
        depth, end = 0, 0
        for end, char in enumerate(text):  # noqa: B007 - `end` is where the loop stops
            depth += (char == text[0]) - (char == closing)
            if depth == 0:
                break
    return text[: end + 1], text[end + 1:].strip()


def docstring_params(doc: str) -> dict[str, tuple[str, str]]:
    """name -> (written default, note) of a check docstring's "Params:" section."""
    lines = doc.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("Params:")), None)
    assert start is not None, "no Params: section"
    if lines[start].strip() != "Params:":
        assert lines[start].startswith("Params: none"), lines[start]
        return {}
    entries: dict[str, list[str]] = {}
    for line in lines[start + 1:]:
        if not line.strip():
            break
        match = _ENTRY.match(line)
        if match:
            entries[match.group(1)] = [match.group(2) or ""]
        else:
            assert entries and line.startswith("     "), f"not a param line: {line!r}"
            list(entries.values())[-1].append(line.strip())
    found = {}
    for name, parts in entries.items():
        text = parts[0]
        for part in parts[1:]:  # a flow list or mapping may go on over the next lines
            if text.count("[") > text.count("]") or text.count("{") > text.count("}"):
                text += " " + part
            else:
                text += "   " + part
        found[name] = _value_and_note(text)
    return found


def _assert_same_params(where: str, written: dict[str, tuple[str, str]],
                        defaults: dict[str, Any]) -> None:
    """The params `where` lists are the model's, each with the model's default."""
    assert sorted(written) == sorted(defaults), f"{where} must list the model's params"
    for name, (value, note) in written.items():
        assert _same(value, defaults[name], note), (
            f"{where} gives {name} as {value}, the model's default is "
            f"{json.dumps(defaults[name]) if defaults[name] is not ... else '(required)'}")


@pytest.mark.parametrize("kind", sorted(CHECKS))
def test_docstring_params_are_the_models(kind: str) -> None:
    check = CHECKS[kind]
    written = docstring_params(check.doc)
    defaults = _defaults(check)
    _assert_same_params(f"{kind}: the docstring's Params: section", written, defaults)


# ------------------------------------------------------------------------------ README

_HEADING = re.compile(r"^#{2,5} .*?`([\w-]+)`")
_HEADER = re.compile(r"^\| *param *\| *default *\| *meaning *\|$", re.IGNORECASE)


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def _unquote(cell: str) -> str:
    return cell[1:-1] if len(cell) > 1 and cell[0] == cell[-1] == "`" else cell


def readme_param_tables(text: str) -> dict[str, dict[str, tuple[str, str]]]:
    """check kind -> {param: (written default, meaning)} of README's param tables."""
    kinds = {rule.id: rule.check.name for rule in load_config(None).rules}
    kinds.update({kind: kind for kind in CHECKS})
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    heading = None
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if match := _HEADING.match(line):
            heading = match.group(1)
        if not _HEADER.match(line):
            continue
        assert heading in kinds, f"README line {index + 1}: a param table under no rule"
        rows = {}
        for row in lines[index + 2:]:
            if not row.startswith("|"):
                break
            name, default, meaning = _cells(row)
            rows[_unquote(name)] = (_unquote(default), meaning)
        assert kinds[heading] not in tables, f"two param tables for {kinds[heading]}"
        tables[kinds[heading]] = rows
    return tables


def test_readme_param_tables_are_the_models() -> None:
    tables = readme_param_tables(README.read_text(encoding="utf-8"))
    for kind, check in CHECKS.items():
        defaults = _defaults(check)
        if not defaults:
            assert kind not in tables, f"README: a param table for {kind}, which has none"
            continue
        assert kind in tables, f"README: no param table for {kind}"
        rows = tables[kind]
        _assert_same_params(f"README: the table of {kind}", rows, defaults)


def test_the_checkers_themselves_catch_a_wrong_default() -> None:
    """The parsers above read what they claim: a changed number is caught."""
    check = CHECKS["sentence_length"]
    doc = check.doc.replace("max_words: 25", "max_words: 24")
    value, note = docstring_params(doc)["max_words"]
    assert not _same(value, _defaults(check)["max_words"], note)
    readme = README.read_text(encoding="utf-8").replace("| `max_words` | `25` |",
                                                        "| `max_words` | `30` |")
    value, note = readme_param_tables(readme)["sentence_length"]["max_words"]
    assert value == "30" and not _same(value, 25, note)

