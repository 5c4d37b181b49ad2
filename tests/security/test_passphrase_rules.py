"""Stories about the key store passphrase: what counts as strong enough, and where it comes from."""

from __future__ import annotations

import hashlib
import io
import os
import pty
import select
import subprocess
import sys
import time

import pytest

from consult_tui.security.keys import (
    PassphraseUnavailable,
    check_passphrase_strength,
    passphrase_from_environment_or_tty,
)

ASKING_SCRIPT = """
import hashlib
from consult_tui.security.passphrase import passphrase_from_environment_or_tty
chosen = passphrase_from_environment_or_tty(confirm=True)
print("CHOSEN", hashlib.sha256(chosen.encode()).hexdigest(), flush=True)
"""


@pytest.mark.parametrize(
    "passphrase",
    [
        "kettle orchard lantern twelve",
        "Tr7#mq!Lz0pW",
        "go up to my",  # four words count even when short
        "the allotment shed is green",
    ],
)
def test_a_long_or_many_worded_passphrase_is_accepted(passphrase: str) -> None:
    assert check_passphrase_strength(passphrase) is None


@pytest.mark.parametrize(
    ("passphrase", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("short one", "too short"),
        ("Tr7#mq!Lz0p", "too short"),
        ("password1234", "common password"),
        ("P@ssw0rd2024!", "common password"),
        ("passwordpassword", "common password"),
        ("Safeguarding2024", "common password"),
        ("correct horse battery staple", "common password"),
        ("qwertyuiop12", "run of keys"),
        ("123456789012", "run of keys"),
        ("abcdefghijklm", "run of keys"),
        ("aaaaaaaaaaaa", "too few different characters"),
        ("abababababab", "too few different characters"),
        ("abcdeabcdeabcde", "common password"),
    ],
)
def test_a_guessable_passphrase_is_refused_with_a_plain_reason(
    passphrase: str, reason: str
) -> None:
    answer = check_passphrase_strength(passphrase)

    assert answer is not None
    assert reason in answer
    assert answer.endswith(".")
    if passphrase.strip():
        assert passphrase not in answer


def test_the_environment_passphrase_is_used_without_asking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", "kettle orchard lantern twelve")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    assert passphrase_from_environment_or_tty(confirm=True) == "kettle orchard lantern twelve"


def test_without_a_terminal_or_the_environment_nobody_is_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONSULT_TUI_PASSPHRASE", "")
    monkeypatch.setattr(sys, "stdin", io.StringIO("kettle orchard lantern twelve\n"))

    with pytest.raises(PassphraseUnavailable) as unavailable:
        passphrase_from_environment_or_tty(confirm=False)

    assert "CONSULT_TUI_PASSPHRASE" in str(unavailable.value)
    assert "terminal" in str(unavailable.value)


class TerminalSession:
    """A child process on a real pseudo-terminal, read and typed into like a person would."""

    def __init__(self, script: str) -> None:
        self.master, follower = pty.openpty()
        environment = {k: v for k, v in os.environ.items() if k != "CONSULT_TUI_PASSPHRASE"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            start_new_session=True,
            env=environment,
        )
        os.close(follower)
        self.screen = ""  # what has appeared since the last text waited for
        self.transcript = ""  # everything the terminal ever showed

    def wait_for(self, text: str, timeout: float = 15.0) -> None:
        """Wait for `text`, then forget the screen up to it, so a repeat is waited for afresh."""
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._never_appeared(text)
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child has gone and closed its end
                    chunk = b""
                if not chunk:
                    self._never_appeared(text)
                text_seen = chunk.decode("utf-8", errors="replace")
                self.screen += text_seen
                self.transcript += text_seen
        self.screen = self.screen.split(text, 1)[1]

    def _never_appeared(self, text: str) -> None:
        raise AssertionError(f"{text!r} never appeared; the terminal shows {self.screen!r}")

    def type_line(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8") + b"\n")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        os.close(self.master)


def test_a_new_passphrase_is_typed_twice_on_a_terminal_and_never_shown() -> None:
    chosen = "kettle orchard lantern twelve"
    terminal = TerminalSession(ASKING_SCRIPT)
    try:
        terminal.wait_for("Choose a passphrase")
        terminal.type_line("password1234")
        terminal.wait_for("common password")
        terminal.wait_for("Choose a passphrase")
        terminal.type_line(chosen)
        terminal.wait_for("Type the same passphrase again")
        terminal.type_line("kettle orchard lantern eleven")
        terminal.wait_for("were different")
        terminal.wait_for("Choose a passphrase")
        terminal.type_line(chosen)
        terminal.wait_for("Type the same passphrase again")
        terminal.type_line(chosen)
        terminal.wait_for(hashlib.sha256(chosen.encode()).hexdigest())
        assert terminal.process.wait(timeout=10) == 0
    finally:
        terminal.close()

    assert chosen not in terminal.transcript
    assert "password1234" not in terminal.transcript
