"""`consult-tui doctor`: one look at all that must be right before a practitioner relies on it.

Each check says what it found in words; the overall verdict is healthy only if every check is.
It opens the database as the app does (so an outdated schema is upgraded, with a backup first) but
repairs nothing: a broken chain or a failed integrity check is reported, never papered over.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(slots=True)
class DoctorReport:
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    # Names of checks that passed with a warning: worth fixing, but nothing is at risk of loss.
    warned: set[str] = field(default_factory=set)

    def add(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append((name, ok, detail))

    def warn(self, name: str, detail: str) -> None:
        self.checks.append((name, True, detail))
        self.warned.add(name)

    @property
    def healthy(self) -> bool:
        return all(ok for _, ok, _ in self.checks)

    @property
    def lines(self) -> list[str]:
        width = max((len(name) for name, _, _ in self.checks), default=0)
        out = [
            f"{self._mark(name, ok)}  {name:<{width}}  {detail}" for name, ok, detail in self.checks
        ]
        out.append("healthy" if self.healthy else "NOT healthy: see the lines marked BAD")
        return out

    def _mark(self, name: str, ok: bool) -> str:
        if not ok:
            return "BAD"
        return "warn" if name in self.warned else "ok "


def terminal_description(environ: dict[str, str] | None = None) -> tuple[bool, str]:
    env = os.environ if environ is None else environ
    term = env.get("TERM", "")
    colorterm = env.get("COLORTERM", "")
    if env.get("NO_COLOR"):
        colours = "no colour (NO_COLOR set): labels and symbols carry every meaning"
    elif colorterm in ("truecolor", "24bit"):
        colours = "true colour"
    elif "256color" in term:
        colours = "256 colours (COLORTERM is not forwarded by OpenSSH; that is fine)"
    elif term in ("", "dumb"):
        colours = "no usable terminal"
    else:
        colours = "16 colours"
    ok = term not in ("", "dumb")
    return ok, f"TERM={term or '(unset)'} COLORTERM={colorterm or '(unset)'}: {colours}"


def diagnose(settings: Settings, opener: Callable[[], Workspace]) -> DoctorReport:
    report = DoctorReport()
    report.add(
        "config",
        True,
        str(settings.paths.config_file)
        + ("" if settings.paths.config_file.exists() else " (not present: defaults)"),
    )
    database = settings.database
    if not database.exists():
        report.add(
            "database",
            False,
            f"There is no database at {database}; run `consult-tui init` to make one, or "
            "point --db at an existing one.",
        )
        ok, detail = terminal_description()
        report.add("terminal", ok, detail)
        return report
    from .store.engine import check_database_file
    from .store.errors import StoreError

    try:
        check_database_file(database)
    except StoreError as problem:
        report.add("database", False, str(problem))
        ok, detail = terminal_description()
        report.add("terminal", ok, detail)
        return report
    mode = database.stat().st_mode & 0o777
    report.add("database", True, str(database))
    _check_folder(report, database)
    report.add(
        "file mode",
        mode & 0o077 == 0,
        f"{mode:04o}"
        + ("" if mode & 0o077 == 0 else " — readable by others; run: chmod 600 " + str(database)),
    )
    try:
        workspace = opener()
    except Exception as error:
        from .explained import is_explained

        if not is_explained(error):
            raise
        report.add("unlock", False, str(error))
        ok, detail = terminal_description()
        report.add("terminal", ok, detail)
        return report
    try:
        store = workspace.store
        report.add("key store", True, workspace.key_location)
        report.add(
            "encryption",
            store.cipher_in_use(),
            "SQLCipher on" if store.cipher_in_use() else "NOT encrypted",
        )
        report.add("schema version", True, store.schema_version())
        integrity = store.integrity_check()
        report.add("integrity check", integrity == "ok", integrity)
        verification = store.verify_audit()
        report.add(
            "audit chain",
            verification.ok,
            f"intact ({verification.checked} entries)"
            if verification.ok
            else f"broken at entry {verification.first_broken}: {verification.problem}",
        )
        report.add("records", True, str(store.count()))
        report.add("signing key", store.public_key is not None, f"Ed25519 {store.public_key}")
    finally:
        workspace.close()
    ok, detail = terminal_description()
    report.add("terminal", ok, detail)
    return report


def _check_folder(report: DoctorReport, database: Path) -> None:
    """Warn when others can list the database's folder: they see its backups and working files.

    consult-tui never changes the mode of a folder it did not make (it may be a team folder),
    so it says how to fix it instead.
    """
    folder = database.parent
    mode = folder.stat().st_mode
    if not mode & 0o077:
        report.add("folder", True, f"{folder} ({stat.S_IMODE(mode):04o}, yours only)")
        return
    report.warn(
        "folder",
        f"{folder} ({stat.S_IMODE(mode):04o}) can be read by others, who can see the database's "
        f"backups and working files come and go. If the folder is yours alone, run: chmod 700 "
        f"{folder}; if it is shared, move the database into a private folder with "
        "`consult-tui move NEW_PATH`.",
    )
