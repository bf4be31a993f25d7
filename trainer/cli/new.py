"""``trainer new module|quiz|taxonomy PATH``: write a commented starting file.

Exit status: 0 written, 1 refused (the file exists, no track or indicator to use, an
unknown id; the reason on stderr), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from trainer.core.scaffold import KINDS, ScaffoldError, scaffold

__all__ = ["register"]


def run(args: argparse.Namespace) -> int:
    try:
        result = scaffold(
            args.kind,
            args.path,
            title=args.title,
            track=args.track,
            indicators=args.indicator or (),
            module=args.module,
        )
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {result.path} ({result.kind} '{result.id}')")
    print("Rewrite every part that says 'Replace', then check it:")
    print(f"  trainer validate {result.content_root or '<your content folder>'}")
    return 0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "new",
        help="write a starting module, quiz or taxonomy file",
        description=(
            "Write a commented starting file that passes 'trainer validate' in a content "
            "folder with a library.yaml and a taxonomy. The id comes from the file name. "
            "An existing file is never overwritten."
        ),
    )
    parser.add_argument("kind", choices=KINDS, help="what to create")
    parser.add_argument("path", type=Path, metavar="PATH", help="the file to create")
    parser.add_argument("--title", help="the title (default: made from the file name)")
    parser.add_argument(
        "--track",
        metavar="ID",
        help="module: the track to list it under (default: the first in library.yaml)",
    )
    parser.add_argument(
        "--indicator",
        action="append",
        metavar="ID",
        help="an indicator id the module or quiz trains; repeat for several (quiz default: "
        "the first indicators of the folder's taxonomy)",
    )
    parser.add_argument("--module", metavar="ID", help="quiz: the module it belongs to")
    parser.set_defaults(func=run)
