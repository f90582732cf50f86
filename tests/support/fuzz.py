"""Fuzz the whole engine: no input may raise, every answer must be a usable one.

Properties: lint any bytes, text, Markdown-like article or front matter soundly; `--fix`
(applied twice) is idempotent, never empties a file and never removes a sentence that has
no other copy in the file; every formatter (and the Markdown summary) turns any problems,
with hostile file names and messages, into output that encodes as UTF-8, parses (JSON,
SARIF, JUnit), holds no control character (text, concise, full, grouped) nor forged line
(text, concise), starts no workflow command healthlint did not write (github) and no live
link or image (summary).

The strategies and the soundness check are shared with tests/test_properties.py (which runs
them on a few hundred inputs in CI). This script runs a campaign:

    python -m tests.support.fuzz --examples 100000 --jobs 2

It splits the examples over the properties and the processes, and prints how many inputs
each property saw and the first failure (shrunk by hypothesis), if any.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import json
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from linter.config import Config, load_config
from linter.engine import INTERNAL_ERROR, PARSE_ERROR, FileResult, lint_bytes
from linter.model.problems import Problem, Severity
from linter.output import summary
from linter.output.escaping import encodable
from linter.output.fixes import Fixed, fix_bytes
from linter.output.formats import FORMATTERS
from linter.output.report import Report

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
    "Copyright © Example Images, Inc. Rest the knee for two days and keep it raised.",
    "Home/work: you can go back to a desk job in about one week.",
    "Read [the guide](https://example.org/knee) first.", "Read [the guide](https://example.org/hip) first.",
    "Bring these | your photo ID | your insurance card | a list of your medicines",
    "Write to physician.office@example.org or physician.example.org about it.",
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


#: a sentence of article text, as a writer wrote it: at least five words, most of them
#: lowercase (credits and navigation, which fixes may remove, are Title Case or short)
_SENTENCE = re.compile(r"[A-Z][^.!?\n]*[.!?]")
#: where a word or a sentence ends and a capitalised word starts with no space between:
#: a heading glued to its text ("Will It Hurt?You may feel...", "ProcedureRest the knee")
_GLUED = re.compile(r"(?<=[^\sA-Z])(?=[A-Z][a-z])")


def prose_sentences(text: str) -> Counter[str]:
    """The sentences of `text`, each line first cut where a capitalised word is glued to
    what comes before it, so a glued heading is never counted as part of its sentence."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        for piece in _GLUED.split(line):
            for match in _SENTENCE.finditer(piece):
                # a word: letters between spaces ("A0A0a0a0a." is one word, not five)
                words = [w for w in match.group().split() if re.search("[A-Za-z]", w)]
                if len(words) >= 5 and sum(w.islower() for w in words) >= 3:
                    found[" ".join(match.group().split())] += 1
    return found


def lost_sentences(before: str, after: str) -> list[str]:
    """Sentences with one copy in `before` whose characters are not all in `after`, in a
    row (a fix may add or remove white space, e.g. put a glued heading on its own line)."""
    squashed = "".join(after.split())
    return [s for s, n in prose_sentences(before).items()
            if n == 1 and "".join(s.split()) not in squashed]


Fixer = Callable[[str, bytes, Config, dt.date], Fixed]


def assert_fix_is_safe(data: bytes, path: str = "article.md", fix: Fixer = fix_bytes) -> None:
    """--fix twice: the second changes nothing; no unique sentence lost; never empty."""
    first = fix(path, data, config(), AS_OF)
    assert_sound(first.after, first.result)
    second = fix(path, first.after, config(), AS_OF)
    assert second.after == first.after, (first.after, second.after)
    if not first.changed:
        return
    before = data.decode("utf-8-sig", "replace")
    after = first.after.decode("utf-8-sig", "replace")
    assert after.strip(), "the fix emptied the file"
    lost = lost_sentences(before, after)
    assert not lost, lost


def _prop_fix(text: str, fmt: str) -> None:
    assert_fix_is_safe(text.encode(), "article.md" if fmt == "markdown" else "article.txt")


_NAMES = st.one_of(
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.sampled_from(["::error title=Forged::pwned.md", "a\nb.md:1:1: error forged x",
                     "\x1b]0;title\x07.md", "[x](https://evil.example).md", "=SUM(1).md",
                     os.fsdecode(b"caf\xe9.md"), "##[error]x.md", " ::warning::x"]),
)
_GITHUB_COMMAND = re.compile(r"::(error|warning|notice) file=")


def _prop_formatters(names: list[str], messages: list[str]) -> None:
    problems = tuple(sorted((
        Problem(path=name, line=i + 1, column=1, end_line=i + 1, end_column=2,
                rule="rule-" + str(i % 3), severity=list(Severity)[i % 3], message=message,
                context=message)
        for i, (name, message) in enumerate(zip(names, messages, strict=False))
    ), key=lambda p: (p.path, p.sort_key)))
    report = Report(problems, files=len(set(names)), paths=tuple(dict.fromkeys(names)),
                    root="/work", rules=())
    for name, formatter in FORMATTERS.items():
        out = encodable(formatter(report))
        out.encode("utf-8")
        if name in ("json", "sarif"):
            json.loads(out)
        elif name == "junit":
            ET.fromstring(out.encode("utf-8"))
        elif name in ("text", "concise", "full", "grouped"):
            if name in ("text", "concise"):
                lines = out.split("\n")
                assert len(lines) == len(problems) + 1, lines
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out), out
        elif name == "github":
            for line in out.split("\n"):
                assert not line.lstrip().startswith("::") or _GITHUB_COMMAND.match(line), line
                assert "\r" not in line
            assert sum(1 for line in out.split("\n") if line.startswith("::")) <= len(problems)
    shown = summary.render(report)
    shown.encode("utf-8")
    assert not re.search(r"(?<!\\)\]\(|(?<!\\)!\[", shown), shown
    assert "<" not in shown, shown


FORMATS = st.sampled_from(["markdown", "text"])
PROPERTIES: dict[str, tuple[Callable[..., None], tuple[st.SearchStrategy[Any], ...]]] = {
    "bytes": (_prop_bytes, (st.binary(max_size=4000), FORMATS)),
    "text": (_prop_text, (st.text(max_size=4000), FORMATS)),
    "markdown-ish": (_prop_markdown, (markdownish_text(120), FORMATS)),
    "front matter": (_prop_front_matter, (front_matter_text(), article_text())),
    "fix twice": (_prop_fix, (markdownish_text(60), FORMATS)),
    "formatters": (_prop_formatters, (st.lists(_NAMES, max_size=25),
                                      st.lists(st.text(max_size=60), max_size=25))),
}


def run_shard(name: str, examples: int, shard: int) -> tuple[str, int, str | None, float]:
    """Run one property on `examples` inputs; (name, inputs seen, failure or None, seconds)."""
    prop, strategies = PROPERTIES[name]
    seen = 0
    failing: list[tuple[Any, ...]] = []

    @seed(shard)
    @settings(max_examples=examples, deadline=None, database=None, report_multiple_bugs=False,
              phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    @given(st.tuples(*strategies))
    def property_test(args: tuple[Any, ...]) -> None:
        nonlocal seen
        seen += 1
        try:
            prop(*args)
        except Exception:
            failing.append(args)  # the last one is the shrunk example
            raise

    started = time.perf_counter()
    try:
        property_test()
    except Exception as exc:  # report the shrunk failing example
        example = f"; input {failing[-1]!r}" if failing else ""
        return name, seen, f"{type(exc).__name__}: {exc}{example}", time.perf_counter() - started
    return name, seen, None, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="total inputs")
    parser.add_argument("--jobs", type=int, default=2, help="processes")
    parser.add_argument("--property", action="append", choices=sorted(PROPERTIES),
                        help="run only these properties (default: all)")
    parser.add_argument("--shards", type=int, default=8, help="shards per property")
    args = parser.parse_args(argv)
    chosen = args.property or list(PROPERTIES)
    per_shard = -(-args.examples // (len(chosen) * args.shards))
    jobs = [(name, per_shard, shard) for name in chosen for shard in range(args.shards)]
    totals: dict[str, int] = dict.fromkeys(chosen, 0)
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
