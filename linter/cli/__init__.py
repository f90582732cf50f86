"""The `healthlint` command. Each subcommand lives in its own module and is imported only
when it runs (or when --help lists it), so `healthlint check` does not pay for the audit,
the baseline code or the language server."""

from __future__ import annotations

import importlib
import signal

import click

from linter import __version__

#: subcommand -> "module:attribute", loaded on first use
COMMANDS = {
    "audit": "linter.audit.command:audit",
    "baseline": "linter.cli.baseline:baseline_group",
    "check": "linter.cli.check:check",
    "config": "linter.cli.config:show_config",
    "rules": "linter.cli.rules:list_rules",
    "server": "linter.cli.server:server",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported when they are looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        module, _, attribute = COMMANDS[cmd_name].partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        self.add_command(command, cmd_name)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="healthlint")
def main() -> None:
    """healthlint: lint patient-education health articles."""
    if hasattr(signal, "SIGTERM"):
        # a killed run (CI timeout, ^C of a parent) unwinds, so no temporary file is left
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
