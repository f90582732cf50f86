"""markdown-it-pyrs (linter/parsing/markdown_rs.py) gives the same headings, blocks and
front matter as markdown-it-py wherever it takes an article, declines the inputs it is
known to get wrong or crash on, and keeps the adversarial shapes linear. The full campaign
(every corpus, 20,000+ fuzzed texts) is `python -m tests.support.markdown_diff`; the
crash and blow-up survey, each input in its own process, `python -m tests.support.markdown_safety`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from linter.parsing import markdown, markdown_rs
from linter.parsing.decode import normalise_newlines
from tests.support import shapes
from tests.support.fuzz import markdownish_text
from tests.support.markdown_diff import differs

ROOT = Path(__file__).resolve().parents[1]


def _articles() -> list[Path]:
    return sorted([*(ROOT / "sample_articles").glob("*.md"), *(ROOT / "tests").rglob("*.md")])


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_both_parsers_agree_on_every_article_file(path: Path) -> None:
    text = normalise_newlines(path.read_text(encoding="utf-8", errors="replace"))
    assert differs(text) is None


def test_the_sample_articles_take_the_fast_path() -> None:
    for path in sorted((ROOT / "sample_articles").glob("*.md")):
        assert markdown_rs.records(normalise_newlines(path.read_text())) is not None, path


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(markdownish_text())
def test_both_parsers_agree_on_markdown_like_text(text: str) -> None:
    assert differs(text) is None


@pytest.mark.parametrize("text", [
    "Tight and loose:\n\n- a\n- b\n\n  c\n- d\n  e\n\n1. x\n   # h\n   y\n",
    "- a\n    - b\n      lazy\ncontinued\n",
    "-\n  late start\n-     five spaces\n",
    "---\ntitle: X\n---\n# T\n\n<div>\nhtml\n",
    "```\nunclosed",
    "    code at the end",
    "```\nunclosed\n\n",
    "- ```\n  unclosed\n\n\nz",
    "# Title *with* `code`\n\nSetext\n===\n\ntext &amp; &#0; \\* <b>x</b>\n",
    "\x00 nul\n\nline\u2028sep \x85 \x0c inside",
    "- " + "b" * 19_990 + "\n- c\n",
    "a\n" + "    - a\n" * 3_000,  # one paragraph over MAX_INLINE_CHARS: kept as text
])
def test_both_parsers_agree_on_edge_cases(text: str) -> None:
    assert markdown_rs.records(text) is not None
    assert differs(text) is None


@pytest.mark.parametrize("text", [
    "`a` [`",  # markdown-it-pyrs 0.4.0 panics (code_pair.rs index out of bounds)
    "Read ![the chart](c.png).",  # an image's alt text is its raw label
    "- a\n\tb",  # tabs in continuation lines
    "<!doctype html>",  # markdown-it-py (CommonMark 0.31) takes it as HTML, pyrs does not
    "---\ntitle: x\n...\n",  # markdown-it-py also ends front matter with "..."
    ">" * 17 + " deep",  # deep nesting: a Rust stack overflow, and past maxNesting
    "- " * 9 + "deep",
    " " * 17 + "- deep",
    "> quoted\n> lines",  # block quotes are left to markdown-it-py
    "*" * 2_001,  # over MAX_MARKUP
    "- <!--\n  x\n\n\nz",  # markdown-it-pyrs leaves out the blank lines of the comment
    "<\n:-",  # markdown-it-pyrs: a table (markdown-it-py wants a | in the header line)
    "| a | b |\n|---|---|\n| c |",  # tables are left to markdown-it-py
    "1\U000811f6;\u00bc*\u00f7^\n<!-- x -->",  # markdown-it-pyrs drops the *
    "\u00a0lead and trail\u3000",  # markdown-it-py trims them, markdown-it-pyrs does not
    "nul \x0c",
    "[" + "a" * 20_001,  # a giant paragraph with inline markup
    "anticoagulant\n" * 2_000,  # a giant paragraph without list items to break it
])
def test_declines_what_it_gets_wrong_or_crashes_on(text: str) -> None:
    assert markdown_rs.records(text) is None
    assert markdown.tokenize(text) == markdown.tokenize_py(text)


def test_without_markdown_it_pyrs_every_text_goes_to_markdown_it_py() -> None:
    code = ("import sys\nsys.modules['markdown_it_pyrs'] = None\n"
            "from linter.parsing import markdown, markdown_rs\n"
            "t = '# T\\n\\n- a\\n- b\\n'\n"
            "print(markdown_rs.records(t), markdown.tokenize(t) == markdown.tokenize_py(t))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.stdout.split() == ["None", "True"], run.stderr


def test_its_trim_is_markdown_it_pys() -> None:
    from markdown_it.common.utils import MD_TRIM_CHARS

    assert markdown_rs.MD_TRIM_CHARS == MD_TRIM_CHARS


def test_linting_a_plain_article_does_not_import_markdown_it_py() -> None:
    code = ("import sys, datetime\nfrom linter.parsing import parse\nfrom linter.config import "
            "load_config\nfrom pathlib import Path\n"
            "t = Path('sample_articles/knee-arthroscopy.md').read_text()\n"
            "c = load_config(None)\n"
            "parse('a.md', t, c.choose_template, datetime.date(2026, 1, 1))\n"
            "print('markdown_it' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.stdout.strip() == "False", run.stderr


@pytest.mark.parametrize("shape", ["headings", "list_items", "near_duplicates", "references"])
def test_the_sectioned_shapes_take_the_fast_path_in_linear_time(shape: str) -> None:
    # headings took 19 s and list_items 11 s at 4 MiB through markdown-it-py; markdown-it-pyrs
    # takes them, and doubling the input must about double the work (quadratic would be 4x)
    make = shapes.SHAPES[shape]
    small, big = make(1 << 19), make(1 << 20)
    assert markdown_rs.safe_for(big)
    took = [min(_cpu(text) for _ in range(3)) for text in (small, big)]
    assert took[1] < 3 * took[0] + 0.05


def _cpu(text: str) -> float:
    started = time.process_time()
    assert markdown_rs.records(text) is not None
    return time.process_time() - started
