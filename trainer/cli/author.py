"""``trainer author [DIR]``: open a content folder in the app's authoring mode — its
problems as you save, a preview of every module and quiz as a learner sees it, and the
indicators' coverage by questions.

Exit status: 0 when the window is closed, 2 when DIR is not a folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["register"]


def run(args: argparse.Namespace) -> int:
    root: Path = (args.dir or Path.cwd()).expanduser()
    if not root.is_dir():
        print(f"trainer author: '{root}' is not a folder", file=sys.stderr)
        return 2
    # Qt is imported only for this command.
    from trainer.ui.app import resolve_data_dir
    from trainer.ui.authoring.app import run_authoring

    return run_authoring(root, resolve_data_dir(args))


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "author",
        help="open a content folder in authoring mode (problems, live preview, coverage)",
        description=(
            "Open a content folder in the app's authoring mode: the problems of every file, "
            "checked again each time you save; a preview of each module, quiz and taxonomy "
            "as a learner sees it, where a quiz can be tried without recording anything; and "
            "how many questions train each indicator. Nothing is written to the folder."
        ),
    )
    parser.add_argument(
        "dir",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="the content folder (default: the current folder)",
    )
    parser.set_defaults(func=run)
