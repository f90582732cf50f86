"""Built-in packs: every rule names a registered check, and the packs ship with the package."""

from __future__ import annotations

from pathlib import Path

import yaml

from linter.config import ConfigFile, builtin_packs, load_config, rules_dir
from linter.registry import CHECKS


def test_every_rule_in_every_pack_names_a_registered_check() -> None:
    assert "procedure" in builtin_packs()
    for name in builtin_packs():
        data = yaml.safe_load((rules_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
        pack = ConfigFile.model_validate(data)
        for rule_id, settings in pack.rules.items():
            if settings.check is not None:
                assert settings.check in CHECKS, f"{name}: {rule_id} uses unknown check {settings.check}"


def test_default_pack_validates_all_params() -> None:
    config = load_config(None)
    assert {rule.check.name for rule in config.rules} <= set(CHECKS)
    assert len({rule.id for rule in config.rules}) == len(config.rules)


def test_every_check_has_a_docstring_with_an_example() -> None:
    for check in CHECKS.values():
        assert len(check.doc) > 80, check.name
        assert "xample" in check.doc, f"{check.name}: the docstring needs an example"


def test_rules_folder_is_inside_the_installed_package_or_checkout() -> None:
    folder = rules_dir()
    assert (folder / "procedure.yaml").is_file()
    assert folder.name == "rules" and isinstance(folder, Path)
