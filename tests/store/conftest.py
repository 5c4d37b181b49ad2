"""Fixtures for the record-store stories: a random key and a fresh store in a private folder."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from consult_tui.store.repository import RecordStore


@pytest.fixture
def key() -> bytes:
    return secrets.token_bytes(32)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "consultations.db"


@pytest.fixture
def store(db_path: Path, key: bytes) -> Iterator[RecordStore]:
    opened = RecordStore.open(db_path, key, create=True)
    yield opened
    opened.close()
