"""Stories of a record leaving the store for a case file or another system."""

from __future__ import annotations

import dataclasses
import io
import json
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from consult_tui.domain.assessment import assess
from consult_tui.domain.examples import bruised_baby
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.record import Addendum, Consultation, DecisionOutcome, YesNo, new_id
from consult_tui.export.document import build_document
from consult_tui.export.files import ExportError, default_export_path, write_private
from consult_tui.export.markdown import render_markdown
from consult_tui.export.plain import render_plain
from consult_tui.export.service import ExportFormat, export_record, render_record
from consult_tui.export.text import clean, markdown_text
from consult_tui.store.repository import RecordStore
from tests.review.review_helpers import consultation, finalise


def test_typed_markdown_cannot_restructure_the_document() -> None:
    typed = "[link](http://x.example)\n# Heading\n    indented\n1. list\n<b>bold</b> *em* `code`"
    escaped = markdown_text(typed)
    lines = escaped.split("\n")
    assert lines[0].startswith("\\[link\\]")
    assert lines[1].startswith("\\# Heading")
    assert lines[2].startswith("indented"), "leading spaces could start a code block"
    assert lines[3].startswith("1\\. list")
    assert "\\<b\\>" in escaped and "\\*em\\*" in escaped and "\\`code\\`" in escaped


def test_terminal_escape_sequences_are_removed_from_exported_text() -> None:
    typed = "Mum \x1b[31mshouted\x1b[0m\x1b]0;pwned\x07 at \x9b2J school\x07"
    assert clean(typed) == "Mum shouted at  school"


@pytest.fixture
def finalised(store: RecordStore):
    record = consultation(
        case_reference="HV-77",
        child="Łukasz Nguyễn",
        reason="Shared because of the [unexplained](x) fracture\n# not a heading",
    )
    record.facts[0].text = "Seen \x1b[2J at nursery"
    final = finalise(store, record)
    store.add_addendum(
        final.id, Addendum(author="P. Shah", reason="Strategy meeting", text="Police informed")
    )
    return store.get(final.id)


def test_the_markdown_export_holds_the_whole_record_as_plain_text(
    store: RecordStore, finalised
) -> None:
    markdown = render_record(store, finalised.id, ExportFormat.MARKDOWN, default_pack()).decode()
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings[0] == "# Information-sharing decision: HV-77 (finalised)"
    assert all(line.startswith(("# ", "## ")) for line in headings)
    assert "## Addenda" in markdown and "## Audit trail" in markdown
    assert "## Assessment when finalised" in markdown
    assert "\\[unexplained\\](x) fracture" in markdown
    assert "\\# not a heading" in markdown
    assert "\x1b" not in markdown
    assert "Łukasz Nguyễn" in markdown
    assert "Police informed" in markdown


def test_the_pdf_export_carries_extractable_text(store: RecordStore, finalised) -> None:
    data = render_record(store, finalised.id, ExportFormat.PDF, default_pack())
    assert data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "fracture" in text
    assert "Łukasz Nguyễn" in text
    assert "Police informed" in text


def test_the_json_export_is_the_record_its_assessments_and_its_trail(
    store: RecordStore, finalised
) -> None:
    document = json.loads(render_record(store, finalised.id, ExportFormat.JSON, default_pack()))
    assert document["format"] == "consult-tui-case-record"
    assert document["record"]["id"] == finalised.id
    assert document["record"]["addenda"][0]["text"] == "Police informed"
    assert document["assessment"]["at_finalise"] == finalised.assessment_at_finalise
    assert document["assessment"]["pack_changed"] is False
    actions = [entry["action"] for entry in document["audit_trail"]]
    assert actions[:3] == ["create", "finalise", "addendum"]


def test_an_export_is_written_owner_only_and_entered_in_the_audit_trail(
    store: RecordStore, finalised, tmp_path: Path
) -> None:
    target = default_export_path(finalised.id, "pdf", tmp_path / "exports")
    export_record(
        store, finalised.id, ExportFormat.PDF, default_pack(), lambda d: write_private(target, d)
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert "HV-77" not in target.name, "file names carry no case data"
    last = store.audit_trail(finalised.id)[-1]
    assert (last.action, last.detail) == ("export", "format=pdf")


def test_an_export_is_never_written_through_a_symbolic_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "export.md"
    link.symlink_to(victim)
    with pytest.raises(ExportError, match="Cannot write"):
        write_private(link, b"case data")
    assert victim.read_text() == "keep me"


def test_a_changed_guidance_pack_is_named_beside_the_assessment_as_finalised(
    store: RecordStore, finalised
) -> None:
    newer = dataclasses.replace(default_pack(), version="2099.1")
    document = build_document(finalised, newer, trail=store.audit_trail(finalised.id))
    comparison = document.comparison
    assert comparison.pack_changed
    now = render_plain(document)
    assert "What the guidance would say now" in now
    assert "2099.1" in now
    assert comparison.pack_then in render_markdown(document).replace("\\", "")


@pytest.fixture
def overridden(store: RecordStore) -> Consultation:
    """Baby R's bruise not shared, against the weighing, with the conflict overridden on purpose;
    her mother is not to be told, in words that look like markup."""
    record = bruised_baby()
    record.id = new_id()
    record.decision.outcome = DecisionOutcome.DO_NOT_SHARE
    record.decision.override_conflicts = list(assess(record).conflict_ids)
    record.decision.override_reason = "The [police](x) already hold the *same* account"
    mother = record.people[1]
    mother.may_be_told = YesNo.NO
    mother.telling_reason = "She would <b>warn</b> the father"
    return finalise(store, record)


def _overridden_views(store: RecordStore, record: Consultation) -> dict[str, str]:
    pdf = render_record(store, record.id, ExportFormat.PDF, default_pack())
    document = build_document(record, default_pack(), trail=store.audit_trail(record.id))
    return {
        "pdf": " ".join(
            " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
        ),
        "markdown": render_record(store, record.id, ExportFormat.MARKDOWN, default_pack())
        .decode()
        .replace("\\", ""),
        "plain": render_plain(document),
    }


@pytest.mark.parametrize("view", ["pdf", "markdown", "plain"])
def test_a_decision_taken_against_the_weighing_shows_each_override_and_its_reason(
    store: RecordStore, overridden: Consultation, view: str
) -> None:
    text = _overridden_views(store, overridden)[view]
    assert overridden.decision.override_conflicts == ["withhold-significant-harm"]
    assert "Overridden: not sharing despite a risk of significant harm" in text
    assert "Why the decision stands" in text
    assert "The [police](x) already hold the *same* account" in text


@pytest.mark.parametrize("view", ["pdf", "markdown", "plain"])
def test_the_case_file_says_person_by_person_who_is_told_and_why_and_whom_to_share_with(
    store: RecordStore, overridden: Consultation, view: str
) -> None:
    text = _overridden_views(store, overridden)[view]
    assert "Telling Ms R (mother): do not tell" in text
    assert "She would <b>warn</b> the father" in text
    assert "Telling Mr R (father): tell" in text
    assert "Share with: Children's social care (the front door / MASH)" in text


def test_markup_typed_into_an_override_reason_stays_text_in_the_markdown(
    store: RecordStore, overridden: Consultation
) -> None:
    markdown = render_record(store, overridden.id, ExportFormat.MARKDOWN, default_pack()).decode()
    assert "\\[police\\](x) already hold the \\*same\\* account" in markdown
    assert "\\<b\\>warn\\</b\\>" in markdown
