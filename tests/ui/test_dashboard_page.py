# mypy: disable-error-code="no-untyped-call"
"""The progress dashboard: one click on a weak heat-map cell (or Enter on it) starts a
practice set aimed at it; the weak indicators, the history chart and table, the
certificate of a passed quiz, and the learner's report for a trainer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from tests.reports.pdf_text import Pdf
from tests.ui.training_support import (
    answer_all,
    forbid_dialogs,
    make_window,
    quiz_page,
    source_questions,
    train,
)
from trainer.core.model import QuizMode, Strength
from trainer.core.progress import ProgressStore
from trainer.core.self_assessment import SELF_ASSESSMENT_ID
from trainer.ui import documents
from trainer.ui.dashboard import DashboardPage
from trainer.ui.main_window import MainWindow

RETENTION = ("document-retention",)
DEBT = ("debt-bondage",)
CONTROL = ("controlled-by-others",)


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
    """Sam has mastered document retention and debt bondage (recently, so neither is due),
    is learning "controlled by others" (one of two right) and has never practised
    deception about the job. Two sessions: one not passed, then one passed."""
    sam = store.create_profile("Sam").profile_id
    early = datetime.now(UTC) - timedelta(days=3)
    train(store, sam, [(CONTROL, False), (CONTROL, True)], at=early)
    train(store, sam, [(RETENTION + DEBT, True)] * 3, passed=True)
    return make_window(qtbot, fixture_library, store)


def open_dashboard(qtbot: QtBot, window: MainWindow) -> DashboardPage:
    qtbot.mouseClick(window.progress_button, Qt.MouseButton.LeftButton)
    page = window.training.dashboard
    assert page is not None and window.stack.currentWidget() is page
    assert page.heat_map.hasFocus()
    return page


def cell_centre(page: DashboardPage, dimension: str, strength: Strength) -> QPoint:
    row = [r.dimension_id for r in page.heat_map.rows].index(dimension)
    column = list(Strength).index(strength)
    return page.heat_map.cell_rect(row, column).center()


def test_one_click_on_a_weak_cell_starts_a_practice_set_aimed_at_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = open_dashboard(qtbot, window)
    cell = page.board.heat_cell("coercion-at-destination", Strength.MEDIUM) if page.board else None
    assert cell is not None and cell.weak == CONTROL and cell.band == "low"
    page.area.ensureWidgetVisible(page.heat_map)
    qtbot.mouseClick(
        page.heat_map,
        Qt.MouseButton.LeftButton,
        pos=cell_centre(page, "coercion-at-destination", Strength.MEDIUM),
    )
    quiz = quiz_page(window)
    assert window.stack.currentWidget() is quiz and quiz.current_view() is quiz.runner
    run = quiz.run
    assert run is not None and run.quiz.id == SELF_ASSESSMENT_ID and run.mode is QuizMode.PRACTICE
    assert run.quiz.title == "Practice: Coercion at destination, medium indicators"
    trained = [q for _, q in window.library.questions_training("controlled-by-others")]
    asked = source_questions(window.library, quiz)
    assert sorted(q.id for q in asked) == sorted(q.id for q in trained)
    assert all("controlled-by-others" in q.all_indicators for q in asked)


def test_enter_on_a_cell_chosen_with_the_arrow_keys_practises_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = open_dashboard(qtbot, window)
    heat = page.heat_map
    assert heat.current == (0, 0)
    assert "Deceptive recruitment, strong indicators: 1 not practised yet" in (
        heat.accessibleDescription()
    )
    qtbot.keyClick(heat, Qt.Key.Key_Down)
    qtbot.keyClick(heat, Qt.Key.Key_End)  # coercion at destination, weak: no indicator
    assert heat.current == (1, 2)
    assert heat.accessibleDescription().endswith("none in the content.")
    qtbot.keyClick(heat, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is page  # an empty cell leads nowhere
    qtbot.keyClick(heat, Qt.Key.Key_Home)
    assert "2 of 2 mastered, 0 to practise now" in heat.accessibleDescription()
    qtbot.keyClick(heat, Qt.Key.Key_Return)
    quiz = quiz_page(window)
    assert window.stack.currentWidget() is quiz
    # All mastered and none due: the set covers the whole cell.
    for question in source_questions(window.library, quiz):
        assert {"document-retention", "debt-bondage"} & set(question.all_indicators)


def test_figures_weak_indicators_and_practising_one(qtbot: QtBot, window: MainWindow) -> None:
    page = open_dashboard(qtbot, window)
    assert page.tiles["mastered"].value.text() == "2 of 4"
    assert page.tiles["due"].value.text() == "1"
    assert page.tiles["quizzes"].value.text() == "1"
    assert page.tiles["correct"].value.text() == "80%"
    assert page.weak_list.count() == 1
    assert page.weak_list.item(0).text().startswith("Controlled by others — ")
    assert "1 of your last 2 right" in page.weak_list.item(0).text()
    page.weak_list.setFocus()
    qtbot.keyClick(page.weak_list, Qt.Key.Key_Return)
    quiz = quiz_page(window)
    assert window.stack.currentWidget() is quiz
    assert quiz.run is not None and quiz.run.quiz.title == "Practice: Controlled by others"


def test_history_chart_and_table_move_together_and_offer_certificates(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_dashboard(qtbot, window)
    assert page.history.topLevelItemCount() == 2
    assert [page.history.topLevelItem(i).text(3) for i in range(2)] == ["not passed", "passed"]
    assert page.chart.current == 1 and page.certificate_button.isEnabled()
    page.chart.setFocus()
    qtbot.keyClick(page.chart, Qt.Key.Key_Left)
    assert page.history.currentItem() is page.history.topLevelItem(0)
    assert not page.certificate_button.isEnabled()
    assert page.chart.accessibleDescription().endswith(": 50%, not passed")
    qtbot.keyClick(page.chart, Qt.Key.Key_End)
    assert page.history.currentItem() is page.history.topLevelItem(1)
    assert page.certificate_button.isEnabled()

    target = tmp_path / "sam-certificate.pdf"
    monkeypatch.setattr(documents, "ask_save_path", lambda *_args: str(target))
    qtbot.mouseClick(page.certificate_button, Qt.MouseButton.LeftButton)
    lines = Pdf(target.read_bytes()).text().splitlines()
    assert "Sam" in lines and "Reading indicators in practice" in lines
    assert "with a score of 100% (pass mark 70%)" in lines
    assert str(target) in page.certificate_note.text()


def test_export_report_writes_pdf_and_csv(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_dashboard(qtbot, window)
    monkeypatch.setattr(documents, "ask_save_path", lambda *_args: str(tmp_path / "sam.pdf"))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    pdf, table = tmp_path / "sam.pdf", tmp_path / "sam.csv"
    assert pdf.exists() and table.exists()
    assert "Progress report: Sam" in Pdf(pdf.read_bytes()).text().splitlines()
    assert table.read_text("utf-8-sig").count("\n") == 1 + 2 + 2 + 4  # header, modules...
    assert str(pdf) in page.message.text.text()


def test_a_cancelled_export_writes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_dashboard(qtbot, window)
    monkeypatch.setattr(documents, "ask_save_path", lambda *_args: "")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert list(tmp_path.glob("*.pdf")) == []
    assert not page.message.isVisible()


def test_the_dashboard_follows_a_finished_practice_set(qtbot: QtBot, window: MainWindow) -> None:
    page = open_dashboard(qtbot, window)
    page.practise(["controlled-by-others"], "Practice: one")
    quiz = quiz_page(window)
    answer_all(qtbot, quiz)
    qtbot.mouseClick(quiz.results.back_button, Qt.MouseButton.LeftButton)
    open_dashboard(qtbot, window)
    assert page.history.topLevelItemCount() == 3
    newest = page.history.topLevelItem(2)
    assert newest.text(1) == "Self-assessment, 1 question (practice)"
    assert newest.text(3) == "passed"
