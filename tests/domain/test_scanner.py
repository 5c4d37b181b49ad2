"""The plain-language scanner over text about to be shared."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult_tui.domain.guidance import default_pack
from consult_tui.domain.scanner import Span, SpanKind, apply_expansion, scan


def kinds_and_texts(text: str) -> list[tuple[SpanKind, str]]:
    return [(span.kind, span.text) for span in scan(text)]


def test_a_known_abbreviation_is_offered_its_expansion() -> None:
    [span] = scan("Referred to CAMHS today.")

    assert span.kind is SpanKind.ACRONYM
    assert span.text == "CAMHS"
    assert span.suggestion == "Child and Adolescent Mental Health Services"
    assert span.term == "CAMHS"


def test_accepting_an_expansion_writes_it_out_after_the_abbreviation() -> None:
    text = "Referred to CAMHS today."
    [span] = scan(text)
    assert (
        apply_expansion(text, span)
        == "Referred to CAMHS (Child and Adolescent Mental Health Services) today."
    )


def test_section_numbers_are_abbreviations_too() -> None:
    spans = scan("An s47 enquiry followed the S17 assessment.")
    assert [(s.kind, s.term) for s in spans] == [
        (SpanKind.ACRONYM, "s47"),
        (SpanKind.ACRONYM, "s17"),
    ]


def test_plurals_and_ampersands_are_recognised() -> None:
    assert kinds_and_texts("Two CPPs ended. Seen in A&E.") == [
        (SpanKind.ACRONYM, "CPPs"),
        (SpanKind.ACRONYM, "A&E"),
    ]


def test_unknown_capitals_may_be_read_differently() -> None:
    [span] = scan("The QRT visited on Monday.")

    assert span.kind is SpanKind.UNKNOWN_CAPITALS
    assert span.text == "QRT"
    assert "read QRT differently" in span.suggestion
    assert not span.can_apply


@pytest.mark.parametrize(
    "text",
    [
        "See part II and part IV of the plan.",
        "Plan A was agreed.",
        "I said OK and the UK office agreed.",
        "McDonald and O'Neill attended.",
    ],
)
def test_roman_numerals_single_letters_and_ordinary_capitals_are_left_alone(text: str) -> None:
    assert scan(text) == []


def test_an_abbreviation_the_text_already_explains_is_not_marked() -> None:
    text = (
        "She is open to Child and Adolescent Mental Health Services (CAMHS). "
        "The QRT (quick response team) called. CAMHS will write. The QRT will visit."
    )
    assert scan(text) == []


def test_brackets_that_do_not_explain_the_abbreviation_do_not_hide_it() -> None:
    assert kinds_and_texts("Her GP (Dr Patel) was told.") == [(SpanKind.ACRONYM, "GP")]


def test_jargon_is_found_whatever_the_case_and_offered_plainer_words() -> None:
    text = "Mother Presenting As low. Safeguarding concerns were raised."
    spans = scan(text)

    assert [(s.kind, s.term) for s in spans] == [
        (SpanKind.JARGON, "presenting as"),
        (SpanKind.JARGON, "safeguarding concerns were raised"),
    ]
    assert spans[0].suggestion == "seemed (say what you saw)"


def test_jargon_matches_whole_words_only() -> None:
    assert scan("The thresholds document was updated.") == []  # not "threshold"
    assert scan("The disguised\ncompliance was noted.")[0].term == "disguised compliance"


def test_accepting_plainer_wording_replaces_the_phrase_keeping_a_capital() -> None:
    text = "Presenting as tired."
    [span] = scan(text)
    assert apply_expansion(text, span) == "Seemed (say what you saw) tired."


def test_a_long_sentence_is_marked_with_its_word_count() -> None:
    limit = default_pack().long_sentence_words
    sentence = " ".join(["word"] * (limit + 5)) + "."
    text = f"Short one. {sentence} Another short one."
    [span] = scan(text)

    assert span.kind is SpanKind.LONG_SENTENCE
    assert span.text == sentence
    assert f"{limit + 5} words" in span.suggestion


def test_a_long_sentence_with_an_abbreviation_in_it_marks_the_longest_clear_stretch() -> None:
    limit = default_pack().long_sentence_words
    before = " ".join(["early"] * 4)
    after = " ".join(["later"] * (limit + 2))
    text = f"{before} CAMHS {after}."
    spans = scan(text)

    assert [s.kind for s in spans] == [SpanKind.ACRONYM, SpanKind.LONG_SENTENCE]
    assert spans[1].text == f"{after}."


def test_a_sentence_at_the_limit_is_not_long() -> None:
    limit = default_pack().long_sentence_words
    assert scan(" ".join(["word"] * limit) + ".") == []


def test_a_stale_hint_is_refused_plainly() -> None:
    [span] = scan("Referred to CAMHS.")
    with pytest.raises(ValueError, match="scan the text again"):
        apply_expansion("Referred to the team.", span)


def test_hints_that_need_the_writers_own_words_cannot_be_applied_automatically() -> None:
    [span] = scan("The QRT visited.")
    with pytest.raises(ValueError, match="reword the text yourself"):
        apply_expansion("The QRT visited.", span)


def test_empty_text_has_nothing_to_mark() -> None:
    assert scan("") == []
    assert scan("   \n ") == []


def test_a_partnership_pack_changes_what_is_flagged() -> None:
    plainer = "the children's services team"
    pack = dataclasses.replace(default_pack(), jargon={"front door": plainer})
    assert scan("Call the front door.", pack)[0].suggestion == plainer
    assert scan("Presenting as tired.", pack) == []


# Text made of the pieces the scanner cares about, in any order.
pieces = st.sampled_from(
    [
        "CAMHS", "CIN", "s47", "A&E", "QRT", "II", "OK", "presenting as", "threshold",
        "disguised compliance", "(", ")", "(CIN)", "Child in Need", ".", ". ", "\n", " ", "word",
        "words", "é", "CPPs", "safeguarding concerns were raised", "MASH", "ABCs", "&", "-",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.lists(pieces, max_size=80).map(" ".join), st.text(max_size=400)))
def test_spans_lie_inside_the_text_are_sorted_and_never_overlap(text: str) -> None:
    spans = scan(text)
    reached = 0
    for span in spans:
        assert isinstance(span, Span)
        assert 0 <= reached <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert span.suggestion
        reached = span.end


@settings(max_examples=100, deadline=None)
@given(st.lists(pieces, max_size=60).map(" ".join))
def test_accepting_any_applicable_hint_keeps_the_rest_of_the_text(text: str) -> None:
    for span in scan(text):
        if span.can_apply:
            changed = apply_expansion(text, span)
            assert changed.startswith(text[: span.start])
            assert changed.endswith(text[span.end :])
