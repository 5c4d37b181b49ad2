"""Stories about choosing a key store, naming keys, and keeping keyring off the first frame."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from consult_tui.config import load_settings
from consult_tui.security.keys import (
    CryptFileKeyStore,
    KeyStoreError,
    database_key_name,
    select_keystore,
)


def test_the_key_store_chosen_in_the_settings_is_the_one_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "cryptfile")
    settings = load_settings()

    store = select_keystore(settings.keyring_backend, paths=settings.paths)

    assert isinstance(store, CryptFileKeyStore)
    assert store.keyring_file == settings.paths.cryptfile_keyring
    assert store.keyring_file.parent == settings.paths.data_dir
    assert "chosen in the settings" in store.why_chosen


def test_an_unknown_key_store_is_refused_with_the_choices() -> None:
    with pytest.raises(KeyStoreError, match="auto, secretservice or cryptfile"):
        select_keystore("kwallet")


def test_a_key_is_filed_under_a_hash_of_the_database_s_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    by_full_path = database_key_name(tmp_path / "Smith family.db")

    assert database_key_name(Path("Smith family.db")) == by_full_path
    assert database_key_name(tmp_path / "sub" / ".." / "Smith family.db") == by_full_path
    assert database_key_name(tmp_path / "Jones family.db") != by_full_path
    prefix, digest = by_full_path.split(":")
    assert prefix == "db-key"
    assert len(digest) == 16
    assert int(digest, 16) >= 0
    assert "Smith" not in by_full_path


def test_choosing_the_key_store_does_not_load_keyring_before_unlock() -> None:
    # The unlock screen shows the store's name and whether it is a first run; none of that may
    # cost the ~150 ms of importing keyring and its backends.
    script = (
        "import json, sys\n"
        "from consult_tui.security.keys import select_keystore\n"
        "store = select_keystore('auto')\n"
        "facts = [store.backend_name, store.needs_passphrase, store.first_run]\n"
        "loaded = sorted(m for m in sys.modules\n"
        "                if m.split('.')[0] in ('keyring', 'secretstorage', 'jeepney'))\n"
        "print(json.dumps(loaded))\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}

    finished = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
        timeout=60,
    )

    assert json.loads(finished.stdout) == []


def test_a_test_sees_only_its_own_folders_and_no_outside_settings(tmp_path: Path) -> None:
    from consult_tui.paths import app_paths

    paths = app_paths()

    for folder in (paths.data_dir, paths.config_file, paths.crash_dir):
        assert folder.is_relative_to(tmp_path)
    leftover = [
        name
        for name in os.environ
        if name.startswith("CONSULT_TUI_") and name != "CONSULT_TUI_REQUIRE_REAL"
    ]
    assert leftover == []
    assert "DBUS_SESSION_BUS_ADDRESS" not in os.environ


def test_test_isolation_holds_when_the_developer_has_settings_of_their_own(
    tmp_path: Path,
) -> None:
    repository = Path(__file__).resolve().parents[2]
    developer_environment = dict(
        os.environ,
        CONSULT_TUI_DB=str(tmp_path / "real-records.db"),
        CONSULT_TUI_KEYRING="secretservice",
        CONSULT_TUI_PASSPHRASE="the developer's own passphrase",
        CONSULT_TUI_CONFIG=str(tmp_path / "real-config.toml"),
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path / 'real-bus'}",
        XDG_DATA_HOME=str(tmp_path / "real-data"),
        XDG_CONFIG_HOME=str(tmp_path / "real-config"),
    )

    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{Path(__file__).resolve()}::test_a_test_sees_only_its_own_folders_and_no_outside_settings",
        ],
        capture_output=True,
        text=True,
        cwd=repository,
        env=developer_environment,
        timeout=120,
    )

    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "1 passed" in finished.stdout
