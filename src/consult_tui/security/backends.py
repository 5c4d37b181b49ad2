"""The keyring backends consult-tui drives directly, made safe: no prompts of their own.

Everything that imports keyring, keyrings.cryptfile, secretstorage or jeepney does so inside a
function, so importing this module costs nothing before the first frame is painted.
"""

from __future__ import annotations

import configparser
import enum
import functools
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import compat
from .errors import KeyringLocked, NoKeyringBackend

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SECRETS_BUS_NAME = "org.freedesktop.secrets"
DEFAULT_COLLECTION_PATH = "/org/freedesktop/secrets/aliases/default"
COLLECTION_INTERFACE = "org.freedesktop.Secret.Collection"
PROBE_TIMEOUT_SECONDS = 5.0

_NOT_REACHABLE_ERRORS = frozenset(
    {
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.NameHasNoOwner",
        "org.freedesktop.DBus.Error.NoReply",
        "org.freedesktop.DBus.Error.TimedOut",
        "org.freedesktop.DBus.Error.Spawn.ChildExited",
        "org.freedesktop.DBus.Error.Spawn.ExecFailed",
    }
)

SECRET_SERVICE_LOCKED = (
    "Your desktop keyring (the Secret Service's default collection) is locked. Unlock it, for "
    "example by logging in to the desktop or with your keyring app, and try again; or set "
    "CONSULT_TUI_KEYRING=cryptfile to keep keys in an encrypted file instead."
)
_FILE_STORE_LOCKED = "The encrypted key store is locked. Unlock it with its passphrase first."


class SecretServiceState(enum.Enum):
    """What a quick look at the session bus found, without prompting anyone."""

    NO_BUS = "no session bus"
    NO_SERVICE = "no Secret Service on the session bus"
    NO_DEFAULT_COLLECTION = "no default collection"
    LOCKED = "default collection locked"
    UNLOCKED = "default collection unlocked"


def probe_secret_service(timeout: float = PROBE_TIMEOUT_SECONDS) -> SecretServiceState:
    """Ask the session bus whether the Secret Service's default collection is there and unlocked.

    One property read with a timeout: it never creates a collection and never asks for an unlock
    prompt (both of which secretstorage's get_default_collection and keyring may do), so it is
    safe on a headless server whose bus can start gnome-keyring on demand.
    """
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return SecretServiceState.NO_BUS
    try:
        from jeepney import DBusAddress, HeaderFields, MessageType, Properties
        from jeepney.auth import AuthenticationError
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return SecretServiceState.NO_SERVICE
    try:
        connection = open_dbus_connection(bus="SESSION")
    except (OSError, ValueError, KeyError, AuthenticationError):
        return SecretServiceState.NO_BUS
    collection = DBusAddress(
        DEFAULT_COLLECTION_PATH, bus_name=SECRETS_BUS_NAME, interface=COLLECTION_INTERFACE
    )
    with connection:
        try:
            reply = connection.send_and_get_reply(
                Properties(collection).get("Locked"), timeout=timeout
            )
        except (TimeoutError, OSError):
            return SecretServiceState.NO_SERVICE
    if reply.header.message_type == MessageType.error:
        error_name = reply.header.fields.get(HeaderFields.error_name, "")
        if error_name in _NOT_REACHABLE_ERRORS or error_name.startswith(
            "org.freedesktop.DBus.Error.Spawn."
        ):
            return SecretServiceState.NO_SERVICE
        return SecretServiceState.NO_DEFAULT_COLLECTION
    ((_signature, locked),) = reply.body
    return SecretServiceState.LOCKED if locked else SecretServiceState.UNLOCKED


def encrypted_file_keyring(path: Path) -> KeyringBackend:
    """A CryptFileKeyring on our file that cannot prompt and writes its file atomically."""
    keyring = _guarded_cryptfile_class()()
    # file_path is a non-data property on the library's file backend: an instance attribute
    # replaces the default under $XDG_DATA_HOME/python_keyring.
    keyring.file_path = str(path)
    return keyring


def set_passphrase_unchecked(keyring: KeyringBackend, passphrase: str) -> None:
    """Give an encrypted-file keyring its passphrase without decrypting its check value.

    keyrings.cryptfile's ``keyring_key`` setter proves the passphrase by decrypting a check
    value (one Argon2 derivation); reading a key costs another. When a key is about to be read
    anyway, its own authenticated decryption proves the passphrase just as well, so the setter
    is passed by (through compat.py: the library's private ``_keyring_key``).
    """
    compat.set_cryptfile_passphrase(keyring, passphrase)


def secret_service_keyring() -> KeyringBackend:
    """keyring's Secret Service backend, reporting a locked collection instead of prompting."""
    return _quiet_secret_service_class()()


def keyring_file_holds_passphrase_check(path: Path) -> bool | None:
    """Whether the key store file is ready (True), not made yet (False) or unreadable (None).

    Reads only the plaintext section names, so it needs no passphrase.
    """
    from keyrings.cryptfile.escape import escape as escape_for_ini

    if not path.exists() or path.stat().st_size == 0:
        return False
    parser = _read_key_file_names(path)
    if parser is None:
        return None
    return (
        True
        if parser.has_option(
            escape_for_ini("keyring-setting"), escape_for_ini("password reference")
        )
        else None
    )


def keyring_file_names(path: Path, service: str, name: str) -> bool:
    """Whether the key store file holds an entry called ``name`` (its value stays encrypted).

    Entry names are plaintext section and option names in the file, so this needs no passphrase.
    """
    from keyrings.cryptfile.escape import escape as escape_for_ini

    if not path.exists() or path.stat().st_size == 0:
        return False
    parser = _read_key_file_names(path)
    return parser is not None and parser.has_option(escape_for_ini(service), escape_for_ini(name))


def _read_key_file_names(path: Path) -> configparser.RawConfigParser | None:
    """The key store file's sections and names (values stay encrypted); None if unreadable."""
    parser = configparser.RawConfigParser()
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    return parser


def write_private_file_atomically(path: Path, text: str) -> None:
    """Replace a file in one step with a 0600 copy, so a crash never leaves half a key store."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".keyring-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


@functools.cache
def _guarded_cryptfile_class() -> type[KeyringBackend]:
    import io

    from keyring.compat import properties
    from keyring.errors import PasswordDeleteError
    from keyrings.cryptfile.cryptfile import CryptFileKeyring
    from keyrings.cryptfile.escape import escape as escape_for_ini

    def read_config(file_path: str) -> configparser.RawConfigParser:
        # read_file (not read) so an unreadable file raises instead of being taken as empty and
        # then overwritten with a single entry.
        parser = configparser.RawConfigParser()
        if os.path.exists(file_path):
            with open(file_path, encoding="utf-8") as handle:
                parser.read_file(handle)
        return parser

    def write_config(file_path: str, parser: configparser.RawConfigParser) -> None:
        buffer = io.StringIO()
        parser.write(buffer)
        write_private_file_atomically(Path(file_path), buffer.getvalue())

    class ConsultCryptFileKeyring(CryptFileKeyring):
        """CryptFileKeyring that never asks for a passphrase itself and never rewrites in place.

        The library falls back to getpass whenever its key is unset, which would draw over a
        Textual screen or fail with EOFError without a terminal; here that is an error instead.
        """

        @properties.classproperty
        def priority(cls) -> float:
            raise RuntimeError("consult-tui selects this backend explicitly, never by priority")

        def _get_new_password(self) -> str:
            raise KeyringLocked(_FILE_STORE_LOCKED)

        def _unlock(self) -> None:
            if not compat.cryptfile_passphrase_given(self):
                raise KeyringLocked(_FILE_STORE_LOCKED)
            super()._unlock()

        def _write_config_value(self, service: str, key: str, value: str) -> None:
            parser = read_config(self.file_path)
            section = escape_for_ini(service)
            if not parser.has_section(section):
                parser.add_section(section)
            parser.set(section, escape_for_ini(key), value)
            write_config(self.file_path, parser)

        def delete_password(self, service: str, username: str) -> None:
            parser = read_config(self.file_path)
            section = escape_for_ini(service)
            if not parser.has_section(section) or not parser.remove_option(
                section, escape_for_ini(username)
            ):
                raise PasswordDeleteError("Password not found")
            write_config(self.file_path, parser)

    return ConsultCryptFileKeyring


@functools.cache
def _quiet_secret_service_class() -> type[KeyringBackend]:
    import secretstorage
    from keyring.backends.SecretService import Keyring as SecretServiceKeyring
    from keyring.compat import properties

    class ConsultSecretServiceKeyring(SecretServiceKeyring):
        """keyring's Secret Service backend without its unlock prompt or collection creation.

        A prompt would block a worker until someone answers a desktop dialog that, over SSH,
        nobody can see; a locked keyring is reported to the person instead.
        """

        appid = "consult-tui"

        @properties.classproperty
        def priority(cls) -> float:
            raise RuntimeError("consult-tui selects this backend explicitly, never by priority")

        def get_preferred_collection(self) -> Any:
            connection = secretstorage.dbus_init()
            try:
                collection = secretstorage.Collection(connection)
                locked = collection.is_locked()
            except secretstorage.exceptions.SecretStorageException:
                connection.close()
                raise NoKeyringBackend(
                    "The Secret Service has no default keyring (collection). Create one with "
                    "your keyring app, or set CONSULT_TUI_KEYRING=cryptfile."
                ) from None
            if locked:
                connection.close()
                raise KeyringLocked(SECRET_SERVICE_LOCKED)
            return collection

    return ConsultSecretServiceKeyring
