"""Hostile config files: each mistake is an error naming the file, the key and what is allowed.

A misspelt ``[securty]`` used to be ignored (and `doctor` said ok), ``idle_lock_minutes = nan``
locked the app the moment it unlocked, ``inf`` turned the lock off, ``path = 5`` was a traceback
and ``/dev/zero`` as the config read until memory ran out. Every row here is a config a person
could write; the fuzzing at the end writes hundreds more and asserts that loading gives either
settings or a ConfigError, never anything else.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from consult_tui.cli import main
from consult_tui.config import ConfigError, Settings, load_settings
from consult_tui.security.signing import InstallationKey

GOOD_KEY = InstallationKey.generate().public_key


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv("CONSULT_TUI_CONFIG", str(path))
    return path


def _load(config_file: Path, text: str) -> Settings:
    config_file.write_text(text, encoding="utf-8")
    return load_settings()


ROWS: list[tuple[str, str, list[str]]] = [
    # Sections and keys the app does not know.
    ("a misspelt section", "[securty]\nidle_lock_minutes = 5\n", ["[securty] is not a section"]),
    ("an unknown key", "[security]\nidle = 3\n", ["[security] idle is not a setting", "holds:"]),
    ("a key outside any section", "path = 'x.db'\n", ["[path] is not a section"]),
    ("a section as a value", "security = 3\n", ["[security] must be a section"]),
    ("a strange key", '[database]\n"p\\u202eath" = "x"\n', ["is not a setting"]),
    # Wrong types.
    ("a number as the path", "[database]\npath = 5\n", ["[database] path must be a path"]),
    ("a number as the pack", "[guidance]\npack = 5\n", ["[guidance] pack must be a path"]),
    ("true as the path", "[database]\npath = true\n", ["[database] path must be"]),
    ("an empty path", '[database]\npath = ""\n', ["[database] path must be"]),
    ("a list as the backend", "[keyring]\nbackend = ['auto']\n", ["[keyring] backend must be"]),
    ("an unknown backend", '[keyring]\nbackend = "vault"\n', ['one of "auto"', "(found 'vault')"]),
    ("a word as minutes", '[security]\nidle_lock_minutes = "5"\n', ["idle_lock_minutes must"]),
    ("true as minutes", "[security]\nidle_lock_minutes = true\n", ["idle_lock_minutes must"]),
    ("a number as a name", "[practitioner]\nname = 7\n", ["[practitioner] name must be text"]),
    ("a date as a role", "[practitioner]\nrole = 2025-01-01\n", ["[practitioner] role must"]),
    # Numbers that cannot work.
    ("nan minutes", "[security]\nidle_lock_minutes = nan\n", ["above 0 and at most 1440", "nan"]),
    ("inf minutes", "[security]\nidle_lock_minutes = inf\n", ["at most 1440", "(found inf)"]),
    ("-inf minutes", "[security]\nidle_lock_minutes = -inf\n", ["idle_lock_minutes must"]),
    ("a billion minutes", "[security]\nidle_lock_minutes = 1e9\n", ["at most 1440"]),
    ("zero minutes", "[security]\nidle_lock_minutes = 0\n", ["above 0"]),
    ("negative minutes", "[security]\nidle_lock_minutes = -5\n", ["above 0"]),
    ("a huge integer", "[security]\nidle_lock_minutes = 99999999999999999\n", ["at most 1440"]),
    # Trusted keys.
    ("a key of junk", '[security]\ntrusted_keys = ["abc"]\n', ["trusted_keys entry 0"]),
    ("one key, not a list", f'[security]\ntrusted_keys = "{GOOD_KEY}"\n', ["trusted_keys must"]),
    ("a number as a key", "[security]\ntrusted_keys = [5]\n", ["trusted_keys entry 0"]),
    # Paths that name nobody.
    (
        "a home folder of no such user",
        '[database]\npath = "~nosuchuser/x.db"\n',
        ["starts with ~nosuchuser", "no user called 'nosuchuser'"],
    ),
    ("a pack of no such user", '[guidance]\npack = "~nobody-here/p.toml"\n', ["~nobody-here"]),
    ("a NUL in the path", '[database]\npath = "a\\u0000b"\n', ["NUL character"]),
    # Not TOML.
    ("not TOML", "idle_lock_minutes: 5\n", ["is not valid TOML"]),
    ("a section twice", "[security]\n[security]\n", ["is not valid TOML"]),
    ("a key twice", "[security]\nidle_lock_minutes = 1\nidle_lock_minutes = 2\n", ["TOML"]),
]


@pytest.mark.parametrize(("story", "text", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_a_config_mistake_names_the_file_the_key_and_what_is_allowed(
    config_file: Path, story: str, text: str, expected: list[str]
) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(config_file, text)
    message = str(caught.value)
    assert str(config_file) in message, story
    for words in expected:
        assert words in message, story


def test_a_good_config_is_read_whole(config_file: Path) -> None:
    loaded = _load(
        config_file,
        "[database]\npath = '~/cases/c.db'\n[keyring]\nbackend = 'cryptfile'\n"
        f"[security]\nidle_lock_minutes = 2.5\ntrusted_keys = ['{GOOD_KEY}']\n"
        "[practitioner]\nname = 'Priya Shah'\nrole = 'Health visitor'\n",
    )
    assert loaded.database == Path("~/cases/c.db").expanduser()
    assert loaded.keyring_backend == "cryptfile"
    assert loaded.idle_lock_minutes == 2.5 and math.isfinite(loaded.idle_lock_minutes)
    assert loaded.trusted_keys == (GOOD_KEY,)
    assert loaded.practitioner_name == "Priya Shah"


def test_no_config_file_means_the_defaults(config_file: Path) -> None:
    loaded = load_settings()
    assert loaded.idle_lock_minutes == 5.0 and loaded.trusted_keys == ()


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("/dev/zero", "is not a regular file"),
        ("/dev/null", "is not a regular file"),
        ("folder", "is a folder, not a file"),
        ("big", "is larger than the 1 MB consult-tui reads"),
        ("latin1", "is not UTF-8 text"),
    ],
)
def test_a_config_that_is_not_a_small_text_file_gets_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, expected: str
) -> None:
    path = {"folder": tmp_path, "big": tmp_path / "big.toml", "latin1": tmp_path / "l.toml"}.get(
        where, Path(where)
    )
    if where == "big":
        path.write_bytes(b"#" * (1024 * 1024 + 1))
    if where == "latin1":
        path.write_bytes(b"[practitioner]\nname = 'Zo\xeb'\n")
    monkeypatch.setenv("CONSULT_TUI_CONFIG", str(path))
    with pytest.raises(ConfigError, match=expected):
        load_settings()


def test_a_fifo_as_the_config_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "config.fifo"
    os.mkfifo(fifo)
    finished = subprocess.run(
        [
            sys.executable,
            "-c",
            "from consult_tui.cli import main; raise SystemExit(main())",
            "doctor",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "CONSULT_TUI_CONFIG": str(fifo)},
    )
    assert finished.returncode == 1
    assert "is not a regular file" in finished.stdout + finished.stderr
    assert "Traceback" not in finished.stderr


def test_doctor_reports_a_misspelt_section_instead_of_saying_ok(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file.write_text("[securty]\nidle_lock_minutes = 5\n", encoding="utf-8")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("BAD  config")
    assert "[securty] is not a section" in out
    assert out.splitlines()[-1].startswith("NOT healthy")


def test_an_environment_override_is_checked_too(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSULT_TUI_KEYRING", "vault")
    with pytest.raises(ConfigError, match="CONSULT_TUI_KEYRING"):
        load_settings()


# -- fuzzing: whatever the file holds, settings or a ConfigError ---------------------------------

_SECTIONS = ["database", "keyring", "security", "guidance", "practitioner", "securty", ""]
_KEYS = [
    "path",
    "backend",
    "idle_lock_minutes",
    "trusted_keys",
    "pack",
    "name",
    "role",
    "organisation",
    "x",
]
_toml_scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.floats().map(lambda f: {math.inf: "inf", -math.inf: "-inf"}.get(f, repr(f))),
    st.sampled_from(["nan", "true", "false", "2025-01-01", "1e9", "0", "-1", "1440", "1441"]),
    st.text(max_size=12).map(lambda text: '"' + text.encode("unicode_escape").decode() + '"'),
    st.sampled_from(['"auto"', '"cryptfile"', '"~nosuchuser/x"', '"~/x.db"', f'"{GOOD_KEY}"']),
)
_toml_values = st.one_of(
    _toml_scalars,
    st.lists(_toml_scalars, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    st.dictionaries(st.sampled_from(_KEYS), _toml_scalars, max_size=2).map(
        lambda table: "{" + ", ".join(f"{k} = {v}" for k, v in table.items()) + "}"
    ),
)
_toml_files = st.lists(
    st.tuples(
        st.sampled_from(_SECTIONS),
        st.lists(st.tuples(st.sampled_from(_KEYS), _toml_values), max_size=3),
    ),
    max_size=4,
).map(
    lambda sections: "".join(
        (f"[{name}]\n" if name else "") + "".join(f"{key} = {value}\n" for key, value in pairs)
        for name, pairs in sections
    )
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    text=st.one_of(
        _toml_files,
        st.text(max_size=60),
        _toml_files.flatmap(
            lambda good: st.integers(0, max(0, len(good))).map(lambda cut: good[:cut])
        ),
    )
)
def test_any_config_file_gives_settings_or_a_sentence(config_file: Path, text: str) -> None:
    try:
        config_file.write_text(text, encoding="utf-8", errors="surrogatepass")
    except UnicodeEncodeError:
        return
    try:
        loaded = load_settings()
    except ConfigError as error:
        event("refused")
        assert str(error).strip()
    else:
        event("accepted")
        assert 0 < loaded.idle_lock_minutes <= 1440 and math.isfinite(loaded.idle_lock_minutes)
        assert loaded.keyring_backend in ("auto", "secretservice", "cryptfile")
        assert isinstance(loaded.database, Path)
