"""F1 help: what the focused field is for, and the guidance behind it, in a scrollable modal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain.guidance import GuidancePoint
from ..widgets.plain_text import literal


@dataclass(frozen=True, slots=True)
class HelpTopic:
    """What F1 shows: a title, a few plain sentences, and any guidance points they rest on."""

    title: str
    body: str
    points: Sequence[GuidancePoint] = ()
    keys: Sequence[tuple[str, str]] = field(default_factory=tuple)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,q,enter", "dismiss_help", "Close", id="help-close"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, topic: HelpTopic) -> None:
        super().__init__()
        self.topic = topic

    def compose(self) -> ComposeResult:
        topic = self.topic
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Help (Esc to close)"
            box.can_focus = True
            yield Static(literal(topic.title, "bold"), id="help-title")
            yield Static(literal(topic.body, multiline=True), id="help-body")
            for point in topic.points:
                yield Static(
                    Content.assemble(
                        ("§ " + point.title, "bold"),
                        "\n",
                        point.summary,
                        "\n",
                        (f"Source: {point.source}", "italic"),
                    ),
                    classes="help-point",
                )
            if topic.keys:
                width = max(len(key) for key, _ in topic.keys)
                lines = [f"{key.ljust(width)}  {words}" for key, words in topic.keys]
                yield Static(
                    Content.assemble(("Keys", "bold"), "\n", "\n".join(lines)), id="help-keys"
                )

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)
