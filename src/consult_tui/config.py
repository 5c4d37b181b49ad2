"""The user's settings: a TOML file in the platform config folder, overridden by environment.

Precedence, highest first: command-line flags (applied by the caller), CONSULT_TUI_* environment
variables, the config file, built-in defaults. The file is read through the bounded reader (a
regular file of at most 1 MB) and checked by pydantic-settings models: a section or key the app
does not know (a misspelt ``[securty]``), a value of the wrong type (``path = 5``), NaN, infinity
or an out-of-range number is an error naming the file, the key and what is allowed, never a
silent default and never a traceback.

Sections and keys::

    [database]     path = "~/cases/consultations.db"
    [keyring]      backend = "auto" | "secretservice" | "cryptfile"
    [security]     idle_lock_minutes = 5          (a number above 0, at most 1440)
                   trusted_keys = ["<base64 Ed25519 public key>", ...]
    [guidance]     pack = "~/packs/local.toml"
    [practitioner] name = "..."  role = "..."  organisation = "..."
    [keys]         lock = "ctrl+k"   (a binding id = the key or keys, comma-separated)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .paths import AppPaths, app_paths
from .reading import CONFIG_LIMIT, ReadRefused, read_text
from .ui.keymap import BINDING_IDS, check_keys, unknown_id_message

KEYRING_CHOICES = ("auto", "secretservice", "cryptfile")
IDLE_LOCK_MAX_MINUTES = 1440


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
    # Public keys of other installations whose sealed records import as verified.
    trusted_keys: tuple[str, ...] = ()
    # The practitioner's own keys: binding id → key(s), applied with Textual's keymap.
    keys: Mapping[str, str] = field(default_factory=dict)


# -- the file's shape --------------------------------------------------------------------------


def _public_key(text: str) -> str:
    from .security.signing import is_public_key

    if not is_public_key(text):
        raise ValueError("not an Ed25519 public key (44 characters of base64, as doctor prints)")
    return text


_PathText = Annotated[str, Field(min_length=1, max_length=4096)]
_Name = Annotated[str, Field(max_length=500)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class DatabaseSection(_Section):
    path: _PathText | None = None


class KeyringSection(_Section):
    backend: Literal["auto", "secretservice", "cryptfile"] = "auto"


class SecuritySection(_Section):
    idle_lock_minutes: Annotated[
        float, Field(gt=0, le=IDLE_LOCK_MAX_MINUTES, allow_inf_nan=False)
    ] = 5.0
    trusted_keys: list[Annotated[str, AfterValidator(_public_key)]] = Field(
        default_factory=list, max_length=1000
    )


class GuidanceSection(_Section):
    pack: _PathText | None = None


class PractitionerSection(_Section):
    name: _Name = ""
    role: _Name = ""
    organisation: _Name = ""


_KeyText = Annotated[str, Field(max_length=100), AfterValidator(check_keys)]


class ConfigFile(BaseSettings):
    """The whole config file. Only the file (already parsed) feeds it: the environment overrides
    are the few named CONSULT_TUI_* variables, checked with these same models."""

    model_config = SettingsConfigDict(extra="forbid", strict=True)

    database: DatabaseSection = Field(default_factory=DatabaseSection)
    keyring: KeyringSection = Field(default_factory=KeyringSection)
    security: SecuritySection = Field(default_factory=SecuritySection)
    guidance: GuidanceSection = Field(default_factory=GuidanceSection)
    practitioner: PractitionerSection = Field(default_factory=PractitionerSection)
    keys: dict[str, _KeyText] = Field(default_factory=dict, max_length=len(BINDING_IDS))

    @field_validator("keys")
    @classmethod
    def _known_ids(cls, keys: dict[str, str]) -> dict[str, str]:
        for binding_id in keys:
            if binding_id not in BINDING_IDS:
                raise ValueError(f"{_shown(binding_id)!r} {unknown_id_message(binding_id)}")
        return keys

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The file's values arrive as keyword arguments; CONSULT_TUI_KEYRING must never be
        # parsed as the whole [keyring] section, so the generic environment source is off.
        return (init_settings,)


# What each key allows, for messages.
_ALLOWED = {
    ("database", "path"): 'a path in quotes, e.g. "~/cases/consultations.db"',
    ("keyring", "backend"): "one of " + ", ".join(f'"{c}"' for c in KEYRING_CHOICES),
    ("security", "idle_lock_minutes"): (
        f"a number of minutes above 0 and at most {IDLE_LOCK_MAX_MINUTES} (24 hours)"
    ),
    ("security", "trusted_keys"): (
        'a list of public keys in quotes, e.g. ["…44 characters…"], as `consult-tui doctor` prints'
    ),
    ("guidance", "pack"): 'a path in quotes, e.g. "~/packs/local.toml"',
    ("practitioner", "name"): "text in quotes (at most 500 characters)",
    ("practitioner", "role"): "text in quotes (at most 500 characters)",
    ("practitioner", "organisation"): "text in quotes (at most 500 characters)",
}


def load_settings(db_override: str | os.PathLike[str] | None = None) -> Settings:
    paths = app_paths()
    config = _read_config(paths.config_file)
    database_text = (
        (str(db_override) if db_override else None)
        or os.environ.get("CONSULT_TUI_DB")
        or config.database.path
    )
    backend = os.environ.get("CONSULT_TUI_KEYRING") or config.keyring.backend
    if backend not in KEYRING_CHOICES:
        raise ConfigError(
            f"Unknown keyring backend {backend[:40]!r} in CONSULT_TUI_KEYRING; choose one of: "
            f"{', '.join(KEYRING_CHOICES)}."
        )
    pack = config.guidance.pack
    return Settings(
        database=(
            _expand(database_text, "The database path", paths)
            if database_text
            else paths.default_database
        ),
        keyring_backend=backend,
        idle_lock_minutes=float(config.security.idle_lock_minutes),
        guidance_pack=_expand(pack, "[guidance] pack", paths) if pack else None,
        practitioner_name=config.practitioner.name,
        practitioner_role=config.practitioner.role,
        practitioner_organisation=config.practitioner.organisation,
        paths=paths,
        trusted_keys=tuple(config.security.trusted_keys),
        keys=dict(config.keys),
    )


def _read_config(config_file: Path) -> ConfigFile:
    if not config_file.exists() and not config_file.is_symlink():
        return ConfigFile()
    try:
        text = read_text(config_file, limit=CONFIG_LIMIT, what="The config file")
        raw = tomllib.loads(text)
    except ReadRefused as refused:
        raise ConfigError(f"{refused} Fix or remove it, then try again.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"The config file {config_file} is not valid TOML: {exc}. Fix or remove it, then "
            "try again."
        ) from None
    try:
        return ConfigFile(**raw)
    except ValidationError as exc:
        raise ConfigError(_explain(config_file, exc)) from None


def _explain(config_file: Path, exc: ValidationError) -> str:
    lines = [_one_problem(error) for error in exc.errors(include_url=False)]
    shown = lines[:10]
    if len(lines) > len(shown):
        shown.append(f"… and {len(lines) - len(shown)} more")
    return (
        f"The config file {config_file} has settings consult-tui cannot use:\n  "
        + "\n  ".join(shown)
        + "\nFix them (or remove the file to use the defaults), then try again."
    )


def _one_problem(error: Any) -> str:
    location = [str(part) for part in error.get("loc", ())]
    kind = error.get("type", "")
    sections = [name for name in ConfigFile.model_fields]
    if kind == "extra_forbidden" and len(location) == 1:
        return (
            f"[{_shown(location[0])}] is not a section consult-tui knows; the sections are "
            + ", ".join(f"[{name}]" for name in sections)
            + "."
        )
    if not location:
        return "the file is not a table of sections"
    section = location[0]
    if section == "keys":
        return _key_problem(location, error)
    if len(location) == 1:
        return f"[{section}] must be a section (a table of keys), not a single value."
    key = location[1]
    model = ConfigFile.model_fields[section].annotation
    if kind == "extra_forbidden":
        known = ", ".join(getattr(model, "model_fields", {}))
        return f"[{section}] {_shown(key)} is not a setting; [{section}] holds: {known}."
    allowed = _ALLOWED.get((section, key), "a value of the right kind")
    got = error.get("input")
    got_words = "" if isinstance(got, dict | list) else f" (found {_shown(repr(got))})"
    if section == "security" and key == "trusted_keys" and len(location) > 2:
        reason = str(error.get("msg", "not valid")).removeprefix("Value error, ")
        return (
            f"[security] trusted_keys entry {location[2]} is {reason}. Copy the key as "
            "`consult-tui doctor` prints it on the other installation."
        )
    return f"[{section}] {key} must be {allowed}{got_words}."


def _key_problem(location: list[str], error: Any) -> str:
    reason = str(error.get("msg", "not valid")).removeprefix("Value error, ")
    if len(location) == 1:
        if error.get("type") == "dict_type":
            return '[keys] must be a section of names and keys, e.g. lock = "ctrl+k".'
        return f"[keys] {reason}"
    key = _shown(location[1])
    if error.get("type") == "string_type":
        reason = "not text in quotes"
    return f'[keys] {key}: {reason}. Write its key in quotes, e.g. {key} = "ctrl+k" or "f5,ctrl+r".'


def _shown(text: str) -> str:
    # A key could be anything typed by hand; keep it short and printable in a message.
    printable = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return printable if len(printable) <= 40 else printable[:40] + "…"


def _expand(text: str, what: str, paths: AppPaths) -> Path:
    if "\x00" in text:
        raise ConfigError(
            f"{what} contains a NUL character; give a plain path (config file: "
            f"{paths.config_file})."
        )
    what = what[:1].upper() + what[1:]
    try:
        return Path(text).expanduser()
    except RuntimeError:
        # "~nosuchuser/x.db": there is no such user whose home folder "~name" could mean.
        user = text[1:].split("/", 1)[0]
        raise ConfigError(
            f"{what} {_shown(text)!s} starts with ~{_shown(user)}, but there is no user called "
            f"{_shown(user)!r} on this system. Write the full path instead (config file: "
            f"{paths.config_file})."
        ) from None
