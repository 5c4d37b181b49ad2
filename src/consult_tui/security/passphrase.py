"""The key store passphrase: how strong a new one must be, and where to get one without a form."""

from __future__ import annotations

import getpass
import os
import sys

from .errors import PassphraseUnavailable, WeakPassphrase

PASSPHRASE_ENV = "CONSULT_TUI_PASSPHRASE"
MIN_CHARACTERS = 12
MIN_WORDS = 4
TTY_ATTEMPTS = 3

_SHAPE_ADVICE = "Use at least 12 characters, or four or more words"
_EXAMPLE_ADVICE = "four unrelated words are easy to remember and hard to guess"

# Passphrases that guessing tools try first, after the look-alike digits and symbols are read as
# letters and the digits people tack on at either end are dropped ("P@ssw0rd2024!" -> "password").
# The last few are words anyone would guess for this particular app.
_GUESSED_FIRST = frozenset(
    {
        "password",
        "passphrase",
        "passwort",
        "qwerty",
        "letmein",
        "iloveyou",
        "welcome",
        "admin",
        "administrator",
        "monkey",
        "dragon",
        "football",
        "baseball",
        "sunshine",
        "princess",
        "trustno",
        "changeme",
        "secret",
        "default",
        "login",
        "master",
        "superman",
        "batman",
        "starwars",
        "whatever",
        "computer",
        "internet",
        "shadow",
        "correcthorsebatterystaple",
        "consult",
        "consulttui",
        "safeguarding",
        "socialwork",
        "childprotection",
    }
)

# Runs along the alphabet, the digits or a keyboard row, read either way.
_RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1234567890" * 3,
)

_LOOK_ALIKES = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_END_PADDING = "0123456789!?.,;:-_*#+=~ "


def check_passphrase_strength(passphrase: str) -> str | None:
    """Return None when a new passphrase will do, else one plain sentence on what to change.

    The rule is meant to be humane: length is what makes a passphrase hard to guess, so any 12
    characters or four words will do, as long as it is not one of the first things an attacker
    would try. The passphrase itself never appears in the answer.
    """
    if not passphrase.strip():
        return f"The passphrase is empty. {_SHAPE_ADVICE}; {_EXAMPLE_ADVICE}."
    words = {word.lower() for word in passphrase.split() if len(word) >= 2}
    if len(passphrase) < MIN_CHARACTERS and len(words) < MIN_WORDS:
        return f"That passphrase is too short. {_SHAPE_ADVICE}; {_EXAMPLE_ADVICE}."
    if len(set(passphrase.lower())) < 5:
        return (
            "That passphrase repeats too few different characters to be hard to guess. "
            f"Choose something less regular; {_EXAMPLE_ADVICE}."
        )
    if _is_guessed_early(passphrase):
        return (
            "That passphrase is a common password or a run of keys, which is among the first "
            f"things an attacker tries. Choose something less predictable; {_EXAMPLE_ADVICE}."
        )
    return None


def passphrase_from_environment_or_tty(*, confirm: bool) -> str:
    """Get the key store passphrase for command-line use, scripts and tests.

    CONSULT_TUI_PASSPHRASE wins when set (used as given; unlock() still checks a new one's
    strength). Otherwise ask on the terminal without echo, twice when `confirm` (a new key store),
    re-asking a few times if the two differ or the first is too weak. With neither, raise
    PassphraseUnavailable rather than letting anything fall back to reading a pipe.
    """
    from_environment = os.environ.get(PASSPHRASE_ENV)
    if from_environment:
        return from_environment
    if not _can_ask_on_terminal():
        raise PassphraseUnavailable(
            "A passphrase is needed to open the encrypted key store, but there is no terminal to "
            f"ask on. Run consult-tui in a terminal, or set {PASSPHRASE_ENV} for scripts."
        )
    if not confirm:
        return _ask("Passphrase for the consult-tui key store: ")
    for _ in range(TTY_ATTEMPTS):
        chosen = _ask("Choose a passphrase for the new consult-tui key store: ")
        reason = check_passphrase_strength(chosen)
        if reason is not None:
            print(reason, file=sys.stderr)
            continue
        if _ask("Type the same passphrase again: ") == chosen:
            return chosen
        print("The two passphrases were different; please start again.", file=sys.stderr)
    raise WeakPassphrase(
        f"No passphrase was settled on after {TTY_ATTEMPTS} tries. Run the command again when "
        f"you are ready; {_EXAMPLE_ADVICE}."
    )


def _ask(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise PassphraseUnavailable(
            "No passphrase was typed (the input ended). Run the command again and type it, "
            f"or set {PASSPHRASE_ENV} for scripts."
        ) from None


def _can_ask_on_terminal() -> bool:
    # getpass would otherwise read a pipe with a warning, or a controlling terminal that the
    # person running a script cannot see.
    return sys.stdin is not None and sys.stdin.isatty()


def _is_guessed_early(passphrase: str) -> bool:
    lowered = passphrase.lower()
    trimmed = lowered.strip(_END_PADDING)
    compact = "".join(ch for ch in lowered if ch.isalnum())
    letters = "".join(ch for ch in trimmed.translate(_LOOK_ALIKES) if ch.isalpha())
    for candidate in {letters, compact, "".join(ch for ch in trimmed if ch.isalnum())}:
        if len(candidate) < 4:
            continue
        if _is_common_or_repeated(candidate) or _is_run(candidate):
            return True
    return False


def _is_common_or_repeated(text: str) -> bool:
    if text in _GUESSED_FIRST:
        return True
    for size in range(1, len(text) // 2 + 1):
        repeats, leftover = divmod(len(text), size)
        if leftover == 0 and text[:size] * repeats == text:
            unit = text[:size]
            return size <= 4 or repeats >= 3 or unit in _GUESSED_FIRST or _is_run(unit)
    return False


def _is_run(text: str) -> bool:
    return any(text in run or text in run[::-1] for run in _RUNS)
