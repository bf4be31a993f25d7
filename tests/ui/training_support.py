"""Shared set-up of the self-assessment, handbook and dashboard UI tests: a main window on
the fixture library, a learner with a known history, and answering the quiz page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.progress.progress_support import answer
from tests.reports.report_support import wrong_answer
from trainer.core.loader import load_library
from trainer.core.model import Library, Question
from trainer.core.progress import ProgressStore
from trainer.core.quiz_run import right_answer
from trainer.core.self_assessment import source_question
from trainer.ui.main_window import MainWindow
from trainer.ui.quiz import QuizPage
from trainer.ui.settings import AppSettings

QUIZ = "quiz-reading-indicators"


def make_window(qtbot: QtBot, content: Path, store: ProgressStore, name: str = "Sam") -> MainWindow:
    window = MainWindow(load_library(content), store, AppSettings(store.data_dir))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    found = [p for p in store.profiles() if p.display_name == name]
    profile = found[0] if found else store.create_profile(name)
    window.set_profile(profile.profile_id)
    return window


def train(
    store: ProgressStore,
    profile_id: str,
    answers: Sequence[tuple[tuple[str, ...], bool]],
    *,
    at: datetime | None = None,
    passed: bool = False,
) -> str:
    """A finished practice session of the fixture quiz holding ``answers`` (indicators,
    correct), a minute apart, ending an hour before now."""
    start = at or datetime.now(UTC) - timedelta(hours=1, minutes=len(answers) + 2)
    session = store.start_session(
        profile_id,
        QUIZ,
        "practice",
        [f"q{n}" for n in range(len(answers))],
        1,
        "v",
        started_at=start,
    )
    for number, (indicators, correct) in enumerate(answers):
        store.record_attempt(
            answer(
                profile_id,
                session,
                quiz_id=QUIZ,
                question_id=f"q{number}",
                correct=correct,
                indicators=indicators,
                at=start + timedelta(minutes=number + 1),
            )
        )
    right = sum(1 for _, correct in answers if correct)
    store.finish_session(
        session,
        float(right),
        float(max(1, len(answers))),
        passed,
        finished_at=start + timedelta(minutes=len(answers) + 1),
    )
    return session


def forbid_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog would wait for a click that never comes: fail instead."""

    def refuse(box: QMessageBox) -> int:
        raise AssertionError(f"unexpected dialog: {box.text()}")

    monkeypatch.setattr(QMessageBox, "exec", refuse)


def quiz_page(window: MainWindow) -> QuizPage:
    page = window.quiz_page
    assert isinstance(page, QuizPage)
    return page


def source_questions(library: Library, page: QuizPage) -> list[Question]:
    """The library's questions behind the running self-assessment."""
    assert page.run is not None
    found = []
    for pq in page.run.paper.questions:
        located = source_question(library, pq.question.id)
        assert located is not None, pq.question.id
        found.append(located[1])
    return found


def answer_all(qtbot: QtBot, page: QuizPage, *, right: bool = True) -> None:
    """Answer every question of the running quiz through the runner, all right or all
    short of full marks, then finish."""
    runner = page.runner
    while True:
        run = page.run
        assert run is not None and runner.answer_widget is not None
        question = run.question
        given = right_answer(question) if right else wrong_answer(question)
        runner.answer_widget.set_answer(given)
        run.set_draft(given)
        if run.gives_feedback and not run.current_recorded:  # a decision records itself
            result = runner.commit()
            assert result is not None and result.recorded
        last = run.is_last
        runner.next()
        if last:
            break
    qtbot.waitUntil(lambda: page.current_view() is page.results)


def visible(widget: QWidget) -> bool:
    return widget.isVisibleTo(widget.window())
