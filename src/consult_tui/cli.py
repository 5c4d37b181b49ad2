"""The `consult-tui` command: the app by default, and verbs for set-up, checks and records.

Imports are deferred into each verb so that starting the app pays only for Textual; every error a
person can cause is caught here and printed as a sentence, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .export import json_text

if TYPE_CHECKING:
    from .config import Settings
    from .workspace import Workspace

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem the person can fix; printed without a traceback."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file (default: CONSULT_TUI_DB, the config file, or the data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="consult-tui",
        description="Work through an information-sharing decision about a child or family and "
        "keep an encrypted, defensible record. With no command, opens the app.",
        parents=[common],
    )
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND")

    verbs.add_parser("init", parents=[common], help="set up the key store and a new database")
    verbs.add_parser("doctor", parents=[common], help="check the key store, database and terminal")
    verbs.add_parser("locate", parents=[common], help="show where config, data and keys live")

    demo = verbs.add_parser(
        "demo", parents=[common], help="open the app on the example consultations"
    )
    demo.add_argument(
        "--no-ui", action="store_true", help="seed the examples and exit without opening the app"
    )

    export = verbs.add_parser("export", parents=[common], help="export records")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("record_id", nargs="?", metavar="ID", help="the record to export")
    which.add_argument("--all", action="store_true", help="export every record")
    export.add_argument(
        "--format",
        choices=["md", "pdf", "json"],
        default="json",
        help="md or pdf for a case file, json for systems (--all: json only)",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (0600), not stdout")

    listing = verbs.add_parser("list", parents=[common], help="list consultations, newest first")
    listing.add_argument("--search", metavar="WORDS", default="", help="only those matching")
    listing.add_argument("--due", action="store_true", help="only reviews due or overdue")
    listing.add_argument("--limit", type=int, default=200, metavar="N", help="at most N (200)")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    show = verbs.add_parser("show", parents=[common], help="print one record in reading order")
    show.add_argument("record_id", metavar="ID")

    chronology = verbs.add_parser(
        "chronology", parents=[common], help="every consultation and addendum for a case, by date"
    )
    chronology.add_argument("case_reference", nargs="?", metavar="CASE_REF", default=None)
    chronology.add_argument("--child", metavar="NAME", help="for a child, across case references")
    chronology.add_argument("--json", action="store_true", help="print JSON instead of a table")

    importer = verbs.add_parser("import", parents=[common], help="import records from JSON")
    importer.add_argument("file", metavar="FILE")

    audit = verbs.add_parser("audit", parents=[common], help="the audit trail")
    audit_verbs = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_verbs.add_parser("verify", parents=[common], help="check the hash chain is unbroken")

    move = verbs.add_parser(
        "move",
        parents=[common],
        help="move the database to another path, taking its key along",
    )
    move.add_argument("target", metavar="NEW_PATH", help="the new file (or a folder to move into)")
    assess = verbs.add_parser(
        "assess", parents=[common], help="print the proportionality assessment of a record file"
    )
    assess.add_argument("file", metavar="FILE.json")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "app"
    handler = _HANDLERS[command]
    try:
        return handler(args)
    except CliError as error:
        _fail(str(error))
        return error.code
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except Exception as error:
        if _is_explained(error):
            _fail(str(error))
            return EXIT_PROBLEM
        raise


def _fail(message: str) -> None:
    print(f"consult-tui: {message}", file=sys.stderr)


def _is_explained(error: Exception) -> bool:
    from .config import ConfigError
    from .workspace import WorkspaceError

    explained: tuple[type[Exception], ...] = (ConfigError, WorkspaceError)
    if "consult_tui.security.keys" in sys.modules:
        from .security.keys import KeyStoreError

        explained += (KeyStoreError,)
    if "consult_tui.store.errors" in sys.modules:
        from .store.errors import StoreError

        explained += (StoreError,)
    if "consult_tui.domain.guidance" in sys.modules:
        from .domain.guidance import PackError

        explained += (PackError,)
    return isinstance(error, explained)


def _settings(args: argparse.Namespace) -> Settings:
    from .config import load_settings

    return load_settings(getattr(args, "db", None))


def _open(settings: Settings, *, create: bool = False) -> Workspace:
    """Open the workspace without a screen: the passphrase comes from the environment or a TTY."""
    from .security.keys import passphrase_from_environment_or_tty
    from .workspace import open_workspace, prepare_keystore

    if not create and not settings.database.exists():
        raise CliError(
            f"There is no database at {settings.database}. Run `consult-tui init` to make one, "
            "or point --db at an existing one.",
            EXIT_PROBLEM,
        )
    keystore = prepare_keystore(settings)
    passphrase = None
    if keystore.needs_passphrase:
        passphrase = passphrase_from_environment_or_tty(confirm=keystore.first_run)
    return open_workspace(settings, keystore, passphrase, create=create)


# -- verbs ---------------------------------------------------------------------------------


def run_app(args: argparse.Namespace) -> int:
    from .ui.app import ConsultApp

    app = ConsultApp(_settings(args))
    result = app.run()
    return int(result or 0)


def run_init(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings.database.exists():
        raise CliError(
            f"A database already exists at {settings.database}; init leaves it alone. "
            "Use `consult-tui doctor` to check it.",
            EXIT_PROBLEM,
        )
    workspace = _open(settings, create=True)
    try:
        print(f"Created an encrypted database at {workspace.database}")
        print(f"Its key is kept in: {workspace.keystore.backend_name}")
    finally:
        workspace.close()
    return EXIT_OK


def run_locate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    paths = settings.paths
    rows = [
        ("config file", paths.config_file),
        ("database", settings.database),
        ("data folder", paths.data_dir),
        ("key store file (encrypted-file backend)", paths.cryptfile_keyring),
        ("crash reports", paths.crash_dir),
    ]
    width = max(len(label) for label, _ in rows)
    for label, path in rows:
        print(f"{label:<{width}}  {path}")
    return EXIT_OK


def run_doctor(args: argparse.Namespace) -> int:
    from .doctor import diagnose

    settings = _settings(args)
    report = diagnose(settings, opener=lambda: _open(settings))
    for line in report.lines:
        print(line)
    return EXIT_OK if report.healthy else EXIT_PROBLEM


def run_demo(args: argparse.Namespace) -> int:
    from .demo import open_throwaway_demo, seed_examples

    explicit_db = getattr(args, "db", None) or os.environ.get("CONSULT_TUI_DB")
    if explicit_db:
        settings = _settings(args)
        if settings.database.exists():
            raise CliError(
                f"{settings.database} already exists. The demo makes a new database; "
                "give --db a path that does not exist yet.",
                EXIT_PROBLEM,
            )
        workspace = _open(settings, create=True)
        count = seed_examples(workspace.store)
        print(f"Seeded {count} example consultations into {workspace.database}")
        if args.no_ui:
            workspace.close()
            return EXIT_OK
        return _run_app_on(workspace)

    with open_throwaway_demo(_settings(args)) as workspace:
        if args.no_ui:
            print(
                f"Seeded {workspace.store.count()} example consultations into a throwaway "
                "database, which is now deleted. Give --db PATH to keep one."
            )
            return EXIT_OK
        return _run_app_on(workspace)


def _run_app_on(workspace: Workspace) -> int:
    from .ui.app import ConsultApp

    app = ConsultApp(workspace.settings, demo_workspace=workspace)
    try:
        return int(app.run() or 0)
    finally:
        workspace.close()


def run_export(args: argparse.Namespace) -> int:
    from .store.transfer import export_records

    if args.all and args.format != "json":
        raise CliError("--all exports JSON only; export one record at a time as md or pdf.")
    if not args.all:
        return _export_one(args)
    workspace = _open(_settings(args))
    try:
        ids = None if args.all else [args.record_id]
        document = export_records(workspace.store, ids)
    finally:
        workspace.close()
    text = json_text.dumps(document) + "\n"
    if args.output:
        _write_private(Path(args.output), text)
        print(f"Exported {len(document['records'])} record(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _write_private(path: Path, text: str) -> None:
    """Write an export readable by its owner only: it holds case data in plain text."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise CliError(f"Cannot write {path}: {error.strerror}.", EXIT_PROBLEM) from None
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def run_import(args: argparse.Namespace) -> int:
    from .store.transfer import import_records

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(
            f"Cannot read {path}: {error}. Nothing was imported.", EXIT_PROBLEM
        ) from None
    from .store.errors import ImportRefused

    workspace = _open(_settings(args))
    try:
        result = import_records(workspace.store, text)
    except ImportRefused as refused:
        # Every problem, each with its place, so the file can be fixed in one pass.
        shown = refused.problems[:20]
        lines = [f"  {place}: {reason}" for place, reason in shown]
        if len(refused.problems) > len(shown):
            lines.append(f"  … and {len(refused.problems) - len(shown)} more")
        raise CliError(
            f"{path} was refused; nothing was imported. Problems:\n" + "\n".join(lines),
            EXIT_PROBLEM,
        ) from None
    finally:
        workspace.close()
    print(f"Imported {result.count} record(s) from {path}")
    return EXIT_OK


def run_audit(args: argparse.Namespace) -> int:
    workspace = _open(_settings(args))
    try:
        verification = workspace.store.verify_audit()
    finally:
        workspace.close()
    if verification.ok:
        print(f"Audit trail intact: {verification.checked} entries checked.")
        return EXIT_OK
    print(
        f"Audit trail BROKEN at entry {verification.first_broken}: {verification.problem}",
        file=sys.stderr,
    )
    return EXIT_PROBLEM


def run_assess(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from .domain.assessment import assess
    from .domain.guidance import load_pack
    from .domain.record import Consultation

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"Cannot read {path}: {error}.", EXIT_PROBLEM) from None
    try:
        record = Consultation.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(p) for p in first["loc"]) or "(the whole file)"
        raise CliError(
            f"{path} is not a consultation record: at {place}: {first['msg']} "
            f"({error.error_count()} problem(s) in all).",
            EXIT_PROBLEM,
        ) from None
    settings = _settings(args)
    assessment = assess(record, load_pack(settings.guidance_pack))
    print(json_text.dumps(assessment.to_dict()))
    return EXIT_OK


def _export_one(args: argparse.Namespace) -> int:
    from .export.files import ExportError, write_private
    from .export.service import ExportFormat, export_record
    from .store.repository import check_record_id

    fmt = ExportFormat(args.format)
    try:
        check_record_id(args.record_id)
    except ValueError:
        raise CliError(
            f"{args.record_id!r} is not a record id; `consult-tui list` shows them."
        ) from None
    if fmt is ExportFormat.PDF and not args.output and sys.stdout.isatty():
        raise CliError("A PDF is not for the terminal: give -o FILE.pdf to write it to a file.")

    def deliver(data: bytes) -> None:
        if args.output:
            write_private(Path(args.output), data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()

    workspace = _open(_settings(args))
    try:
        export_record(workspace.store, args.record_id, fmt, workspace.pack, deliver)
    except ExportError as error:
        raise CliError(str(error), EXIT_PROBLEM) from None
    finally:
        workspace.close()
    if args.output:
        print(f"Exported record {args.record_id} as {fmt.value} to {args.output}", file=sys.stderr)
    return EXIT_OK


def _table(rows: list[list[str]], headings: list[str]) -> str:
    from .export.text import clean

    cells = [[clean(str(c), multiline=False) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headings)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headings, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def run_list(args: argparse.Namespace) -> int:
    from .store.search import ReviewDue, ReviewQuery, SortColumn

    query = ReviewQuery(text=args.search)
    if args.due:
        query = ReviewQuery(
            text=args.search, review=ReviewDue.DUE, sort=SortColumn.REVIEW_DATE, descending=False
        )
    workspace = _open(_settings(args))
    try:
        rows = workspace.store.review_page(query, limit=max(0, args.limit))
        total = workspace.store.review_count(query)
    finally:
        workspace.close()
    if args.json:
        records = [
            {
                "id": r.id,
                "case_reference": r.case_reference,
                "date": r.created_at.isoformat(),
                "practitioner": r.practitioner,
                "child": r.child_label,
                "decision": str(getattr(r.decision, "value", r.decision)),
                "status": r.status.value,
                "review_date": r.review_date.isoformat() if r.review_date else None,
                "anonymised": r.anonymised,
                "addenda": r.addenda_count,
            }
            for r in rows
        ]
        print(json_text.dumps({"total": total, "records": records}))
        return EXIT_OK
    if not rows:
        print("No consultations match." if args.search or args.due else "No consultations yet.")
        return EXIT_OK
    table = [
        [
            r.id,
            r.created_at.strftime("%Y-%m-%d"),
            r.case_reference or "-",
            r.child_label or "-",
            str(getattr(r.decision, "value", r.decision)).replace("_", " "),
            r.status.value,
            r.review_date.isoformat() if r.review_date else "-",
        ]
        for r in rows
    ]
    sys.stdout.write(
        _table(table, ["ID", "DATE", "CASE REF", "CHILD", "DECISION", "STATUS", "REVIEW"])
    )
    if total > len(rows):
        print(f"({len(rows)} of {total} shown; --limit N for more)", file=sys.stderr)
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from .export.document import build_document
    from .export.plain import render_plain

    workspace = _open(_settings(args))
    try:
        record = workspace.store.get(args.record_id, audit_view=True)
        trail = workspace.store.audit_trail(record.id)
        text = render_plain(build_document(record, workspace.pack, trail=trail))
    finally:
        workspace.close()
    sys.stdout.write(text)
    return EXIT_OK


def run_chronology(args: argparse.Namespace) -> int:
    from .text_fit import cut_words

    if not (args.case_reference or "").strip() and not (args.child or "").strip():
        raise CliError("Give a case reference, or --child NAME for a child's chronology.")
    workspace = _open(_settings(args))
    try:
        entries = workspace.store.chronology(args.case_reference, child=args.child)
    finally:
        workspace.close()
    if args.json:
        print(
            json_text.dumps(
                [
                    {
                        "at": e.at.isoformat(),
                        "kind": e.kind.value,
                        "record_id": e.record_id,
                        "case_reference": e.case_reference,
                        "child": e.child_label,
                        "status": e.status.value,
                        "decision": str(getattr(e.decision, "value", e.decision)),
                        "summary": e.summary,
                    }
                    for e in entries
                ]
            )
        )
        return EXIT_OK
    if not entries:
        print("Nothing recorded for that.")
        return EXIT_OK
    rows = [
        [
            e.at.strftime("%Y-%m-%d %H:%M"),
            e.kind.value,
            e.record_id,
            e.case_reference or "-",
            e.child_label or "-",
            cut_words(" ".join(e.summary.split()), 100) or "-",
        ]
        for e in entries
    ]
    sys.stdout.write(_table(rows, ["WHEN", "WHAT", "RECORD", "CASE REF", "CHILD", "WHY / NOTE"]))
    return EXIT_OK


def run_move(args: argparse.Namespace) -> int:
    from .move import move_database
    from .security.keys import passphrase_from_environment_or_tty
    from .workspace import prepare_keystore

    settings = _settings(args)
    if not settings.database.exists():
        raise CliError(
            f"There is no database at {settings.database} to move. Point --db at the database "
            "you mean.",
            EXIT_PROBLEM,
        )
    keystore = prepare_keystore(settings)
    passphrase = None
    if keystore.needs_passphrase:
        passphrase = passphrase_from_environment_or_tty(confirm=False)
    moved = move_database(settings.database, Path(args.target), keystore, passphrase)
    print(f"Moved the database to {moved.target}; its key is kept under the new path.")
    print(
        "Open it from now on with --db, CONSULT_TUI_DB, or in "
        f"{settings.paths.config_file}:\n\n  [database]\n  path = {json.dumps(str(moved.target))}"
    )
    if moved.left_behind:
        names = ", ".join(str(p) for p in moved.left_behind)
        print(
            f"\nCopies made before schema upgrades stay where they were ({names}); they open "
            "with the same key if ever restored to the new path."
        )
    return EXIT_OK


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "app": run_app,
    "init": run_init,
    "doctor": run_doctor,
    "locate": run_locate,
    "demo": run_demo,
    "export": run_export,
    "import": run_import,
    "audit": run_audit,
    "assess": run_assess,
    "move": run_move,
    "list": run_list,
    "show": run_show,
    "chronology": run_chronology,
}


if __name__ == "__main__":
    sys.exit(main())
