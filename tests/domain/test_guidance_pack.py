"""The shipped guidance pack, and the plain errors a partnership sees when its own pack is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_tui.domain.guidance import (
    CONSENT_POINT_IDS,
    QUESTION_IDS,
    REQUIRED_POINT_IDS,
    PackError,
    default_pack,
    load_pack,
    parse_pack,
)
from consult_tui.domain.record import Consultation


def shipped_text() -> str:
    return (
        Path(__file__).parents[2] / "src" / "consult_tui" / "guidance" / "default.toml"
    ).read_text(encoding="utf-8")


def write_pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "our-pack.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_number(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


# -- the shipped pack ------------------------------------------------------------------------


def test_the_shipped_pack_loads_and_is_cached() -> None:
    pack = load_pack()
    assert pack is default_pack()
    assert pack.name and pack.version
    assert pack.long_sentence_words >= 5


def test_the_shipped_pack_has_the_five_key_points_and_five_common_core_tips() -> None:
    pack = default_pack()
    assert [k.id for k in pack.key_points] == [
        "openness",
        "family-wishes",
        "if-in-doubt",
        "quality",
        "record-reason",
    ]
    assert len(pack.communication_tips) == 5
    assert all(item.text and item.help for item in pack.key_points + pack.communication_tips)


def test_the_shipped_pack_words_all_five_questions_with_every_answer() -> None:
    pack = default_pack()
    assert [q.id for q in pack.questions] == list(QUESTION_IDS)
    for question in pack.questions:
        assert question.help
        assert set(question.answers) == set(question.meanings)
        assert "not_known" in question.answers
    assert pack.answer_label("safer_if_shared", "low") == "A little"
    assert pack.answer_label("safer_if_shared", "high") == "Much safer"


def test_the_consent_points_are_the_records_informed_consent_fields() -> None:
    assert [c.id for c in default_pack().consent_points] == list(CONSENT_POINT_IDS)


def test_every_guidance_point_names_its_source_and_the_reasoning_finds_its_points() -> None:
    pack = default_pack()
    assert set(pack.points) >= REQUIRED_POINT_IDS
    for point in pack.points.values():
        assert point.title and point.summary and point.source
        assert len(point.summary) < 600  # a short paragraph in our words, not a quotation


def test_the_glossary_covers_common_uk_safeguarding_abbreviations() -> None:
    glossary = default_pack().glossary
    assert len(glossary) >= 80
    for term in (
        "CIN", "CP", "CPP", "CLA", "LAC", "LADO", "MASH", "EHA", "DSL", "s17", "s47", "NFA",
        "CSE", "CCE", "FGM", "DA", "MARAC", "IDVA", "PLO", "ICPC", "RCPC", "CAMHS", "SEND",
        "EHCP", "TAF",
    ):  # fmt: skip
        assert term in glossary, term
        assert glossary[term].meaning and glossary[term].plain
    assert glossary["CAMHS"].meaning == "Child and Adolescent Mental Health Services"


def test_the_jargon_list_includes_the_phrases_the_seed_page_warns_about() -> None:
    jargon = default_pack().jargon
    for phrase in (
        "proportionality",
        "threshold",
        "presenting as",
        "disguised compliance",
        "safeguarding concerns were raised",
    ):
        assert jargon[phrase]


def test_key_point_ids_fit_the_records_checklist_field() -> None:
    record = Consultation(key_points_checked=[k.id for k in default_pack().key_points])
    assert Consultation.from_json(record.to_json()).key_points_checked == record.key_points_checked


def test_a_partnership_copy_of_the_pack_loads_from_its_path(tmp_path: Path) -> None:
    text = shipped_text().replace('name = "England default"', 'name = "Northshire LSCP"')
    pack = load_pack(write_pack(tmp_path, text))
    assert pack.name == "Northshire LSCP"
    assert pack.source.endswith("our-pack.toml")


# -- errors a partnership sees ---------------------------------------------------------------


def test_bad_toml_is_reported_with_the_file_and_line(tmp_path: Path) -> None:
    text = shipped_text().replace('title = "Be open with the family"', 'title = "Be open', 1)
    path = write_pack(tmp_path, text)
    expected_line = line_number(text, 'title = "Be open')

    with pytest.raises(PackError) as caught:
        load_pack(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"line {expected_line}" in message
    assert "not valid TOML" in message


def test_an_unknown_citation_id_is_named_with_its_place(tmp_path: Path) -> None:
    text = shipped_text().replace(
        'cites = ["seed-openness", "dfe-open-and-honest"]',
        'cites = ["seed-openness", "no-such-point"]',
    )
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    message = str(caught.value)
    assert '[[key_points]] "openness"' in message
    assert 'cites "no-such-point", which is not a guidance point in this pack' in message
    assert f"(line {line_number(text, '[[key_points]]')})" in message


def test_a_missing_question_is_reported(tmp_path: Path) -> None:
    text = shipped_text().replace('id = "can_wait"', 'id = "can_wait_later"')
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    message = str(caught.value)
    assert '"can_wait_later" is not one of the five questions' in message
    assert 'no [[questions]] entry for "can_wait"' in message


def test_a_duplicate_acronym_is_reported_with_both_places(tmp_path: Path) -> None:
    text = shipped_text() + (
        '\n[[glossary]]\nterm = "cin"\nmeaning = "Child in need"\nplain = "Again."\n'
    )
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    message = str(caught.value)
    first = line_number(text, 'term = "CIN"') - 1  # the [[glossary]] header above it
    assert '("cin")' in message
    assert f'"cin" is already defined at entry 1 (line {first})' in message


def test_a_missing_field_is_reported(tmp_path: Path) -> None:
    text = shipped_text().replace('meaning = "Child Protection"\n', "", 1)
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    assert '[[glossary]] entry 2 ("CP")' in str(caught.value)
    assert 'missing "meaning"' in str(caught.value)


def test_a_missing_answer_label_is_reported(tmp_path: Path) -> None:
    text = shipped_text().replace('high = "Much safer"\n', "", 1)
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    message = str(caught.value)
    assert '[[questions]] "safer_if_shared"' in message
    assert 'answers has no text for the answer "high"' in message


def test_a_guidance_point_the_reasoning_cites_cannot_be_left_out(tmp_path: Path) -> None:
    text = shipped_text().replace('id = "fgm-mandatory-reporting"', 'id = "fgm-duty"')
    text = text.replace('"fgm-mandatory-reporting"', '"fgm-duty"')
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    assert 'no guidance point "fgm-mandatory-reporting"; the reasoning cites it' in str(
        caught.value
    )


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    text = shipped_text().replace('meaning = "Child Protection"\n', "", 1)
    text = text.replace('id = "can_wait"', 'id = "wait"')
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    message = str(caught.value)
    assert "cannot be used (3 problems)" in message
    assert message.count("\n- ") == 3


def test_a_wrong_path_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"does not exist\. Check \[guidance\] pack"):
        load_pack(tmp_path / "missing.toml")
    with pytest.raises(PackError, match="is a folder"):
        load_pack(tmp_path)


def test_a_long_sentence_limit_must_be_a_sensible_number(tmp_path: Path) -> None:
    text = shipped_text().replace("long_sentence_words = 25", 'long_sentence_words = "long"')
    with pytest.raises(PackError, match="long_sentence_words"):
        load_pack(write_pack(tmp_path, text))


def test_a_misspelt_key_is_named_with_its_entry_and_line(tmp_path: Path) -> None:
    text = shipped_text().replace("summary = ", "sumary = ", 1)
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    message = str(caught.value)
    assert (
        f'[[points]] "seed-openness" (line {line_number(text, "sumary = ")}): '
        'unknown key "sumary" (did you mean "summary"?'
    ) in message
    assert f'(line {line_number(text, "[[points]]")}): missing "summary".' in message


def test_a_number_where_text_belongs_is_named_with_its_entry_and_line(tmp_path: Path) -> None:
    text = shipped_text().replace('title = "How at risk is the child?"', "title = 3")
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    expected_line = line_number(text, "title = 3")
    assert f'[[questions]] "risk" (line {expected_line}): "title" must be text in quotes.' in str(
        caught.value
    )


def test_a_blank_answer_label_points_at_its_own_line(tmp_path: Path) -> None:
    text = shipped_text().replace('high = "Much safer"', 'high = "  "')
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    expected_line = line_number(text, 'high = "  "')
    assert f'[[questions]] "safer_if_shared" (line {expected_line}): "answers.high" is empty.' in (
        str(caught.value)
    )


def test_a_misspelt_section_is_named_and_what_it_left_missing_is_listed_too(
    tmp_path: Path,
) -> None:
    text = shipped_text().replace("[[consent_points]]", "[[consent_point]]", 1)
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    message = str(caught.value)
    assert "cannot be used (2 problems)" in message
    assert f'(line {line_number(text, "[[consent_point]]")}): unknown section "consent_point"' in (
        message
    )
    assert 'no [[consent_points]] entry with id "what_will_happen"' in message


def test_an_entry_with_a_bad_shape_is_not_also_blamed_as_missing(tmp_path: Path) -> None:
    text = shipped_text().replace('title = "Is the risk imminent?"', "title = true")
    text = text.replace('summary = "Tell the people', 'summary = """"""\nx = "', 1)
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, text))
    message = str(caught.value)
    assert "no [[questions]] entry" not in message
    assert "which is not a guidance point" not in message
    assert '[[points]] "seed-openness"' in message and '"summary" is empty.' in message
    assert '[[questions]] "imminent"' in message


def test_a_pack_that_is_not_tables_at_all_is_refused_in_plain_words() -> None:
    with pytest.raises(PackError) as caught:
        parse_pack('pack = "x"\npoints = [1, 2]\n', "our-pack.toml")
    message = str(caught.value)
    assert '"pack" must be a [pack] table' in message
    assert '"points" must be written as [[points]] tables' in message
    assert "no [[notes]] entries" in message
    assert "Traceback" not in message and "pydantic" not in message
