"""Hostile import files: each is refused with a sentence naming its place, and nothing is written.

A careless or hostile file arrives as an import (or a record to assess): repeated keys, NaN, a
number where a date belongs, "yes" for true, a missing or 20 MB id, years 1 and 9999, bidi
controls in a case reference, /dev/zero, a FIFO. Every row asserts the refusal, its words, and
that the store is exactly as it was; the fuzzing at the end mutates a genuine sealed export and
asserts that no forged finalised record ever gets in, and that nothing ever raises a traceback.
"""

from __future__ import annotations

import copy
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from consult_tui.cli import main
from consult_tui.domain.record import Consultation
from consult_tui.security.signing import InstallationKey
from consult_tui.store.errors import ImportRefused
from consult_tui.store.repository import RecordStore
from consult_tui.store.seal import seal_hash
from consult_tui.store.transfer import export_records, import_records
from tests.store.store_helpers import health_visitor_record

INSTALLATION = InstallationKey.generate()


@pytest.fixture(scope="module")
def sealed_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A genuine export of this installation: records[0] a draft, records[1] finalised."""
    path = tmp_path_factory.mktemp("source") / "consultations.db"
    with RecordStore.open(path, secrets.token_bytes(32), create=True) as source:
        source.use_signer(INSTALLATION)
        draft = health_visitor_record(case_reference="HV-DRAFT")
        source.save_draft(draft)
        final = source.finalise(health_visitor_record(case_reference="HV-FINAL"), {"ok": 1})
        document = json.loads(json.dumps(export_records(source, [draft.id, final.id])))
    assert "seal" in document["records"][1]
    return document


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordStore]:
    """Another database of the same installation, which every refused file leaves untouched."""
    path = tmp_path_factory.mktemp("target") / "consultations.db"
    with RecordStore.open(path, secrets.token_bytes(32), create=True) as store:
        store.use_signer(INSTALLATION)
        yield store


def _state(store: RecordStore) -> tuple[int, int]:
    return store.count(), len(store.audit_trail())


def _refused(store: RecordStore, payload: str | bytes, *, unverified: bool = False) -> str:
    before = _state(store)
    with pytest.raises(ImportRefused) as caught:
        import_records(store, payload, unverified=unverified)
    message = str(caught.value)
    assert message.endswith("— nothing was imported")
    assert len(message) < 2_000, "a refusal never echoes the file back"
    assert _state(store) == before
    return message


# -- JSON that is not what it seems -------------------------------------------------------------


def _first(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return change


TEXT_ROWS: list[tuple[str, Callable[[str], str | bytes], str]] = [
    (
        "a key given twice at the top",
        _first('"format": ', '"format": "consult-tui-records", "format": '),
        "document: repeats the key 'format' in one object",
    ),
    (
        "a key given twice inside a record",
        _first('"case_reference": ', '"case_reference": "HV-OTHER", "case_reference": '),
        "document: repeats the key 'case_reference'",
    ),
    ("NaN as an age", _first('"age": 0', '"age": NaN'), "document: holds NaN"),
    ("Infinity as an age", _first('"age": 0', '"age": Infinity'), "document: holds Infinity"),
    ("-Infinity as an age", _first('"age": 0', '"age": -Infinity'), "document: holds -Infinity"),
    ("not JSON at all", lambda _: "Baby M, bruise, 16-week visit", "document: Invalid JSON"),
    ("an empty file", lambda _: "", "document: Invalid JSON"),
    ("a byte-order mark", lambda text: "\ufeff" + text, "document: Invalid JSON"),
    ("bytes that are not UTF-8", lambda text: text.encode()[:40] + b"\xff\xfe\x00", "document: "),
    ("nesting 100,000 deep", lambda _: "[" * 100_000 + "]" * 100_000, "document: "),
    ("a bare number", lambda _: "0", "document: Input should be an object"),
]


@pytest.mark.parametrize(("story", "change", "expected"), TEXT_ROWS, ids=[r[0] for r in TEXT_ROWS])
def test_json_that_breaks_the_rules_is_refused(
    target: RecordStore,
    sealed_document: dict[str, Any],
    story: str,
    change: Callable[[str], str | bytes],
    expected: str,
) -> None:
    message = _refused(target, change(json.dumps(sealed_document)))
    assert message.startswith(expected), story


# -- values of the wrong kind, ids, dates, invisible characters ---------------------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set the value at a dotted path such as "records.0.people.0.age"."""

    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for step in parents:
            node = node[int(step)] if isinstance(node, list) else node[step]
        node[int(last) if isinstance(node, list) else last] = value

    return change


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for step in parents:
            node = node[int(step)] if isinstance(node, list) else node[step]
        del node[last]

    return change


DRAFT = "records.0"
FINAL = "records.1"
VALUE_ROWS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    # Strict types: no number is a date, no word is a yes.
    ("0 as a date", _set(f"{DRAFT}.created_at", 0), "records[0].created_at: Input should be"),
    ("a timestamp as a date", _set(f"{DRAFT}.created_at", 1_700_000_000), "records[0].created_at"),
    ("a number as a review date", _set(f"{DRAFT}.decision.review_date", 20250101), "review_date"),
    ("'yes' as true", _set(f"{DRAFT}.anonymised", "yes"), "records[0].anonymised: Input should"),
    ("1 as true", _set(f"{DRAFT}.context.requester_verified", 1), "requester_verified"),
    ("'4' as an age", _set(f"{DRAFT}.people.0.age", "4"), "records[0].people[0].age"),
    ("4.5 as an age", _set(f"{DRAFT}.people.0.age", 4.5), "records[0].people[0].age"),
    ("'1' as a version", _set(f"{DRAFT}.schema_version", "1"), "records[0].schema_version"),
    ("a status in capitals", _set(f"{DRAFT}.status", "FINALISED"), "records[0].status"),
    ("0 as the export time", _set("exported_at", 0), "exported_at: Input should be"),
    ("records as an object", _set("records", {}), "records: Input should be a valid array"),
    ("another format", _set("format", "CONSULT-TUI-RECORDS"), "format: Input should be"),
    ("an extra key at the top", _set("password", "x"), "password: Extra inputs"),
    # Ids: required, of the model's shape, never huge or invisible.
    ("no id", _delete(f"{DRAFT}.id"), "records[0].id: is required"),
    ("an id with a space", _set(f"{DRAFT}.id", "HV 1"), "records[0].id: should be 1–64"),
    ("a 20 MB id", _set(f"{DRAFT}.id", "x" * 20_000_000), "records[0].id: "),
    ("a 65-letter id", _set(f"{DRAFT}.id", "x" * 65), "records[0].id: an id is 1–64 characters"),
    ("an empty id", _set(f"{DRAFT}.id", ""), "records[0].id: "),
    ("a bidi control in an id", _set(f"{DRAFT}.id", "ab\u202ecd"), "records[0].id: "),
    ("a path as follow-up id", _set(f"{DRAFT}.follow_up_of", "../x"), "records[0].follow_up_of"),
    ("a bidi control in a fact id", _set(f"{DRAFT}.facts.0.id", "f\u202e1"), "facts[0].id"),
    ("a 65-letter fact id", _set(f"{DRAFT}.facts.0.id", "f" * 65), "records[0].facts[0].id"),
    ("an escape in a person id", _set(f"{DRAFT}.people.0.id", "p\x1b[2J"), "people[0].id"),
    # Case references that could be spoofed on screen.
    (
        "right-to-left override in a case reference",
        _set(f"{DRAFT}.case_reference", "HV-\u202e1922"),
        "records[0].case_reference: a case reference holds invisible formatting characters "
        "(U+202E)",
    ),
    ("a zero-width space", _set(f"{DRAFT}.case_reference", "HV\u200b-1"), "(U+200B)"),
    ("a bidi isolate", _set(f"{DRAFT}.case_reference", "\u2066HV-1\u2069"), "(U+2066, U+2069)"),
    ("a byte-order mark inside", _set(f"{DRAFT}.case_reference", "HV\ufeff1"), "(U+FEFF)"),
    # Dates a record cannot truly hold.
    ("year 1", _set(f"{DRAFT}.created_at", "0001-01-01T00:00:00Z"), "between 1900 and 2200"),
    ("year 9999", _set(f"{DRAFT}.updated_at", "9999-12-31T00:00:00Z"), "between 1900 and 2200"),
    ("1899", _set(f"{DRAFT}.created_at", "1899-12-31T23:59:59Z"), "between 1900 and 2200"),
    ("2201", _set(f"{DRAFT}.decision.review_date", "2201-01-01"), "between 1900 and 2200"),
    ("born in 1066", _set(f"{DRAFT}.people.0.date_of_birth", "1066-10-14"), "date_of_birth"),
    ("30 February", _set(f"{DRAFT}.created_at", "2025-02-30T10:00:00Z"), "records[0].created_at"),
    # Seals of the wrong shape.
    ("a number as the seal hash", _set(f"{FINAL}.seal.hash", 0), "records[1].seal.hash"),
    ("a short seal hash", _set(f"{FINAL}.seal.hash", "ab"), "records[1].seal.hash"),
    ("'yes' as a seal", _set(f"{FINAL}.seal", "yes"), "records[1].seal"),
    ("an extra key in the seal", _set(f"{FINAL}.seal.note", "trust me"), "records[1].seal.note"),
    ("a signature of junk", _set(f"{FINAL}.seal.signature", "!!!"), "records[1].seal.signature"),
    ("a public key of junk", _set(f"{FINAL}.seal.public_key", "abc"), "records[1].seal.signature"),
    ("no seal", _delete(f"{FINAL}.seal"), "records[1].seal: is missing"),
]


@pytest.mark.parametrize(
    ("story", "change", "expected"), VALUE_ROWS, ids=[r[0] for r in VALUE_ROWS]
)
def test_values_of_the_wrong_kind_are_refused_with_their_place(
    target: RecordStore,
    sealed_document: dict[str, Any],
    story: str,
    change: Callable[[dict[str, Any]], None],
    expected: str,
) -> None:
    document = copy.deepcopy(sealed_document)
    change(document)
    message = _refused(target, json.dumps(document))
    assert expected in message, story


def test_a_lone_surrogate_is_refused_not_stored(
    target: RecordStore, sealed_document: dict[str, Any]
) -> None:
    document = copy.deepcopy(sealed_document)
    document["records"][0]["facts"][0]["text"] = "bruise \ud800"
    assert _refused(target, json.dumps(document)).startswith("document: Invalid JSON")


def test_importing_the_same_file_twice_never_makes_two_copies(
    tmp_path: Path, sealed_document: dict[str, Any]
) -> None:
    with RecordStore.open(tmp_path / "twice.db", secrets.token_bytes(32), create=True) as store:
        store.use_signer(INSTALLATION)
        assert import_records(store, json.dumps(sealed_document)).count == 2
        message = _refused(store, json.dumps(sealed_document))
        assert "a record with this id is already in the store" in message
        assert store.count() == 2


# -- files that must not be read: devices, pipes, folders, giants --------------------------------


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, so a read that hangs fails the test, not the run."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from consult_tui.cli import main; sys.exit(main())",
            *argv,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "CONSULT_TUI_KEYRING": "cryptfile"},
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "records.fifo"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["import", "assess"])
def test_a_fifo_is_refused_at_once_rather_than_waited_on(fifo: Path, command: str) -> None:
    finished = _cli(command, str(fifo))
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    assert "is not a regular file (it is a device, pipe or socket)" in finished.stderr


@pytest.mark.parametrize("command", ["import", "assess"])
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/dev/zero", "is not a regular file"),
        ("/dev/null", "is not a regular file"),
        ("/", "is a folder, not a file"),
        ("/nonexistent/records.json", "does not exist"),
    ],
)
def test_a_path_that_is_not_a_file_gets_a_sentence(
    capsys: pytest.CaptureFixture[str], command: str, path: str, expected: str
) -> None:
    assert main([command, path]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    if command == "import":
        assert "Nothing was imported" in err


def test_a_file_over_the_limit_is_refused_naming_the_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import consult_tui.reading as reading

    monkeypatch.setattr(reading, "IMPORT_LIMIT", 2 * reading.MB)
    giant = tmp_path / "giant.json"
    giant.write_bytes(b" " * (2 * reading.MB + 1))
    assert main(["import", str(giant)]) == 1
    err = capsys.readouterr().err
    assert "is larger than the 2 MB consult-tui reads" in err


def test_a_record_to_assess_is_read_strictly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    record = health_visitor_record().model_dump(mode="json")
    record["anonymised"] = "yes"
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    assert main(["assess", str(path)]) == 1
    assert "at anonymised: Input should be a valid boolean" in capsys.readouterr().err


# -- fuzzing: mutations of a genuine export ------------------------------------------------------

_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
    | st.text(st.characters(categories=("Cs", "Cc", "Cf", "Lo")), max_size=3)
    | st.sampled_from(
        [
            "finalised",
            "draft",
            "share",
            "do_not_share",
            "0001-01-01T00:00:00Z",
            "2025-01-01",
            "2199-12-31T23:59:59+14:00",
            "yes",
            "",
            "0" * 64,
        ]
    )
)
_values = st.recursive(
    _leaves,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def _places(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for name, child in value.items():
            found += _places(child, (*prefix, name))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _places(child, (*prefix, index))
    return found


def _mutate(document: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    mutated = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="mutations")):
        place = data.draw(st.sampled_from(_places(mutated)[1:]), label="place")
        parent: Any = mutated
        for step in place[:-1]:
            parent = parent[step]
        how = data.draw(st.sampled_from(["replace", "remove", "copy", "add"]), label="how")
        if how == "replace":
            parent[place[-1]] = data.draw(_values, label="value")
        elif how == "remove":
            del parent[place[-1]]
        elif how == "copy":
            # Another genuine value from elsewhere in the file: the forger's favourite move.
            source = data.draw(st.sampled_from(_places(document)[1:]), label="from")
            value: Any = document
            for step in source:
                value = value[step]
            parent[place[-1]] = copy.deepcopy(value)
        elif isinstance(parent[place[-1]], dict):
            parent[place[-1]][data.draw(st.text(max_size=8))] = data.draw(_values)
    return mutated


class _Targets:
    """A store to import into, replaced by a fresh one once a success has used up its ids."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.number = 0
        self.store = self._fresh()

    def _fresh(self) -> RecordStore:
        self.number += 1
        store = RecordStore.open(
            self.folder / f"{self.number}.db", secrets.token_bytes(32), create=True
        )
        store.use_signer(INSTALLATION)
        return store

    def renew(self) -> None:
        self.store.close()
        self.store = self._fresh()


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Targets]:
    made = _Targets(tmp_path_factory.mktemp("fuzz"))
    yield made
    made.store.close()


def _genuine_hashes(document: dict[str, Any]) -> set[str]:
    return {
        record["seal"]["hash"] for record in document["records"] if record.get("seal") is not None
    }


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_mutation_of_an_export_gets_a_forged_finalised_record_in_or_raises(
    targets: _Targets, sealed_document: dict[str, Any], data: st.DataObject
) -> None:
    mutated = _mutate(sealed_document, data)
    text = json.dumps(mutated)
    store = targets.store
    before = _state(store)
    try:
        result = import_records(store, text)
    except ImportRefused as refusal:
        event("refused")
        assert str(refusal).endswith("— nothing was imported")
        assert _state(store) == before
        return
    event("imported")
    genuine = _genuine_hashes(sealed_document)
    for record_id in result.record_ids:
        record = store.get(record_id)
        if record.is_final:
            # Whatever the file's seal says, what got in is exactly what this installation sealed.
            assert seal_hash(Consultation.model_validate(record.model_dump())) in genuine
    assert store.verify_audit().ok
    targets.renew()
