"""Wording an assessment: note ids and parameters from the rules, sentences from the pack.

The pack's ``[[notes]]`` hold each note's text (with ``{parameter}`` places) and the guidance
points it cites, so the words a practitioner reads can be reviewed and localised in one file.
"""

from __future__ import annotations

from .advice_model import Note
from .advice_rules import NoteRef
from .guidance import GuidancePack

# Why a person is, or is not, to be told: short phrases shown beside each name.
TELLING_WHY_WORDS: dict[str, str] = {
    "alleged": "alleged to have caused harm",
    "passes-on": "could pass it on to someone alleged to have caused harm",
    "forced-marriage": "suspected forced marriage: the family are not approached",
    "investigation": "telling them could prejudice an investigation",
    "marked-no": "you recorded that they are not to be told",
    "marked-yes": "you recorded that they may be told",
    "telling-unsafe": "telling the family would increase the risk",
    "alleged-in-household": "decide whether they could pass it on to the person alleged",
    "telling-safe": "telling the family is safe",
    "undecided": "not decided yet",
}


def word(ref: NoteRef, pack: GuidancePack) -> Note:
    """The note in the pack's words. A pack is checked on load, so every id is there."""
    wording = pack.notes[ref.id]
    text = wording.text.format_map(dict(ref.params)) if ref.params else wording.text
    return Note(text, wording.cites, ref.kind, ref.id)


def word_conflict(refs: list[NoteRef], pack: GuidancePack) -> Note | None:
    """All conflict parts as one caution note, each part's citations kept."""
    if not refs:
        return None
    parts = [word(ref, pack) for ref in refs]
    cites = tuple(dict.fromkeys(c for part in parts for c in part.citations))
    return Note(
        " ".join(part.text for part in parts), cites, "caution", "+".join(r.id for r in refs)
    )
