"""Moving around the form cannot change an answer by accident: Enter never lands on a tick box,
letters typed on a tick box or a choice change nothing but show how to change it, and the field
being typed in stays in view at 80x24."""

from __future__ import annotations

import pytest

from consult_tui.domain.record import Consultation, PersonKind, Practitioner
from consult_tui.ui.widgets.bound_fields import BoundTextArea
from consult_tui.ui.widgets.choice_row import ChoiceRow
from consult_tui.ui.widgets.tick_box import Tick
from tests.ui.consultation_harness import ConsultationHarnessApp
from tests.ui.consultation_steps import add_row, go_to, screen_of, type_text, until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def new_record() -> Consultation:
    return Consultation(practitioner=Practitioner(name="Amira Khan", role="Health visitor"))


async def _press_text(pilot, text: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in text))


@pytest.mark.parametrize("size", SIZES)
async def test_enter_after_the_case_reference_goes_on_to_a_field_to_type_in(size) -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=size) as pilot:
        screen = screen_of(pilot)
        await go_to(pilot, "case_reference")
        await type_text(pilot, "BL-SG-2026-007")
        await pilot.press("enter")
        await until(pilot, lambda: getattr(screen.focused, "field_path", "") != "case_reference")
        assert isinstance(screen.focused, BoundTextArea)
        await _press_text(pilot, "seen at home")
        await until(pilot, lambda: screen.focused.text.endswith("seen at home"))
        assert screen.record.case_reference == "BL-SG-2026-007"
        assert screen.record.anonymised is False


async def test_letters_typed_on_a_tick_box_only_show_how_to_tick_it() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(pilot)
        box = await go_to(pilot, "anonymised")
        assert isinstance(box, Tick)
        await _press_text(pilot, "the mother said x")
        await until(pilot, lambda: box.hinting)
        assert "Space ticks" in str(box.render())
        assert box.ticked is False
        assert screen.record.anonymised is False

        await pilot.press("enter")  # moves on, ticks nothing
        await until(pilot, lambda: screen.focused is not box)
        assert screen.record.anonymised is False and not box.hinting

        await go_to(pilot, "anonymised")
        await pilot.press("space")  # a Space on its own ticks
        await until(pilot, lambda: screen.record.anonymised is True)
        assert not box.hinting


async def test_words_typed_on_a_choice_do_not_pick_answers() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(pilot)
        await add_row(pilot, "people")
        who = await go_to(pilot, "people[0].kind")
        assert isinstance(who, ChoiceRow)
        await _press_text(pilot, "child parent or carer")
        await until(pilot, lambda: who.hinting)
        assert "← → change the answer" in str(who.render())
        assert screen.record.people[0].kind is PersonKind.CHILD

        await pilot.press("right")
        await until(pilot, lambda: screen.record.people[0].kind is PersonKind.SIBLING)
        assert not who.hinting


def _cursor_line_shown(screen, field: BoundTextArea) -> bool:
    """The cursor's line of the field lies inside the visible part of its scrolling pane."""
    row = field.cursor_screen_offset.y
    node = field.parent
    while node is not None and node is not screen:
        if getattr(node, "is_scrollable", False) and node.size.height:
            region = node.content_region
            if not (region.y <= row < region.y + region.height):
                return False
        node = node.parent
    return screen.region.y <= row < screen.region.bottom


async def test_the_cursor_line_stays_in_view_while_typing_a_long_passage_at_80x24() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(pilot)
        field = await go_to(pilot, "information_to_share")
        for line in range(12):
            await _press_text(pilot, f"line {line} of what is proposed")
            await pilot.press("enter")
        await until(pilot, lambda: "line 11" in field.text)
        await pilot.pause()
        assert _cursor_line_shown(screen, field)


async def test_a_new_fact_row_is_in_view_at_80x24() -> None:
    app = ConsultationHarnessApp(new_record())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(pilot)
        for _ in range(4):
            await add_row(pilot, "facts")
            await type_text(pilot, "seen")
        await pilot.pause()
        field = screen.focused
        assert isinstance(field, BoundTextArea)
        assert _cursor_line_shown(screen, field)
