"""Collecting problems for one content file, and suggesting the id that was meant."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from trainer.core.model import Problem, Severity


class ProblemLog:
    """The problems found in one file, in the order they were found."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, line: int, column: int, message: str) -> None:
        self.problems.append(
            Problem(self.path, max(line, 1), max(column, 1), Severity.ERROR, message)
        )

    def warning(self, line: int, column: int, message: str) -> None:
        self.problems.append(
            Problem(self.path, max(line, 1), max(column, 1), Severity.WARNING, message)
        )

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or an empty string."""
    pool = list(candidates)
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        lowered = word.lower()
        matches = [c for c in pool if lowered and (lowered in c or c in lowered)][:1]
    return f" (did you mean '{matches[0]}'?)" if matches else ""
