"""After a quiz: the score, pass or fail, how each indicator went, and a review of
every question with the learner's answer, the right answer and the explanations."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.core.engine import AnswerError, Grade, PaperQuestion, decision_path, grade
from trainer.core.model import DecisionEnding, Library, QuestionType, Quiz
from trainer.core.quiz_run import (
    FinishOutcome,
    QuizRun,
    VerdictKind,
    empty_answer,
    indicator_rows,
    recommended_choices,
    verdict_kind,
)
from trainer.ui.quiz.text import QuizText, points_text
from trainer.ui.quiz.widgets import (
    VERDICT_SYMBOLS,
    Card,
    FocusCard,
    Heading,
    MessageBar,
    ScaledLabel,
    fixed_button,
    paragraph,
    rich_text,
    scroll_content,
)
from trainer.ui.theme import set_style_property

_LIST = '<ul style="list-style-type: none; margin-left: 0;">'


def _e(text: str) -> str:
    return html.escape(text, quote=False)


class FitTable(QTableWidget):
    """A read-only table as tall as its rows, whose wrapped rows are re-measured when
    its columns change width (so no row is clipped or padded)."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self._pending = False
        self.horizontalHeader().sectionResized.connect(self._schedule_fit)

    def _schedule_fit(self, *_: object) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._schedule_fit()

    def fit(self) -> None:
        self._pending = False
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        height = self.horizontalHeader().height() + rows + 2 * self.frameWidth() + 2
        if self.height() != height:
            self.setFixedHeight(height)


class ResultsView(QWidget):
    retry = Signal()
    back = Signal()
    openModule = Signal(str)
    saveAgain = Signal()
    saveCertificate = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.text = QuizText(library, self)
        self.module_id: str | None = None
        self._quiz: Quiz | None = None
        unit = max(4, self.fontMetrics().height() // 2)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setProperty("frameless", "true")
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Tab walks the summary, the table and each reviewed question (each scrolls
        # into view); the area itself is no extra stop.
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.area, 1)

        footer_frame = QFrame(self)
        footer_frame.setProperty("role", "header")
        footer = QHBoxLayout(footer_frame)
        footer.setContentsMargins(unit * 3, unit * 2, unit * 3, unit * 2)
        self.back_button = fixed_button(self.tr("&Back to library"), footer_frame)
        self.back_button.clicked.connect(self.back.emit)
        self.module_button = fixed_button(
            self.tr("Review the &module"),
            footer_frame,
            description=self.tr("Open the module this quiz belongs to."),
        )
        self.module_button.clicked.connect(self._open_module)
        self.retry_button = fixed_button(
            self.tr("&Retry"),
            footer_frame,
            description=self.tr("Take the quiz again with the answers in a new order."),
        )
        set_style_property(self.retry_button, "primary", "true")
        self.retry_button.clicked.connect(self.retry.emit)
        self.certificate_button = fixed_button(
            self.tr("Save &certificate…"),
            footer_frame,
            description=self.tr("Save a certificate of this pass as a PDF document."),
        )
        self.certificate_button.clicked.connect(self.saveCertificate.emit)
        self.certificate_note = paragraph("", footer_frame, role="muted")
        self.certificate_note.hide()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        footer.addWidget(self.certificate_note)
        footer.addWidget(self.certificate_button)
        footer.addWidget(self.module_button)
        footer.addWidget(self.retry_button)
        outer.addWidget(footer_frame)
        self.save_error: MessageBar | None = None
        self.score_label: ScaledLabel | None = None
        self.verdict_label = paragraph("")
        self.table: QTableWidget | None = None
        self.review_cards: list[Card] = []
        self.passed = False

    # ------------------------------------------------------------ building

    def show_outcome(self, run: QuizRun, outcome: FinishOutcome) -> None:
        result = outcome.result
        quiz = run.quiz
        self._quiz = quiz
        unit = max(4, self.fontMetrics().height() // 2)
        content, centre = scroll_content(QHBoxLayout)
        centre.setContentsMargins(unit * 4, unit * 3, unit * 4, unit * 3)
        column = QVBoxLayout()
        column.setSpacing(unit * 2)
        centre.addStretch(1)
        centre.addLayout(column, 10)
        centre.addStretch(1)

        column.addWidget(
            Heading(self.tr("Results: {title}").format(title=quiz.title), content, level=1)
        )

        summary = FocusCard(content)
        percent = math.floor(result.percent + 1e-9)
        self.score_label = ScaledLabel(f"{percent}%", summary, factor=2.6, bold=True)
        self.score_label.setAccessibleName(self.tr("Your score: {p}%").format(p=percent))
        summary.box.addWidget(self.score_label)
        if result.passed:
            verdict = self.tr("Passed — the pass mark is {mark}%.").format(mark=quiz.pass_mark)
        else:
            verdict = self.tr(
                "Not passed yet — the pass mark is {mark}%. Review the feedback below and try "
                "again."
            ).format(mark=quiz.pass_mark)
        self.verdict_label = paragraph(
            verdict, summary, role="success" if result.passed else "danger"
        )
        summary.box.addWidget(self.verdict_label)
        full = sum(1 for g in result.grades if g.correct)
        summary.box.addWidget(
            paragraph(
                self.tr("{points} · {full} of {count} questions fully right · {mode}").format(
                    points=self.text.points(result.earned, result.possible),
                    full=full,
                    count=len(result.paper.questions),
                    mode=self.text.mode_name(run.mode),
                ),
                summary,
                role="muted",
            )
        )
        notes: list[str] = []
        if outcome.timed_out:
            notes.append(self.tr("The time ran out."))
        if outcome.unanswered:
            notes.append(
                self.tr("%n questions were not answered and score zero.", "", outcome.unanswered)
            )
        if notes:
            summary.box.addWidget(paragraph(" ".join(notes), summary, role="warning"))
        summary.setAccessibleName(f"{self.score_label.accessibleName()}. {verdict}")
        column.addWidget(summary)

        self.save_error = MessageBar(content, role="danger")
        self.save_error.action.clicked.connect(self.saveAgain.emit)
        if outcome.error:
            self.save_error.show_message(
                self.tr(
                    "Your result could not be saved: {reason} Your answers themselves are saved."
                ).format(reason=outcome.error),
                self.tr("Try &saving again"),
            )
        column.addWidget(self.save_error)

        column.addWidget(Heading(self.tr("By indicator"), content, level=2))
        column.addWidget(
            paragraph(
                self.tr("Weakest first: these are the signs to look at again."),
                content,
                role="muted",
            )
        )
        self.table = self._indicator_table(outcome, content)
        column.addWidget(self.table)

        column.addWidget(Heading(self.tr("Your answers"), content, level=2))
        self.review_cards = []
        for number, pq in enumerate(run.paper.questions, start=1):
            card = self._review_card(number, pq, run.grade_of(pq.question.id), run, content)
            column.addWidget(card)
            self.review_cards.append(card)
        column.addStretch(1)

        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.area.setWidget(content)
        self.area.verticalScrollBar().setValue(0)

        module = self.library.modules.get(quiz.module) if quiz.module else None
        self.module_id = module.id if module else None
        self.module_button.setVisible(module is not None)
        self.passed = result.passed
        self.certificate_note.hide()
        self.certificate_button.setVisible(result.passed and outcome.saved)
        self.retry_button.setFocus()

    def saved(self) -> None:
        """The result was saved after all (the learner pressed Try saving again)."""
        if self.save_error is not None:
            self.save_error.hide()
        self.certificate_button.setVisible(self.passed)
        self.retry_button.setFocus()

    def certificate_saved(self, name: str) -> None:
        """Say beside the button that the certificate was saved (as ``name``)."""
        self.certificate_note.setText(self.tr("Saved as {name}").format(name=name))
        self.certificate_note.show()
        self.certificate_button.setAccessibleDescription(self.certificate_note.text())

    def _link(self, href: str) -> None:
        """A link to a module in an explanation opens it; other links stay inert (web
        addresses are never opened by the app)."""
        if href.startswith("module:") and href[len("module:") :] in self.library.modules:
            self.openModule.emit(href[len("module:") :])

    def _open_module(self) -> None:
        if self.module_id:
            self.openModule.emit(self.module_id)

    def _indicator_table(self, outcome: FinishOutcome, parent: QWidget) -> QTableWidget:
        rows = indicator_rows(self.library, outcome.result)
        table = FitTable(len(rows), 3, parent)
        table.setHorizontalHeaderLabels(
            [self.tr("Indicator"), self.tr("Dimension"), self.tr("Points")]
        )
        table.setAccessibleName(self.tr("Score by indicator"))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.setTabKeyNavigation(False)  # Tab moves on; arrow keys go through the cells
        table.verticalHeader().hide()
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, entry in enumerate(rows):
            points = self.tr("{earned} of {possible} ({percent}%)").format(
                earned=points_text(entry.earned),
                possible=points_text(entry.possible),
                percent=math.floor(entry.percent + 1e-9),
            )
            for column, value in enumerate((entry.name, entry.dimension, points)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                table.setItem(row, column, item)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.fit()
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return table

    # ------------------------------------------------------------ review

    def _review_card(
        self, number: int, pq: PaperQuestion, got: Grade | None, run: QuizRun, parent: QWidget
    ) -> Card:
        question = pq.question
        self._quiz = self.text.source_quiz(run.quiz, question)  # for the feedback below
        card = FocusCard(parent)
        card.box.addWidget(
            Heading(
                self.tr("{n}. {prompt}").format(n=number, prompt=question.prompt), card, level=3
            )
        )
        if got is None:
            kind, line = VerdictKind.WRONG, self.tr("Not answered — scores zero.")
        else:
            kind, line = self.text.grade_summary(got)
        status = paragraph(f"{VERDICT_SYMBOLS[kind]}  {line}", card)
        set_style_property(status, "verdict", kind.value)
        card.box.addWidget(status)
        body = rich_text(self._review_html(pq, got), card)
        body.linkActivated.connect(self._link)
        card.box.addWidget(body)
        if question.explanation.strip():
            card.box.addWidget(Heading(self.tr("Explanation"), card, level=3))
            explanation = rich_text(self.text.html(self._quiz, question.explanation), card)
            explanation.linkActivated.connect(self._link)
            card.box.addWidget(explanation)
        card.setAccessibleName(f"{number}. {question.prompt}. {line}")
        return card

    def _feedback(self, markdown: str) -> str:
        quiz = self._quiz
        return self.text.html(quiz, markdown) if quiz is not None else _e(markdown)

    def _review_html(self, pq: PaperQuestion, got: Grade | None) -> str:
        question = pq.question
        if question.type is QuestionType.DECISION:
            return self._decision_html(pq, got)
        shown = got
        if shown is None:
            try:
                shown = grade(question, empty_answer(question))
            except AnswerError:
                return ""
        order = {n: i for i, n in enumerate(pq.order)}
        verdicts = sorted(shown.verdicts, key=lambda v: order.get(v.number, v.number))
        parts: list[str] = []
        if question.type is QuestionType.CATEGORIZE:
            parts.append(f"<p><b>{_e(self.tr('How you sorted the items:'))}</b></p>{_LIST}")
            for v in verdicts:
                kind = verdict_kind(question, v)
                symbol = VERDICT_SYMBOLS.get(kind, "") if kind else ""
                placed_in = v.placed_in or self.tr("not sorted")
                if v.right:
                    where = self.tr("{placed} — right").format(placed=placed_in)
                else:
                    where = self.tr("{placed} — belongs in {right}").format(
                        placed=placed_in, right=v.belongs_in or ""
                    )
                feedback = self._feedback(v.feedback)
                parts.append(f"<li>{symbol} {_e(v.text)}: <b>{_e(where)}</b><br/>{feedback}</li>")
            parts.append("</ul>")
            return "".join(parts)
        spot = question.type is QuestionType.SPOT
        chosen = [v for v in verdicts if v.chosen]
        right = [v for v in verdicts if v.right]

        def label(text: str) -> str:
            return f"“{text}”" if spot else text

        your = ", ".join(_e(label(v.text)) for v in chosen) if chosen else _e(self.tr("nothing"))
        if got is None:
            your = _e(self.tr("not answered"))
        parts.append(f"<p><b>{_e(self.tr('Your answer:'))}</b> {your}</p>")
        parts.append(
            f"<p><b>{_e(self.tr('Right answer:'))}</b> "
            + ", ".join(_e(label(v.text)) for v in right)
            + f"</p>{_LIST}"
        )
        for v in verdicts:
            kind = verdict_kind(question, v)
            symbol = VERDICT_SYMBOLS.get(kind, "·") if kind else "·"
            feedback = self._feedback(v.feedback)
            parts.append(f"<li>{symbol} <b>{_e(label(v.text))}</b><br/>{feedback}</li>")
        parts.append("</ul>")
        return "".join(parts)

    def _decision_html(self, pq: PaperQuestion, got: Grade | None) -> str:
        question = pq.question
        parts: list[str] = []
        if got is not None:
            parts.append(f"<p><b>{_e(self.tr('Your decisions:'))}</b></p><ol>")
            for v in got.verdicts:
                note = self.tr("recommended") if v.right else self.tr("not recommended")
                symbol = VERDICT_SYMBOLS[VerdictKind.RIGHT if v.right else VerdictKind.WRONG]
                feedback = self._feedback(v.feedback)
                parts.append(f"<li>{symbol} {_e(v.text)} <i>({_e(note)})</i><br/>{feedback}</li>")
            parts.append("</ol>")
            if got.ending is not None:
                parts.append(
                    f"<p><b>{_e(self.tr('Where it led:'))}</b> {_e(got.ending.text)} "
                    f"<i>{_e(self.tr('(scores {s} of 100)').format(s=got.ending.score))}</i></p>"
                )
        else:
            parts.append(f"<p>{_e(self.tr('You did not reach an ending.'))}</p>")
        best = recommended_choices(question)
        if got is None or not got.correct:
            try:
                taken, node = decision_path(question, best)
            except AnswerError:
                return "".join(parts)
            parts.append(f"<p><b>{_e(self.tr('The recommended path:'))}</b></p><ol>")
            for _, choice in taken:
                parts.append(f"<li>{_e(choice.text)}</li>")
            parts.append("</ol>")
            if isinstance(node, DecisionEnding):
                parts.append(
                    f"<p>{_e(node.text)} "
                    f"<i>{_e(self.tr('(scores {s} of 100)').format(s=node.score))}</i></p>"
                )
        return "".join(parts)
