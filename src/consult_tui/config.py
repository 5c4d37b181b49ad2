"""The user's settings: a TOML file in the platform config folder, overridden by environment.

Precedence, highest first: command-line flags (applied by the caller), CONSULT_TUI_* environment
variables, the config file, built-in defaults. A broken file is reported with its path and the
problem, never as a traceback.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .paths import AppPaths, app_paths

KEYRING_CHOICES = ("auto", "secretservice", "cryptfile")


class ConfigError(Exception):
    """The config file or an environment override cannot be used; the message says how to fix it."""


@dataclass(slots=True)
class Settings:
    database: Path
    keyring_backend: str = "auto"
    idle_lock_minutes: float = 5.0
    guidance_pack: Path | None = None
    practitioner_name: str = ""
    practitioner_role: str = ""
    practitioner_organisation: str = ""
    paths: AppPaths = field(default_factory=app_paths)


def load_settings(db_override: str | os.PathLike[str] | None = None) -> Settings:
    paths = app_paths()
    raw: dict = {}
    if paths.config_file.exists():
        try:
            raw = tomllib.loads(paths.config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"The config file {paths.config_file} cannot be read: {exc}. "
                "Fix or remove it, then try again."
            ) from None
    database_section = _section(raw, "database", paths)
    keyring_section = _section(raw, "keyring", paths)
    security_section = _section(raw, "security", paths)
    guidance_section = _section(raw, "guidance", paths)
    practitioner_section = _section(raw, "practitioner", paths)

    database = (
        db_override
        or os.environ.get("CONSULT_TUI_DB")
        or database_section.get("path")
        or paths.default_database
    )
    backend = os.environ.get("CONSULT_TUI_KEYRING") or keyring_section.get("backend", "auto")
    if backend not in KEYRING_CHOICES:
        raise ConfigError(
            f"Unknown keyring backend {backend!r}; choose one of: {', '.join(KEYRING_CHOICES)} "
            "(CONSULT_TUI_KEYRING or [keyring] backend in the config file)."
        )
    idle = security_section.get("idle_lock_minutes", 5)
    if not isinstance(idle, int | float) or isinstance(idle, bool) or idle <= 0:
        raise ConfigError(
            f"[security] idle_lock_minutes in {paths.config_file} must be a number above 0."
        )
    pack = guidance_section.get("pack")
    return Settings(
        database=Path(database).expanduser(),
        keyring_backend=backend,
        idle_lock_minutes=float(idle),
        guidance_pack=Path(pack).expanduser() if pack else None,
        practitioner_name=str(practitioner_section.get("name", "")),
        practitioner_role=str(practitioner_section.get("role", "")),
        practitioner_organisation=str(practitioner_section.get("organisation", "")),
        paths=paths,
    )


def _section(raw: dict, name: str, paths: AppPaths) -> dict:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] in {paths.config_file} must be a table.")
    return value
