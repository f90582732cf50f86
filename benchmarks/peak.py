"""Run the healthlint command in this process, then record this process's peak memory.

    python -m benchmarks.peak OUT.txt audit LIBRARY -o report.html

Used by benchmarks/run.py to measure the main process alone (workers excluded): at exit
it writes `ru_maxrss` of this process, in KiB, to OUT.txt.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def main() -> None:
    out, args = Path(sys.argv[1]), sys.argv[2:]
    from linter.cli import main as healthlint

    try:
        healthlint.main(args, prog_name="healthlint")
    finally:
        out.write_text(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


if __name__ == "__main__":
    main()
