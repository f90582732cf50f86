"""`healthlint server`: a Language Server Protocol server over stdio.

Editors get the same problems as `healthlint check` (same engine, rules, config discovery
and suppressions) while the writer types, plus quick fixes, "fix all", "disable for this
line" and rule documentation on hover. Built on pygls and lsprotocol, installed with
`pip install 'healthlint[server]'`.

This package's `__init__` imports nothing heavy: the CLI asks `missing_dependencies()`
before importing `linter.server.app`, so a missing extra is a clear message, not a traceback.
"""

from __future__ import annotations

import importlib.util

#: what `pip install 'healthlint[server]'` adds (import names)
DEPENDENCIES = ("pygls", "lsprotocol")
INSTALL_HINT = "pip install 'healthlint[server]'"


def missing_dependencies() -> list[str]:
    """The server's libraries that are not installed."""
    return [name for name in DEPENDENCIES if importlib.util.find_spec(name) is None]
