"""The installation's signing key: Ed25519, made once and kept in the key store beside the
database keys, so that a finalised record can be proved to come from this installation.

The private key never leaves the key store except in memory; the public key (32 bytes, shown in
base64) is printed by `consult-tui doctor` and carried in every export, so a recipient can check
a record against it. A key from another installation is trusted only when listed in the config
(`[security] trusted_keys`).
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import KeyStoreError

if TYPE_CHECKING:
    from .keys import KeyStore

ALGORITHM = "Ed25519"
# Filed in the key store under this name (names are stored in plaintext: nothing about a case).
SIGNING_KEY_NAME = "signing-key:ed25519"
_RAW_BYTES = 32


class InstallationKey:
    """The private half, able to sign; its public half as text is `public_key`."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        raw = private.public_key().public_bytes_raw()
        self.public_key = base64.b64encode(raw).decode("ascii")

    @classmethod
    def generate(cls) -> InstallationKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_hex(cls, text: str) -> InstallationKey:
        raw = bytes.fromhex(text)
        if len(raw) != _RAW_BYTES:
            raise ValueError("a signing key is 32 bytes")
        return cls(Ed25519PrivateKey.from_private_bytes(raw))

    def to_hex(self) -> str:
        return self._private.private_bytes_raw().hex()

    def sign(self, message: bytes) -> str:
        """The signature of ``message``, in base64."""
        return base64.b64encode(self._private.sign(message)).decode("ascii")


def verify(public_key: str, signature: str, message: bytes) -> bool:
    """Whether ``signature`` (base64) over ``message`` was made by ``public_key`` (base64).

    Anything malformed (not base64, wrong length) is simply not a valid signature.
    """
    try:
        raw_key = base64.b64decode(public_key, validate=True)
        raw_signature = base64.b64decode(signature, validate=True)
        if len(raw_key) != _RAW_BYTES:
            return False
        Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_signature, message)
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True


def is_public_key(text: object) -> bool:
    """A well-formed public key: base64 of 32 bytes."""
    if not isinstance(text, str) or len(text) != 44:
        return False
    try:
        return len(base64.b64decode(text, validate=True)) == _RAW_BYTES
    except (binascii.Error, ValueError):
        return False


def installation_key(keystore: KeyStore) -> InstallationKey:
    """This installation's key from the (unlocked) key store, made and kept on first use.

    The new key is read back before it is used, as a database key is: a signature nobody can
    check again later is worse than none.
    """
    stored = keystore._read(SIGNING_KEY_NAME)
    if stored is not None:
        try:
            return InstallationKey.from_hex(stored)
        except ValueError:
            raise KeyStoreError(
                "The installation's signing key in the key store is damaged. Restore the key "
                "store from your backup."
            ) from None
    made = InstallationKey.generate()
    keystore.keep(SIGNING_KEY_NAME, made.to_hex(), "The installation's signing key")
    return made
