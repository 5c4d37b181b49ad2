"""Stories about moving records between stores: whole documents in, or nothing at all."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from consult_tui.domain.record import Addendum, Consultation, Status
from consult_tui.security.signing import InstallationKey
from consult_tui.store.errors import ImportRefused, RecordFinalised
from consult_tui.store.repository import RecordStore
from consult_tui.store.transfer import export_records, import_records
from tests.store.store_helpers import health_visitor_record


def _document(*records: Consultation) -> dict[str, Any]:
    return {
        "format": "consult-tui-records",
        "schema_version": 1,
        "exported_at": "2025-05-01T12:00:00+00:00",
        "records": [record.model_dump(mode="json") for record in records],
    }


def _finalised_with_addendum(case_reference: str = "HV-F") -> Consultation:
    record = health_visitor_record(case_reference=case_reference)
    record.status = Status.FINALISED
    record.finalised_at = record.created_at
    record.addenda = [Addendum(author="Priya Shah", reason="GP replied", text="Seen today")]
    return record


@pytest.fixture
def other_store(tmp_path: Path, key: bytes, installation: InstallationKey) -> Iterator[RecordStore]:
    """Another database of the same installation (the same key store, so the same signing key)."""
    with RecordStore.open(tmp_path / "elsewhere" / "consultations.db", key, create=True) as store:
        store.use_signer(installation)
        yield store


def _untouched(store: RecordStore) -> tuple[int, int]:
    return store.count(), len(store.audit_trail())


def test_records_exported_from_one_store_arrive_whole_in_another(
    store: RecordStore, other_store: RecordStore
) -> None:
    draft = health_visitor_record(case_reference="HV-D")
    store.save_draft(draft)
    final = store.finalise(health_visitor_record(case_reference="HV-F"), {"advice": "share"})
    store.add_addendum(final.id, Addendum(author="Priya Shah", text="GP replied"))

    document = export_records(store)
    assert document["format"] == "consult-tui-records"
    assert [e.action for e in store.audit_trail() if e.action == "export"] == ["export"] * 2

    result = import_records(other_store, json.dumps(document))
    assert sorted(result.record_ids) == sorted([draft.id, final.id]) and result.count == 2
    for record_id in result.record_ids:
        assert other_store.get(record_id) == store.get(record_id)
    assert other_store.get(final.id).status is Status.FINALISED
    assert {s.id: s.addenda_count for s in other_store.list_summaries()}[final.id] == 1
    imports = other_store.audit_trail()
    assert [e.action for e in imports] == ["import", "import"]
    assert other_store.verify_audit().ok


def test_an_imported_finalised_record_stays_immutable(store: RecordStore) -> None:
    record = _finalised_with_addendum()
    import_records(store, json.dumps(_document(record)), unverified=True)
    with pytest.raises(RecordFinalised):
        store.save_draft(record.model_copy(update={"status": Status.DRAFT}))
    assert store.get(record.id).addenda == record.addenda


def test_a_wrong_answer_deep_in_the_document_is_named_exactly_and_nothing_is_imported(
    store: RecordStore,
) -> None:
    records = [health_visitor_record(case_reference=f"HV-{n}") for n in range(4)]
    document = _document(*records)
    document["records"][3]["proportionality"]["risk"] = "very high"
    before = _untouched(store)
    with pytest.raises(ImportRefused) as caught:
        import_records(store, json.dumps(document))
    assert str(caught.value) == (
        "records[3].proportionality.risk: Input should be 'not_known', 'low', 'moderate' "
        "or 'high' — nothing was imported"
    )
    assert _untouched(store) == before


def test_a_record_already_in_the_store_refuses_the_whole_import(store: RecordStore) -> None:
    existing = health_visitor_record(case_reference="HV-OLD")
    store.save_draft(existing)
    before = _untouched(store)
    document = _document(health_visitor_record(case_reference="HV-NEW"), existing)
    with pytest.raises(ImportRefused, match=r"records\[1\]\.id: a record with this id is already"):
        import_records(store, json.dumps(document))
    assert _untouched(store) == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(format="something-else"), "format: Input should be"),
        (lambda d: d.update(schema_version=2), "schema_version: Input should be 1"),
        (lambda d: d.pop("records"), "records: Field required"),
        (lambda d: d["records"][0].update(colour="red"), "records[0].colour: Extra inputs"),
        (
            lambda d: d["records"][0].update({"Baby M lives at": "x"}),
            "records[0].(an unexpected key): Extra inputs",
        ),
        (lambda d: d["records"].append(d["records"][0]), "records[1].id: the same id appears"),
        (lambda d: d["records"][0].update(id="has spaces"), "records[0].id: should be 1–64"),
        (
            lambda d: d["records"][0].update(addenda=[{"text": "note on a draft"}]),
            "records[0].addenda: only a finalised record",
        ),
        (
            lambda d: d["records"][0].update(status="finalised"),
            "records[0].finalised_at: a finalised record needs",
        ),
        (
            lambda d: d["records"][0].update(created_at="9999-12-31T23:59:59-23:00"),
            "records[0].created_at: should be a date between 1900 and 2200",
        ),
    ],
)
def test_a_broken_document_is_refused_with_its_place(
    store: RecordStore, change: Any, expected: str
) -> None:
    document = _document(health_visitor_record())
    change(document)
    before = _untouched(store)
    with pytest.raises(ImportRefused) as caught:
        import_records(store, json.dumps(document))
    assert str(caught.value).startswith(expected)
    assert str(caught.value).endswith("— nothing was imported")
    assert _untouched(store) == before


def test_text_that_is_not_json_is_refused(store: RecordStore) -> None:
    with pytest.raises(ImportRefused, match=r"^document: Invalid JSON"):
        import_records(store, "Baby M, bruise, 16-week visit")


# -- fuzzing: whatever arrives, the import either succeeds whole or is refused with nothing written


_json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.text(st.characters(categories=("Cs", "Cc", "Lo")), max_size=3)
    | st.sampled_from(
        [
            "not_known",
            "finalised",
            "draft",
            "2025-01-01",
            "9999-12-31T23:59:59-23:59",
            "0001-01-01T00:00:00+23:59",
            "2025-02-30T10:00:00Z",
            "",
        ]
    )
)
_json_values = st.recursive(
    _json_leaves,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for name, child in value.items():
            found += _paths(child, (*prefix, name))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


def _mutate(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    mutated = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
        path = data.draw(st.sampled_from(_paths(mutated)), label="path")
        if not path:
            continue
        parent = mutated
        for step in path[:-1]:
            parent = parent[step]
        how = data.draw(st.sampled_from(["replace", "remove", "add"]), label="how")
        if how == "replace":
            parent[path[-1]] = data.draw(_json_values, label="value")
        elif how == "remove":
            del parent[path[-1]]
        elif isinstance(parent[path[-1]], dict):
            parent[path[-1]][data.draw(st.text(max_size=8))] = data.draw(_json_values)
    return mutated


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordStore]:
    import secrets

    path = tmp_path_factory.mktemp("fuzz") / "consultations.db"
    with RecordStore.open(path, secrets.token_bytes(32), create=True) as store:
        yield store


def _import_all_or_nothing(store: RecordStore, text: str) -> None:
    before = _untouched(store)
    try:
        result = import_records(store, text)
    except ImportRefused as refusal:
        event("refused")
        assert str(refusal).endswith("— nothing was imported")
        assert _untouched(store) == before
    else:
        event("imported")
        count, entries = before
        assert _untouched(store) == (count + result.count, entries + result.count)
        for record_id in result.record_ids:
            store.get(record_id)
    assert store.verify_audit().ok


_FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_FUZZ
@given(text=st.one_of(st.text(max_size=40), _json_values.map(json.dumps)))
def test_arbitrary_text_is_imported_whole_or_refused_cleanly(
    fuzz_store: RecordStore, text: str
) -> None:
    _import_all_or_nothing(fuzz_store, text)


@_FUZZ
@given(data=st.data())
def test_damaged_exports_are_imported_whole_or_refused_cleanly(
    fuzz_store: RecordStore, data: st.DataObject
) -> None:
    document = _document(health_visitor_record(), _finalised_with_addendum())
    _import_all_or_nothing(fuzz_store, json.dumps(_mutate(document, data)))


# -- seals: a finalised record proves where it came from ------------------------------------------


def _sealed_export(store: RecordStore) -> dict[str, Any]:
    """An export holding one draft and one finalised (sealed) record, as a JSON-ready dict."""
    store.save_draft(health_visitor_record(case_reference="HV-DRAFT"))
    store.finalise(health_visitor_record(case_reference="HV-FINAL"), {"advice": "share"})
    return json.loads(json.dumps(export_records(store)))


def _final(document: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in document["records"] if r["status"] == "finalised")


def _draft(document: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in document["records"] if r["status"] == "draft")


def test_a_finalised_record_exported_here_reimports_verified_with_its_seal(
    store: RecordStore, other_store: RecordStore, installation: InstallationKey
) -> None:
    document = _sealed_export(store)
    seal = _final(document)["seal"]
    assert seal["algorithm"] == "Ed25519" and seal["public_key"] == installation.public_key
    assert len(seal["hash"]) == 64 and seal["signature"] and seal["status"] == "sealed"
    assert "seal" not in _draft(document), "a draft is not sealed"

    result = import_records(other_store, json.dumps(document))
    assert result.unverified == []
    assert not any(summary.unverified for summary in other_store.list_summaries())
    final_id = _final(document)["id"]
    [entry] = other_store.audit_trail(final_id)
    assert f"seal={seal['hash']} verified=yes" in entry.detail
    assert _final(json.loads(json.dumps(export_records(other_store))))["seal"] == seal
    assert other_store.verify_audit().ok


def _edit_facts(record: dict[str, Any]) -> None:
    record["facts"][0]["text"] = "No bruise was seen"


def _edit_decision(record: dict[str, Any]) -> None:
    record["decision"]["outcome"] = "do_not_share"


def _edit_reason(record: dict[str, Any]) -> None:
    record["decision"]["reason"] = "Parents asked us not to"


def _drop_seal(record: dict[str, Any]) -> None:
    del record["seal"]


def _break_signature(record: dict[str, Any]) -> None:
    signature = record["seal"]["signature"]
    record["seal"]["signature"] = ("A" if signature[0] != "A" else "B") + signature[1:]


def _resign_with_a_stranger(record: dict[str, Any]) -> None:
    """A forger who edits the record and seals it again with a key of their own making."""
    from consult_tui.store.seal import seal_hash, signed_message

    _edit_reason(record)
    forger = InstallationKey.generate()
    body = {key: value for key, value in record.items() if key != "seal"}
    digest = seal_hash(Consultation.model_validate(body))
    record["seal"] = {
        "algorithm": "Ed25519",
        "hash": digest,
        "signature": forger.sign(signed_message(digest)),
        "public_key": forger.public_key,
        "status": "sealed",
    }


@pytest.mark.parametrize(
    ("forge", "expected"),
    [
        (_edit_facts, "records[1].seal: does not match: the record was changed after it was"),
        (_edit_decision, "records[1].seal: does not match"),
        (_edit_reason, "records[1].seal: does not match"),
        (_drop_seal, "records[1].seal: is missing"),
        (_break_signature, "records[1].seal.signature: is not a valid signature"),
        (_resign_with_a_stranger, "records[1].seal.public_key: is from an unknown installation"),
    ],
)
def test_a_forged_finalised_record_is_refused_and_nothing_is_imported(
    store: RecordStore, other_store: RecordStore, forge: Any, expected: str
) -> None:
    document = _sealed_export(store)
    document["records"].sort(key=lambda record: record["status"])  # the draft first
    forge(_final(document))
    before = _untouched(other_store)
    with pytest.raises(ImportRefused) as caught:
        import_records(other_store, json.dumps(document))
    assert str(caught.value).startswith(expected)
    assert "--unverified" in str(caught.value)
    assert _untouched(other_store) == before


def test_a_draft_relabelled_finalised_is_refused(
    store: RecordStore, other_store: RecordStore
) -> None:
    document = _sealed_export(store)
    genuine_seal = _final(document)["seal"]
    draft = _draft(document)
    draft["status"], draft["finalised_at"] = "finalised", draft["updated_at"]
    with pytest.raises(ImportRefused, match=r"\.seal: is missing"):
        import_records(other_store, json.dumps(document))
    # Borrowing the genuine record's seal does not help: it seals other words.
    draft["seal"] = genuine_seal
    with pytest.raises(ImportRefused, match=r"\.seal: does not match"):
        import_records(other_store, json.dumps(document))
    assert other_store.count() == 0


@pytest.mark.parametrize(
    ("hollow", "expected"),
    [
        (
            lambda r: r.update(facts=[], decision={**r["decision"], "reason": ""}),
            "records[0].status: a finalised record needs facts, a decision and its reason",
        ),
        (
            lambda r: r.update(finalised_at="2020-01-01T00:00:00Z"),
            "records[0].finalised_at: is before the record was created",
        ),
    ],
)
def test_a_record_that_cannot_be_finalised_is_refused_even_unverified(
    store: RecordStore, other_store: RecordStore, hollow: Any, expected: str
) -> None:
    document = _sealed_export(store)
    document["records"] = [_final(document)]
    hollow(document["records"][0])
    for unverified in (False, True):
        with pytest.raises(ImportRefused) as caught:
            import_records(other_store, json.dumps(document), unverified=unverified)
        assert str(caught.value).startswith(expected)
    assert other_store.count() == 0


def test_a_key_listed_as_trusted_imports_another_installations_records_verified(
    store: RecordStore, tmp_path: Path, key: bytes
) -> None:
    document = json.dumps(_sealed_export(store))
    elsewhere = InstallationKey.generate()
    with RecordStore.open(tmp_path / "agency" / "c.db", key, create=True) as agency:
        agency.use_signer(elsewhere)
        with pytest.raises(ImportRefused, match="unknown installation"):
            import_records(agency, document)
        result = import_records(agency, document, trusted_keys=[store.public_key or ""])
        assert result.count == 2 and result.unverified == []
        assert agency.verify_audit().ok


def test_an_unverified_import_is_marked_in_the_list_the_trail_and_its_export(
    store: RecordStore, other_store: RecordStore, tmp_path: Path, key: bytes
) -> None:
    document = _sealed_export(store)
    _edit_reason(_final(document))
    final_id = _final(document)["id"]

    result = import_records(other_store, json.dumps(document), unverified=True)
    assert result.unverified == [final_id]
    marked = {summary.id: summary.unverified for summary in other_store.list_summaries()}
    assert marked == {final_id: True, _draft(document)["id"]: False}
    [entry] = other_store.audit_trail(final_id)
    assert entry.action == "import" and "verified=no" in entry.detail
    assert other_store.verify_audit().ok, "the trail vouches for what was imported, as imported"

    again = json.loads(json.dumps(export_records(other_store)))
    seal = _final(again)["seal"]
    assert seal["status"] == "imported, not verified" and seal["signature"] is None
    # Passed on, it proves nothing elsewhere either.
    with RecordStore.open(tmp_path / "third" / "c.db", key, create=True) as third:
        third.use_signer(InstallationKey.generate())
        with pytest.raises(ImportRefused, match="is incomplete"):
            import_records(third, json.dumps(again))


def test_a_record_finalised_without_the_key_store_is_signed_when_it_next_opens(
    db_path: Path, key: bytes, installation: InstallationKey
) -> None:
    with RecordStore.open(db_path, key, create=True) as bare:
        final = bare.finalise(health_visitor_record(), {})
        assert (bare.export_seal(final.id) or {})["signature"] is None
    with RecordStore.open(db_path, key) as reopened:
        assert reopened.use_signer(installation) == [final.id]
        seal = reopened.export_seal(final.id) or {}
        assert seal["public_key"] == installation.public_key and seal["signature"]
        assert reopened.use_signer(installation) == [], "signed once"
        assert reopened.verify_audit().ok


def test_a_field_added_in_a_later_version_leaves_an_earlier_seal_intact() -> None:
    """A record sealed today must still verify after the record model grows a field."""
    from pydantic import BaseModel, Field

    from consult_tui.domain.record import Consultation
    from consult_tui.store.seal import canonical_json

    class LaterSection(BaseModel):
        note: str = ""

    class LaterConsultation(Consultation):
        later_text: str = ""
        later_flag: bool = False
        later_list: list[str] = Field(default_factory=list)
        later_section: LaterSection = Field(default_factory=LaterSection)

    record = Consultation(case_reference="HV-2291", purpose="To protect the baby")
    later = LaterConsultation.model_validate(record.model_dump())

    assert canonical_json(later) == canonical_json(record)
    # What the later field says, once said, is part of the seal.
    later.later_flag = True
    assert canonical_json(later) != canonical_json(record)
    # The id and the time of creation are always there, whatever their factory makes now.
    assert b'"created_at"' in canonical_json(record) and b'"id"' in canonical_json(record)
