"""Find the real programs some tests drive (tmux, dbus, gnome-keyring, sshd), or skip/fail."""

from __future__ import annotations

import os
import shutil

import pytest

REQUIRE_REAL_ENV = "CONSULT_TUI_REQUIRE_REAL"

# The Debian package that provides each program, for the message that tells people what to install.
APT_PACKAGES = {
    "tmux": "tmux",
    "dbus-daemon": "dbus",
    "dbus-launch": "dbus-x11",
    "gnome-keyring-daemon": "gnome-keyring",
    "secret-tool": "libsecret-tools",
    "sshd": "openssh-server",
    "ssh": "openssh-client",
}

# sshd lives in sbin, which is not on an ordinary user's PATH.
_EXTRA_DIRECTORIES = "/usr/sbin:/sbin:/usr/local/sbin"


def require_tool(name: str) -> str:
    """Return the program's full path; skip the test if it is missing, or fail it in CI.

    With CONSULT_TUI_REQUIRE_REAL=1 (set in CI) a missing program is a failure, so a test that
    silently stopped running cannot pass for a real check.
    """
    found = shutil.which(name) or shutil.which(name, path=_EXTRA_DIRECTORIES)
    if found:
        return found
    package = APT_PACKAGES.get(name, name)
    message = (
        f"{name} is not installed; install it with "
        f"`apt-get install -y --no-install-recommends {package}`"
    )
    if os.environ.get(REQUIRE_REAL_ENV) == "1":
        why = f"{REQUIRE_REAL_ENV}=1 makes a missing tool a failure"
        pytest.fail(f"{message} ({why})", pytrace=False)
    pytest.skip(message)
