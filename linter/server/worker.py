"""Lint a document for the editor, in a worker thread or (a big one) a separate process.

Imported by the worker process on its own: nothing here imports pygls.
"""

from __future__ import annotations

import datetime as dt

from linter.config import Config
from linter.engine import FileResult, lint_bytes

#: An editor shows at most this many problems per document (the first ones, in line order);
#: one more diagnostic says how many are not shown. Tens of thousands (a 4 MiB dump) would
#: take seconds to send and help nobody; `healthlint check` lists them all.
MAX_DIAGNOSTICS = 1000


def lint_for_editor(path: str, data: bytes, config: Config, as_of: dt.date,
                    lean: bool = False) -> tuple[FileResult, int]:
    """`lint_bytes`, keeping the first MAX_DIAGNOSTICS problems, and how many were dropped.

    `lean` drops the parsed document too (a separate process need not send it back).
    """
    result = lint_bytes(path, data, config, as_of)
    hidden = max(len(result.problems) - MAX_DIAGNOSTICS, 0)
    return FileResult(result.path, result.problems[:MAX_DIAGNOSTICS], result.failed,
                      None if lean else result.document), hidden


def lint_lean(path: str, data: bytes, config: Config, as_of: dt.date) -> tuple[FileResult, int]:
    return lint_for_editor(path, data, config, as_of, lean=True)
