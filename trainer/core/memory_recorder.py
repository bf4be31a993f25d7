"""A :class:`~trainer.core.quiz_run.Recorder` that keeps a run in memory.

A trainer trying out a quiz they are writing answers it on the same screens a learner
uses, but nothing of it may reach a learner's progress: :class:`MemoryRecorder` takes the
session and the answers a :class:`~trainer.core.quiz_run.QuizRun` records, keeps them in
lists, and writes nothing anywhere. It is forgotten with the try-out.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from trainer.core.progress import AttemptInput, InvalidInputError, SessionNotFoundError

__all__ = ["MemoryRecorder", "MemorySession"]


@dataclass
class MemorySession:
    """One try-out session: what was started, the answers given, and how it ended."""

    session_id: str
    quiz_id: str
    mode: str
    question_ids: tuple[str, ...]
    seed: int
    content_version: str
    attempts: list[AttemptInput] = field(default_factory=list)
    score: float | None = None
    max_score: float | None = None
    passed: bool | None = None

    @property
    def finished(self) -> bool:
        return self.passed is not None


class MemoryRecorder:
    """Records quiz runs in memory only. It raises the same errors as the progress store
    for answers to a session it never started and for a session finished twice, so a
    try-out follows the rules a learner's run follows."""

    def __init__(self) -> None:
        self.sessions: list[MemorySession] = []

    def _session(self, session_id: str) -> MemorySession:
        found = next((s for s in self.sessions if s.session_id == session_id), None)
        if found is None:
            raise SessionNotFoundError(f"The quiz session {session_id!r} was not started.")
        return found

    def start_session(
        self,
        profile_id: str,
        quiz_id: str,
        mode: str,
        question_ids: Sequence[str],
        seed: int,
        content_version: str,
        *,
        started_at: datetime | None = None,
    ) -> str:
        session = MemorySession(
            session_id=uuid.uuid4().hex,
            quiz_id=quiz_id,
            mode=mode,
            question_ids=tuple(question_ids),
            seed=seed,
            content_version=content_version,
        )
        self.sessions.append(session)
        return session.session_id

    def record_attempt(self, data: AttemptInput) -> AttemptInput:
        session = self._session(data.session_id)
        if session.quiz_id != data.quiz_id:
            raise InvalidInputError(
                f"The answer is for quiz {data.quiz_id!r} but the session runs {session.quiz_id!r}."
            )
        if data.attempt_id is None or all(
            a.attempt_id != data.attempt_id for a in session.attempts
        ):
            session.attempts.append(data)
        return data

    def finish_session(
        self,
        session_id: str,
        score: float,
        max_score: float,
        passed: bool,
        *,
        finished_at: datetime | None = None,
    ) -> MemorySession:
        session = self._session(session_id)
        if session.finished:
            raise InvalidInputError(f"The quiz session {session_id} was already finished.")
        session.score, session.max_score, session.passed = score, max_score, passed
        return session

    @property
    def attempts(self) -> list[AttemptInput]:
        """Every answer recorded, in order, across all sessions."""
        return [a for s in self.sessions for a in s.attempts]
