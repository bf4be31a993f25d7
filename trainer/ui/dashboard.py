"""The progress dashboard: where the learner stands, and one click to practise what is
weak.

From the top: figures at a glance; mastery as a heat map of indicator dimension by
strength (a click on a cell, or Enter on it, starts a practice set aimed at its weak
indicators); the indicators to practise now; the quiz history as a chart and a table
(a passed row offers its certificate); and module completion by track. "Export report…"
writes the learner's progress report (PDF and CSV) for a trainer.

The figures are :mod:`trainer.core.dashboard`; the drawings :mod:`trainer.ui.charts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.core.dashboard import Dashboard, HeatCell, HistoryPoint, load_dashboard
from trainer.core.library_status import ModuleStatus
from trainer.core.model import Library, Strength
from trainer.core.progress import MasteryState, ProgressError, ProgressStore
from trainer.core.quiz_run import SeedSource, new_seed
from trainer.ui.charts import HistoryChart, MasteryHeatMap, local_time
from trainer.ui.documents import DocumentSaver
from trainer.ui.quiz.widgets import (
    Card,
    Heading,
    MessageBar,
    ScaledLabel,
    fixed_button,
    paragraph,
    scroll_content,
)
from trainer.ui.self_assessment import draw_practice
from trainer.ui.theme import set_style_property

__all__ = ["DashboardPage"]

# Weak indicators listed (the practice button covers all of them).
WEAK_SHOWN = 8


class _Tile(Card):
    """A figure and what it counts."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = ScaledLabel("", self, factor=1.6, bold=True)
        self.caption = paragraph(caption, self, role="muted")
        self.box.addWidget(self.value)
        self.box.addWidget(self.caption)

    def set_value(self, value: str) -> None:
        self.value.setText(value)
        self.setAccessibleName(f"{value} {self.caption.text()}")


class DashboardPage(QWidget):
    """``startAssessment`` carries a drawn practice set; ``newAssessment`` asks for the
    self-assessment builder; ``back`` returns to the library."""

    startAssessment = Signal(object)
    newAssessment = Signal()
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
        self.board: Dashboard | None = None
        self.documents = DocumentSaver(library, store, self)
        self.setAccessibleName(self.tr("Progress"))
        unit = max(4, self.fontMetrics().height() // 2)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setProperty("frameless", "true")
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.area)
        holder, centre = scroll_content(QHBoxLayout)
        self.area.setWidget(holder)
        centre.setContentsMargins(unit * 4, unit * 3, unit * 4, unit * 3)
        column = QVBoxLayout()
        column.setSpacing(unit * 2)
        centre.addStretch(1)
        centre.addLayout(column, 12)
        centre.addStretch(1)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = Heading(self.tr("Your progress"), holder, level=1)
        self.subtitle = paragraph("", holder, role="muted")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        self.assess_button = fixed_button(
            self.tr("New &self-assessment…"),
            holder,
            description=self.tr("Choose what to cover and draw a self-assessment."),
        )
        self.assess_button.clicked.connect(self.newAssessment.emit)
        self.export_button = fixed_button(
            self.tr("&Export report…"),
            holder,
            description=self.tr("Save your progress report for a trainer, as PDF and CSV."),
        )
        self.export_button.clicked.connect(self.export_report)
        top.addWidget(self.assess_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)

        self.message = MessageBar(holder, role="muted")
        column.addWidget(self.message)

        tiles = QGridLayout()
        tiles.setSpacing(unit * 2)
        self.tiles = {
            "modules": _Tile(self.tr("modules completed"), holder),
            "quizzes": _Tile(self.tr("quizzes passed"), holder),
            "correct": _Tile(self.tr("of your answers fully right"), holder),
            "mastered": _Tile(self.tr("indicators mastered"), holder),
            "due": _Tile(self.tr("indicators to practise now"), holder),
        }
        for number, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, number)
        column.addLayout(tiles)

        # ---- mastery
        column.addWidget(Heading(self.tr("Mastery by dimension and strength"), holder, level=2))
        column.addWidget(
            paragraph(
                self.tr(
                    "Each cell counts the indicators of one dimension and strength you have "
                    "mastered. Click a cell — or move to it with the arrow keys and press "
                    "Enter — to practise its weak indicators now."
                ),
                holder,
                role="muted",
            )
        )
        self.heat_map = MasteryHeatMap(holder)
        self.heat_map.cellActivated.connect(self.practise_cell)
        column.addWidget(self.heat_map)
        self.legend = paragraph(
            self.tr(
                "Red: under half mastered. Amber: half or more. Green: 80% or more. "
                "Grey: not practised yet."
            ),
            holder,
            role="muted",
        )
        column.addWidget(self.legend)

        # ---- weak indicators
        column.addWidget(Heading(self.tr("Indicators to practise"), holder, level=2))
        self.weak_note = paragraph("", holder, role="muted")
        column.addWidget(self.weak_note)
        self.weak_list = QListWidget(holder)
        self.weak_list.setAccessibleName(self.tr("Indicators to practise"))
        self.weak_list.setAccessibleDescription(
            self.tr("Press Enter or double-click to practise the chosen indicator")
        )
        self.weak_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.weak_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.weak_list.itemActivated.connect(self._practise_item)
        column.addWidget(self.weak_list)
        weak_row = QHBoxLayout()
        weak_row.addStretch(1)
        self.weak_button = fixed_button(self.tr("&Practise these"), holder)
        set_style_property(self.weak_button, "primary", "true")
        self.weak_button.clicked.connect(self.practise_weak)
        weak_row.addWidget(self.weak_button)
        column.addLayout(weak_row)

        # ---- history
        column.addWidget(Heading(self.tr("Quiz history"), holder, level=2))
        self.history_note = paragraph(
            self.tr(
                "Each dot is a quiz you finished: filled when you passed, hollow when not; "
                "the short bar is its pass mark. Left and right arrow keys move between them."
            ),
            holder,
            role="muted",
        )
        column.addWidget(self.history_note)
        self.chart = HistoryChart(holder)
        column.addWidget(self.chart)
        self.history = QTreeWidget(holder)
        self.history.setRootIsDecorated(False)
        self.history.setColumnCount(4)
        self.history.setHeaderLabels(
            [self.tr("Finished"), self.tr("Quiz"), self.tr("Score"), self.tr("Result")]
        )
        self.history.setAccessibleName(self.tr("Quiz history"))
        self.history.setAllColumnsShowFocus(True)
        self.history.setUniformRowHeights(True)
        self.history.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        head = self.history.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.history)
        history_row = QHBoxLayout()
        self.certificate_note = paragraph("", holder, role="muted")
        history_row.addWidget(self.certificate_note, 1)
        self.certificate_button = fixed_button(
            self.tr("Save &certificate…"),
            holder,
            description=self.tr("Save a certificate of the chosen passed quiz as a PDF document."),
        )
        self.certificate_button.clicked.connect(self.save_certificate)
        history_row.addWidget(self.certificate_button)
        column.addLayout(history_row)
        self.chart.currentChanged.connect(self._chart_moved)
        self.history.currentItemChanged.connect(lambda _c, _p: self._history_moved())

        # ---- modules
        column.addWidget(Heading(self.tr("Modules"), holder, level=2))
        self.modules = QTreeWidget(holder)
        self.modules.setColumnCount(3)
        self.modules.setHeaderLabels([self.tr("Module"), self.tr("Status"), self.tr("Best score")])
        self.modules.setAccessibleName(self.tr("Module completion"))
        self.modules.setAllColumnsShowFocus(True)
        self.modules.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        head = self.modules.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.modules)
        column.addStretch(1)

        bottom = QHBoxLayout()
        self.back_button = fixed_button(self.tr("&Back to library"), holder)
        self.back_button.clicked.connect(self.back.emit)
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        column.addLayout(bottom)

        order = [
            self.assess_button,
            self.export_button,
            self.heat_map,
            self.weak_list,
            self.weak_button,
            self.chart,
            self.history,
            self.certificate_button,
            self.modules,
            self.back_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------ the window's API

    def set_library(self, library: Library) -> None:
        self.library = library
        self.documents.library = library

    def set_profile(self, profile_id: str | None) -> None:
        self.profile_id = profile_id
        self.refresh()

    def focus_default(self) -> None:
        self.heat_map.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        """Read the learner's progress again and redraw everything."""
        if self.profile_id is None:
            return
        try:
            board = load_dashboard(self.library, self.store, self.profile_id)
            name = self.store.get_profile(self.profile_id).display_name
        except ProgressError as exc:
            self.message.show_message(
                self.tr("Your progress could not be read: {reason}").format(reason=exc)
            )
            return
        self.board = board
        self.subtitle.setText(self.tr("{name}, as of today").format(name=name))
        self._fill_tiles(board)
        self.heat_map.set_rows(board.heat)
        self._fill_weak(board)
        self._fill_history(board)
        self._fill_modules(board)

    # ------------------------------------------------------------ filling

    def _fill_tiles(self, board: Dashboard) -> None:
        self.tiles["modules"].set_value(
            self.tr("{done} of {total}").format(
                done=board.modules_completed, total=board.modules_total
            )
        )
        self.tiles["quizzes"].set_value(str(board.quizzes_passed))
        percent = board.correct_percent
        self.tiles["correct"].set_value("–" if percent is None else f"{int(percent + 1e-9)}%")
        self.tiles["mastered"].set_value(
            self.tr("{done} of {total}").format(
                done=board.indicators_mastered, total=board.indicators_total
            )
        )
        self.tiles["due"].set_value(str(board.indicators_due))

    def strength_name(self, strength: Strength) -> str:
        return self.heat_map.strength_names[strength].lower()

    def _fill_weak(self, board: Dashboard) -> None:
        self.weak_list.clear()
        for weak in board.weak[:WEAK_SHOWN]:
            if weak.state is MasteryState.MASTERED:
                state = self.tr("due for review")
            else:
                state = self.tr("{right} of your last {total} right").format(
                    right=weak.recent_correct, total=weak.recent_total
                )
            item = QListWidgetItem(
                self.tr("{name} — {dimension}, {strength} — {state}").format(
                    name=weak.name,
                    dimension=weak.dimension,
                    strength=self.strength_name(weak.strength),
                    state=state,
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, weak.indicator_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, weak.name)
            self.weak_list.addItem(item)
        rows = self.weak_list.count()
        self.weak_list.setVisible(rows > 0)
        self.weak_button.setVisible(rows > 0)
        if rows:
            height = sum(self.weak_list.sizeHintForRow(r) for r in range(rows))
            self.weak_list.setFixedHeight(height + 2 * self.weak_list.frameWidth() + 4)
            self.weak_list.setCurrentRow(0)
            total = len(board.weak)
            self.weak_note.setText(
                self.tr(
                    "Indicators you are learning, and mastered ones due for review ({n} in all); "
                    "the weakest first."
                ).format(n=total)
            )
            self.weak_button.setText(self.tr("&Practise these {n}").format(n=rows))
            self.weak_button.setAccessibleName(self.weak_button.text().replace("&", ""))
        else:
            self.weak_note.setText(
                self.tr(
                    "Nothing to practise right now: every indicator you have trained is "
                    "mastered and none is due for review."
                )
            )

    def history_title(self, point: HistoryPoint) -> str:
        """The name of a finished quiz, as its certificate says it."""
        if point.is_self_assessment:
            return self.tr("Self-assessment")
        return point.title or point.quiz_id

    def history_label(self, point: HistoryPoint) -> str:
        """A row of the history: the quiz, its size for a self-assessment, its mode."""
        mode = self.tr("exam") if point.mode == "exam" else self.tr("practice")
        if not point.is_self_assessment:
            return self.tr("{title} ({mode})").format(title=self.history_title(point), mode=mode)
        return self.tr("Self-assessment, %n questions ({mode})", "", point.questions).format(
            mode=mode
        )

    def _fill_history(self, board: Dashboard) -> None:
        points = board.history
        titles = [self.history_label(p) for p in points]
        self.chart.set_points(points, titles)
        self.history.blockSignals(True)
        self.history.clear()
        for point, title in zip(points, titles, strict=True):
            result = self.tr("passed") if point.passed else self.tr("not passed")
            item = QTreeWidgetItem(
                [
                    local_time(point.finished_at),
                    title,
                    f"{int(point.percent + 1e-9)}%",
                    result,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, point.session_id)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.history.addTopLevelItem(item)
        self.history.blockSignals(False)
        rows = len(points)
        unit = self.fontMetrics().height()
        self.history.setFixedHeight(int(unit * 1.9 * (min(rows, 8) + 1)) + 8)
        self.chart.setVisible(bool(points))
        self.history.setVisible(bool(points))
        self.certificate_button.setVisible(bool(points))
        self.history_note.setText(
            self.tr(
                "Each dot is a quiz you finished: filled when you passed, hollow when not; "
                "the short bar is its pass mark. Left and right arrow keys move between them."
            )
            if points
            else self.tr("No quiz finished yet. Your scores will show here.")
        )
        self.certificate_note.clear()
        last = self.history.topLevelItem(rows - 1) if points else None
        if last is not None:
            self.history.setCurrentItem(last)
        self._history_moved()

    def _fill_modules(self, board: Dashboard) -> None:
        self.modules.clear()
        statuses = {
            ModuleStatus.NOT_STARTED: self.tr("not started"),
            ModuleStatus.IN_PROGRESS: self.tr("in progress"),
            ModuleStatus.COMPLETED: self.tr("completed"),
        }
        for track in board.tracks:
            parent = QTreeWidgetItem(
                [
                    track.title,
                    self.tr("{done} of {total} completed").format(
                        done=track.completed, total=track.total
                    ),
                    "",
                ]
            )
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            self.modules.addTopLevelItem(parent)
            for module in track.modules:
                status = statuses[module.status]
                if module.status is ModuleStatus.IN_PROGRESS and module.sections_total:
                    status = self.tr("{read} of {total} sections read").format(
                        read=module.sections_read, total=module.sections_total
                    )
                best = "–" if module.best_percent is None else f"{int(module.best_percent)}%"
                child = QTreeWidgetItem([module.title, status, best])
                child.setTextAlignment(
                    2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                parent.addChild(child)
            parent.setExpanded(True)
        rows = sum(1 + len(t.modules) for t in board.tracks)
        unit = self.fontMetrics().height()
        self.modules.setFixedHeight(int(unit * 1.9 * (rows + 1)) + 8)

    # ------------------------------------------------------------ history

    def _chart_moved(self, index: int) -> None:
        item = self.history.topLevelItem(index)
        if item is not None and self.history.currentItem() is not item:
            self.history.setCurrentItem(item)

    def _history_moved(self) -> None:
        item = self.history.currentItem()
        index = self.history.indexOfTopLevelItem(item) if item is not None else -1
        if index >= 0 and index != self.chart.current:
            self.chart.set_current(index)
        point = self.selected_point()
        passed = point is not None and point.passed
        self.certificate_button.setEnabled(passed)
        if point is not None and not passed:
            self.certificate_button.setToolTip(self.tr("Only a passed quiz has a certificate."))
        else:
            self.certificate_button.setToolTip(
                self.tr("Save a certificate of the chosen passed quiz as a PDF document.")
            )

    def selected_point(self) -> HistoryPoint | None:
        board = self.board
        item = self.history.currentItem()
        if board is None or item is None:
            return None
        index = self.history.indexOfTopLevelItem(item)
        return board.history[index] if 0 <= index < len(board.history) else None

    def save_certificate(self) -> None:
        point = self.selected_point()
        if point is None or not point.passed or self.profile_id is None:
            return
        path = self.documents.save_certificate(
            self.profile_id, point.session_id, self.history_title(point)
        )
        if path is not None:
            self.certificate_note.setText(self.tr("Certificate saved as {path}").format(path=path))

    def export_report(self) -> None:
        if self.profile_id is None:
            return
        files = self.documents.export_report(self.profile_id)
        if files is not None:
            self.message.show_message(
                self.tr("Report saved: {pdf} and {csv}").format(pdf=files.pdf, csv=files.csv)
            )

    # ------------------------------------------------------------ practice

    def practise(self, indicator_ids: Sequence[str], title: str) -> bool:
        """Draw a practice set aimed at ``indicator_ids`` and ask for it to start."""
        if self.profile_id is None or not indicator_ids:
            return False
        try:
            mastery = self.store.mastery(self.profile_id)
        except ProgressError as exc:
            self.message.show_message(
                self.tr("Your progress could not be read: {reason}").format(reason=exc)
            )
            return False
        drawn = draw_practice(self.library, mastery, indicator_ids, title, self.seed_source())
        if not drawn.count:
            self.message.show_message(self.tr("No question in the library trains these yet."))
            return False
        self.message.hide()
        self.startAssessment.emit(drawn)
        return True

    def practise_cell(self, cell: object) -> None:
        if not isinstance(cell, HeatCell):
            return
        row = next((r for r in self.heat_map.rows if r.dimension_id == cell.dimension_id), None)
        title = self.tr("Practice: {dimension}, {strength} indicators").format(
            dimension=row.name if row else cell.dimension_id,
            strength=self.strength_name(cell.strength),
        )
        self.practise(cell.practice_ids, title)

    def _practise_item(self, item: QListWidgetItem) -> None:
        indicator_id = item.data(Qt.ItemDataRole.UserRole)
        name = item.data(Qt.ItemDataRole.UserRole + 1)
        if isinstance(indicator_id, str):
            self.practise([indicator_id], self.tr("Practice: {name}").format(name=name))

    def practise_weak(self) -> None:
        """A practice set on the weak indicators listed (the weakest ones)."""
        if self.board is not None and self.board.weak:
            ids = [w.indicator_id for w in self.board.weak[:WEAK_SHOWN]]
            self.practise(ids, self.tr("Practice: your weakest indicators"))
