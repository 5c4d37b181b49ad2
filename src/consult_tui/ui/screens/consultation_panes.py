"""Panes and focus on the consultation screen: which pane is active, where the focus goes on a
jump (F2-F4, finalise's "go to"), and the layout that shows one pane at a time below 120 columns.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget

from ..widgets.consent_editor import ConsentBlock, ConsentEditor
from ..widgets.field_row import FieldRow, StackedField
from ..widgets.list_editor import ListRow, RecordListEditor
from ..widgets.pane_bar import PANES, PaneBar
from ..widgets.parsed_line import ParsedField
from ..widgets.proportionality_panel import ProportionalityPanel
from ..widgets.record_binding import BoundField, bound_member

WIDE_LAYOUT_COLUMNS = 120


def _labelled(widget: Widget) -> Widget:
    """The field with its label: what should come into view when the field gets focus."""
    parent = widget.parent
    if isinstance(parent, ParsedField):
        parent = parent.parent
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


class PaneFocus(Screen[None]):
    """The consultation screen's panes and focus; the screen itself is in consultation.py."""

    current_pane: str
    read_only: bool
    _last_focus: dict[str, Widget]

    @property
    def panel(self) -> ProportionalityPanel:
        return self.query_one(ProportionalityPanel)

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

        Inline styles rather than a CSS class: a class change on a pane restyles every widget
        inside it (Textual updates the whole subtree). Measured 2026-12-06 at 120x40 on the
        case-facts pane of a full record (204 widgets): a class toggle took 46 ms (median of
        15), setting the border inline 0.06 ms. That is the one inline style kept out of styles/.
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
            if isinstance(w, BoundField)
            and w.field_path
            and (member is None or bound_member(w) == member)
        ]
        while path:
            exact = [w for w in bound if w.field_path == path]
            if exact:
                return exact[0]
            inside = [w for w in bound if w.field_path.startswith((path + ".", path + "["))]
            if inside:
                return inside[0]
            path = path.rpartition(".")[0]
        return None
