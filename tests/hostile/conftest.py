"""Fixtures for the hostile inputs (see hostile_helpers.py for what they set up)."""

from tests.hostile.hostile_helpers import home, made_home, small_disk

__all__ = ["home", "made_home", "small_disk"]  # fixtures, imported so pytest can find them
