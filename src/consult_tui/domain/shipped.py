"""Reading a file shipped inside the package (the guidance pack, the example records).

Such a file is part of the installation, not the practitioner's data, so when it cannot be read
the fault is the installation's and the message says to reinstall, naming the file.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable


def read_shipped_text(resource: Traversable, what: str, error: type[Exception]) -> str:
    """The UTF-8 text of ``resource``; a failure raises ``error`` naming ``what`` was read."""
    try:
        return resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(
            f"{what} cannot be read ({exc.__class__.__name__}). "
            "The installation may be damaged: reinstall consult-tui."
        ) from None
