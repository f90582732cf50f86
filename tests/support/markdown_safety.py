"""Hostile inputs for the Markdown parsers, each parsed in its own process so that a Rust
panic or stack overflow shows as a crash: which parser took it, the CPU seconds, the exit.

    python -m tests.support.markdown_safety [--size 4194304]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable

MIB = 1 << 20


def _nested_lists(n: int) -> str:
    return "".join("  " * i + "- x\n" for i in range(n))


def _nested_quotes(n: int) -> str:
    return "".join(">" * i + " x\n" for i in range(n))


def _paragraphs(paragraph: str, size: int) -> str:
    return (paragraph + "\n\n") * max(1, size // (len(paragraph) + 2))


CASES: dict[str, Callable[[int], str]] = {
    "1000-deep indented list": lambda size: _nested_lists(1000),
    "1000-deep '- - -' list": lambda size: "- " * 1000 + "x\n",
    "1000-deep '1. 1.' list": lambda size: "1. " * 1000 + "x\n",
    "1000-deep '>>>>' quote": lambda size: ">" * 1000 + " x\n",
    "1000-deep '> > >' quote": lambda size: "> " * 1000 + "x\n",
    "1000 lines of growing quotes": lambda size: _nested_quotes(1000),
    "16-deep list (the limit)": lambda size: _nested_lists(8) * (size // 400),
    "[[[[": lambda size: "[" * size,
    "****": lambda size: "*" * size,
    "<<<<": lambda size: "<" * size,
    "````": lambda size: "`" * size,
    "____": lambda size: "_" * size,
    "\\\\\\\\": lambda size: "\\" * size,
    "&amp runs": lambda size: "&amp" * (size // 4),
    "*a ... a* nesting": lambda size: "*a " * (size // 6) + " a*" * (size // 6),
    "**** a ****": lambda size: "*" * (size // 2) + "a" + "*" * (size // 2),
    "brackets shape": lambda size: "[a <b `c <!-- " * (size // 14),
    "`a` [` (pyrs panics)": lambda size: "`a` [`",
    "`a` [` many": lambda size: "`a` [`\n\n" * (size // 8),
    "20,000-char paragraphs of *a a*": lambda size: _paragraphs("*a " * 3333 + " a*" * 3333, size),
    "20,000-char paragraphs of [": lambda size: _paragraphs("[" * 19_999, size),
    "20,000-char paragraphs of [a](": lambda size: _paragraphs("[a](" * 4999, size),
    "20,000-char paragraphs of <a": lambda size: _paragraphs("<a " * 6666, size),
    "20,000-char paragraphs of `a": lambda size: _paragraphs("`a " * 6666, size),
    "20,000-char paragraphs of **": lambda size: _paragraphs("*" * 9999 + "a" + "*" * 9999, size),
    "1,900 markup in 20,000 chars": lambda size: _paragraphs("*a " * 950 + "b" * 17_000, size),
    "1,900 [ in 20,000 chars": lambda size: _paragraphs("[a " * 1900 + "b" * 14_000, size),
    "list lines + 1,900 [ paragraph": lambda size: "[a " * 1900 + "b" * 14_000 + "\n\n"
    + "- Call your doctor if you have a fever\n" * (size // 39),
    "list lines + 1,900 *a a* paragraph": lambda size: "*a " * 950 + " a*" * 950 + "\n\n"
    + "- Call your doctor if you have a fever\n" * (size // 39),
    "list lines + 1,900 `[ paragraph": lambda size: "`a " * 950 + "\n\n" + "[a " * 950
    + "\n\n" + "- Call your doctor if you have a fever\n" * (size // 39),
    "headings + 1,900 ** ": lambda size: "*" * 950 + "a" + "*" * 950 + "\n\n"
    + "## Possible Complications\n\nBleeding.\n\n" * (size // 40),
    "long table": lambda size: "| a | b |\n|---|---|\n" + "| c | d |\n" * (size // 10),
    "wide table": lambda size: "|a" * (size // 4) + "\n" + "|-" * (size // 4) + "\n",
    "table of long cells": lambda size: "| a | b |\n|---|---|\n" + ("| " + "c" * 30_000 + " |\n") * 8,
    "NUL bytes": lambda size: "a\0b\n\0\n" * (size // 6),
    "odd Unicode": lambda size: "\u202e\ufeff\u0301\U0001f600\u00a0\u2028\x85\x0c\u3000 a\n" * (size // 12),
    "one-word lines": lambda size: "anticoagulant\n" * (size // 14),
    "list lines": lambda size: "- Call your doctor if you have a fever\n" * (size // 39),
    "lazy continuation lines": lambda size: "a\n    - a\n" * (size // 10),
    "headings": lambda size: "## Possible Complications\n\nBleeding.\n\n" * (size // 40),
    "setext lines": lambda size: "a\n" * (size // 2) + "===\n",
    "front matter": lambda size: "---\n" + "a: b\n" * (size // 5) + "---\n",
    "unclosed fence": lambda size: "```\n" + "x\n" * (size // 2),
    "html blocks": lambda size: "<div>\n<!-- c -->\n\n" * (size // 18),
    "indented code": lambda size: "    code\n" * (size // 9),
}

_CHILD = """
import sys, time
from linter.parsing import markdown, markdown_rs
from tests.support.markdown_safety import CASES
text = CASES[sys.argv[1]](int(sys.argv[2]))
path = "markdown-it-pyrs" if markdown_rs.safe_for(text) else "markdown-it-py"
start = time.process_time()
markdown.tokenize(text)
print(path, f"{time.process_time() - start:.2f}")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=4 * MIB)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", default="", help="run the cases whose name holds this")
    args = parser.parse_args(argv)
    bad = 0
    for name in (n for n in CASES if args.only in n):
        try:
            run = subprocess.run([sys.executable, "-c", _CHILD, name, str(args.size)],
                                 capture_output=True, text=True, timeout=args.timeout)
            if run.returncode == 0:
                result = run.stdout.strip()
            else:
                bad += 1
                result = f"CRASH exit {run.returncode}: {run.stderr.strip().splitlines()[-1:]}"
        except subprocess.TimeoutExpired:
            bad += 1
            result = f"TIMEOUT after {args.timeout} s"
        print(f"{name:32} {result}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
