"""The live proportionality panel: what the five answers and the context say, re-drawn on every
edit before anything is saved. Its words can quote the record (a person's relation), so they are
shown through ``printable`` like any typed text.

Each part of the assessment has its own Static, and a part is re-drawn only when it changed, so a
key press that changes nothing in the weighing writes nothing to the terminal. Every state reads
in words and symbols (▲ share, ▼ do not share, ◆ balanced, ? unclear; ⚠ for a conflict), never
in colour alone. Notes sit in a list so that F1 can open the guidance point a note cites.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.assessment import SHARE_WITH_LABELS, Assessment, Lean, Note, Reading
from ...domain.guidance import GuidancePack, GuidancePoint
from ...domain.record import Person
from .plain_text import printable

LEAN_WORDS: dict[str, tuple[str, str]] = {
    "share": ("▲", "SHARE"),
    "do_not_share": ("▼", "DO NOT SHARE"),
    "balanced": ("◆", "BALANCED: weigh it with advice"),
    "unclear": ("?", "UNCLEAR: questions not answered yet"),
}

TELL_WORDS: dict[str, tuple[str, str]] = {
    "tell": ("✓", "Tell the family what will be shared, with whom and why."),
    "do_not_tell": (
        "✗",
        "Do not tell the family: it could increase the risk or warn the people involved. "
        "Record why.",
    ),
    "do_not_contact": (
        "✗",
        "Do not approach the family at all (one chance rule). Record why.",
    ),
    "tell_some": (
        "±",
        "Tell only the people marked ✓ below, never those marked ✗. Record why.",
    ),
    "not_yet_known": ("?", "Whether to tell the family is not clear yet."),
}
NOTHING_TO_TELL = ("–", "Nothing is to be shared: be open about your decision where that is safe.")


def lean_words(lean: Lean | str) -> tuple[str, str]:
    value = str(lean)
    return LEAN_WORDS.get(value, ("?", value.replace("_", " ").upper()))


def _citation_titles(citations: Sequence[str], pack: GuidancePack) -> str:
    titles = [pack.points[c].title for c in citations if c in pack.points]
    return "; ".join(titles)


class NoteList(OptionList):
    """The panel's notes, each citing guidance; F1 (or Enter) on a note opens the guidance."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: tuple[Note, ...] = ()

    def highlighted_note(self) -> Note | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.notes):
            return None
        return self.notes[self.highlighted]


class ProportionalityPanel(VerticalScroll):
    """Shows one ``Assessment``; set ``assessment`` and only the parts that changed re-draw."""

    # Every assessment is handed over (even an equal one) so the panel can count what it was
    # shown; drawing itself skips the parts that did not change.
    assessment: reactive[Assessment | None] = reactive(
        None, init=False, always_update=True, repaint=False
    )

    def __init__(self, pack: GuidancePack, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="proportionality-panel")
        self.pack = pack
        self.updates = 0  # how many assessments have been drawn (the keystroke benchmark reads it)
        self._shown: Assessment | None = None

    def compose(self) -> ComposeResult:
        # Most decisive first: what to do comes before why.
        for part in (
            "lean",
            "conflict",
            "duties",
            "actions",
            "share-with",
            "tell",
            "whom",
            "readings",
            "missing",
        ):
            yield Static(id=f"panel-{part}", classes="panel-part")
        yield Static(
            Content.styled("Notes (F1: the guidance behind a note)", "bold"),
            id="panel-notes-title",
            classes="panel-part",
        )
        yield NoteList(id="panel-notes")

    def on_mount(self) -> None:
        self.query_one("#panel-whom").display = False
        self.query_one("#panel-share-with").display = False
        if self.assessment is not None:
            self._draw(self.assessment)

    def show_whom(self, people: Sequence[Person]) -> None:
        """Kept for callers: who is told is now part of the assessment, decided per person."""

    def watch_assessment(self, assessment: Assessment | None) -> None:
        if assessment is not None and self.is_mounted:
            self._draw(assessment)

    # -- drawing -------------------------------------------------------------------------------

    def _draw(self, new: Assessment) -> None:
        old = self._shown
        self._shown = new
        self.updates += 1

        def changed(*names: str) -> bool:
            return old is None or any(getattr(old, n) != getattr(new, n) for n in names)

        parts: list[tuple[str, Callable[[Assessment], Content | None], tuple[str, ...]]] = [
            ("#panel-lean", self._lean, ("lean",)),
            ("#panel-conflict", self._conflict, ("conflict",)),
            ("#panel-duties", self._duties, ("duties",)),
            ("#panel-actions", self._actions, ("actions",)),
            ("#panel-share-with", self._share_with, ("share_with",)),
            ("#panel-tell", self._tell, ("tell_family", "lean")),
            ("#panel-whom", self._whom, ("telling",)),
            ("#panel-readings", self._readings, ("readings",)),
            ("#panel-missing", self._missing, ("missing",)),
        ]
        for selector, render, names in parts:
            if changed(*names):
                content = render(new)
                static = self.query_one(selector, Static)
                static.display = content is not None
                if content is not None:
                    static.update(content)
        if changed("notes"):
            self._draw_notes(new.notes)

    def _lean(self, a: Assessment) -> Content:
        symbol, words = lean_words(a.lean)
        return Content.assemble(("Lean: ", "bold"), (f"{symbol} {words}", "bold reverse"))

    def _conflict(self, a: Assessment) -> Content | None:
        if a.conflict is None:
            return None
        return Content.assemble(
            ("⚠ CONFLICT: ", "bold"),
            printable(a.conflict.text),
            self._see(a.conflict.citations),
        )

    def _readings(self, a: Assessment) -> Content:
        lines: list[Content | str] = [Content.styled("The five answers", "bold")]
        for number, reading in enumerate(a.readings, start=1):
            marker = "?" if reading.answer == "not_known" else "•"
            line = Content.assemble(
                f"{marker} {number}. {printable(reading.label)}: ",
                (self._answer_words(reading), "bold"),
            )
            if reading.meaning:
                line = line.append(f" — {printable(reading.meaning)}")
            lines.append(line)
        return Content("\n").join(lines)

    def _answer_words(self, reading: Reading) -> str:
        if reading.answer_label:
            return reading.answer_label
        try:
            return self.pack.answer_label(reading.question, reading.answer)
        except KeyError:
            return reading.answer.replace("_", " ")

    def _actions(self, a: Assessment) -> Content:
        if not a.actions:
            return Content.assemble(("What to do: ", "bold"), "nothing more yet.")
        lines: list[Content | str] = [Content.styled("What to do", "bold")]
        for action in a.actions:
            lines.append(f"→ {action.label}")
        return Content("\n").join(lines)

    def _share_with(self, a: Assessment) -> Content | None:
        if not a.share_with:
            return None
        lines: list[Content | str] = [Content.styled("Share with", "bold")]
        lines.extend(f"⇒ {SHARE_WITH_LABELS.get(s, s.replace('_', ' '))}" for s in a.share_with)
        return Content("\n").join(lines)

    def _tell(self, a: Assessment) -> Content:
        symbol, words = TELL_WORDS.get(a.tell_family, ("?", a.tell_family.replace("_", " ")))
        if a.lean is Lean.DO_NOT_SHARE and a.tell_family == "tell":
            symbol, words = NOTHING_TO_TELL
        return Content.assemble(("Family: ", "bold"), f"{symbol} {words}")

    def _whom(self, a: Assessment) -> Content | None:
        """Each person's line: told or not, and why not (shown per person, by name)."""
        tell = [printable(t.label) for t in a.telling if t.advice == "tell"]
        not_tell = [
            f"{printable(t.label)} — {t.why}" for t in a.telling if t.advice == "do_not_tell"
        ]
        undecided = [printable(t.label) for t in a.telling if t.advice == "not_yet"]
        lines: list[str] = []
        if tell:
            lines.append("✓ Tell: " + ", ".join(tell))
        if not_tell:
            lines.append("✗ Do not tell: " + "; ".join(not_tell))
        if undecided:
            lines.append("? Not decided yet: " + ", ".join(undecided))
        return Content("\n".join(lines)) if lines else None

    def _duties(self, a: Assessment) -> Content | None:
        if not a.duties:
            return None
        lines: list[Content | str] = [Content.styled("Duties (not discretionary)", "bold")]
        for duty in a.duties:
            lines.append(Content.assemble("⚖ ", printable(duty.text), self._see(duty.citations)))
        return Content("\n").join(lines)

    def _missing(self, a: Assessment) -> Content:
        if not a.missing:
            return Content.assemble(("Missing: ", "bold"), "✓ nothing")
        lines: list[Content | str] = [Content.styled(f"Missing ({len(a.missing)})", "bold")]
        lines.extend(f"○ {printable(item.label)}" for item in a.missing)
        return Content("\n").join(lines)

    def _see(self, citations: Sequence[str]) -> str:
        titles = _citation_titles(citations, self.pack)
        return f"  [see: {titles}]" if titles else ""

    def _draw_notes(self, notes: Sequence[Note]) -> None:
        note_list = self.query_one(NoteList)
        highlighted = note_list.highlighted
        note_list.notes = tuple(notes)
        note_list.set_options(
            Option(Content.assemble("ℹ ", printable(note.text), self._see(note.citations)))
            for note in notes
        )
        if highlighted is not None and notes:
            note_list.highlighted = min(highlighted, len(notes) - 1)
        self.query_one("#panel-notes-title").display = bool(notes)
        note_list.display = bool(notes)

    # -- what F1 shows -------------------------------------------------------------------------

    def guidance_for_note(self, note: Note) -> list[GuidancePoint]:
        return [self.pack.points[c] for c in note.citations if c in self.pack.points]
