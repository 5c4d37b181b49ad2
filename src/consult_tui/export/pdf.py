"""The record as a PDF for a case file: real, searchable text in a Unicode font.

fpdf2's built-in fonts cover Latin-1 only, so Łukasz or Nguyễn would be lost; DejaVu Sans covers
Latin, Greek and Cyrillic in full. It is found where Linux distributions install it (Debian and
Ubuntu: the fonts-dejavu-core package); CONSULT_TUI_PDF_FONT may name another TTF file.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .document import CaseDocument, Field, Item, Paragraph
from .files import ExportError

FONT_ENV = "CONSULT_TUI_PDF_FONT"
_FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),  # Arch
    Path("/usr/local/share/fonts/dejavu"),  # FreeBSD
    Path("/Library/Fonts"),
)
_FAMILY = "DejaVu"
_MARGIN_MM = 18
_LINE_MM = 5.2


def find_fonts() -> tuple[Path, Path | None]:
    """(regular, bold or None) font files; raises ExportError saying how to get one."""
    chosen = os.environ.get(FONT_ENV)
    if chosen:
        path = Path(chosen).expanduser()
        if path.is_file():
            return path, None
        raise ExportError(
            f"{FONT_ENV} names {path}, which is not a font file. Point it at a .ttf file or "
            "unset it, then export again."
        )
    for folder in _FONT_FOLDERS:
        regular = folder / "DejaVuSans.ttf"
        if regular.is_file():
            bold = folder / "DejaVuSans-Bold.ttf"
            return regular, bold if bold.is_file() else None
    raise ExportError(
        "A PDF export needs the DejaVu Sans font, which is not installed. Install it "
        "(Debian or Ubuntu: apt-get install fonts-dejavu-core), or set "
        f"{FONT_ENV} to a .ttf font file, then export again. Markdown and JSON exports "
        "work without it."
    )


def render_pdf(document: CaseDocument) -> bytes:
    from fpdf import FPDF

    # fpdf2 and fontTools log each glyph a font lacks; those lines could spell out case text.
    for name in ("fpdf", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)
    regular, bold = find_fonts()

    class CaseFilePDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(_FAMILY, "", 8)
            self.cell(
                0,
                5,
                f"Confidential: information about a child or family. Record {document.record_id}."
                f"  Page {self.page_no()} of {{nb}}",
                align="C",
            )

    pdf = CaseFilePDF(format="A4")
    pdf.set_margins(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title("Information-sharing decision")
    pdf.set_creator("consult-tui")
    pdf.add_font(_FAMILY, "", str(regular))
    pdf.add_font(_FAMILY, "B", str(bold or regular))
    pdf.add_page()

    def write(text: str, *, size: float = 10, style: str = "", indent: float = 0) -> None:
        pdf.set_font(_FAMILY, style, size)
        pdf.set_x(_MARGIN_MM + indent)
        pdf.multi_cell(0, _LINE_MM * size / 10, text, align="L", new_x="LMARGIN", new_y="NEXT")

    write(document.title, size=15, style="B")
    pdf.ln(2)
    for section in document.sections:
        pdf.ln(3)
        write(section.title, size=12, style="B")
        pdf.ln(1)
        for block in section.blocks:
            if isinstance(block, Field):
                write(f"{block.label}: {block.value}")
            elif isinstance(block, Item):
                write(f"• {block.text}", indent=2)
                for detail in block.details:
                    write(f"{detail.label}: {detail.value}", size=9.5, indent=8)
            elif isinstance(block, Paragraph):
                write(block.text)
    return bytes(pdf.output())
