"""The ``trainer`` command: with no subcommand it opens the app; subcommands serve trainers
and automation (validate content, progress export and import)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from trainer import __version__

#: Every subcommand, each the module ``trainer.cli.<name>`` with a ``register`` function.
COMMANDS = ("validate", "new", "author", "pack", "progress", "report")
#: Global options that take a value (``--content DIR``), for finding the subcommand.
_VALUED_OPTIONS = ("--content", "--data-dir")


def build_parser(commands: Iterable[str] = COMMANDS) -> argparse.ArgumentParser:
    """The argument parser with the given subcommands (all of them by default)."""
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
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in commands:
        importlib.import_module(f"trainer.cli.{name}").register(subparsers)
    _data_dir_after_the_command(parser)
    return parser


def _data_dir_after_the_command(parser: argparse.ArgumentParser) -> None:
    """Let every command take ``--data-dir`` after its name too (``trainer progress list
    --data-dir DIR``), as trainers tend to type it. Given before the command, it still
    counts (the option's default is to leave the attribute alone)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                leaf = not any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)
                if leaf and "--data-dir" not in sub._option_string_actions:
                    sub.add_argument(
                        "--data-dir",
                        type=Path,
                        metavar="DIR",
                        default=argparse.SUPPRESS,
                        help="folder for learners' progress and settings (as before the command)",
                    )
                _data_dir_after_the_command(sub)


def commands_needed(argv: Sequence[str]) -> tuple[str, ...]:
    """Which subcommands the parser needs for these arguments: none to open the app, the
    one given, or all of them for the help and for a name that is not a command.

    Opening the app then imports no subcommand (the pack and report commands alone
    import the cryptography library), so the window comes up sooner."""
    wants_help = False
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--":
            return COMMANDS
        if argument in ("-h", "--help"):
            wants_help = True
        elif argument in _VALUED_OPTIONS:
            next(arguments, None)
        elif not argument.startswith("-"):
            return (argument,) if argument in COMMANDS else COMMANDS
    return COMMANDS if wants_help else ()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(commands_needed(arguments))
    args = parser.parse_args(arguments)
    func = getattr(args, "func", None)
    if func is None:
        # The library is read in the background while Qt and the window are imported.
        from trainer.core.library_preload import start_preload

        preload = start_preload(args)
        from trainer.ui.app import run_app

        return run_app(args, preload)
    try:
        result: int = func(args)
    except KeyboardInterrupt:
        return 130
    return result


if __name__ == "__main__":
    sys.exit(main())
