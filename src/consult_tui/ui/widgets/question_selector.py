"""The five proportionality questions, worded by the guidance pack, each answerable as
"not known yet" — an honest unknown is what sends the practitioner up the advice ladder.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ...domain.guidance import GuidancePack
from ...domain.record import Proportionality
from .choice_row import ChoiceRow
from .field_row import StackedField


class QuestionSelector(Vertical):
    def __init__(self, answers: Proportionality, pack: GuidancePack) -> None:
        super().__init__(id="questions")
        self.answers = answers
        self.pack = pack

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("The five questions", "bold"), "  ←/→ to answer"),
            classes="section-title",
        )
        for number, question in enumerate(self.pack.questions, start=1):
            answer_type = Proportionality.model_fields[question.id].annotation
            options = [(answer_type(value), label) for value, label in question.answers.items()]
            yield StackedField(
                f"{number}. {question.title}",
                ChoiceRow(
                    options,
                    getattr(self.answers, question.id),
                    field_path=f"proportionality.{question.id}",
                    label=question.title,
                ),
                classes="question",
            )
