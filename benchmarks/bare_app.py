"""A bare Textual app: the baseline that consult-tui's first frame is compared with."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare app ready")


if __name__ == "__main__":
    BareApp().run()
