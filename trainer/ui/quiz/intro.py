"""Before a quiz: what it is, how long, the pass mark, and practice or exam."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from trainer.core.model import Library, Quiz, QuizMode
from trainer.ui.quiz.text import QuizText
from trainer.ui.quiz.widgets import (
    Card,
    Heading,
    MessageBar,
    ScaledLabel,
    WrapRadioButton,
    centred_column,
    fixed_button,
    paragraph,
    rich_text,
)
from trainer.ui.theme import set_style_property


class IntroView(QWidget):
    """``startRequested`` carries the chosen :class:`QuizMode`."""

    startRequested = Signal(object)
    back = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.text = QuizText(library, self)
        self.quiz: Quiz | None = None
        unit = max(4, self.fontMetrics().height() // 2)

        holder, column = centred_column(self, unit)

        self.title = Heading("", holder, level=1)
        self.module_line = paragraph("", holder, role="muted")
        self.intro = rich_text("", holder)
        column.addWidget(self.title)
        column.addWidget(self.module_line)
        column.addWidget(self.intro)

        facts = Card(holder)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(unit * 4)
        grid.setVerticalSpacing(unit)
        self.fact_values: dict[str, QLabel] = {}
        names = {
            "questions": self.tr("Questions"),
            "pass": self.tr("Pass mark"),
            "time": self.tr("Time limit"),
        }
        for row, (key, name) in enumerate(names.items()):
            label = paragraph(name, facts, role="muted")
            value = ScaledLabel("", facts, bold=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setBuddy(value)
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
            self.fact_values[key] = value
        grid.setColumnStretch(1, 1)
        facts.box.addLayout(grid)
        self.facts = paragraph("", facts, role="muted")
        facts.box.addWidget(self.facts)
        column.addWidget(facts)

        modes = self.modes_card = Card(holder)
        modes.box.addWidget(Heading(self.tr("How do you want to take it?"), modes, level=3))
        self.practice = WrapRadioButton("", modes)
        self.exam = WrapRadioButton("", modes)
        self.modes = QButtonGroup(self)
        self.modes.addButton(self.practice)
        self.modes.addButton(self.exam)
        modes.box.addWidget(self.practice)
        modes.box.addWidget(self.exam)
        column.addWidget(modes)

        self.error = MessageBar(holder, role="danger")
        column.addWidget(self.error)

        buttons = QHBoxLayout()
        self.back_button = fixed_button(self.tr("&Back to library"), holder)
        self.back_button.clicked.connect(self.back.emit)
        self.start_button = fixed_button(self.tr("&Start"), holder)
        set_style_property(self.start_button, "primary", "true")
        self.start_button.clicked.connect(self._start)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        column.addLayout(buttons)
        column.addStretch(1)
        self.setTabOrder(self.practice, self.exam)
        self.setTabOrder(self.exam, self.start_button)
        self.setTabOrder(self.start_button, self.back_button)

    def show_quiz(self, quiz: Quiz) -> None:
        self.quiz = quiz
        self.error.hide()
        self.modes_card.show()
        self.start_button.setEnabled(True)
        self.title.setText(quiz.title)
        module = self.library.modules.get(quiz.module) if quiz.module else None
        self.module_line.setText(
            self.tr("Part of the module “{title}”").format(title=module.title) if module else ""
        )
        self.module_line.setVisible(module is not None)
        intro_html = self.text.html(quiz, quiz.intro)
        self.intro.setText(intro_html)
        self.intro.setVisible(bool(intro_html))
        count = min(quiz.draw, len(quiz.questions)) if quiz.draw else len(quiz.questions)
        questions = self.text.questions(count)
        if count < len(quiz.questions):
            questions += self.tr(", drawn at random from {n}").format(n=len(quiz.questions))
        self.fact_values["questions"].setText(questions)
        self.fact_values["pass"].setText(self.tr("{mark}%").format(mark=quiz.pass_mark))
        self.fact_values["time"].setText(
            self.tr("{time}, in the exam").format(time=self.text.minutes(quiz.time_limit_minutes))
            if quiz.time_limit_minutes
            else self.tr("None")
        )
        for value in self.fact_values.values():
            value.show()
        self.facts.setText(self.tr("Every answer is saved as soon as you give it."))
        self.practice.setText(
            self.tr("Practice — see whether you were right, and why, after each answer.")
        )
        exam = self.tr("Exam — answer everything first; your feedback comes at the end.")
        if quiz.time_limit_minutes:
            exam += " " + self.tr("The time limit applies.")
        self.exam.setText(exam)
        self.practice.setAccessibleName(self.practice.text())
        self.exam.setAccessibleName(self.exam.text())
        (self.practice if quiz.mode is QuizMode.PRACTICE else self.exam).setChecked(True)
        self.start_button.setAccessibleDescription(
            self.tr("Start “{title}” in the chosen mode.").format(title=quiz.title)
        )
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_missing(self, quiz_id: str) -> None:
        """The quiz is not in the library (any more)."""
        self.quiz = None
        self.title.setText(self.tr("Quiz not found"))
        self.module_line.hide()
        self.intro.hide()
        self.facts.setText(
            self.tr(
                "The quiz “{id}” is not in the library. It may have been removed or it has "
                "errors; a trainer can check the content with 'trainer validate'."
            ).format(id=quiz_id)
        )
        self.modes_card.hide()
        for value in self.fact_values.values():
            value.setText("")
        self.error.hide()
        self.start_button.setEnabled(False)
        self.back_button.setFocus()

    def mode(self) -> QuizMode:
        return QuizMode.EXAM if self.exam.isChecked() else QuizMode.PRACTICE

    def show_error(self, message: str) -> None:
        self.error.show_message(message)

    def _start(self) -> None:
        if self.quiz is not None:
            self.startRequested.emit(self.mode())
