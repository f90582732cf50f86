"""Where a lint's time goes: milliseconds per article for each stage, in this process.

    python -m benchmarks.stages                      # 1,000 generated articles, default pack
    python -m benchmarks.stages --articles 200 --library /tmp/lib

Stages, timed with perf_counter around the engine's own functions (one process, no pool):
read (the bytes from disk), decode, tokenize (markdown-it, Markdown files only), build
document (the rest of `parse`: front matter, sections, references, suppressions), each
enabled rule (its check run to the end, suppressions applied), and engine (turning findings
into problems and sorting them). Helpers that cache on the document (sentences) are paid by
the first rule that asks. Prints a Markdown table; the README's performance section shows it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from linter import engine
from linter.config import load_config
from linter.parsing import markdown, parse
from linter.parsing.decode import decode
from tests.support.corpus import DEFAULT_SEED, write_library

AS_OF = dt.date(2026, 11, 24)


def stage_times(files: list[Path]) -> dict[str, float]:
    """Total seconds per stage over `files`."""
    config = load_config(None)
    spent: dict[str, float] = defaultdict(float)
    clock = time.perf_counter
    for path in files:
        started = clock()
        data = path.read_bytes()
        read = clock()
        text = decode(data)
        decoded = clock()
        name = str(path)
        if name.endswith(".md"):
            markdown.tokenize(text.replace("\r\n", "\n").replace("\r", "\n"))
        tokenized = clock()
        parsed = parse(name, text, config.choose_template, AS_OF)
        built = clock()
        spent["read"] += read - started
        spent["decode"] += decoded - read
        spent["tokenize"] += tokenized - decoded
        # parse() tokenizes again: the document build is parse minus one tokenize
        spent["build document"] += (built - tokenized) - (tokenized - decoded)
        doc = parsed.document
        for rule in config.enabled_rules:
            before = clock()
            findings = [f for f in rule.check.run(doc, rule.params)
                        if not doc.suppressions.is_suppressed(rule.id, f.line)]
            after = clock()
            spent[f"rule {rule.id} ({rule.check.name})"] += after - before
            problems = [engine._from_finding(doc, rule, f) for f in findings]
            problems.sort(key=lambda p: p.sort_key)
            spent["engine (problems, sort)"] += clock() - after
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--library", type=Path, help="folder of the generated articles (kept)")
    args = parser.parse_args(argv)
    library = args.library or Path(tempfile.gettempdir()) / f"healthlint-stages-{args.articles}"
    if not (library / ".complete").exists():
        write_library(library, args.articles, args.seed)
        (library / ".complete").write_text("ok")
    files = sorted(p for p in library.iterdir() if p.suffix in (".md", ".txt"))
    stage_times(files[:20])  # warm caches (word lists, compiled patterns, syllables)
    spent = stage_times(files)
    total = sum(spent.values())
    print(f"# per-stage cost, {len(files):,} articles, one process, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| stage | ms/article | share |\n|---|---:|---:|")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {seconds / len(files) * 1000:.3f} | {seconds / total:.1%} |")
    print(f"| **total** | **{total / len(files) * 1000:.2f}** | 100% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
