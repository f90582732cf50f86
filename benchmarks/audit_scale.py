"""Time and peak memory of `healthlint audit` on a large generated library.

    python benchmarks/audit_scale.py                      # 10,000 articles, one process per CPU
    python benchmarks/audit_scale.py --articles 1000 --jobs 1
    python benchmarks/audit_scale.py --library /tmp/lib   # keep (or reuse) the generated files

Articles come from tests/support/corpus.py: 1,000-1,500 words each, written from small
sentence pools, so the library is full of shared and near-identical paragraphs -- the hard
case for the near-duplicate search (large LSH buckets, large groups). Prints the time of
each phase and the peak resident memory of this process and of the worker processes.
Not a test: run it by hand and put the numbers in the change description.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linter.audit.collect import audit_paths, settings_from  # noqa: E402
from linter.audit.command import policy_for  # noqa: E402
from linter.audit.duplicates import DuplicateFinder  # noqa: E402
from linter.audit.report import AuditReport, write_csv, write_html, write_json  # noqa: E402
from linter.config import load_config  # noqa: E402
from linter.engine import collect  # noqa: E402
from tests.support.corpus import write_library  # noqa: E402

AS_OF = dt.date(2026, 11, 24)


def peak_mib(who: int) -> float:
    """Peak resident set size in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--library", type=Path, help="folder to write the articles to (kept)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        library = args.library or Path(scratch) / "library"
        started = time.perf_counter()
        if not any(library.glob("*.md")):
            write_library(library, args.articles)
        generated = time.perf_counter()
        config = load_config(None)
        files = collect([str(library)], config)
        finder = DuplicateFinder()
        settings = settings_from(config, AS_OF, sketch=finder.settings, links=False)
        audits = []
        paragraphs = 0
        for article in audit_paths(files, config, settings, args.jobs):  # as the command does
            if article.sketches is not None:
                paragraphs += len(article.sketches)
                finder.add_sketches(article.sketches)
            audits.append(article.without_sketches())
        linted = time.perf_counter()
        groups = finder.groups()
        deduplicated = time.perf_counter()
        report = AuditReport(tuple(audits), tuple(groups), AS_OF,
                             policy_for(config), (str(library),))
        sizes = {}
        for name, write in (("HTML", write_html), ("JSON", write_json), ("CSV", write_csv)):
            path = Path(scratch) / f"audit.{name.lower()}"
            with path.open("w", encoding="utf-8", newline="") as out:
                write(report, out)
            sizes[name] = path.stat().st_size / 2**20
        rendered = time.perf_counter()

    problems = sum(len(a.problems) for a in audits)
    drifted = sum(1 for g in groups if g.drifted)
    print(f"articles:            {len(files):,} ({problems:,} problems, {paragraphs:,} paragraphs "
          f"of {settings.min_paragraph_words}+ words)")
    print(f"generate articles:   {generated - started:7.1f} s")
    print(f"lint + measure:      {linted - generated:7.1f} s  ({args.jobs} processes; "
          f"{len(finder):,} distinct paragraphs indexed on the way)")
    print(f"near-duplicates:     {deduplicated - linted:7.1f} s  ({len(groups):,} groups, "
          f"{drifted:,} with differing copies)")
    print(f"render + write:      {rendered - deduplicated:7.1f} s  ("
          + ", ".join(f"{name} {size:.1f} MiB" for name, size in sizes.items()) + ")")
    print(f"audit total:         {rendered - generated:7.1f} s")
    print(f"peak memory:         {peak_mib(resource.RUSAGE_SELF):7.0f} MiB (main process), "
          f"{peak_mib(resource.RUSAGE_CHILDREN):.0f} MiB (largest worker)")


if __name__ == "__main__":
    main()
