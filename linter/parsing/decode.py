"""Article bytes to text, and text to lines as every part of healthlint counts them.

UTF-8 with or without a byte-order mark, or UTF-16 with one; anything else (binary data,
UTF-16 without a mark, invalid UTF-8) is a `DecodeError` worded for the writer, with the
line it happens on. CRLF, CR and LF all end a line, as markdown-it counts them.
"""

from __future__ import annotations

import codecs

#: byte-order marks and the codec of the text after them
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def byte_order_mark(data: bytes) -> tuple[bytes, str]:
    """(the byte-order mark `data` starts with, the codec of what follows); (b"", "utf-8")
    without one."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return mark, encoding
    return b"", "utf-8"


def normalise_newlines(text: str) -> str:
    """CRLF and CR made LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them: CRLF, CR and LF all end a line."""
    return normalise_newlines(text).split("\n")


def decode(data: bytes) -> str:
    """Article bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    bom, encoding = byte_order_mark(data)
    data = data[len(bom):]
    name = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
    if not bom and b"\x00" in data:
        nul = data.index(b"\x00")
        if _looks_like_utf16(data):
            raise DecodeError("looks like UTF-16 without a byte-order mark; save it as UTF-8")
        line, _ = _position(data[:nul].decode("utf-8", "replace"))
        raise DecodeError(f"binary file (NUL byte at line {line}); articles must be UTF-8 text", line)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, column = _position(data[: exc.start].decode(encoding, "replace"))
        raise DecodeError(
            f"not valid {name}: byte 0x{data[exc.start]:02x} at line {line}, column "
            f"{column}; save the file as UTF-8",
            line,
        ) from None
    if "\x00" in text:
        line, _ = _position(text[: text.index("\x00")])
        raise DecodeError(f"binary content (NUL character at line {line}); articles must be text",
                          line)
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """NUL in every other byte, as text saved as UTF-16 without a byte-order mark has.

    Judged with line ends made LF first, so the answer never depends on the line endings
    (in UTF-16 itself a CR is one byte of a pair and keeps its place)."""
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4


def _position(before: str) -> tuple[int, int]:
    """(line, column) just after `before`, counting CRLF, CR and LF line ends as the parser does."""
    lines = split_lines(before)
    return len(lines), len(lines[-1]) + 1
