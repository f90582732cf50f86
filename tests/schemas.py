"""The official output schemas, read from `../shared/schemas/` beside the project (never copied in).

`HEALTHLINT_SCHEMAS` names another folder (a worktree beside the clone, say). Tests that need
a schema skip with a reason when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCHEMAS = Path(os.environ.get("HEALTHLINT_SCHEMAS") or ROOT.parent / "shared" / "schemas")


def schema(name: str) -> Path:
    path = SCHEMAS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in {SCHEMAS} (the schemas live beside the project, in "
                    "../shared/schemas/; set HEALTHLINT_SCHEMAS to another folder)")
    return path
