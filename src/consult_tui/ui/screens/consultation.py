"""The consultation screen: case facts, the live proportionality panel with the decision, and
communication and consent — three panes side by side from 120 columns, one at a time below that.

The screen edits one ``Consultation`` object in place. After every edit it re-runs the assessment,
hands it to the panel, and hands the record to its draft desk (the autosaver), which saves a
snapshot of it on the store thread; finalising goes through the desk too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea

from ...domain.assessment import Assessment, assess, finalise_blockers
from ...domain.draft_editor import DraftEditor, FieldChange, FieldPath, RowChange
from ...domain.finalise import finalise_problems
from ...domain.guidance import GuidancePack
from ...domain.record import Consultation, utc_now
from ...domain.scanner import Span, apply_expansion, scan
from ...domain.summary import consultation_summary
from ..autosave import DraftDesk
from ..messages import FieldEdited, FieldRead, RowsChanged
from ..store_calls import reported
from ..widgets.advice_ladder import AdviceLadder
from ..widgets.bound_fields import BoundTextArea
from ..widgets.case_facts import CaseFacts
from ..widgets.choice_row import ChoiceRow
from ..widgets.communication_checklist import Checklist
from ..widgets.consent_editor import ConsentEditor
from ..widgets.decision_form import DecisionForm
from ..widgets.key_footer import KeyFooter
from ..widgets.list_editor import ListHeading, RecordListEditor
from ..widgets.pane_bar import PANE_KEYS, PANES, PaneBar
from ..widgets.plain_language_hints import PlainLanguageHints
from ..widgets.proportionality_panel import NoteList, ProportionalityPanel
from ..widgets.question_selector import QuestionSelector
from ..widgets.record_binding import bound_path
from ..widgets.tick_box import Tick
from .consultation_help import ConsultationHelp
from .consultation_keys import CONSULTATION_KEYS
from .consultation_panes import WIDE_LAYOUT_COLUMNS, PaneFocus
from .finalise import FinaliseProblemsScreen, finalise_question
from .help import HelpScreen, HelpTopic


class ConsultationScreen(PaneFocus):
    """Work through one information-sharing decision, with the weighing live beside it."""

    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[Binding]] = CONSULTATION_KEYS

    def __init__(
        self,
        record: Consultation,
        pack: GuidancePack,
        *,
        drafts: DraftDesk,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.record = record
        self.editor = DraftEditor(record)
        self.drafts = drafts
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
    def hints(self) -> PlainLanguageHints:
        return self.query_one(PlainLanguageHints)

    # -- edits: widget → message → here → the draft editor ----------------------------------

    def on_field_edited(self, event: FieldEdited) -> None:
        event.stop()
        self._apply(self.editor.set_field(event.path, event.value))

    def on_field_read(self, event: FieldRead) -> None:
        event.stop()
        self._apply(self.editor.set_reading(event.path, event.values))

    def on_choice_row_changed(self, event: ChoiceRow.Changed) -> None:
        event.stop()
        if event.choice_row.field_path:
            self._apply(self.editor.set_field(event.choice_row.field_path, event.value))

    def on_tick_changed(self, event: Tick.Changed) -> None:
        event.stop()
        tick = event.tick
        if not tick.field_path:
            return
        if tick.member is None:
            self._apply(self.editor.set_field(tick.field_path, event.ticked))
        else:
            self._apply(self.editor.tick_member(tick.field_path, tick.member, event.ticked))

    def _apply(self, change: FieldChange | None) -> None:
        if self.read_only or change is None:
            return
        self._follow_edit(change.path)
        self._record_changed()

    def _follow_edit(self, where: FieldPath) -> None:
        """Keep the parts of the screen that show this field elsewhere in step (cheaply)."""
        path = where.text
        if where.row is not None:
            list_path, index = where.row
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
                    checklist.ticks_changed(where.get(self.record))

    def _record_changed(self) -> None:
        self.assessment = assess(self.record, self.pack)
        self.panel.assessment = self.assessment
        self.panel.show_whom(self.record.people)
        self.query_one(DecisionForm).follow_assessment(self.assessment)
        self.query_one(PaneBar).lean = str(self.assessment.lean)
        self.drafts.changed(self.record)

    async def on_rows_changed(self, event: RowsChanged) -> None:
        event.stop()
        if self.read_only:
            return
        change = self.editor.change_rows(
            event.list_path, event.change, event.index, delta=event.delta, item=event.item
        )
        if change is None:
            return
        rows = self.query_one(f"#list-{change.list_path}", RecordListEditor)
        await rows.rebuild(change.row, focus_field=change.change is RowChange.ADD)
        if change.list_path == "people":
            await self.query_one(ConsentEditor).rebuild()
        elif change.list_path == "recipients":
            await self.query_one(DecisionForm).recipients_changed()
        self._record_changed()

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

    def action_add_row(self) -> None:
        editor = self._list_in_focus()
        if editor is None:
            self.notify(
                "Insert adds a row when you are in a list: people, facts, recipients or advice."
            )
            return
        editor.action_add_row()

    def action_remove_row(self) -> None:
        if isinstance(self.focused, TextArea):
            self.focused.action_delete_right()  # in a text field Delete deletes a character
            return
        editor = self._list_in_focus()
        if editor is None or not editor.can_act_on_row():
            self.notify("Delete removes a row from its heading (▸): move there first.")
            return
        editor.action_remove_row()

    def action_move_row(self, delta: int) -> None:
        editor = self._list_in_focus()
        if editor is None or not editor.can_act_on_row():
            self.notify("Alt+↑/↓ move a row from its heading (▸): move there first.")
            return
        editor.action_move_row(delta)

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
            self._finalise()

    @work(exclusive=True, group="finalise")
    async def _finalise(self) -> None:
        record = self.record
        # The decision is taken when it is finalised, unless the practitioner dated it already.
        if record.decision.decided_at is None:
            record.decision.decided_at = utc_now()
        final = await reported(self, self.drafts.finalise(record, self.assessment.to_dict()))
        if final is None:
            return
        self.show_finalised(final)
        self.notify("Finalised. The record is now read-only; add addenda for later changes.")

    def on_unmount(self) -> None:
        self.drafts.done_with(self.record)

    # -- finalised ---------------------------------------------------------------------------

    def show_finalised(self, record: Consultation) -> None:
        """The store finalised the record: from now on it is shown read-only."""
        self.record = record
        self.editor = DraftEditor(record)
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
            if bound_path(widget) and not isinstance(widget, ListHeading):
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
        return ConsultationHelp(self).topic(widget)

    def action_copy_summary(self) -> None:
        text = consultation_summary(self.record, self.assessment, self.pack)
        self.app.copy_to_clipboard(text)
        lines = text.count("\n")
        self.notify(f"Summary copied to the clipboard ({lines} lines).")
