"""The dashboard's two drawings, painted with ``QPainter`` in the theme's colours:

* :class:`MasteryHeatMap`: indicator dimensions by strength; each cell is coloured by
  the share of its indicators mastered and leads, with one click or Enter, to a
  practice set aimed at it;
* :class:`HistoryChart`: the score of every finished quiz in the order taken, against
  its pass mark.

Both work from the keyboard (arrow keys move, Enter or Space acts), describe the current
cell or point to screen readers, and show a tooltip under the mouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QDateTime, QEvent, QLocale, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from trainer.core.dashboard import HeatCell, HeatRow, HistoryPoint
from trainer.core.model import Strength
from trainer.ui.theme import Colors, current_colors

__all__ = ["HistoryChart", "MasteryHeatMap", "band_colors", "local_time"]


def local_time(moment: datetime, *, with_time: bool = True) -> str:
    """A date (and time) in the computer's time zone, as its locale writes it short; ISO
    8601 when no locale is set (the C locale's own form is hard to read)."""
    value = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return str(value.toString("yyyy-MM-dd HH:mm" if with_time else "yyyy-MM-dd"))
    if with_time:
        return str(locale.toString(value, QLocale.FormatType.ShortFormat))
    return str(locale.toString(value.date(), QLocale.FormatType.ShortFormat))


def _day(moment: datetime) -> str:
    """Day and month, as the locale writes them (for the chart's axis)."""
    value = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).date()
    return str(QLocale().toString(value, "d MMM"))


def band_colors(colors: Colors, band: str) -> tuple[QColor, QColor]:
    """(fill, edge) of a heat-map band: low, mid, high, new (nothing trained) or none."""
    fills = {
        "low": (colors.danger_bg, colors.danger),
        "mid": (colors.warning_bg, colors.warning),
        "high": (colors.success_bg, colors.success),
        "new": (colors.alt_surface, colors.border),
    }
    fill, edge = fills.get(band, (colors.window, colors.divider))
    return QColor(fill), QColor(edge)


class MasteryHeatMap(QWidget):
    """Rows are dimensions, columns strengths. ``cellActivated`` carries the
    :class:`HeatCell` clicked (or chosen with Enter); empty cells do nothing."""

    cellActivated = Signal(object)
    currentChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[HeatRow, ...] = ()
        self.strength_names: dict[Strength, str] = {
            Strength.STRONG: self.tr("Strong"),
            Strength.MEDIUM: self.tr("Medium"),
            Strength.WEAK: self.tr("Weak"),
        }
        self.header_names: dict[Strength, str] = {
            Strength.STRONG: self.tr("Strong indicators"),
            Strength.MEDIUM: self.tr("Medium indicators"),
            Strength.WEAK: self.tr("Weak indicators"),
        }
        self.current: tuple[int, int] = (0, 0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Mastery by dimension and strength"))

    # ------------------------------------------------------------ data

    def set_rows(self, rows: Sequence[HeatRow]) -> None:
        self.rows = tuple(rows)
        row, column = self.current
        if not self.rows:
            self.current = (0, 0)
        else:
            self.current = (min(row, len(self.rows) - 1), column)
        self.updateGeometry()
        self._describe()
        self.update()

    def cell_at(self, row: int, column: int) -> HeatCell | None:
        if 0 <= row < len(self.rows) and 0 <= column < len(self.rows[row].cells):
            return self.rows[row].cells[column]
        return None

    def current_cell(self) -> HeatCell | None:
        return self.cell_at(*self.current)

    def describe(self, cell: HeatCell) -> str:
        """One cell in words (its tooltip, and what a screen reader hears)."""
        row = next((r for r in self.rows if r.dimension_id == cell.dimension_id), None)
        place = self.tr("{dimension}, {strength} indicators").format(
            dimension=row.name if row else cell.dimension_id,
            strength=self.strength_names[cell.strength].lower(),
        )
        if not cell.total:
            return self.tr("{place}: none in the content.").format(place=place)
        if not cell.started:
            state = self.tr("{n} not practised yet").format(n=cell.total)
        else:
            state = self.tr("{mastered} of {total} mastered, {due} to practise now").format(
                mastered=cell.mastered, total=cell.total, due=cell.due
            )
        return self.tr("{place}: {state}. Press Enter to practise them.").format(
            place=place, state=state
        )

    # ------------------------------------------------------------ geometry

    def _unit(self) -> int:
        return self.fontMetrics().height()

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(r.name) for r in self.rows), default=0)
        return min(widest + self._unit(), max(self.width() * 2 // 5, self._unit() * 8))

    def _row_height(self) -> int:
        return int(self._unit() * 2.9)

    def _header_height(self) -> int:
        return int(self._unit() * 1.8)

    def sizeHint(self) -> QSize:
        height = self._header_height() + self._row_height() * max(1, len(self.rows)) + 4
        return QSize(self._unit() * 40, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._unit() * 24, self.sizeHint().height())

    def cell_rect(self, row: int, column: int) -> QRect:
        left = self._label_width()
        columns = max(1, len(Strength))
        width = (self.width() - left - 2) // columns
        return QRect(
            left + column * width + 2,
            self._header_height() + row * self._row_height() + 2,
            width - 4,
            self._row_height() - 4,
        )

    def position_at(self, point: QPointF) -> tuple[int, int] | None:
        for row in range(len(self.rows)):
            for column in range(len(Strength)):
                if self.cell_rect(row, column).contains(point.toPoint()):
                    return row, column
        return None

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = current_colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        text = QColor(colors.text)
        muted = QColor(colors.muted)
        bold = self.font()
        bold.setBold(True)
        for column, strength in enumerate(Strength):
            top = self.cell_rect(0, column)
            header = QRect(top.left(), 0, top.width(), self._header_height())
            painter.setFont(bold)
            painter.setPen(muted)
            name = QFontMetrics(bold).elidedText(
                self.header_names[strength], Qt.TextElideMode.ElideRight, header.width()
            )
            painter.drawText(header, int(Qt.AlignmentFlag.AlignCenter), name)
        painter.setFont(self.font())
        label_width = self._label_width()
        for row_number, row in enumerate(self.rows):
            first = self.cell_rect(row_number, 0)
            label = QRect(0, first.top(), label_width - self._unit() // 2, first.height())
            painter.setPen(text)
            flags = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
            name = metrics.elidedText(row.name, Qt.TextElideMode.ElideRight, label.width())
            painter.drawText(label, flags, name)
            for column, cell in enumerate(row.cells):
                self._paint_cell(painter, colors, cell, self.cell_rect(row_number, column))
        if self.hasFocus() and self.current_cell() is not None:
            ring = self.cell_rect(*self.current).adjusted(-1, -1, 1, 1)
            painter.setPen(QPen(QColor(colors.focus), max(3, self._unit() // 6)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(ring, 6, 6)
        painter.end()

    def _paint_cell(self, painter: QPainter, colors: Colors, cell: HeatCell, rect: QRect) -> None:
        fill, edge = band_colors(colors, cell.band)
        painter.setPen(QPen(edge, 1.5))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(rect), 6, 6)
        if not cell.total:
            painter.setPen(QColor(colors.muted))
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), "–")
            return
        unit = self._unit()
        top = QRect(rect.left(), rect.top() + unit // 3, rect.width(), unit)
        bottom = QRect(rect.left(), rect.bottom() - unit - unit // 3, rect.width(), unit)
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor(colors.text))
        if cell.started:
            headline = self.tr("{mastered} of {total} mastered").format(
                mastered=cell.mastered, total=cell.total
            )
        else:
            headline = self.tr("{n} not started").format(n=cell.total)
        flags = int(Qt.AlignmentFlag.AlignCenter)
        metrics = self.fontMetrics()
        painter.drawText(
            top, flags, metrics.elidedText(headline, Qt.TextElideMode.ElideRight, top.width())
        )
        painter.setFont(self.font())
        if cell.started and cell.due:
            detail = self.tr("{n} to practise").format(n=cell.due)
        elif cell.started:
            detail = self.tr("nothing due")
        else:
            detail = self.tr("click to start")
        painter.setPen(QColor(colors.text))
        painter.drawText(
            bottom, flags, metrics.elidedText(detail, Qt.TextElideMode.ElideRight, bottom.width())
        )

    # ------------------------------------------------------------ interaction

    def _describe(self) -> None:
        cell = self.current_cell()
        self.setAccessibleDescription(self.describe(cell) if cell is not None else "")

    def set_current(self, row: int, column: int) -> None:
        if not self.rows:
            return
        row = max(0, min(row, len(self.rows) - 1))
        column = max(0, min(column, len(Strength) - 1))
        if (row, column) != self.current:
            self.current = (row, column)
            self._describe()
            self.currentChanged.emit(self.current_cell())
            self.update()

    def activate(self) -> None:
        cell = self.current_cell()
        if cell is not None and cell.total:
            self.cellActivated.emit(cell)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row, column = self.current
        key = event.key()
        moves = {
            Qt.Key.Key_Up: (row - 1, column),
            Qt.Key.Key_Down: (row + 1, column),
            Qt.Key.Key_Left: (row, column - 1),
            Qt.Key.Key_Right: (row, column + 1),
            Qt.Key.Key_Home: (row, 0),
            Qt.Key.Key_End: (row, len(Strength) - 1),
            Qt.Key.Key_PageUp: (0, column),
            Qt.Key.Key_PageDown: (len(self.rows) - 1, column),
        }
        if key in moves:
            self.set_current(*moves[Qt.Key(key)])
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activate()
            event.accept()
        else:
            super().keyPressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = self.position_at(event.position())
        cell = self.cell_at(*found) if found else None
        self.setCursor(
            Qt.CursorShape.PointingHandCursor
            if cell is not None and cell.total
            else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.position_at(event.position())
        if found is not None and event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.set_current(*found)
            self.activate()
            event.accept()
            return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.position_at(QPointF(event.pos()))
            cell = self.cell_at(*found) if found else None
            if cell is not None:
                QToolTip.showText(event.globalPos(), self.describe(cell), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


class HistoryChart(QWidget):
    """Finished quizzes as dots in the order taken (0 to 100 %), joined by a line; a dot
    is filled when the quiz was passed and hollow when not, and a short bar marks the
    pass mark. ``currentChanged`` carries the index of the point chosen."""

    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: tuple[HistoryPoint, ...] = ()
        self.titles: tuple[str, ...] = ()
        self.current = -1
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Quiz scores over time"))

    def set_points(self, points: Sequence[HistoryPoint], titles: Sequence[str]) -> None:
        """The points, oldest first, with the title to say for each."""
        self.points = tuple(points)
        self.titles = tuple(titles)
        self.current = len(self.points) - 1
        self._describe()
        self.update()

    def describe(self, index: int) -> str:
        point = self.points[index]
        result = self.tr("passed") if point.passed else self.tr("not passed")
        return self.tr("{title}, {date}: {score}%, {result}").format(
            title=self.titles[index],
            date=local_time(point.finished_at),
            score=int(point.percent + 1e-9),
            result=result,
        )

    def _describe(self) -> None:
        if 0 <= self.current < len(self.points):
            self.setAccessibleDescription(self.describe(self.current))
        else:
            self.setAccessibleDescription(self.tr("No quiz finished yet."))

    def set_current(self, index: int) -> None:
        if not self.points:
            return
        index = max(0, min(index, len(self.points) - 1))
        if index != self.current:
            self.current = index
            self._describe()
            self.currentChanged.emit(index)
            self.update()

    def sizeHint(self) -> QSize:
        unit = self.fontMetrics().height()
        return QSize(unit * 40, unit * 12)

    def minimumSizeHint(self) -> QSize:
        unit = self.fontMetrics().height()
        return QSize(unit * 20, unit * 12)

    def _plot(self) -> QRectF:
        unit = self.fontMetrics().height()
        axis = self.fontMetrics().horizontalAdvance("100%") + unit // 2
        return QRectF(axis, unit * 0.8, self.width() - axis - unit, self.height() - unit * 2.8)

    def centre(self, index: int) -> QPointF:
        plot = self._plot()
        step = plot.width() / max(1, len(self.points))
        point = self.points[index]
        y = plot.bottom() - plot.height() * max(0.0, min(100.0, point.percent)) / 100.0
        return QPointF(plot.left() + step * (index + 0.5), y)

    def index_at(self, position: QPointF) -> int | None:
        if not self.points:
            return None
        radius = self.fontMetrics().height()
        best = min(range(len(self.points)), key=lambda i: abs(self.centre(i).x() - position.x()))
        return best if abs(self.centre(best).x() - position.x()) <= radius * 2 else None

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = current_colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot()
        metrics = self.fontMetrics()
        unit = metrics.height()
        muted = QColor(colors.muted)
        for tick in (0, 25, 50, 75, 100):
            y = plot.bottom() - plot.height() * tick / 100.0
            painter.setPen(QPen(QColor(colors.divider), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            box = QRectF(0, y - unit / 2, plot.left() - unit / 4, unit)
            painter.drawText(
                box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{tick}%"
            )
        if not self.points:
            painter.setPen(muted)
            painter.drawText(
                plot, int(Qt.AlignmentFlag.AlignCenter), self.tr("No quiz finished yet.")
            )
            painter.end()
            return
        centres = [self.centre(i) for i in range(len(self.points))]
        if len(centres) > 1:
            painter.setPen(QPen(QColor(colors.accent), 2))
            painter.drawPolyline(centres)
        radius = max(4.0, unit / 3)
        passed_color = QColor(colors.success)
        failed_color = QColor(colors.danger)
        for index, (point, centre) in enumerate(zip(self.points, centres, strict=True)):
            if point.pass_mark is not None:
                mark_y = plot.bottom() - plot.height() * point.pass_mark / 100.0
                painter.setPen(QPen(QColor(colors.warning), 2))
                painter.drawLine(
                    QPointF(centre.x() - radius * 1.8, mark_y),
                    QPointF(centre.x() + radius * 1.8, mark_y),
                )
            color = passed_color if point.passed else failed_color
            painter.setPen(QPen(color, 2.5))
            painter.setBrush(color if point.passed else QColor(colors.surface))
            painter.drawEllipse(centre, radius, radius)
            if index == self.current and self.hasFocus():
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(QColor(colors.focus), 3))
                painter.drawEllipse(centre, radius + 4, radius + 4)
        every = max(1, len(self.points) // max(1, int(plot.width() // (unit * 6))))
        painter.setPen(muted)
        for index, point in enumerate(self.points):
            if index % every and index != len(self.points) - 1:
                continue
            centre = centres[index]
            box = QRectF(centre.x() - unit * 3, plot.bottom() + unit * 0.4, unit * 6, unit)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), _day(point.finished_at))
        painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Left:
            self.set_current(self.current - 1)
        elif key == Qt.Key.Key_Right:
            self.set_current(self.current + 1)
        elif key == Qt.Key.Key_Home:
            self.set_current(0)
        elif key == Qt.Key.Key_End:
            self.set_current(len(self.points) - 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.index_at(event.position())
        if found is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.set_current(found)
            event.accept()
            return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.index_at(QPointF(event.pos()))
            if found is not None:
                QToolTip.showText(event.globalPos(), self.describe(found), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()
