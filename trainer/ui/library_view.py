"""The library: tracks and their modules with the learner's status, reading time and best
quiz score, the quizzes of each module, a search box, details of the selected entry,
and the content problems panel.

What is shown (status, filtering) comes from :mod:`trainer.core.library_status`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.core.library_status import (
    LibraryOverview,
    ModuleEntry,
    ModuleStatus,
    QuizEntry,
    TrackEntry,
    library_overview,
)
from trainer.core.model import Library, QuizMode, Track
from trainer.core.progress import ModuleProgress, ProgressError, ProgressStore, QuizBest
from trainer.ui.problems_panel import ProblemsPanel
from trainer.ui.theme import current_colors, set_style_property

__all__ = ["LibraryPage"]

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2

KIND_TRACK = "track"
KIND_MODULE = "module"
KIND_QUIZ = "quiz"
KIND_GROUP = "group"

COL_TITLE, COL_STATUS, COL_TIME, COL_BEST = range(4)
COLUMNS = (COL_TITLE, COL_STATUS, COL_TIME, COL_BEST)
FITTED_COLUMNS = (COL_STATUS, COL_TIME, COL_BEST)


def _percent(best: QuizBest | None) -> str:
    if best is None:
        return ""
    return f"{round(best.best_ratio * 100)}%"


# Rows of the library list built before it is first shown, and then per turn of the
# event loop (see LibraryPage.rebuild): a screenful holds about twenty.
_FIRST_ROWS = 120
_ROWS_PER_STEP = 300
# The steps are timers, not posted calls, so that input and other timers get their turn
# between two steps.
_STEP_DELAY_MS = 1


def _rows(group: TrackEntry) -> int:
    return 1 + sum(1 + len(entry.quizzes) for entry in group.modules) + len(group.quizzes)


def _entry_keys(overview: LibraryOverview) -> list[tuple[str, str]]:
    """The entries of the list, in order, as (kind, id)."""
    keys: list[tuple[str, str]] = []
    for group in overview.groups:
        if group.track is not None:
            keys.append((KIND_TRACK, group.track.id))
        else:
            keys.append((KIND_GROUP, ""))
        for entry in group.modules:
            keys.append((KIND_MODULE, entry.module.id))
            keys.extend((KIND_QUIZ, q.quiz.id) for q in entry.quizzes)
        keys.extend((KIND_QUIZ, q.quiz.id) for q in group.quizzes)
    return keys


def _entries_by_id(
    overview: LibraryOverview,
) -> tuple[dict[str, ModuleEntry], dict[str, QuizEntry]]:
    """The overview's module and quiz entries, by id."""
    modules: dict[str, ModuleEntry] = {}
    quizzes: dict[str, QuizEntry] = {}
    for group in overview.groups:
        for entry in group.modules:
            modules[entry.module.id] = entry
            quizzes.update((q.quiz.id, q) for q in entry.quizzes)
        quizzes.update((q.quiz.id, q) for q in group.quizzes)
    return modules, quizzes


def _holds(group: TrackEntry, key: tuple[str, str] | None) -> bool:
    """Whether the list entry ``key`` (kind, id) belongs to ``group``."""
    if key is None:
        return False
    kind, ident = key
    if kind == KIND_TRACK:
        return group.track is not None and group.track.id == ident
    if kind == KIND_GROUP:
        return group.track is None
    if kind == KIND_MODULE:
        return any(entry.module.id == ident for entry in group.modules)
    if kind == KIND_QUIZ:
        return any(q.quiz.id == ident for e in group.modules for q in e.quizzes) or any(
            q.quiz.id == ident for q in group.quizzes
        )
    return False


class _TwoLineDelegate(QStyledItemDelegate):
    """Draws the title with its summary on a second, quieter line."""

    def _subtitle(self, index: QModelIndex | QPersistentModelIndex) -> str:
        value = index.data(SUBTITLE_ROLE)
        return str(value) if value else ""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        subtitle = self._subtitle(index)
        if not subtitle:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        title = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        rect = rect.adjusted(4, 2, -4, -2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        title_color = palette.color(
            palette.ColorRole.HighlightedText if selected else palette.ColorRole.Text
        )
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if isinstance(foreground, QBrush) and not selected:
            title_color = foreground.color()
        sub_color = palette.color(
            palette.ColorRole.HighlightedText if selected else palette.ColorRole.PlaceholderText
        )
        title_font = QFont(opt.font)
        sub_font = QFont(opt.font)
        sub_font.setBold(False)
        sub_font.setPointSizeF(max(1.0, sub_font.pointSizeF() * 0.92))
        title_metrics = QFontMetrics(title_font)
        sub_metrics = QFontMetrics(sub_font)
        painter.save()
        painter.setFont(title_font)
        painter.setPen(title_color)
        painter.drawText(
            rect.left(),
            rect.top() + title_metrics.ascent(),
            title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.setFont(sub_font)
        painter.setPen(sub_color)
        painter.drawText(
            rect.left(),
            rect.top() + title_metrics.height() + 2 + sub_metrics.ascent(),
            sub_metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, rect.width()),
        )
        painter.restore()

    # The row heights are given to the items (see LibraryPage._row_sizes): asking the
    # delegate for every row of a thousand-module library on every layout is slow.


class _LibraryTree(QTreeWidget):
    """The tree of tracks, modules and quizzes; Enter opens the current entry."""

    activatedEntry = Signal(str, str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self.activatedEntry.emit(str(item.data(0, KIND_ROLE)), str(item.data(0, ID_ROLE)))
                return
        super().keyPressEvent(event)


class _SearchField(QLineEdit):
    """Down arrow or Enter moves on to the results."""

    toResults = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.toResults.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class _DetailPanel(QScrollArea):
    """Details of the selected track, module or quiz, with the buttons to open it."""

    openModule = Signal(str)
    startQuiz = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        set_style_property(self, "frameless", True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Details"))
        # The buttons inside take the focus; the panel scrolls to show them.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.primary_button: QPushButton | None = None
        self._content: QWidget | None = None
        self.show_nothing()

    def _begin(self) -> QVBoxLayout:
        """A new, empty card; it replaces the shown one in :meth:`_show_content`, once
        filled (so every button in it is visible, and focusable, at once)."""
        self.primary_button = None
        card = QFrame()
        set_style_property(card, "role", "card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(22, 20, 22, 20)
        layout.setSpacing(10)
        self._content = card
        return layout

    def _show_content(self) -> None:
        old = self.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        if self._content is not None:
            self.setWidget(self._content)

    def _label(self, text: str, role: str | None = None, selectable: bool = False) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        if selectable:
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if role:
            set_style_property(label, "role", role)
        return label

    def show_nothing(self, text: str = "") -> None:
        layout = self._begin()
        layout.addWidget(
            self._label(
                text or self.tr("Select a module or a quiz to see what it covers."), "muted"
            )
        )
        layout.addStretch(1)
        self._show_content()

    def show_track(self, track: Track | None, entry: TrackEntry) -> None:
        layout = self._begin()
        if track is None:
            layout.addWidget(self._label(self.tr("Other quizzes"), "heading"))
            layout.addWidget(
                self._label(
                    self.tr("Quizzes that span several modules, such as a final self-assessment."),
                    "muted",
                )
            )
        else:
            layout.addWidget(self._label(track.title, "heading"))
            if track.description:
                layout.addWidget(self._label(track.description))
            done = sum(1 for m in entry.modules if m.status is ModuleStatus.COMPLETED)
            layout.addWidget(
                self._label(
                    self.tr("%n modules", "", len(entry.modules))
                    + " · "
                    + self.tr("{done} completed").format(done=done),
                    "muted",
                )
            )
        layout.addStretch(1)
        self._show_content()

    def _status_text(self, entry: ModuleEntry) -> str:
        if entry.status is ModuleStatus.COMPLETED:
            return self.tr("Completed")
        if entry.status is ModuleStatus.IN_PROGRESS:
            return self.tr("In progress")
        return self.tr("Not started")

    def show_module(self, library: Library, entry: ModuleEntry) -> None:
        module = entry.module
        layout = self._begin()
        track = next((t for t in library.tracks if t.id == module.track), None)
        if track is not None:
            layout.addWidget(self._label(track.title, "muted"))
        layout.addWidget(self._label(module.title, "heading"))
        meta = [
            self.tr("About %n minutes", "", module.estimated_minutes),
            self.tr("%n sections", "", entry.sections_total),
            self._status_text(entry),
        ]
        layout.addWidget(self._label(" · ".join(meta), "muted"))
        if entry.sections_total and entry.status is not ModuleStatus.NOT_STARTED:
            bar = QProgressBar()
            bar.setRange(0, entry.sections_total)
            bar.setValue(
                entry.sections_total
                if entry.status is ModuleStatus.COMPLETED
                else entry.sections_read
            )
            bar.setTextVisible(False)
            bar.setAccessibleName(
                self.tr("{read} of {total} sections read").format(
                    read=bar.value(), total=entry.sections_total
                )
            )
            layout.addWidget(bar)
        layout.addWidget(self._label(module.summary))
        if module.content_warning:
            notice = QFrame()
            set_style_property(notice, "role", "notice")
            notice_layout = QVBoxLayout(notice)
            notice_layout.setContentsMargins(12, 8, 12, 8)
            notice_layout.addWidget(
                self._label(
                    self.tr("Sensitive content: {warning}").format(warning=module.content_warning)
                )
            )
            layout.addWidget(notice)
        layout.addSpacing(4)
        if entry.status is ModuleStatus.COMPLETED:
            open_text = self.tr("Read again")
        elif entry.status is ModuleStatus.IN_PROGRESS:
            open_text = self.tr("Continue reading")
        else:
            open_text = self.tr("Open module")
        button = QPushButton(open_text)
        button.setAccessibleName(open_text + ": " + module.title)
        set_style_property(button, "primary", True)
        button.clicked.connect(lambda: self.openModule.emit(module.id))
        self.primary_button = button
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        for quiz_entry in entry.quizzes:
            layout.addLayout(self._quiz_row(quiz_entry))
        if module.objectives:
            layout.addSpacing(10)
            layout.addWidget(self._label(self.tr("You will learn to:"), "muted"))
            for objective in module.objectives:
                layout.addWidget(self._label("•  " + objective))
        names = [library.indicators[i].name for i in module.indicators if i in library.indicators]
        if names:
            layout.addSpacing(4)
            layout.addWidget(self._label(self.tr("Indicators covered:"), "muted"))
            layout.addWidget(self._label(", ".join(names)))
        layout.addStretch(1)
        self._show_content()

    def _quiz_row(self, entry: QuizEntry) -> QHBoxLayout:
        row = QHBoxLayout()
        button = QPushButton(self.tr("Take the quiz"))
        button.setAccessibleName(self.tr("Take the quiz: {title}").format(title=entry.quiz.title))
        button.setToolTip(entry.quiz.title)
        quiz_id = entry.quiz.id
        button.clicked.connect(lambda: self.startQuiz.emit(quiz_id))
        row.addWidget(button)
        text = entry.quiz.title
        if entry.best is not None:
            text += " — " + self.tr("best score {score}").format(score=_percent(entry.best))
        label = self._label(text, "muted")
        row.addWidget(label, 1)
        return row

    def show_quiz(self, library: Library, entry: QuizEntry) -> None:
        quiz = entry.quiz
        layout = self._begin()
        module = library.modules.get(quiz.module) if quiz.module else None
        if module is not None:
            layout.addWidget(
                self._label(self.tr("Quiz for: {title}").format(title=module.title), "muted")
            )
        layout.addWidget(self._label(quiz.title, "heading"))
        count = quiz.question_count
        asked = min(quiz.draw, count) if quiz.draw else count
        kind = self.tr("Exam") if quiz.mode is QuizMode.EXAM else self.tr("Practice")
        meta = [
            kind,
            self.tr("%n questions", "", asked),
            self.tr("pass mark {mark}%").format(mark=quiz.pass_mark),
        ]
        if quiz.mode is QuizMode.EXAM and quiz.time_limit_minutes:
            meta.append(self.tr("%n minutes allowed", "", quiz.time_limit_minutes))
        layout.addWidget(self._label(" · ".join(meta), "muted"))
        if quiz.mode is QuizMode.PRACTICE:
            explain = self.tr("You see the feedback after each answer.")
        else:
            explain = self.tr("You see the feedback at the end.")
        layout.addWidget(self._label(explain))
        if entry.best is not None:
            result = self.tr("Passed") if entry.best.passed else self.tr("Not passed yet")
            layout.addWidget(
                self._label(
                    self.tr(
                        "Best score {score} · {result} · taken %n times",
                        "",
                        entry.best.sessions_finished,
                    ).format(score=_percent(entry.best), result=result),
                    "success" if entry.best.passed else None,
                )
            )
        else:
            layout.addWidget(self._label(self.tr("Not taken yet."), "muted"))
        layout.addSpacing(8)
        button = QPushButton(self.tr("Start the quiz"))
        button.setAccessibleName(self.tr("Start the quiz: {title}").format(title=quiz.title))
        set_style_property(button, "primary", True)
        button.clicked.connect(lambda: self.startQuiz.emit(quiz.id))
        self.primary_button = button
        row = QHBoxLayout()
        row.addWidget(button)
        if module is not None:
            back = QPushButton(self.tr("Read the module"))
            back.setAccessibleName(self.tr("Read the module: {title}").format(title=module.title))
            module_id = module.id
            back.clicked.connect(lambda: self.openModule.emit(module_id))
            row.addWidget(back)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self._show_content()


class LibraryPage(QWidget):
    """The library screen."""

    openModule = Signal(str)
    startQuiz = Signal(str)

    def __init__(
        self, library: Library, store: ProgressStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.store = store
        self.profile_id: str | None = None
        self.overview: LibraryOverview | None = None
        self._colors = current_colors()
        self._sizes = (QSize(), QSize())
        self._texts: dict[int, set[str]] = {column: set() for column in FITTED_COLUMNS}
        self._by_key: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._first_entry: QTreeWidgetItem | None = None
        self._pending: list[TrackEntry] = []
        self._generation = 0
        self._padding = 0
        self._progress: dict[str, ModuleProgress] = {}
        self._best: dict[str, QuizBest] = {}
        self.setAccessibleName(self.tr("Library"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)

        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.setSpacing(2)
        title = library.info.title if library.info else self.tr("Library")
        self.title_label = QLabel(title)
        self.title_label.setWordWrap(True)
        set_style_property(self.title_label, "role", "title")
        heading.addWidget(self.title_label)
        self.progress_label = QLabel()
        set_style_property(self.progress_label, "role", "muted")
        heading.addWidget(self.progress_label)
        top.addLayout(heading, 1)
        search_box = QVBoxLayout()
        search_box.setSpacing(2)
        self.search_label = QLabel(self.tr("&Search"))
        self.search = _SearchField()
        self.search.setPlaceholderText(self.tr("Titles, summaries, indicators…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the library"))
        self.search.setAccessibleDescription(
            self.tr(
                "Filter modules and quizzes by title, summary or indicator; Down arrow "
                "moves to the results"
            )
        )
        self.search.setMinimumWidth(300)
        self.search_label.setBuddy(self.search)
        search_box.addWidget(self.search_label)
        search_box.addWidget(self.search)
        top.addLayout(search_box)
        layout.addLayout(top)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.results = QStackedWidget()
        self.tree = _LibraryTree()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Module"), self.tr("Status"), self.tr("Time"), self.tr("Best score")]
        )
        self.tree.setAccessibleName(self.tr("Modules and quizzes"))
        self.tree.setAccessibleDescription(
            self.tr("Press Enter to open the selected module or start the selected quiz")
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setItemDelegateForColumn(COL_TITLE, _TwoLineDelegate(self.tree))
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setIndentation(18)
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # Sized to their contents by _fit_columns on each rebuild: Qt's ResizeToContents
        # measures every row again on every layout, a thousand rows each time.
        for column in FITTED_COLUMNS:
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_style_property(self.empty_label, "role", "muted")
        self.results.addWidget(self.tree)
        self.results.addWidget(self.empty_label)
        self.detail = _DetailPanel()
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.detail.setMinimumWidth(300)
        self._split_done = False
        layout.addWidget(self.splitter, 1)

        self.problems = ProblemsPanel()
        self.problems.set_problems(library.problems)
        layout.addWidget(self.problems)

        self.search.textChanged.connect(lambda _text: self.rebuild())
        self.search.toResults.connect(self._focus_results)
        self.tree.currentItemChanged.connect(lambda _cur, _prev: self._show_details())
        self.tree.itemDoubleClicked.connect(lambda item, _col: self._activate(item))
        self.tree.activatedEntry.connect(self._activate_entry)
        self.detail.openModule.connect(self.openModule.emit)
        self.detail.startQuiz.connect(self.startQuiz.emit)
        self.setTabOrder(self.search, self.tree)
        self.setTabOrder(self.tree, self.detail)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split_done and self.splitter.width() > 0:
            # Three fifths for the list, whatever the details happen to hold first.
            self._split_done = True
            total = self.splitter.width()
            self.splitter.setSizes([total * 3 // 5, total - total * 3 // 5])
        if self._pending:  # finish a long list paused while the page was hidden
            generation = self._generation
            QTimer.singleShot(_STEP_DELAY_MS, self, lambda: self._build_more(generation))

    # ------------------------------------------------------------ data

    def set_library(self, library: Library) -> None:
        """Show another library (the app reads it after the window is shown). The list
        is rebuilt now when it is on screen, else when it is next shown (the window
        refreshes it then)."""
        self.library = library
        self.title_label.setText(library.info.title if library.info else self.tr("Library"))
        self.problems.set_problems(library.problems)
        if self.isVisible():
            self.rebuild()

    def set_profile(self, profile_id: str | None, *, refresh: bool = True) -> None:
        """Show a learner's progress (``refresh=False`` when :meth:`refresh` follows)."""
        self.profile_id = profile_id
        if refresh:
            self.refresh()

    def refresh(self) -> None:
        """Read the learner's progress again and redraw."""
        self._progress, self._best = {}, {}
        if self.profile_id is not None:
            try:
                self._progress = self.store.all_module_progress(self.profile_id)
                self._best = self.store.best_scores(self.profile_id)
            except ProgressError:
                self._progress, self._best = {}, {}
        if not self._refresh_in_place():
            self.rebuild()

    def _refresh_in_place(self) -> bool:
        """When the list would hold the same entries, only statuses and scores changed
        (say after reading a module): update those rows instead of building a thousand
        again. ``False`` when the list must be rebuilt."""
        if self.overview is None or self._pending or self.results.currentWidget() is not self.tree:
            return False
        overview = library_overview(self.library, self._progress, self._best, self.overview.query)
        if _entry_keys(overview) != _entry_keys(self.overview):
            return False
        # Only the rows whose entry changed are touched (after reading one module, one
        # row of a thousand); the column widths keep the texts they were fitted to.
        old_modules, old_quizzes = _entries_by_id(self.overview)
        self.overview = overview
        self._colors = current_colors()
        self._show_totals()
        self.tree.blockSignals(True)
        for group in overview.groups:
            for entry in group.modules:
                item = self._by_key.get((KIND_MODULE, entry.module.id))
                if item is not None and old_modules.get(entry.module.id) != entry:
                    self._update_module_row(item, entry)
                for quiz_entry in entry.quizzes:
                    if old_quizzes.get(quiz_entry.quiz.id) != quiz_entry:
                        self._update_quiz_row(quiz_entry)
            for quiz_entry in group.quizzes:
                if old_quizzes.get(quiz_entry.quiz.id) != quiz_entry:
                    self._update_quiz_row(quiz_entry)
        self.tree.blockSignals(False)
        self._fit_columns(self._padding)
        self._show_details()
        return True

    def _set_status(self, item: QTreeWidgetItem, status: str, color: str | None) -> bool:
        """Show a row's status in its colour; ``True`` when it changed."""
        if item.text(COL_STATUS) == status:
            return False
        item.setText(COL_STATUS, status)
        if color:
            item.setForeground(COL_STATUS, QBrush(QColor(color)))
        else:
            item.setData(COL_STATUS, Qt.ItemDataRole.ForegroundRole, None)
        return True

    def _update_module_row(self, item: QTreeWidgetItem, entry: ModuleEntry) -> None:
        status, color = self._module_status(entry)
        if self._set_status(item, status, color):
            item.setData(
                COL_TITLE,
                Qt.ItemDataRole.AccessibleDescriptionRole,
                f"{status}. {entry.module.summary}",
            )
        best = _percent(entry.best)
        if item.text(COL_BEST) != best:
            item.setText(COL_BEST, best)
        for column in FITTED_COLUMNS:
            self._texts[column].add(item.text(column))

    def _update_quiz_row(self, entry: QuizEntry) -> None:
        item = self._by_key.get((KIND_QUIZ, entry.quiz.id))
        if item is None:
            return
        status, color = self._quiz_status(entry)
        self._set_status(item, status, color)
        best = _percent(entry.best)
        if item.text(COL_BEST) != best:
            item.setText(COL_BEST, best)
        for column in FITTED_COLUMNS:
            self._texts[column].add(item.text(column))

    def _quiz_status(self, entry: QuizEntry) -> tuple[str, str | None]:
        if entry.best is None:
            return self.tr("Not taken"), None
        if entry.best.passed:
            return "✓ " + self.tr("Passed"), self._colors.success
        return self.tr("Not passed yet"), None

    def _show_totals(self) -> None:
        """The line under the title: modules completed, or what the search matches."""
        assert self.overview is not None
        query = self.overview.query
        total, done = self.overview.modules_total, self.overview.modules_completed
        if query.strip():
            self.progress_label.setText(
                self.tr("Matching “{query}”: {modules} and {quizzes}").format(
                    query=query.strip(),
                    modules=self.tr("%n modules", "", self.overview.visible_modules),
                    quizzes=self.tr("%n quizzes", "", self.overview.visible_quizzes),
                )
            )
        elif total:
            self.progress_label.setText(
                self.tr("{done} of {total} modules completed").format(done=done, total=total)
            )
        else:
            self.progress_label.setText("")

    def rebuild(self) -> None:
        selected = self._current_key()
        query = self.search.text()
        self._colors = current_colors()
        self.overview = library_overview(self.library, self._progress, self._best, query)
        self._show_totals()
        self.tree.blockSignals(True)
        self._by_key = {}
        self._first_entry = None
        self._generation += 1
        self.tree.clear()
        one_line, two_lines, self._padding = self._row_sizes()
        self._sizes = (one_line, two_lines)
        self._texts = {column: set() for column in FITTED_COLUMNS}
        # A long list is built in steps: first the groups that fill the screen (and the
        # one holding the entry selected before), then the rest a step per turn of the
        # event loop, so the screen never stands still while a thousand rows are made.
        pending = list(self.overview.groups)
        holding = next((i for i, g in enumerate(pending) if _holds(g, selected)), -1)
        first: list[TrackEntry] = []
        rows = 0
        while pending and (rows < _FIRST_ROWS or len(first) <= holding):
            group = pending.pop(0)
            first.append(group)
            rows += _rows(group)
        self._attach(first)
        self._pending = pending
        if pending:
            generation = self._generation
            QTimer.singleShot(_STEP_DELAY_MS, self, lambda: self._build_more(generation))
        if self.overview.is_empty:
            if query.strip():
                self.empty_label.setText(
                    self.tr(
                        "Nothing matches “{query}”. Try another word, or clear the search "
                        "with Escape."
                    ).format(query=query.strip())
                )
            else:
                roots = ", ".join(str(r) for r in self.library.roots)
                self.empty_label.setText(
                    self.tr("No lessons were found in the content folder {folder}.").format(
                        folder=roots
                    )
                )
            self.results.setCurrentWidget(self.empty_label)
            self.detail.show_nothing(" ")
            return
        self.results.setCurrentWidget(self.tree)
        if not self._select_key(selected):
            self._select_first_module()
        self._show_details()

    def _attach(self, groups: list[TrackEntry]) -> None:
        """Build these groups (each whole before it joins the tree: one insertion, not one
        per row, with the size of every row given) and show them expanded."""
        self.tree.blockSignals(True)
        items = [self._add_group(group) for group in groups]
        self.tree.addTopLevelItems(items)
        for item in items:
            item.setFirstColumnSpanned(True)
            self.tree.expandRecursively(self.tree.indexFromItem(item))
        self._fit_columns(self._padding)
        self.tree.blockSignals(False)

    def _build_more(self, generation: int) -> None:
        """The next step of a long list (unless the list was rebuilt meanwhile). Steps
        pause while the page is hidden (say a module was opened at once), so they never
        slow down another page; showing the page resumes them."""
        if generation != self._generation or not self._pending or not self.isVisible():
            return
        step: list[TrackEntry] = []
        rows = 0
        while self._pending and rows < _ROWS_PER_STEP:
            group = self._pending.pop(0)
            step.append(group)
            rows += _rows(group)
        self._attach(step)
        if self._pending:
            QTimer.singleShot(_STEP_DELAY_MS, self, lambda: self._build_more(generation))

    @property
    def building(self) -> bool:
        """True while the rest of a long list is still being added."""
        return bool(self._pending)

    def _row_sizes(self) -> tuple[QSize, QSize, int]:
        """Sizes of a one-line and a two-line row in the tree's font, and the room the
        view gives around a cell's text, measured once on a probe row."""
        probe = QTreeWidgetItem(["Ag", "Ag"])
        self.tree.addTopLevelItem(probe)
        one = self.tree.sizeHintForIndex(self.tree.indexFromItem(probe, COL_STATUS))
        self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(probe))
        metrics = QFontMetrics(self.tree.font())
        two = QSize(0, max(one.height(), metrics.height() * 2 + 12))
        padding = max(0, one.width() - metrics.horizontalAdvance("Ag"))
        return QSize(0, one.height()), two, padding

    def _fit_columns(self, padding: int) -> None:
        """Each small column as wide as its widest text (or its heading)."""
        metrics = QFontMetrics(self.tree.font())
        # The style can measure a cell a few pixels narrower than it draws it (rounding,
        # the colour-coded status glyphs): a little room more than the measure keeps
        # "In progress · 3/12" from being cut to "In progress · 3/…".
        slack = metrics.horizontalAdvance("M")
        head = self.tree.header()
        for column in FITTED_COLUMNS:
            widest = max((metrics.horizontalAdvance(t) for t in self._texts[column]), default=0)
            head.resizeSection(column, max(head.sectionSizeHint(column), widest + padding + slack))

    def _size_rows(self, item: QTreeWidgetItem, two_lines: bool, texts: list[str]) -> None:
        """Give the row its height, and note the texts of its small columns."""
        size = self._sizes[1] if two_lines else self._sizes[0]
        for column in COLUMNS:
            item.setSizeHint(column, size)
        for column in FITTED_COLUMNS:
            self._texts[column].add(texts[column])

    def _add_group(self, group: TrackEntry) -> QTreeWidgetItem:
        if group.track is not None:
            title, subtitle = group.track.title, group.track.description
            kind, ident = KIND_TRACK, group.track.id
        else:
            title = self.tr("Other quizzes")
            subtitle = self.tr("Quizzes that span several modules")
            kind, ident = KIND_GROUP, ""
        texts = [title, "", "", ""]
        item = QTreeWidgetItem([title])
        item.setData(COL_TITLE, SUBTITLE_ROLE, subtitle)
        item.setData(COL_TITLE, KIND_ROLE, kind)
        item.setData(COL_TITLE, ID_ROLE, ident)
        font = QFont(self.tree.font())
        font.setBold(True)
        item.setFont(COL_TITLE, font)
        self._size_rows(item, True, texts)
        self._remember(item, kind, ident)
        for entry in group.modules:
            module = entry.module
            status, color = self._module_status(entry)
            texts = [
                module.title,
                status,
                self.tr("%n min", "", module.estimated_minutes),
                _percent(entry.best),
            ]
            child = QTreeWidgetItem(item, texts)
            child.setData(COL_TITLE, SUBTITLE_ROLE, module.summary)
            child.setData(COL_TITLE, KIND_ROLE, KIND_MODULE)
            child.setData(COL_TITLE, ID_ROLE, module.id)
            child.setToolTip(COL_TITLE, module.summary)
            if color:
                child.setForeground(COL_STATUS, QBrush(QColor(color)))
            child.setData(
                COL_TITLE,
                Qt.ItemDataRole.AccessibleDescriptionRole,
                f"{status}. {module.summary}",
            )
            self._size_rows(child, True, texts)
            self._remember(child, KIND_MODULE, module.id)
            for quiz_entry in entry.quizzes:
                self._add_quiz(child, quiz_entry)
        for quiz_entry in group.quizzes:
            self._add_quiz(item, quiz_entry)
        return item

    def _module_status(self, entry: ModuleEntry) -> tuple[str, str | None]:
        colors = self._colors
        if entry.status is ModuleStatus.COMPLETED:
            return "✓ " + self.tr("Completed"), colors.success
        if entry.status is ModuleStatus.IN_PROGRESS:
            if entry.sections_total:
                return (
                    self.tr("In progress · {read}/{total}").format(
                        read=entry.sections_read, total=entry.sections_total
                    ),
                    colors.warning,
                )
            return self.tr("In progress"), colors.warning
        return self.tr("Not started"), None

    def _add_quiz(self, parent: QTreeWidgetItem, entry: QuizEntry) -> None:
        quiz = entry.quiz
        status, color = self._quiz_status(entry)
        texts = [
            self.tr("Quiz: {title}").format(title=quiz.title),
            status,
            "",
            _percent(entry.best),
        ]
        item = QTreeWidgetItem(parent, texts[:2])
        item.setText(COL_BEST, texts[COL_BEST])
        item.setData(COL_TITLE, KIND_ROLE, KIND_QUIZ)
        item.setData(COL_TITLE, ID_ROLE, quiz.id)
        item.setToolTip(COL_TITLE, quiz.title)
        if color:
            item.setForeground(COL_STATUS, QBrush(QColor(color)))
        self._size_rows(item, False, texts)
        self._remember(item, KIND_QUIZ, quiz.id)

    # ------------------------------------------------------------ selection

    def _current_key(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return str(item.data(COL_TITLE, KIND_ROLE)), str(item.data(COL_TITLE, ID_ROLE))

    def _items(self) -> list[QTreeWidgetItem]:
        """Every item, in display order (depth first)."""
        found: list[QTreeWidgetItem] = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        stack.reverse()
        while stack:
            item = stack.pop()
            if item is None:
                continue
            found.append(item)
            stack.extend(item.child(i) for i in range(item.childCount() - 1, -1, -1))
        return found

    def _select_key(self, key: tuple[str, str] | None) -> bool:
        item = self._by_key.get(key) if key is not None else None
        if item is None:
            return False
        self.tree.setCurrentItem(item)
        return True

    def _select_first_module(self) -> None:
        if self._first_entry is not None:
            self.tree.setCurrentItem(self._first_entry)

    def _remember(self, item: QTreeWidgetItem, kind: str, ident: str) -> None:
        """Note an item built (in display order) for selecting it by kind and id."""
        self._by_key.setdefault((kind, ident), item)
        if self._first_entry is None and kind in (KIND_MODULE, KIND_QUIZ):
            self._first_entry = item

    def select_module(self, module_id: str) -> bool:
        return self._select_key((KIND_MODULE, module_id))

    def _focus_results(self) -> None:
        if self.results.currentWidget() is self.tree:
            if self.tree.currentItem() is None:
                self._select_first_module()
            self.tree.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def focus_default(self) -> None:
        self.tree.setFocus()

    def _show_details(self) -> None:
        self._fill_details()
        # Tab goes from the list to the buttons of the details, then to the problems.
        previous: QWidget = self.tree
        content = self.detail.widget()
        for button in content.findChildren(QPushButton) if content is not None else []:
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.problems.toggle)
        QWidget.setTabOrder(self.problems.toggle, self.problems.copy_button)

    def _fill_details(self) -> None:
        item = self.tree.currentItem()
        if item is None or self.overview is None:
            self.detail.show_nothing()
            return
        kind = item.data(COL_TITLE, KIND_ROLE)
        ident = str(item.data(COL_TITLE, ID_ROLE))
        for group in self.overview.groups:
            if kind == KIND_TRACK and group.track is not None and group.track.id == ident:
                self.detail.show_track(group.track, group)
                return
            if kind == KIND_GROUP and group.track is None:
                self.detail.show_track(None, group)
                return
            for entry in group.modules:
                if kind == KIND_MODULE and entry.module.id == ident:
                    self.detail.show_module(self.library, entry)
                    return
                for quiz_entry in entry.quizzes:
                    if kind == KIND_QUIZ and quiz_entry.quiz.id == ident:
                        self.detail.show_quiz(self.library, quiz_entry)
                        return
            for quiz_entry in group.quizzes:
                if kind == KIND_QUIZ and quiz_entry.quiz.id == ident:
                    self.detail.show_quiz(self.library, quiz_entry)
                    return
        self.detail.show_nothing()

    # ------------------------------------------------------------ opening

    def _activate(self, item: QTreeWidgetItem) -> None:
        self._activate_entry(
            str(item.data(COL_TITLE, KIND_ROLE)), str(item.data(COL_TITLE, ID_ROLE))
        )

    def _activate_entry(self, kind: str, ident: str) -> None:
        if kind == KIND_MODULE:
            self.openModule.emit(ident)
        elif kind == KIND_QUIZ:
            self.startQuiz.emit(ident)
        else:
            item = self.tree.currentItem()
            if item is not None:
                item.setExpanded(not item.isExpanded())

    def module_titles(self) -> list[str]:
        """Titles of the modules listed now, in order (for tests and screen readers)."""
        return [
            item.text(COL_TITLE)
            for item in self._items()
            if item.data(COL_TITLE, KIND_ROLE) == KIND_MODULE
        ]

    def module_status_text(self, module_id: str) -> str:
        for item in self._items():
            if (
                item.data(COL_TITLE, KIND_ROLE) == KIND_MODULE
                and item.data(COL_TITLE, ID_ROLE) == module_id
            ):
                return item.text(COL_STATUS)
        return ""
