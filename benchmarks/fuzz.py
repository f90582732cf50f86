"""Fuzz the whole engine: no input may raise, every answer must be a usable one.

The strategies and the soundness check are shared with tests/test_properties.py (which runs
them on a few hundred inputs in CI). This script runs a campaign:

    python -m benchmarks.fuzz --examples 100000 --jobs 2

It splits the examples over the properties and the processes, and prints how many inputs
each property saw and the first failure (shrunk by hypothesis), if any.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from linter.config import Config, load_config
from linter.engine import INTERNAL_ERROR, PARSE_ERROR, FileResult, lint_bytes

AS_OF = dt.date(2026, 11, 24)
TITLES = ("Reasons for Procedure", "Possible Complications", "What to Expect",
          "Prior to Procedure", "Anesthesia", "Description of the Procedure",
          "Immediately After Procedure", "After Procedure", "How Long Will It Take?",
          "Will It Hurt?", "Average Hospital Stay", "Post-procedure Care", "At Home",
          "Call Your Doctor", "Resources", "References", "Revision Information")
SNIPPETS = (
    "Rest the knee for two days.", "Call your doctor if you have a fever:",
    "If you think you have an emergency, call for medical help right away.",
    "Available at: https://www.example.org/page. Updated June 2013. Accessed June 31, 2013.",
    "Available at:. Accessed February 30, 2099.", "Smith J. Knee care. J Med. 2007;12(3):45-50.",
    "Copyright © Example Images, Inc.", "Search the Health Library", "edema and analgesic use",
    "Last reviewed: 2026-13-45", "Reviewer: Dana Whitfield, RN", "www.example.org",
    "intravenous anticoagulation therapy is initiated subsequently", "e.g. 3.5 mg a.m. Dr. Lee",
)
DIRECTIVES = ("<!-- healthlint-disable -->", "<!-- healthlint-enable -->",
              "<!-- healthlint-disable-next-line duplicate-paragraph -->",
              "<!-- healthlint-disable-file readability, plain-language -->",
              "<!-- healthlint-disable nonexistent-rule -->", "<!--", "-->")
YAML_VALUES = ("0000-00-00", "2026-13-45", "2026-02-10", "yes", "~", "null", "[a, b]", "{a: 1}",
               "&a x", "*a", "[", "{", "!!python/object:os.system", "!!binary aGk=", "|", ">",
               "- x", "? x", ": x", "'unclosed", '"\\x"', "0x1F", "1e9999", ".nan", "-", "@")


def _line() -> st.SearchStrategy[str]:
    words = st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=40)
    return st.one_of(
        st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), st.sampled_from(TITLES)),
        st.sampled_from(TITLES),
        st.builds(lambda t, s: t + s, st.sampled_from(TITLES), st.sampled_from(SNIPPETS)),
        st.builds(lambda d, m, s: "  " * d + m + " " + s, st.integers(0, 60),
                  st.sampled_from(["-", "*", "+", "1.", "2)", "•"]),
                  st.one_of(st.sampled_from(SNIPPETS), words)),
        st.sampled_from(SNIPPETS), st.sampled_from(DIRECTIVES),
        st.sampled_from(["```", "~~~", "    code", "---", "***", "| a | b |", "|---|---|",
                         ">", "> > > quote", "<div>", "</div>", "[x]: http://a", "by Lee Chen",
                         "(Knee Scope; Arthroscopy)", "***bold*** _it_ `code` [link](url)",
                         "![image](x.png)", "&amp; &#0; &#xFFFFFF;", "\t\tindented", "\x0c",
                         "\u2028", "\x85", "\ufeff", "\x00"]),
        words,
        st.just(""),
    )


@st.composite
def markdownish_text(draw: st.DrawFn, max_lines: int = 40) -> str:
    """Lines that look like an article: headings, lists, references, comments, noise."""
    return "\n".join(draw(st.lists(_line(), max_size=max_lines)))


def article_text() -> st.SearchStrategy[str]:
    return markdownish_text()


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(max_size=20), st.sampled_from(YAML_VALUES))
_KEYS = st.one_of(st.sampled_from(["title", "reviewed", "also_called", "author", "type",
                                   "reviewer", "tags"]), st.text(min_size=1, max_size=10))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=12)


@st.composite
def front_matter_text(draw: st.DrawFn) -> str:
    """Valid YAML of any shape, YAML-like lines with hostile values, or noise."""
    kind = draw(st.integers(0, 2))
    if kind == 0:
        dumped: str = yaml.safe_dump(draw(_VALUES), allow_unicode=True, default_flow_style=None)
        return dumped.rstrip("\n")
    if kind == 1:
        lines = draw(st.lists(st.builds(
            lambda k, v, i: " " * i + f"{k}: {v}", _KEYS.filter(lambda k: "\n" not in k),
            st.sampled_from(YAML_VALUES), st.integers(0, 4)), max_size=8))
        return "\n".join(line for line in lines if "---" not in line)
    noise = draw(st.text(max_size=200))
    return "\n".join(line for line in noise.splitlines() if line.strip() != "---")


@cache
def config() -> Config:
    return load_config(None)


def lint(article: str | bytes, fmt: str) -> FileResult:
    data = article if isinstance(article, bytes) else article.encode("utf-8", "surrogatepass")
    path = "article.md" if fmt == "markdown" else "article.txt"
    return lint_bytes(path, data, config(), AS_OF)


def assert_sound(data: bytes, result: FileResult) -> None:
    """No internal error; problems sorted, on existing lines; a failure says why."""
    problems = result.problems
    crashes = [p.message for p in problems if p.rule == INTERNAL_ERROR]
    assert not crashes, crashes
    last = len(result.document.lines) if result.document else _line_count(data)
    for problem in problems:
        assert 1 <= problem.line <= max(last, 1), problem
        assert problem.end_line >= problem.line, problem
        assert problem.message.strip(), problem
    assert list(problems) == sorted(problems, key=lambda p: p.sort_key)
    if result.failed:
        assert any(p.rule == PARSE_ERROR for p in problems), problems


def _line_count(data: bytes) -> int:
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    text = data.decode("utf-16" if utf16 else "utf-8-sig", "replace")
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


# ----------------------------------------------------------------------------- campaign


def _prop_bytes(data: bytes, fmt: str) -> None:
    assert_sound(data, lint(data, fmt))


def _prop_text(text: str, fmt: str) -> None:
    assert_sound(text.encode("utf-8", "surrogatepass"), lint(text, fmt))


def _prop_markdown(text: str, fmt: str) -> None:
    assert_sound(text.encode(), lint(text, fmt))


def _prop_front_matter(front_matter: str, body: str) -> None:
    text = f"---\n{front_matter}\n---\n{body}"
    assert_sound(text.encode(), lint(text, "markdown"))


FORMATS = st.sampled_from(["markdown", "text"])
PROPERTIES: dict[str, tuple[Callable[..., None], tuple[st.SearchStrategy[Any], ...]]] = {
    "bytes": (_prop_bytes, (st.binary(max_size=4000), FORMATS)),
    "text": (_prop_text, (st.text(max_size=4000), FORMATS)),
    "markdown-ish": (_prop_markdown, (markdownish_text(120), FORMATS)),
    "front matter": (_prop_front_matter, (front_matter_text(), article_text())),
}


def run_shard(name: str, examples: int, shard: int) -> tuple[str, int, str | None, float]:
    """Run one property on `examples` inputs; (name, inputs seen, failure or None, seconds)."""
    prop, strategies = PROPERTIES[name]
    seen = 0

    @seed(shard)
    @settings(max_examples=examples, deadline=None, database=None,
              phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    @given(st.tuples(*strategies))
    def property_test(args: tuple[Any, ...]) -> None:
        nonlocal seen
        seen += 1
        prop(*args)

    started = time.perf_counter()
    try:
        property_test()
    except Exception as exc:  # report the shrunk failing example
        return name, seen, f"{type(exc).__name__}: {exc}", time.perf_counter() - started
    return name, seen, None, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="total inputs")
    parser.add_argument("--jobs", type=int, default=2, help="processes")
    parser.add_argument("--shards", type=int, default=8, help="shards per property")
    args = parser.parse_args(argv)
    per_shard = -(-args.examples // (len(PROPERTIES) * args.shards))
    jobs = [(name, per_shard, shard) for name in PROPERTIES for shard in range(args.shards)]
    totals: dict[str, int] = dict.fromkeys(PROPERTIES, 0)
    failures: list[str] = []
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        for name, seen, failure, seconds in pool.map(run_shard, *zip(*jobs, strict=True)):
            totals[name] += seen
            print(f"{name:<14} shard: {seen:>7,} inputs in {seconds:6.1f} s"
                  + (f"  FAILED: {failure}" if failure else ""), flush=True)
            if failure:
                failures.append(f"{name}: {failure}")
    print(f"\n{sum(totals.values()):,} inputs in {time.perf_counter() - started:.0f} s: "
          + ", ".join(f"{name} {count:,}" for name, count in totals.items()))
    print("result: " + ("no failures" if not failures else f"{len(failures)} failing shard(s)"))
    for failure in failures:
        print("  " + failure[:2000])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
