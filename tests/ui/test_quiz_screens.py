"""The screenshot driver, accessible names of every control, and text that follows the
application font."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QMainWindow,
    QStackedWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from trainer.core.loader import load_library
from trainer.core.model import Library, QuestionType
from trainer.core.progress import ProgressStore
from trainer.ui.quiz import QuizPage
from trainer.ui.quiz.screenshots import quiz_screens
from trainer.ui.quiz.widgets import Heading

QUIZ_ID = "quiz-reading-indicators"


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def library(fixture_library: Path) -> Library:
    return load_library(fixture_library)


class Window(QMainWindow):
    """What the shell's main window offers the screenshot driver."""

    def __init__(self, library: Library, store: ProgressStore, profile_id: str) -> None:
        super().__init__()
        self.library = library
        self.store = store
        self.profile_id = profile_id
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.home = QWidget()
        self.stack.addWidget(self.home)
        self.quiz_page = QuizPage(library, store, profile_id, self.stack)
        self.stack.addWidget(self.quiz_page)


def test_quiz_screens_drive_every_state(
    qtbot: QtBot, library: Library, store: ProgressStore
) -> None:
    profile = store.create_profile("Screens").profile_id
    window = Window(library, store, profile)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    names: list[str] = []
    for name, widget in quiz_screens(window):
        names.append(name)
        assert widget is window
        assert window.stack.currentWidget() is window.quiz_page
        page = window.quiz_page
        expected = {
            "quiz-intro": page.intro,
            "quiz-results": page.results,
        }.get(name, page.runner)
        assert page.current_view() is expected, name
        if name == "quiz-single-feedback":
            assert page.runner.summary.isVisible()
        if name == "quiz-spot":
            assert page.run is not None and page.run.question.type is QuestionType.SPOT
        if name == "quiz-decision-ending":
            assert page.run is not None and page.run.current_recorded
        assert not widget.grab().isNull()
    # the fixture quiz's order: single, multiple, true-false, spot, categorize, decision
    assert names == [
        "quiz-intro",
        "quiz-single-feedback",
        "quiz-spot",
        "quiz-categorize",
        "quiz-decision-step",
        "quiz-decision-ending",
        "quiz-results",
    ]
    assert len(list(store.attempts(profile))) == 6


def test_quiz_screens_without_a_quiz_page_yield_nothing(
    qtbot: QtBot, library: Library, store: ProgressStore
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    assert list(quiz_screens(window)) == []


def unnamed_controls(root: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton | QComboBox):
            name = widget.accessibleName() or (
                widget.text() if isinstance(widget, QAbstractButton) else ""
            )
            if not name.strip():
                found.append(widget)
    return found


def test_every_visible_control_has_an_accessible_name(
    qtbot: QtBot, library: Library, store: ProgressStore
) -> None:
    profile = store.create_profile("Names").profile_id
    window = Window(library, store, profile)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    checked = 0
    for _, _widget in quiz_screens(window):
        view = window.quiz_page.current_view()
        assert unnamed_controls(view) == []
        checked += 1
    assert checked == 7
    narrative = window.quiz_page.runner.narrative
    assert narrative.accessibleName() and narrative.accessibleDescription()


def test_headings_follow_the_application_font(
    qtbot: QtBot, library: Library, store: ProgressStore
) -> None:
    profile = store.create_profile("Fonts").profile_id
    page = QuizPage(library, store, profile)
    qtbot.addWidget(page)
    page.show()
    page.start(QUIZ_ID)
    title = page.intro.title
    assert isinstance(title, Heading)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = QFont(app.font())

    def scaled_to(points: float) -> bool:
        return abs(title.font().pointSizeF() - points * 1.75) < 0.01

    try:
        for points in (10.0, 20.0, 12.0):
            font = QFont(original)
            font.setPointSizeF(points)
            app.setFont(font)
            # The application posts the change to every widget.
            qtbot.waitUntil(lambda p=points: scaled_to(p))
            assert title.font().bold()
    finally:
        app.setFont(original)
