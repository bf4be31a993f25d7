"""``trainer progress``: list learners, export and import their history.

Exports: ``csv`` and ``json`` (see ``docs/progress.md``), ``xapi`` (xAPI 1.0.3
statements for a learning record store) and ``bundle`` (a checked, optionally
signed file of results for a trainer's consolidated report); see
``docs/reporting.md``. Nothing is ever sent anywhere: every export is a file.

The main CLI calls :func:`register` with its subparsers; it provides the
global ``--data-dir`` and ``--content`` options as ``args.data_dir`` and
``args.content`` (a path or ``None``).  Each subcommand stores its handler as
``args.func``; the handler returns the exit code: 0 success, 1 failure (a
message on stderr, no traceback).  Usage errors are argparse's (exit code 2).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any, TextIO

from trainer.core.loader import load_library
from trainer.core.model import Library
from trainer.core.packs import PackError, load_private_key
from trainer.core.paths import default_data_dir
from trainer.core.progress import ProgressError, ProgressStore
from trainer.core.progress.exchange import export_csv, export_json_bytes, import_file
from trainer.core.progress.storage import atomic_write_bytes
from trainer.core.reporting.bundle import BundleError, write_bundle
from trainer.core.reporting.content import content_roots
from trainer.core.reporting.history import history_from_store
from trainer.core.xapi import ActorOptions, XapiOptionError, build_statements, statements_json_bytes

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


def _library(args: argparse.Namespace) -> Library:
    """The content that names modules, quizzes and questions (as the app loads it)."""
    given = getattr(args, "content", None)
    if given is not None and not Path(given).expanduser().is_dir():
        raise _UsageProblem(f"the content folder {given} does not exist.")
    return load_library(content_roots(given, _data_dir(args)))


class _UsageProblem(Exception):
    """An option that cannot be used as given (reported as an error, exit code 1)."""


def _check_export_options(args: argparse.Namespace) -> str | None:
    """Why the options do not fit the format, or ``None``."""
    if args.all_profiles and args.format != "bundle":
        return "--all-profiles works with --format bundle only"
    if args.key is not None and args.format != "bundle":
        return "--key signs bundles; use it with --format bundle"
    if (args.actor_mbox is not None or args.actor_name is not None) and args.format != "xapi":
        return "--actor-mbox and --actor-name work with --format xapi only"
    if args.format == "bundle" and args.output is None:
        return "a bundle is written to a file: give one with -o FILE"
    return None


def _cmd_export(args: argparse.Namespace) -> int:
    out = sys.stdout
    err = sys.stderr
    problem = _check_export_options(args)
    if problem is not None:
        args.export_parser.error(problem)

    def action(store: ProgressStore) -> int:
        if args.format == "bundle":
            return _export_bundle(args, store, err)
        profile = store.find_profile(args.profile)
        if args.format == "json":
            payload = export_json_bytes(store, profile.profile_id)
            what = "learner"
        elif args.format == "xapi":
            actor = ActorOptions(mbox=args.actor_mbox, name=args.actor_name)
            history = history_from_store(store, profile.profile_id)
            statements = build_statements(history, _library(args), actor=actor)
            payload = statements_json_bytes(statements)
            what = f"{len(statements)} xAPI statements of"
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

    try:
        return _run(args, action)
    except (_UsageProblem, XapiOptionError, PackError, BundleError) as exc:
        print(f"error: {exc}", file=err)
        return 1


def _export_bundle(args: argparse.Namespace, store: ProgressStore, err: TextIO) -> int:
    key = load_private_key(Path(args.key)) if args.key is not None else None
    if args.all_profiles:
        profiles = store.profiles()
        if not profiles:
            print(f"error: there are no learners in {store.data_dir} to export.", file=err)
            return 1
    else:
        profiles = [store.find_profile(args.profile)]
    library = _library(args)
    written = write_bundle(
        store,
        [p.profile_id for p in profiles],
        Path(args.output),
        content=library.info,
        key=key,
    )
    names = ", ".join(p.display_name for p in profiles)
    signed = f", signed with key {written.signed_by}" if written.signed_by else ", not signed"
    print(
        f"Exported the results of {names} ({written.answers} answers{signed}) to "
        f"{args.output}.\nThe file holds the learners' names, answers, quiz results and "
        "reading progress: give it only to the trainer who asked for it.",
        file=err,
    )
    return 0


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
        help="export a learner's history as CSV, JSON, xAPI statements or a results bundle",
        description="Export one learner's history. JSON exports can be imported on "
        "another machine; CSV is one row per answer, for spreadsheets; xapi is a JSON "
        "array of xAPI 1.0.3 statements for a learning record store; bundle is a checked "
        "file of results (optionally signed) for a trainer's 'trainer report build'. "
        "Nothing is sent anywhere: see docs/reporting.md for what each file contains.",
    )
    who = export.add_mutually_exclusive_group(required=True)
    who.add_argument("--profile", metavar="NAME_OR_ID", help="learner")
    who.add_argument(
        "--all-profiles",
        action="store_true",
        help="every learner on this computer (bundle only)",
    )
    export.add_argument("--format", required=True, choices=("csv", "json", "xapi", "bundle"))
    export.add_argument(
        "-o", "--output", metavar="FILE", default=None, help="write here (default: stdout)"
    )
    export.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="content folder that names modules and questions (xapi, bundle; default: the "
        "shipped curriculum and installed packs)",
    )
    export.add_argument(
        "--actor-mbox",
        metavar="EMAIL",
        default=None,
        help="xapi: identify the learner by this email address instead of the "
        "pseudonymous learner id (only with the learner's agreement)",
    )
    export.add_argument(
        "--actor-name",
        metavar="NAME",
        default=None,
        help="xapi: add this name to the learner in every statement (only with the "
        "learner's agreement)",
    )
    export.add_argument(
        "--key",
        metavar="KEY",
        default=None,
        help="bundle: sign with this Ed25519 private key (made by 'trainer pack keygen')",
    )
    export.set_defaults(func=_cmd_export, export_parser=export)

    importer = commands.add_parser(
        "import",
        help="import a JSON export (merged; importing twice adds nothing)",
    )
    importer.add_argument("file", metavar="FILE", help="a JSON export made by 'progress export'")
    importer.set_defaults(func=_cmd_import)
