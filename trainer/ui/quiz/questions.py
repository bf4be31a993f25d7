"""The answer area of each question type. Each widget only shows and collects: the
answer is a plain engine value, and grading is done by :class:`QuizRun`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QVBoxLayout, QWidget

from trainer.core.engine import Answer, ChoiceAnswer, Grade, PaperQuestion, Verdict
from trainer.core.model import Library, QuestionType
from trainer.core.quiz_run import (
    VerdictKind,
    displayed_options,
    empty_answer,
    indicator_names,
    verdict_kind,
)
from trainer.ui.quiz.widgets import FeedbackCard, WrapCheckBox, WrapRadioButton
from trainer.ui.theme import set_style_property

# Renders a quiz's Markdown to safe HTML.
Render = Callable[[str], str]


def indicators_line(library: Library, ids: tuple[str, ...]) -> str:
    """ "Indicators: name, name" for a feedback card (empty when there are none)."""
    if not ids:
        return ""
    names = ", ".join(indicator_names(library, ids))
    return QCoreApplication.translate("Quiz", "Indicators: {names}").format(names=names)


def quoted(text: str) -> str:
    return QCoreApplication.translate("Quiz", "“{text}”").format(text=text)


class AnswerWidget(QWidget):
    """Base of the answer areas. ``changed`` fires whenever the answer so far changes."""

    changed = Signal()

    def __init__(
        self,
        pq: PaperQuestion,
        library: Library,
        to_html: Render,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pq = pq
        self.question = pq.question
        self.library = library
        self.to_html = to_html
        self.locked = False

    def answer(self) -> Answer:
        return empty_answer(self.question)

    def set_answer(self, answer: Answer) -> None:
        """Show a given answer (to restore a draft); emits ``changed``."""
        raise NotImplementedError

    def set_locked(self, locked: bool) -> None:
        self.locked = locked

    def show_feedback(self, grade: Grade) -> None:
        raise NotImplementedError

    def focus_first(self) -> None:
        self.focusNextChild()

    def instructions(self) -> str:
        return ""


class ChoiceWidget(AnswerWidget):
    """Single, true-false (radio buttons) and multiple (check boxes). Each option has a
    feedback card under it that opens after the answer is checked."""

    def __init__(
        self,
        pq: PaperQuestion,
        library: Library,
        to_html: Render,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(pq, library, to_html, parent)
        self.exclusive = self.question.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(max(6, self.fontMetrics().height() // 2))
        # Only radio buttons share a group: Qt lets a group's buttons take Tab focus one
        # at a time (arrow keys move within), which suits radios but would hide the
        # other check boxes from Tab.
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, WrapRadioButton | WrapCheckBox] = {}
        self.cards: dict[int, FeedbackCard] = {}
        for number, option in displayed_options(pq):
            button = self._make_button(self.option_label(option.text))
            button.setAccessibleName(self.option_label(option.text))
            if self.exclusive:
                self.group.addButton(button, number)
            button.toggled.connect(lambda checked, b=button: self._toggled(b, checked))
            card = FeedbackCard(self)
            pair = QVBoxLayout()
            pair.setSpacing(2)
            pair.addWidget(button)
            pair.addWidget(card)
            layout.addLayout(pair)
            self.buttons[number] = button
            self.cards[number] = card

    def _make_button(self, text: str) -> WrapRadioButton | WrapCheckBox:
        if self.exclusive:
            return WrapRadioButton(text, self)
        return WrapCheckBox(text, self)

    def option_label(self, text: str) -> str:
        return text

    def instructions(self) -> str:
        if self.question.type is QuestionType.TRUE_FALSE:
            return self.tr("Is the statement true or false?")
        if self.exclusive:
            return self.tr("Choose one answer.")
        return self.tr("Select every answer that applies. Wrong selections cost points.")

    def selected(self) -> frozenset[int]:
        return frozenset(n for n, b in self.buttons.items() if b.isChecked())

    def answer(self) -> Answer:
        return ChoiceAnswer(self.selected())

    def set_answer(self, answer: Answer) -> None:
        if not isinstance(answer, ChoiceAnswer):
            return
        for number, button in self.buttons.items():
            button.setChecked(number in answer.selected)

    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        self._after_toggle(button, checked)
        self.changed.emit()

    def _after_toggle(self, button: QAbstractButton, checked: bool) -> None:
        """Hook for subclasses."""

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        for button in self.buttons.values():
            button.set_locked(locked)

    def focus_first(self) -> None:
        checked = [b for b in self.buttons.values() if b.isChecked()]
        target = checked[0] if checked else next(iter(self.buttons.values()), None)
        if target is not None:
            target.setFocus()

    def verdict_title(self, kind: VerdictKind | None, verdict: Verdict) -> str:
        if kind is VerdictKind.RIGHT:
            return self.tr("Right — you chose this.")
        if kind is VerdictKind.WRONG:
            return self.tr("Not right — you chose this.")
        if kind is VerdictKind.MISSED:
            return self.tr("Missed — this is a right answer.")
        return self.tr("Rightly left out.")

    def show_feedback(self, grade: Grade) -> None:
        for verdict in grade.verdicts:
            card = self.cards.get(verdict.number)
            button = self.buttons.get(verdict.number)
            if card is None or button is None:
                continue
            kind = verdict_kind(self.question, verdict)
            title = self.verdict_title(kind, verdict)
            card.show_verdict(
                kind,
                title,
                self.to_html(verdict.feedback),
                indicators_line(self.library, verdict.indicators),
            )
            button.setAccessibleDescription(f"{title} {verdict.feedback}")


class SpotWidget(ChoiceWidget):
    """Spot questions: the phrases of the narrative as a keyboard-friendly list of check
    boxes. The page keeps the narrative's marks in step through ``marksChanged`` and
    :meth:`toggle_option`."""

    marksChanged = Signal(object)

    def _make_button(self, text: str) -> WrapRadioButton | WrapCheckBox:
        return WrapCheckBox(text, self)

    def option_label(self, text: str) -> str:
        return quoted(text)

    def instructions(self) -> str:
        return self.tr(
            "Click the phrases in the scenario that are indicators, or tick them in this "
            "list. Wrong marks cost points."
        )

    def phrases(self) -> list[str]:
        """Every phrase by its option number (for the narrative)."""
        return [option.text for option in self.question.options]

    def toggle_option(self, number: int) -> None:
        """Mark or unmark a phrase (a click in the narrative)."""
        button = self.buttons.get(number)
        if button is not None and not self.locked:
            button.toggle()

    def _after_toggle(self, button: QAbstractButton, checked: bool) -> None:
        set_style_property(button, "spot", "marked" if checked else None)
        self.marksChanged.emit(self.selected())

    def verdict_title(self, kind: VerdictKind | None, verdict: Verdict) -> str:
        if kind is VerdictKind.RIGHT:
            return self.tr("You marked this — it is an indicator.")
        if kind is VerdictKind.WRONG:
            return self.tr("You marked this — it is not an indicator.")
        if kind is VerdictKind.MISSED:
            return self.tr("Missed — this phrase is an indicator.")
        return self.tr("Rightly left unmarked.")

    def show_feedback(self, grade: Grade) -> None:
        for button in self.buttons.values():
            set_style_property(button, "spot", None)
        super().show_feedback(grade)

    def verdicts(self, grade: Grade) -> dict[int, VerdictKind]:
        found: dict[int, VerdictKind] = {}
        for verdict in grade.verdicts:
            kind = verdict_kind(self.question, verdict)
            if kind is not None:
                found[verdict.number] = kind
        return found
