"""Fixtures for the record-store stories: a random key and a fresh store in a private folder."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from consult_tui.security.signing import InstallationKey
from consult_tui.store.repository import RecordStore


@pytest.fixture
def key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "consultations.db"


@pytest.fixture
def installation() -> InstallationKey:
    """This installation's signing key (the app takes it from the key store)."""
    return InstallationKey.generate()


@pytest.fixture
def store(db_path: Path, key: bytes, installation: InstallationKey) -> Iterator[RecordStore]:
    opened = RecordStore.open(db_path, key, create=True)
    opened.use_signer(installation)
    yield opened
    opened.close()
