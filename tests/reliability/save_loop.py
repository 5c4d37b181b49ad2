"""A process that saves drafts as fast as it can and reports each completed save, to be killed.

Run as a small fork server so that each victim starts at once: it imports the store once, then
for every `fork RECORD_ID` line on stdin forks a child that opens the database and saves that
draft in a loop, printing `saved RECORD_ID N` after each save_draft has returned (and
`finalised RECORD_ID` after each finalise). `reap` waits for the last child. The database key
arrives as hex on the first line of stdin, never on the command line.

Usage: python tests/reliability/save_loop.py DATABASE
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def report(line: str) -> None:
    """One whole line in one write: a pipe write under PIPE_BUF bytes cannot be cut by the kill.

    print() writes the text and its newline separately when Python runs unbuffered
    (PYTHONUNBUFFERED=1), so a kill between the two left half a line for the next to join.
    """
    os.write(sys.stdout.fileno(), f"{line}\n".encode())


def save_forever(database: Path, key: bytes, record_id: str) -> None:
    from consult_tui.domain.examples import bruised_baby
    from consult_tui.domain.record import Fact
    from consult_tui.store.repository import RecordStore

    store = RecordStore.open(database, key)
    record = bruised_baby()
    record.id = record_id
    number = 0
    while True:
        number += 1
        record.case_reference = f"save-{number}"
        # Enough changing text that the write-ahead log grows and checkpoints now and then.
        record.facts.append(Fact(text=f"note {number} " + "lorem ipsum " * 40, source="test"))
        record.facts = record.facts[-8:]
        store.save_draft(record)
        report(f"saved {record_id} {number}")
        if number % 10 == 0:
            final = bruised_baby()
            final.id = f"{record_id}f{number}"
            store.finalise(final, {"lean": "share"})
            report(f"finalised {final.id}")


def main() -> None:
    database = Path(sys.argv[1])
    key = bytes.fromhex(sys.stdin.readline().strip())
    # Import everything the children need before forking, so each starts saving at once.
    import consult_tui.domain.examples
    import consult_tui.store.repository  # noqa: F401

    child = 0
    report("ready")
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "fork":
            child = os.fork()
            if child == 0:
                try:
                    save_forever(database, key, argument)
                finally:
                    os._exit(1)
            report(f"child {child}")
        elif command == "reap" and child:
            _, status = os.waitpid(child, 0)
            report(f"reaped {child} {status}")
            child = 0


if __name__ == "__main__":
    main()
