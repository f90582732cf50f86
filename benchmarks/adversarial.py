"""Adversarial shapes: is every rule linear in the article's size?

Each shape is an article built to stress one kind of work (one huge paragraph, one huge
line of sentences, thousands of near-duplicate paragraphs, ...). The script doubles each
shape's size and prints the time and the growth factor per doubling: about 2 is linear,
about 4 is quadratic. Then it lints every shape at the size cap (4 MiB) unless a smaller
size already took longer than the budget:

    python -m benchmarks.adversarial                 # 64 KiB .. 512 KiB, then the cap
    python -m benchmarks.adversarial --shape paragraph --max-kib 1024 --profile

`--clock cpu` times the process's CPU seconds instead of the wall clock: on a machine
busy with other work, wall time grows with the load and says little about the code.
`--profile` prints the functions that took the most time at the largest size, so a
super-linear one can be named. `--config` lints with another config (for example the
example pack, to include custom existence/substitution rules).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

from linter.config import Config, load_config
from linter.engine import MAX_FILE_BYTES, lint_bytes
from tests.support.shapes import SHAPES

AS_OF = dt.date(2026, 11, 24)
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}


def measure(shape: Callable[[int], str], size: int, config: Config,
            clock: Callable[[], float] = time.perf_counter) -> float:
    data = shape(size).encode("utf-8")[:MAX_FILE_BYTES]
    start = clock()
    lint_bytes("article.md", data, config, AS_OF)
    return clock() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES))
    parser.add_argument("--min-kib", type=int, default=64)
    parser.add_argument("--max-kib", type=int, default=512)
    parser.add_argument("--budget", type=float, default=10.0,
                        help="seconds a 4 MiB article may take (the promise)")
    parser.add_argument("--no-cap", action="store_true", help="skip the 4 MiB run")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--config", type=Path)
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    args = parser.parse_args(argv)
    clock = CLOCKS[args.clock]
    config = load_config(args.config)
    failed = False
    for name in args.shape or list(SHAPES):
        shape = SHAPES[name]
        size, previous = args.min_kib * 1024, None
        row = [f"{name:<17}"]
        slowest = 0.0
        while size <= args.max_kib * 1024:
            took = measure(shape, size, config, clock)
            growth = f" x{took / previous:.1f}" if previous and previous > 0.002 else ""
            row.append(f"{size // 1024}K {took:.2f}s{growth}")
            previous, slowest = took, took
            size *= 2
            if took > args.budget:
                break
        print("  ".join(row), flush=True)
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(measure, shape, size // 2, config)
            pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(18)
        if not args.no_cap and slowest <= args.budget:
            took = measure(shape, MAX_FILE_BYTES, config, clock)
            verdict = "ok" if took <= args.budget else "TOO SLOW"
            failed |= took > args.budget
            print(f"{'':<17}  4 MiB: {took:.2f}s ({verdict})", flush=True)
        elif not args.no_cap:
            failed = True
            print(f"{'':<17}  4 MiB: not run ({args.max_kib} KiB already over "
                  f"{args.budget:g}s): TOO SLOW", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
