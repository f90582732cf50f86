"""`healthlint rules [RULE_ID]`: every rule, or one rule's documentation."""

from __future__ import annotations

import difflib

import click

from linter.cli.common import config_option, load_or_exit
from linter.links.stage import rule_rows
from linter.model.problems import ENGINE_RULES
from linter.output import ruledoc


@click.command("rules")
@click.argument("rule_id", required=False)
@config_option()
def list_rules(rule_id: str | None, config_path: str | None) -> None:
    """List every rule: id, severity (as configured) and what it finds; with RULE_ID, print
    that rule's documentation: what it finds and why, its params, examples, --fix."""
    config = load_or_exit(config_path)
    if rule_id is not None:
        rule = config.rule(rule_id)
        if rule is not None:
            click.echo(ruledoc.explain(rule, config))
        elif rule_id in ENGINE_RULES:
            click.echo(ruledoc.explain_engine_rule(rule_id))
        else:
            known = [r.id for r in config.rules] + list(ENGINE_RULES)
            close = difflib.get_close_matches(rule_id, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "see `healthlint rules`."
            raise click.UsageError(f"no rule '{rule_id}' in {config.source}; {hint}")
        return
    width = max((len(rule.id) for rule in config.rules), default=10)
    width = max(width, *(len(name) for name in ENGINE_RULES))
    for rule in config.rules:
        severity = rule.severity.value if rule.severity else "off"
        click.echo(f"{rule.id:<{width}}  {severity:<7}  {rule.description}")
    for name, description in ENGINE_RULES.items():
        severity = "warning" if name == "unknown-rule" else "error"
        click.echo(f"{name:<{width}}  {severity:<7}  {description}")
    for link_rule, level in rule_rows(config.link_check):
        click.echo(f"{link_rule.id:<{width}}  {level:<7}  {link_rule.description} "
                   "(with --check-links)")
