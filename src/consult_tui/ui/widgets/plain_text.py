"""Showing typed case text on screen literally: never as markup, never as terminal control codes.

Rich markup such as "[red]" is inert once text goes through ``Content`` rather than markup parsing,
but Textual passes most control characters (ESC above all) straight to the terminal. A pasted
escape sequence could then recolour, retitle or clear the practitioner's terminal, so every
control character is swapped for a visible stand-in before it is shown.
"""

from __future__ import annotations

from textual.content import Content

_ESCAPE_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ … ␟ (ESC → ␛)
_ESCAPE_PICTURES[0x7F] = "␡"
_ESCAPE_PICTURES.update({code: "�" for code in range(0x80, 0xA0)})  # C1 controls (CSI, OSC…)

_SINGLE_LINE = dict(_ESCAPE_PICTURES)
_MULTI_LINE = {code: picture for code, picture in _ESCAPE_PICTURES.items() if code not in (9, 10)}


def printable(text: str, *, multiline: bool = False) -> str:
    """The text with every control character replaced by a visible symbol.

    Newlines and tabs survive only where the text is shown over several lines.
    """
    from consult_tui.export.text import show_format_characters

    return show_format_characters(text).translate(_MULTI_LINE if multiline else _SINGLE_LINE)


def literal(text: str, style: str = "", *, multiline: bool = False) -> Content:
    """Typed text as display content: shown exactly as typed, whatever brackets it holds."""
    return Content.styled(printable(text, multiline=multiline), style)
