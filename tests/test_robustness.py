"""Odd and hostile files: each gets a clear message and the rest of the run goes on.

Big inputs are generated in tmp_path. Every CLI test lints a good article next to the bad
file and checks that the good one is still linted and the exit code is 2.
"""

from __future__ import annotations

import codecs
import os
import re
import signal
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from linter.cli import main
from linter.config import Config, load_config
from linter.engine import INTERNAL_ERROR, MAX_FILE_BYTES, PARSE_ERROR, lint_bytes
from linter.registry import CHECKS
from tests.conftest import AS_OF, lint_text
from tests.support.corpus import generate_article

GOOD = generate_article(3).text  # a realistic article with a few defects


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty work folder (no .healthlint.yaml above it) holding good.md."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    yield tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(
        main, ["check", *args, "--as-of", AS_OF.isoformat(), "-j", "1", "--no-color"]
    )


def lines_for(result: Result, path: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith(f"{path}:")]


def good_alone() -> list[str]:
    return [
        f"good.md:{p.line}:{p.column}: {p.severity.value} {p.rule} {p.message}"
        for p in lint_text(GOOD).problems
    ]


def assert_good_still_linted(result: Result) -> None:
    assert lines_for(result, "good.md") == good_alone()
    assert result.exit_code == 2, result.output


# ----------------------------------------------------------------------------- size


def test_a_20_mb_article_is_refused_quickly_and_the_run_goes_on(folder: Path) -> None:
    # A real article is ~10 KB; MAX_FILE_BYTES (4 MiB) bounds time and memory per file.
    big = (GOOD + "\n") * (20 * 1024 * 1024 // len(GOOD) + 1)
    (folder / "huge.md").write_text(big, encoding="utf-8")
    size = (folder / "huge.md").stat().st_size / (1024 * 1024)
    started = time.perf_counter()
    result = run("huge.md", "good.md")
    assert time.perf_counter() - started < 10
    assert lines_for(result, "huge.md") == [
        f"huge.md:1:1: error parse-error file is {size:.1f} MiB; healthlint reads articles up "
        "to 4 MiB (split it, or check that it is an article)"
    ]
    assert_good_still_linted(result)


def test_stdin_over_the_cap_is_refused_too() -> None:
    result = lint_text("x" * (MAX_FILE_BYTES + 1))
    assert [(p.rule, p.line) for p in result.problems] == [(PARSE_ERROR, 1)]
    assert result.failed


def test_200000_lines_are_linted_with_the_right_line_numbers() -> None:
    # 50,000 paragraphs, each followed by 3 blank lines, then one paragraph repeated.
    head = "# Knee Scope\n\nA knee scope lets the doctor look inside the knee.\n\n## Reasons for Procedure\n\n"
    body = "".join(f"Step {n} of the plan is done.\n\n\n\n" for n in range(50_000))
    tail = "Rest the knee and keep it raised on a pillow.\n\nRest the knee and keep it raised on a pillow.\n"
    text = head + body + tail
    lines = text.count("\n")
    assert lines > 200_000
    started = time.perf_counter()
    result = lint_text(text)
    assert time.perf_counter() - started < 60  # quadratic code would take many minutes
    assert not result.failed
    duplicates = [p for p in result.problems if p.rule == "duplicate-paragraph"]
    assert [(p.line, p.message) for p in duplicates] == [
        (lines, f"This paragraph repeats the one at line {lines - 2}; delete one copy.")
    ]


def test_200000_hard_wrapped_lines_of_a_text_export_are_one_paragraph() -> None:
    # Joining wrapped lines one by one was quadratic: this input took minutes.
    wrapped = "".join(f"and step {n}\n" for n in range(200_000))
    text = ("Knee Scope\n\nA knee scope lets the doctor look inside the knee.\n\n"
            "Reasons for Procedure\nThe knee may be swollen\n" + wrapped)
    started = time.perf_counter()
    result = lint_text(text, fmt="text")
    assert time.perf_counter() - started < 60
    assert not result.failed
    assert result.document is not None
    paragraph = result.document.blocks[-1]
    assert (paragraph.line, paragraph.end_line) == (6, 200_006)


def test_built_in_residue_patterns_give_the_same_results_on_any_machine() -> None:
    # The built-in residue patterns ran with the 0.1 s timeout meant for a user's patterns:
    # on a 1 MB paragraph full of "©" the credit search took longer, and six rules said
    # "internal-error: PatternTimeout" (on a loaded machine a plain 2.4 MB paragraph did).
    paragraph = "© Example text of the knee " * 40_000
    result = lint_text("# Knee Scope\n\nA knee scope lets the doctor look inside the knee.\n\n"
                       "## Reasons for Procedure\n\n" + paragraph + "\n")
    assert [(p.rule, p.line) for p in result.problems] == [
        ("review-date", 1), ("sentence-length", 7), *[("required-section", 8)] * 5]
    assert not result.failed


def test_a_thousand_deep_nested_list_is_linted() -> None:
    nested = "".join("  " * depth + f"- level {depth}\n" for depth in range(1000))
    result = lint_text("# Knee Scope\n\nA knee scope is a test.\n\n## Reasons for Procedure\n\n"
                       + nested)
    assert not result.failed
    assert not [p for p in result.problems if p.rule in (PARSE_ERROR, INTERNAL_ERROR)]


def test_a_huge_paragraph_of_brackets_is_not_quadratic() -> None:
    # markdown-it's link parsing is quadratic on "[[[[": such paragraphs stay plain text.
    started = time.perf_counter()
    result = lint_text("# Knee Scope\n\n" + "[" * 400_000 + "\n")
    assert time.perf_counter() - started < 30
    assert not [p for p in result.problems if p.rule in (PARSE_ERROR, INTERNAL_ERROR)]


def test_inline_markup_past_the_document_budget_is_read_as_text() -> None:
    # 4 MiB of paragraphs of 19,990 "[" took 71 s: each paragraph was under the length limit,
    # and markdown-it-py spends ~20 microseconds on every "[". The document's budget of inline
    # markup is spent on the first paragraphs; the rest are read as their text.
    from linter.parsing.markdown import MAX_INLINE_MARKUP, tokenize_py

    unit = "See [the guide](https://example.org/a) *now*."  # 4 markup characters: [ ] * *
    count = MAX_INLINE_MARKUP // 4 + 2
    tokens = tokenize_py("\n\n".join([unit] * count) + "\n")
    texts = [record.text for record in tokens.records]  # type: ignore[union-attr]
    parsed = MAX_INLINE_MARKUP // 4
    assert texts[:parsed] == ["See the guide now."] * parsed
    assert texts[parsed:] == [unit] * (count - parsed)


def test_a_table_past_its_row_limit_goes_on_as_a_paragraph() -> None:
    from linter.model.document import Block
    from linter.parsing.markdown import MAX_TABLE_ROWS, tokenize_py

    rows = "".join(f"| knee {i} | rest |\n" for i in range(MAX_TABLE_ROWS + 3))
    tokens = tokenize_py("Before the table.\n| a | b |\n| --- | --- |\n" + rows)
    first, table, rest = tokens.records
    assert first == Block("paragraph", "Before the table.", 1, 1, None, "Before the table.", 0)
    assert isinstance(table, Block) and table.kind == "table"
    assert (table.line, table.end_line) == (2, MAX_TABLE_ROWS + 3)
    assert table.text.endswith(f"knee {MAX_TABLE_ROWS - 1} | rest")
    assert isinstance(rest, Block) and rest.kind == "paragraph"
    assert rest.line == MAX_TABLE_ROWS + 4
    assert rest.text.split("\n") == [f"| knee {i} | rest |" for i in range(MAX_TABLE_ROWS, MAX_TABLE_ROWS + 3)]


# ----------------------------------------------------------------------------- encodings


def test_nul_bytes_are_a_parse_error_with_their_line(folder: Path) -> None:
    (folder / "binary.md").write_bytes(b"# Title\n\nSome text\x00 and more.\n")
    result = run("binary.md", "good.md")
    assert lines_for(result, "binary.md") == [
        "binary.md:3:1: error parse-error binary file (NUL byte at line 3); articles must be "
        "UTF-8 text"
    ]
    assert_good_still_linted(result)


def test_invalid_utf8_names_the_byte_and_where_it_is(folder: Path) -> None:
    (folder / "latin1.md").write_bytes("# Title\n\nCaf\u00e9 food.\n".encode("latin-1"))
    result = run("latin1.md", "good.md")
    assert lines_for(result, "latin1.md") == [
        "latin1.md:3:1: error parse-error not valid UTF-8: byte 0xe9 at line 3, column 4; save "
        "the file as UTF-8"
    ]
    assert_good_still_linted(result)


def test_utf16_without_a_bom_is_recognised() -> None:
    result = lint_bytes("a.md", "# Title\n\nText.\n".encode("utf-16-le"), _config(), AS_OF)
    assert [p.message for p in result.problems] == [
        "looks like UTF-16 without a byte-order mark; save it as UTF-8"
    ]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_utf8_with_a_bom_are_linted_like_utf8(codec: str) -> None:
    data = GOOD.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE
        data = bom + data
    result = lint_bytes("article.md", data, _config(), AS_OF)
    assert result.problems == lint_text(GOOD).problems
    assert not result.failed


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["CRLF", "lone CR"])
@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_crlf_and_lone_cr_give_the_same_lines_as_lf(ending: str, fmt: str) -> None:
    text = GOOD if fmt == "markdown" else generate_article(9, plain_text=True).text
    expected = lint_text(text, fmt).problems
    assert expected  # the article has defects, so line numbers are compared
    found = lint_text(text.replace("\n", ending), fmt).problems
    assert [(p.line, p.rule, p.message) for p in found] == [
        (p.line, p.rule, p.message) for p in expected
    ]


# ----------------------------------------------------------------------------- front matter


def test_a_yaml_alias_bomb_is_rejected_fast_with_bounded_memory(folder: Path) -> None:
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    bomb += [f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    text = "---\n" + "\n".join(bomb) + "\n---\n" + GOOD.split("---\n", 2)[2]
    (folder / "bomb.md").write_text(text, encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    result = lint_text(text)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2
    assert peak < 50 * 1024 * 1024  # expanded, the bomb is 9**9 strings
    errors = [(p.line, p.message) for p in result.problems if p.rule == PARSE_ERROR]
    assert errors == [
        (3, "front matter is not valid YAML: anchors and aliases are not allowed in front matter")
    ]
    assert any(p.rule != PARSE_ERROR for p in result.problems)  # the body is still linted
    cli = run("bomb.md", "good.md")
    assert_good_still_linted(cli)


@pytest.mark.parametrize(
    ("front_matter", "kind"),
    [("- one\n- two\n", "a list"), ("just words\n", "a str"), ("42\n", "a int")],
)
def test_front_matter_that_is_not_a_mapping(front_matter: str, kind: str) -> None:
    result = lint_text(f"---\n{front_matter}---\n" + GOOD.split("---\n", 2)[2])
    errors = [(p.line, p.message) for p in result.problems if p.rule == PARSE_ERROR]
    assert errors == [(2, f"front matter must be a mapping of keys to values, not {kind}")]
    assert result.failed


def test_deeply_nested_front_matter_is_an_error_not_a_crash() -> None:
    # libyaml would overflow the C stack here; the pure-Python loader raises instead.
    result = lint_text("---\nkey: " + "- " * 20_000 + "x\n---\n# Title\n\nText.\n")
    errors = [p.message for p in result.problems if p.rule == PARSE_ERROR]
    assert len(errors) == 1 and errors[0].startswith("front matter is not valid YAML")


@pytest.mark.parametrize("date", ["0000-00-00", "2026-13-45"])
def test_impossible_review_dates_are_the_review_rule_s_business(date: str) -> None:
    text = re.sub(r"(?m)^reviewed: .*$", f"reviewed: {date}", GOOD, count=1)
    result = lint_text(text)
    assert not result.failed
    reviewed_line = text.split("\n").index(f"reviewed: {date}") + 1
    assert [p.rule for p in result.problems if p.line == reviewed_line] == ["review-date"]
    assert not [p for p in result.problems if p.rule in (PARSE_ERROR, INTERNAL_ERROR)]


# ----------------------------------------------------------------------------- file system


def test_a_symlink_loop_in_a_folder(folder: Path) -> None:
    articles = folder / "articles"
    articles.mkdir()
    (articles / "good.md").write_text(GOOD, encoding="utf-8")
    (articles / "again").symlink_to(articles, target_is_directory=True)  # folder loop
    (articles / "self.md").symlink_to("self.md")  # a link to itself
    result = run("articles")
    assert lines_for(result, "articles/self.md") == [
        "articles/self.md:1:1: error parse-error cannot be read: Too many levels of symbolic links"
    ]
    assert [line.replace("articles/", "", 1) for line in lines_for(result, "articles/good.md")] \
        == good_alone()
    assert not lines_for(result, "articles/again/good.md")  # the folder link is not followed
    assert result.exit_code == 2


def test_a_broken_symlink_cannot_be_read(folder: Path) -> None:
    (folder / "gone.md").symlink_to(folder / "deleted.md")
    result = run(".")
    assert lines_for(result, "./gone.md") == [
        "./gone.md:1:1: error parse-error cannot be read: No such file or directory"
    ]
    assert [line.replace("./", "", 1) for line in lines_for(result, "./good.md")] == good_alone()
    assert result.exit_code == 2


def test_a_fifo_named_like_an_article_does_not_hang_the_run(folder: Path) -> None:
    # Unreadable even as root: opening it for reading would wait for a writer forever.
    os.mkfifo(folder / "pipe.md")

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("healthlint waited for a writer on the FIFO")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        result = run(".")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert lines_for(result, "./pipe.md") == [
        "./pipe.md:1:1: error parse-error cannot be read: not a regular file (a pipe, socket or "
        "device); articles must be files"
    ]
    assert [line.replace("./", "", 1) for line in lines_for(result, "./good.md")] == good_alone()
    assert result.exit_code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; "
                    "the FIFO and broken-symlink tests cover unreadable files as root")
def test_a_file_without_read_permission(folder: Path) -> None:
    (folder / "secret.md").write_text(GOOD, encoding="utf-8")
    (folder / "secret.md").chmod(0)
    result = run("secret.md", "good.md")
    assert lines_for(result, "secret.md") == [
        "secret.md:1:1: error parse-error cannot be read: Permission denied"
    ]
    assert_good_still_linted(result)


def test_a_missing_file_named_on_the_command_line(folder: Path) -> None:
    result = run("nowhere.md", "good.md")
    assert lines_for(result, "nowhere.md") == [
        "nowhere.md:1:1: error parse-error cannot be read: No such file or directory"
    ]
    assert_good_still_linted(result)


def test_an_empty_file(folder: Path) -> None:
    (folder / "empty.md").write_bytes(b"  \n\n")
    result = run("empty.md", "good.md")
    assert lines_for(result, "empty.md") == [
        "empty.md:1:1: error parse-error file is empty; an article needs a title and text"
    ]
    assert_good_still_linted(result)


# ----------------------------------------------------------------------------- crashes


def test_a_crashing_rule_becomes_an_internal_error_and_the_rest_runs(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "other.md").write_text(generate_article(5).text, encoding="utf-8")

    def boom(doc: object, params: object) -> Iterator[object]:
        yield from ()
        raise RuntimeError("list index out of range in a test")

    monkeypatch.setitem(CHECKS, "empty_sections",
                        replace(CHECKS["empty_sections"], run=boom))
    result = run("good.md", "other.md")
    message = ("error internal-error rule empty-section crashed on this file: RuntimeError: "
               "list index out of range in a test; please report this as a healthlint bug")
    for path in ("good.md", "other.md"):
        assert f"{path}:1:1: {message}" in lines_for(result, path)
    others = [line for line in lines_for(result, "good.md") if " internal-error " not in line]
    assert others == [line for line in good_alone() if " empty-section " not in line]
    assert others  # the other rules still found the article's defects
    assert result.exit_code == 2


def test_a_rule_yielding_a_broken_finding_is_an_internal_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(doc: object, params: object) -> Iterator[object]:
        yield "not a Finding"

    monkeypatch.setitem(CHECKS, "section_order", replace(CHECKS["section_order"], run=broken))
    result = lint_bytes("a.md", GOOD.encode(), _config(), AS_OF)
    internal = [p.message for p in result.problems if p.rule == INTERNAL_ERROR]
    assert len(internal) == 1 and internal[0].startswith(
        "rule section-order crashed on this file: AttributeError:"
    )
    assert result.failed


def test_a_parser_crash_is_an_internal_error_for_that_file_only(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import linter.engine

    real_parse = linter.engine.parse

    def parse(path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("bad.md"):
            raise RecursionError("maximum recursion depth exceeded")
        return real_parse(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(linter.engine, "parse", parse)
    (folder / "bad.md").write_text(GOOD, encoding="utf-8")
    result = run("bad.md", "good.md")
    assert lines_for(result, "bad.md") == [
        "bad.md:1:1: error internal-error healthlint could not parse this file: RecursionError: "
        "maximum recursion depth exceeded; please report this as a healthlint bug"
    ]
    assert_good_still_linted(result)


# ----------------------------------------------------------------------------- config


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("extends: procedure\nrules: [\n",
         "bad.yaml:3:1: invalid YAML: expected the node content, but found '<stream end>'"),
        ("extends: procedure\nrules:\n  empty-section:\n    bogus: 1\n",
         "bad.yaml: rules.empty-section.bogus: unknown key"),
        ("extends: procedure\nrules:\n  empty-section:\n    params:\n      bogus: 1\n",
         "bad.yaml: rules.empty-section.params.bogus: unknown key"),
        ("extends: procedure\nrules:\n  my-rule:\n    check: existence\n    params:\n"
         "      patterns: ['(unclosed']\n",
         "bad.yaml: rules.my-rule.params.patterns.0: Value error, invalid regular expression "
         "'(unclosed': missing ) at position 9 (got '(unclosed')"),
    ],
    ids=["bad YAML", "unknown key", "unknown param", "bad regex"],
)
def test_config_errors_exit_2_naming_file_and_key(folder: Path, config: str, message: str) -> None:
    (folder / "bad.yaml").write_text(config, encoding="utf-8")
    result = run("good.md", "--config", "bad.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"healthlint: configuration error\n{message}\n"
    assert result.stdout == ""


def _config() -> Config:
    return load_config(None)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "lone CR"])
def test_decode_errors_count_lines_as_the_parser_does(ending: str) -> None:
    # Found by the property tests: with CR endings the NUL byte was put on line 1.
    nul = lint_bytes("a.md", f"# Title{ending}{ending}Te\x00xt.".encode(), _config(), AS_OF)
    bad = lint_bytes("a.md", f"# Title{ending}{ending}Caf".encode() + b"\xe9", _config(), AS_OF)
    utf16 = lint_bytes("a.md", codecs.BOM_UTF16_LE + f"# Title{ending}{ending}Te\x00xt.".encode(
        "utf-16-le"), _config(), AS_OF)
    assert [p.message for p in nul.problems + bad.problems + utf16.problems] == [
        "binary file (NUL byte at line 3); articles must be UTF-8 text",
        "not valid UTF-8: byte 0xe9 at line 3, column 4; save the file as UTF-8",
        "binary content (NUL character at line 3); articles must be text",
    ]


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_the_utf16_guess_does_not_depend_on_line_endings(ending: str) -> None:
    # found by hypothesis: "\0\n\0" was "UTF-16 without a BOM" with CRLF, "binary" with LF
    def messages(text: str) -> list[str]:
        return [p.message for p in lint_bytes("a.md", text.encode(), _config(), AS_OF).problems]

    assert messages("\x00\n\x00".replace("\n", ending)) == messages("\x00\n\x00") == [
        "looks like UTF-16 without a byte-order mark; save it as UTF-8"
    ]
