"""Small builders for content files used across the core tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from trainer.core.loader import load_library
from trainer.core.model import Library, Problem

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library"

QUIZ_FRONT = """---
kind: quiz
id: quiz-test
title: Test quiz
mode: practice
pass_mark: 70
language: en
---
"""


def library_with(tmp_path: Path, files: dict[str, str]) -> Library:
    """Load a copy of the fixture library with extra or replaced files."""
    root = tmp_path / "lib"
    if not root.exists():
        shutil.copytree(FIXTURE, root)
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return load_library(root)


def problems_in(library: Library, path: str) -> list[Problem]:
    return [p for p in library.problems if p.path == path]


def only_problem(library: Library, path: str) -> Problem:
    found = problems_in(library, path)
    assert len(found) == 1, [p.format() for p in found]
    return found[0]
