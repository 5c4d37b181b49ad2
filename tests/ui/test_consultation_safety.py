"""What people type is shown as text: never as markup, never as terminal control codes, and never
in the terminal's title."""

from __future__ import annotations

import random

import pytest
from textual.app import App
from textual.widgets import OptionList, Static

from consult_tui.domain.assessment import Action, assess, finalise_blockers
from consult_tui.domain.examples import bruised_baby
from consult_tui.domain.guidance import default_pack
from consult_tui.domain.invariants import panel_contradictions
from consult_tui.domain.record import (
    AdultRiskAssessment,
    ConsentState,
    Consultation,
    DecisionOutcome,
    Fact,
    Level,
    MaracStep,
    Person,
    PersonKind,
    Practitioner,
    YesNo,
)
from consult_tui.ui.app import styles_dir
from consult_tui.ui.screens.finalise import FinaliseProblemsScreen
from consult_tui.ui.widgets.proportionality_panel import NoteList, ProportionalityPanel
from tests.domain.answer_space import random_record
from tests.ui.consultation_harness import ConsultationHarnessApp
from tests.ui.consultation_steps import choose, fill, go_to, paste, tick, until
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


# -- the panel never contradicts itself ----------------------------------------------------------


class PanelApp(App[None]):
    """The proportionality panel alone, as the consultation screen shows it."""

    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "consultation.tcss"]

    def compose(self):
        yield ProportionalityPanel(default_pack(), id="proportionality-panel")


def rendered_panel_text(panel: ProportionalityPanel) -> str:
    """What the panel's parts render, read back from the widgets (wrapping aside)."""
    parts = [str(static.render()) for static in panel.query(Static) if static.display]
    parts.extend(str(option.prompt) for option in panel.query_one(NoteList).options)
    return "\n".join(parts)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_panel_never_contradicts_itself_over_random_records(size) -> None:
    rng = random.Random(13 + size[0])
    app = PanelApp()
    async with app.run_test(size=size) as pilot:
        panel = app.query_one(ProportionalityPanel)
        for _ in range(120):
            record = random_record(rng)
            result = assess(record)
            panel.assessment = result
            await pilot.pause()
            text = rendered_panel_text(panel)
            assert panel_contradictions(text) == [], text
            told = next((line for line in text.splitlines() if line.startswith("✓ Tell:")), "")
            for person, telling in zip(record.people, result.telling, strict=True):
                if person.alleged_to_cause_harm or person.may_pass_on:
                    assert telling.label not in told.removeprefix("✓ Tell:").split(", "), text
                # every person's line is shown, by name
                assert telling.label in text


async def test_the_panel_shows_tell_the_mother_never_her_partner() -> None:
    record = Consultation(
        people=[
            Person(name="K", kind=PersonKind.CHILD, age=8),
            Person(
                name="Ms K", kind=PersonKind.PARENT_CARER, relation="mother", may_be_told=YesNo.YES
            ),
            Person(
                name="Mr L",
                kind=PersonKind.OTHER_ADULT,
                relation="partner",
                alleged_to_cause_harm=True,
            ),
        ],
    )
    record.proportionality.risk = Level.HIGH
    app = ConsultationHarnessApp(record)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        whom = str(app.consultation.query_one("#panel-whom").render())
        assert "✓ Tell: Ms K (mother)" in whom
        assert "✗ Do not tell: Mr L (partner) — alleged to have caused harm" in whom
        family = str(app.consultation.query_one("#panel-tell").render())
        assert "Tell only the people marked ✓" in family
        share_with = str(app.consultation.query_one("#panel-share-with").render())
        assert "Children's social care" in share_with


# -- new fields from the keyboard -------------------------------------------------------------


async def test_a_conflict_is_overridden_by_ticking_it_and_giving_its_own_reason() -> None:
    record = bruised_baby()
    record.decision.outcome = DecisionOutcome.DO_NOT_SHARE
    record.decision.reason = "Children's social care already hold all of this; checked with them."
    app = ConsultationHarnessApp(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        assert "withhold-significant-harm" in screen.assessment.conflict_ids
        tick = await go_to(pilot, "decision.override_conflicts", "withhold-significant-harm")
        assert tick.display and tick.has_focus
        await pilot.press("space")
        await until(
            pilot, lambda: "withhold-significant-harm" in screen.record.decision.override_conflicts
        )
        await fill(
            pilot, "decision.override_reason", "The hospital referred an hour ago; I confirmed it."
        )
        await until(
            pilot, lambda: screen.record.decision.override_reason.startswith("The hospital")
        )
        problems = [
            p.field
            for p in finalise_blockers(screen.record, screen.assessment)
            if p.field.startswith("decision.override")
        ]
        assert problems == []


async def test_someone_who_would_pass_it_on_is_marked_from_the_keyboard() -> None:
    record = Consultation(
        people=[
            Person(name="K", kind=PersonKind.CHILD, age=8),
            Person(name="Gran", kind=PersonKind.FAMILY_MEMBER, may_be_told=YesNo.YES),
        ],
    )
    app = ConsultationHarnessApp(record)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.consultation
        await go_to(pilot, "people[1].name")
        await tick(pilot, "people[1].may_pass_on")
        await until(pilot, lambda: screen.record.people[1].may_pass_on)
        assert screen.assessment.telling[1].advice == "do_not_tell"
        await fill(pilot, "people[1].telling_reason", "Sees Mr L daily")
        await until(pilot, lambda: screen.record.people[1].telling_reason == "Sees Mr L daily")


async def test_adult_risk_and_marac_are_answered_from_the_keyboard() -> None:
    app = ConsultationHarnessApp(Consultation(people=[Person(name="K", kind=PersonKind.CHILD)]))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.consultation
        await choose(pilot, "context.adult_at_risk", YesNo.YES)
        await choose(pilot, "context.adult_risk_assessment", AdultRiskAssessment.HIGH)
        await until(pilot, lambda: Action.REFER_MARAC in screen.assessment.actions)
        await choose(pilot, "context.marac", MaracStep.REFERRED_WITH_CONSENT)
        await until(pilot, lambda: Action.REFER_MARAC not in screen.assessment.actions)


async def test_whom_to_share_with_is_carried_into_the_recipients_with_one_key() -> None:
    record = Consultation(people=[Person(name="K", kind=PersonKind.CHILD, age=8)])
    record.proportionality.risk = Level.HIGH
    record.proportionality.imminent = YesNo.YES
    app = ConsultationHarnessApp(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        await pilot.press("f3")
        offer = screen.query_one("#suggested-recipients")
        assert offer.display and "Children's social care" in str(offer.render())
        offer.focus()
        await until(pilot, lambda: screen.focused is offer)
        await pilot.press("enter")
        await until(pilot, lambda: len(screen.record.recipients) == 2)
        assert [r.agency for r in screen.record.recipients] == ["Police", "Children's social care"]
        await until(pilot, lambda: not offer.display)
        assert app.received.drafts >= 1


async def test_whom_a_person_agreed_it_may_go_to_is_recorded_from_the_keyboard() -> None:
    child = Person(name="K", kind=PersonKind.CHILD, age=15)
    child.consent.state = ConsentState.PARTIAL
    app = ConsultationHarnessApp(Consultation(people=[child]))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.consultation
        await fill(pilot, "people[0].consent.agreed_with", "The school nurse only")
        await until(pilot, lambda: screen.record.people[0].consent.agreed_with != "")
        assert screen.record.people[0].consent.agreed_with == "The school nurse only"


async def test_the_finalise_list_takes_you_to_the_conflict_to_override() -> None:
    record = bruised_baby()
    record.decision.outcome = DecisionOutcome.DO_NOT_SHARE
    record.decision.reason = "Children's social care already hold all of this; checked with them."
    app = ConsultationHarnessApp(record)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.consultation
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, FinaliseProblemsScreen))
        options = app.screen.query_one(OptionList)
        texts = [str(option.prompt) for option in options.options]
        index = next(i for i, text in enumerate(texts) if "override each conflict" in text)
        options.highlighted = index
        await pilot.press("enter")
        await until(
            pilot,
            lambda: getattr(screen.focused, "member", None) == "withhold-significant-harm",
        )
        assert screen.focused.display
