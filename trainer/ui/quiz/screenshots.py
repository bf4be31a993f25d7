"""Drive a quiz of the shipped content into representative states for screenshots.

``scripts/screenshots.py`` (the shell's) calls :func:`quiz_screens` with the main
window and grabs each widget it yields.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from trainer.core.engine import CategorizeAnswer, ChoiceAnswer
from trainer.core.model import Library, QuestionType, Quiz
from trainer.core.quiz_run import right_answer
from trainer.ui.quiz.categorize import CategorizeWidget
from trainer.ui.quiz.decision import DecisionWidget
from trainer.ui.quiz.page import QuizPage

PREFERRED_QUIZ = "quiz-reading-indicators"
__all__ = ["choose_quiz", "quiz_screens"]

WANTED = {QuestionType.SINGLE, QuestionType.SPOT, QuestionType.CATEGORIZE, QuestionType.DECISION}


def choose_quiz(library: Library) -> Quiz | None:
    """The preferred quiz, else the one with the most of the wanted question types."""
    if PREFERRED_QUIZ in library.quizzes:
        return library.quizzes[PREFERRED_QUIZ]
    if not library.quizzes:
        return None
    return max(
        library.quizzes.values(),
        key=lambda q: (len(WANTED & {x.type for x in q.questions}), -len(q.questions)),
    )


def _settle() -> None:
    app = QApplication.instance()
    if app is not None:
        for _ in range(3):
            app.processEvents()


def _show(window: QWidget, page: QuizPage) -> None:
    parent = page.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QStackedWidget):
            parent.setCurrentWidget(page)
            break
        parent = parent.parentWidget()
    _settle()


def quiz_screens(window: QWidget) -> Iterator[tuple[str, QWidget]]:
    """Yield (name, widget to grab) for the intro, a checked single-choice question, a
    spot question, a categorize question, a decision step, a decision ending and the
    results page. Answers are recorded for the window's learner like any other."""
    page = getattr(window, "quiz_page", None)
    library = getattr(window, "library", None)
    if not isinstance(page, QuizPage) or not isinstance(library, Library):
        return
    quiz = choose_quiz(library)
    if quiz is None:
        return
    _show(window, page)
    page.start(quiz.id)
    _settle()
    yield "quiz-intro", window

    page.intro.practice.setChecked(True)
    page.intro.start_button.click()
    if page.run is None:
        return
    runner = page.runner
    seen: set[str] = set()
    while page.run is not None and page.stack.currentWidget() is runner:
        run = page.run
        question = run.question
        widget = runner.answer_widget
        if widget is None:
            break
        kind = question.type
        if kind is QuestionType.SPOT and "spot" not in seen:
            right = [i for i, o in enumerate(question.options) if o.correct]
            wrong = [i for i, o in enumerate(question.options) if not o.correct]
            widget.set_answer(ChoiceAnswer(frozenset(right[:1] + wrong[:1])))
            _settle()
            seen.add("spot")
            yield "quiz-spot", window
            runner.commit()
        elif kind is QuestionType.SINGLE and "single" not in seen:
            wrong = [i for i, o in enumerate(question.options) if not o.correct]
            widget.set_answer(ChoiceAnswer(frozenset(wrong[:1])))
            runner.commit()
            _settle()
            seen.add("single")
            yield "quiz-single-feedback", window
        elif kind is QuestionType.CATEGORIZE and "categorize" not in seen:
            assert isinstance(widget, CategorizeWidget)
            full = right_answer(question)
            assert isinstance(full, CategorizeAnswer)
            partial = tuple(c if i < 2 else None for i, c in enumerate(full.placement))
            widget.set_answer(CategorizeAnswer(partial))
            _settle()
            seen.add("categorize")
            yield "quiz-categorize", window
            widget.set_answer(full)
            runner.commit()
        elif kind is QuestionType.DECISION and "decision" not in seen:
            assert isinstance(widget, DecisionWidget)
            path = right_answer(question)
            choices = getattr(path, "choices", ())
            if choices:
                widget.choose(choices[0])
            _settle()
            seen.add("decision")
            yield "quiz-decision-step", window
            for number in choices[1:]:
                widget.choose(number)
            _settle()
            yield "quiz-decision-ending", window
        else:
            widget.set_answer(right_answer(question))
            if not run.current_recorded:
                runner.commit()
        if not run.current_recorded:
            break
        runner.next()
    _settle()
    if page.stack.currentWidget() is page.results:
        yield "quiz-results", window
