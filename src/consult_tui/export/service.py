"""Exporting one record: read it, render it, hand the bytes over, then enter it in the audit trail.

The audit entry is written after the bytes have been handed over (written to a file, or to
stdout), so the trail never claims an export that did not happen.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

from . import json_text
from .case_json import case_record_document
from .document import build_document

if TYPE_CHECKING:
    from consult_tui.domain.guidance import GuidancePack
    from consult_tui.store.repository import RecordStore


class ExportFormat(StrEnum):
    MARKDOWN = "md"
    PDF = "pdf"
    JSON = "json"

    @property
    def extension(self) -> str:
        return self.value


def render_record(
    store: RecordStore, record_id: str, fmt: ExportFormat, pack: GuidancePack
) -> bytes:
    """The record (addenda and audit trail included) in a format; no audit entry yet."""
    record = store.get(record_id)
    trail = store.audit_trail(record_id)
    if fmt is ExportFormat.JSON:
        document = case_record_document(record, pack, trail=trail)
        return (json_text.dumps(document) + "\n").encode("utf-8")
    case = build_document(record, pack, trail=trail)
    if fmt is ExportFormat.PDF:
        from .pdf import render_pdf

        return render_pdf(case)
    from .markdown import render_markdown

    return render_markdown(case).encode("utf-8")


def export_record(
    store: RecordStore,
    record_id: str,
    fmt: ExportFormat,
    pack: GuidancePack,
    deliver: Callable[[bytes], object],
) -> None:
    """Render, deliver (write the file, print), then record the export in the audit trail."""
    data = render_record(store, record_id, fmt, pack)
    deliver(data)
    store.record_export([record_id], fmt.value)
