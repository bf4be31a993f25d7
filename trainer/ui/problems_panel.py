"""Content problems, shown without getting in the way: a collapsible panel under the
library with the number of problems in its header, and file, line and message for each.

Learners can ignore it; trainers can copy the list and fix the files.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.core.model import Problem, Severity
from trainer.ui.theme import set_style_property

__all__ = ["ProblemsPanel"]

_VISIBLE_ROWS = 6


class ProblemsPanel(QFrame):
    """Lists :class:`Problem` objects; hidden when there are none."""

    expandedChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_style_property(self, "role", "card")
        self._problems: tuple[Problem, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.setSpacing(6)

        header = QHBoxLayout()
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        set_style_property(self.toggle, "flat", True)
        self.toggle.toggled.connect(self.set_expanded)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        set_style_property(self.summary, "role", "muted")
        self.copy_button = QPushButton(self.tr("Copy list"))
        self.copy_button.setAccessibleDescription(
            self.tr(
                "Copy every problem, with file and line, to send to whoever maintains the content"
            )
        )
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        header.addWidget(self.toggle)
        header.addWidget(self.summary, 1)
        header.addWidget(self.copy_button)
        layout.addLayout(header)

        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(False)
        self.table.setWordWrap(True)
        self.table.setColumnCount(4)
        self.table.setHeaderLabels(
            [self.tr("Kind"), self.tr("File"), self.tr("Line"), self.tr("Problem")]
        )
        self.table.setAccessibleName(self.tr("Content problems"))
        self.table.setAccessibleDescription(
            self.tr("Each row names a content file, the line of the problem and what is wrong")
        )
        head = self.table.header()
        head.setStretchLastSection(True)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(1, 280)
        layout.addWidget(self.table)
        self.set_expanded(False)
        self.set_problems(())

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def set_problems(self, problems: Sequence[Problem]) -> None:
        self._problems = tuple(problems)
        self.table.clear()
        for problem in self._problems:
            kind = self.tr("Error") if problem.severity is Severity.ERROR else self.tr("Warning")
            item = QTreeWidgetItem([kind, problem.path, str(problem.line), problem.message])
            item.setToolTip(3, problem.message)
            item.setToolTip(1, problem.path)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        errors = sum(1 for p in self._problems if p.severity is Severity.ERROR)
        count = len(self._problems)
        rows = min(max(count, 1), _VISIBLE_ROWS)
        row_height = self.table.fontMetrics().height() + 10
        header = self.table.header().sizeHint().height()
        self.table.setFixedHeight(header + rows * row_height + 8)
        self.toggle.setText(self.tr("Content problems (%n)", "", count))
        self.toggle.setAccessibleName(self.toggle.text())
        self.toggle.setAccessibleDescription(self.tr("Show or hide the list of content problems"))
        if errors:
            self.summary.setText(
                self.tr(
                    "Some content files could not be used and are left out. "
                    "Everything else works normally."
                )
            )
        else:
            self.summary.setText(
                self.tr("Some content files have small problems. Everything works normally.")
            )
        self.setVisible(count > 0)

    def is_expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)
            return  # toggled() calls back with the same value
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.table.setVisible(expanded)
        self.copy_button.setVisible(expanded)
        self.expandedChanged.emit(expanded)

    def as_text(self) -> str:
        return "\n".join(p.format() for p in self._problems)

    def copy_to_clipboard(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.as_text())
