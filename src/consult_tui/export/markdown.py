"""The record as Markdown for a case file: headings and lists are ours, every typed word is text."""

from __future__ import annotations

from .document import CaseDocument, Field, Item, Paragraph
from .text import markdown_text


def render_markdown(document: CaseDocument) -> str:
    lines = [f"# {markdown_text(document.title)}", ""]
    for section in document.sections:
        lines += [f"## {markdown_text(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Field):
                lines.append(f"- **{markdown_text(block.label)}:** {markdown_text(block.value)}")
            elif isinstance(block, Item):
                lines.append(f"- {markdown_text(block.text)}")
                for detail in block.details:
                    lines.append(
                        f"    - *{markdown_text(detail.label)}:* {markdown_text(detail.value)}"
                    )
            elif isinstance(block, Paragraph):
                lines += [markdown_text(block.text), ""]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
