"""The app in a real terminal as SSH users meet it: TERM=xterm-256color with no COLORTERM (OpenSSH
does not forward it), and NO_COLOR=1. Both are fully usable: everything is there in words, the
cursor and the selected row can be seen, and NO_COLOR really means no colour codes at all."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.tmux_session import TmuxSession, isolated_env

SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def sgr_parameters(styled: str) -> list[list[int]]:
    return [[int(p or 0) for p in re.split("[;:]", codes)] for codes in SGR.findall(styled)]


def colour_codes(styled: str) -> set[int]:
    """Every SGR parameter that sets a colour (foreground, background, 8/16/256/true colour)."""
    found: set[int] = set()
    for parameters in sgr_parameters(styled):
        for value in parameters:
            if 30 <= value <= 38 or 40 <= value <= 48 or 90 <= value <= 97 or 100 <= value <= 107:
                found.add(value)
    return found


def has_reverse_video(styled: str) -> bool:
    return any(7 in parameters for parameters in sgr_parameters(styled))


def capture(session: TmuxSession) -> tuple[str, str]:
    time.sleep(0.4)  # let the last frame land
    return session.screen(), session.screen_with_styles()


@pytest.mark.real("tmux")
@pytest.mark.parametrize("no_color", [True, False], ids=["NO_COLOR=1", "xterm-256color"])
def test_home_and_consultation_screens_are_usable_with_and_without_colour(
    tmp_path: Path, no_color: bool
) -> None:
    extra = {"NO_COLOR": "1"} if no_color else {}
    env = isolated_env(tmp_path / "xdg", **extra)
    assert env["TERM"] == "xterm-256color" and "COLORTERM" not in env
    session = TmuxSession([sys.executable, "-m", "consult_tui.cli", "demo"], env)
    try:
        session.wait_for("throwaway demo", timeout=30)
        session.wait_for("HV-2025-0398")
        home, home_styled = capture(session)
        session.press("C-n")
        session.wait_for("Case facts")
        session.type("HV-COLOUR-1")
        session.wait_for("HV-COLOUR-1")
        consultation, consultation_styled = capture(session)
    finally:
        session.close()

    # Everything needed is there in words, whatever the colours.
    for words in ("4 consultations", "Case ref", "Draft", "^n New", "F5 Review", "^p all keys"):
        assert words in home, f"{words!r} missing from the list:\n{home}"
    for words in ("Case facts", "Case reference", "HV-COLOUR-1", "F9 Finalise", "Lean"):
        assert words in consultation, f"{words!r} missing:\n{consultation}"
    # The selected row and the text cursor are visible.
    assert has_reverse_video(home_styled) or not no_color
    assert has_reverse_video(consultation_styled)

    colours = colour_codes(home_styled) | colour_codes(consultation_styled)
    if no_color:
        assert colours <= {39, 49}, f"colour codes under NO_COLOR: {sorted(colours)}"
    else:
        assert colours - {39, 49}, "no colours in a 256-colour terminal"
        # No COLORTERM: 256-colour codes only, never 24-bit ones the terminal may not know.
        assert not any(
            parameters[i : i + 2] in ([38, 2], [48, 2])
            for parameters in sgr_parameters(home_styled + consultation_styled)
            for i in range(len(parameters))
        )
