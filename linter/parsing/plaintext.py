"""Plain-text articles: exports and scrapes of published pages.

The layout of exported health-library pages: an optional `by AUTHOR` line, the title line, an
optional `(Also Called)` line, then paragraphs. A heading is a line on its own whose text is
a template title or alias, compared case-insensitively with trailing punctuation and
back-to-top links ("Reasons for Procedure    TOP") tolerated. Bullets start with `•`, `-` or
`*`. Each line is a paragraph (exports put one paragraph on a line), except that a line
starting in lower case continues a paragraph that did not end a sentence (hard-wrapped text).

When there is no References heading, citation lines after the last section start an
implicit References section, and the organisation names just before them an implicit
Resources section, as in exports that drop those headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from linter.analysis import residue
from linter.analysis.text import ends_with
from linter.analysis.urls import URL
from linter.analysis.wording import title_case
from linter.model.document import Block
from linter.model.template import Template, TemplateSection
from linter.parsing.structure import HeadingItem, Item, back_to_top

_BY_LINE = re.compile(r"^by\s+(\S.*)$", re.IGNORECASE)
_ALSO_CALLED = re.compile(r"^\((.+)\)$")
_BULLET = re.compile(r"^(\s*)[•\-*‣◦▪·–]\s+(\S.*)$")
_CITATION = re.compile(
    r"available at:|accessed\s+[a-z]+\.?\s+\d"  # web references
    r"|\b(?:1[89]|20)\d\d\s*;\s*\d|\b(?:1[89]|20)\d\d\s*:\s*\d+\s*-"  # journal Year;Vol
    r"|\bdoi:\s*10\.",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TextHeader:
    author: str | None
    title: str | None
    title_line: int | None
    also_called: tuple[str, ...]
    body_start: int  # index into lines of the first header line read as body text
    #: 1-based lines of the header that are the site's (residue)
    chrome: frozenset[int] = frozenset()
    #: 0-based indexes of header lines that are not body text (title, by-line, Also Called,
    #: page headings, the site's lines)
    consumed: frozenset[int] = frozenset()
    #: 1-based lines of the site's tab headings ("What is Knee Arthroscopy?")
    page_headings: tuple[int, ...] = ()


#: the header is looked for among this many non-blank lines at the top (site navigation
#: not counted), and never further than HEADER_SCAN lines
HEADER_LINES = 12
HEADER_SCAN = 80
#: a title is at most this many words
TITLE_WORDS = 12
_BY = re.compile(r"^(?:(?:medically )?(?:written|reviewed) )?by\s+(\S.*?)\.?$", re.IGNORECASE)
_PAGE_HEADING = re.compile(r"^what (?:is|are) .{2,100}\?$", re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class _Line:
    index: int
    text: str
    role: str  # by, also, chrome, page, candidate


def header(lines: list[str], template: Template, path: str = "") -> TextHeader:
    """Find the page header: by-line, title, Also Called line, and the site's lines.

    The title is found by what it is, among the lines before the first sentence or
    heading: a short line in title case with no sentence punctuation, not a by-line, an
    "(Also Called)" line, a bullet, site navigation or a site name. When several lines
    qualify, the one that matches the file name, is repeated by the page's own heading
    ("What is Knee Arthroscopy?", "Knee Arthroscopy Overview"), comes just before the Also
    Called line or starts like the definition wins; the others are the site's. A page
    without such a line has no title (and the rule for a missing title says so).
    """
    found: list[_Line] = []
    body_start = len(lines)
    seen = 0
    scanned = 0
    for index, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        scanned += 1
        if (seen >= HEADER_LINES or scanned > HEADER_SCAN or _heading(text, index + 1, template)
                or _BULLET.match(raw)):
            body_start = index
            break
        role = _header_role(text)
        if role != "chrome":
            seen += 1  # a long menu of site links does not push the title out of reach
        if role is None and not found and (text[0].isupper() or text[0].isdigit()) and not (
                ends_with(text, ".!?:;")) and len(_WORDS.findall(text)) <= TITLE_WORDS:
            role = "candidate"  # the first line of the file, whatever its case
        if role is None:
            body_start = index
            break
        found.append(_Line(index, text, role))
    by_line = next((f for f in found if f.role == "by"), None)
    author = None
    if by_line is not None and (by := _BY.match(by_line.text)):
        author = by.group(1).strip()
    also_line = next((f for f in found if f.role == "also"), None)
    also: tuple[str, ...] = ()
    if also_line is not None and (names := _ALSO_CALLED.match(also_line.text)):
        also = tuple(n.strip() for n in re.split(r"[;,]", names.group(1)) if n.strip())
    title = _choose_title(found, lines, body_start, path)
    chrome: set[int] = set()
    pages: list[int] = []
    for line in found:
        if line is title or line.role in ("by", "also"):
            continue
        if line.role == "page" or (title is not None and line.role == "candidate" and _contains(
                line.text, title.text) and _key(line.text) != _key(title.text)):
            line.role = "page"
            pages.append(line.index + 1)
        else:
            chrome.add(line.index + 1)
    consumed = frozenset(f.index for f in found)
    first = min((f.index for f in found), default=body_start)
    return TextHeader(
        author, title.text if title else None, title.index + 1 if title else None, also,
        first, frozenset(chrome), consumed, tuple(pages),
    )


def _header_role(text: str) -> str | None:
    """What a header line is, or None when it is the article's first body line."""
    if (by := _BY.match(text)) and len(_WORDS.findall(by.group(1))) <= 6:
        return "by"
    if _ALSO_CALLED.match(text) and not ends_with(text[1:-1], ".!?:;"):
        return "also"
    if residue.is_navigation(text) or residue.is_tab_label(text):
        return "chrome"
    if _PAGE_HEADING.match(text):
        return "page"
    if ends_with(text, ".!?:;") or len(_WORDS.findall(text)) > TITLE_WORDS:
        return None
    if title_case(text):
        return "candidate"
    if text[0].islower() and len(_WORDS.findall(text)) <= 4:
        return "chrome"  # "all information": a widget's label
    return None


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def _contains(text: str, title: str) -> bool:
    return f" {_key(title)} " in f" {_key(text)} "


def _choose_title(found: list[_Line], lines: list[str], body_start: int, path: str) -> _Line | None:
    candidates = [f for f in found if f.role == "candidate"]
    if not candidates:
        return None
    stem = re.sub(r"\.[^.]*$", "", re.split(r"[\\/]", path)[-1]).split("__")[0]
    slug = [w for w in _WORDS.findall(stem.casefold()) if len(w) > 2]
    first_body = next((lines[i].strip() for i in range(body_start, len(lines)) if lines[i].strip()), "")
    body_word = (_WORDS.findall(first_body.casefold()) or [""])[0]
    scored: list[tuple[int, _Line]] = []
    for line in candidates:
        words = _WORDS.findall(line.text.casefold())
        score = 0
        if slug and sum(1 for w in slug if any(x.startswith(w) or w.startswith(x) for x in words
                                               if len(x) > 2)) >= 0.6 * len(slug):
            score += 3
        others = [f for f in found if f is not line]
        if any(_contains(o.text, line.text) and _key(o.text) != _key(line.text) for o in others):
            score += 3
        elif any(_key(o.text) == _key(line.text) for o in others):
            score += 2
        after = next((f for f in found if f.index > line.index), None)
        if after is not None and after.role == "also":
            score += 2
        if words and body_word == words[0]:
            score += 1
        if residue.is_site_name(line.text) or residue.is_image_metadata(line.text):
            score -= 4
        scored.append((score, line))
    best = max(score for score, _ in scored)
    if best > 0:
        chosen = next(line for score, line in scored if score == best)
        # a title printed twice: the first copy is the title, the second the repeat
        return next(line for line in candidates if _key(line.text) == _key(chosen.text))
    fallback = [line for score, line in scored if score == 0]
    return fallback[-1] if fallback else None


def items(lines: list[str], template: Template, start: int,
          skip: frozenset[int] = frozenset()) -> list[Item]:
    out: list[Item] = []
    # The open paragraph's lines (stripped, raw): a hard-wrapped paragraph is joined once
    # when it ends, since joining line by line is quadratic (200,000 wrapped lines).
    wrapped: list[tuple[str, str]] = []
    # Most lines start with no heading name: skip the per-name glued-heading scan for them.
    glued_start = re.compile(
        "|".join(re.escape(name.lower()) for name, _ in template.names_longest_first) or "(?!)"
    )

    def close_paragraph() -> None:
        if len(wrapped) > 1:
            last = out[-1]
            assert isinstance(last, Block)
            out[-1] = replace(last, text="\n".join(t for t, _ in wrapped),
                              end_line=last.line + len(wrapped) - 1,
                              raw="\n".join(r for _, r in wrapped))
        wrapped.clear()

    for index in range(start, len(lines)):
        line_no = index + 1
        stripped = lines[index].strip()
        if not stripped or index in skip:
            close_paragraph()
            continue
        bullet = _BULLET.match(lines[index])
        heading = None if bullet else _heading(stripped, line_no, template, glued_start)
        if heading:
            close_paragraph()
            out.extend(heading)
            if isinstance(glued := out[-1], Block):  # the text after a glued heading
                wrapped.append((glued.text, glued.raw))
        elif bullet and (accordion := _accordion(bullet.group(2).strip(), lines, index, template)):
            close_paragraph()  # a heading shown as an accordion bullet ("• Reasons for Procedure")
            out.append(HeadingItem(bullet.group(2).strip(), line_no, None, accordion))
        elif bullet:
            close_paragraph()
            out.append(Block("list_item", bullet.group(2).strip(), line_no, line_no, None,
                             lines[index], depth=1))
        elif wrapped and _continues(wrapped[-1][0], stripped):
            wrapped.append((stripped, lines[index]))
        else:
            close_paragraph()
            out.append(Block("paragraph", stripped, line_no, line_no, None, lines[index]))
            wrapped.append((stripped, lines[index]))
    close_paragraph()
    return _infer_back_matter(out, template)


def _accordion(text: str, lines: list[str], index: int, template: Template) -> TemplateSection | None:
    """The section of a bullet that is a heading shown as an accordion ("• Reasons for
    Procedure" followed by its text): its text is a template title or alias and the next
    line with text is no bullet, or a bullet that is a heading too ("• What to Expect" then
    "• Prior to Procedure"); an item "Anesthesia" inside a list stays an item."""
    spec = template.lookup(text)
    if spec is None or text.endswith(":"):
        return None
    following = next((line for line in lines[index + 1:] if line.strip()), None)
    if following is None:
        return None
    item = _BULLET.match(following)
    return spec if item is None or template.lookup(item.group(2).strip()) else None


def _continues(previous: str, line: str) -> bool:
    """A hard-wrapped line goes on with the paragraph above: it starts in lower case and
    the line above did not end a sentence. Never under a caption-like line in title case or
    when it is an image's metadata ("exh51873 97870 1 edited labels")."""
    return (line[0].islower() and not ends_with(previous, ".!?:;")
            and not (len(_WORDS.findall(previous)) <= TITLE_WORDS and title_case(previous))
            and not residue.is_image_metadata(line))


def _heading(
    text: str, line: int, template: Template, glued_start: re.Pattern[str] | None = None
) -> list[Item] | None:
    if text.endswith(":"):
        return None  # "At home:" introduces a list; it is not the "At Home" heading
    spec = template.lookup(text)
    if spec:
        return [HeadingItem(text, line, None, spec)]
    if holder := template.subheading_of(text):
        return [HeadingItem(text, line, None, None, sub_of=holder)]
    if top := back_to_top(text, template):
        heading, trailing, spec = top
        return [HeadingItem(heading, line, None, spec, trailing=trailing)]
    if glued_start is not None and not glued_start.match(text.lower()):
        return None
    if glued := template.split_glued(text):
        spec, heading, rest = glued
        return [HeadingItem(heading, line, None, spec, glued=True),
                Block("paragraph", rest, line, line, None, rest)]
    if two := template.split_two(text):
        spec, heading, rest = two
        if (second := template.lookup(rest)) is not None:
            return [HeadingItem(heading, line, None, spec, glued=True),
                    HeadingItem(rest, line, None, second)]
        if len(_WORDS.findall(rest)) >= 3:
            return [HeadingItem(heading, line, None, spec, glued=True),
                    Block("paragraph", rest, line, line, None, rest)]
    return None


def _infer_back_matter(out: list[Item], template: Template) -> list[Item]:
    """Give headingless citations (and the resource names before them) their sections."""
    references = template.with_role("references")
    if references is None or any(
        isinstance(i, HeadingItem) and i.spec == references for i in out
    ):
        return out
    first_heading = next((n for n, i in enumerate(out) if isinstance(i, HeadingItem)), None)
    if first_heading is None:
        return out
    cite = next(
        (n for n in range(first_heading, len(out))
         if isinstance(item := out[n], Block) and item.kind == "paragraph"
         and _CITATION.search(item.text)),
        None,
    )
    if cite is None:
        return out
    cite_block = out[cite]
    assert isinstance(cite_block, Block)
    inserts = [(cite, HeadingItem("References", cite_block.line, None, references, implicit=True))]
    resources = template.with_role("resources")
    if resources is not None and not any(
        isinstance(i, HeadingItem) and i.spec == resources for i in out
    ):
        first = cite
        while first - 1 > first_heading and _names_an_organisation(out[first - 1]):
            first -= 1
        if first < cite:
            first_block = out[first]
            assert isinstance(first_block, Block)
            inserts.append(
                (first, HeadingItem("Resources", first_block.line, None, resources, implicit=True))
            )
    for position, heading in sorted(inserts, key=lambda pair: -pair[0]):
        out.insert(position, heading)
    return out


def _names_an_organisation(item: Item) -> bool:
    """A resource line: a short name, perhaps with its web address, that is not a sentence."""
    if not isinstance(item, Block) or item.kind != "paragraph":
        return False
    text = item.text
    return bool(URL.search(text)) or (len(text.split()) <= 10 and not ends_with(text, ".!?:;"))
