"""Decision questions: one situation at a time, a choice leads to the next step, until
an ending is reached. The path taken stays in view above the current step."""

from __future__ import annotations

import html
from itertools import pairwise

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QButtonGroup, QHBoxLayout, QVBoxLayout, QWidget

from trainer.core.engine import (
    Answer,
    AnswerError,
    DecisionAnswer,
    Grade,
    PaperQuestion,
    decision_path,
)
from trainer.core.model import DecisionEnding, DecisionStep, Library
from trainer.core.quiz_run import VerdictKind
from trainer.ui.quiz.questions import AnswerWidget, Render, indicators_line
from trainer.ui.quiz.widgets import (
    Card,
    FeedbackCard,
    Heading,
    WrapRadioButton,
    discard,
    fixed_button,
    paragraph,
    rich_text,
    set_verdict,
)


class DecisionWidget(AnswerWidget):
    """``completed`` fires when a choice leads to an ending (the answer is then complete
    and the page records it)."""

    completed = Signal()

    def __init__(
        self,
        pq: PaperQuestion,
        library: Library,
        to_html: Render,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(pq, library, to_html, parent)
        self.choices: list[int] = []
        self.path_cards: list[tuple[Card, FeedbackCard]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        gap = max(4, self.fontMetrics().height() // 3)
        layout.setSpacing(gap)

        self.path_area = QVBoxLayout()
        self.path_area.setContentsMargins(0, 0, 0, 0)
        self.path_area.setSpacing(gap)
        layout.addLayout(self.path_area)

        self.step_card = Card(self)
        self.step_title = Heading("", self.step_card, level=3)
        self.step_text = rich_text("", self.step_card)
        self.step_text.setAccessibleName(self.tr("Situation"))
        self.step_card.box.addWidget(self.step_title)
        self.step_card.box.addWidget(self.step_text)
        self.choice_area = QVBoxLayout()
        self.choice_area.setContentsMargins(0, 0, 0, 0)
        self.step_card.box.addLayout(self.choice_area)
        self.decide = fixed_button(
            self.tr("&Decide"),
            self.step_card,
            description=self.tr("Take the chosen action and see what happens next."),
        )
        self.decide.clicked.connect(self._decide)
        decide_row = QHBoxLayout()
        decide_row.setContentsMargins(0, 0, 0, 0)
        decide_row.addWidget(self.decide)
        decide_row.addStretch(1)
        self.step_card.box.addLayout(decide_row)
        layout.addWidget(self.step_card)

        self.ending_card = Card(self)
        self.ending_title = Heading(self.tr("Where your decisions led"), self.ending_card, level=3)
        self.ending_text = rich_text("", self.ending_card)
        self.ending_score = paragraph("", self.ending_card)
        self.ending_card.box.addWidget(self.ending_title)
        self.ending_card.box.addWidget(self.ending_text)
        self.ending_card.box.addWidget(self.ending_score)
        self.ending_card.hide()
        layout.addWidget(self.ending_card)

        self.reached = paragraph("", self, role="muted")
        self.reached.hide()
        layout.addWidget(self.reached)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.buttonToggled.connect(lambda *_: self._update_decide())
        self.buttons: list[WrapRadioButton] = []
        self._show_node()

    # ------------------------------------------------------------ state

    def instructions(self) -> str:
        return self.tr(
            "Work through the situation. Choose what you would do and press Decide; each "
            "decision leads to the next step."
        )

    def answer(self) -> Answer:
        return DecisionAnswer(tuple(self.choices))

    def node(self) -> DecisionStep | DecisionEnding | None:
        try:
            _, node = decision_path(self.question, self.choices)
        except AnswerError:
            return None
        return node

    def at_ending(self) -> bool:
        return isinstance(self.node(), DecisionEnding)

    def set_answer(self, answer: Answer) -> None:
        if not isinstance(answer, DecisionAnswer):
            return
        self.choices = []
        self._clear_path()
        for number in answer.choices:
            if not self.choose(number):
                break

    def choose(self, number: int) -> bool:
        """Take choice ``number`` at the current step; False if it does not exist."""
        node = self.node()
        if self.locked or not isinstance(node, DecisionStep):
            return False
        if not 0 <= number < len(node.choices):
            return False
        self.choices.append(number)
        self._add_path_entry(len(self.choices), node, number)
        self._show_node()
        self.changed.emit()
        if self.at_ending():
            self.completed.emit()
        return True

    def _decide(self) -> None:
        number = self.group.checkedId()
        if number >= 0:
            self.choose(number)

    # ------------------------------------------------------------ display

    def _clear_path(self) -> None:
        for card, _ in self.path_cards:
            discard(card)
        self.path_cards = []

    def _add_path_entry(self, index: int, step: DecisionStep, number: int) -> None:
        card = Card(self)
        title = paragraph(self.tr("Step {n}").format(n=index), card, role="muted")
        situation = rich_text(self.to_html(step.text), card)
        chose = rich_text(
            "<b>{label}</b> {choice}".format(
                label=html.escape(self.tr("You chose:")),
                choice=html.escape(step.choices[number].text),
            ),
            card,
        )
        feedback = FeedbackCard(card)
        card.box.addWidget(title)
        card.box.addWidget(situation)
        card.box.addWidget(chose)
        card.box.addWidget(feedback)
        card.setAccessibleName(self.tr("Step {n}, taken").format(n=index))
        self.path_area.addWidget(card)
        card.show()
        self.path_cards.append((card, feedback))

    def _show_node(self) -> None:
        focus = QApplication.focusWidget()
        had_focus = focus is not None and (focus is self or self.isAncestorOf(focus))
        for button in self.buttons:
            self.group.removeButton(button)
            discard(button)
        self.buttons = []
        node = self.node()
        if isinstance(node, DecisionStep):
            self.step_card.show()
            self.step_title.setText(self.tr("Step {n}").format(n=len(self.choices) + 1))
            self.step_text.setText(self.to_html(node.text))
            for number, choice in enumerate(node.choices):
                button = WrapRadioButton(choice.text, self.step_card)
                button.setAccessibleName(choice.text)
                self.group.addButton(button, number)
                self.choice_area.addWidget(button)
                button.show()
                self.buttons.append(button)
            chain = [*self.buttons, self.decide]
            for first, second in pairwise(chain):
                QWidget.setTabOrder(first, second)
            self.reached.hide()
        else:
            self.step_card.hide()
            self.reached.setText(
                self.tr("You have reached the end of this situation. Your decisions are saved.")
            )
            self.reached.show()
        self._update_decide()
        if had_focus and self.buttons:
            # The control that had focus is gone: keep the keyboard in the new step.
            self.buttons[0].setFocus()

    def _update_decide(self) -> None:
        self.decide.setEnabled(not self.locked and self.group.checkedId() >= 0)

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        for button in self.buttons:
            button.set_locked(locked)
        self._update_decide()

    def focus_first(self) -> None:
        if self.buttons:
            self.buttons[0].setFocus()

    def show_saved_without_feedback(self) -> None:
        """Exam mode: the ending is kept for the results page."""
        self.reached.setText(
            self.tr(
                "You have reached the end of this situation. Your decisions are saved; you "
                "will see where they led with your results."
            )
        )
        self.reached.show()

    def show_feedback(self, grade: Grade) -> None:
        for verdict, (_, card) in zip(grade.verdicts, self.path_cards, strict=False):
            kind = VerdictKind.RIGHT if verdict.right else VerdictKind.WRONG
            title = (
                self.tr("The recommended action.")
                if verdict.right
                else self.tr("Not the recommended action.")
            )
            card.show_verdict(
                kind,
                title,
                self.to_html(verdict.feedback),
                indicators_line(self.library, verdict.indicators),
            )
        ending = grade.ending
        if ending is None:
            return
        self.reached.hide()
        self.ending_text.setText(self.to_html(ending.text))
        self.ending_score.setText(
            self.tr("This outcome scores {score} of 100.").format(score=ending.score)
        )
        kind = (
            VerdictKind.RIGHT
            if ending.score >= 100
            else VerdictKind.MISSED
            if ending.score > 0
            else VerdictKind.WRONG
        )
        set_verdict(self.ending_card, kind)
        self.ending_card.setAccessibleName(self.ending_title.text())
        self.ending_card.setAccessibleDescription(
            f"{self.ending_text.text()} {self.ending_score.text()}"
        )
        self.ending_card.show()
