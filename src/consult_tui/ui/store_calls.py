"""One way to ask the record service for something and tell the practitioner when it fails."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from textual.dom import DOMNode

_Answer = TypeVar("_Answer")


def told_as_sentence(error: BaseException) -> bool:
    """Failures whose message is written for a person (and quotes no case text)."""
    from ..export.files import ExportError
    from ..store.errors import StoreError
    from .autosave import DraftNotSaved

    return isinstance(error, StoreError | ExportError | DraftNotSaved)


async def reported(node: DOMNode, answer: Awaitable[_Answer]) -> _Answer | None:
    """The answer, or None once the failure has been shown (store, export, full disk).

    Anything else is a bug and is left to rise, so that the crash handler saves and reports it.
    """
    try:
        return await answer
    except OSError as error:
        node.notify(
            f"That could not be done: {error.strerror or 'the disk refused'}. Free some space "
            "or fix the data folder, then try again.",
            severity="error",
            markup=False,
        )
    except Exception as error:
        if not told_as_sentence(error):
            raise
        node.notify(str(error), severity="error", markup=False)
    return None
