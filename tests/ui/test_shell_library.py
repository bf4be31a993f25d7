# mypy: disable-error-code="no-untyped-call"
"""The library page: tracks, modules, status, best scores, search, opening with the
keyboard, and the content problems panel."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from trainer.core.loader import load_library
from trainer.core.progress import ProgressStore
from trainer.ui.library_view import COL_BEST, COL_STATUS, COL_TIME, ID_ROLE, KIND_ROLE
from trainer.ui.main_window import MainWindow
from trainer.ui.settings import AppSettings


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


def make_window(qtbot: QtBot, content: Path, store: ProgressStore) -> MainWindow:
    window = MainWindow(load_library(content), store, AppSettings(store.data_dir))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    profile = store.profiles()[0] if store.profiles() else store.create_profile("Sam")
    window.set_profile(profile.profile_id)
    return window


def add_loose_quiz(content: Path) -> None:
    text = (content / "quizzes" / "reading-indicators.md").read_text("utf-8")
    text = re.sub(r"(?m)^id: quiz-reading-indicators$", "id: quiz-final", text, count=1)
    text = re.sub(r"(?m)^title: .*$", "title: Final self-check", text, count=1)
    text = re.sub(r"(?m)^module: .*\n", "", text, count=1)
    (content / "quizzes" / "final.md").write_text(text, encoding="utf-8")


def finish_quiz(store: ProgressStore, profile_id: str, quiz_id: str, ratio: float) -> None:
    session = store.start_session(
        profile_id, quiz_id, "practice", ["q"], 1, "1:abc", started_at=datetime.now(UTC)
    )
    store.finish_session(session, ratio * 10, 10.0, ratio >= 0.7)


def first_child_id(item: QTreeWidgetItem | None) -> str:
    child = item.child(0) if item is not None else None
    return str(child.data(0, ID_ROLE)) if child is not None else ""


def row(window: MainWindow, kind: str, ident: str) -> dict[int, str]:
    for item in window.library_page._items():
        if item.data(0, KIND_ROLE) == kind and item.data(0, ID_ROLE) == ident:
            return {column: item.text(column) for column in range(4)}
    raise AssertionError(f"no {kind} {ident} in the library")


def test_tracks_modules_status_time_and_best_score(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    add_loose_quiz(fixture_library)
    sam = store.create_profile("Sam")
    store.mark_section_read(sam.profile_id, "reading-indicators", "context")
    store.mark_module_complete(sam.profile_id, "second-module")
    finish_quiz(store, sam.profile_id, "quiz-reading-indicators", 0.8)
    window = make_window(qtbot, fixture_library, store)
    page = window.library_page

    top = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    assert [item.text(0) if item else "" for item in top] == ["Basics", "Other quizzes"]
    assert page.module_titles() == ["Reading indicators: signs, not proof", "A second module"]
    first = row(window, "module", "reading-indicators")
    assert "In progress" in first[COL_STATUS] and "1/4" in first[COL_STATUS]
    assert first[COL_TIME] == "10 min"
    assert first[COL_BEST] == "80%"
    second = row(window, "module", "second-module")
    assert "Completed" in second[COL_STATUS] and second[COL_BEST] == ""
    quiz = row(window, "quiz", "quiz-reading-indicators")
    assert "Reading indicators in practice" in quiz[0] and "Passed" in quiz[COL_STATUS]
    # The quiz sits under its module; the module-less quiz in its own group.
    module_item = next(i for i in page._items() if i.data(0, ID_ROLE) == "reading-indicators")
    assert first_child_id(module_item) == "quiz-reading-indicators"
    assert first_child_id(top[1]) == "quiz-final"
    assert "Not taken" in row(window, "quiz", "quiz-final")[COL_STATUS]
    assert "1 of 2 modules completed" in page.progress_label.text()
    assert not page.problems.isVisible()  # a clean library shows no problems panel


def test_details_show_what_a_module_covers(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    window = make_window(qtbot, fixture_library, store)
    page = window.library_page
    page.select_module("reading-indicators")
    texts = " ".join(label.text() for label in page.detail.findChildren(type(page.title_label)))
    assert "Explain the difference between an indicator and evidence." in texts
    assert "Identity documents held by someone else" in texts  # indicator names
    assert "Sensitive content" in texts
    assert page.detail.primary_button is not None
    assert page.detail.primary_button.text() == "Open module"


def test_search_filters_by_title_summary_and_indicator(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    window = make_window(qtbot, fixture_library, store)
    page = window.library_page
    both = ["Reading indicators: signs, not proof", "A second module"]
    assert page.module_titles() == both
    qtbot.keyClicks(page.search, "second")
    assert page.module_titles() == ["A second module"]
    page.search.clear()
    qtbot.keyClicks(page.search, "links back")  # in the summary only
    assert page.module_titles() == ["A second module"]
    page.search.clear()
    qtbot.keyClicks(page.search, "identity documents")  # an indicator's name
    assert page.module_titles() == ["Reading indicators: signs, not proof"]
    page.search.clear()
    qtbot.keyClicks(page.search, "deceived-about-nature")  # an indicator's id
    assert page.module_titles() == ["Reading indicators: signs, not proof"]
    page.search.clear()
    qtbot.keyClicks(page.search, "zebra crossing")
    assert page.module_titles() == []
    assert page.results.currentWidget() is page.empty_label
    assert "zebra crossing" in page.empty_label.text()
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert page.module_titles() == both


def test_search_with_ctrl_f_then_open_with_the_keyboard(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    window = make_window(qtbot, fixture_library, store)
    page = window.library_page
    qtbot.waitUntil(lambda: page.tree.hasFocus())
    qtbot.keyClick(page.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, "second")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.tree.hasFocus()
    current = page.tree.currentItem()
    assert current is not None and current.data(0, ID_ROLE) == "second-module"
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert window.current_page() is window.reader_page
    assert window.reader_page.module is not None
    assert window.reader_page.module.id == "second-module"


def test_problems_panel_lists_a_broken_file_and_the_rest_loads(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    broken = fixture_library / "modules" / "broken.md"
    shutil.copy(fixture_library / "modules" / "second-module.md", broken)
    text = broken.read_text("utf-8").replace("id: second-module", "id: broken-module")
    text = text.replace("indicators: []", "indicators: [no-such-indicator]")
    broken.write_text(text, encoding="utf-8")
    window = make_window(qtbot, fixture_library, store)
    page = window.library_page
    assert QApplication.activeModalWidget() is None  # never a modal for content problems
    panel = page.problems
    assert panel.isVisible()
    assert "(1)" in panel.toggle.text()
    assert panel.problems and panel.problems[0].path == "modules/broken.md"
    item = panel.table.topLevelItem(0)
    assert item is not None
    assert item.text(1) == "modules/broken.md"
    assert int(item.text(2)) == panel.problems[0].line > 1
    assert "no-such-indicator" in item.text(3)
    assert not panel.table.isVisible()  # collapsed until asked for
    panel.toggle.click()
    assert panel.table.isVisible()
    assert AppSettings(store.data_dir).problems_expanded
    panel.copy_to_clipboard()
    assert "modules/broken.md" in QApplication.clipboard().text()
    # The rest of the library still works.
    assert page.module_titles() == ["Reading indicators: signs, not proof", "A second module"]


def test_a_missing_content_folder_is_explained(
    qtbot: QtBot, tmp_path: Path, store: ProgressStore
) -> None:
    window = make_window(qtbot, tmp_path / "nowhere", store)
    page = window.library_page
    assert page.results.currentWidget() is page.empty_label
    assert "nowhere" in page.empty_label.text()
    assert page.problems.isVisible()


def test_tab_order_goes_search_list_details_problems(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    window = make_window(qtbot, fixture_library, store)
    page = window.library_page
    page.select_module("second-module")
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    assert page.tree.hasFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Tab)
    button = page.detail.primary_button
    assert button is not None and button.hasFocus()
    assert button.text() == "Open module"
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert window.current_page() is window.reader_page


def test_double_click_opens_a_module_and_a_quiz(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    from trainer.ui.quiz import QuizPage

    window = make_window(qtbot, fixture_library, store)
    page = window.library_page
    tree = page.tree

    def double_click(kind: str, ident: str) -> None:
        item = next(
            i for i in page._items() if i.data(0, KIND_ROLE) == kind and i.data(0, ID_ROLE) == ident
        )
        tree.scrollToItem(item)
        center = tree.visualItemRect(item).center()
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=center)

    double_click("module", "second-module")
    assert window.current_page() is window.reader_page
    assert window.reader_page.module is not None
    assert window.reader_page.module.id == "second-module"
    window.show_library()
    double_click("quiz", "quiz-reading-indicators")
    quiz_page = window.current_page()
    assert isinstance(quiz_page, QuizPage) and quiz_page.quiz_id == "quiz-reading-indicators"


def test_the_small_columns_show_their_whole_text(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    """No status, time or score is cut short ("In progress · 3/…"): each cell drawn in its
    column looks the same as drawn with all the room it could want."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    from trainer.ui.theme import Theme, apply_theme

    apply_theme(Theme.LIGHT, 100)  # the style sheet's cell padding counts
    window = make_window(qtbot, fixture_library, store)
    assert window.profile_id is not None
    module = next(iter(window.library.modules.values()))
    store.mark_section_read(window.profile_id, module.id, module.sections[0].id)
    window.show_library()
    tree = window.library_page.tree
    header = tree.header()

    def drawn(item: QTreeWidgetItem, column: int, width: int) -> QImage:
        image = QImage(width, 60, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        option = QStyleOptionViewItem()
        option.initFrom(tree)
        option.widget = tree
        option.font = tree.font()
        option.rect = QRect(0, 0, width, 60)
        painter = QPainter(image)
        tree.itemDelegate().paint(painter, option, tree.indexFromItem(item, column))
        painter.end()
        return image

    checked = 0
    for item in _all_items(tree):
        for column in (COL_STATUS, COL_TIME, COL_BEST):
            if not item.text(column):
                continue
            width = header.sectionSize(column)
            # The cell's frame is drawn at its right edge: compare what lies inside it.
            inside = QRect(0, 4, width - 10, 52)
            fitted = drawn(item, column, width).copy(inside)
            roomy = drawn(item, column, width + 400).copy(inside)
            assert fitted == roomy, f"{item.text(column)!r} is cut short in {width} px"
            checked += 1
    assert checked and any("In progress" in item.text(COL_STATUS) for item in _all_items(tree))


def _all_items(tree: object) -> list[QTreeWidgetItem]:
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItemIterator

    assert isinstance(tree, QTreeWidget)
    found = []
    iterator = QTreeWidgetItemIterator(tree)
    while iterator.value() is not None:
        found.append(iterator.value())
        iterator += 1
    return found
