"""`healthlint server`: the language server for editors."""

from __future__ import annotations

import sys

import click

from linter.cli.common import EXIT_ERROR


@click.command("server")
@click.option("--stdio", is_flag=True, help="Talk over stdin/stdout (the default; accepted for "
              "editors that pass it).")
def server(stdio: bool) -> None:
    """Run the language server (LSP over stdio) for editors: problems while you write.

    Needs the server extra: pip install 'healthlint[server]'. See the README section
    "Editor integration (language server)" for VS Code, Neovim, Helix and Emacs.
    """
    # Imported here so `healthlint check` does not pay for pygls.
    from linter.server import INSTALL_HINT, missing_dependencies

    if missing := missing_dependencies():
        click.echo(f"healthlint: the language server needs {' and '.join(missing)}; install "
                   f"them with: {INSTALL_HINT}", err=True)
        sys.exit(EXIT_ERROR)
    from linter.server.app import run

    run()
