"""Adversarial article shapes: each one stresses one kind of work (one huge paragraph, one
huge line of sentences, thousands of near-duplicate paragraphs, ...) at any size.
`benchmarks/adversarial.py` doubles them and times each; tests/test_linear.py holds the
rules to linear time on them."""

from __future__ import annotations

from collections.abc import Callable

HEAD = "# Knee Arthroscopy\n\nA small camera is put into the knee.\n\n## Reasons for Procedure\n\n"


def _fill(unit: str, size: int, head: str = HEAD, tail: str = "\n") -> str:
    count = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * count + tail


def paragraph(size: int) -> str:
    """One paragraph of one long word repeated (no sentence end)."""
    return _fill("anticoagulant ", size)


def sentences_line(size: int) -> str:
    """One line of 33-word sentences."""
    sentence = " ".join(["intravenous"] + ["word"] * 31 + ["therapy."]) + " "
    return _fill(sentence, size)


def short_sentences(size: int) -> str:
    """One paragraph of many short everyday sentences."""
    return _fill("Rest the knee. ", size)


def near_duplicates(size: int) -> str:
    """Thousands of paragraphs that differ in one word."""
    unit = "Keep the knee raised on two pillows for {} days after the procedure to help.\n\n"
    out, i = [HEAD], 0
    total = len(HEAD)
    while total < size:
        piece = unit.format(i)
        out.append(piece)
        total += len(piece)
        i += 1
    return "".join(out)


def exact_duplicates(size: int) -> str:
    """The same paragraph again and again."""
    return _fill("Keep the knee raised on two pillows to help the swelling go down.\n\n", size)


def headings(size: int) -> str:
    """Thousands of sections, each with one line."""
    return _fill("## Possible Complications\n\nBleeding.\n\n", size)


def list_items(size: int) -> str:
    """Thousands of list items in one list."""
    return _fill("- Call your doctor if you have a fever\n", size)


def references(size: int) -> str:
    """A References section of thousands of web citations with dates."""
    unit = ("Knee care. Example Health. Available at: https://www.example.org/page. "
            "Updated June 2013. Accessed June 30, 2013.\n\n")
    return _fill(unit, size, HEAD + "Rest.\n\n## References\n\n")


def brackets(size: int) -> str:
    """One paragraph of `[`, `<`, backticks and `<!--` (inline Markdown and HTML parsing)."""
    return _fill("[a <b `c <!-- ", size)


def urls(size: int) -> str:
    """One paragraph of e-mail addresses, domains and links."""
    return _fill("a.b@example.org physician.example.org [x](https://e.org/a) ", size)


def long_word(size: int) -> str:
    """One word with no space at all."""
    return _fill("a", size)


def lines(size: int) -> str:
    """Many one-word lines in one paragraph (a hard-wrapped export)."""
    return _fill("anticoagulant\n", size)


def bracket_paragraphs(size: int) -> str:
    """Paragraphs of `[` just under the inline-parsing length limit, one after another."""
    return _fill("[" * 19_990 + "\n\n", size)


def code_spans(size: int) -> str:
    """Short paragraphs of code spans and brackets (markdown-it-pyrs panics on these; the
    markdown-it-py inline parser is slow on each one)."""
    return _fill("`a` [` " * 50 + "\n\n", size)


def table(size: int) -> str:
    """One table of thousands of short rows."""
    return _fill("| knee | rest |\n", size, HEAD + "| a | b |\n| --- | --- |\n")


SHAPES: dict[str, Callable[[int], str]] = {
    f.__name__: f for f in (paragraph, sentences_line, short_sentences, near_duplicates,
                            exact_duplicates, headings, list_items, references, brackets,
                            urls, long_word, lines, bracket_paragraphs, code_spans, table)
}
