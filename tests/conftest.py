"""Every test runs with its own XDG folders and none of the caller's consult-tui settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.real_tools import REQUIRE_REAL_ENV, require_tool

# Variables that would let the developer's own session leak into a test: the desktop keyring and
# keyring's own backend override.
_CLEARED = ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")


@dataclass(frozen=True)
class IsolatedFolders:
    data_home: Path
    config_home: Path
    state_home: Path
    cache_home: Path


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IsolatedFolders:
    """Point XDG_* at folders under tmp_path and clear CONSULT_TUI_* and the session bus.

    CONSULT_TUI_REQUIRE_REAL is kept: it describes the test run, not the app.
    """
    root = tmp_path / "xdg"
    folders = IsolatedFolders(
        data_home=root / "data",
        config_home=root / "config",
        state_home=root / "state",
        cache_home=root / "cache",
    )
    for variable, folder in (
        ("XDG_DATA_HOME", folders.data_home),
        ("XDG_CONFIG_HOME", folders.config_home),
        ("XDG_STATE_HOME", folders.state_home),
        ("XDG_CACHE_HOME", folders.cache_home),
    ):
        folder.mkdir(parents=True, mode=0o700)
        monkeypatch.setenv(variable, str(folder))
    for variable in list(os.environ):
        if variable.startswith("CONSULT_TUI_") and variable != REQUIRE_REAL_ENV:
            monkeypatch.delenv(variable)
    for variable in _CLEARED:
        monkeypatch.delenv(variable, raising=False)
    return folders


def pytest_runtest_setup(item: pytest.Item) -> None:
    """`@pytest.mark.real("tmux", ...)` checks each named program before the test starts."""
    for marker in item.iter_markers(name="real"):
        for tool in marker.args:
            require_tool(tool)
