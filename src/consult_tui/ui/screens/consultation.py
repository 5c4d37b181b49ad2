"""The consultation screen: case facts, the live proportionality panel with the decision, and
communication and consent — three panes side by side from 120 columns, one at a time below that.

The screen edits one ``Consultation`` object in place. After every edit it re-runs the assessment,
hands it to the panel, and posts ``DraftChanged`` so the App can save; it never touches the
database itself.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea

from ...domain.assessment import Assessment, assess, finalise_blockers
from ...domain.finalise import finalise_problems
from ...domain.guidance import GuidancePack
from ...domain.record import Consultation
from ...domain.scanner import Span, apply_expansion, scan
from ...domain.stamps import stamp_recorded_times
from ...domain.summary import consultation_summary
from ..widgets.advice_ladder import AdviceLadder
from ..widgets.bound_fields import BoundTextArea, Unparsable
from ..widgets.case_facts import CaseFacts
from ..widgets.choice_row import ChoiceRow
from ..widgets.communication_checklist import Checklist
from ..widgets.consent_editor import ConsentBlock, ConsentEditor
from ..widgets.decision_form import DecisionForm
from ..widgets.field_row import FieldRow, StackedField
from ..widgets.key_footer import KeyFooter
from ..widgets.list_editor import ListHeading, ListRow, RecordListEditor
from ..widgets.pane_bar import PANE_KEYS, PANES, PaneBar
from ..widgets.plain_language_hints import PlainLanguageHints
from ..widgets.plain_text import printable
from ..widgets.proportionality_panel import NoteList, ProportionalityPanel
from ..widgets.question_selector import QuestionSelector
from ..widgets.record_binding import field_description, get_at, list_path_and_index, set_at
from ..widgets.tick_box import Tick
from .finalise import FinaliseProblemsScreen, finalise_question
from .help import HelpScreen, HelpTopic

WIDE_LAYOUT_COLUMNS = 120

PANE_GROUP = Binding.Group("Panes", compact=True)  # one footer entry: "F2F3F4 Panes"

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


def _labelled(widget: Widget) -> Widget:
    """The field with its label: what should come into view when the field gets focus."""
    parent = widget.parent
    if isinstance(parent, FieldRow | StackedField):
        return parent
    return widget


def _shown_within(widget: Widget, container: Widget) -> bool:
    """Whether nothing between the widget and the container is hidden (display: none)."""
    node: Any = widget
    while node is not None and node is not container:
        if not node.display:
            return False
        node = node.parent
    return True


class ConsultationScreen(Screen[None]):
    """Work through one information-sharing decision, with the weighing live beside it."""

    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding(
            "f1",
            "help",
            "Help",
            id="consultation-help",
            tooltip="Help for this field, with the guidance behind it",
            key_display="F1",
        ),
        Binding(
            "f2",
            "show_pane('case-facts')",
            "Case facts",
            id="consultation-pane-case-facts",
            key_display="F2",
            group=PANE_GROUP,
            tooltip="Jump to the case facts pane",
        ),
        Binding(
            "f3",
            "show_pane('proportionality')",
            "Proportionality",
            id="consultation-pane-proportionality",
            key_display="F3",
            group=PANE_GROUP,
            tooltip="Jump to the proportionality panel and the decision",
        ),
        Binding(
            "f4",
            "show_pane('communication')",
            "Communication",
            id="consultation-pane-communication",
            key_display="F4",
            group=PANE_GROUP,
            tooltip="Jump to communication, consent and the advice ladder",
        ),
        Binding(
            "f8",
            "use_plain_words",
            "Plain words",
            id="consultation-plain-words",
            key_display="F8",
            show=False,
            tooltip="Use the offered plain wording for the hint at the cursor",
        ),
        Binding(
            "f9",
            "finalise",
            "Finalise",
            id="consultation-finalise",
            key_display="F9",
            tooltip="Check the record and finalise it",
        ),
        Binding(
            "insert",
            "add_row",
            "Add",
            id="consultation-add-row",
            key_display="Ins",
            tooltip="Add a row to the list you are in (people, facts, recipients, advice)",
        ),
        Binding(
            "delete",
            "remove_row",
            "Remove",
            id="consultation-remove-row",
            key_display="Del",
            tooltip="Remove the row you are on (asks first if anything was typed in it)",
            # Ahead of the text fields' own Delete (which it hands back to them), so the footer
            # shows the same keys wherever the focus is.
            priority=True,
        ),
        Binding(
            "alt+up,ctrl+up",
            "move_row(-1)",
            "Move row up",
            id="consultation-move-row-up",
            show=False,
            tooltip="Move the row you are on up the list",
        ),
        Binding(
            "alt+down,ctrl+down",
            "move_row(1)",
            "Move row down",
            id="consultation-move-row-down",
            show=False,
            tooltip="Move the row you are on down the list",
        ),
        Binding(
            "ctrl+y",
            "copy_summary",
            "Copy",
            id="consultation-copy-summary",
            tooltip="Copy a plain-text summary of the record to the clipboard",
            priority=True,
        ),
    ]

    class DraftChanged(Message):
        """The record changed (posted after every edit); the App saves it, debounced."""

        def __init__(self, record: Consultation) -> None:
            self.record = record
            super().__init__()

    class FinaliseRequested(Message):
        """The finalise check passed and the practitioner confirmed: the App should finalise."""

        def __init__(self, record: Consultation, assessment: Assessment) -> None:
            self.record = record
            self.assessment = assessment
            super().__init__()

    def __init__(
        self, record: Consultation, pack: GuidancePack, *, read_only: bool = False
    ) -> None:
        super().__init__()
        self.record = record
        self.pack = pack
        self.read_only = read_only or record.is_final
        self.assessment: Assessment = assess(record, pack)
        self.current_pane = "case-facts"
        self._last_focus: dict[str, Widget] = {}

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        source = self._current_record
        read_only = self.read_only
        # Decide the layout before the first paint: panes shown and then hidden at once would
        # send late "hidden" events that can take the focus away from a field.
        narrow = self.app.size.width < WIDE_LAYOUT_COLUMNS
        self.set_class(narrow, "-narrow")
        yield Static(id="consultation-banner")
        yield PaneBar(id="pane-bar")
        with Horizontal(id="panes"):
            with VerticalScroll(id="pane-case-facts", classes="pane"):
                yield CaseFacts(source, read_only=read_only)
            with Vertical(id="pane-proportionality", classes="pane") as weighing:
                weighing.display = not narrow
                yield ProportionalityPanel(self.pack, id="proportionality-panel")
                with VerticalScroll(id="weighing-form"):
                    yield QuestionSelector(self.record.proportionality, self.pack)
                    yield DecisionForm(source)
            with VerticalScroll(id="pane-communication", classes="pane") as communication:
                communication.display = not narrow
                yield Checklist(
                    "Key points",
                    self.pack.key_points,
                    "key_points_checked",
                    self.record.key_points_checked,
                    id="key-points",
                )
                yield Checklist(
                    "Communication",
                    self.pack.communication_tips,
                    "communication_checked",
                    self.record.communication_checked,
                    id="communication-tips",
                )
                yield ConsentEditor(source, self.pack, read_only=read_only)
                yield AdviceLadder(source, read_only=read_only)
        yield KeyFooter()

    def _current_record(self) -> Consultation:
        return self.record

    def on_mount(self) -> None:
        for name, (pane_id, title) in PANES.items():
            self.query_one(f"#{pane_id}").border_title = title
            self.query_one(f"#{pane_id}").border_subtitle = PANE_KEYS[name]
        self.panel.assessment = self.assessment
        self.panel.show_whom(self.record.people)
        self.query_one(DecisionForm).follow_assessment(self.assessment)
        self.query_one(PaneBar).lean = str(self.assessment.lean)
        self.hints.show(scan(self.record.information_to_share, self.pack))
        if self.read_only:
            self._lock_fields()
            self._show_banner()
            self.query_one("#pane-case-facts").focus()
        else:
            self.query_one("#case-reference").focus()
        self._mark_active_pane()

    @property
    def panel(self) -> ProportionalityPanel:
        return self.query_one(ProportionalityPanel)

    @property
    def hints(self) -> PlainLanguageHints:
        return self.query_one(PlainLanguageHints)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_layout(event.size.width)

    def _fit_layout(self, width: int) -> None:
        """Below 120 columns show one pane at a time rather than squeeze three."""
        narrow = width < WIDE_LAYOUT_COLUMNS
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self._mark_active_pane()

    # -- panes and focus ---------------------------------------------------------------------

    def _pane_of(self, widget: Widget | None) -> str | None:
        node: Any = widget
        while node is not None and node is not self:
            for name, (pane_id, _) in PANES.items():
                if getattr(node, "id", None) == pane_id:
                    return name
            node = node.parent
        return None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is not self.focused:
            return  # a late event: the focus has moved on since (a jump to another pane)
        pane = self._pane_of(event.widget)
        if pane is None:
            return
        self._last_focus[pane] = event.widget
        labelled = _labelled(event.widget)
        if labelled is not event.widget:
            # Keep a field's label in view with it (Shift+Tab upwards would otherwise hide it).
            labelled.scroll_visible(animate=False)
        if pane != self.current_pane:
            self.current_pane = pane
            self._mark_active_pane()

    def _mark_active_pane(self) -> None:
        """The focused pane gets a heavy border and a ▶ in its title; below 120 columns it is
        the one pane shown.

        Inline styles rather than a CSS class: a class change on a pane would restyle every
        widget inside it, which costs a visible pause on each pane switch.
        """
        colours = self.app.get_css_variables()
        narrow = self.has_class("-narrow")
        for name, (pane_id, title) in PANES.items():
            pane = self.query_one(f"#{pane_id}")
            active = name == self.current_pane
            edge = (
                ("heavy", colours.get("accent", "white"))
                if active
                else (
                    "round",
                    colours.get("panel-lighten-2", "grey"),
                )
            )
            if pane.styles.border_top[0] != edge[0]:
                pane.styles.border = edge
            pane.border_title = f"▶ {title}" if active else title
            pane.display = active or not narrow
        self.query_one(PaneBar).active = self.current_pane

    def action_show_pane(self, name: str) -> None:
        if name not in PANES:
            return
        self.current_pane = name
        self._mark_active_pane()
        remembered = self._last_focus.get(name)
        if remembered is not None and remembered.is_attached and remembered.focusable:
            target: Widget | None = remembered
        else:
            target = self._first_focusable(name)
            for scroller in self.query_one(f"#{PANES[name][0]}").query(VerticalScroll):
                scroller.scroll_home(animate=False)
            self.query_one(f"#{PANES[name][0]}").scroll_home(animate=False)
        if target is not None:
            self.call_after_refresh(self._focus_and_show, target)

    def _first_focusable(self, pane: str) -> Widget | None:
        container = self.query_one(f"#{PANES[pane][0]}")
        if pane == "proportionality" and not self.read_only:
            container = self.query_one("#weighing-form")
        # In DOM order: a pane just shown has not been laid out, so the focus chain (ordered by
        # position on screen) cannot say yet which field comes first.
        for widget in container.query("*"):
            if widget.focusable and _shown_within(widget, container):
                return widget
        return container if container.focusable else self.panel

    def _focus_and_show(self, widget: Widget) -> None:
        widget.focus(scroll_visible=False)
        # A pane that was hidden (narrow layout) has only just been laid out: scroll after that.
        self.call_after_refresh(_labelled(widget).scroll_visible, animate=False)

    # -- edits -------------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        field = event.text_area
        if not isinstance(field, BoundTextArea):
            return
        event.stop()
        text = field.text
        cleaned = field.cleaned(text)
        if cleaned != text:
            field.load_text(cleaned)  # announces itself again, cleaned
            field.move_cursor(field.document.end)
            return
        try:
            value = field.parsed()
        except Unparsable:
            field.set_class(True, "-unparsable")
            return
        field.set_class(False, "-unparsable")
        self._apply(field.field_path, value)

    def on_choice_row_changed(self, event: ChoiceRow.Changed) -> None:
        event.stop()
        if event.choice_row.field_path:
            self._apply(event.choice_row.field_path, event.value)

    def on_tick_changed(self, event: Tick.Changed) -> None:
        event.stop()
        tick = event.tick
        if not tick.field_path:
            return
        if tick.member is None:
            self._apply(tick.field_path, event.ticked)
            return
        members = list(get_at(self.record, tick.field_path))
        if event.ticked and tick.member not in members:
            members.append(tick.member)
        elif not event.ticked and tick.member in members:
            members.remove(tick.member)
        else:
            return
        self._apply(tick.field_path, members)

    def _apply(self, path: str, value: Any) -> None:
        if self.read_only or get_at(self.record, path) == value:
            return
        set_at(self.record, path, value)
        stamp_recorded_times(self.record, path)
        self._follow_edit(path)
        self._record_changed()

    def _follow_edit(self, path: str) -> None:
        """Keep the parts of the screen that show this field elsewhere in step (cheaply)."""
        row = list_path_and_index(path)
        if row is not None:
            list_path, index = row
            editor = self.query_one(f"#list-{list_path}", RecordListEditor)
            editor.refresh_row(index)
            if list_path == "people":
                self.query_one(ConsentEditor).person_changed(index)
            elif list_path == "recipients":
                self.query_one(DecisionForm).relabel_recipients()
        elif path == "information_to_share":
            self.hints.show(scan(self.record.information_to_share, self.pack))
        elif path in ("decision.outcome", "transparency.family_told"):
            self.query_one(DecisionForm).show_state()
        elif path == "context.request_origin":
            self.query_one(CaseFacts).show_state()
        elif path in ("key_points_checked", "communication_checked"):
            for checklist in self.query(Checklist):
                if checklist.list_path == path:
                    checklist.ticks_changed(get_at(self.record, path))

    def _record_changed(self) -> None:
        self.assessment = assess(self.record, self.pack)
        self.panel.assessment = self.assessment
        self.panel.show_whom(self.record.people)
        self.query_one(DecisionForm).follow_assessment(self.assessment)
        self.query_one(PaneBar).lean = str(self.assessment.lean)
        self.post_message(self.DraftChanged(self.record))

    async def on_record_list_editor_changed(self, event: RecordListEditor.Changed) -> None:
        event.stop()
        if event.list_path == "people":
            await self.query_one(ConsentEditor).rebuild()
        elif event.list_path == "recipients":
            sharing = self.record.sharing
            sharing.recipient_ids = [i for i in sharing.recipient_ids if self.record.recipient(i)]
            await self.query_one(DecisionForm).recipients_changed()
        self._record_changed()

    def flush_pending_edits(self) -> None:
        """Nothing is buffered: every key press is already in ``self.record``."""

    # -- plain words -------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, NoteList):
            event.stop()
            self.action_help()  # Enter on a note, like F1: the guidance behind it

    def on_plain_language_hints_accepted(self, event: PlainLanguageHints.Accepted) -> None:
        event.stop()
        self._accept_hint(event.span)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys stay on offer wherever the focus is (a footer that changed with every Tab would
        # re-lay-out the screen each time); an action that does not apply says why instead.
        if action in ("finalise", "add_row", "remove_row", "move_row", "use_plain_words"):
            return not self.read_only
        return True

    def _list_in_focus(self) -> RecordListEditor | None:
        node: Any = self.focused
        while node is not None and node is not self:
            if isinstance(node, RecordListEditor):
                return node
            node = node.parent
        return None

    async def action_add_row(self) -> None:
        editor = self._list_in_focus()
        if editor is None:
            self.notify(
                "Insert adds a row when you are in a list: people, facts, recipients or advice."
            )
            return
        await editor.action_add_row()

    def action_remove_row(self) -> None:
        if isinstance(self.focused, TextArea):
            self.focused.action_delete_right()  # in a text field Delete deletes a character
            return
        editor = self._list_in_focus()
        if editor is None or not editor.can_act_on_row():
            self.notify("Delete removes a row from its heading (▸): move there first.")
            return
        editor.action_remove_row()

    async def action_move_row(self, delta: int) -> None:
        editor = self._list_in_focus()
        if editor is None or not editor.can_act_on_row():
            self.notify("Alt+↑/↓ move a row from its heading (▸): move there first.")
            return
        await editor.action_move_row(delta)

    def action_use_plain_words(self) -> None:
        field = self.query_one("#information-to-share", BoundTextArea)
        if self.focused is not field:
            self.notify("F8 works in “Information proposed for sharing”, on a hint's word.")
            return
        cursor = field.document.get_index_from_location(field.cursor_location)
        span = self.hints.first_applicable(cursor)
        if span is None:
            self.notify("No plain-language hint to apply here.")
            return
        self._accept_hint(span)

    def _accept_hint(self, span: Span) -> None:
        if self.read_only:
            return
        field = self.query_one("#information-to-share", BoundTextArea)
        try:
            text = apply_expansion(self.record.information_to_share, span)
        except ValueError as problem:
            self.notify(str(problem), severity="warning", markup=False)
            return
        grown = len(text) - len(self.record.information_to_share)
        field.load_text(text)  # its Changed message records the new text
        field.cursor_location = field.document.get_location_from_index(span.end + max(grown, 0))
        field.focus()

    # -- finalising --------------------------------------------------------------------------

    def action_finalise(self) -> None:
        if self.read_only:
            self.notify("This record is finalised already; later changes are addenda.")
            return
        problems = list(
            dict.fromkeys(
                [*finalise_problems(self.record), *finalise_blockers(self.record, self.assessment)]
            )
        )
        if problems:
            self.app.push_screen(FinaliseProblemsScreen(problems), self._jump_to_problem)
            return
        self.app.push_screen(
            finalise_question(self.record, self.assessment.lean), self._finalise_answered
        )

    def _jump_to_problem(self, field_path: str | None) -> None:
        if field_path:
            self.focus_field(field_path)

    def _finalise_answered(self, confirmed: bool | None) -> None:
        if confirmed:
            self.post_message(self.FinaliseRequested(self.record, self.assessment))

    def focus_field(self, path: str, member: str | None = None) -> Widget | None:
        """Bring the field a dotted path names into view and focus it (finalise's "go to").

        ``member`` picks one tick of a list field, e.g. one recipient in ``sharing.recipient_ids``.
        Returns the widget that will take the focus (after the next refresh), or None.
        """
        target = self._widget_for(path, member)
        if target is None:
            return None
        self._open_around(target)
        pane = self._pane_of(target)
        if pane is not None and pane != self.current_pane:
            self.current_pane = pane
            self._mark_active_pane()
        self.call_after_refresh(self._focus_and_show, target)
        return target

    def _open_around(self, widget: Widget) -> None:
        """Open the list row or consent block holding a field, so that it can take the focus."""
        node: Any = widget
        while node is not None and node is not self:
            if isinstance(node, ListRow):
                editor = node.parent
                if isinstance(editor, RecordListEditor):
                    editor.open_row(node.index, only=False)
            elif isinstance(node, ConsentBlock):
                self.query_one(ConsentEditor).open_block(node.index, only=False)
            node = node.parent

    def _widget_for(self, path: str, member: str | None = None) -> Widget | None:
        bound = [
            w
            for w in self.query("*")
            if getattr(w, "field_path", "")
            and (member is None or getattr(w, "member", None) == member)
        ]
        while path:
            exact = [w for w in bound if w.field_path == path]  # type: ignore[attr-defined]
            if exact:
                return exact[0]
            inside = [
                w
                for w in bound
                if w.field_path.startswith((path + ".", path + "["))  # type: ignore[attr-defined]
            ]
            if inside:
                return inside[0]
            path = path.rpartition(".")[0]
        return None

    # -- finalised ---------------------------------------------------------------------------

    def show_finalised(self, record: Consultation) -> None:
        """The store finalised the record: from now on it is shown read-only."""
        self.record = record
        self.read_only = True
        self.assessment = assess(record, self.pack)
        self.panel.assessment = self.assessment
        self._lock_fields()
        self._show_banner()
        self.refresh_bindings()
        if self.focused is None or not self.focused.focusable:
            self.action_show_pane(self.current_pane)

    def _lock_fields(self) -> None:
        for widget in self.query("*"):
            if getattr(widget, "field_path", "") and not isinstance(widget, ListHeading):
                widget.disabled = True
        for editor in self.query(RecordListEditor):
            editor.set_read_only(True)
        self.query_one(ConsentEditor).set_read_only()

    def _show_banner(self) -> None:
        banner = self.query_one("#consultation-banner", Static)
        when = self.record.finalised_at
        stamp = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "(date not recorded)"
        banner.update(
            Content.styled(f"■ Finalised {stamp} — read only; addenda only", "bold reverse")
        )
        self.add_class("-read-only")

    # -- help and summary --------------------------------------------------------------------

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_topic(self.focused)))

    def help_topic(self, widget: Widget | None) -> HelpTopic:
        if isinstance(widget, NoteList):
            note = widget.highlighted_note()
            if note is not None:
                return HelpTopic(
                    "The guidance behind this note",
                    printable(note.text),
                    self.panel.guidance_for_note(note),
                )
        path = getattr(widget, "field_path", "")
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
                "←/→, Space or an answer's first letter change it: "
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
        while node is not None and node is not self:
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
        keys = [(binding.key_display or binding.key, binding.tooltip) for binding in self.BINDINGS]
        keys += [
            ("Tab / Shift+Tab", "Next / previous field"),
            ("←/→", "Change a choice"),
            ("Space", "Tick or untick"),
            ("Insert", "Add a row to the list you are in"),
            ("Delete", "Remove the row (on its heading); asks first if anything was typed"),
            ("Alt+↑/↓", "Move the row up or down"),
        ]
        return HelpTopic(
            "Working through a consultation",
            "Record the case facts, answer the five questions, and watch the panel weigh them. "
            "Check consent and communication, ask for advice when unsure, then record the "
            "decision and its reason and finalise.",
            self._points(("seed-proportionality", "seed-record-reason")),
            keys,
        )

    def action_copy_summary(self) -> None:
        text = consultation_summary(self.record, self.assessment, self.pack)
        self.app.copy_to_clipboard(text)
        lines = text.count("\n")
        self.notify(f"Summary copied to the clipboard ({lines} lines).")
