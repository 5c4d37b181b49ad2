"""The case facts pane: the case, the people, the facts and their sources, the purpose, what is
proposed for sharing (with plain-language hints), the recipients, and the context the hard cases
turn on (who asked, the kind of harm, FGM, whether telling the family raises the risk).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ...domain.labels import choices, label_of
from ...domain.record import HarmType, InformationConcerns, RequestOrigin, YesNo
from .bound_fields import BoundLine, BoundTextArea
from .choice_row import ChoiceRow
from .fact_list import FactList
from .field_row import FieldRow, StackedField
from .list_editor import RecordSource
from .people_editor import PeopleEditor
from .plain_language_hints import PlainLanguageHints
from .recipient_list import RecipientList
from .tick_box import Tick


def _title(text: str) -> Static:
    return Static(Content.styled(text, "bold"), classes="section-title")


class CaseFacts(Vertical):
    def __init__(self, record_source: RecordSource, *, read_only: bool = False) -> None:
        super().__init__(id="case-facts")
        self._record_source = record_source
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        record = self._record_source()
        source = self._record_source
        yield _title("Case")
        yield FieldRow(
            "Case reference",
            BoundLine(
                "case_reference",
                record.case_reference,
                placeholder="your own case reference",
                id="case-reference",
            ),
        )
        yield Tick(
            "General discussion: family not named (anonymised)",
            record.anonymised,
            field_path="anonymised",
        )
        yield FieldRow("Your name", BoundLine("practitioner.name", record.practitioner.name))
        yield FieldRow("Your role", BoundLine("practitioner.role", record.practitioner.role))
        yield FieldRow(
            "Organisation",
            BoundLine("practitioner.organisation", record.practitioner.organisation),
        )
        yield PeopleEditor(source, read_only=self.read_only)
        yield FactList(source, read_only=self.read_only)
        yield _title("Sharing")
        yield StackedField(
            "Purpose of sharing",
            BoundTextArea(
                "purpose", record.purpose, placeholder="what sharing is meant to achieve"
            ),
        )
        yield StackedField(
            "Information proposed for sharing",
            BoundTextArea(
                "information_to_share",
                record.information_to_share,
                placeholder="only what the purpose needs",
                id="information-to-share",
            ),
        )
        yield PlainLanguageHints(id="plain-language-hints")
        yield RecipientList(source, read_only=self.read_only)
        yield _title("Context")
        context = record.context
        yield FieldRow(
            "Request from",
            ChoiceRow(
                choices(RequestOrigin), context.request_origin, field_path="context.request_origin"
            ),
        )
        with Vertical(classes="when-request"):
            yield FieldRow(
                "Stated purpose",
                BoundLine(
                    "context.stated_purpose",
                    context.stated_purpose,
                    placeholder="the purpose the requester gave",
                ),
            )
            yield Tick(
                "Requester's identity and authority verified",
                context.requester_verified,
                field_path="context.requester_verified",
            )
            yield FieldRow(
                "Verified how",
                BoundLine(
                    "context.verification_method",
                    context.verification_method,
                    placeholder="e.g. called back via the switchboard",
                ),
            )
        yield Static("Suspected harm:", classes="field-label")
        with Vertical(id="harm-types"):
            for harm in HarmType:
                yield Tick(
                    label_of(harm),
                    harm in context.suspected_harm,
                    field_path="context.suspected_harm",
                    member=harm,
                )
        yield Tick(
            "FGM known (disclosed or seen, not only suspected)",
            context.fgm_known,
            field_path="context.fgm_known",
        )
        yield FieldRow(
            "Telling the family raises risk",
            ChoiceRow(
                choices(YesNo),
                context.telling_increases_risk,
                field_path="context.telling_increases_risk",
            ),
        )
        yield Tick(
            "Telling them would prejudice an investigation",
            context.investigation_prejudiced,
            field_path="context.investigation_prejudiced",
        )
        yield FieldRow(
            "Information is about",
            ChoiceRow(
                choices(InformationConcerns),
                context.information_concerns,
                field_path="context.information_concerns",
            ),
        )

    def on_mount(self) -> None:
        self.show_state()

    def show_state(self) -> None:
        origin = self._record_source().context.request_origin
        self.set_class(origin is not RequestOrigin.OWN_CONCERN, "-request")
