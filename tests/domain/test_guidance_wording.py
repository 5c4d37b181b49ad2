"""The pack words every note the reasoning can raise, and cites sources a practitioner can look up:
the 2024 golden rules in 2024 order, each publisher's own title, no "seed page"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from consult_tui.domain.advice_rules import NOTE_PARAMS
from consult_tui.domain.guidance import PackError, default_pack, load_pack

DFE_2024 = (
    "DfE, Information sharing: advice for practitioners providing safeguarding services for "
    "children, young people, parents and carers (May 2024)"
)


def shipped_text() -> str:
    return (
        Path(__file__).parents[2] / "src" / "consult_tui" / "guidance" / "default.toml"
    ).read_text(encoding="utf-8")


def write_pack(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "our-pack.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_note_the_rules_can_raise_is_worded_in_the_shipped_pack() -> None:
    pack = default_pack()
    assert set(pack.notes) == set(NOTE_PARAMS)
    for note in pack.notes.values():
        assert note.cites, note.id
        assert set(note.cites) <= set(pack.points)


def test_a_pack_without_a_note_the_rules_raise_is_refused(tmp_path: Path) -> None:
    text = re.sub(
        r'\[\[notes\]\]\nid = "whole-file"\n', '[[notes]]\nid = "whole-file-gone"\n', shipped_text()
    )
    with pytest.raises(PackError) as error:
        load_pack(write_pack(tmp_path, text))
    message = str(error.value)
    assert 'no [[notes]] entry with id "whole-file"' in message
    assert '"whole-file-gone" is not a note the reasoning raises' in message


def test_a_note_with_a_place_the_rules_do_not_fill_is_refused(tmp_path: Path) -> None:
    text = shipped_text().replace(
        "The information proposed for sharing asks for", "{name} asks for"
    )
    with pytest.raises(PackError) as error:
        load_pack(write_pack(tmp_path, text))
    assert '"{name}" is not a place this note fills ({phrase})' in str(error.value)


def test_a_partnership_can_reword_a_note(tmp_path: Path) -> None:
    text = shipped_text().replace(
        "Sharing does not mean sending everything",
        "Our partnership asks you to send only what is needed",
    )
    pack = load_pack(write_pack(tmp_path, text))
    assert "Our partnership asks" in pack.notes["whole-file"].text


def test_no_citation_points_at_a_seed_page() -> None:
    for point in default_pack().points.values():
        assert "seed page" not in point.source.casefold(), point.id
        assert point.source.strip(), point.id


def test_the_2024_golden_rules_are_cited_in_2024_order() -> None:
    points = default_pack().points
    order = [
        "dfe-2024-protection-first",  # protection before privacy
        "dfe-open-and-honest",  # engage where practicable and safe
        "dfe-consent-and-basis",  # no consent needed where there is a risk or perceived risk
        "dfe-seek-advice",  # seek advice promptly
        "dfe-2024-protect-identity",  # protect identities
        "dfe-necessary-proportionate",  # only what is relevant, with those who have a role
        "dfe-record",  # record
    ]
    for number, point_id in enumerate(order, start=1):
        assert points[point_id].source == f"{DFE_2024}, golden rule {number}", point_id
    # No other point claims a golden-rule number of the 2024 advice.
    numbered = {p.id for p in points.values() if re.search(r"golden rules? \d", p.source)}
    assert numbered - set(order) <= {"adult-only-information", "telling-increases-risk"}


def test_sources_are_named_as_their_publishers_title_them() -> None:
    sources = " ".join(p.source for p in default_pack().points.values())
    assert DFE_2024 in sources
    assert "ICO, A 10 step guide to sharing information to safeguard children (2023)" in sources
    assert "Sharing information about children, young people and their families" in sources


def test_forced_marriage_is_statutory_guidance_and_marriage_under_18_an_offence() -> None:
    points = default_pack().points
    assert "Multi-agency statutory guidance for dealing with forced marriage (2023" in (
        points["forced-marriage-one-chance"].source
    )
    assert "27 February 2023" in points["forced-marriage-under-18"].summary


def test_the_fgm_duty_is_one_month_in_law_and_next_working_day_as_good_practice() -> None:
    point = default_pack().points["fgm-mandatory-reporting"]
    assert "section 5B" in point.source
    assert "one month" in point.summary
    assert "next working day" in point.summary and "good practice" in point.summary


def test_the_pack_version_moved_on_with_the_wording() -> None:
    assert default_pack().version == "2024.2"
