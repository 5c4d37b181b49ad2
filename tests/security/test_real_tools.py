"""Stories about tests that need real programs: skipped on a laptop without them, failed in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import real_tools


@pytest.fixture
def nothing_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(real_tools, "_EXTRA_DIRECTORIES", str(empty))


def test_a_missing_program_skips_the_test_and_names_the_package(
    nothing_installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONSULT_TUI_REQUIRE_REAL", raising=False)

    with pytest.raises(pytest.skip.Exception, match=r"apt-get install .*openssh-server"):
        real_tools.require_tool("sshd")


def test_a_missing_program_fails_the_test_when_real_components_are_required(
    nothing_installed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSULT_TUI_REQUIRE_REAL", "1")

    with pytest.raises(pytest.fail.Exception, match=r"apt-get install .*gnome-keyring"):
        real_tools.require_tool("gnome-keyring-daemon")


def test_an_installed_program_is_found_with_its_full_path(tmp_path: Path) -> None:
    # Every machine that runs these tests has a shell.
    found = real_tools.require_tool("sh")

    assert Path(found).is_absolute()
    assert Path(found).name == "sh"
