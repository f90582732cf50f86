"""`healthlint config` (and `check --show-config`): which config applies to a path, the
files it is read from and the rules it resolves."""

from __future__ import annotations

import json
from pathlib import Path

import click
from pydantic import ValidationError

from linter.cli.common import config_failure, config_option
from linter.config import ConfigError, ConfigFinder, Rule


@click.command("config")
@click.argument("paths", nargs=-1, type=click.Path())
@config_option("Config file (default: the nearest .healthlint.yaml above each path).")
def show_config(paths: tuple[str, ...], config_path: str | None) -> None:
    """Print which config applies to PATHS (files or folders; default: .): the config file,
    every file it extends (base first), its ignore globs and the resolved rules with the
    params that differ from the defaults."""
    show_config_of(paths, ConfigFinder(Path(config_path) if config_path else None))


def show_config_of(paths: tuple[str, ...], finder: ConfigFinder) -> None:
    """Which config applies to each path, the files it is read from and the rules it resolves."""
    groups: dict[Path | None, list[str]] = {}
    try:
        for path in paths or (".",):
            groups.setdefault(finder.path_for(path), []).append(path)
        configs = {key: finder.config_for(names[0]) for key, names in groups.items()}
    except ConfigError as exc:
        raise click.exceptions.Exit(config_failure(str(exc))) from None
    blocks = []
    for key, names in groups.items():
        config = configs[key]
        lines = [f"{', '.join(names)}:"]
        if key is None:
            lines.append(f"  config: {config.source} (no .healthlint.yaml in the folder or its "
                         "parents)")
        else:
            lines.append(f"  config: {key}")
        lines.append("  read from (base first): " + ", ".join(config.chain))
        if config.ignore:
            lines.append(f"  ignore (relative to {config.root}): " + ", ".join(config.ignore))
        lines.append(f"  template: {config.template.name}")
        lines.append("  rules:")
        width = max((len(r.id) for r in config.rules), default=0)
        for rule in config.rules:
            severity = rule.severity.value if rule.severity else "off"
            changed = _changed_params(rule)
            lines.append(f"    {rule.id:<{width}}  {severity:<7}  {rule.check.name}"
                         + (f"  {changed}" if changed else ""))
        blocks.append("\n".join(lines))
    click.echo("\n\n".join(blocks))


def _changed_params(rule: Rule) -> str:
    """The params that differ from the check kind's defaults, as compact JSON."""
    try:
        defaults = rule.check.params().model_dump(mode="json")
    except ValidationError:  # a kind with required params: show them all
        defaults = {}
    values = rule.params.model_dump(mode="json")
    changed = {k: v for k, v in values.items() if defaults.get(k, object()) != v}
    return json.dumps(changed, ensure_ascii=False) if changed else ""
