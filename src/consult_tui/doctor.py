"""`consult-tui doctor`: one look at all that must be right before a practitioner relies on it.

Each check says what it found in words; the overall verdict is healthy only if every check is.
It opens the database as the app does (so an outdated schema is upgraded, with a backup first) but
repairs nothing: a broken chain or a failed integrity check is reported, never papered over.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import Settings

if TYPE_CHECKING:
    from .workspace import Workspace


@dataclass(slots=True)
class DoctorReport:
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append((name, ok, detail))

    @property
    def healthy(self) -> bool:
        return all(ok for _, ok, _ in self.checks)

    @property
    def lines(self) -> list[str]:
        width = max((len(name) for name, _, _ in self.checks), default=0)
        out = [
            f"{'ok ' if ok else 'BAD'}  {name:<{width}}  {detail}"
            for name, ok, detail in self.checks
        ]
        out.append("healthy" if self.healthy else "NOT healthy: see the lines marked BAD")
        return out


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
        report.add("database", False, f"{database} does not exist; run `consult-tui init`")
        ok, detail = terminal_description()
        report.add("terminal", ok, detail)
        return report
    mode = database.stat().st_mode & 0o777
    report.add("database", True, str(database))
    report.add(
        "file mode",
        mode & 0o077 == 0,
        f"{mode:04o}"
        + ("" if mode & 0o077 == 0 else " — readable by others; run: chmod 600 " + str(database)),
    )
    try:
        workspace = opener()
    except Exception as error:
        from .cli import _is_explained

        if not _is_explained(error):
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
