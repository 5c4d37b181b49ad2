"""Finalising: every problem that stands in the way, each with Enter to jump to its field; then a
last confirmation, because a finalised record can only be added to, never edited.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.finalise import Problem
from ...domain.labels import label_of
from ...domain.record import Consultation
from ..widgets.plain_text import printable
from ..widgets.proportionality_panel import lean_words
from .confirm import ConfirmModal


class FinaliseProblemsScreen(ModalScreen[str | None]):
    """Lists what must be fixed; dismisses with the chosen problem's field path, or None."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="finalise-problems-close"),
    ]

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        with Vertical(id="finalise-box"):
            yield Static(
                Content.styled(
                    f"Not ready to finalise: {count} thing{'s' if count != 1 else ''} to fix",
                    "bold",
                ),
                id="finalise-title",
            )
            yield Static(
                "Enter jumps to the field. Esc goes back to the record.", id="finalise-hint"
            )
            yield OptionList(
                *(
                    Option(Content(f"{number}. {printable(problem.message)}"))
                    for number, problem in enumerate(self.problems, start=1)
                ),
                id="finalise-problems",
            )

    def on_mount(self) -> None:
        problems = self.query_one("#finalise-problems", OptionList)
        problems.highlighted = 0
        problems.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.problems[event.option_index].field)

    def action_close(self) -> None:
        self.dismiss(None)


def finalise_question(record: Consultation, lean: object) -> ConfirmModal:
    """The last question before finalising, restating what will be fixed in the record."""
    symbol, words = lean_words(lean)  # type: ignore[arg-type]
    outcome = label_of(record.decision.outcome)
    message = (
        f"Decision: {outcome}.\n"
        f"The weighing leaned: {symbol} {words.split(':')[0].lower()}.\n\n"
        "Once finalised the record is read-only: later changes are dated addenda."
    )
    return ConfirmModal("Finalise this record?", message, yes_label="Finalise", no_label="Not yet")
