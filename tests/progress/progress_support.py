"""Helpers shared by the progress store tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from trainer.core.progress import AttemptInput

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def answer(
    profile_id: str,
    session_id: str,
    *,
    quiz_id: str = "quiz-1",
    question_id: str = "q1",
    correct: bool = True,
    indicators: tuple[str, ...] = ("ind-a",),
    at: datetime = T0,
    mode: str = "practice",
    **extra: Any,
) -> AttemptInput:
    """An AttemptInput with sensible defaults."""
    fields: dict[str, Any] = {
        "profile_id": profile_id,
        "session_id": session_id,
        "quiz_id": quiz_id,
        "question_id": question_id,
        "question_type": "single",
        "answer": {"choice": "b"},
        "correct": correct,
        "score": 1.0 if correct else 0.0,
        "indicators": indicators,
        "mode": mode,
        "shown_at": at - timedelta(seconds=5),
        "answered_at": at,
        "duration_ms": 5000,
        "content_version": "2025.1",
    }
    fields.update(extra)
    return AttemptInput(**fields)


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under *root* with its content (for "nothing changed" checks)."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
