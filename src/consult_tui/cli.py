"""The `consult-tui` command: the app by default, and verbs for set-up, checks and records.

Imports are deferred into each verb so that starting the app pays only for Textual; every error a
person can cause is caught here and printed as a sentence, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .explained import is_explained
from .export import json_text

if TYPE_CHECKING:
    from .config import Settings
    from .private_file import AppFiles
    from .workspace import Workspace

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem the person can fix; printed without a traceback."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error echoes what was typed safely (no raw escape codes)."""

    def error(self, message: str) -> NoReturn:
        from .explained import shown

        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {shown(message, limit=300)}\n")


LIMIT_MAX = 100_000


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from low to high, or a usage error that says so."""

    def parse(text: str) -> int:
        from .explained import shown

        try:
            value = int(text.strip(), 10)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"give a whole number from {low} to {high:,}, not {shown(text)!r}"
            )
        return value

    parse.__name__ = "whole number"
    return parse


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file (default: CONSULT_TUI_DB, the config file, or the data folder)",
    )
    parser = _Parser(
        prog="consult-tui",
        description="Work through an information-sharing decision about a child or family and "
        "keep an encrypted, defensible record. With no command, opens the app.",
        parents=[common],
    )
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

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
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to a new FILE (0600), not stdout"
    )
    export.add_argument(
        "--overwrite",
        action="store_true",
        help="replace FILE if it exists (never one of consult-tui's own files)",
    )

    listing = verbs.add_parser("list", parents=[common], help="list consultations, newest first")
    listing.add_argument("--search", metavar="WORDS", default="", help="only those matching")
    listing.add_argument("--due", action="store_true", help="only reviews due or overdue")
    listing.add_argument(
        "--limit",
        type=_whole_number(1, LIMIT_MAX),
        default=200,
        metavar="N",
        help=f"at most N, 1 to {LIMIT_MAX:,} (200)",
    )
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
    importer.add_argument(
        "--unverified",
        action="store_true",
        help='import finalised records whose seal proves nothing, marked "imported, not verified"',
    )

    audit = verbs.add_parser("audit", parents=[common], help="the audit trail")
    audit_verbs = audit.add_subparsers(
        dest="audit_command", metavar="ACTION", required=True, parser_class=_Parser
    )
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
    """Run one command. Every failure ends as a sentence and an exit code, never a traceback:

    1 for a problem the person can fix (or an unexpected error, with a crash report),
    2 for a command typed wrongly, 130 for ctrl+c, and quietly 141 when the reader of the
    output has gone (`consult-tui list --json | head -1`), as other Unix tools do.
    """
    try:
        args = build_parser().parse_args(argv)  # usage errors: SystemExit(2), said by argparse
        code = _HANDLERS[args.command or "app"](args)
        sys.stdout.flush()  # inside the handler's reach: a gone reader is noticed here
        return code
    except CliError as error:
        _fail(str(error))
        return error.code
    except KeyboardInterrupt:
        _fail("stopped.")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as error:
        if is_explained(error):
            _fail(str(error))
            return EXIT_PROBLEM
        return _crashed(error)


EXIT_BROKEN_PIPE = 128 + 13  # as a shell reports a tool ended by SIGPIPE


def _fail(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(f"consult-tui: {message}", file=sys.stderr)


def _note(message: str) -> None:
    """A line on stderr that is not an error (it never mixes with output meant for a pipe)."""
    _fail(message)


def _silence_stdout() -> None:
    """After the reader has gone, point stdout at /dev/null so the final flush stays quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _crashed(error: Exception) -> int:
    """An error nobody wrote a sentence for: a report without case text, and where it is."""
    from .crash import write_crash_report
    from .paths import app_paths

    report = None
    with contextlib.suppress(Exception):
        report = write_crash_report(error, app_paths().crash_dir)
    where = (
        f"A crash report without case details is at {report}; please send it to whoever "
        "looks after consult-tui."
        if report
        else "No crash report could be written either; run `consult-tui doctor`."
    )
    _fail(
        f"something unexpected went wrong ({type(error).__name__}), and the command stopped. "
        f"{where}"
    )
    return EXIT_PROBLEM


def _settings(args: argparse.Namespace) -> Settings:
    """The settings, with the database path resolved once: links followed (and said so)."""
    cached = getattr(args, "_settings", None)
    if cached is not None:
        return cached
    from .config import load_settings
    from .paths import resolve_database_path

    given = getattr(args, "db", None)
    if given is not None and not given.strip():
        raise CliError(
            "--db was given an empty path. Give the database file, or leave --db out to use "
            "CONSULT_TUI_DB, the config file, or the default in the data folder "
            "(`consult-tui locate` shows which)."
        )
    resolved = resolve_database_path(given, "--db") if given is not None else None
    settings = load_settings(resolved.path if resolved else None)
    if resolved is None:
        resolved = resolve_database_path(settings.database, "The database path")
    if resolved.via_link is not None:
        _note(
            f"{resolved.via_link} is a symbolic link; using the database it points to, "
            f"{resolved.path}."
        )
    settings.database = resolved.path
    args._settings = settings
    args._database_link = resolved.via_link
    return settings


def _app_files(settings: Settings) -> AppFiles:
    from .private_file import AppFiles

    return AppFiles.of(settings.paths, [settings.database])


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
    from .ui.early_input import keys_kept_from_launch

    # Raw input before the slow imports: a passphrase typed at launch arrives as typed.
    with keys_kept_from_launch():
        from .ui.app import ConsultApp

        app = ConsultApp(_settings(args))
        result = app.run()
    return int(result or 0)


def _open_new(args: argparse.Namespace, refusal: str) -> Workspace:
    """Make a new database; one already at the path is left alone and ``refusal`` says so
    (a str.format template over {database})."""
    settings = _settings(args)
    if settings.database.exists():
        raise CliError(refusal.format(database=settings.database), EXIT_PROBLEM)
    return _open(settings, create=True)


def run_init(args: argparse.Namespace) -> int:
    workspace = _open_new(
        args,
        "A database already exists at {database}; init leaves it alone. "
        "Use `consult-tui doctor` to check it.",
    )
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
    from .config import ConfigError
    from .doctor import diagnose

    try:
        settings = _settings(args)
    except ConfigError as error:
        # Nothing else can be checked with settings that cannot be used: say so, as doctor does.
        print(f"BAD  config  {error}\nNOT healthy: see the lines marked BAD")
        return EXIT_PROBLEM
    report = diagnose(settings, opener=lambda: _open(settings))
    for line in report.lines:
        print(line)
    return EXIT_OK if report.healthy else EXIT_PROBLEM


def run_demo(args: argparse.Namespace) -> int:
    from .demo import open_throwaway_demo, seed_examples

    # `--db ''` is refused by _settings, never taken as "no --db" (a throwaway demo).
    explicit_db = getattr(args, "db", None) is not None or os.environ.get("CONSULT_TUI_DB")
    if explicit_db:
        workspace = _open_new(
            args,
            "{database} already exists. The demo makes a new database; "
            "give --db a path that does not exist yet.",
        )
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
    if args.overwrite and args.output is None:
        raise CliError("--overwrite goes with -o FILE: it says FILE may be replaced.")
    if not args.all:
        return _export_one(args)
    settings = _settings(args)
    written: list[Path] = []
    deliver_bytes = _deliverer(args, settings, written)

    def deliver(document: dict) -> None:
        deliver_bytes((json_text.dumps(document) + "\n").encode("utf-8"))

    workspace = _open(settings)
    try:
        # The audit entries are written after the file is in place, never before.
        document = export_records(workspace.store, None, deliver)
    finally:
        workspace.close()
    if written:
        count = len(document["records"])
        _note(f"Exported {count} record(s) to {written[0]} (readable by you only).")
    return EXIT_OK


def _checked_output(args: argparse.Namespace, settings: Settings) -> Path | None:
    """The -o path, refused before anything is opened if it could never be written."""
    if args.output is None:
        return None
    from .private_file import check_target

    return check_target(args.output, app_files=_app_files(settings), overwrite=args.overwrite)


def _write(target: Path, data: bytes, args: argparse.Namespace, settings: Settings) -> Path:
    from .private_file import write_private_file

    return write_private_file(
        target, data, app_files=_app_files(settings), overwrite=args.overwrite
    )


def run_import(args: argparse.Namespace) -> int:
    from .reading import IMPORT_LIMIT, ReadRefused, read_bytes
    from .store.transfer import import_records

    path = Path(args.file)
    try:
        text = read_bytes(path, limit=IMPORT_LIMIT, what="The import file")
    except ReadRefused as refused:
        raise CliError(f"{refused} Nothing was imported.", EXIT_PROBLEM) from None
    from .store.errors import ImportRefused

    settings = _settings(args)
    workspace = _open(settings)
    try:
        result = import_records(
            workspace.store,
            text,
            trusted_keys=settings.trusted_keys,
            unverified=args.unverified,
        )
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
    if result.unverified:
        print(
            f"{len(result.unverified)} finalised record(s) imported, not verified: their seal "
            "does not prove them, and they are marked so wherever they are shown.",
            file=sys.stderr,
        )
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
    from .reading import RECORD_LIMIT, ReadRefused, read_text

    path = Path(args.file)
    try:
        text = read_text(path, limit=RECORD_LIMIT, what="The record file")
    except ReadRefused as refused:
        raise CliError(str(refused), EXIT_PROBLEM) from None
    try:
        record = Consultation.model_validate_json(text, strict=True)
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


def _deliverer(
    args: argparse.Namespace, settings: Settings, written: list[Path]
) -> Callable[[bytes], None]:
    """Where an export's bytes go: standard output, or -o FILE through the one file writer.

    The output is checked before the database is opened, so a refused path costs no unlock.
    """
    output = _checked_output(args, settings)

    def deliver(data: bytes) -> None:
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()  # inside the handler's reach: a gone reader is noticed here
        else:
            written.append(_write(output, data, args, settings))

    return deliver


def _export_one(args: argparse.Namespace) -> int:
    from .export.files import ExportError
    from .export.service import ExportFormat, export_record

    fmt = ExportFormat(args.format)
    _check_record_id(args.record_id)
    if fmt is ExportFormat.PDF and not args.output and sys.stdout.isatty():
        raise CliError("A PDF is not for the terminal: give -o FILE.pdf to write it to a file.")
    settings = _settings(args)
    written: list[Path] = []
    deliver = _deliverer(args, settings, written)

    workspace = _open(settings)
    try:
        export_record(workspace.store, args.record_id, fmt, workspace.pack, deliver)
    except ExportError as error:
        raise CliError(str(error), EXIT_PROBLEM) from None
    finally:
        workspace.close()
    if written:
        _note(
            f"Exported record {args.record_id} as {fmt.value} to {written[0]} "
            "(readable by you only)."
        )
    return EXIT_OK


def _check_record_id(record_id: str) -> None:
    from .explained import shown
    from .store.repository import check_record_id

    try:
        check_record_id(record_id)
    except ValueError:
        raise CliError(
            f"{shown(record_id)!r} is not a record id (ids are up to 64 letters, digits, '-' "
            "or '_'). `consult-tui list` shows them.",
            EXIT_PROBLEM,
        ) from None


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
        rows = workspace.store.review_page(query, limit=args.limit)
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
                "verified": not r.unverified,
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
            r.status.value + (" (imported, not verified)" if r.unverified else ""),
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

    _check_record_id(args.record_id)
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
                        "verified": not e.unverified,
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
            e.kind.value + (" (imported, not verified)" if e.unverified else ""),
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
    moved = move_database(settings.database, args.target, keystore, passphrase)
    print(f"Moved the database to {moved.target}; its key is kept under the new path.")
    print(
        "Open it from now on with --db, CONSULT_TUI_DB, or in "
        f"{settings.paths.config_file}:\n\n  [database]\n  path = {json.dumps(str(moved.target))}"
    )
    link = getattr(args, "_database_link", None)
    if link is not None:
        print(
            f"\n{link} pointed to the old place and now points nowhere: remove it, or point it "
            f"at the new path (ln -sfn {json.dumps(str(moved.target))} {json.dumps(str(link))})."
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
