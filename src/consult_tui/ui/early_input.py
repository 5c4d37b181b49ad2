"""Keys typed while consult-tui is still starting are kept exactly as typed.

Until Textual puts the terminal into raw mode (about half a second after launch, once Textual
is imported), the terminal's line discipline handles what is typed: it echoes the passphrase on
the screen, turns Enter (CR) into a newline that reaches the app as ctrl+j, and ctrl+c or ctrl+z
would stop the process. So the terminal is switched to the same raw settings as soon as the
command line knows it will run the app, and put back as it was when the app has finished
(Textual restores what it found, which by then is already raw).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO


@contextlib.contextmanager
def keys_kept_from_launch(stream: TextIO | None = None) -> Iterator[None]:
    """Raw terminal input from now until the block ends; nothing happens without a terminal."""
    try:
        import termios
    except ImportError:  # not a POSIX terminal
        yield
        return
    stream = stream if stream is not None else sys.stdin
    try:
        descriptor = stream.fileno()
        before = termios.tcgetattr(descriptor)
    except (AttributeError, OSError, ValueError, termios.error):
        yield
        return
    raw = [list(part) if isinstance(part, list) else part for part in before]
    signals = 0 if os.environ.get("TEXTUAL_ALLOW_SIGNALS") else termios.ISIG
    raw[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | signals)  # lflag
    raw[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
    raw[6][termios.VMIN] = 1  # cc: one key is enough for a read
    with contextlib.suppress(termios.error):
        # TCSANOW: what has been typed already stays in the queue (TCSAFLUSH would drop it).
        termios.tcsetattr(descriptor, termios.TCSANOW, raw)
    # Ask for bracketed paste now too (Textual asks again when it starts): a paste made before
    # then would otherwise arrive as typed keys, its line breaks as Enter moving between fields.
    _write_to_terminal(BRACKETED_PASTE_ON)
    try:
        yield
    finally:
        _write_to_terminal(BRACKETED_PASTE_OFF)
        with contextlib.suppress(termios.error):
            termios.tcsetattr(descriptor, termios.TCSANOW, before)


BRACKETED_PASTE_ON = "\x1b[?2004h"
BRACKETED_PASTE_OFF = "\x1b[?2004l"


def _write_to_terminal(sequence: str) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if sys.__stdout__ is not None and sys.__stdout__.isatty():
            sys.__stdout__.write(sequence)
            sys.__stdout__.flush()
