"""Drive the self-assessment builder, the indicator handbook and the progress dashboard
into representative states for screenshots.

``scripts/screenshots.py`` calls :func:`training_screens` with the main window (after
the quiz screens) and grabs each widget it yields. :func:`seed_history` first gives the
window's learner two weeks of plausible training, so the dashboard has something to
show; it is deterministic.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QApplication, QWidget

from trainer.core.engine import answer_to_json
from trainer.core.model import Library
from trainer.core.progress import AttemptInput, ProgressStore
from trainer.core.quiz_run import right_answer
from trainer.core.self_assessment import Scope
from trainer.ui.theme import Theme

__all__ = ["seed_history", "training_screens"]

# Quizzes taken in the seeded history, in order, with the learner's chance of a right
# answer (which grows as they train).
_PLAN: tuple[tuple[str, float], ...] = (
    ("quiz-what-is-trafficking", 0.55),
    ("quiz-reading-indicators", 0.5),
    ("quiz-labour-exploitation", 0.6),
    ("quiz-reading-indicators", 0.8),
    ("quiz-children-at-risk", 0.65),
    ("quiz-labour-exploitation", 0.85),
    ("quiz-trafficking-terrorism-nexus", 0.6),
    ("quiz-first-response", 0.9),
)


def seed_history(store: ProgressStore, profile_id: str, library: Library, now: datetime) -> None:
    """Sessions of :data:`_PLAN` spread over the last two weeks, answered by a seeded
    random learner; quizzes missing from the library are skipped."""
    rng = random.Random(20250601)
    start = now - timedelta(days=14)
    for number, (quiz_id, skill) in enumerate(_PLAN):
        quiz = library.quizzes.get(quiz_id)
        if quiz is None:
            continue
        at = start + timedelta(days=number * 1.6, hours=rng.randrange(8, 17))
        questions = quiz.questions
        session = store.start_session(
            profile_id,
            quiz.id,
            "practice",
            [q.id for q in questions],
            number + 1,
            quiz.content_version,
            started_at=at,
        )
        earned = 0.0
        for index, question in enumerate(questions):
            correct = rng.random() < skill
            earned += question.points if correct else 0.0
            answered = at + timedelta(minutes=2 * index + 1)
            store.record_attempt(
                AttemptInput(
                    profile_id=profile_id,
                    session_id=session,
                    quiz_id=quiz.id,
                    question_id=question.id,
                    question_type=question.type.value,
                    answer=answer_to_json(right_answer(question)) if correct else {"selected": []},
                    correct=correct,
                    score=1.0 if correct else 0.0,
                    indicators=question.all_indicators,
                    mode="practice",
                    shown_at=answered - timedelta(seconds=50),
                    answered_at=answered,
                    duration_ms=50_000,
                    content_version=quiz.content_version,
                    attempt_id=uuid.UUID(int=rng.getrandbits(128)).hex,
                )
            )
        possible = float(sum(q.points for q in questions))
        store.finish_session(
            session,
            earned,
            possible,
            100 * earned / possible >= quiz.pass_mark,
            finished_at=at + timedelta(minutes=2 * len(questions) + 2),
        )


def _settle() -> None:
    app = QApplication.instance()
    if app is not None:
        for _ in range(4):
            app.processEvents()


def training_screens(window: QWidget) -> Iterator[tuple[str, QWidget]]:
    """Yield (name, widget to grab): the builder set for an exam on one dimension, the
    handbook after a search, the dashboard's top and its history, and the dashboard in
    the dark theme."""
    from trainer.ui.main_window import MainWindow

    if not isinstance(window, MainWindow) or window.profile_id is None:
        return
    library = window.library
    seed_history(window.store, window.profile_id, library, datetime.now(UTC))

    builder = window.training.show_builder()
    if builder is not None:
        dimension = next(iter(library.dimensions), None)
        if dimension is not None:
            builder.choose_scope(Scope.dimension(dimension))
        builder.set_count(15)
        builder.exam.setChecked(True)
        builder.set_time_limit(20)
        _settle()
        yield "self-assessment", window

    handbook = window.training.show_handbook()
    if handbook is not None:
        handbook.search.setText("passport")
        _settle()
        yield "handbook", window

    dashboard = window.training.show_dashboard()
    if dashboard is not None:
        _settle()
        yield "dashboard", window
        dashboard.area.verticalScrollBar().setValue(0)
        dashboard.area.ensureWidgetVisible(dashboard.history, 0, 0)
        _settle()
        yield "dashboard-history", window
        theme = window.settings.theme
        window.set_theme(Theme.DARK)
        dashboard.area.verticalScrollBar().setValue(0)
        _settle()
        yield "dashboard-dark", window
        window.set_theme(theme)
