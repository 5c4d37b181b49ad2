"""Fitting text into columns with a sign where it is cut: "…", never a silent chop.

Pure functions (no Textual, no Rich) so that the command line and the screens cut the same way.
Widths count characters; case text is mostly Latin script, where that is the cell width.
"""

from __future__ import annotations

from collections.abc import Sequence

ELLIPSIS = "…"


def cut(text: str, width: int) -> str:
    """The text in at most ``width`` characters, its last one "…" if anything was cut."""
    if len(text) <= width:
        return text
    if width <= 0:
        return ""
    return text[: width - 1] + ELLIPSIS


def cut_words(text: str, width: int) -> str:
    """Like ``cut`` but at a word boundary, unless that would throw away over half the room."""
    if len(text) <= width:
        return text
    if width <= 1:
        return cut(text, width)
    room = width - 1
    head = text[: room + 1]
    space = head.rfind(" ")
    if space >= room // 2:
        return text[:space].rstrip() + ELLIPSIS
    return text[:room] + ELLIPSIS


def fit_widths(natural: Sequence[int], available: int, minimum: Sequence[int]) -> list[int]:
    """Column widths: each as wide as its content, the widest narrowed first until they fit.

    No column goes below its minimum (a date keeps its ten characters), so the total may still
    exceed ``available`` when the room is too small for every minimum.
    """
    widths = [max(n, m) for n, m in zip(natural, minimum, strict=True)]
    excess = sum(widths) - available
    while excess > 0:
        shrinkable = [i for i, w in enumerate(widths) if w > minimum[i]]
        if not shrinkable:
            break
        widest = max(widths[i] for i in shrinkable)
        tied = [i for i in shrinkable if widths[i] == widest]
        others = [widths[i] for i in shrinkable if widths[i] < widest]
        floor = max([*others, *(minimum[i] for i in tied)])
        # Narrow the widest columns together, down to the next width or just enough to fit.
        step = min(widest - floor, -(-excess // len(tied)))
        for i in tied:
            if excess <= 0:
                break
            cut_by = min(step, excess, widths[i] - minimum[i])
            widths[i] -= cut_by
            excess -= cut_by
    return widths
