"""A fast typist in a real terminal loses nothing: whole consultations typed in bursts, from 0.1 s
after launch, through unlock, new rows, pastes and a lock, come out of `export` exactly as meant.

Counting: 4 terminal sessions of 5 seeds each = 20 seeded consultations (each seed is one whole
consultation's keys, cut into its own bursts). The first session is a first use (passphrase
twice); the others unlock the same key store. One more session runs over the real sshd.
`benchmarks/fast_typist.py` runs 200 and more.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.fast_typist import seeds_command, type_session
from tests.e2e.ssh_server import remote_app_command, ssh_server
from tests.e2e.tmux_session import TmuxSession

SEEDS_PER_SESSION = 5
SESSIONS = 4


@pytest.mark.real("tmux")
def test_twenty_fast_typed_consultations_export_exactly_as_meant(tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    failures: list[str] = []
    for session in range(SESSIONS):
        seeds = list(range(session * SEEDS_PER_SESSION, (session + 1) * SEEDS_PER_SESSION))
        result = type_session(home, seeds, first_use=session == 0)
        if result.differences:
            failures.append(f"{result.report()}\nrun again: {seeds_command(seeds)}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.real("tmux", "sshd", "ssh")
def test_fast_typing_over_ssh_exports_exactly_as_meant(tmp_path: Path) -> None:
    seeds = [1000, 1001]
    with ssh_server(tmp_path / "sshd") as server:

        def over_ssh(env: dict[str, str]) -> TmuxSession:
            return TmuxSession(server.client(remote_app_command(env)), {"TERM": "xterm-256color"})

        result = type_session(tmp_path / "xdg", seeds, start=over_ssh, first_use=True)
    assert not result.differences, f"{result.report()}\nrun again: {seeds_command(seeds)}"
