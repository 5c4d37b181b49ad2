"""Where consult-tui keeps its config, data, key store and crash reports.

Everything follows the platform's conventions (XDG on Linux) through platformdirs, so a test or
an administrator can move it all by setting XDG_* variables, and `consult-tui locate` shows it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "consult-tui"


@dataclass(frozen=True, slots=True)
class AppPaths:
    config_file: Path
    data_dir: Path
    default_database: Path
    cryptfile_keyring: Path
    crash_dir: Path


def app_paths() -> AppPaths:
    # Imported here: platformdirs is cheap, but the unlock screen should import as little as it can.
    import platformdirs

    config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    state_dir = Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    config_file = Path(os.environ.get("CONSULT_TUI_CONFIG", config_dir / "config.toml"))
    return AppPaths(
        config_file=config_file,
        data_dir=data_dir,
        default_database=data_dir / "consultations.db",
        cryptfile_keyring=data_dir / "keyring.cfg",
        crash_dir=state_dir / "crash",
    )


def ensure_private_dir(path: Path) -> Path:
    """Create a folder only its owner can enter (0700), tightening it if it already exists."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path
