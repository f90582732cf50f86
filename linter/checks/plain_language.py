"""Find jargon that has a plain alternative ("anticoagulant" -> "blood thinner").

Every use of a term from the curated list `rules/data/plain-language.yaml` (over 100
medical and general pairs from the CDC Plain Language Thesaurus, AHRQ PEMAT, the PRISM
word list and PlainLanguage.gov; DOMAIN.md) is reported at its line and column with the
plain word to use. PEMAT-P asks for everyday words (item 3) and for medical terms to be
defined (item 4); the CDC Clear Communication Index asks for terms explained on first use.

Terms match whole words and phrases, case-insensitively, with regular inflections
("anticoagulants", "utilized", "notifies"); a phrase may wrap across lines. The longest
term wins ("anticoagulation therapy" before "anticoagulation"). A term explained in
parentheses is fine, either way round: "edema (swelling)" or "swelling (edema)"; once a
term is explained, later uses of it in the article are fine too. Only prose is read
(`Document.prose`: not headings, references, resources or revision information).

Params:
    terms: {}                  pairs to add, or to replace built-in ones: {term: plain}
    ignore: []                 built-in terms not to report (for a specialist audience)
    builtin: true              start from the curated list; false = only `terms`
    allow_explained: true      a term explained in parentheses is not reported

Example:

    article.md:12:31: warning plain-language Patients may not know "anticoagulants"; say
    "blood thinner" instead, or explain the term in parentheses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from linter.document import Document
from linter.problems import Finding
from linter.resources import data_path
from linter.text import locate

DATA_FILE = "plain-language.yaml"
_EXPLAINED_AFTER = re.compile(r"\s*\(")
_INSIDE_PARENS_BEFORE = re.compile(r"\(\s*$")
_INSIDE_PARENS_AFTER = re.compile(r"\s*\)")
#: how much of each term's fixed start the quick test checks (enough to rule out most words)
PREFILTER_ATOMS = 12
#: term starts as a trie: atom (a character, or r"\s+" between words) -> what follows
_Trie = dict[str, "_Trie"]


class Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    terms: dict[str, str] = Field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    builtin: bool = True
    allow_explained: bool = True

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
    """The curated pairs, medical and general, read once on first use."""
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

    return f"(?={regex(trie)})" if trie else ""


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


def check(doc: Document, params: Params) -> Iterator[Finding]:
    pattern, entries = matcher(
        tuple(sorted(params.terms.items())),
        frozenset(" ".join(t.lower().split()) for t in params.ignore),
        params.builtin,
    )
    explained: set[str] = set()
    for block in doc.prose:
        text = block.text
        for match in pattern.finditer(text):
            term, plain = entries[(match.lastindex or 1) - 1]
            if params.allow_explained and (
                term in explained or _is_explained(text, match.start(), match.end())
            ):
                explained.add(term)
                continue
            line, column = locate(doc, block, match.start())
            found = " ".join(match.group().split())
            yield Finding(
                line,
                f'Patients may not know "{found}"; say "{plain}" instead, or explain the term '
                "in parentheses.",
                column=column,
                end_line=line if "\n" not in match.group() else None,
                end_column=column + len(match.group()) if "\n" not in match.group() else None,
            )


def _is_explained(text: str, start: int, end: int) -> bool:
    """ "edema (swelling)" or "swelling (edema)": the reader is told what it means."""
    if _EXPLAINED_AFTER.match(text, end):
        return True
    return bool(_INSIDE_PARENS_BEFORE.search(text, 0, start)) and bool(
        _INSIDE_PARENS_AFTER.match(text, end)
    )

