"""One practitioner's real set-up, shared by every hostile input: a database of the four example
consultations, its key in the real encrypted key file, a config file, and a litter of the things a
careless or hostile command line points at (links, folders, a FIFO, a plain SQLite file).

Making the database and unlocking the key store cost seconds, so the set-up is made once per
run and every row checks that it left the database and the key store byte-identical. A row that
changed them fails, and says which.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from consult_tui.cli import main

PASSPHRASE = "lantern orchard quietly river"
RECORD_ID = "ex0bruise001"


@dataclass(frozen=True)
class Home:
    """Where everything is: the paths a hostile row points the command line at."""

    root: Path
    data_home: Path
    config_home: Path
    state_home: Path
    database: Path
    key_store: Path
    config: Path
    data_dir: Path
    work: Path  # an ordinary folder of the practitioner's, for outputs

    def protected(self) -> dict[str, bytes]:
        """The bytes that no bad input may change: database, key store, config."""
        return {
            path.name: path.read_bytes()
            for path in (self.database, self.key_store, self.config)
            if path.exists()
        }

    def env(self) -> dict[str, str]:
        return {
            "XDG_DATA_HOME": str(self.data_home),
            "XDG_CONFIG_HOME": str(self.config_home),
            "XDG_STATE_HOME": str(self.state_home),
            "CONSULT_TUI_KEYRING": "cryptfile",
            "CONSULT_TUI_PASSPHRASE": PASSPHRASE,
            "CONSULT_TUI_DB": str(self.database),
        }


@pytest.fixture(scope="session")
def made_home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    root = tmp_path_factory.mktemp("hostile")
    home = Home(
        root=root,
        data_home=root / "xdg-data",
        config_home=root / "xdg-config",
        state_home=root / "xdg-state",
        database=root / "records" / "consultations.db",
        key_store=root / "xdg-data" / "consult-tui" / "keyring.cfg",
        config=root / "xdg-config" / "consult-tui" / "config.toml",
        data_dir=root / "xdg-data" / "consult-tui",
        work=root / "work",
    )
    for folder in (home.data_home, home.config_home, home.state_home, home.work):
        folder.mkdir(mode=0o700)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in home.env().items():
            patch.setenv(name, value)
        assert main(["demo", "--no-ui"]) == 0
    home.config.parent.mkdir(mode=0o700)
    home.config.write_text('[practitioner]\nname = "Priya Shah"\n')
    _litter(home)
    return home


def _litter(home: Home) -> None:
    """What a bad path can point at, all inside the practitioner's work folder."""
    work = home.work
    (work / "existing.txt").write_text("someone's notes\n")
    (work / "a-folder").mkdir()
    (work / "notes.txt").write_text("a text file, not a database\n" * 40)
    (work / "empty.db").write_bytes(b"")
    (work / "noise.db").write_bytes(os.urandom(5000))
    plain = sqlite3.connect(work / "plain.db")
    plain.execute("CREATE TABLE t (x)")
    plain.commit()
    plain.close()
    os.mkfifo(work / "fifo")
    (work / "link-to-existing").symlink_to(work / "existing.txt")
    (work / "link-to-database").symlink_to(home.database)
    (work / "link-to-key-store").symlink_to(home.key_store)
    (work / "link-to-folder").symlink_to(work / "a-folder")
    (work / "dangling").symlink_to(work / "nowhere" / "gone.json")
    (work / "link-to-records").symlink_to(home.database.parent)
    os.link(home.database, work / "hard-link-to-database")


@pytest.fixture
def home(made_home: Home, monkeypatch: pytest.MonkeyPatch) -> Iterator[Home]:
    """The shared set-up, as the current user's environment; checks it is unchanged after."""
    for name, value in made_home.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(made_home.work)
    yield made_home


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def said(self) -> str:
        return self.out + self.err


def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Outcome:
    """The command line in this process, as a shell would run it (argparse exits included)."""
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return Outcome(code, out, err)


def run_process(home: Home, argv: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    """The installed command in its own process, for what only a real process shows."""
    env = {**os.environ, **home.env()}
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        ["consult-tui", *argv],
        env=env,
        text=True,
        stderr=subprocess.PIPE,
        check=False,
        cwd=home.work,
        **kwargs,
    )


def assert_refused_cleanly(
    outcome: Outcome, home: Home, before: dict[str, bytes], *, code: int, says: tuple[str, ...]
) -> None:
    """The shared promise of every row: the right exit code, a sentence with the problem and
    the next step, no traceback, and the database, key store and config exactly as they were."""
    assert outcome.code == code, outcome.said
    assert "Traceback" not in outcome.said
    assert "\x1b" not in outcome.said, "an escape code was echoed to the terminal"
    for phrase in says:
        assert phrase.lower() in outcome.said.lower(), f"{phrase!r} not in {outcome.said!r}"
    assert home.protected() == before, "a protected file changed"


def doctor_is_healthy(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_cli(capsys, ["doctor"])
    assert outcome.code == 0, outcome.said
    assert outcome.out.splitlines()[-1] == "healthy"


# -- a real small disk, for full and read-only devices (as tests/reliability/test_disk_full.py) --


@dataclass
class SmallDisk:
    folder: Path

    def fill(self) -> None:
        filler = self.folder / "filler"
        with filler.open("ab") as handle:
            while True:
                try:
                    handle.write(b"\0" * 65536)
                    handle.flush()
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                    break
        with contextlib.suppress(OSError), filler.open("ab") as handle:
            while True:
                handle.write(b"\0" * 512)
                handle.flush()

    def read_only(self) -> None:
        _mount(["-o", "remount,ro", str(self.folder)])


def _mount(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *argv], capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = _mount(["-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(folder)])
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield SmallDisk(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
