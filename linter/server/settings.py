"""The server's options (LSP initialization options) and per-document config discovery.

Initialization options (all optional), e.g. `{"asOf": "2026-11-24", "debounceMs": 300}`:

- `asOf` (YYYY-MM-DD): today's date for every date rule, like `check --as-of`
  (default: the real date, read again for every lint).
- `configPath`: one config file for every document, like `check --config`; relative paths
  are relative to the workspace root (default: `.healthlint.yaml` found from each
  document's folder upwards, else the built-in `procedure` pack).
- `lintOnChange` (default true): lint the unsaved text while the writer types; false lints
  on open and on save only.
- `debounceMs` (default 300): how long typing must pause before the unsaved text is linted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.config import Config, ConfigError, find_config, load_config

DEFAULT_DEBOUNCE_MS = 300
MAX_DEBOUNCE_MS = 10_000


@dataclass(frozen=True, slots=True)
class Options:
    as_of: dt.date | None = None
    config_path: Path | None = None
    lint_on_change: bool = True
    debounce_ms: int = DEFAULT_DEBOUNCE_MS

    def today(self) -> dt.date:
        return self.as_of or dt.date.today()


def parse_options(raw: Any, root: Path | None) -> tuple[Options, list[str]]:
    """Options from the client's `initializationOptions`, and a message per bad value.

    A bad value is reported and replaced by its default: the server still starts.
    """
    if not isinstance(raw, dict):
        return Options(), ([] if raw is None else ["initializationOptions must be an object"])
    errors: list[str] = []
    as_of = None
    if (value := raw.get("asOf")) is not None:
        with contextlib.suppress(ValueError):
            as_of = dt.date.fromisoformat(value) if isinstance(value, str) else None
        if as_of is None:
            errors.append(f"asOf must be a date YYYY-MM-DD, got {value!r}; using today")
    config_path = None
    if (value := raw.get("configPath")) is not None:
        if isinstance(value, str) and value.strip():
            path = Path(os.path.expanduser(value))
            config_path = path if path.is_absolute() or root is None else root / path
        else:
            errors.append(f"configPath must be a file path, got {value!r}")
    lint_on_change = raw.get("lintOnChange", True)
    if not isinstance(lint_on_change, bool):
        errors.append(f"lintOnChange must be true or false, got {lint_on_change!r}")
        lint_on_change = True
    debounce = raw.get("debounceMs", DEFAULT_DEBOUNCE_MS)
    if isinstance(debounce, bool) or not isinstance(debounce, int | float) \
            or not 0 <= debounce <= MAX_DEBOUNCE_MS:
        errors.append(f"debounceMs must be a number of milliseconds from 0 to {MAX_DEBOUNCE_MS}, "
                      f"got {debounce!r}")
        debounce = DEFAULT_DEBOUNCE_MS
    return Options(as_of, config_path, lint_on_change, int(debounce)), errors


def config_file_for(document: Path | None, options: Options, root: Path | None) -> Path | None:
    """The config file that applies to a document, as `healthlint check` would pick it.

    The one place the server discovers configs: `configPath` if given, else the nearest
    `.healthlint.yaml` from the document's folder upwards (the workspace root for a document
    that is not a file yet), else None (the built-in pack).
    """
    if options.config_path is not None:
        return options.config_path
    start = document.parent if document is not None else root
    return find_config(start) if start is not None else None


class ConfigCache:
    """Loaded configs by file, reloaded when the file changes on disk or on request."""

    def __init__(self) -> None:
        self._loaded: dict[Path | None, tuple[tuple[int, int] | None, Config | ConfigError]] = {}

    def clear(self) -> None:
        self._loaded.clear()

    def get(self, path: Path | None) -> Config | ConfigError:
        stamp = _stamp(path)
        cached = self._loaded.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            loaded: Config | ConfigError = load_config(path)
        except ConfigError as exc:
            loaded = exc
        self._loaded[path] = (stamp, loaded)
        return loaded


def _stamp(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return (-1, -1)
    return (info.st_mtime_ns, info.st_size)
