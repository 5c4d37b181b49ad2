"""A real OpenSSH server on 127.0.0.1 for one test: throwaway host key, one authorised key, no PAM.

consult-tui is meant to be used over SSH, so the end-to-end stories log in through a real sshd
and drive the app from a tmux pane running a real `ssh -tt` client. sshd passes no environment
through, so the app's settings go on the remote command line (`env VAR=value … python -m …`).
"""

from __future__ import annotations

import getpass
import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.real_tools import require_tool

STARTUP_DEADLINE_SECONDS = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SshServer:
    """A running sshd and the client command line that logs in to it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sshd = require_tool("sshd")
        self.ssh = require_tool("ssh")
        keygen = require_tool("ssh-keygen")
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.host_key = folder / "host_ed25519"
        self.client_key = folder / "client_ed25519"
        for key in (self.host_key, self.client_key):
            subprocess.run(
                [keygen, "-q", "-t", "ed25519", "-N", "", "-C", "consult-tui-test", "-f", str(key)],
                check=True,
            )
        self.authorized_keys = folder / "authorized_keys"
        self.authorized_keys.write_text(Path(f"{self.client_key}.pub").read_text())
        self.authorized_keys.chmod(0o600)
        self.user = getpass.getuser()
        self.port = free_port()
        self.log = folder / "sshd.log"
        self.config = folder / "sshd_config"
        self.config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {self.host_key}",
                    f"AuthorizedKeysFile {self.authorized_keys}",
                    f"PidFile {folder / 'sshd.pid'}",
                    "UsePAM no",
                    "StrictModes no",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "PermitUserEnvironment no",
                    "UseDNS no",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "X11Forwarding no",
                    "AllowTcpForwarding no",
                    "AllowAgentForwarding no",
                    # Many short logins one after another: do not throttle them.
                    "MaxStartups 100:30:200",
                    "LogLevel ERROR",
                    "",
                ]
            )
        )
        # Privilege separation wants this folder to exist (as on a normal server).
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                [self.sshd, "-D", "-e", "-f", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"sshd did not start:\n{self.log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        self._process = None

    def client(self, remote_command: str) -> list[str]:
        """`ssh -tt` logging in with the test key and running one command in a terminal."""
        return [
            self.ssh,
            "-tt",
            "-F",
            "/dev/null",
            "-i",
            str(self.client_key),
            "-p",
            str(self.port),
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            f"{self.user}@127.0.0.1",
            remote_command,
        ]

    def run(self, remote_command: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run a command over SSH without a terminal (for checks, not for the app)."""
        argv = self.client(remote_command)
        argv.remove("-tt")
        return subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )


def remote_app_command(env: dict[str, str], *cli_args: str) -> str:
    """The command sshd runs: this checkout's Python with the test's settings on the line.

    COLORTERM is removed, as OpenSSH does not forward it; TERM comes from `env`.
    """
    assignments = [f"{name}={value}" for name, value in env.items()]
    argv = ["env", "-u", "COLORTERM", *assignments, sys.executable, "-m", "consult_tui.cli"]
    return shlex.join([*argv, *cli_args])


@contextmanager
def ssh_server(folder: Path) -> Iterator[SshServer]:
    server = SshServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def find_app_pid(data_home: Path, timeout: float = 20.0) -> int:
    """The pid of the consult-tui process whose XDG_DATA_HOME is ``data_home``.

    The app runs under sshd, not under the test, so it is found by its environment.
    """
    wanted = f"XDG_DATA_HOME={data_home}".encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = app_pids(wanted)
        if found:
            return found[0]
        time.sleep(0.02)
    raise AssertionError("the consult-tui process did not start")


def app_pids(environment_entry: bytes) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            # `python -m consult_tui.cli` itself: not the shell, env or tmux that mention it.
            if (
                b"consult_tui.cli" not in argv
                or b"python" not in Path(os.fsdecode(argv[0])).name.encode()
            ):
                continue
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if environment_entry in environ:
            pids.append(int(entry.name))
    return sorted(pids)
