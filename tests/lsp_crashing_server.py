"""`healthlint server` with one check that always crashes (for the robustness test).

Run as a script: the readability check raises on every document; everything else is real.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from linter.registry import CHECKS


def _crash(doc: Any, params: Any) -> Iterator[Any]:
    raise RuntimeError("boom")
    yield  # a generator, like every check


CHECKS["readability"] = dataclasses.replace(CHECKS["readability"], run=_crash)

if __name__ == "__main__":
    from linter.server.app import run

    run()
