"""Informed consent, person by person: the state, their capacity to decide, the four things they
must understand, and their own views.

Each person's block shows a one-line summary and opens when the focus reaches it (one open at a
time, as in the lists); fields that do not apply to the consent state are hidden, so the pane
stays short at 80x24.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ...domain.guidance import GuidancePack
from ...domain.labels import choices, label_of
from ...domain.record import Capacity, ConsentState, Person
from .bound_fields import BoundLine
from .choice_row import ChoiceRow
from .field_row import FieldRow, StackedField
from .list_editor import RecordSource
from .plain_text import printable
from .tick_box import Tick

_INFORMED_STATES = {ConsentState.SOUGHT, ConsentState.GIVEN, ConsentState.PARTIAL}


class ConsentHeading(Static, can_focus=True):
    """A person's consent at a glance; focus opens the block."""


class ConsentBlock(Vertical):
    """One person's consent."""

    def __init__(
        self, index: int, person: Person, pack: GuidancePack, *, read_only: bool, open: bool
    ) -> None:
        super().__init__(classes="consent-block")
        self.index = index
        self.person = person
        self.pack = pack
        self.read_only = read_only
        self.fields = Vertical(*self._fields(), classes="consent-fields")
        self.fields.display = open or read_only

    def compose(self) -> ComposeResult:
        yield ConsentHeading(self.heading(), classes="consent-person")
        yield self.fields

    def _fields(self) -> list[Any]:
        path = f"people[{self.index}]"
        consent = self.person.consent
        informed = [
            Tick(
                point.text,
                bool(getattr(consent.informed, point.id, False)),
                field_path=f"{path}.consent.informed.{point.id}",
                help_text=point.help,
            )
            for point in self.pack.consent_points
        ]
        fields = [
            FieldRow(
                "Consent",
                ChoiceRow(choices(ConsentState), consent.state, field_path=f"{path}.consent.state"),
            ),
            FieldRow(
                "Capacity",
                ChoiceRow(choices(Capacity), self.person.capacity, field_path=f"{path}.capacity"),
            ),
            StackedField(
                "Not sought because",
                BoundLine(
                    f"{path}.consent.not_sought_reason",
                    consent.not_sought_reason,
                    placeholder="why consent was not asked for",
                ),
                classes="when-not-sought",
            ),
            Vertical(
                Static("They understand:", classes="field-label"),
                *informed,
                classes="informed when-asked",
            ),
            StackedField(
                "Agreed to",
                BoundLine(
                    f"{path}.consent.partial_scope",
                    consent.partial_scope,
                    placeholder="what they agreed may be shared",
                ),
                classes="when-partial",
            ),
            StackedField(
                "Agreed it may go to",
                BoundLine(
                    f"{path}.consent.agreed_with",
                    consent.agreed_with,
                    placeholder="with whom they agreed it may be shared",
                ),
                classes="when-asked",
            ),
            StackedField(
                "Their views",
                BoundLine(f"{path}.consent.views", consent.views, placeholder="in their words"),
            ),
        ]
        return fields

    def on_mount(self) -> None:
        self.show_state()

    @property
    def is_open(self) -> bool:
        return bool(self.fields.display)

    def set_open(self, open: bool) -> None:
        if self.is_open != open:
            self.fields.display = open
            self.query_one(ConsentHeading).update(self.heading(), layout=False)

    def heading(self) -> Content:
        name = printable(self.person.name.strip()) or f"Person {self.index + 1}"
        marker = "▾ " if self.fields.display else "▸ "
        consent = self.person.consent
        recorded = consent.recorded_at
        when = f" ({recorded:%d %b %H:%M} UTC)" if recorded is not None else ""
        return Content.assemble(
            (marker + name, "bold"),
            f" · {label_of(self.person.kind)} · consent {label_of(consent.state)}{when}",
        )

    def show_state(self) -> None:
        state = self.person.consent.state
        self.set_class(state is ConsentState.NOT_SOUGHT, "-not-sought")
        self.set_class(state in _INFORMED_STATES, "-asked")
        self.set_class(state is ConsentState.PARTIAL, "-partial")

    def person_changed(self) -> None:
        self.query_one(ConsentHeading).update(self.heading(), layout=False)
        self.show_state()


class ConsentEditor(Vertical):
    """Consent blocks for everyone in the case, in the order the people list gives."""

    def __init__(
        self, record_source: RecordSource, pack: GuidancePack, *, read_only: bool = False
    ) -> None:
        super().__init__(id="consent-editor")
        self._record_source = record_source
        self.pack = pack
        self.read_only = read_only
        self.open_index: int | None = None

    def _blocks(self) -> list[ConsentBlock]:
        people = self._record_source().people
        return [
            ConsentBlock(i, person, self.pack, read_only=self.read_only, open=i == self.open_index)
            for i, person in enumerate(people)
        ]

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Consent", "bold"), classes="section-title")
        yield Static(
            "Add people under Case facts; each gets a consent block here.",
            classes="consent-empty hint",
        )
        yield from self._blocks()

    def on_mount(self) -> None:
        self._show_empty_hint()

    def _show_empty_hint(self) -> None:
        self.query_one(".consent-empty").display = not self._record_source().people

    async def rebuild(self) -> None:
        await self.query_children(ConsentBlock).remove()
        await self.mount_all(self._blocks())
        self._show_empty_hint()

    def block(self, index: int) -> ConsentBlock | None:
        return next((b for b in self.query_children(ConsentBlock) if b.index == index), None)

    def open_block(self, index: int, *, only: bool = True) -> None:
        """Open this person's block; with ``only``, close the others (see ``open_row``)."""
        if self.read_only:
            return
        self.open_index = index
        for block in self.query_children(ConsentBlock):
            want = block.index == index or (not only and block.is_open)
            block.set_open(want)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is not self.screen.focused:
            return  # a late event: the focus has moved on since
        block = next(
            (n for n in event.widget.ancestors_with_self if isinstance(n, ConsentBlock)), None
        )
        if block is not None and block.parent is self:
            self.open_block(block.index)

    def person_changed(self, index: int) -> None:
        block = self.block(index)
        if block is not None:
            block.person = self._record_source().people[index]
            block.person_changed()

    def set_read_only(self) -> None:
        self.read_only = True
        for block in self.query_children(ConsentBlock):
            block.read_only = True
            block.set_open(True)
