"""A private D-Bus session bus and a real gnome-keyring Secret Service for one test at a time.

Use from a test module:

    from tests.secret_service import SecretServiceSession, secret_service, session_bus

    __all__ = ["secret_service", "session_bus"]  # keeps ruff from dropping the fixture imports

`session_bus` starts a bare dbus-daemon (nothing can be auto-started on it) and sets
DBUS_SESSION_BUS_ADDRESS; `secret_service` adds gnome-keyring-daemon with an unlocked default
("login") collection on that bus. Both stop when the test ends. Tests that use them are skipped
when the programs are missing, or fail under CONSULT_TUI_REQUIRE_REAL=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.real_tools import require_tool

STARTUP_DEADLINE_SECONDS = 10.0
LOGIN_KEYRING_PASSWORD = "fixture login keyring password"

# A session bus with no service directories: gnome-keyring and its GUI prompter cannot be
# started behind the test's back, so what runs is exactly what the fixture started.
_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@dataclass
class SessionBus:
    address: str
    process: subprocess.Popen[str]


@dataclass
class SecretServiceSession:
    """The running gnome-keyring, with the few things tests need to look at or do to it."""

    bus: SessionBus
    process: subprocess.Popen[bytes]
    login_password: str = LOGIN_KEYRING_PASSWORD
    log_file: Path = field(default=Path(os.devnull))

    def is_locked(self) -> bool:
        import secretstorage

        with closing(secretstorage.dbus_init()) as connection:
            return secretstorage.Collection(connection).is_locked()

    def lock_default_collection(self) -> None:
        """Lock the login collection, as a screen lock or `secret-tool lock` would."""
        import secretstorage

        with closing(secretstorage.dbus_init()) as connection:
            secretstorage.Collection(connection).lock()

    def stored_secrets(self, service: str) -> dict[str, str]:
        """Each user name and secret kept for a keyring service (needs the collection unlocked)."""
        import secretstorage

        with closing(secretstorage.dbus_init()) as connection:
            collection = secretstorage.Collection(connection)
            found = {}
            for item in collection.search_items({"service": service}):
                found[item.get_attributes()["username"]] = item.get_secret().decode("utf-8")
            return found

    def item_names(self, service: str) -> list[str]:
        """User names kept for a service; readable even while the collection is locked."""
        import secretstorage

        with closing(secretstorage.dbus_init()) as connection:
            collection = secretstorage.Collection(connection)
            return sorted(
                item.get_attributes()["username"]
                for item in collection.search_items({"service": service})
            )


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SessionBus]:
    """A private, empty D-Bus session bus; DBUS_SESSION_BUS_ADDRESS points at it."""
    daemon = require_tool("dbus-daemon")
    config = tmp_path / "session-bus.conf"
    config.write_text(_BUS_CONFIG, encoding="utf-8")
    process = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        env=_quiet_environment(),
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        if not address:
            pytest.fail(f"dbus-daemon did not start (exit code {process.wait(5)}).")
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield SessionBus(address=address, process=process)
    finally:
        _stop(process)


@pytest.fixture
def secret_service(
    session_bus: SessionBus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SecretServiceSession]:
    """gnome-keyring's Secret Service on the private bus, its login collection unlocked."""
    daemon = require_tool("gnome-keyring-daemon")
    # gnome-keyring puts its control socket in XDG_RUNTIME_DIR; a socket path must stay under
    # 108 bytes, which a test's tmp_path can exceed, so this one is short and under /tmp.
    runtime_dir = Path(tempfile.mkdtemp(prefix="ct-keyring-", dir="/tmp"))
    log_file = tmp_path / "gnome-keyring.log"
    environment = _quiet_environment()
    environment["XDG_RUNTIME_DIR"] = str(runtime_dir)
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            [daemon, "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
            env=environment,
        )
    try:
        assert process.stdin is not None
        process.stdin.write(LOGIN_KEYRING_PASSWORD.encode("utf-8"))
        process.stdin.close()
        session = SecretServiceSession(bus=session_bus, process=process, log_file=log_file)
        _wait_until_unlocked(session)
        yield session
    finally:
        _stop(process)
        shutil.rmtree(runtime_dir, ignore_errors=True)


def _wait_until_unlocked(session: SecretServiceSession) -> None:
    deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if session.process.poll() is not None:
            break
        try:
            if not session.is_locked():
                return
        except Exception:  # not on the bus yet: any D-Bus error just means "wait a little"
            pass
        time.sleep(0.01)
    log = session.log_file.read_text(encoding="utf-8", errors="replace")[-2000:]
    pytest.fail(f"gnome-keyring-daemon did not offer an unlocked login collection:\n{log}")


def _quiet_environment() -> dict[str, str]:
    # No display: nothing the test starts may pop a dialog on the developer's screen.
    environment = dict(os.environ)
    for variable in ("DISPLAY", "WAYLAND_DISPLAY"):
        environment.pop(variable, None)
    return environment


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()
