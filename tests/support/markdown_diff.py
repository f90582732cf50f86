"""Differential check of the two Markdown parsers: markdown-it-pyrs (`markdown_rs`, where it
takes the text) against markdown-it-py (`markdown.tokenize_py`): the same headings, blocks
(kind, text, lines, raw, depth) and front matter, on every corpus and on fuzzed text.

    python -m tests.support.markdown_diff --examples 20000

prints, per source, how many texts were compared, how many markdown-it-pyrs declined (left
to markdown-it-py) and every text where the two differ (exit status 1 if any).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from linter.parsing import markdown, markdown_rs
from linter.parsing.decode import normalise_newlines
from tests.support import shapes
from tests.support.fuzz import front_matter_text, markdownish_text

ROOT = Path(__file__).resolve().parents[2]
TEXT_SUFFIXES = (".md", ".markdown", ".txt")


def differs(text: str) -> str | None:
    """None if the parsers agree (or markdown-it-pyrs declines), else what differs."""
    fast = markdown_rs.records(text)
    if fast is None:
        return None
    slow = markdown.tokenize_py(text)
    if fast[1] != slow.front_matter:
        return f"front matter {fast[1]!r} != {slow.front_matter!r}"
    if fast[0] != slow.records:
        for index, (a, b) in enumerate(zip(fast[0], slow.records, strict=False)):
            if a != b:
                return f"record {index}: {a!r} != {b!r}"
        return f"{len(fast[0])} records != {len(slow.records)}"
    return None


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _files(*folders: Path) -> Iterator[str]:
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in TEXT_SUFFIXES:
                yield path.read_bytes().decode("utf-8", "replace")


def test_texts() -> Iterator[str]:
    """Article files, case-file strings and string constants in tests/."""
    tests = ROOT / "tests"
    yield from _files(tests)
    for path in sorted(tests.rglob("*.yaml")):
        try:
            yield from _strings(yaml.safe_load(path.read_text()))
        except yaml.YAMLError:
            yield path.read_text()
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value


def shape_texts(sizes: Iterable[int] = (4_096, 65_536, 300_000)) -> Iterator[str]:
    for make in shapes.SHAPES.values():
        for size in sizes:
            yield make(size)


def corpora() -> dict[str, Iterable[str]]:
    return {
        "tests": test_texts(),
        "sample_articles": _files(ROOT / "sample_articles"),
        "real+seed": _files(Path("/work/shared/real"), Path("/work/shared/seed")),
        "lib1000": _files(Path("/work/cmp/lib1000")),
        "shapes": shape_texts(),
    }


def check(name: str, texts: Iterable[str], failures: list[str]) -> None:
    seen = declined = 0
    for raw in texts:
        text = normalise_newlines(raw)
        seen += 1
        if not markdown_rs.safe_for(text) or markdown_rs.records(text) is None:
            declined += 1
            continue
        if (why := differs(text)) is not None:
            failures.append(f"{name}: {why}\n  text={text[:2000]!r}")
    print(f"{name}: {seen} texts, {declined} left to markdown-it-py, "
          f"{sum(f.startswith(name + ':') for f in failures)} differ", flush=True)


def fuzz(examples: int, failures: list[str], fuzz_seed: int = 20261202) -> None:
    strategies = {
        "fuzz-markdownish": markdownish_text(),
        "fuzz-front-matter": st.builds(lambda fm, body: f"---\n{fm}\n---\n{body}",
                                       front_matter_text(), markdownish_text()),
        "fuzz-text": st.text(st.characters(codec="utf-8"), max_size=400),
        "fuzz-markup": st.text(st.sampled_from(list("ab -*_[]()<>`!&#\\|:\n>1.")), max_size=200),
    }
    share = examples // len(strategies)
    for name, strategy in strategies.items():
        check(name, _examples(strategy, share, fuzz_seed), failures)


def _examples(strategy: st.SearchStrategy[str], count: int, fuzz_seed: int) -> list[str]:
    found: list[str] = []

    @seed(fuzz_seed)
    @settings(max_examples=count, phases=[Phase.generate], database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(text: str) -> None:
        found.append(text)

    collect()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args(argv)
    failures: list[str] = []
    for name, texts in corpora().items():
        check(name, texts, failures)
    fuzz(args.examples, failures, args.seed)
    for failure in failures[:40]:
        print(failure)
    print(f"{len(failures)} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
