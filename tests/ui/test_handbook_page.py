# mypy: disable-error-code="no-untyped-call"
"""The indicator handbook: the search filters as you type, the keyboard moves from the
search to the list and back, each entry shows the learner's mastery, its links open
modules and quizzes, and "Practise this indicator" starts a set on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.training_support import (
    forbid_dialogs,
    make_window,
    quiz_page,
    source_questions,
    train,
)
from trainer.core.progress import ProgressStore
from trainer.ui.handbook import HandbookPage
from trainer.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_dialogs(monkeypatch)


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot, fixture_library: Path, store: ProgressStore) -> MainWindow:
    sam = store.create_profile("Sam").profile_id
    train(store, sam, [(("document-retention",), True)] * 3)
    train(store, sam, [(("debt-bondage",), False)])
    return make_window(qtbot, fixture_library, store)


def open_handbook(qtbot: QtBot, window: MainWindow) -> HandbookPage:
    qtbot.mouseClick(window.handbook_button, Qt.MouseButton.LeftButton)
    page = window.training.handbook
    assert page is not None and window.stack.currentWidget() is page
    assert page.search.hasFocus()
    return page


def names(page: HandbookPage) -> list[str]:
    return [page.list.item(row).text() for row in range(page.list.count())]


def test_the_search_filters_as_you_type(qtbot: QtBot, window: MainWindow) -> None:
    page = open_handbook(qtbot, window)
    assert page.list.count() == 4
    assert page.count_label.text() == "4 indicators, by dimension, strongest first"
    qtbot.keyClicks(page.search, "passport")
    assert names(page) == ["Identity documents held by someone else"]
    assert page.count_label.text() == "1 of 4 indicators match"
    assert "Identity documents held by someone else" in page.detail.toPlainText()
    page.search.clear()
    qtbot.keyClicks(page.search, "Dette")  # no such word
    assert page.list.count() == 0
    assert "No indicator matches “Dette”." in page.detail.toPlainText()
    assert not page.practise_button.isEnabled()
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.list.count() == 4
    qtbot.keyClicks(page.search, "documents")
    # A match in the name ranks before a match in the description.
    assert names(page) == ["Identity documents held by someone else", "Controlled by others"]


def test_keyboard_from_the_search_to_the_list_and_the_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = open_handbook(qtbot, window)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.list.hasFocus() and page.list.currentRow() == 0
    qtbot.keyClick(page.list, Qt.Key.Key_Down)
    assert page.current_entry() is not None
    assert page.current_entry().indicator_id == "debt-bondage"  # type: ignore[union-attr]
    qtbot.keyClick(page.list, Qt.Key.Key_Tab)
    assert page.detail.hasFocus()
    qtbot.keyClick(page.detail, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert page.search.hasFocus()  # the label's mnemonic, Alt+I
    page.detail.setFocus()
    # Ctrl+F on the handbook searches the handbook, not the library.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is page and page.search.hasFocus()
    assert window.search_action.shortcuts()[0] == QKeySequence(QKeySequence.StandardKey.Find)


def test_each_entry_shows_mastery_what_to_observe_and_where_it_is_trained(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = open_handbook(qtbot, window)
    assert page.show_indicator("document-retention")
    text = page.detail.toPlainText()
    assert "Your mastery: mastered" in text
    assert "What to observe" in text and "cannot show their own identity document" in text
    assert "A strong indicator of Coercion at destination" in text
    assert "Reading indicators: signs, not proof" in text  # the module that teaches it
    assert "Reading indicators in practice" in text  # the quiz that trains it
    current = page.list.currentItem()
    assert current.text() == "Identity documents held by someone else"
    assert current.data(Qt.ItemDataRole.UserRole + 1) == (
        "Coercion at destination · strong · mastered"
    )
    assert page.show_indicator("debt-bondage")
    assert "learning: 0 of your last 1 right" in page.detail.toPlainText()
    assert page.show_indicator("controlled-by-others")
    assert "Your mastery: not practised yet" in page.detail.toPlainText()


def test_links_open_the_module_and_the_quiz(qtbot: QtBot, window: MainWindow) -> None:
    page = open_handbook(qtbot, window)
    page.show_indicator("document-retention")
    html = page.detail.toHtml()
    assert (
        'href="module:reading-indicators"' in html and 'href="quiz:quiz-reading-indicators"' in html
    )
    page.detail.anchorClicked.emit(QUrl("module:reading-indicators"))
    assert window.stack.currentWidget() is window.reader_page
    open_handbook(qtbot, window)
    page.detail.anchorClicked.emit(QUrl("quiz:quiz-reading-indicators"))
    quiz = quiz_page(window)
    assert window.stack.currentWidget() is quiz and quiz.quiz_id == "quiz-reading-indicators"


def test_practise_this_indicator_starts_a_set_on_it(qtbot: QtBot, window: MainWindow) -> None:
    page = open_handbook(qtbot, window)
    page.show_indicator("debt-bondage")
    qtbot.mouseClick(page.practise_button, Qt.MouseButton.LeftButton)
    quiz = quiz_page(window)
    assert window.stack.currentWidget() is quiz
    assert quiz.run is not None and quiz.run.quiz.title == "Practice: Debt bondage"
    asked = source_questions(window.library, quiz)
    assert asked and all("debt-bondage" in q.all_indicators for q in asked)
