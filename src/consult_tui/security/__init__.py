"""Credentials: the keyring backend, the database key, unlock and lock."""
