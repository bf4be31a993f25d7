"""``trainer progress``: list learners, export and import their history.

The main CLI calls :func:`register` with its subparsers; it provides the
global ``--data-dir`` option as ``args.data_dir`` (a path or ``None``).  Each
subcommand stores its handler as ``args.func``; the handler returns the exit
code: 0 success, 1 failure (a message on stderr, no traceback).  Usage errors
are argparse's (exit code 2).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any, TextIO

from trainer.core.paths import default_data_dir
from trainer.core.progress import ProgressError, ProgressStore
from trainer.core.progress.exchange import export_csv, export_json_bytes, import_file
from trainer.core.progress.storage import atomic_write_bytes

__all__ = ["register"]


def _data_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    return Path(given) if given is not None else default_data_dir()


def _report_recoveries(store: ProgressStore, err: TextIO) -> None:
    for report in store.recovery_reports:
        print(f"note: {report.describe()}", file=err)


def _run(args: argparse.Namespace, action: Any) -> int:
    err = sys.stderr
    try:
        with ProgressStore.open(_data_dir(args)) as store:
            _report_recoveries(store, err)
            result: int = action(store)
            return result
    except ProgressError as exc:
        print(f"error: {exc}", file=err)
        return 1


def _cmd_list(args: argparse.Namespace) -> int:
    out = sys.stdout

    def action(store: ProgressStore) -> int:
        profiles = store.profiles()
        if not profiles:
            print(f"No learners yet in {store.data_dir}.", file=out)
            return 0
        width = max(len(p.display_name) for p in profiles)
        print(f"{'NAME':<{width}}  {'ID':<32}  ANSWERS  CREATED", file=out)
        for profile in profiles:
            count = store.overview(profile.profile_id).attempt_count
            print(
                f"{profile.display_name:<{width}}  {profile.profile_id}  {count:>7}  "
                f"{profile.created_at:%Y-%m-%d}",
                file=out,
            )
        return 0

    return _run(args, action)


def _cmd_export(args: argparse.Namespace) -> int:
    out = sys.stdout
    err = sys.stderr

    def action(store: ProgressStore) -> int:
        profile = store.find_profile(args.profile)
        if args.format == "json":
            payload = export_json_bytes(store, profile.profile_id)
            what = "learner"
        else:
            buffer = io.StringIO()
            rows = export_csv(store, profile.profile_id, buffer)
            payload = buffer.getvalue().encode("utf-8")
            what = f"{rows} answers of"
        if args.output is None:
            out.write(payload.decode("utf-8"))
            out.flush()
            return 0
        target = Path(args.output)
        try:
            atomic_write_bytes(target.absolute(), payload, backups=0)
        except OSError as exc:
            print(
                f"error: could not write {target}: {exc.strerror or exc}. "
                "Choose another file with -o.",
                file=err,
            )
            return 1
        print(f"Exported {what} {profile.display_name} to {target}.", file=err)
        return 0

    return _run(args, action)


def _cmd_import(args: argparse.Namespace) -> int:
    err = sys.stderr

    def action(store: ProgressStore) -> int:
        result = import_file(store, Path(args.file))
        name = store.get_profile(result.profile_id).display_name
        created = " (new learner)" if result.profile_created else ""
        print(
            f"Imported into {name}{created}: {result.attempts_added} new answers "
            f"({result.attempts_already_present} already present), "
            f"{result.sessions_added} new quiz sessions, "
            f"{result.modules_updated} modules updated.",
            file=err,
        )
        return 0

    return _run(args, action)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``progress`` command to the main CLI's *subparsers*."""
    parser = subparsers.add_parser(
        "progress",
        help="list learners, export or import their progress",
        description="List learners and move their progress between machines.",
    )
    commands = parser.add_subparsers(dest="progress_command", metavar="COMMAND", required=True)

    listing = commands.add_parser("list", help="list the learners with their answer counts")
    listing.set_defaults(func=_cmd_list)

    export = commands.add_parser(
        "export",
        help="export a learner's history as CSV or JSON",
        description="Export one learner's history. JSON exports can be imported on "
        "another machine; CSV is one row per answer, for spreadsheets.",
    )
    export.add_argument("--profile", required=True, metavar="NAME_OR_ID", help="learner")
    export.add_argument("--format", required=True, choices=("csv", "json"))
    export.add_argument(
        "-o", "--output", metavar="FILE", default=None, help="write here (default: stdout)"
    )
    export.set_defaults(func=_cmd_export)

    importer = commands.add_parser(
        "import",
        help="import a JSON export (merged; importing twice adds nothing)",
    )
    importer.add_argument("file", metavar="FILE", help="a JSON export made by 'progress export'")
    importer.set_defaults(func=_cmd_import)
