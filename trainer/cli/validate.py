"""``trainer validate``: check a content folder the way editors and CI read problems."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from trainer.core.loader import load_library
from trainer.core.model import Library, Problem, Severity
from trainer.core.paths import shipped_content_dir


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "validate",
        help="check a content folder and list every problem",
        description=(
            "Check every module, quiz and taxonomy in a content folder. Problems are printed "
            "as FILE:LINE:COL: error|warning: message. Exit status: 0 without errors, 1 with "
            "errors, 2 for usage errors."
        ),
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="the content folder (default: the shipped curriculum)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.set_defaults(func=run)


def _shown(root: Path, problem: Problem) -> Problem:
    path = problem.path if problem.path == str(root) else str(root / problem.path)
    severity = problem.severity
    return Problem(path, problem.line, problem.column, severity, problem.message)


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def summary(library: Library, errors: int, warnings: int) -> str:
    questions = sum(len(q.questions) for q in library.quizzes.values())
    return (
        f"{_count(library.file_count, 'file')} checked "
        f"({_count(len(library.modules), 'module')}, "
        f"{_count(len(library.quizzes), 'quiz', 'quizzes')}, "
        f"{_count(questions, 'question')}, "
        f"{_count(len(library.indicators), 'indicator')}): "
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    )


def run(args: argparse.Namespace) -> int:
    root: Path = args.path or shipped_content_dir()
    if not root.is_dir():
        print(f"trainer validate: '{root}' is not a folder", file=sys.stderr)
        return 2
    library = load_library(root)
    problems = [_shown(root, p) for p in library.problems]
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    failed = errors > 0 or (args.strict and warnings > 0)
    if args.json:
        document = {
            "root": str(root),
            "ok": not failed,
            "errors": errors,
            "warnings": warnings,
            "files": library.file_count,
            "modules": len(library.modules),
            "quizzes": len(library.quizzes),
            "indicators": len(library.indicators),
            "problems": [p.as_dict() for p in problems],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem.format())
        print(summary(library, errors, warnings))
    return 1 if failed else 0
