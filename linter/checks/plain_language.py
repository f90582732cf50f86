"""Find jargon that has a plain alternative ("anticoagulant" -> "blood thinner").

A term from the curated list `rules/data/plain-language.yaml` (over 100 medical and
general pairs from the CDC Plain Language Thesaurus, AHRQ PEMAT, the PRISM word list and
PlainLanguage.gov) is reported at its first unexplained use, once per article,
with the plain word to use and how many more times the article uses it. PEMAT-P asks for
everyday words (item 3) and for medical terms to be defined (item 4); the CDC Clear
Communication Index asks for terms explained on first use. With `report: every`, every
unexplained use is a problem of its own.

Terms match whole words and phrases, case-insensitively, with regular inflections
("anticoagulants", "utilized", "notifies"); a phrase may wrap across lines. The longest
term wins ("anticoagulation therapy" before "anticoagulation").

A term the article explains is fine, and so are its later uses:
    "edema (swelling)" or "swelling (edema)"        the plain meaning in parentheses
    "a small tube (called a spinal catheter)"       inside parentheses, "called" or not
    "edema, also called swelling"                   "also called", "also known as", "or"
    "swelling, also called edema"; "called edema"   named after its plain meaning
    "edema, which is swelling"                      "which is", "which means", "meaning"
The procedure's own name is never a problem: a term in the article's title or its
also-called names ("Intrathecal Pain Pump Insertion") is not reported anywhere.

Only prose is read: `Document.prose` (not headings, references, resources or revision
information), and within it not the title or also-called line, front matter, residue
(image captions and credits, navigation: `linter/analysis/residue.py`), or a heading the
export left as a paragraph (one short line in title case with no sentence end:
"Intrathecal Pain Pump Insertion Overview").

Params:
    terms: {}                  pairs to add, or to replace built-in ones: {term: plain}
    ignore: []                 built-in terms not to report (for a specialist audience)
    builtin: true              start from the curated list; false = only `terms`
    allow_explained: true      a term explained as above is not reported
    report: first              first: one problem per term; every: one per use

Example:

    article.md:12:31: warning plain-language Patients may not know "anticoagulants" (and 2
    more uses); say "blood thinner" instead, or explain the term the first time you use it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from linter.analysis.residue import residue_lines
from linter.analysis.text import Locator, ends_with, words
from linter.analysis.wording import counted
from linter.config_cache import cached_data
from linter.model.document import Block, Document
from linter.model.problems import Finding
from linter.resources import data_path

DATA_FILE = "plain-language.yaml"
_EXPLAINED_AFTER = re.compile(
    r"\s*\(|,?\s+(?:also\s+called|also\s+known\s+as)\b"
    r"|,\s+(?:or|which\s+(?:is|are|means|mean)|that\s+is|meaning)\b",
    re.IGNORECASE,
)
#: "(called a spinal catheter)": an open parenthesis not yet closed, at most this far back
_PARENS_REACH = 60
#: "called edema", "also known as a spinal catheter": named after its plain meaning
_NAMED_BEFORE = re.compile(
    r"\b(?:called|known\s+as|termed)\s+(?:(?:an?|the)\s+)?"
    r"(?:(?!(?:when|if|by|to|in|on|for|at|back|out|up|and|or|with|about)\b)[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: a heading left as a paragraph: at most this many words, each capitalized unless short
HEADING_WORDS = 10
MINOR_WORD = 3  # "of", "and", "the" stay lower case in a title
#: how much of each term's fixed start the quick test checks (enough to rule out most words)
PREFILTER_ATOMS = 12
#: term starts as a trie: atom (a character, or r"\s+" between words) -> what follows
_Trie = dict[str, "_Trie"]


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    terms: dict[str, str] = Field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    builtin: bool = True
    allow_explained: bool = True
    report: Literal["first", "every"] = "first"

    @field_validator("terms")
    @classmethod
    def _terms_are_words(cls, value: dict[str, str]) -> dict[str, str]:
        for term, plain in value.items():
            if not re.search(r"\w", term):
                raise ValueError(f"term {term!r} has no letters")
            if not str(plain).strip():
                raise ValueError(f"term {term!r} has no plain alternative")
        return value


@functools.cache
def builtin_terms() -> dict[str, str]:
    """The curated pairs, medical and general, read once on first use (and cached,
    linter/config_cache.py)."""
    return cached_data(DATA_FILE, _read_builtin_terms)


def _read_builtin_terms() -> dict[str, str]:
    text = data_path(DATA_FILE).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    pairs: dict[str, str] = {}
    for group in data.values():
        pairs.update({str(term).lower(): str(plain) for term, plain in group.items()})
    return pairs


def inflected(term: str) -> str:
    """A regex for a term and its regular inflections; phrases may wrap across lines."""
    atoms, ending = _atoms(term)
    return "".join(_escaped(atom) for atom in atoms) + ending


def _escaped(atom: str) -> str:
    return atom if atom == r"\s+" else re.escape(atom)


def _atoms(term: str) -> tuple[list[str], str]:
    """The term as literal characters and `\\s+` between words, and its inflected ending.

    Every match of `inflected(term)` starts with the atoms, so they also make the quick
    test of `_prefilter`.
    """
    words = term.lower().split()
    if len(words) > 1:
        atoms: list[str] = []
        for word in words:
            if atoms:
                atoms.append(r"\s+")
            atoms.extend(word)
        return atoms, ""
    word = words[0]
    if word.endswith("sis"):
        return list(word[:-3]), "s[ie]s"
    if word.endswith("e"):
        return list(word[:-1]), "(?:e|es|ed|ing)"
    if len(word) > 2 and word.endswith("y") and word[-2] not in "aeiou":
        return list(word[:-1]), "(?:y|ies|ied|ying)"
    if not word[-1].isalpha():
        return list(word), ""
    last = re.escape(word[-1])
    return list(word), f"(?:s|es|ed|ing|{last}ed|{last}ing)?"


def _prefilter(terms: list[str]) -> str:
    """A look-ahead that fails fast where no term can start: a trie of their fixed starts.

    Trying every term at every word start costs 100+ alternatives a word; the trie is a
    few character tests. It only rules positions out, so the matches are unchanged.
    """
    trie = _trie(terms)
    return f"(?={trie})" if trie else ""


def _trie(terms: list[str]) -> str:
    """A regex of the terms' fixed starts (their first PREFILTER_ATOMS atoms) as a trie, or
    "" when some term has no fixed start."""
    trie: _Trie = {}
    for term in terms:
        atoms = _atoms(term)[0][:PREFILTER_ATOMS]
        if not atoms:
            return ""  # a term with no fixed start ("e" -> "e|es|ed|ing"): no shortcut
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}  # the end of one term's start: nothing after it needs to be tested

    def regex(node: _Trie) -> str:
        if "" in node:
            return ""
        branches = [_escaped(atom) + regex(child) for atom, child in node.items()]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return regex(trie)


def _same_on_lowered_ascii(atom: str) -> bool:
    """Case-insensitive `atom` matches an ASCII character exactly when that character
    lowered is `atom` (so a case-sensitive test on lowered ASCII text is the same test).
    False for the few letters whose case-insensitive match reaches ASCII from elsewhere
    ("ı" matches "i", "ſ" matches "s")."""
    if atom == r"\s+":
        return True
    insensitive = re.compile(re.escape(atom), re.IGNORECASE)
    return all(
        bool(insensitive.fullmatch(chr(code))) == (chr(code).lower() == atom)
        for code in range(128)
    )


@functools.cache
def matcher(
    extra: tuple[tuple[str, str], ...], ignore: frozenset[str], builtin: bool
) -> tuple[re.Pattern[str], tuple[tuple[str, str], ...]]:
    """One pattern for every term (longest first), and the (term, plain) of each group."""
    pairs: dict[str, str] = dict(builtin_terms()) if builtin else {}
    pairs.update({" ".join(term.lower().split()): plain for term, plain in extra})
    entries = tuple(
        sorted(((t, p) for t, p in pairs.items() if t not in ignore), key=lambda e: -len(e[0]))
    )
    alternatives = "|".join(f"({inflected(term)})" for term, _ in entries) or "(?!)"
    quick = _prefilter([term for term, _ in entries])
    pattern = re.compile(rf"(?<![\w-]){quick}(?:{alternatives})(?![\w-])", re.IGNORECASE)
    return pattern, entries


@functools.cache
def quick_scan(
    extra: tuple[tuple[str, str], ...], ignore: frozenset[str], builtin: bool
) -> re.Pattern[str] | None:
    """A case-sensitive test, for lowered ASCII text, that passes wherever `matcher`'s
    pattern (same arguments) can match: a character that is not a word character or "-"
    (before the text: a space), then the trie of the terms' fixed starts.

    Nearly all of an article's paragraphs use no term; this test tells so by skipping
    from one non-word character to the next, about three times faster than the pattern's
    case-insensitive look-behind and trie at every position. None when no such test is
    exact (a term with no fixed start, or with a letter like "ı")."""
    pairs: dict[str, str] = dict(builtin_terms()) if builtin else {}
    pairs.update({" ".join(term.lower().split()): plain for term, plain in extra})
    terms = [t for t in pairs if t not in ignore]
    atoms = {atom for term in terms for atom in _atoms(term)[0][:PREFILTER_ATOMS]}
    trie = _trie(terms)
    if not trie or not all(_same_on_lowered_ascii(atom) for atom in atoms):
        return None
    return re.compile(rf"[^\w-]{trie}")


def _uses(pattern: re.Pattern[str], scan: re.Pattern[str] | None,
          text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, skipped when `scan` shows that the text uses no term."""
    if scan is not None and text.isascii() and scan.search(" " + text.lower()) is None:
        return iter(())
    return pattern.finditer(text)


@dataclass(slots=True)
class _Use:
    """An unexplained use of a term: its block, its offset there and how it is spelled.

    Placed in the file (line and column) only when reported: a term used thousands of
    times in one paragraph is reported once, and placing every use would cost the
    paragraph's length each time."""

    block: Block
    offset: int
    text: str


def check(doc: Document, params: Params) -> Iterator[Finding]:
    key = (
        tuple(sorted(params.terms.items())),
        frozenset(" ".join(t.lower().split()) for t in params.ignore),
        params.builtin,
    )
    pattern, entries = matcher(*key)
    scan = quick_scan(*key)
    names = _procedure_terms(doc, pattern, entries)
    skipped = residue_lines(doc)
    headings = frozenset(s.line for s in doc.sections if not s.implicit)
    titles = frozenset(n.casefold() for n in (doc.title, *doc.also_called) if n)
    if doc.also_called:  # the also-called line as a whole ("name one, name two")
        titles |= {", ".join(n.casefold() for n in doc.also_called)}
    explained: set[str] = set()
    uses: dict[str, list[_Use]] = {}
    for block in doc.prose:
        if not _is_article_prose(doc, block, skipped, headings, titles):
            continue
        text = block.text
        parens = _Parens(text)
        for match in _uses(pattern, scan, text):
            term, _ = entries[(match.lastindex or 1) - 1]
            if term in names:
                continue
            if params.allow_explained and (
                term in explained or _is_explained(text, match.start(), match.end(), parens)
            ):
                explained.add(term)
                continue
            uses.setdefault(term, []).append(_Use(block, match.start(), match.group()))
    plain = dict(entries)
    where = Locator(doc)
    found = sorted((
        (where.locate(use.block, use.offset), _end(where, use), use, term, len(all_uses))
        for term, all_uses in uses.items()
        for index, use in enumerate(all_uses) if params.report == "every" or index == 0
    ), key=lambda item: item[0])
    for (line, column), end, use, term, total in found:
        more = total - 1 if params.report == "first" else 0
        count = f" (and {counted(more, 'more use')})" if more else ""
        end_line, end_column = end or (line, column + len(use.text))
        yield Finding(
            line,
            f'Patients may not know "{" ".join(use.text.split())}"{count}; say '
            f'"{plain[term]}" instead, or explain the term the first time you use it.',
            column=column,
            end_line=end_line,
            end_column=end_column,
        )


def _end(where: Locator, use: _Use) -> tuple[int, int] | None:
    """Where a use wrapped across lines ends (just after its last character); None for a use
    on one line (it ends its own length after its column)."""
    if "\n" not in use.text:
        return None
    tail = use.text.rpartition("\n")[2]
    line, column = where.locate(use.block, use.offset + len(use.text) - len(tail))
    return line, column + len(tail)


def _procedure_terms(
    doc: Document, pattern: re.Pattern[str], entries: tuple[tuple[str, str], ...]
) -> frozenset[str]:
    """Terms in the article's title and also-called names: the procedure's own name."""
    names = " \n".join(name for name in (doc.title, *doc.also_called) if name)
    return frozenset(entries[(m.lastindex or 1) - 1][0] for m in pattern.finditer(names))


def _is_article_prose(doc: Document, block: Block, skipped: frozenset[int],
                      headings: frozenset[int], names: frozenset[str]) -> bool:
    """Not the title or also-called line, not front matter, not a heading, not residue.
    `headings` are the lines of the article's headings, `names` its title and also-called
    names (casefolded, and the also-called line as a whole): computed once per article, not
    once per block."""
    if block.line <= doc.front_matter_end or block.line == doc.title_line:
        return False
    if not skipped.isdisjoint(range(block.line, block.end_line + 1)):
        return False
    if block.line in headings:
        return False
    if block.kind == "paragraph" and _looks_like_heading(block.text):
        return False
    return " ".join(block.text.split()).strip("()[] ").casefold() not in names


def _looks_like_heading(text: str) -> bool:
    """A short line in title case with no sentence end ("Intrathecal Pain Pump Insertion
    Overview"): a title or heading the page's export left as a paragraph, not prose."""
    line = text.strip()
    if "\n" in line or ends_with(line, ".!?:;,"):
        return False  # (tested first: most paragraphs end a sentence, and need no words)
    found = words(line)
    if not found or len(found) > HEADING_WORDS:
        return False
    return all(w[0].isupper() or len(w) <= MINOR_WORD for w in found if w[0].isalpha())


class _Parens:
    """Where the next "(" or ")" of a text is from an offset. Offsets come in increasing
    order, so an answer serves every offset up to it: a paragraph of 100,000 uses inside an
    unclosed parenthesis is searched once, not once per use."""

    def __init__(self, text: str) -> None:
        self.text = text
        #: character -> (offset searched from, where it was found or -1)
        self._found: dict[str, tuple[int, int]] = {}

    def next(self, char: str, offset: int) -> int:
        searched, found = self._found.get(char, (-1, -1))
        if 0 <= searched <= offset and (found < 0 or found >= offset):
            return found
        found = self.text.find(char, offset)
        self._found[char] = (offset, found)
        return found


def _is_explained(text: str, start: int, end: int, parens: _Parens | None = None) -> bool:
    """The reader is told what the term means, next to it (see the module docstring)."""
    if _EXPLAINED_AFTER.match(text, end):
        return True
    opened = text.rfind("(", max(0, start - _PARENS_REACH), start)
    if opened >= 0 and ")" not in text[opened:start]:
        parens = parens or _Parens(text)
        closing = parens.next(")", end)
        if closing >= 0 and not 0 <= parens.next("(", end) < closing:
            return True
    return bool(_NAMED_BEFORE.search(text, max(0, start - _PARENS_REACH), start))
