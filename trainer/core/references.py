"""Cross-references a file makes to things defined elsewhere, checked once all files are read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RefKind(StrEnum):
    INDICATOR = "indicator"
    MODULE = "module"
    QUIZ = "quiz"
    TRACK = "track"
    DIMENSION = "dimension"
    FILE = "file"


@dataclass(frozen=True, slots=True)
class Reference:
    kind: RefKind
    target: str
    path: str
    line: int
    column: int
