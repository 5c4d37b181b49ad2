"""Reading a whole record on screen: it opens at the top, pages with the keyboard, wraps long
lines to the terminal's width and shows typed text exactly as it was typed."""

from __future__ import annotations

from textual.app import App, ComposeResult

from consult_tui.domain.guidance import default_pack
from consult_tui.domain.record import Consultation, Fact
from consult_tui.export.document import CaseDocument, build_document
from consult_tui.ui.app import styles_dir
from consult_tui.ui.widgets.record_reader import RecordReader
from tests.review.review_helpers import consultation
from tests.ui.screen_text import screen_text

LONG_REASON = (
    "Mother described the bruise differently at each visit and the GP had not seen the baby, "
    "so the concerns were shared with children's social care the same afternoon and the "
    "duty manager agreed the plan before the end of the day; last word: PELICAN"
)


def many_facts(record: Consultation, count: int = 40) -> Consultation:
    record.facts = [Fact(text=f"Fact number {n:02d} seen at the visit") for n in range(count)]
    return record


def document_of(record: Consultation) -> CaseDocument:
    return build_document(record, default_pack())


class ReaderHost(App[None]):
    """The reader alone, with the app's own review styles (padding, scroll bar, focus mark)."""

    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "review.tcss"]

    def __init__(self, document: CaseDocument) -> None:
        super().__init__()
        self.document = document

    def compose(self) -> ComposeResult:
        yield RecordReader(self.document, id="record-reader")

    def on_mount(self) -> None:
        self.query_one(RecordReader).focus()


async def test_a_long_record_opens_at_its_title_and_pages_down_to_its_last_section() -> None:
    record = many_facts(consultation(case_reference="HV-LONG", reason=LONG_REASON))
    document = document_of(record)
    app = ReaderHost(document)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = app.query_one(RecordReader)
        assert reader.line_count > 24 * 2
        first = screen_text(app)
        assert document.title in first.splitlines()[0]
        assert "Fact number 39" not in first

        await pilot.press("pagedown")
        paged = screen_text(app)
        assert paged != first
        assert document.title not in paged

        await pilot.press("end")
        last_section = document.sections[-1].title
        assert last_section in screen_text(app)

        await pilot.press("home")
        assert screen_text(app) == first


async def test_a_long_line_wraps_indented_to_the_width_and_rewraps_on_resize() -> None:
    record = consultation(case_reference="HV-WRAP", reason=LONG_REASON)
    app = ReaderHost(document_of(record))
    async with app.run_test(size=(80, 100)) as pilot:
        reader = app.query_one(RecordReader)
        narrow_lines = reader.line_count
        text = screen_text(app)
        assert "PELICAN" in text
        assert all(len(line) <= 80 for line in text.splitlines())
        # The reason carries on indented under its start, not at the left edge.
        lines = [line.removeprefix("┃ ") for line in text.splitlines()]
        start = next(i for i, line in enumerate(lines) if line.startswith("Reason: "))
        assert lines[start + 1].startswith("  ") and lines[start + 1].strip()

        await pilot.resize_terminal(160, 100)
        await pilot.pause()
        assert reader.line_count < narrow_lines
        assert "PELICAN" in screen_text(app)


async def test_typed_markup_shows_as_typed_and_escapes_never_reach_the_screen() -> None:
    # The reader shows the document the exports are made from: markup stays literal text, and a
    # pasted terminal escape is dropped there as it is from the case file.
    typed = "[bold red]urgent[/] \x1b[2J said [link=x]here[/link]"
    record = consultation(case_reference="HV-LIT", reason=typed)
    app = ReaderHost(document_of(record))
    async with app.run_test(size=(100, 40)):
        shown = screen_text(app)
        assert "Reason: [bold red]urgent[/]  said [link=x]here[/link]" in shown
        assert "\x1b" not in app.query_one(RecordReader).text()


async def test_showing_another_record_replaces_the_text_and_its_length() -> None:
    short = document_of(consultation(case_reference="HV-SHORT"))
    long = document_of(many_facts(consultation(case_reference="HV-OTHER")))
    app = ReaderHost(short)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = app.query_one(RecordReader)
        before = reader.line_count
        reader.show(long)
        await pilot.pause()
        assert reader.line_count > before
        shown = screen_text(app)
        assert "HV-OTHER" in reader.text()
        assert long.title in shown
        assert short.title not in shown
