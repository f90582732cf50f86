"""Configuration: extends, overrides, templates by glob or type, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.config import ConfigError, load_config
from linter.model.problems import Severity


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return str(caught.value)


def test_default_config_is_the_procedure_pack() -> None:
    config = load_config(None)
    assert config.template.name == "procedure"
    assert config.rule("required-section") is not None


def test_disable_rule_and_change_severity_and_params(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.yaml", """
extends: procedure
rules:
  empty-section: off
  section-order: error
  duplicate-paragraph:
    params: {similarity: 0.9}
""")
    config = load_config(cfg)
    assert config.rule("empty-section").severity is None  # type: ignore[union-attr]
    assert config.rule("section-order").severity is Severity.ERROR  # type: ignore[union-attr]
    params = config.rule("duplicate-paragraph").params  # type: ignore[union-attr]
    assert params.similarity == 0.9  # type: ignore[attr-defined]
    assert params.near_min_words == 12  # type: ignore[attr-defined]  # other params kept


def test_extends_another_file_relative_to_the_config(tmp_path: Path) -> None:
    write(tmp_path / "team.yaml", "extends: procedure\nrules:\n  empty-section: off\n")
    cfg = write(tmp_path / "c.yaml", "extends: ./team.yaml\nrules:\n  section-order: off\n")
    config = load_config(cfg)
    assert config.rule("empty-section").severity is None  # type: ignore[union-attr]
    assert config.rule("section-order").severity is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extends: procedure\nrulez: {}\n", "c.yaml: rulez: unknown key"),
        ("extends: procedure\nrules:\n  duplicate-paragrph: off\n",
         "c.yaml: rules.duplicate-paragrph: unknown rule; did you mean 'duplicate-paragraph'?"),
        ("extends: procedure\nrules:\n  section-order: warn\n",
         "c.yaml: rules.section-order.severity: Input should be 'error', 'warning', 'info' or 'off'"),
        ("extends: procedure\nrules:\n  duplicate-paragraph:\n    params: {similarity: high}\n",
         "c.yaml: rules.duplicate-paragraph.params.similarity: Input should be a valid number"),
        ("extends: procedure\nrules:\n  duplicate-paragraph:\n    params: {simlarity: 0.9}\n",
         "c.yaml: rules.duplicate-paragraph.params.simlarity: unknown key"),
        ("extends: procedure\nrules:\n  my-rule: {check: nonsense}\n",
         "c.yaml: rules.my-rule.check: unknown check kind 'nonsense'"),
        ("extends: nopack\n", "c.yaml: extends: unknown built-in pack 'nopack'"),
        ("extends: ./missing.yaml\n", "c.yaml: extends: no such file './missing.yaml'"),
        ("extends: procedure\nrules: [1, 2\n", "c.yaml:3:1: invalid YAML"),
        ("- just\n- a list\n", "c.yaml: expected a mapping of settings at the top, got list"),
        ("rules: {}\n", "no article template"),
        ("extends: procedure\ntemplates:\n  - {template: procedure}\n",
         "c.yaml: templates.0: Value error, give exactly one of `glob` or `type`"),
    ],
)
def test_config_errors_name_the_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    message = error_of(write(tmp_path / "c.yaml", text))
    assert expected in message


def test_extends_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "extends: ./b.yaml\n")
    write(tmp_path / "b.yaml", "extends: ./a.yaml\n")
    assert "`extends` forms a cycle" in error_of(tmp_path / "a.yaml")


TEMPLATE = """
template:
  name: condition
  sections:
    - title: Causes
    - title: Symptoms
"""


def test_templates_by_glob_and_front_matter_type(tmp_path: Path) -> None:
    write(tmp_path / "condition.yaml", TEMPLATE)
    cfg = write(tmp_path / "c.yaml", """
extends: procedure
templates:
  - {glob: "conditions/*", template: ./condition.yaml}
  - {type: condition, template: ./condition.yaml}
""")
    config = load_config(cfg)
    assert config.choose_template("conditions/asthma.md", {}).name == "condition"
    assert config.choose_template("x.md", {"type": "condition"}).name == "condition"
    assert config.choose_template("x.md", {}).name == "procedure"


def test_ignore_globs(tmp_path: Path) -> None:
    cfg = write(tmp_path / "c.yaml", "extends: procedure\nignore: ['drafts/*']\n")
    config = load_config(cfg)
    assert config.is_ignored("drafts/new.md")
    assert not config.is_ignored("published/new.md")
