"""What people type is shown as text: never as markup, never as terminal control codes, and never
in the terminal's title."""

from __future__ import annotations

from consult_tui.domain.record import Consultation, Fact, Level, Person, PersonKind, Practitioner
from tests.ui.consultation_harness import ConsultationHarnessApp
from tests.ui.consultation_steps import go_to, paste
from tests.ui.screen_text import screen_text

MARKUP = "[red]x[/red]"
LINK = "[link=https://example.org]y[/link]"
ESCAPE = "\x1b[31mz\x1b[0m"


def hostile_record() -> Consultation:
    return Consultation(
        practitioner=Practitioner(name="[bold]Sam[/bold]", role="Nurse"),
        case_reference=MARKUP,
        people=[Person(name=LINK, kind=PersonKind.CHILD)],
        facts=[Fact(text=ESCAPE, source="[i]school[/i]")],
    )


async def test_typed_markup_and_escape_codes_appear_literally() -> None:
    app = ConsultationHarnessApp(hostile_record())
    async with app.run_test(size=(120, 40)) as pilot:
        await go_to(pilot, "people[0].name")  # open the person's row
        await go_to(pilot, "facts[0].text")
        text = screen_text(app)
        assert MARKUP in text
        assert "[bold]Sam[/bold]" in text
        assert "[link=https://example.org]y" in text  # the row heading may cut the end off
        assert "␛[31mz␛[0m" in text, "an escape sequence is shown, not obeyed"
        assert "\x1b" not in text
        await pilot.press("f4")
        await pilot.pause()
        assert "[link=https://example.org]y" in screen_text(app), "consent heading, literally"


async def test_a_pasted_escape_sequence_is_made_harmless() -> None:
    app = ConsultationHarnessApp(Consultation())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        title_before = app.title
        await paste(pilot, "\x1b]0;owned\x07CR-1")
        assert screen.record.case_reference == "␛]0;owned␇CR-1"
        assert "\x1b" not in screen_text(app)
        assert app.title == title_before


async def test_case_data_never_reaches_the_terminal_title() -> None:
    app = ConsultationHarnessApp(Consultation())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        await paste(pilot, "HV-SECRET-0412")
        await go_to(pilot, "facts")
        await pilot.press("insert")
        await pilot.pause()
        await paste(pilot, "Bruise on the cheek")
        for title in (app.title, app.sub_title, screen.title, screen.sub_title):
            assert "SECRET" not in str(title or "")
            assert "Bruise" not in str(title or "")


async def test_the_panel_quotes_typed_words_literally() -> None:
    record = Consultation(
        people=[
            Person(name="K", kind=PersonKind.CHILD, age=8),
            Person(name="M", kind=PersonKind.PARENT_CARER, relation="[red]mum\x1b[2J"),
        ],
    )
    record.proportionality.risk = Level.LOW
    app = ConsultationHarnessApp(record)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        missing = str(app.consultation.query_one("#panel-missing").content)
        assert "[red]mum␛[2J" in missing, "the panel's words about the mother, as typed"
