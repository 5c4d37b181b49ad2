"""The key store's errors: each one's message is a plain sentence saying what to do next."""

from __future__ import annotations


class KeyStoreError(Exception):
    """The database key cannot be reached; str() tells the person what to do about it."""


class WrongPassphrase(KeyStoreError):
    """The passphrase does not open the encrypted key store file."""


class KeyringLocked(KeyStoreError):
    """The key store is locked: the desktop keyring, or the file store before unlock()."""


class NoKeyringBackend(KeyStoreError):
    """No key store can be used here, or the one that was asked for is not available."""


class KeyMissing(KeyStoreError):
    """There is no key for this database, and consult-tui must not (or cannot) make one."""


class WeakPassphrase(KeyStoreError):
    """A new passphrase is too easy to guess; the message says why and what would do."""


class PassphraseUnavailable(KeyStoreError):
    """A passphrase is needed, but there is no CONSULT_TUI_PASSPHRASE and no terminal to ask on."""
