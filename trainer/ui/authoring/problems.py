"""The problems of the content folder being written, one row each: file, line, column,
severity and message, sortable by any column.

Enter or a double-click on a row opens the file in the computer's default editor when
it is a file inside the content folder; otherwise (and always with Ctrl+C or "Copy
location") ``FILE:LINE`` is copied, to paste into an editor's "go to line".
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.core.model import Problem, Severity
from trainer.ui.theme import set_style_property

__all__ = ["COLUMNS", "ProblemsView", "local_file"]

# Column numbers of the table.
COLUMNS = {"file": 0, "line": 1, "column": 2, "severity": 3, "message": 4}
_KEY = Qt.ItemDataRole.UserRole
_NUMERIC = (COLUMNS["line"], COLUMNS["column"])


def local_file(root: Path, display_path: str) -> Path | None:
    """The file a problem names, when it is an existing file inside ``root``."""
    candidate = Path(display_path)
    if not candidate.is_absolute():
        candidate = root / candidate
    try:
        resolved = candidate.resolve()
        resolved.relative_to(root.resolve())
    except (OSError, ValueError, RuntimeError):
        return None
    return resolved if resolved.is_file() else None


class _ProblemItem(QTreeWidgetItem):
    """Sorts line and column as numbers, and errors before warnings."""

    def __init__(self, problem: Problem, severity_text: str) -> None:
        super().__init__(
            [
                problem.path,
                str(problem.line),
                str(problem.column),
                severity_text,
                problem.message,
            ]
        )
        self.problem = problem
        for column in _NUMERIC:
            self.setTextAlignment(
                column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        self.setToolTip(COLUMNS["message"], problem.message)
        self.setToolTip(COLUMNS["file"], problem.path)

    def _sort_key(self, column: int) -> tuple[object, ...]:
        p = self.problem
        rank = 0 if p.severity is Severity.ERROR else 1
        if column == COLUMNS["line"]:
            return (p.line, p.column, p.path)
        if column == COLUMNS["column"]:
            return (p.column, p.path, p.line)
        if column == COLUMNS["severity"]:
            return (rank, p.path, p.line, p.column)
        if column == COLUMNS["message"]:
            return (p.message.lower(), p.path, p.line)
        return (p.path.lower(), p.line, p.column)

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        if isinstance(other, _ProblemItem):
            return self._sort_key(column) < other._sort_key(column)
        return super().__lt__(other)


class _ProblemTable(QTreeWidget):
    """Ctrl+C asks to copy the selected problem's location; Enter asks to open it."""

    copyRequested = Signal()
    openRequested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copyRequested.emit()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.openRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ProblemsView(QWidget):
    """Lists the problems of one content folder. ``statusMessage`` says what an action
    did (copied, opened), for the window's status bar; ``countChanged`` carries the
    number of errors and of warnings."""

    statusMessage = Signal(str)
    countChanged = Signal(int, int)

    def __init__(self, root: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self._problems: tuple[Problem, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)

        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        set_style_property(self.summary, "role", "muted")
        self.open_button = QPushButton(self.tr("&Open in editor"))
        self.open_button.setAccessibleDescription(
            self.tr("Open the file of the selected problem in this computer's default editor")
        )
        self.copy_button = QPushButton(self.tr("Cop&y location"))
        self.copy_button.setAccessibleDescription(
            self.tr("Copy the file and line of the selected problem, as FILE:LINE")
        )
        top.addWidget(self.summary, 1)
        top.addWidget(self.copy_button)
        top.addWidget(self.open_button)
        layout.addLayout(top)

        self.table = _ProblemTable()
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels(
            [
                self.tr("File"),
                self.tr("Line"),
                self.tr("Column"),
                self.tr("Severity"),
                self.tr("Message"),
            ]
        )
        self.table.setAccessibleName(self.tr("Problems"))
        self.table.setAccessibleDescription(
            self.tr(
                "Problems in the content folder. Click a column heading to sort. Enter opens "
                "the file; Ctrl+C copies FILE:LINE."
            )
        )
        head = self.table.header()
        head.setStretchLastSection(True)
        head.setSectionResizeMode(COLUMNS["file"], QHeaderView.ResizeMode.Interactive)
        for column in (COLUMNS["line"], COLUMNS["column"], COLUMNS["severity"]):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(COLUMNS["file"], 260)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMNS["severity"], Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.table, 1)

        # Not itemActivated: some styles activate on a single click.
        self.table.itemDoubleClicked.connect(lambda _item, _column: self.activate())
        self.table.openRequested.connect(self.activate)
        self.table.copyRequested.connect(self.copy_location)
        self.table.currentItemChanged.connect(lambda _a, _b: self._update_buttons())
        self.copy_button.clicked.connect(self.copy_location)
        self.open_button.clicked.connect(self.open_in_editor)
        self.set_problems(())

    # ------------------------------------------------------------ contents

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def set_problems(self, problems: Sequence[Problem]) -> None:
        """Show these problems, keeping the sort order and, if it is still there, the
        selected problem."""
        selected = self.selected_problem()
        self._problems = tuple(problems)
        self.table.setSortingEnabled(False)
        self.table.clear()
        keep: QTreeWidgetItem | None = None
        for problem in self._problems:
            severity = (
                self.tr("Error") if problem.severity is Severity.ERROR else self.tr("Warning")
            )
            item = _ProblemItem(problem, severity)
            self.table.addTopLevelItem(item)
            if problem == selected:
                keep = item
        self.table.setSortingEnabled(True)
        chosen = keep if keep is not None else self.table.topLevelItem(0)
        if chosen is not None:
            self.table.setCurrentItem(chosen)
        errors = sum(1 for p in self._problems if p.severity is Severity.ERROR)
        warnings = len(self._problems) - errors
        if not self._problems:
            self.summary.setText(self.tr("No problems: every file can be used."))
        else:
            self.summary.setText(
                self.tr(
                    "Errors: {errors}. Warnings: {warnings}. A file with errors is left out "
                    "until it is fixed."
                ).format(errors=errors, warnings=warnings)
            )
        self._update_buttons()
        self.countChanged.emit(errors, warnings)

    def rows(self) -> list[tuple[str, int, int, str, str]]:
        """The rows as shown, in their current order: file, line, column, severity,
        message."""
        shown: list[tuple[str, int, int, str, str]] = []
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if isinstance(item, _ProblemItem):
                p = item.problem
                shown.append((p.path, p.line, p.column, p.severity.value, p.message))
        return shown

    def selected_problem(self) -> Problem | None:
        item = self.table.currentItem()
        return item.problem if isinstance(item, _ProblemItem) else None

    def _update_buttons(self) -> None:
        problem = self.selected_problem()
        self.copy_button.setEnabled(problem is not None)
        self.open_button.setEnabled(
            problem is not None and local_file(self.root, problem.path) is not None
        )

    # ------------------------------------------------------------ actions

    def location(self, problem: Problem) -> str:
        return f"{problem.path}:{problem.line}"

    def activate(self) -> None:
        """Open the selected problem's file if it is a local file, else copy FILE:LINE."""
        problem = self.selected_problem()
        if problem is None:
            return
        if local_file(self.root, problem.path) is not None:
            self.open_in_editor()
        else:
            self.copy_location()

    def copy_location(self) -> None:
        problem = self.selected_problem()
        clipboard = QApplication.clipboard()
        if problem is None or clipboard is None:
            return
        text = self.location(problem)
        clipboard.setText(text)
        self.statusMessage.emit(self.tr("Copied {location}").format(location=text))

    def open_in_editor(self) -> None:
        problem = self.selected_problem()
        if problem is None:
            return
        path = local_file(self.root, problem.path)
        if path is None:
            self.statusMessage.emit(
                self.tr("{file} is not a file in the content folder.").format(file=problem.path)
            )
            return
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.statusMessage.emit(
                self.tr("Opened {file}; the problem is on line {line}.").format(
                    file=problem.path, line=problem.line
                )
            )
        else:
            self.copy_location()
            self.statusMessage.emit(
                self.tr("No editor could open {file}; its location was copied.").format(
                    file=problem.path
                )
            )

    def focus_default(self) -> None:
        self.table.setFocus()
