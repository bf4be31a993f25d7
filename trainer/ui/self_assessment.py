"""The self-assessment builder: what to cover, how many questions, practice or exam, an
optional time limit, then Start. The draw is :mod:`trainer.core.self_assessment`; the
sitting itself runs on the quiz page like any quiz.

Every page that starts a set (this builder, the dashboard's weak areas, the handbook's
"Practise this indicator") emits ``startAssessment`` with a drawn
:class:`~trainer.core.self_assessment.SelfAssessment`; the main window starts it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from trainer.core.model import Library, QuizMode
from trainer.core.progress import IndicatorMastery, ProgressError, ProgressStore
from trainer.core.quiz_run import SeedSource, new_seed
from trainer.core.self_assessment import (
    DEFAULT_COUNT,
    DEFAULT_PASS_MARK,
    AssessmentSpec,
    Scope,
    SelfAssessment,
    draw_self_assessment,
    practice_spec,
    scope_summary,
)
from trainer.ui.quiz.widgets import (
    Card,
    Heading,
    MessageBar,
    ScaledLabel,
    WrapRadioButton,
    centred_column,
    fixed_button,
    paragraph,
)
from trainer.ui.theme import set_style_property

__all__ = ["SelfAssessmentPage", "draw_practice"]

# The set sizes offered (and "all" of the scope).
COUNTS: tuple[int, ...] = (5, 10, 15, 20, 30, 40, 50, 75, 100)
# The time limits offered for an exam, in minutes.
TIME_LIMITS: tuple[int, ...] = (10, 15, 20, 30, 45, 60, 90, 120)


def draw_practice(
    library: Library,
    mastery: Mapping[str, IndicatorMastery],
    indicator_ids: Iterable[str],
    title: str,
    seed: int,
) -> SelfAssessment:
    """A practice set aimed at some indicators (may hold no question at all)."""
    return draw_self_assessment(
        library, practice_spec(indicator_ids), mastery, seed=seed, title=title
    )


class SelfAssessmentPage(QWidget):
    """``startAssessment`` carries the drawn :class:`SelfAssessment`; ``back`` returns to
    the library."""

    startAssessment = Signal(object)
    back = Signal()

    def __init__(
        self,
        library: Library,
        store: ProgressStore,
        profile_id: str | None = None,
        parent: QWidget | None = None,
        *,
        seed_source: SeedSource = new_seed,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.store = store
        self.profile_id = profile_id
        self.seed_source = seed_source
        self.mastery: dict[str, IndicatorMastery] = {}
        self.scopes: list[Scope] = []
        self.scope_names: list[str] = []
        self.wanted_count = DEFAULT_COUNT
        self.setAccessibleName(self.tr("Self-assessment"))
        unit = max(4, self.fontMetrics().height() // 2)

        holder, column = centred_column(self, unit)

        column.addWidget(Heading(self.tr("Self-assessment"), holder, level=1))
        column.addWidget(
            paragraph(
                self.tr(
                    "Questions are drawn from every quiz, spread evenly across the indicator "
                    "dimensions, and chosen more often for the indicators you have not mastered "
                    "yet or that are due for review. No question comes twice in one set."
                ),
                holder,
                role="muted",
            )
        )

        choices = Card(holder)
        scope_label = ScaledLabel(self.tr("What to &cover"), choices, factor=1.08, bold=True)
        self.scope_combo = QComboBox(choices)
        self.scope_combo.setAccessibleName(self.tr("What to cover"))
        self.scope_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scope_combo.setMinimumContentsLength(24)
        scope_label.setBuddy(self.scope_combo)
        self.summary = paragraph("", choices, role="muted")
        choices.box.addWidget(scope_label)
        choices.box.addWidget(self.scope_combo)
        choices.box.addWidget(self.summary)
        choices.box.addSpacing(unit)
        count_label = ScaledLabel(self.tr("How many &questions"), choices, factor=1.08, bold=True)
        self.count_box = QComboBox(choices)
        self.count_box.setAccessibleName(self.tr("Number of questions"))
        self.count_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        count_label.setBuddy(self.count_box)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_box)
        count_row.addStretch(1)
        choices.box.addWidget(count_label)
        choices.box.addLayout(count_row)
        column.addWidget(choices)

        modes = Card(holder)
        modes.box.addWidget(Heading(self.tr("How do you want to take it?"), modes, level=3))
        self.practice = WrapRadioButton(
            self.tr("Practice — see whether you were right, and why, after each answer."), modes
        )
        self.exam = WrapRadioButton(
            self.tr("Exam — answer everything first; your feedback comes at the end."), modes
        )
        for button in (self.practice, self.exam):
            button.setAccessibleName(button.text())
            modes.box.addWidget(button)
        self.modes = QButtonGroup(self)
        self.modes.addButton(self.practice)
        self.modes.addButton(self.exam)
        self.practice.setChecked(True)
        time_row = QHBoxLayout()
        self.time_box = QComboBox(modes)
        self.time_box.setAccessibleName(self.tr("Time limit, for the exam"))
        self.time_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.time_box.addItem(self.tr("No time limit"), 0)
        for minutes in TIME_LIMITS:
            self.time_box.addItem(self.tr("{n} minutes").format(n=minutes), minutes)
        self.time_label = QLabel(self.tr("&Time limit (exam only)"), modes)
        self.time_label.setBuddy(self.time_box)
        time_row.addWidget(self.time_label)
        time_row.addWidget(self.time_box)
        time_row.addStretch(1)
        modes.box.addLayout(time_row)
        self.pass_line = paragraph(
            self.tr("You pass with {mark}% of the points.").format(mark=DEFAULT_PASS_MARK),
            modes,
            role="muted",
        )
        modes.box.addWidget(self.pass_line)
        column.addWidget(modes)

        self.error = MessageBar(holder, role="danger")
        column.addWidget(self.error)

        buttons = QHBoxLayout()
        self.back_button = fixed_button(self.tr("&Back to library"), holder)
        self.back_button.clicked.connect(self.back.emit)
        self.start_button = fixed_button(
            self.tr("&Start"),
            holder,
            description=self.tr("Draw the questions and start the self-assessment."),
        )
        set_style_property(self.start_button, "primary", "true")
        self.start_button.clicked.connect(self.start)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        column.addLayout(buttons)
        column.addStretch(1)

        self.scope_combo.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self.count_box.activated.connect(self._count_chosen)
        self.modes.buttonToggled.connect(lambda _b, _on: self._mode_changed())
        self.setTabOrder(self.scope_combo, self.count_box)
        self.setTabOrder(self.count_box, self.practice)
        self.setTabOrder(self.practice, self.exam)
        self.setTabOrder(self.exam, self.time_box)
        self.setTabOrder(self.time_box, self.start_button)
        self.setTabOrder(self.start_button, self.back_button)
        self._fill_scopes()
        self._mode_changed()

    # ------------------------------------------------------------ the window's API

    def set_library(self, library: Library) -> None:
        self.library = library
        self._fill_scopes()

    def set_profile(self, profile_id: str | None) -> None:
        self.profile_id = profile_id
        self.refresh()

    def refresh(self) -> None:
        """Read the learner's mastery again (it changes with every answer)."""
        self.mastery = {}
        if self.profile_id is not None:
            try:
                self.mastery = self.store.mastery(self.profile_id)
            except ProgressError as exc:
                self.error.show_message(
                    self.tr("Your progress could not be read: {reason}").format(reason=exc)
                )
        self._scope_changed()

    def choose_scope(self, scope: Scope) -> bool:
        """Preselect ``scope`` when the list offers it."""
        for index, offered in enumerate(self.scopes):
            if offered == scope:
                self.scope_combo.setCurrentIndex(index)
                return True
        return False

    def focus_default(self) -> None:
        self.scope_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    # ------------------------------------------------------------ choices

    def _fill_scopes(self) -> None:
        combo = self.scope_combo
        combo.blockSignals(True)
        combo.clear()
        self.scopes = []
        self.scope_names = []

        def add(text: str, name: str, scope: Scope) -> None:
            combo.addItem(text)
            self.scopes.append(scope)
            self.scope_names.append(name)

        add(self.tr("Everything"), self.tr("everything"), Scope.everything())
        library = self.library
        for track in library.tracks:
            text = self.tr("Track: {title}").format(title=track.title)
            add(text, track.title, Scope.track(track.id))
        for track in library.tracks:
            for module in library.modules_in_track(track.id):
                text = self.tr("Module: {title}").format(title=module.title)
                add(text, module.title, Scope.module(module.id))
        for dimension in library.dimensions.values():
            text = self.tr("Dimension: {name}").format(name=dimension.name)
            add(text, dimension.name, Scope.dimension(dimension.id))
        combo.blockSignals(False)
        combo.setCurrentIndex(0)
        self._scope_changed()

    def scope(self) -> Scope:
        index = self.scope_combo.currentIndex()
        return self.scopes[index] if 0 <= index < len(self.scopes) else Scope.everything()

    def scope_title(self) -> str:
        index = self.scope_combo.currentIndex()
        name = self.scope_names[index] if 0 <= index < len(self.scope_names) else ""
        return self.tr("Self-assessment: {name}").format(name=name)

    def _scope_changed(self) -> None:
        summary = scope_summary(self.library, self.scope(), self.mastery)
        available = summary.questions
        self._fill_counts(available)
        if available == 0:
            text = self.tr("No question in the library covers this yet.")
        else:
            text = self.tr(
                "{questions} questions to draw from, on {indicators} indicators; {weak} of "
                "those you have not mastered yet or are due for review."
            ).format(questions=available, indicators=summary.indicators, weak=summary.weak)
        self.summary.setText(text)
        self.scope_combo.setAccessibleDescription(text)
        self.start_button.setEnabled(available > 0)
        self.count_box.setEnabled(available > 0)

    def _fill_counts(self, available: int) -> None:
        """Offer the usual sizes up to what the scope holds, and all of it."""
        box = self.count_box
        box.blockSignals(True)
        box.clear()
        sizes = [n for n in COUNTS if n < available]
        for size in sizes:
            box.addItem(self.tr("{n} questions").format(n=size), size)
        if available:
            box.addItem(self.tr("All {n} questions").format(n=available), available)
        fitting = [i for i in range(box.count()) if box.itemData(i) <= self.wanted_count]
        box.setCurrentIndex(fitting[-1] if fitting else 0)
        box.blockSignals(False)

    def _count_chosen(self, index: int) -> None:
        value = self.count_box.itemData(index)
        if isinstance(value, int):
            self.wanted_count = value

    def count(self) -> int:
        value = self.count_box.currentData()
        return value if isinstance(value, int) else 1

    def set_count(self, count: int) -> None:
        """Choose the largest offered size not above ``count``."""
        self.wanted_count = count
        for index in range(self.count_box.count() - 1, -1, -1):
            if self.count_box.itemData(index) <= count:
                self.count_box.setCurrentIndex(index)
                return

    def time_limit(self) -> int | None:
        value = self.time_box.currentData()
        return value if isinstance(value, int) and value > 0 else None

    def set_time_limit(self, minutes: int | None) -> None:
        index = self.time_box.findData(minutes or 0)
        if index >= 0:
            self.time_box.setCurrentIndex(index)

    def _mode_changed(self) -> None:
        exam = self.exam.isChecked()
        self.time_box.setEnabled(exam)
        self.time_label.setEnabled(exam)

    def spec(self) -> AssessmentSpec:
        exam = self.exam.isChecked()
        return AssessmentSpec(
            scope=self.scope(),
            count=self.count(),
            mode=QuizMode.EXAM if exam else QuizMode.PRACTICE,
            time_limit_minutes=self.time_limit() if exam else None,
        )

    # ------------------------------------------------------------ start

    def start(self) -> SelfAssessment | None:
        """Draw the set and ask for it to be started."""
        self.error.hide()
        drawn = draw_self_assessment(
            self.library,
            self.spec(),
            self.mastery,
            seed=self.seed_source(),
            title=self.scope_title(),
        )
        if not drawn.count:
            self.error.show_message(self.tr("No question in the library covers this yet."))
            return None
        self.startAssessment.emit(drawn)
        return drawn

    def show_error(self, message: str) -> None:
        self.error.show_message(message)
