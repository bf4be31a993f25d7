"""How many questions train each indicator, by dimension, and which indicators no
question trains (highlighted, and said in words, not by colour alone)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer.core.coverage import indicator_coverage
from trainer.core.model import Indicator, Library, Strength
from trainer.ui.theme import current_colors, set_style_property

__all__ = ["COVERAGE_COLUMNS", "CoverageView"]

COVERAGE_COLUMNS = {"indicator": 0, "strength": 1, "questions": 2, "modules": 3, "status": 4}
_STRENGTH_ORDER = {strength: rank for rank, strength in enumerate(Strength)}


class _CoverageItem(QTreeWidgetItem):
    """A dimension (with its indicators below it) or an indicator; counts sort as
    numbers, strengths from strong to weak."""

    def __init__(self, texts: list[str], sort_keys: list[tuple[object, ...]]) -> None:
        super().__init__(texts)
        self.sort_keys = sort_keys
        self.indicator_id: str | None = None
        self.untrained = False

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        if isinstance(other, _CoverageItem):
            return self.sort_keys[column] < other.sort_keys[column]
        return super().__lt__(other)


class CoverageView(QWidget):
    """The coverage of the taxonomy by the quizzes of one library."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library: Library | None = None
        self._restyle_pending = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        set_style_property(self.summary, "role", "muted")
        self.only_untrained = QCheckBox(self.tr("Show only &untrained indicators"))
        self.only_untrained.toggled.connect(lambda _on: self._apply_filter())
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_untrained)
        layout.addLayout(top)

        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COVERAGE_COLUMNS))
        self.tree.setHeaderLabels(
            [
                self.tr("Dimension / indicator"),
                self.tr("Strength"),
                self.tr("Questions"),
                self.tr("Modules"),
                self.tr("Coverage"),
            ]
        )
        self.tree.setAccessibleName(self.tr("Indicator coverage"))
        self.tree.setAccessibleDescription(
            self.tr(
                "Each dimension with its indicators and how many questions train each. "
                "Click a column heading to sort."
            )
        )
        self.tree.setUniformRowHeights(True)
        head = self.tree.header()
        head.setStretchLastSection(True)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for column in (1, 2, 3):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(0, 440)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(COVERAGE_COLUMNS["indicator"], Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.tree, 1)
        self.set_library(None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changes = (QEvent.Type.PaletteChange, QEvent.Type.StyleChange)
        if event.type() in changes and not self._restyle_pending:
            # The theme is being changed: once it is all applied, the highlight follows.
            self._restyle_pending = True
            QTimer.singleShot(0, self, self._restyle)

    def _restyle(self) -> None:
        self._restyle_pending = False
        if self.library is not None:
            self.set_library(self.library)

    def set_library(self, library: Library | None) -> None:
        self.library = library
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        if library is None or not library.indicators:
            self.summary.setText(self.tr("No indicators yet: add a taxonomy file."))
            self.tree.setSortingEnabled(True)
            return
        coverage = indicator_coverage(library)
        colors = current_colors()
        highlight = QBrush(QColor(colors.danger_bg))
        highlight_text = QBrush(QColor(colors.danger))
        untrained_total = 0
        by_dimension: dict[str, list[Indicator]] = {}
        for indicator in library.indicators.values():
            by_dimension.setdefault(indicator.dimension, []).append(indicator)
        for dimension_id, members in by_dimension.items():
            dimension = library.dimensions.get(dimension_id)
            name = dimension.name if dimension else dimension_id
            counts = [len(coverage[i.id].questions) for i in members]
            untrained = sum(1 for c in counts if c == 0)
            untrained_total += untrained
            status = self.tr("%n untrained", "", untrained) if untrained else self.tr("All trained")
            # A question that trains several indicators of the dimension counts once.
            questions = len({q for i in members for q in coverage[i.id].questions})
            modules = len({m for i in members for m in coverage[i.id].modules})
            parent = _CoverageItem(
                [name, "", str(questions), str(modules), status],
                [
                    (name.lower(),),
                    (-1,),
                    (questions, name.lower()),
                    (modules, name.lower()),
                    (-untrained, name.lower()),
                ],
            )
            font = parent.font(0)
            font.setBold(True)
            for column in range(len(COVERAGE_COLUMNS)):
                parent.setFont(column, font)
            parent.setToolTip(0, dimension.group if dimension else "")
            for column in (2, 3):
                parent.setTextAlignment(
                    column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            self.tree.addTopLevelItem(parent)
            for indicator, count in zip(members, counts, strict=True):
                modules = len(coverage[indicator.id].modules)
                item = _CoverageItem(
                    [
                        indicator.name,
                        self._strength_label(indicator.strength),
                        str(count),
                        str(modules),
                        self.tr("Not trained by any question") if count == 0 else "",
                    ],
                    [
                        (indicator.name.lower(),),
                        (_STRENGTH_ORDER[indicator.strength], indicator.name.lower()),
                        (count, indicator.name.lower()),
                        (modules, indicator.name.lower()),
                        (0 if count == 0 else 1, indicator.name.lower()),
                    ],
                )
                item.indicator_id = indicator.id
                item.untrained = count == 0
                item.setToolTip(0, indicator.id)
                for column in (2, 3):
                    item.setTextAlignment(
                        column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if count == 0:
                    for column in range(len(COVERAGE_COLUMNS)):
                        item.setBackground(column, highlight)
                        item.setForeground(column, highlight_text)
                parent.addChild(item)
            parent.setExpanded(True)
        self.tree.setSortingEnabled(True)
        total = len(library.indicators)
        if untrained_total:
            self.summary.setText(
                self.tr(
                    "%n of the {total} indicators are trained by no question.", "", untrained_total
                ).format(total=total)
            )
        else:
            self.summary.setText(
                self.tr("Every one of the {total} indicators is trained by a question.").format(
                    total=total
                )
            )
        self._apply_filter()

    def _apply_filter(self) -> None:
        only = self.only_untrained.isChecked()
        for index in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(index)
            if parent is None:
                continue
            visible = 0
            for child_index in range(parent.childCount()):
                child = parent.child(child_index)
                if isinstance(child, _CoverageItem):
                    hide = only and not child.untrained
                    child.setHidden(hide)
                    visible += 0 if hide else 1
            parent.setHidden(only and visible == 0)

    def untrained(self) -> list[str]:
        """Ids of the indicators marked as trained by no question."""
        return sorted(key for key, item in self._indicator_items() if item.untrained)

    def question_counts(self) -> dict[str, int]:
        return {key: int(item.text(2)) for key, item in self._indicator_items()}

    def _indicator_items(self) -> list[tuple[str, _CoverageItem]]:
        found: list[tuple[str, _CoverageItem]] = []
        for index in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(index)
            if parent is None:
                continue
            for child_index in range(parent.childCount()):
                child = parent.child(child_index)
                if isinstance(child, _CoverageItem) and child.indicator_id is not None:
                    found.append((child.indicator_id, child))
        return found

    def focus_default(self) -> None:
        self.tree.setFocus()

    def _strength_label(self, strength: Strength) -> str:
        labels = {
            Strength.STRONG: self.tr("Strong"),
            Strength.MEDIUM: self.tr("Medium"),
            Strength.WEAK: self.tr("Weak"),
        }
        return labels[strength]
