"""The consultation screen's keys, in one table: the footer, the palette and F1 all read it.

Every action has an F-key or a plain ctrl key that survives tmux and SSH.
"""

from __future__ import annotations

from textual.binding import Binding

PANE_GROUP = Binding.Group("Panes", compact=True)  # one footer entry: "F2F3F4 Panes"

CONSULTATION_KEYS: list[Binding] = [
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
