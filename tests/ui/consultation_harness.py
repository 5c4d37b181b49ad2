"""Test-only harness: an App that shows one ConsultationScreen and keeps what it hands over.

Its draft desk stands in for the autosaver and the store's part of finalising (stamp the record,
hand it back) so that stories can run the screen from a new record to a finalised one without a
database. The real desk is ui/autosave.py, exercised by the in-app and reliability tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import App

from consult_tui.domain.guidance import GuidancePack, default_pack
from consult_tui.domain.record import Consultation, Status, utc_now
from consult_tui.ui.app import styles_dir
from consult_tui.ui.screens.consultation import ConsultationScreen


@dataclass
class Received:
    drafts: int = 0
    last_draft: Consultation | None = None
    finalise_requests: list[tuple[Consultation, dict]] = field(default_factory=list)
    closed: bool = False


class HarnessDesk:
    """Counts what the screen hands over and finalises the way the store does."""

    def __init__(self, received: Received) -> None:
        self.received = received

    def changed(self, record: Consultation) -> None:
        self.received.drafts += 1
        self.received.last_draft = record

    async def finalise(self, record: Consultation, assessment: dict) -> Consultation:
        self.received.finalise_requests.append((record, assessment))
        finalised = record.model_copy(deep=True)
        finalised.status = Status.FINALISED
        finalised.finalised_at = utc_now()
        finalised.assessment_at_finalise = assessment
        return finalised

    def done_with(self, record: Consultation) -> None:
        self.received.closed = True


class ConsultationHarnessApp(App[None]):
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "consultation.tcss"]

    def __init__(
        self,
        record: Consultation,
        pack: GuidancePack | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.record = record
        self.pack = pack or default_pack()
        self.read_only = read_only
        self.received = Received()

    def on_mount(self) -> None:
        self.push_screen(
            ConsultationScreen(
                self.record, self.pack, drafts=HarnessDesk(self.received), read_only=self.read_only
            )
        )

    @property
    def consultation(self) -> ConsultationScreen:
        screen = self.screen_stack[1] if len(self.screen_stack) > 1 else self.screen
        assert isinstance(screen, ConsultationScreen)
        return screen
