"""F1 on the consultation screen: help for the focused field, with the guidance behind it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from ...domain.record import Consultation
from ..key_table import actions_on_offer
from ..widgets.choice_row import ChoiceRow
from ..widgets.field_row import FieldRow, StackedField
from ..widgets.list_editor import ListHeading
from ..widgets.plain_text import printable
from ..widgets.proportionality_panel import NoteList, ProportionalityPanel
from ..widgets.record_binding import bound_path, field_description, list_path_and_index
from ..widgets.tick_box import Tick
from .help import HelpTopic

if TYPE_CHECKING:
    from .consultation import ConsultationScreen

# The guidance behind fields whose help is more than their description (F1 shows these points).
FIELD_GUIDANCE: list[tuple[str, tuple[str, ...]]] = [
    ("case_reference", ("dfe-2024-protect-identity",)),
    ("anonymised", ("seed-if-in-doubt", "dfe-2024-protect-identity")),
    ("facts", ("seed-quality",)),
    ("purpose", ("dfe-necessary-proportionate",)),
    ("information_to_share", ("seed-quality", "common-core-communication")),
    ("recipients", ("seed-quality",)),
    ("people", ("competent-young-person",)),
    ("context.request_origin", ("requests-from-police-and-others",)),
    ("context.requester_verified", ("requests-from-police-and-others",)),
    ("context.verification_method", ("requests-from-police-and-others",)),
    ("context.stated_purpose", ("requests-from-police-and-others",)),
    ("context.fgm_known", ("fgm-mandatory-reporting",)),
    ("context.suspected_harm", ("forced-marriage-one-chance", "fgm-mandatory-reporting")),
    ("context.telling_increases_risk", ("telling-increases-risk", "seed-openness")),
    ("context.investigation_prejudiced", ("telling-increases-risk",)),
    ("context.information_concerns", ("adult-only-information",)),
    ("decision", ("seed-record-reason", "dfe-record")),
    ("lawful_basis", ("lawful-basis", "dfe-2024-consent-not-basis")),
    ("transparency", ("seed-openness", "telling-increases-risk")),
    ("sharing", ("seed-quality", "dfe-necessary-proportionate")),
    ("advice", ("seed-advice-ladder", "seed-if-in-doubt")),
    ("key_points_checked", ("seed-openness", "seed-record-reason")),
    ("communication_checked", ("common-core-communication",)),
]
PERSON_GUIDANCE: list[tuple[str, tuple[str, ...]]] = [
    ("consent.informed", ("seed-informed-consent",)),
    ("consent", ("seed-informed-consent", "dfe-2024-consent-not-basis", "seed-family-wishes")),
    ("capacity", ("competent-young-person",)),
]


class ConsultationHelp:
    """Builds the help topic for whatever has the focus on one consultation screen."""

    def __init__(self, screen: ConsultationScreen) -> None:
        self.screen = screen
        self.pack = screen.pack
        self.assessment = screen.assessment
        self.panel = screen.panel

    def topic(self, widget: Widget | None) -> HelpTopic:
        """Help for ``widget``, ending with the screen's keys (the footer's and palette's table)."""
        return replace(self._topic(widget), keys=self._keys())

    def _keys(self) -> list[tuple[str, str]]:
        # The same table as the footer and the palette, with the practitioner's own keys.
        keys = [(offered.key_label, offered.help) for offered in actions_on_offer(self.screen)]
        # Keys of the fields themselves, whichever has the focus now.
        return [
            *keys,
            ("Tab / Shift+Tab", "Next / previous field"),
            ("←/→", "Change a choice"),
            ("Space", "Tick or untick"),
        ]

    def _topic(self, widget: Widget | None) -> HelpTopic:
        if isinstance(widget, NoteList):
            note = widget.highlighted_note()
            if note is not None:
                return HelpTopic(
                    "The guidance behind this note",
                    printable(note.text),
                    self.panel.guidance_for_note(note),
                )
        path = bound_path(widget)
        if path.startswith("proportionality."):
            return self._question_help(path.partition(".")[2])
        if path:
            return self._field_help(widget, path)
        if isinstance(widget, ProportionalityPanel | NoteList):
            return self._panel_help()
        return self._screen_help()

    def _question_help(self, question_id: str) -> HelpTopic:
        question = self.pack.question(question_id)
        answers = "\n".join(
            f"• {label}: {question.meanings.get(value, '')}".rstrip(": ")
            for value, label in question.answers.items()
        )
        return HelpTopic(
            question.title,
            f"{question.help}\n\nAnswers (←/→ to change):\n{answers}",
            self._points(question.cites or ("seed-proportionality",)),
        )

    def _field_help(self, widget: Widget | None, path: str) -> HelpTopic:
        title = self._label_of(widget) or path
        lines: list[str] = []
        help_text = getattr(widget, "help_text", "")
        if help_text:
            lines.append(help_text)
        description = field_description(Consultation, path)
        if description and description != help_text:
            lines.append(description + ".")
        if isinstance(widget, ChoiceRow):
            lines.append(
                "← or → changes it (letters and Space change nothing): "
                + ", ".join(label for _, label in widget.options)
                + "."
            )
        if isinstance(widget, Tick):
            lines.append("Space or Enter ticks and unticks.")
        if isinstance(widget, ListHeading) or list_path_and_index(path) is not None:
            lines.append(
                "Insert adds a row; Delete on a row's heading (▸) removes it; Alt+↑/↓ move it."
            )
        return HelpTopic(title, "\n\n".join(lines) or "Type here.", self._points_for(path))

    def _label_of(self, widget: Widget | None) -> str:
        node: Any = widget
        while node is not None and node is not self.screen:
            if isinstance(node, FieldRow | StackedField):
                return node.label
            node = node.parent
        return getattr(widget, "label", "") or ""

    def _points_for(self, path: str) -> list[Any]:
        generic = path
        row = list_path_and_index(path)
        ids: tuple[str, ...] = ()
        if row is not None and row[0] == "people":
            rest = path.split("].", 1)[1] if "]." in path else ""
            for prefix, cited in PERSON_GUIDANCE:
                if rest.startswith(prefix):
                    ids = cited
                    break
            generic = "people"
        if not ids:
            for prefix, cited in FIELD_GUIDANCE:
                if generic == prefix or generic.startswith((prefix + ".", prefix + "[")):
                    ids = cited
                    break
        return self._points(ids)

    def _points(self, ids: tuple[str, ...]) -> list[Any]:
        return [self.pack.points[i] for i in ids if i in self.pack.points]

    def _panel_help(self) -> HelpTopic:
        cited: list[str] = []
        for note in (*self.assessment.notes, *self.assessment.duties):
            cited.extend(c for c in note.citations if c not in cited)
        return HelpTopic(
            "The proportionality panel",
            "It re-weighs the five answers and the context after every change, before anything "
            "is saved. ▲ share, ▼ do not share, ◆ balanced, ? unclear. ⚠ marks a decision that "
            "goes against the weighing. Move to a note and press F1 for the guidance it cites.",
            self._points(tuple(cited) or ("seed-proportionality",)),
        )

    def _screen_help(self) -> HelpTopic:
        return HelpTopic(
            "Working through a consultation",
            "Record the case facts, answer the five questions, and watch the panel weigh them. "
            "Check consent and communication, ask for advice when unsure, then record the "
            "decision and its reason and finalise.",
            self._points(("seed-proportionality", "seed-record-reason")),
        )
