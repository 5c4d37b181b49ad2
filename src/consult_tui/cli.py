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
    export.add_argument("--format", choices=["json"], default="json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (0600), not stdout")

    importer = verbs.add_parser("import", parents=[common], help="import records from JSON")
    importer.add_argument("file", metavar="FILE")

    audit = verbs.add_parser("audit", parents=[common], help="the audit trail")
    audit_verbs = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_verbs.add_parser("verify", parents=[common], help="check the hash chain is unbroken")

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

    workspace = _open(_settings(args))
    try:
        ids = None if args.all else [args.record_id]
        document = export_records(workspace.store, ids)
    finally:
        workspace.close()
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
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
    print(json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False))
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
}


if __name__ == "__main__":
    sys.exit(main())
