"""Untrusted text (article text, file names) made safe for each place it is printed.

Article text and file names are written by anyone who can open a pull request, so they
must never become terminal escape sequences, extra report lines, GitHub workflow commands,
live Markdown links or images, spreadsheet formulas, or text the output encoding cannot
carry. Every formatter passes such text through one of these functions:

- `terminal_text`: C0 controls but tab, DEL and C1 controls become visible `\\xNN` escapes
  (so a newline in a file name cannot start a forged problem line, and `ESC ]0;` cannot
  retitle the terminal); a byte of a non-UTF-8 file name (a lone surrogate) becomes `\\xNN`.
- `github_log_line`: a plain log line the Actions runner can never read as a command: it
  cannot start with `::` (after the blanks the runner skips) nor hold the old `##[` form.
- `markdown_text`: a Markdown table cell that shows the text literally: punctuation
  escaped, raw HTML escaped, and bare addresses (`https://`, `www.`, `a@b`) broken with a
  word joiner so GitHub's autolinker leaves them as text.
- `csv_cell`: a cell a spreadsheet shows as text, never runs as a formula (OWASP's advice:
  a leading `=`, `+`, `-`, `@`, tab or CR gets a `'` in front).
- `encodable` / `json_encodable`: the last step before bytes are written: lone surrogates
  (bytes of non-UTF-8 file names) become U+FFFD in text, and `\\udcNN` escapes in JSON, so
  UTF-8 output never fails and JSON readers that keep surrogates get the name back.
"""

from __future__ import annotations

import html
import re

#: C0 controls except tab, DEL, C1 controls, and lone surrogates
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Markdown punctuation that can start emphasis, links, images, code or end a table cell
#: (inside a table cell nothing can start a heading or a list; `<` and `&` are escaped as
#: HTML)
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
#: what GitHub's autolinker turns into a link even without Markdown syntax
_AUTOLINK = re.compile(r"(?i)(://|www(?=\\?\.)|@)")
_WORD_JOINER = "\u2060"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    if code >= 0xD800:
        return "\ufffd"
    return f"\\x{code:02x}" if char != "\n" else "\\n"


def terminal_text(text: str) -> str:
    """Text with no control characters: each becomes a visible escape (`\\x1b`, `\\n`)."""
    return _CONTROL.sub(_visible, text)


def github_log_line(line: str) -> str:
    """A log line (already one line) that the Actions runner cannot read as a command."""
    line = line.replace("##[", "##%5B")
    stripped = line.lstrip()
    if stripped.startswith("::"):
        start = len(line) - len(stripped)
        return line[:start] + "%3A%3A" + stripped[2:]
    return line


def markdown_text(text: str) -> str:
    """Text shown literally in a Markdown table cell: one line, no markup, no autolinks."""
    one_line = " ".join(terminal_text(text).split())
    escaped = html.escape(one_line, quote=False)
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", escaped)
    return _AUTOLINK.sub(_joined, escaped)


def _joined(match: re.Match[str]) -> str:
    text = match.group()
    return text + _WORD_JOINER if text.lower() == "www" else text[0] + _WORD_JOINER + text[1:]


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet cannot run: text starting like a formula gets a `'`."""
    if isinstance(value, str):
        value = encodable(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def encodable(text: str) -> str:
    """Text UTF-8 can encode: lone surrogates become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def json_encodable(text: str) -> str:
    """JSON text (from json.dumps(ensure_ascii=False)) UTF-8 can encode: lone surrogates
    become `\\uXXXX` escapes, which are valid JSON and read back as the same string."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
