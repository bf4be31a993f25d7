"""The quiz page with real widgets: every question type answered with the mouse and with
the keyboard alone, practice feedback, exam mode and its time limit, a recording
failure, leaving, and retry."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from trainer.core.engine import (
    CategorizeAnswer,
    ChoiceAnswer,
    DecisionAnswer,
    answer_from_json,
)
from trainer.core.loader import load_library
from trainer.core.model import Library, Question, QuestionType
from trainer.core.progress import DiskFullError, ProgressStore
from trainer.ui.quiz import QuizPage
from trainer.ui.quiz.categorize import CategorizeWidget
from trainer.ui.quiz.decision import DecisionWidget
from trainer.ui.quiz.questions import ChoiceWidget, SpotWidget
from trainer.ui.quiz.widgets import FeedbackCard

QUIZ_ID = "quiz-reading-indicators"


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 500.0

    def __call__(self) -> float:
        return self.seconds


class Seeds:
    """Seeds handed out in turn (the first run uses the first)."""

    def __init__(self, *values: int) -> None:
        self.values = list(values)
        self.given: list[int] = []

    def __call__(self) -> int:
        value = self.values.pop(0) if self.values else len(self.given) + 100
        self.given.append(value)
        return value


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def profile(store: ProgressStore) -> str:
    return store.create_profile("Officer Kim").profile_id


@pytest.fixture
def library(fixture_library: Path) -> Library:
    loaded = load_library(fixture_library)
    assert not loaded.errors
    return loaded


def make_page(
    qtbot: QtBot,
    library: Library,
    store: ProgressStore,
    profile: str,
    *,
    clock: Callable[[], float] | None = None,
    seeds: Seeds | None = None,
) -> QuizPage:
    kwargs: dict[str, object] = {}
    if clock is not None:
        kwargs["clock"] = clock
    page = QuizPage(library, store, profile, seed_source=seeds or Seeds(3), **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page


def start(qtbot: QtBot, page: QuizPage, *, exam: bool = False) -> None:
    page.start(QUIZ_ID)
    assert page.current_view() is page.intro
    button = page.intro.exam if exam else page.intro.practice
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.intro.start_button, Qt.MouseButton.LeftButton)
    assert page.current_view() is page.runner


def question(page: QuizPage) -> Question:
    assert page.run is not None
    return page.run.question


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(12, widget.height() // 2))


def right_numbers(q: Question) -> set[int]:
    return {i for i, o in enumerate(q.options) if o.correct}


def visible_cards(widget: QWidget) -> list[FeedbackCard]:
    return [c for c in widget.findChildren(FeedbackCard) if c.isVisible()]


def click_spot_link(qtbot: QtBot, page: QuizPage, option: int) -> None:
    view = page.runner.narrative
    span = next(s for s in view.spans() if s.option == option)
    cursor = QTextCursor(view.document())
    cursor.setPosition((span.start + span.end) // 2)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def span_is_marked(page: QuizPage, option: int) -> bool:
    view = page.runner.narrative
    span = next(s for s in view.spans() if s.option == option)
    cursor = QTextCursor(view.document())
    cursor.setPosition(span.start + 1)
    background = cursor.charFormat().background()
    return background.style() != Qt.BrushStyle.NoBrush


def answer_by_mouse(qtbot: QtBot, page: QuizPage, wrong_single: bool = False) -> None:
    """Answer the current question with clicks (right, unless told otherwise)."""
    runner = page.runner
    widget = runner.answer_widget
    q = question(page)
    if isinstance(widget, SpotWidget):
        for number in sorted(right_numbers(q)):
            click_spot_link(qtbot, page, number)
    elif isinstance(widget, ChoiceWidget):
        wanted = right_numbers(q)
        if wrong_single:
            wanted = {min(set(range(len(q.options))) - wanted)}
        for number in sorted(wanted):
            click(qtbot, widget.buttons[number])
    elif isinstance(widget, CategorizeWidget):
        for number, item in enumerate(q.items):
            box = widget.boxes[item.category]
            drop_item(widget, box, number)
    elif isinstance(widget, DecisionWidget):
        while not widget.at_ending():
            node = widget.node()
            choice = next(i for i, c in enumerate(node.choices) if c.correct)  # type: ignore[union-attr]
            click(qtbot, widget.buttons[choice])
            qtbot.mouseClick(widget.decide, Qt.MouseButton.LeftButton)
    if q.type is not QuestionType.DECISION:
        assert runner.check_button.isEnabled()
        qtbot.mouseClick(runner.check_button, Qt.MouseButton.LeftButton)


def drag_event(kind: type[QDropEvent], point: QPoint, data: QMimeData) -> QDropEvent:
    """A drag or drop event at ``point`` carrying ``data`` (which the caller keeps alive:
    the event only points at it). PySide offers a QPointF or a QPoint form depending on
    the event class and version; whichever exists is used."""
    args = (
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return kind(QPointF(point), *args)
        except TypeError:
            return kind(point, *args)  # type: ignore[arg-type]


def drop_item(widget: CategorizeWidget, box: QWidget, number: int) -> None:
    from trainer.ui.quiz.categorize import item_mime

    data = item_mime(number)
    enter = drag_event(QDragEnterEvent, QPoint(5, 5), data)
    box.dragEnterEvent(enter)  # type: ignore[attr-defined]
    assert enter.isAccepted()
    drop = drag_event(QDropEvent, QPoint(5, 5), data)
    box.dropEvent(drop)  # type: ignore[attr-defined]
    assert drop.isAccepted()


# ---------------------------------------------------------------- the whole quiz


def test_every_question_type_by_mouse_scores_and_records(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    runner = page.runner
    seen: list[QuestionType] = []
    while page.current_view() is runner:
        q = question(page)
        seen.append(q.type)
        answer_by_mouse(qtbot, page, wrong_single=q.type is QuestionType.SINGLE)
        assert page.run is not None and page.run.current_recorded
        assert runner.next_button.isEnabled()
        qtbot.mouseClick(runner.next_button, Qt.MouseButton.LeftButton)
    assert set(seen) == set(QuestionType)
    assert page.current_view() is page.results
    # five of six right: 83% (floored), which passes the 70% mark
    assert page.results.score_label is not None
    assert page.results.score_label.text() == "83%"
    assert "Passed" in page.results.verdict_label.text()

    attempts = list(store.attempts(profile, QUIZ_ID))
    assert len(attempts) == 6
    by_id = {a.question_id: a for a in attempts}
    assert [by_id[q.id].correct for q in library.quizzes[QUIZ_ID].questions] == [
        False,
        True,
        True,
        True,
        True,
        True,
    ]
    quiz = library.quizzes[QUIZ_ID]
    spot = quiz.question("packing-spot")
    assert spot is not None
    assert answer_from_json(by_id["packing-spot"].answer) == ChoiceAnswer(
        frozenset(right_numbers(spot))
    )
    assert answer_from_json(by_id["packing-sort"].answer) == CategorizeAnswer(
        ("Act", "Means", "Purpose")
    )
    assert answer_from_json(by_id["minibus-decision"].answer) == DecisionAnswer((0, 0))
    assert all(a.mode == "practice" for a in attempts)
    session = store.sessions(profile, QUIZ_ID)[0]
    assert session.finished and session.passed is True
    assert session.score == pytest.approx(5.0) and session.max_score == 6.0


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def tab_to(qtbot: QtBot, wanted: Callable[[QWidget], bool], limit: int = 60) -> QWidget:
    for _ in range(limit):
        widget = focused()
        if wanted(widget):
            return widget
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached the wanted control (at {focused()!r})")


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def choose_radio(qtbot: QtBot, buttons: list[QAbstractButton], target: QAbstractButton) -> None:
    """Radio buttons as a keyboard user works them: Tab into the group, Space, arrows."""
    tab_to(qtbot, lambda w: w in buttons)
    press(qtbot, Qt.Key.Key_Space)
    for _ in range(len(buttons)):
        if target.isChecked():
            break
        press(qtbot, Qt.Key.Key_Down)
    assert target.isChecked()


def test_the_whole_quiz_with_the_keyboard_alone(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    page.start(QUIZ_ID)
    assert focused() is page.intro.start_button
    press(qtbot, Qt.Key.Key_Space)
    runner = page.runner
    assert page.current_view() is runner
    while page.current_view() is runner:
        q = question(page)
        widget = runner.answer_widget
        if isinstance(widget, CategorizeWidget):
            for number in widget.pq.order:
                combo = tab_to(qtbot, lambda w, n=number, cw=widget: w is cw.cards[n].combo)
                key = Qt.Key(Qt.Key.Key_1 + q.categories.index(q.items[number].category))
                qtbot.keyClick(combo, key)
            assert widget.answer() == CategorizeAnswer(tuple(i.category for i in q.items))
        elif isinstance(widget, DecisionWidget):
            while not widget.at_ending():
                node = widget.node()
                choice = next(i for i, c in enumerate(node.choices) if c.correct)  # type: ignore[union-attr]
                choose_radio(qtbot, list(widget.buttons), widget.buttons[choice])
                tab_to(qtbot, lambda w, dw=widget: w is dw.decide)
                press(qtbot, Qt.Key.Key_Space)
        elif isinstance(widget, ChoiceWidget):
            for number in sorted(right_numbers(q)):
                button = widget.buttons[number]
                if isinstance(widget, SpotWidget) or not widget.exclusive:
                    tab_to(qtbot, lambda w, b=button: w is b)
                    press(qtbot, Qt.Key.Key_Space)
                else:
                    choose_radio(qtbot, list(widget.buttons.values()), button)
        if q.type is not QuestionType.DECISION:
            tab_to(qtbot, lambda w: w is runner.check_button)
            press(qtbot, Qt.Key.Key_Space)
        assert page.run is not None and page.run.current_recorded, q.id
        assert focused() is runner.next_button
        press(qtbot, Qt.Key.Key_Space)
    assert page.current_view() is page.results
    assert page.results.score_label is not None
    assert page.results.score_label.text() == "100%"
    assert focused() is page.results.retry_button
    attempts = list(store.attempts(profile, QUIZ_ID))
    assert len(attempts) == 6 and all(a.correct for a in attempts)
    # Tab reaches every reviewed question, and each scrolls into view.
    last = page.results.review_cards[-1]
    assert last.visibleRegion().isEmpty()
    tab_to(qtbot, lambda w: w is last)
    assert not last.visibleRegion().isEmpty()
    assert last.accessibleName().startswith("6. What do you do?")


def test_shortcuts_check_and_go_on(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    runner = page.runner
    widget = runner.answer_widget
    assert isinstance(widget, ChoiceWidget)
    number = min(right_numbers(question(page)))
    widget.buttons[number].setFocus()
    press(qtbot, Qt.Key.Key_Space)
    # A button's Alt shortcut clicks it with a short animation, so wait for it.
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    run = page.run
    assert run is not None
    qtbot.waitUntil(lambda: run.current_recorded)
    first = run.index
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: run.index == first + 1)
    # Ctrl+Enter checks, then goes on
    widget = runner.answer_widget
    assert isinstance(widget, ChoiceWidget)
    click(qtbot, widget.buttons[min(right_numbers(question(page)))])
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert run.current_recorded
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert run.index == first + 2


# ---------------------------------------------------------------- feedback


def test_practice_feedback_on_every_option(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    runner = page.runner
    q = question(page)
    assert q.id == "packing-strongest"
    widget = runner.answer_widget
    assert isinstance(widget, ChoiceWidget)
    assert visible_cards(widget) == []
    assert not runner.check_button.isEnabled()
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    right = next(i for i, o in enumerate(q.options) if o.correct)
    click(qtbot, widget.buttons[wrong])
    qtbot.mouseClick(runner.check_button, Qt.MouseButton.LeftButton)

    assert len(visible_cards(widget)) == len(q.options)
    for number, option in enumerate(q.options):
        card = widget.cards[number]
        assert card.isVisible()
        assert option.feedback.split()[0] in card.body.text()
    assert widget.cards[wrong].property("verdict") == "wrong"
    assert widget.cards[right].property("verdict") == "missed"
    assert "Missed" in widget.cards[right].title.text()
    name = library.indicators["document-retention"].name
    assert name in widget.cards[right].indicators.text()
    assert runner.summary.isVisible() and "Not right" in runner.summary.title.text()
    assert runner.explanation.isVisible()
    assert "Look for combinations" in " ".join(
        label.text() for label in runner.explanation.findChildren(type(runner.position))
    )
    # the answer is locked once recorded
    click(qtbot, widget.buttons[right])
    assert widget.buttons[wrong].isChecked() and not widget.buttons[right].isChecked()


def test_exam_shows_no_feedback_until_the_results(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page, exam=True)
    runner = page.runner
    assert not runner.check_button.isVisible()
    assert "Exam" in runner.position.text()
    while page.current_view() is runner:
        q = question(page)
        widget = runner.answer_widget
        assert widget is not None
        if isinstance(widget, DecisionWidget):
            answer_by_mouse(qtbot, page)
            assert not widget.ending_card.isVisible()
            assert "results" in widget.reached.text()
        elif isinstance(widget, SpotWidget):
            for number in sorted(right_numbers(q)):
                click_spot_link(qtbot, page, number)
        elif isinstance(widget, ChoiceWidget):
            for number in sorted(right_numbers(q)):
                click(qtbot, widget.buttons[number])
        elif isinstance(widget, CategorizeWidget):
            for number, item in enumerate(q.items):
                drop_item(widget, widget.boxes[item.category], number)
        qtbot.mouseClick(runner.next_button, Qt.MouseButton.LeftButton)
        if page.current_view() is runner:
            assert page.run is not None
            assert visible_cards(runner.question_area.widget()) == []
            assert not runner.summary.isVisible() and not runner.explanation.isVisible()
    assert page.current_view() is page.results
    assert page.results.score_label is not None
    assert page.results.score_label.text() == "100%"
    assert len(page.results.review_cards) == 6
    attempts = list(store.attempts(profile, QUIZ_ID))
    assert len(attempts) == 6 and {a.mode for a in attempts} == {"exam"}


def timed_library(fixture_library: Path) -> Library:
    quiz = fixture_library / "quizzes" / "reading-indicators.md"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(
        text.replace("mode: practice\n", "mode: exam\ntime_limit_minutes: 1\n", 1),
        encoding="utf-8",
    )
    return load_library(fixture_library)


def test_exam_time_limit_ends_the_quiz(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore, profile: str
) -> None:
    library = timed_library(fixture_library)
    clock = FakeClock()
    page = make_page(qtbot, library, store, profile, clock=clock)
    page.start(QUIZ_ID)
    assert page.intro.exam.isChecked()
    assert "1 minute" in page.intro.fact_values["time"].text()
    qtbot.mouseClick(page.intro.start_button, Qt.MouseButton.LeftButton)
    runner = page.runner
    assert runner.timer.isActive()
    assert runner.timer_label.isVisible() and runner.timer_label.text().endswith("1:00")
    widget = runner.answer_widget
    assert isinstance(widget, ChoiceWidget)
    click(qtbot, widget.buttons[min(right_numbers(question(page)))])
    qtbot.mouseClick(runner.next_button, Qt.MouseButton.LeftButton)
    clock.seconds += 45
    runner.timer.timeout.emit()
    assert runner.timer_label.text().endswith("0:15")
    assert runner.timer_label.property("role") == "danger"
    assert page.current_view() is runner
    clock.seconds += 16
    runner.timer.timeout.emit()
    assert page.current_view() is page.results
    assert not runner.timer.isActive()
    assert page.outcome is not None and page.outcome.timed_out
    assert page.outcome.unanswered == 5
    assert page.results.score_label is not None
    assert page.results.score_label.text() == "16%"  # 1 of 6
    summary_text = " ".join(
        label.text() for label in page.results.findChildren(type(runner.position))
    )
    assert "time ran out" in summary_text
    assert "5 questions were not answered" in summary_text
    session = store.sessions(profile, QUIZ_ID)[0]
    assert session.finished and session.score == pytest.approx(1.0)
    assert len(list(store.attempts(profile))) == 1


def test_an_answer_given_after_the_time_is_up_is_not_recorded(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore, profile: str
) -> None:
    library = timed_library(fixture_library)
    clock = FakeClock()
    page = make_page(qtbot, library, store, profile, clock=clock)
    page.start(QUIZ_ID)
    qtbot.mouseClick(page.intro.start_button, Qt.MouseButton.LeftButton)
    runner = page.runner
    widget = runner.answer_widget
    assert isinstance(widget, ChoiceWidget)
    click(qtbot, widget.buttons[0])
    clock.seconds += 61  # the tick has not come yet
    qtbot.mouseClick(runner.next_button, Qt.MouseButton.LeftButton)
    assert page.current_view() is page.results
    assert list(store.attempts(profile)) == []


# ---------------------------------------------------------------- spot


def advance_to(qtbot: QtBot, page: QuizPage, question_id: str) -> None:
    while question(page).id != question_id:
        answer_by_mouse(qtbot, page)
        qtbot.mouseClick(page.runner.next_button, Qt.MouseButton.LeftButton)


def test_spot_phrases_by_clicking_the_narrative_and_by_the_list(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    advance_to(qtbot, page, "packing-spot")
    runner = page.runner
    widget = runner.answer_widget
    assert isinstance(widget, SpotWidget)
    q = question(page)
    view = runner.narrative
    assert {s.option for s in view.spans()} == set(range(len(q.options)))
    passport = next(i for i, o in enumerate(q.options) if o.text == "keeps her passport")
    inspection = next(i for i, o in enumerate(q.options) if o.text == "a joint inspection")

    click_spot_link(qtbot, page, passport)
    assert widget.buttons[passport].isChecked()
    assert widget.buttons[passport].property("spot") == "marked"
    assert span_is_marked(page, passport)
    click_spot_link(qtbot, page, passport)
    assert not widget.buttons[passport].isChecked()
    assert not span_is_marked(page, passport)

    # the keyboard list marks the phrase in the narrative too
    widget.buttons[inspection].setFocus()
    qtbot.keyClick(widget.buttons[inspection], Qt.Key.Key_Space)
    assert widget.buttons[inspection].isChecked()
    assert span_is_marked(page, inspection)
    click_spot_link(qtbot, page, passport)
    qtbot.mouseClick(runner.check_button, Qt.MouseButton.LeftButton)

    grade = page.run.grade_of("packing-spot") if page.run else None
    assert grade is not None and grade.score == pytest.approx(0.0)  # (1 right - 1 wrong) / 2
    text = view.document().toPlainText()
    assert "[✓ indicator]" in text and "[✗ not an indicator]" in text
    assert "[! missed indicator]" in text
    assert widget.cards[inspection].property("verdict") == "wrong"
    # clicks after checking change nothing
    click_spot_link(qtbot, page, inspection)
    assert widget.buttons[inspection].isChecked()


def test_narrative_loads_only_pictures_of_the_content_folder(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    view = page.runner.narrative
    image = int(QTextDocument.ResourceType.ImageResource.value)
    picture = view.loadResource(image, QUrl("content:modules/images/checklist.png"))
    assert isinstance(picture, QImage) and not picture.isNull()
    assert view.loadResource(image, QUrl("https://example.org/track.png")) is None
    assert view.loadResource(image, QUrl("file:///etc/hostname")) is None
    assert view.loadResource(image, QUrl("content:../../../etc/hostname")) is None
    assert view.accessibleName().startswith("Scenario")
    assert view.accessibleDescription()


# ---------------------------------------------------------------- categorize


def test_categorize_by_number_keys_combo_and_drag_and_drop(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    advance_to(qtbot, page, "packing-sort")
    runner = page.runner
    widget = runner.answer_widget
    assert isinstance(widget, CategorizeWidget)
    q = question(page)
    act, means, purpose = 0, 1, 2
    assert [q.items[i].category for i in (act, means, purpose)] == ["Act", "Means", "Purpose"]

    # keyboard: the item's list has focus, 2 puts it in the second category
    combo = widget.cards[act].combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_2)
    assert widget.answer() == CategorizeAnswer(("Means", None, None))
    assert [c.text() for c in widget.boxes["Means"].chips] == [q.items[act].text]
    qtbot.keyClick(combo, Qt.Key.Key_1)
    assert widget.answer() == CategorizeAnswer(("Act", None, None))
    assert widget.boxes["Means"].chips == []
    qtbot.keyClick(combo, Qt.Key.Key_0)
    assert widget.answer() == CategorizeAnswer((None, None, None))
    qtbot.keyClick(combo, Qt.Key.Key_9)  # no ninth category: nothing happens
    assert widget.answer() == CategorizeAnswer((None, None, None))

    # the list itself
    widget.cards[means].combo.setCurrentIndex(widget.cards[means].combo.findData("Means"))
    # drag and drop onto a category, then back to the unsorted list, then again
    drop_item(widget, widget.boxes["Purpose"], purpose)
    assert widget.answer() == CategorizeAnswer((None, "Means", "Purpose"))
    assert widget.cards[purpose].category() == "Purpose"
    drop_item(widget, widget.unsorted, purpose)
    assert widget.answer() == CategorizeAnswer((None, "Means", None))
    assert not runner.check_button.isEnabled()
    drop_item(widget, widget.boxes["Purpose"], purpose)
    drop_item(widget, widget.boxes["Purpose"], act)
    assert runner.check_button.isEnabled()
    qtbot.mouseClick(runner.check_button, Qt.MouseButton.LeftButton)

    grade = page.run.grade_of("packing-sort") if page.run else None
    assert grade is not None and grade.score == pytest.approx(2 / 3)
    assert widget.cards[act].feedback.property("verdict") == "wrong"
    assert "belongs in Act" in widget.cards[act].feedback.title.text()
    assert widget.cards[means].feedback.property("verdict") == "right"
    assert "Partly right" in runner.summary.title.text()
    # locked: neither keys nor drops move anything now
    qtbot.keyClick(widget.cards[act].combo, Qt.Key.Key_1)
    widget.place(act, "Act")
    assert widget.answer() == CategorizeAnswer(("Purpose", "Means", "Purpose"))
    stored = [a for a in store.attempts(profile) if a.question_id == "packing-sort"]
    assert [answer_from_json(a.answer) for a in stored] == [
        CategorizeAnswer(("Purpose", "Means", "Purpose"))
    ]


# ---------------------------------------------------------------- decision


def test_decision_path_to_an_ending_is_recorded_once(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    advance_to(qtbot, page, "minibus-decision")
    runner = page.runner
    widget = runner.answer_widget
    assert isinstance(widget, DecisionWidget)
    assert not runner.check_button.isVisible()
    assert not widget.decide.isEnabled()
    assert "nine passports" in widget.step_text.text()
    click(qtbot, widget.buttons[0])  # separate the passengers
    qtbot.mouseClick(widget.decide, Qt.MouseButton.LeftButton)
    assert len(widget.path_cards) == 1
    assert "nervous" in widget.step_text.text()
    assert page.run is not None and not page.run.current_recorded
    before = len(list(store.attempts(profile)))
    click(qtbot, widget.buttons[1])  # threaten her with the law
    qtbot.mouseClick(widget.decide, Qt.MouseButton.LeftButton)

    assert page.run.current_recorded
    attempts = [a for a in store.attempts(profile) if a.question_id == "minibus-decision"]
    assert len(attempts) == 1 and len(list(store.attempts(profile))) == before + 1
    assert answer_from_json(attempts[0].answer) == DecisionAnswer((0, 1))
    assert attempts[0].score == pytest.approx(0.2) and not attempts[0].correct
    assert widget.ending_card.isVisible()
    assert "stops talking" in widget.ending_text.text()
    assert "20 of 100" in widget.ending_score.text()
    assert widget.ending_card.property("verdict") == "missed"
    verdicts = [card.property("verdict") for _, card in widget.path_cards]
    assert verdicts == ["right", "wrong"]
    assert not widget.step_card.isVisible()
    assert runner.next_button.isEnabled() and runner.next_button.text() == "Fi&nish"


# ---------------------------------------------------------------- failures


def test_a_recording_failure_is_shown_and_the_learner_can_try_again(
    qtbot: QtBot,
    library: Library,
    store: ProgressStore,
    profile: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    runner = page.runner
    real = store.record_attempt
    message = "Could not save your progress: the disk holding /data is full."

    def full(data: object) -> object:
        raise DiskFullError(message)

    monkeypatch.setattr(store, "record_attempt", full)
    widget = runner.answer_widget
    assert isinstance(widget, ChoiceWidget)
    click(qtbot, widget.buttons[min(right_numbers(question(page)))])
    qtbot.mouseClick(runner.check_button, Qt.MouseButton.LeftButton)

    assert runner.error.isVisible()
    assert runner.error.text.text() == f"Your answer could not be saved: {message}"
    assert runner.error.action.isVisible()
    assert page.run is not None and page.run.index == 0 and not page.run.current_recorded
    assert not runner.next_button.isEnabled()
    assert visible_cards(widget) == []
    assert list(store.attempts(profile)) == []

    monkeypatch.setattr(store, "record_attempt", real)
    qtbot.mouseClick(runner.error.action, Qt.MouseButton.LeftButton)
    assert not runner.error.isVisible()
    assert page.run.current_recorded and runner.next_button.isEnabled()
    assert visible_cards(widget)
    assert len(list(store.attempts(profile))) == 1


def test_a_session_that_cannot_start_says_so_on_the_intro(
    qtbot: QtBot,
    library: Library,
    store: ProgressStore,
    profile: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = make_page(qtbot, library, store, profile)
    page.start(QUIZ_ID)

    def locked(*args: object, **kwargs: object) -> str:
        raise DiskFullError("The disk is full.")

    monkeypatch.setattr(store, "start_session", locked)
    qtbot.mouseClick(page.intro.start_button, Qt.MouseButton.LeftButton)
    assert page.current_view() is page.intro
    assert page.intro.error.isVisible()
    assert page.intro.error.text.text() == "The quiz could not be started: The disk is full."


def test_an_unknown_quiz_shows_a_calm_message(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    page.start("quiz-that-does-not-exist")
    assert page.current_view() is page.intro
    assert page.intro.title.text() == "Quiz not found"
    assert not page.intro.start_button.isEnabled()
    with qtbot.waitSignal(page.closed):
        qtbot.mouseClick(page.intro.back_button, Qt.MouseButton.LeftButton)


# ---------------------------------------------------------------- leaving, results, retry


def test_leaving_asks_first_and_keeps_recorded_answers(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    runner = page.runner
    answer_by_mouse(qtbot, page)
    qtbot.mouseClick(runner.leave_button, Qt.MouseButton.LeftButton)
    assert runner.confirm.isVisible()
    qtbot.mouseClick(runner.stay_button, Qt.MouseButton.LeftButton)
    assert not runner.confirm.isVisible() and page.current_view() is runner
    assert page.in_progress()
    qtbot.mouseClick(runner.leave_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.closed):
        qtbot.mouseClick(runner.confirm_leave, Qt.MouseButton.LeftButton)
    assert not page.in_progress()
    assert len(list(store.attempts(profile))) == 1
    assert not store.sessions(profile, QUIZ_ID)[0].finished


def finish_all(qtbot: QtBot, page: QuizPage) -> None:
    while page.current_view() is page.runner:
        answer_by_mouse(qtbot, page)
        qtbot.mouseClick(page.runner.next_button, Qt.MouseButton.LeftButton)


def test_results_breakdown_review_and_buttons(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    page = make_page(qtbot, library, store, profile)
    start(qtbot, page)
    finish_all(qtbot, page)
    results = page.results
    assert results.table is not None
    names = {results.table.item(r, 0).text() for r in range(results.table.rowCount())}
    assert names == {
        library.indicators[i].name
        for i in ("document-retention", "debt-bondage", "deceived-about-nature-of-work")
    } | {library.indicators["controlled-by-others"].name}
    dimensions = {results.table.item(r, 1).text() for r in range(results.table.rowCount())}
    assert dimensions <= {d.name for d in library.dimensions.values()}
    points = [results.table.item(r, 2).text() for r in range(results.table.rowCount())]
    assert all(re.fullmatch(r"\d+(\.\d+)? of \d+ \(100%\)", p) for p in points)
    review = " ".join(
        label.text()
        for card in results.review_cards
        for label in card.findChildren(type(page.runner.position))
    )
    assert "Your answer:" in review and "Right answer:" in review
    assert "Look for combinations" in review  # an explanation
    assert "Where it led:" in review
    assert results.module_button.isVisible()
    # links in explanations: a module opens, a web address or unknown module does nothing
    with qtbot.assertNotEmitted(page.openModule):
        results._link("https://www.ilo.org/")
        results._link("module:no-such-module")
    with qtbot.waitSignal(page.openModule) as linked:
        results._link("module:second-module")
    assert linked.args == ["second-module"]
    with qtbot.waitSignal(page.openModule) as opened:
        qtbot.mouseClick(results.module_button, Qt.MouseButton.LeftButton)
    assert opened.args == ["reading-indicators"]
    with qtbot.waitSignal(page.closed):
        qtbot.mouseClick(results.back_button, Qt.MouseButton.LeftButton)


def test_retry_reshuffles_the_answers(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    seeds = Seeds(3, 3, 8)
    page = make_page(qtbot, library, store, profile, seeds=seeds)
    start(qtbot, page)
    first = page.run
    assert first is not None
    shown_first = [b.text() for b in page.runner.answer_widget.buttons.values()]  # type: ignore[union-attr]
    finish_all(qtbot, page)
    qtbot.mouseClick(page.results.retry_button, Qt.MouseButton.LeftButton)
    second = page.run
    assert second is not None and second is not first
    assert page.current_view() is page.runner and second.index == 0
    assert second.seed not in (first.seed,)
    assert [pq.order for pq in second.paper.questions] != [pq.order for pq in first.paper.questions]
    assert second.mode is first.mode
    shown_second = [b.text() for b in page.runner.answer_widget.buttons.values()]  # type: ignore[union-attr]
    assert sorted(shown_first) == sorted(shown_second)
    assert len(store.sessions(profile, QUIZ_ID)) == 2


def test_the_window_showing_another_page_leaves_the_quiz_and_stops_the_clock(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore, profile: str
) -> None:
    from PySide6.QtWidgets import QStackedWidget

    library = timed_library(fixture_library)
    clock = FakeClock()
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    other = QWidget()
    page = QuizPage(library, store, profile, clock=clock, seed_source=Seeds(3))
    stack.addWidget(page)
    stack.addWidget(other)
    stack.show()
    page.start(QUIZ_ID)
    qtbot.mouseClick(page.intro.start_button, Qt.MouseButton.LeftButton)
    assert page.in_progress() and page.runner.timer.isActive()
    stack.setCurrentWidget(other)
    assert not page.in_progress()
    assert not page.runner.timer.isActive()
    assert page.current_view() is page.intro
    clock.seconds += 3600
    page.runner.tick()
    assert not store.sessions(profile, QUIZ_ID)[0].finished


def test_dragging_near_the_edge_scrolls_the_question(
    qtbot: QtBot, library: Library, store: ProgressStore, profile: str
) -> None:
    from trainer.ui.quiz.categorize import item_mime

    page = make_page(qtbot, library, store, profile)
    page.resize(900, 380)
    start(qtbot, page)
    advance_to(qtbot, page, "packing-sort")
    widget = page.runner.answer_widget
    assert isinstance(widget, CategorizeWidget)
    bar = page.runner.question_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    viewport = page.runner.question_area.viewport()
    bottom = widget.mapFrom(viewport, QPoint(20, viewport.height() - 4))
    before = bar.value()
    data = item_mime(0)  # kept alive: the event only points at it
    move = drag_event(QDragMoveEvent, bottom, data)
    widget.dragMoveEvent(move)
    assert move.isAccepted()
    assert bar.value() > before
    middle = widget.mapFrom(viewport, QPoint(20, viewport.height() // 2))
    still = bar.value()
    widget.dragMoveEvent(drag_event(QDragMoveEvent, middle, data))
    assert bar.value() == still
    assert widget.answer() == CategorizeAnswer((None, None, None))
