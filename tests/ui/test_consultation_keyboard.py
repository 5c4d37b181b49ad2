"""Working the consultation screen from the keyboard alone: where the cursor starts, the pane
keys, adding, moving and removing rows, plain words, help and the copied summary."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from consult_tui.domain.examples import bruised_baby, perinatal_referral
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.record import Consultation, Practitioner, Status
from consult_tui.ui.screens.confirm import ConfirmModal
from consult_tui.ui.screens.consultation import PANES
from consult_tui.ui.screens.help import HelpScreen
from consult_tui.ui.widgets.proportionality_panel import NoteList
from tests.ui.consultation_harness import ConsultationHarnessApp
from tests.ui.consultation_steps import add_row, go_to, paste, screen_of, toasts, type_text, until
from tests.ui.screen_text import screen_text

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def new_record() -> Consultation:
    return Consultation(practitioner=Practitioner(name="Amira Khan", role="Health visitor"))


def help_text(app: ConsultationHarnessApp) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    topic = screen.topic
    points = "\n".join(f"{p.title}\n{p.summary}" for p in topic.points)
    return f"{topic.title}\n{topic.body}\n{points}"


@pytest.mark.parametrize("size", SIZES)
async def test_a_new_consultation_starts_in_the_case_reference(size: tuple[int, int]) -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=size) as pilot:
        screen = app.consultation
        assert getattr(screen.focused, "field_path", "") == "case_reference"
        await type_text(pilot, "CR 9")
        assert screen.record.case_reference == "CR 9"
        assert app.received.drafts == 4, "one DraftChanged per key press"
        assert app.received.last_draft is screen.record


@pytest.mark.parametrize("size", SIZES)
async def test_f2_f3_f4_jump_to_each_pane(size: tuple[int, int]) -> None:
    app = ConsultationHarnessApp(bruised_baby())
    async with app.run_test(size=size) as pilot:
        screen = app.consultation
        wide = size[0] >= 120
        for key, pane in (("f3", "proportionality"), ("f4", "communication"), ("f2", "case-facts")):
            await pilot.press(key)
            await pilot.pause()
            container = screen.query_one(f"#{PANES[pane][0]}")
            assert screen.focused is not None and container in screen.focused.ancestors
            assert str(container.border_title).startswith("▶"), "the focused pane is marked"
            assert container.styles.border_top[0] == "heavy"
            others = [screen.query_one(f"#{p[0]}") for name, p in PANES.items() if name != pane]
            assert all(not str(o.border_title).startswith("▶") for o in others)
            assert all(o.display is wide for o in others), "below 120 columns, one pane at a time"
            text = screen_text(app)
            assert PANES[pane][1] in text
        if wide:
            text = screen_text(app)
            assert all(title in text for _, title in PANES.values()), "all three panes at once"


async def test_the_layout_follows_the_terminal_when_it_is_resized() -> None:
    app = ConsultationHarnessApp(bruised_baby())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.consultation
        assert not screen.has_class("-narrow")
        await pilot.resize_terminal(80, 24)
        assert screen.has_class("-narrow")
        visible = [
            name for name, (pane_id, _) in PANES.items() if screen.query_one(f"#{pane_id}").display
        ]
        assert visible == ["case-facts"]
        await pilot.resize_terminal(130, 40)
        assert all(screen.query_one(f"#{pane_id}").display for pane_id, _ in PANES.values())


async def test_removing_a_row_with_typed_text_asks_first() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        await add_row(pilot, "facts")
        await paste(pilot, "Seen at school")
        await pilot.press("shift+tab")  # to the row's heading
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert [f.text for f in screen.record.facts] == ["Seen at school"], "kept"

        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await pilot.pause()
        assert screen.record.facts == []
        assert app.received.last_draft is screen.record


async def test_an_empty_row_goes_without_asking() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        await add_row(pilot, "recipients")
        assert len(screen.record.recipients) == 1
        await pilot.press("shift+tab", "delete")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)
        assert screen.record.recipients == []


async def test_delete_in_a_text_field_deletes_a_character() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        await add_row(pilot, "facts")
        await type_text(pilot, "xbruise")
        await pilot.press("home", "delete")
        assert screen.record.facts[0].text == "bruise"
        assert len(screen.record.facts) == 1


async def test_rows_are_added_after_the_current_one_and_moved_with_alt_arrows() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        await add_row(pilot, "people")
        await paste(pilot, "Ava")
        await pilot.press("insert")  # from inside a row: a new row after it
        await pilot.pause()
        await paste(pilot, "Ben")
        assert [p.name for p in screen.record.people] == ["Ava", "Ben"]
        await pilot.press("shift+tab", "alt+up")
        await pilot.pause()
        assert [p.name for p in screen.record.people] == ["Ben", "Ava"]
        consent_headings = [str(h.content) for h in screen.query(".consent-person")]
        assert "Ben" in consent_headings[0] and "Ava" in consent_headings[1]


async def test_insert_outside_a_list_says_where_it_works() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("insert")
        await until(pilot, lambda: "Insert adds a row" in toasts(pilot))
        assert app.consultation.record.people == []


async def test_an_abbreviation_is_written_out_with_f8() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.consultation
        await go_to(pilot, "information_to_share")
        await type_text(pilot, "Referred to CAMHS")
        hints = screen.hints
        assert any(span.text == "CAMHS" for span in hints.spans)
        await pilot.press("f8")
        await pilot.pause()
        text = screen.record.information_to_share
        assert text.startswith("Referred to CAMHS (") and "Mental Health" in text
        assert not any(span.text == "CAMHS" for span in hints.spans), "hint gone once explained"


async def test_a_jargon_hint_is_accepted_with_enter_on_the_hint() -> None:
    pack = default_pack()
    phrase, plainer = next(iter(pack.jargon.items()))
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.consultation
        await go_to(pilot, "information_to_share")
        await paste(pilot, f"We discussed {phrase} today.")
        hint_list = screen.query_one("#plain-language-hints-list", OptionList)
        index = next(i for i, span in enumerate(screen.hints.spans) if span.term == phrase)
        hint_list.focus()
        hint_list.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert plainer.lower() in screen.record.information_to_share.lower()
        assert phrase.lower() not in screen.record.information_to_share.lower()


async def test_f1_on_a_question_explains_it_and_its_answers() -> None:
    pack = default_pack()
    question = pack.question("relationship_damage")
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "proportionality.relationship_damage")
        await pilot.press("f1")
        await pilot.pause()
        text = help_text(app)
        assert question.title in text and question.help in text
        assert all(label in text for label in question.answers.values())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.consultation


async def test_f1_on_a_note_shows_the_guidance_it_cites() -> None:
    app = ConsultationHarnessApp(bruised_baby())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.consultation
        notes = screen.query_one(NoteList)
        notes.focus()
        notes.highlighted = 0
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        note = notes.notes[0]
        text = help_text(app)
        assert note.text in text
        cited = [screen.pack.points[c] for c in note.citations if c in screen.pack.points]
        assert cited and all(point.title in text and point.summary in text for point in cited)


async def test_f1_on_a_field_gives_its_purpose_and_guidance() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "decision.reason")
        await pilot.press("f1")
        await pilot.pause()
        text = help_text(app)
        assert "required whatever the decision" in text.lower() or "whatever the decision" in text
        assert app.consultation.pack.points["seed-record-reason"].title in text


async def test_ctrl_y_copies_a_plain_text_summary() -> None:
    record = perinatal_referral()
    app = ConsultationHarnessApp(record)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "decision.reason")  # even from inside a text field
        await pilot.press("ctrl+y")
        await pilot.pause()
        copied = app.clipboard
        assert record.case_reference in copied
        assert f"Reason: {record.decision.reason}" in copied
        assert "[" not in copied.splitlines()[0], "plain text, no markup"
        assert screen_of(pilot).record.decision.reason == record.decision.reason, "not redo"


async def test_a_finalised_record_opens_read_only() -> None:
    record = bruised_baby()
    record.status = Status.FINALISED
    app = ConsultationHarnessApp(record, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        banner = str(screen.query_one("#consultation-banner").content)
        assert "read only; addenda only" in banner
        await pilot.press("a", "b")
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen is screen, "nothing to finalise"
        assert screen.record.case_reference == record.case_reference
        assert app.received.drafts == 0
        await pilot.press("f4")
        await pilot.pause()
        text = screen_text(app)
        assert "Communication" in text
