"""A try-out of a quiz through :class:`MemoryRecorder`: the run behaves as a learner's
does, with the session and answers kept in memory."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from trainer.core.loader import load_library
from trainer.core.memory_recorder import MemoryRecorder
from trainer.core.model import Library
from trainer.core.progress import InvalidInputError
from trainer.core.quiz_run import CommitStatus, QuizRun, right_answer

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library"
QUIZ_ID = "quiz-reading-indicators"


@pytest.fixture(scope="module")
def library() -> Library:
    loaded = load_library(FIXTURE)
    assert not loaded.errors
    return loaded


def test_a_try_out_runs_to_the_end_in_memory(library: Library) -> None:
    recorder = MemoryRecorder()
    quiz = library.quizzes[QUIZ_ID]
    run = QuizRun.start(recorder, quiz, "try-out", seed=7)
    while True:
        result = run.commit(right_answer(run.question))
        assert result.status is CommitStatus.RECORDED
        assert result.feedback is not None and result.feedback.correct
        if not run.advance():
            break
    outcome = run.finish()
    assert outcome.saved and outcome.result.passed
    (session,) = recorder.sessions
    assert session.quiz_id == QUIZ_ID and session.finished and session.passed
    assert [a.question_id for a in recorder.attempts] == [
        pq.question.id for pq in run.paper.questions
    ]
    # Retrying draws a new session in the same recorder.
    again = run.retry()
    assert again.session_id != run.session_id and len(recorder.sessions) == 2


def test_the_memory_recorder_keeps_the_store_rules(library: Library) -> None:
    recorder = MemoryRecorder()
    quiz = library.quizzes[QUIZ_ID]
    run = QuizRun.start(recorder, quiz, "try-out", seed=3)
    assert run.commit(right_answer(run.question)).recorded
    first = recorder.attempts[0]
    # The same attempt sent again (a retry after an error) is kept once.
    recorder.record_attempt(first)
    assert len(recorder.attempts) == 1
    with pytest.raises(InvalidInputError):
        recorder.record_attempt(replace(first, quiz_id="another-quiz"))
    run.finish()
    with pytest.raises(InvalidInputError):
        recorder.finish_session(run.session_id, 1.0, 1.0, True)
