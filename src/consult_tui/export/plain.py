"""The record as plain text for a terminal (`consult-tui show`): no markup, no escape sequences."""

from __future__ import annotations

from .document import CaseDocument, Field, Item, Paragraph


def _indent(text: str, prefix: str) -> str:
    return text.replace("\n", "\n" + " " * len(prefix))


def render_plain(document: CaseDocument) -> str:
    lines = [document.title, "=" * min(len(document.title), 78)]
    for section in document.sections:
        lines += ["", section.title, "-" * len(section.title)]
        for block in section.blocks:
            if isinstance(block, Field):
                head = f"{block.label}: "
                lines.append(head + _indent(block.value, head))
            elif isinstance(block, Item):
                lines.append("- " + _indent(block.text, "- "))
                for detail in block.details:
                    head = f"    {detail.label}: "
                    lines.append(head + _indent(detail.value, head))
            elif isinstance(block, Paragraph):
                lines.append(block.text)
    return "\n".join(lines) + "\n"
