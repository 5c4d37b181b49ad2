"""The example consultations of the domain brief, each worked from a new record to a finalised
one through the keyboard, at 80x24 and 120x40, checking what the live panel says at each step."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from consult_tui.domain.record import (
    Article6,
    ConsentState,
    Consultation,
    DecisionOutcome,
    FactKind,
    FamilyTold,
    Level,
    PersonKind,
    Practitioner,
    SecureMeans,
    Status,
    YesNo,
)
from consult_tui.ui.screens.confirm import ConfirmModal
from consult_tui.ui.screens.finalise import FinaliseProblemsScreen
from consult_tui.ui.widgets.bound_fields import BoundTextArea
from consult_tui.ui.widgets.consent_editor import ConsentHeading
from tests.ui.consultation_harness import ConsultationHarnessApp
from tests.ui.consultation_steps import (
    add_row,
    choose,
    fill,
    lean_line,
    options_text,
    panel_text,
    paste,
    screen_of,
    tick,
    type_text,
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def new_record(name: str, role: str) -> Consultation:
    """What ctrl+n hands the screen: an empty record with the practitioner filled in."""
    return Consultation(practitioner=Practitioner(name=name, role=role))


async def add_person(pilot: Pilot, name: str, kind: PersonKind, relation: str = "") -> int:
    screen = screen_of(pilot)
    await add_row(pilot, "people")  # the new row's name field has the focus
    index = len(screen.record.people) - 1
    await paste(pilot, name)
    if kind is not PersonKind.CHILD:
        await choose(pilot, f"people[{index}].kind", kind)
    if relation:
        await fill(pilot, f"people[{index}].relation", relation)
    return index


async def add_fact(pilot: Pilot, text: str, source: str, kind: FactKind = FactKind.FACT) -> None:
    screen = screen_of(pilot)
    await add_row(pilot, "facts")  # the new fact's text has the focus
    index = len(screen.record.facts) - 1
    await paste(pilot, text)
    if kind is not FactKind.FACT:
        await choose(pilot, f"facts[{index}].kind", kind)
    await fill(pilot, f"facts[{index}].source", source)


async def add_recipient(pilot: Pilot, name: str, role: str, agency: str) -> None:
    screen = screen_of(pilot)
    await add_row(pilot, "recipients")
    index = len(screen.record.recipients) - 1
    await paste(pilot, name)
    await fill(pilot, f"recipients[{index}].role", role)
    await fill(pilot, f"recipients[{index}].agency", agency)


async def answer(pilot: Pilot, **answers: object) -> None:
    for question, value in answers.items():
        await choose(pilot, f"proportionality.{question}", value)


async def finalise_problems(pilot: Pilot) -> list[str]:
    """Press F9 and read the problems it lists (leaving the list open)."""
    await pilot.press("f9")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FinaliseProblemsScreen)
    return options_text(pilot.app.screen.query_one(OptionList))


async def finalise(pilot: Pilot) -> None:
    """F9 with nothing left to fix: the confirmation, then yes."""
    await pilot.press("f9")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmModal), (
        "expected the finalise confirmation, got problems: "
        + "; ".join(options_text(pilot.app.screen.query_one(OptionList)))
        if isinstance(pilot.app.screen, FinaliseProblemsScreen)
        else ""
    )
    await pilot.press("y")
    await pilot.pause()


def assert_finalised(app: ConsultationHarnessApp) -> None:
    screen = app.consultation
    assert len(app.received.finalise_requests) == 1
    record, assessment = app.received.finalise_requests[0]
    assert record is screen.record or record.id == screen.record.id
    assert screen.record.status is Status.FINALISED
    banner = str(screen.query_one("#consultation-banner").content)
    assert "Finalised" in banner and "read only; addenda only" in banner
    assert all(field.disabled for field in screen.query(BoundTextArea))
    assert assessment["lean"] == screen.assessment.lean.value


@pytest.mark.parametrize("size", SIZES)
async def test_bruised_baby_is_shared_today_without_consent(size: tuple[int, int]) -> None:
    app = ConsultationHarnessApp(new_record("Amira Khan", "Health visitor"))
    async with app.run_test(size=size) as pilot:
        screen = app.consultation
        await type_text(pilot, "HV-0412")
        assert screen.record.case_reference == "HV-0412"
        child = await add_person(pilot, "Baby R", PersonKind.CHILD)
        await fill(pilot, f"people[{child}].age", "0")
        mother = await add_person(pilot, "Ms R", PersonKind.PARENT_CARER, "mother")
        people = [(p.name, p.kind, p.relation, p.age) for p in screen.record.people]
        assert people == [
            ("Baby R", PersonKind.CHILD, "", 0),
            ("Ms R", PersonKind.PARENT_CARER, "mother", None),
        ]
        await add_fact(pilot, "Bruise on the left cheek; not yet mobile", "Seen by me, home visit")
        await add_fact(pilot, "Parents' accounts of the bruise differ", "Both parents, same visit")
        assert "UNCLEAR" in lean_line(pilot)

        await answer(pilot, risk=Level.HIGH, imminent=YesNo.YES)
        assert "SHARE" in lean_line(pilot) and "NOT" not in lean_line(pilot)
        assert "Share now" in panel_text(pilot)

        await choose(pilot, f"people[{mother}].consent.state", ConsentState.REFUSED)
        assert "SHARE" in lean_line(pilot) and "NOT" not in lean_line(pilot)
        assert "Share now" in panel_text(pilot), "refused consent must not stop sharing now"
        refused_at = screen.record.people[mother].consent.recorded_at
        assert refused_at is not None, "when the refusal was recorded is part of the record"
        heading = str(screen.query(ConsentHeading)[mother].render())
        assert f"consent refused ({refused_at:%d %b %H:%M} UTC)" in heading

        await answer(
            pilot,
            safer_if_shared=Level.HIGH,
            relationship_damage=Level.MODERATE,
            can_wait=YesNo.NO,
        )
        await choose(pilot, "context.telling_increases_risk", YesNo.NO)
        assert "Tell the family" in panel_text(pilot)
        await fill(pilot, "purpose", "Child protection enquiry today")
        await fill(pilot, "information_to_share", "The bruise, where and when seen, both accounts")
        await add_recipient(pilot, "Duty social worker", "Social worker", "Children's services")
        await choose(pilot, "decision.outcome", DecisionOutcome.SHARE)

        problems = await finalise_problems(pilot)
        assert any("reason for the decision" in p for p in problems)
        assert any("Baby R" in p for p in problems), "the child's consent was not sought: why?"
        assert "reason" in problems[0]
        await pilot.press("enter")  # go to the first problem's field
        await pilot.pause()
        assert getattr(screen.focused, "field_path", "") == "decision.reason"

        await fill(pilot, f"people[{child}].consent.not_sought_reason", "Four months old")
        await fill(pilot, "decision.reason", "Unexplained bruise in a non-mobile baby: share today")
        await choose(pilot, "lawful_basis.article6", Article6.PUBLIC_TASK)
        await choose(pilot, "transparency.family_told", FamilyTold.WILL_TELL)
        assert screen.record.transparency.told_at is None, "not told yet: no time to record"
        await tick(pilot, "sharing.recipient_ids", screen.record.recipients[0].id)
        await choose(pilot, "sharing.secure_means", SecureMeans.PHONE_THEN_SECURE_EMAIL)
        await fill(pilot, "sharing.understanding_checked", "Read back the key facts")
        assert "Share now" in panel_text(pilot)
        assert screen.assessment.conflict is None

        await finalise(pilot)
        assert_finalised(app)
        assert app.received.drafts > 20


@pytest.mark.parametrize("size", SIZES)
async def test_upset_by_separation_is_not_shared_and_reviewed(size: tuple[int, int]) -> None:
    app = ConsultationHarnessApp(new_record("Dee Okafor", "Designated safeguarding lead"))
    async with app.run_test(size=size) as pilot:
        screen = app.consultation
        await type_text(pilot, "DSL-77")
        child = await add_person(pilot, "J.", PersonKind.CHILD)
        await fill(pilot, f"people[{child}].age", "8")
        mother = await add_person(pilot, "Mrs J.", PersonKind.PARENT_CARER, "mother")
        await add_fact(pilot, "J. tearful in class since the separation", "Class teacher, 3 March")
        await add_fact(pilot, "Upset is a normal response", "My view", FactKind.OPINION)
        await answer(
            pilot,
            risk=Level.LOW,
            imminent=YesNo.NO,
            safer_if_shared=Level.LOW,
            relationship_damage=Level.HIGH,
            can_wait=YesNo.YES,
        )
        assert "BALANCED" in lean_line(pilot), "low risk: ask the family first"
        assert "Explain, and ask for agreement" in panel_text(pilot)

        await choose(pilot, f"people[{mother}].consent.state", ConsentState.REFUSED)
        assert "DO NOT SHARE" in lean_line(pilot)
        assert "Set a date to review" in panel_text(pilot)

        await choose(pilot, "decision.outcome", DecisionOutcome.SHARE)
        assert screen.assessment.conflict is not None
        assert "CONFLICT" in panel_text(pilot), "sharing against the weighing is said plainly"
        await choose(pilot, "decision.outcome", DecisionOutcome.DO_NOT_SHARE)
        assert screen.assessment.conflict is None
        assert "CONFLICT" not in panel_text(pilot)

        problems = await finalise_problems(pilot)
        assert any("reason" in p for p in problems)
        await pilot.press("escape")
        await fill(pilot, f"people[{child}].consent.not_sought_reason", "Eight: parents decide")
        await fill(pilot, "decision.reason", "Low risk, parents refuse early help; keep watching")
        await fill(pilot, "decision.review_date", "2025-04-30")
        assert str(screen.record.decision.review_date) == "2025-04-30"

        await finalise(pilot)
        assert_finalised(app)


@pytest.mark.parametrize("size", SIZES)
async def test_older_friends_waits_for_advice_up_the_ladder(size: tuple[int, int]) -> None:
    app = ConsultationHarnessApp(new_record("Sam Reid", "Youth worker"))
    async with app.run_test(size=size) as pilot:
        screen = app.consultation
        await type_text(pilot, "YW-15")
        child = await add_person(pilot, "K.", PersonKind.CHILD)
        await fill(pilot, f"people[{child}].age", "15")
        await add_fact(pilot, "K. mentions older friends who give lifts and gifts", "K., 4 March")
        await answer(pilot, relationship_damage=Level.MODERATE)
        assert "UNCLEAR" in lean_line(pilot)
        text = panel_text(pilot)
        assert "Talk to one professional" in text
        assert "Whether the young person can decide for themselves" in text

        await add_row(pilot, "advice")
        await paste(pilot, "Duty manager")
        await fill(pilot, "advice[0].advice", "Unclear; talk to the CSE lead, no names")
        assert "Talk to one further professional" in panel_text(pilot)
        assert screen.record.advice[0].anonymised, "advice is anonymised unless said otherwise"

        await choose(pilot, "decision.outcome", DecisionOutcome.NOT_YET)
        problems = await finalise_problems(pilot)
        assert any("review" in p for p in problems)
        await pilot.press("escape")
        await fill(pilot, f"people[{child}].consent.not_sought_reason", "Not yet: advice first")
        await fill(pilot, "decision.reason", "Not enough known; second opinion before naming K.")
        await fill(pilot, "decision.review_date", "2025-03-11")

        await finalise(pilot)
        assert_finalised(app)
        assert screen.record.decision.outcome is DecisionOutcome.NOT_YET


@pytest.mark.parametrize("size", SIZES)
async def test_perinatal_referral_is_shared_with_informed_consent(size: tuple[int, int]) -> None:
    app = ConsultationHarnessApp(new_record("Amira Khan", "Health visitor"))
    async with app.run_test(size=size) as pilot:
        screen = app.consultation
        await type_text(pilot, "HV-0519")
        baby = await add_person(pilot, "Baby L", PersonKind.CHILD)
        mother = await add_person(pilot, "Ms L", PersonKind.PARENT_CARER, "mother")
        await add_fact(pilot, "Ms L asks for help with low mood since the birth", "Ms L, 5 March")
        await answer(
            pilot,
            risk=Level.MODERATE,
            imminent=YesNo.NO,
            safer_if_shared=Level.MODERATE,
            relationship_damage=Level.LOW,
            can_wait=YesNo.YES,
        )
        await choose(pilot, f"people[{mother}].consent.state", ConsentState.GIVEN)
        assert "SHARE" in lean_line(pilot) and "NOT" not in lean_line(pilot)
        assert "Share with the agreement given" in panel_text(pilot)

        await choose(pilot, "decision.outcome", DecisionOutcome.SHARE)
        problems = await finalise_problems(pilot)
        assert any("not yet informed" in p for p in problems), "consent must be informed"
        await pilot.press("escape")
        for point in ("what_will_happen", "who_will_be_told_what"):
            await tick(pilot, f"people[{mother}].consent.informed.{point}")
        for point in ("who_they_will_tell", "why_they_are_told"):
            await tick(pilot, f"people[{mother}].consent.informed.{point}")
        assert screen.record.people[mother].consent.informed.complete()

        await fill(pilot, f"people[{baby}].consent.not_sought_reason", "A baby: mother decides")
        await fill(pilot, "purpose", "Perinatal mental health referral")
        await add_recipient(pilot, "Perinatal team", "Duty clinician", "Perinatal MH service")
        await fill(pilot, "decision.reason", "Ms L asked for the referral and agreed to it")
        await choose(pilot, "lawful_basis.article6", Article6.PUBLIC_TASK)
        await choose(pilot, "transparency.family_told", FamilyTold.TOLD)
        await fill(pilot, "sharing.what_was_shared", "Referral form with Ms L's account")
        await tick(pilot, "sharing.recipient_ids", screen.record.recipients[0].id)
        await choose(pilot, "sharing.secure_means", SecureMeans.SECURE_EMAIL)
        await fill(pilot, "sharing.understanding_checked", "Clinician called back")

        await finalise(pilot)
        assert_finalised(app)
