"""The Textual application: screens for modes, one widget per module."""
