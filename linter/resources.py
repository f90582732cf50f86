"""Where the built-in rule packs and their data files are (no import of config or checks)."""

from __future__ import annotations

from pathlib import Path


def rules_dir() -> Path:
    """The built-in packs: inside the installed package, or in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


def data_path(name: str) -> Path:
    """A data file of the packs (word lists, patterns): rules/data/NAME."""
    return rules_dir() / "data" / name
