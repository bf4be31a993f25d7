"""``trainer report build``: a trainer's consolidated report from learners' results bundles.

The main CLI calls :func:`register` with its subparsers; it provides the global
``--data-dir`` and ``--content`` options as ``args.data_dir`` and ``args.content``.
Exit status: 0 success, 1 refused or failed (one ``error: ...`` line on stderr naming
the file, nothing written), 2 usage errors. Qt is loaded only when a report is built.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trainer.core.loader import load_library
from trainer.core.packs import PackError, PublicKey, load_public_key
from trainer.core.paths import default_data_dir
from trainer.core.reporting.bundle import BundleError
from trainer.core.reporting.content import content_roots

__all__ = ["register"]


def _data_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    return Path(given) if given is not None else default_data_dir()


def _build(args: argparse.Namespace) -> int:
    from trainer.reports import (
        ReportPdfError,
        ReportWriteError,
        build_report_files,
    )

    err = sys.stderr
    content = getattr(args, "content", None)
    if content is not None and not Path(content).expanduser().is_dir():
        print(f"error: the content folder {content} does not exist.", file=err)
        return 1
    try:
        trusted: list[PublicKey] | None = None
        if args.trusted_key:
            trusted = [load_public_key(Path(path)) for path in args.trusted_key]
        library = load_library(content_roots(content, _data_dir(args)))
        result = build_report_files(
            [Path(p) for p in args.bundles],
            Path(args.output),
            library=library,
            trusted_keys=trusted,
            require_signature=args.require_signature,
            title=args.title,
        )
    except (BundleError, PackError, ReportWriteError, ReportPdfError) as exc:
        print(f"error: {exc} Nothing was written.", file=err)
        return 1
    report = result.report
    for note in report.notes:
        print(f"note: {note}", file=err)
    print(
        f"Report of {len(report.learners)} learners from {len(report.bundles)} bundles "
        f"({report.device_count} devices, {report.answer_count} answers) written to "
        f"{result.folder}: {', '.join(p.name for p in result.files)}.",
        file=err,
    )
    return 0


def register(commands: Any) -> None:
    """Add the ``report`` command to the main CLI's subparsers."""
    parser = commands.add_parser(
        "report",
        help="build a consolidated report from learners' results bundles",
        description="Reports for trainers, made from the bundles learners export with "
        "'trainer progress export --format bundle'.",
    )
    actions = parser.add_subparsers(dest="report_command", metavar="COMMAND", required=True)
    build = actions.add_parser(
        "build",
        help="merge bundles into CSV tables and a PDF summary",
        description="Check every bundle (checksum, signature, content), merge them -- each "
        "answer counted once, however many bundles hold it -- and write CSV tables per "
        "learner, module, quiz and indicator dimension plus a PDF summary into DIR. A "
        "damaged, changed or badly signed bundle is refused, and then nothing is written.",
    )
    build.add_argument("bundles", nargs="+", metavar="BUNDLE", help="results bundle files")
    build.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder for the report files"
    )
    build.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="content folder that names modules, quizzes and dimensions (default: the "
        "shipped curriculum and installed packs)",
    )
    build.add_argument(
        "--trusted-key",
        action="append",
        metavar="PUB",
        default=[],
        help="accept only bundles signed by this public key (.pub); may be repeated",
    )
    build.add_argument(
        "--require-signature",
        action="store_true",
        help="refuse bundles that are not signed (any valid signature)",
    )
    build.add_argument("--title", default=None, help="title of the PDF summary")
    build.set_defaults(func=_build)
