"""What can go wrong with the record store, each told as a plain sentence saying what to do next.

Every message names the database file (or the record id, which is random and holds no case data)
and never quotes case text, SQL or parameters, so a message can go on screen, into a crash report
or into a log without leaking anything about a child or family.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Self


class StoreError(Exception):
    """Base of every record-store problem; ``str()`` is a sentence fit to show a practitioner."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message

    # The sentence, as a str.format template over {path} and the fields a subclass's at() takes.
    # One template per class keeps each message in one place; at() only fills it in.
    template: ClassVar[str] = ""

    @classmethod
    def _told(cls, path: Path, **fields: object) -> Self:
        return cls(cls.template.format(path=path, **fields), path=path)


class _AboutTheFile(StoreError):
    """A problem with the store file as a whole: the path says everything."""

    @classmethod
    def at(cls, path: Path) -> Self:
        return cls._told(path)


class _AboutARecord(StoreError):
    """A problem with one record, named by its id (random, so it holds no case data)."""

    @classmethod
    def at(cls, path: Path, record_id: str) -> Self:
        return cls._told(path, record_id=record_id)


class _WithAReason(StoreError):
    """A problem with the file, with what was found in a few plain words (never case text)."""

    @classmethod
    def at(cls, path: Path, reason: str) -> Self:
        return cls._told(path, reason=reason)


# -- opening -------------------------------------------------------------------------------------


class DatabaseMissing(_AboutTheFile):
    template = (
        "There is no record store at {path}. Check the database path in your settings, "
        "or start consult-tui with a new store if this is the first time you use it."
    )


class WrongKey(_AboutTheFile):
    template = (
        "The record store at {path} cannot be opened with this key. Unlock with the key it "
        "was created with (check which key store consult-tui is using); if the key is right, "
        "the start of the file is damaged and you should restore it from a backup. "
        "The file has not been changed."
    )


class NotADatabase(StoreError):
    template = (
        "{path} is not a consult-tui record store ({what}). {step} The file has not been changed."
    )

    @classmethod
    def at(cls, path: Path, what: str, step: str = "") -> Self:
        step = step or "Check the database path in your settings (`consult-tui locate`)."
        return cls._told(path, what=what, step=step)


class NotAFile(StoreError):
    """The database path names a folder, a pipe or a device: no key is looked up for it."""

    template = "{path} is {kind}, not a database file. {step} Nothing was changed."

    @classmethod
    def at(cls, path: Path, kind: str) -> Self:
        if kind == "a folder":
            step = (
                f"Give the database file itself, for example {path / 'consultations.db'}, "
                "or run `consult-tui locate` to see where the database is."
            )
        else:
            step = "Give the path of the database file (`consult-tui locate` shows it)."
        return cls._told(path, kind=kind, step=step)


class DatabaseReadOnly(_WithAReason):
    """The file is there and may be sound, but consult-tui cannot write to it or beside it."""

    template = (
        "The record store at {path} cannot be written: {reason}. consult-tui needs to write "
        "there to record anything, so it has not opened it. The file is not damaged and has "
        "not been changed: make it writable again (check the disk is not mounted read-only "
        "and that the file and its folder are yours), then try again."
    )


class DatabaseUnreadable(_WithAReason):
    template = (
        "The record store at {path} cannot be read ({reason}). It has not been changed. "
        "Check that the file is yours and its disk is working, then run `consult-tui doctor`."
    )


class CorruptDatabase(_WithAReason):
    template = (
        "The record store at {path} is damaged ({reason}). Restore it from your latest "
        "backup and tell whoever looks after your computer. The file has not been changed."
    )


class NewerSchema(_WithAReason):
    template = (
        "The record store at {path} was written by a newer version of consult-tui "
        "(schema {reason}). Update consult-tui before opening it; the file has not "
        "been changed."
    )


class MigrationFailed(StoreError):
    template = (
        "The record store at {path} could not be upgraded to this version of consult-tui, "
        "so it was left as it was.{kept} Keep using the previous version of consult-tui "
        "and report the problem."
    )

    @classmethod
    def at(cls, path: Path, backup: Path | None) -> Self:
        kept = f" A copy made before the upgrade is at {backup}." if backup else ""
        return cls._told(path, kept=kept)


# -- working with records ------------------------------------------------------------------------


class StoreClosed(_AboutTheFile):
    template = (
        "The record store at {path} has been closed (it closes when consult-tui locks). "
        "Unlock it again to carry on."
    )


class StoreBusy(_AboutTheFile):
    template = (
        "The record store at {path} is busy in another consult-tui window. Try again in a "
        "moment; if it stays busy, close the other window."
    )


class StoreWriteFailed(_AboutTheFile):
    template = (
        "The record store at {path} could not be written (the disk may be full, read-only "
        "or failing), so the last change was not saved. Free some space or ask whoever looks "
        "after your computer, then save again."
    )


class RecordNotFound(_AboutARecord):
    template = (
        "There is no record {record_id} in the record store at {path}. It may be in "
        "another store: check the database path in your settings."
    )


class RecordUnreadable(_AboutARecord):
    template = (
        "Record {record_id} in the record store at {path} cannot be read by this version "
        "of consult-tui. Update consult-tui; if that does not help, restore a backup."
    )


class RecordFinalised(_AboutARecord):
    template = (
        "Record {record_id} is finalised, so it cannot be changed. Add a dated addendum "
        "to it instead."
    )


class NotFinalised(_AboutARecord):
    template = (
        "Record {record_id} is still a draft, so it takes no addendum. Edit the draft "
        "itself, or finalise it first."
    )


class ImportRefused(StoreError):
    """The whole import was refused; ``problems`` lists (place, reason) pairs, first one first."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        place, reason = problems[0]
        more = len(problems) - 1
        tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        super().__init__(f"{place}: {reason}{tail} — nothing was imported")
