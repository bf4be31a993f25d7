# mypy: disable-error-code="no-untyped-call"
"""The self-assessment builder: reached from the header and the Go menu, operated with
the keyboard, it starts a sitting of the chosen scope, size, mode and time limit on the
quiz page; a passed sitting offers its certificate, and its answers count for mastery."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.reports.pdf_text import Pdf
from tests.ui.training_support import (
    answer_all,
    forbid_dialogs,
    make_window,
    quiz_page,
    source_questions,
)
from trainer.core.model import QuizMode
from trainer.core.progress import MasteryState, ProgressStore
from trainer.core.quiz_run import right_answer
from trainer.core.self_assessment import (
    SELF_ASSESSMENT_ID,
    AssessmentSpec,
    Scope,
    draw_self_assessment,
)
from trainer.ui import documents
from trainer.ui.main_window import MainWindow
from trainer.ui.self_assessment import SelfAssessmentPage

COERCION = {"document-retention", "debt-bondage", "controlled-by-others"}


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
    return make_window(qtbot, fixture_library, store)


def open_builder(qtbot: QtBot, window: MainWindow) -> SelfAssessmentPage:
    qtbot.mouseClick(window.assess_button, Qt.MouseButton.LeftButton)
    page = window.training.builder
    assert page is not None and window.stack.currentWidget() is page
    assert window.windowTitle().startswith("Self-assessment")
    return page


def test_the_builder_starts_a_sitting_chosen_with_the_keyboard(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = open_builder(qtbot, window)
    assert page.scope_combo.hasFocus()
    assert page.scope_combo.currentText() == "Everything"
    assert page.count_box.currentText() == "All 6 questions"  # the fixture's six
    # What to cover: the last entry, a dimension.
    qtbot.keyClick(page.scope_combo, Qt.Key.Key_End)
    assert page.scope() == Scope.dimension("coercion-at-destination")
    assert "5 questions to draw from" in page.summary.text()
    assert [page.count_box.itemText(i) for i in range(page.count_box.count())] == [
        "All 5 questions"
    ]
    qtbot.keyClick(page.scope_combo, Qt.Key.Key_Home)
    qtbot.keyClick(page.scope_combo, Qt.Key.Key_Down)  # the track: six questions again
    assert page.scope() == Scope.track("basics")
    # Five questions, chosen in the list of sizes.
    qtbot.keyClick(page.scope_combo, Qt.Key.Key_Tab)
    assert page.count_box.hasFocus()
    qtbot.keyClick(page.count_box, Qt.Key.Key_Home)
    assert page.count() == 5
    # Exam, chosen with the arrow keys; the time limit is only for exams.
    assert not page.time_box.isEnabled()
    qtbot.keyClick(page.count_box, Qt.Key.Key_Tab)
    assert page.practice.hasFocus()
    qtbot.keyClick(page.practice, Qt.Key.Key_Down)
    assert page.exam.isChecked() and page.time_box.isEnabled()
    qtbot.keyClick(page.exam, Qt.Key.Key_Tab)
    assert page.time_box.hasFocus()
    qtbot.keyClick(page.time_box, Qt.Key.Key_Down)
    assert page.time_box.currentText() == "10 minutes"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    # A mnemonic clicks its button the way a mouse does: press now, release a moment later.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.quiz_page)

    quiz = quiz_page(window)
    assert window.stack.currentWidget() is quiz and quiz.current_view() is quiz.runner
    run = quiz.run
    assert run is not None
    assert (run.quiz.id, run.count, run.mode) == (SELF_ASSESSMENT_ID, 5, QuizMode.EXAM)
    assert run.time_limit_seconds == 600
    assert run.quiz.title == "Self-assessment: Basics"
    assert quiz.runner.title.text() == run.quiz.title
    assert quiz.runner.timer_label.isVisible()
    asked = source_questions(window.library, quiz)
    assert len({q.id for q in asked}) == 5


def test_a_dimension_scope_draws_only_from_that_dimension(qtbot: QtBot, window: MainWindow) -> None:
    page = open_builder(qtbot, window)
    assert page.choose_scope(Scope.dimension("coercion-at-destination"))
    for _ in range(5):  # a few draws: every question trains an indicator of the dimension
        page.start()
        quiz = quiz_page(window)
        assert quiz.run is not None and quiz.run.count == 5
        for question in source_questions(window.library, quiz):
            assert COERCION & set(question.all_indicators), question.id


def test_a_passed_sitting_offers_its_certificate_and_counts_for_mastery(
    qtbot: QtBot,
    window: MainWindow,
    store: ProgressStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = open_builder(qtbot, window)
    assert window.profile_id is not None
    assert "4 of those you have not mastered yet" in page.summary.text()
    page.set_count(6)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    quiz = quiz_page(window)
    assert quiz.run is not None and quiz.run.count == 6 and quiz.run.gives_feedback
    answer_all(qtbot, quiz)

    results = quiz.results
    assert results.verdict_label.text().startswith("Passed")
    assert results.certificate_button.isVisibleTo(results)
    target = tmp_path / "certificates" / "mine"
    target.parent.mkdir()
    asked: list[str] = []

    def choose(_parent: object, caption: str, suggested: str, _filters: str) -> str:
        asked.append(suggested)
        return str(target)

    monkeypatch.setattr(documents, "ask_save_path", choose)
    qtbot.mouseClick(results.certificate_button, Qt.MouseButton.LeftButton)
    saved = target.with_name("mine.pdf")
    assert saved.exists()
    assert Path(asked[0]).name.startswith("certificate-sam-self-assessment-everything-")
    lines = Pdf(saved.read_bytes()).text().splitlines()
    assert "Sam" in lines
    assert "Self-assessment: everything" in lines
    assert "with a score of 100% (pass mark 70%)" in lines
    assert "In practice mode, 6 questions" in lines
    assert results.certificate_note.text() == "Saved as mine.pdf"

    mastery = store.mastery(window.profile_id)
    assert mastery["document-retention"].state is MasteryState.MASTERED
    # Back on the builder, the summary has caught up with the new mastery.
    open_builder(qtbot, window)
    assert "of those you have not mastered yet" in page.summary.text()
    assert "4 of those" not in page.summary.text()


def test_a_sitting_not_passed_has_no_certificate(qtbot: QtBot, window: MainWindow) -> None:
    page = open_builder(qtbot, window)
    page.set_count(5)
    page.start()
    quiz = quiz_page(window)
    answer_all(qtbot, quiz, right=False)
    assert quiz.results.verdict_label.text().startswith("Not passed")
    assert not quiz.results.certificate_button.isVisibleTo(quiz.results)


def test_the_go_menu_and_its_shortcut_open_the_builder(qtbot: QtBot, window: MainWindow) -> None:
    assert window.assessment_action.shortcut().toString() == "Ctrl+Shift+A"
    window.assessment_action.trigger()
    assert window.stack.currentWidget() is window.training.builder
    window.back_action.trigger()
    assert window.stack.currentWidget() is window.library_page


def test_leaving_a_self_assessment_for_another_page_stops_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_builder(qtbot, window)
    page.exam.setChecked(True)
    page.set_time_limit(10)
    page.start()
    quiz = quiz_page(window)
    assert quiz.in_progress() and quiz.runner.timer.isActive()
    monkeypatch.setattr(MainWindow, "_may_leave_quiz", lambda _self: True)
    window.training.show_dashboard()
    assert window.stack.currentWidget() is window.training.dashboard
    assert quiz.run is None and not quiz.runner.timer.isActive()


DEEP_QUIZ = """---
kind: quiz
id: quiz-deep
title: A quiz in a folder of its own
mode: practice
pass_mark: 70
language: en
---

# A quiz in a folder of its own

## Scenario: The checklist

The officer's checklist, as it hangs in the booth:

![A checklist on a clipboard](../../modules/images/checklist.png)

### Question: Is a growing debt an indicator?
Id: deep-debt
Type: true-false
Indicators: debt-bondage

- [x] True
  A debt that grows binds the worker.
- [ ] False
  It is a classic means of control.
"""


def test_pictures_of_questions_from_other_folders_are_shown(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    deep = fixture_library / "quizzes" / "deep" / "pictures.md"
    deep.parent.mkdir()
    deep.write_text(DEEP_QUIZ, encoding="utf-8")
    window = make_window(qtbot, fixture_library, store)
    assert not window.library.errors
    spec = AssessmentSpec(scope=Scope.of_indicators(["debt-bondage"]), count=10)
    # A draw whose first question comes from the other folder's quiz, so the set is
    # not simply read from the deep quiz's folder.
    drawn = next(
        d
        for d in (
            draw_self_assessment(window.library, spec, {}, seed=s, title="Mixed") for s in range(50)
        )
        if d.picks[0].quiz_id == "quiz-reading-indicators"
    )
    assert "quiz-deep" in {p.quiz_id for p in drawn.picks}
    assert window.training.start(drawn)
    quiz = quiz_page(window)
    runner = quiz.runner
    while quiz.run is not None and quiz.run.question.id != "quiz-deep/deep-debt":
        runner.answer_widget.set_answer(right_answer(quiz.run.question))  # type: ignore[union-attr]
        runner.commit()
        runner.next()
    assert quiz.run is not None and runner.scenario_title.text() == "The checklist"
    shown = runner.narrative.toHtml()
    assert "<img" in shown and "missing-picture" not in shown
    assert not runner.narrative.document().resource(3, QUrl(_image_source(shown))).isNull()


def _image_source(html: str) -> str:
    found = re.search(r'<img[^>]*src="([^"]+)"', html)
    assert found is not None
    return found.group(1)
