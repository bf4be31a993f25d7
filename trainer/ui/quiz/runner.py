"""The screen of a quiz in progress: the narrative on the left, the question on the
right, progress and time above, and the actions below. The flow itself (grading,
recording, time) is :class:`trainer.core.quiz_run.QuizRun`."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trainer.core.engine import Grade
from trainer.core.model import Library, QuestionType, Scenario
from trainer.core.quiz_run import (
    CommitResult,
    CommitStatus,
    FinishOutcome,
    QuizRun,
    content_root,
)
from trainer.ui.quiz.categorize import CategorizeWidget
from trainer.ui.quiz.decision import DecisionWidget
from trainer.ui.quiz.narrative import NarrativeView
from trainer.ui.quiz.questions import AnswerWidget, ChoiceWidget, SpotWidget
from trainer.ui.quiz.text import QuizText
from trainer.ui.quiz.widgets import (
    Card,
    FeedbackCard,
    Heading,
    MessageBar,
    fixed_button,
    paragraph,
    rich_text,
    scroll_content,
)
from trainer.ui.theme import set_style_property


class RunnerView(QWidget):
    """Runs one :class:`QuizRun`. ``finished`` carries the outcome; ``left`` fires when
    the learner leaves (answers already recorded stay recorded)."""

    finished = Signal(object)
    left = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.run: QuizRun | None = None
        self.text = QuizText(library)
        self.answer_widget: AnswerWidget | None = None
        self._scenario_index: int | None = None
        unit = max(4, self.fontMetrics().height() // 2)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        # ---- header: title, progress, time, leave
        self.header = QFrame(self)
        self.header.setProperty("role", "header")
        head = QHBoxLayout(self.header)
        head.setContentsMargins(unit * 3, unit * 2, unit * 3, unit * 2)
        head.setSpacing(unit * 2)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = Heading("", self.header, level=2)
        self.position = paragraph("", self.header, role="muted")
        titles.addWidget(self.title)
        titles.addWidget(self.position)
        head.addLayout(titles, 1)
        self.progress = QProgressBar(self.header)
        self.progress.setTextVisible(False)
        self.progress.setMinimumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.progress.setAccessibleName(self.tr("Progress through the quiz"))
        head.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignVCenter)
        self.timer_label = Heading("", self.header, level=3)
        self.timer_label.setAccessibleName(self.tr("Time left"))
        self.timer_label.hide()
        head.addWidget(self.timer_label, 0, Qt.AlignmentFlag.AlignVCenter)
        self.leave_button = fixed_button(
            self.tr("&Leave quiz"),
            self.header,
            description=self.tr("Stop this quiz. Answers you have given stay saved."),
        )
        self.leave_button.clicked.connect(self.ask_leave)
        head.addWidget(self.leave_button, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addWidget(self.header)

        body = QVBoxLayout()
        body.setContentsMargins(unit * 3, unit * 2, unit * 3, unit * 2)
        body.setSpacing(unit * 2)
        outer.addLayout(body, 1)

        # ---- leave confirmation (inline, calm, keyboard reachable)
        self.confirm = Card(self, role="notice")
        confirm_row = QHBoxLayout()
        self.confirm_text = paragraph(
            self.tr(
                "Leave this quiz? The answers you have given stay saved, but the quiz will "
                "not be scored."
            ),
            self.confirm,
        )
        self.stay_button = fixed_button(self.tr("&Stay"), self.confirm)
        self.confirm_leave = fixed_button(self.tr("Leave &now"), self.confirm)
        self.confirm_leave.setProperty("role", "danger")
        self.stay_button.clicked.connect(self.cancel_leave)
        self.confirm_leave.clicked.connect(self.leave)
        confirm_row.addWidget(self.confirm_text, 1)
        confirm_row.addWidget(self.stay_button)
        confirm_row.addWidget(self.confirm_leave)
        self.confirm.box.addLayout(confirm_row)
        self.confirm.setAccessibleName(self.confirm_text.text())
        self.confirm.hide()
        body.addWidget(self.confirm)

        # ---- narrative | question
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.narrative_panel = QWidget(self.splitter)
        left = QVBoxLayout(self.narrative_panel)
        left.setContentsMargins(0, 0, unit, 0)
        left.setSpacing(unit)
        self.scenario_title = Heading("", self.narrative_panel, level=3)
        self.narrative = NarrativeView(self.narrative_panel)
        self.narrative.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        self.narrative.spotActivated.connect(self._spot_activated)
        left.addWidget(self.scenario_title)
        left.addWidget(self.narrative, 1)

        self.question_area = QScrollArea(self.splitter)
        self.question_area.setWidgetResizable(True)
        self.question_area.setProperty("frameless", "true")
        self.question_area.setFrameShape(QFrame.Shape.NoFrame)
        # Tab goes through the question's controls (the area scrolls to each of them).
        self.question_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.question_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.question_area.setMinimumWidth(self.fontMetrics().averageCharWidth() * 36)
        self.splitter.addWidget(self.narrative_panel)
        self.splitter.addWidget(self.question_area)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self._sized = False
        body.addWidget(self.splitter, 1)

        # ---- messages and actions
        self.error = MessageBar(self, role="danger")
        self.error.action.clicked.connect(self.commit)
        body.addWidget(self.error)
        footer = QHBoxLayout()
        footer.setSpacing(unit * 2)
        self.hint = paragraph("", self, role="muted")
        footer.addWidget(self.hint, 1)
        self.check_button = fixed_button(
            self.tr("&Check answer"),
            self,
            description=self.tr("Save your answer and see the feedback."),
        )
        self.check_button.clicked.connect(self.commit)
        self.next_button = fixed_button(self.tr("&Next"), self)
        self.next_button.clicked.connect(self.next)
        footer.addWidget(self.check_button)
        footer.addWidget(self.next_button)
        body.addLayout(footer)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

        primary = QShortcut(QKeySequence("Ctrl+Return"), self)
        primary.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        primary.activated.connect(self.primary_action)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._escape)

    # ------------------------------------------------------------ running

    def begin(self, run: QuizRun) -> None:
        """Show the first question of a new run."""
        self.run = run
        self._scenario_index = None
        located = content_root(self.library, run.quiz)
        self.narrative.set_root(located[0] if located else None)
        self.title.setText(run.quiz.title)
        self.progress.setRange(0, run.count)
        self.confirm.hide()
        limit = run.time_limit_seconds
        self.timer_label.setVisible(limit is not None)
        if limit is not None:
            self.timer.start()
            self.tick()
        else:
            self.timer.stop()
        self.show_question()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and self.splitter.width() > 0:
            # The question gets the larger share; the learner can drag the divider.
            width = self.splitter.width()
            self.splitter.setSizes([width * 2 // 5, width - width * 2 // 5])
            self._sized = True

    def show_question(self) -> None:
        run = self.run
        if run is None:
            return
        pq = run.current
        question = pq.question
        self.error.hide()
        self.position.setText(self.text.position(run.index + 1, run.count, run.mode, question.type))
        self.progress.setValue(run.index)
        self.progress.setAccessibleDescription(self.position.text())

        scenario = run.quiz.scenario_of(question)
        self._show_scenario(question.scenario_index, scenario)

        content, layout = scroll_content(QVBoxLayout)
        unit = max(4, self.fontMetrics().height() // 2)
        layout.setContentsMargins(unit, 0, unit * 2, unit)
        layout.setSpacing(unit * 2)
        prompt = Heading(question.prompt, content, level=2)
        layout.addWidget(prompt)
        source = self.text.source_quiz(run.quiz, question)
        if question.body.strip():
            layout.addWidget(rich_text(self.text.html(source, question.body), content))
        widget = self._make_widget(content)
        instructions = paragraph(widget.instructions(), content, role="muted")
        layout.addWidget(instructions)
        self.summary = FeedbackCard(content)
        layout.addWidget(self.summary)
        layout.addWidget(widget)
        self.explanation = Card(content)
        self.explanation.box.addWidget(Heading(self.tr("Explanation"), self.explanation, level=3))
        self.explanation.box.addWidget(
            rich_text(self.text.html(source, question.explanation), self.explanation)
        )
        self.explanation.hide()
        layout.addWidget(self.explanation)
        layout.addStretch(1)
        content.setAccessibleName(question.prompt)

        old = self.question_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.question_area.setWidget(content)
        self.question_area.verticalScrollBar().setValue(0)
        self.answer_widget = widget
        draft = run.draft
        if draft is not None:
            widget.set_answer(draft)
        widget.changed.connect(self._answer_changed)
        self._update_buttons()
        self._fix_tab_order()
        widget.focus_first()

    def _fix_tab_order(self) -> None:
        """Tab goes: leave, narrative, the question's controls in order, then the
        actions below (new controls, such as a decision's next step, join in place)."""
        content = self.question_area.widget()
        if content is None:
            return
        inside: list[QWidget] = []
        start = self.window()
        widget = start.nextInFocusChain()
        tab = Qt.FocusPolicy.TabFocus
        while widget is not None and widget is not start and len(inside) < 10_000:
            if content.isAncestorOf(widget) and widget.focusPolicy() & tab == tab:
                inside.append(widget)
            widget = widget.nextInFocusChain()
        order = [self.leave_button, self.narrative, *inside]
        order += [self.error.action, self.check_button, self.next_button]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _make_widget(self, parent: QWidget) -> AnswerWidget:
        run = self.run
        assert run is not None
        pq = run.current
        kind = pq.question.type
        quiz = self.text.source_quiz(run.quiz, pq.question)

        def to_html(text: str) -> str:
            return self.text.html(quiz, text)

        widget: AnswerWidget
        if kind is QuestionType.SPOT:
            spot = SpotWidget(pq, self.library, to_html, parent)
            self.narrative.set_spots(spot.phrases(), spot.selected())
            spot.marksChanged.connect(self.narrative.set_marked)
            widget = spot
        elif kind is QuestionType.CATEGORIZE:
            widget = CategorizeWidget(pq, self.library, to_html, parent)
        elif kind is QuestionType.DECISION:
            decision = DecisionWidget(pq, self.library, to_html, parent)
            decision.completed.connect(self.commit)
            widget = decision
        else:
            widget = ChoiceWidget(pq, self.library, to_html, parent)
        return widget

    def _show_scenario(self, index: int, scenario: Scenario) -> None:
        """Show the question's scenario; kept as it is (scroll position too) while the
        questions stay in one scenario, unless spot marks must be added or removed."""
        run = self.run
        assert run is not None
        reload = (
            index != self._scenario_index
            or run.question.type is QuestionType.SPOT
            or bool(self.narrative.spans())
        )
        if reload:
            self._scenario_index = index
            self.scenario_title.setText(scenario.title)
            source = self.text.source_quiz(run.quiz, run.question)
            if source is not run.quiz:
                located = content_root(self.library, source)
                self.narrative.set_root(located[0] if located else None)
            self.narrative.show_html(self.text.html(source, scenario.narrative, inline=False))
            self.narrative.setAccessibleName(
                self.tr("Scenario: {title}").format(title=scenario.title)
            )
        self.narrative_panel.setVisible(bool(scenario.narrative.strip()))

    def _spot_activated(self, option: int) -> None:
        if isinstance(self.answer_widget, SpotWidget):
            self.answer_widget.toggle_option(option)

    def _answer_changed(self) -> None:
        if self.run is not None and self.answer_widget is not None:
            self.run.set_draft(self.answer_widget.answer())
        self._update_buttons()
        if isinstance(self.answer_widget, DecisionWidget):
            self._fix_tab_order()

    def _update_buttons(self) -> None:
        run = self.run
        widget = self.answer_widget
        if run is None or widget is None:
            return
        controls = run.controls(widget.answer())
        self.check_button.setVisible(controls.shows_check)
        self.check_button.setEnabled(controls.can_check)
        self.next_button.setEnabled(controls.can_go_on)
        self.next_button.setText(self.tr("Fi&nish") if controls.finishes else self.tr("&Next"))
        self.next_button.setAccessibleName(self.next_button.text().replace("&", ""))
        if controls.finishes:
            going = (
                self.tr("Save this answer, then finish the quiz and see your results.")
                if controls.saves_on_go
                else self.tr("Finish the quiz and see your results.")
            )
        else:
            going = (
                self.tr("Save this answer and go to the next question.")
                if controls.saves_on_go
                else self.tr("Go to the next question.")
            )
        self.next_button.setAccessibleDescription(going)
        self.next_button.setToolTip(going)
        main = self.check_button if controls.shows_check and not controls.recorded else None
        main = main or self.next_button
        for button in (self.check_button, self.next_button):
            primary = button is main and button.isEnabled()
            set_style_property(button, "primary", "true" if primary else None)
        self.hint.setText(
            self.text.hint(
                run.question.type, controls.complete, controls.recorded, run.gives_feedback
            )
        )

    def primary_action(self) -> None:
        """Ctrl+Enter: check the answer, or go on."""
        if self.check_button.isVisible() and self.check_button.isEnabled():
            self.commit()
        elif self.next_button.isEnabled():
            self.next()

    def commit(self) -> CommitResult | None:
        """Record the current answer (and in practice mode show its feedback)."""
        run = self.run
        widget = self.answer_widget
        if run is None or widget is None:
            return None
        result = run.commit(widget.answer())
        if result.status is CommitStatus.RECORDED:
            self.error.hide()
            widget.set_locked(True)
            if result.feedback is not None:
                self._show_feedback(result.feedback)
            elif isinstance(widget, DecisionWidget):
                widget.show_saved_without_feedback()
            self._update_buttons()
            self.next_button.setFocus()
        elif result.status is CommitStatus.FAILED:
            self.error.show_message(
                self.tr("Your answer could not be saved: {reason}").format(reason=result.error),
                self.tr("&Try again"),
            )
            self.error.action.setFocus()
        elif result.status is CommitStatus.TIME_UP:
            self.finish()
        elif result.status is CommitStatus.REJECTED:
            self.error.hide()
            self._update_buttons()
        return result

    def _show_feedback(self, grade: Grade) -> None:
        run = self.run
        widget = self.answer_widget
        assert run is not None and widget is not None
        widget.show_feedback(grade)
        if isinstance(widget, SpotWidget):
            self.narrative.show_verdicts(widget.verdicts(grade))
        kind, title = self.text.grade_summary(grade)
        self.summary.show_verdict(kind, title, "", "")
        if run.question.explanation.strip():
            self.explanation.show()
        if isinstance(widget, DecisionWidget):
            ending = widget.ending_card
            QTimer.singleShot(0, ending, lambda: self._reveal(ending))

    def _reveal(self, target: QWidget) -> None:
        """Scroll the question so ``target`` is in view (it may have gone meanwhile)."""
        content = self.question_area.widget()
        if content is not None and content.isAncestorOf(target) and target.isVisible():
            self.question_area.ensureWidgetVisible(target, 0, self.fontMetrics().height())

    def next(self) -> None:
        """Go on: in an exam this first records the answer."""
        run = self.run
        if run is None:
            return
        if not run.current_recorded:
            result = self.commit()
            if result is None or not result.recorded:
                return
            if run.gives_feedback:
                return
        if run.is_last:
            self.finish()
        elif run.advance():
            self.show_question()

    def finish(self) -> None:
        run = self.run
        if run is None:
            return
        self.timer.stop()
        outcome: FinishOutcome = run.finish()
        self.finished.emit(outcome)

    # ------------------------------------------------------------ time

    def tick(self) -> None:
        run = self.run
        if run is None:
            self.timer.stop()
            return
        remaining = run.remaining_seconds()
        if remaining is None:
            self.timer.stop()
            return
        self.timer_label.setText(self.text.time_left(remaining))
        self.timer_label.setAccessibleDescription(self.timer_label.text())
        set_style_property(
            self.timer_label,
            "role",
            "danger" if remaining <= 60 else "warning" if remaining <= 300 else None,
        )
        if remaining <= 0:
            self.timer.stop()
            self.finish()

    # ------------------------------------------------------------ leaving

    def ask_leave(self) -> None:
        self.confirm.show()
        self.stay_button.setFocus()

    def cancel_leave(self) -> None:
        self.confirm.hide()
        if self.answer_widget is not None:
            self.answer_widget.focus_first()

    def leave(self) -> None:
        self.leave_silently()
        self.left.emit()

    def leave_silently(self) -> None:
        """Stop this run without a word (the window already asked the learner)."""
        self.timer.stop()
        self.confirm.hide()
        self.run = None

    def _escape(self) -> None:
        if self.confirm.isVisible():
            self.cancel_leave()
        else:
            self.ask_leave()

    def stop(self) -> None:
        """Stop the clock (the page is being closed)."""
        self.timer.stop()

    def buttons(self) -> list[QPushButton]:
        return [self.check_button, self.next_button, self.leave_button]
