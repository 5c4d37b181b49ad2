"""Fixtures for the review stories: a fresh store with a random key in a private folder."""

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
def store(tmp_path: Path, key: bytes) -> Iterator[RecordStore]:
    opened = RecordStore.open(tmp_path / "store" / "consultations.db", key, create=True)
    yield opened
    opened.close()
