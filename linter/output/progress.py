"""A progress bar on stderr for long runs (`check`, `audit`), never in CI logs or pipes.

Shown when asked (`--progress`), or by default when stderr is a terminal and the `CI`
environment variable is not set (GitHub Actions, GitLab CI and most CI systems set it).
By default the bar appears only once a run has taken `delay` seconds, so a quick run on a
few files prints nothing extra.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

#: seconds a `check` run takes before its bar appears (when not asked for explicitly)
CHECK_DELAY = 1.0


def wanted(option: bool | None) -> bool:
    """--progress/--no-progress, else: stderr is a terminal and this is not CI."""
    if option is not None:
        return option
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress(show: bool, total: int, label: str,
             delay: float = 0.0) -> Iterator[Callable[[int], None] | None]:
    """A function to call with the number of items just done (None when not shown)."""
    if not show:
        yield None
        return
    started = time.monotonic()
    done = 0
    bar: Any = None

    def advance(count: int) -> None:
        nonlocal done, bar
        done += count
        if bar is None:
            if time.monotonic() - started < delay:
                return
            bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
            bar.__enter__()
            bar.update(done)
        else:
            bar.update(count)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
