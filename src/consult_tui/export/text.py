"""Typed text made safe to put in an export: no terminal escapes, and Markdown that stays text.

A practitioner may paste text from anywhere. An escape sequence must not reach a terminal that
later shows the export, and "[link](x)" or "# heading" typed into a reason must not turn into a
link or a heading in the case file: user text is always plain text.
"""

from __future__ import annotations

import re
import unicodedata

# CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), other two-byte ESC sequences, and their
# eight-bit forms (0x9B CSI, 0x9D OSC).
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Marks that mean something anywhere in a Markdown line: emphasis, code, links and images,
# raw HTML and entities, tables, strikethrough, and the backslash itself.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~!&])")
# Marks that mean something at the start of a line: headings, lists, quotes, setext underlines.
_MARKDOWN_LINE_START = re.compile(r"^(\d*)([#+\-=>]|(?<=\d)[.)])")


# Joiners shape scripts and emoji (Persian names need U+200C) and cannot reorder text.
_JOINERS = frozenset("\u200c\u200d")


def show_format_characters(text: str) -> str:
    """Invisible format characters (Unicode Cf: bidi controls such as U+202E, zero-width
    spaces) as a visible ``<U+202E>``, so they cannot silently reorder or disguise text."""
    if text.isascii():
        return text
    return "".join(
        f"<U+{ord(ch):04X}>" if ch not in _JOINERS and unicodedata.category(ch) == "Cf" else ch
        for ch in text
    )


def clean(text: str, *, multiline: bool = True) -> str:
    """Text with escape sequences and control characters removed, tabs as spaces, and
    invisible format characters shown."""
    text = show_format_characters(text)
    text = _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text.replace("\t", " "))
    if not multiline:
        text = " ".join(text.split("\n"))
    return text


def markdown_text(text: str) -> str:
    """User text as Markdown that reads as exactly what was typed, and can restructure nothing.

    Inline marks are backslash-escaped wherever they are, and line-starting marks ("#", "-",
    "1.") at the start of a line; lines lose their leading spaces (four would start a code
    block). Blank lines are dropped so that text inside a list item stays inside it; line
    breaks are kept as hard breaks.
    """
    lines = [line.strip() for line in clean(text).split("\n")]
    escaped = [
        _MARKDOWN_LINE_START.sub(r"\1\\\2", _MARKDOWN_INLINE.sub(r"\\\1", line))
        for line in lines
        if line
    ]
    return "\\\n".join(escaped)
