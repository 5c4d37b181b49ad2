"""Stories of finding people however their names were typed: Zoë or Zoe, Łukasz or Lukasz."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult_tui.store.repository import RecordStore
from consult_tui.store.search import ReviewQuery, fold, search_terms, words
from tests.review.review_helpers import consultation

NAMES = [
    ("Zoë", "zoe"),
    ("Siobhán", "siobhan"),
    ("Łukasz", "lukasz"),
    ("Nguyễn", "nguyen"),
    ("Bjørn", "bjorn"),
    ("Straße", "strasse"),
    ("Đặng", "dang"),
]


@pytest.mark.parametrize(("written", "plain"), NAMES)
def test_folding_makes_each_spelling_the_same_word(written: str, plain: str) -> None:
    assert fold(written) == plain
    assert fold(written.upper()) == plain
    assert fold(plain) == plain


def test_words_split_case_references_as_the_index_does() -> None:
    assert words("HV-2291/b") == ["hv", "2291", "b"]
    assert words("O'Brien_Łukasz") == ["o", "brien", "lukasz"]


def test_non_latin_names_are_kept_as_words() -> None:
    assert words("Олена Ковальчук") == ["олена", "ковальчук"]
    assert words("محمد") == ["محمد"]


def test_a_typed_search_becomes_prefix_terms_except_single_letters() -> None:
    terms = search_terms("zoë  HV-22 a")
    assert [(t.tokens, t.prefix) for t in terms] == [
        (("zoe",), True),
        (("hv", "22"), True),
        (("a",), False),
    ]
    assert search_terms("  --  ") == []


@given(st.text(max_size=40))
@settings(max_examples=60, deadline=None)
def test_folding_is_stable_and_never_grows_accents(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@pytest.mark.parametrize(("written", "plain"), NAMES[:4])
def test_a_name_is_found_by_either_spelling_both_ways(
    store: RecordStore, written: str, plain: str
) -> None:
    accented = consultation(case_reference="A-1", child=f"{written} Mason")
    unaccented = consultation(case_reference="B-1", child=f"{plain.capitalize()} Mason")
    store.save_draft(accented)
    store.save_draft(unaccented)

    for typed in (written, plain, written.upper(), plain[:3]):
        found = {s.case_reference for s in store.review_page(ReviewQuery(text=typed))}
        assert found == {"A-1", "B-1"}, typed
