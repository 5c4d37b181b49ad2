"""The keys a practitioner may move with ``[keys]`` in the config, and how a key is written.

Pure Python (no Textual), so the config can be checked before anything starts. The ids are the
``id`` of each binding in the screens' key tables; tests/ui/test_keys_everywhere.py fails if a
binding gains, loses or renames an id without this list following.
"""

from __future__ import annotations

import difflib
import re

# id → what it does (for the config's messages and the README).
BINDING_IDS: dict[str, str] = {
    "new-consultation": "new consultation (anywhere after unlock)",
    "home": "back to the consultations list",
    "review": "review past consultations",
    "lock": "lock now",
    "quit": "save and quit",
    "home-open": "list: open the selected consultation",
    "home-refresh": "list: refresh",
    "home-reviews-due": "list: reviews due",
    "home-drafts": "list: unfinished drafts",
    "consultation-help": "consultation: help for this field",
    "consultation-pane-case-facts": "consultation: case facts pane",
    "consultation-pane-proportionality": "consultation: proportionality pane",
    "consultation-pane-communication": "consultation: communication pane",
    "consultation-plain-words": "consultation: use the plain wording",
    "consultation-finalise": "consultation: finalise",
    "consultation-add-row": "consultation: add a row",
    "consultation-remove-row": "consultation: remove a row",
    "consultation-move-row-up": "consultation: move a row up",
    "consultation-move-row-down": "consultation: move a row down",
    "consultation-copy-summary": "consultation: copy the summary",
    "finalise-problems-close": "finalise problems: close",
    "help-close": "help: close",
    "confirm-yes": "a confirmation: yes",
    "confirm-no": "a confirmation: no",
    "review-open": "review: open the record",
    "review-search": "review: search",
    "review-status": "review: drafts or finalised",
    "review-decision": "review: decision filter",
    "review-due": "review: review due or overdue",
    "review-anonymised": "review: anonymised discussions",
    "review-dates": "review: date range",
    "review-clear": "review: clear search and filters",
    "review-chronology": "review: chronology of the case",
    "review-back": "review: back",
    "review-sort": "review: sort by the next column",
    "review-reverse": "review: reverse the order",
    "dates-apply": "date range: apply",
    "dates-cancel": "date range: cancel",
    "record-addendum": "record: add an addendum",
    "record-follow-up": "record: follow-up consultation",
    "record-edit": "record: carry on editing the draft",
    "record-export-md": "record: export Markdown",
    "record-export-pdf": "record: export PDF",
    "record-export-json": "record: export JSON",
    "record-case-chronology": "record: chronology of the case",
    "record-child-chronology": "record: chronology of the child",
    "record-audit": "record: audit trail",
    "record-back": "record: back",
    "chronology-open": "chronology: open the record",
    "chronology-back": "chronology: back",
    "addendum-add": "addendum: save it",
    "addendum-cancel": "addendum: cancel",
    "damaged-carry-on": "damaged store: carry on with care",
}

_MODIFIERS = "ctrl|alt|shift|super|meta|hyper"
# "ctrl+k", "f11", "escape", "alt+up", or one printable character ("?", "j").
_ONE_KEY = re.compile(rf"(?:(?:{_MODIFIERS})\+)*(?:[a-z][a-z0-9_]*|[0-9]|[^\s,+])")


def check_keys(value: str) -> str:
    """One ``[keys]`` value: one key or several, comma-separated ("ctrl+k" or "f5,ctrl+r")."""
    # "F5" and "Ctrl+K" as people write them; a single character keeps its case ("K").
    keys = [
        key.strip() if len(key.strip()) == 1 else key.strip().lower() for key in value.split(",")
    ]
    if not value.strip() or any(not key for key in keys):
        raise ValueError("no key given")
    for key in keys:
        if not _ONE_KEY.fullmatch(key):
            raise ValueError(f"{key!r} is not a key name")
    return ",".join(keys)


def unknown_id_message(binding_id: str) -> str:
    """What to say about a ``[keys]`` name that is no binding id, with the nearest one."""
    near = difflib.get_close_matches(binding_id, BINDING_IDS, n=1)
    hint = f' Did you mean "{near[0]}"?' if near else ""
    return (
        f"is not a key consult-tui knows.{hint} The names are listed in the README's keyboard "
        "section (e.g. lock, quit, new-consultation, record-export-json)."
    )
