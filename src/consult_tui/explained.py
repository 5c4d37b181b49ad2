"""Which errors are written for a person, and how to echo back what a person typed.

One classifier for the command line, the app and `doctor`: an error is "explained" when its
message is a sentence that says what happened and what to do, and carries no case text. Anything
else is unexpected, and gets a crash report instead of a message.

Each error class is looked up only if its module is already loaded: an error can only come from
a module that ran, so this costs no imports and makes no import circle.
"""

from __future__ import annotations

import sys
import unicodedata

# module name -> error classes in it that carry a sentence for a person
_EXPLAINED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("consult_tui.config", ("ConfigError",)),
    ("consult_tui.workspace", ("WorkspaceError",)),
    ("consult_tui.paths", ("PathRefused",)),
    ("consult_tui.private_file", ("WriteRefused",)),
    ("consult_tui.export.files", ("ExportError",)),
    ("consult_tui.security.keys", ("KeyStoreError",)),
    ("consult_tui.store.errors", ("StoreError",)),
    ("consult_tui.domain.guidance", ("PackError",)),
)


def explained_types() -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = []
    for module_name, names in _EXPLAINED:
        module = sys.modules.get(module_name)
        if module is None:
            continue
        found.extend(getattr(module, name) for name in names if hasattr(module, name))
    return tuple(found)


def is_explained(error: BaseException) -> bool:
    """Whether the error's message is a sentence fit to show as it is (and holds no case text)."""
    return isinstance(error, explained_types())


# Control characters shown as the symbols Unicode keeps for them (U+2400 onwards), so an escape
# code typed as an argument is seen, never obeyed by the terminal.
_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def shown(text: str, *, limit: int = 40) -> str:
    """Typed text made safe to print in a message: every character visible, at most ``limit``.

    Control characters become their Unicode pictures (ESC as ␛), invisible format characters
    (bidi overrides, zero-width spaces) become <U+XXXX>, and long text is cut with an ellipsis.
    """
    out: list[str] = []
    length = 0
    for character in text:
        code = ord(character)
        if code in _CONTROL_PICTURES:
            piece = _CONTROL_PICTURES[code]
        elif unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            piece = f"<U+{code:04X}>"
        else:
            piece = character
        if length + len(piece) > limit:
            out.append("…")
            break
        out.append(piece)
        length += len(piece)
    return "".join(out)
