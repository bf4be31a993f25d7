"""The ``trainer`` command: with no subcommand it opens the app; subcommands serve trainers
and automation (validate content, progress export and import)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from trainer import __version__
from trainer.cli import author, new, pack, progress, report, validate


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainer",
        description=(
            "Offline training in recognising the indicators of human trafficking and of "
            "recruitment by trafficking and terrorist networks. Run without a command to "
            "open the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        help="content folder to load (default: the shipped curriculum and installed packs; "
        "or $TRAINER_CONTENT_DIR)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="folder for learners' progress and settings (default: the per-user data folder; "
        "or $TRAINER_DATA_DIR)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate.register(commands)
    new.register(commands)
    author.register(commands)
    pack.register(commands)
    progress.register(commands)
    report.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        from trainer.ui.app import run_app

        return run_app(args)
    try:
        result: int = func(args)
    except KeyboardInterrupt:
        return 130
    return result


if __name__ == "__main__":
    sys.exit(main())
