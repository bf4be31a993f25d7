"""The PDF summary of a consolidated report, drawn with Qt (``QPdfWriter`` + ``QPainter``).

Everything is drawn here -- text, tables and horizontal bar charts -- with no web view
and no charting library, so the report builds on an offline machine with nothing but
the trainer installed. A ``QGuiApplication`` on the ``offscreen`` platform is created
when the process has none (the command line), so no display is needed.

Coordinates are PostScript points (the writer's resolution is set to 72 dpi) on A4.
"""

from __future__ import annotations

import ctypes
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QApplication

from trainer.core.reporting.tables import Report

__all__ = ["ReportPdfError", "ensure_gui_application", "format_percent", "write_pdf"]

_DPI = 72
_PAGE_W = 595.0
_PAGE_H = 842.0
_LEFT = 48.0
_RIGHT = _PAGE_W - 48.0
_TOP = 52.0
_BOTTOM = _PAGE_H - 56.0
_WIDTH = _RIGHT - _LEFT

_INK = QColor("#1b1f23")
_MUTED = QColor("#57606a")
_ACCENT = QColor("#1f4e79")
_BAR = QColor("#2f6fad")
_BAR_LOW = QColor("#b35c1e")
_MARK = QColor("#c0392b")
_GRID = QColor("#d0d7de")
_HEADER_BG = QColor("#e8eef5")
_ZEBRA = QColor("#f6f8fa")
_TILE_BG = QColor("#f1f5f9")

_LOW_PERCENT = 50.0

_app: QGuiApplication | None = None


class _NoneBalance:
    """Keeps the reference count of ``None`` from falling while we draw.

    PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a
    Qt method that returns nothing (``None`` is immortal only from Python 3.12, so the
    mistake is harmless there). A report makes tens of thousands of such calls, which
    would bring the count to zero and abort the interpreter. :meth:`restore` gives
    back, for good, as many references as were lost since the start (the ones PySide6
    should have taken); where nothing is lost (a fixed PySide6, Python 3.12 or later)
    it does nothing.
    """

    def __init__(self) -> None:
        self.start = sys.getrefcount(None)

    def restore(self) -> None:
        lost = self.start - sys.getrefcount(None)
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))


class ReportPdfError(Exception):
    """The PDF could not be made (no usable Qt application, or the file cannot be written)."""


def ensure_gui_application() -> QGuiApplication:
    """The running ``QGuiApplication``, or a new one on the ``offscreen`` platform.

    The new one is a ``QApplication`` (a ``QGuiApplication`` that also allows widgets),
    so that code running later in the same process can still open windows.
    """
    global _app
    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if existing is not None:
        raise ReportPdfError(
            "a Qt application without graphics is running; the PDF needs a QGuiApplication"
        )
    _app = QApplication(["trainer", "-platform", "offscreen"])
    return _app


def format_percent(value: float | None) -> str:
    """``83%``; an en dash when there is nothing to show."""
    return "–" if value is None else f"{value:.0f}%"


def _date(value: datetime | None) -> str:
    return "–" if value is None else value.strftime("%Y-%m-%d")


def _minute(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class _Column:
    header: str
    width: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


@dataclass(frozen=True)
class _Bar:
    label: str
    value: float | None
    text: str
    #: A pass mark to tick on the bar (0-100), if any.
    marker: float | None = None


class _Canvas:
    """A painter on a PDF writer that keeps the vertical position and breaks pages."""

    def __init__(self, path: Path, title: str, balance: _NoneBalance) -> None:
        self.title = title
        self.balance = balance
        self.writer = QPdfWriter(str(path))
        self.writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        self.writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        self.writer.setResolution(_DPI)
        self.writer.setTitle(title)
        self.writer.setCreator("Officer Trainer")
        self.painter = QPainter()
        if not self.painter.begin(self.writer):
            raise ReportPdfError(f"could not write the PDF {path}")
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.page = 1
        self.y = _TOP
        #: Headings waiting for the block they introduce: (height, draw).
        self.pending: list[tuple[float, Callable[[], None]]] = []

    # -------------------------------------------------------------- basics

    def font(self, size: float, *, bold: bool = False) -> QFont:
        font = QFont(QGuiApplication.font())
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    def metrics(self, font: QFont) -> QFontMetricsF:
        """Font metrics on the PDF itself (the screen's resolution would measure wrong)."""
        return QFontMetricsF(font, self.writer)

    def line_height(self, size: float, *, bold: bool = False) -> float:
        return self.metrics(self.font(size, bold=bold)).height()

    def text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        *,
        size: float = 9.0,
        bold: bool = False,
        color: QColor = _INK,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        elide: bool = True,
    ) -> float:
        """Draw one line of text in a box of ``width`` at the top ``y``; returns its height."""
        font = self.font(size, bold=bold)
        metrics = self.metrics(font)
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width) if elide else text
        height = metrics.height()
        self.painter.setFont(font)
        self.painter.setPen(color)
        self.painter.drawText(
            QRectF(x, y, width, height), int(align | Qt.AlignmentFlag.AlignVCenter), shown
        )
        self.balance.restore()
        return height

    def paragraph(self, text: str, *, size: float = 9.0, color: QColor = _INK) -> None:
        """Word-wrapped text across the page width, breaking pages as needed."""
        font = self.font(size)
        metrics = self.metrics(font)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        bounds = metrics.boundingRect(QRectF(0, 0, _WIDTH, 10_000), flags, text)
        self.start_block(bounds.height())
        self.painter.setFont(font)
        self.painter.setPen(color)
        self.painter.drawText(QRectF(_LEFT, self.y, _WIDTH, bounds.height()), flags, text)
        self.balance.restore()
        self.y += bounds.height() + 4

    def fill(self, rect: QRectF, color: QColor) -> None:
        self.painter.fillRect(rect, color)
        self.balance.restore()

    def line(self, x1: float, y1: float, x2: float, y2: float, color: QColor, width: float) -> None:
        self.painter.setPen(QPen(color, width))
        self.painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))
        self.balance.restore()

    def ensure(self, height: float) -> None:
        if self.y + height > _BOTTOM:
            self.new_page()

    def new_page(self) -> None:
        self._footer()
        self.writer.newPage()
        self.page += 1
        self.y = _TOP

    def finish(self) -> None:
        self._footer()
        self.painter.end()
        self.balance.restore()

    def _footer(self) -> None:
        y = _PAGE_H - 36
        self.line(_LEFT, y - 4, _RIGHT, y - 4, _GRID, 0.6)
        self.text(_LEFT, y, _WIDTH * 0.75, self.title, size=7.5, color=_MUTED)
        self.text(
            _LEFT,
            y,
            _WIDTH,
            f"Page {self.page}",
            size=7.5,
            color=_MUTED,
            align=Qt.AlignmentFlag.AlignRight,
        )

    # -------------------------------------------------------------- blocks

    def heading(self, text: str) -> None:
        """A section heading, drawn with the block that follows it (never left alone at
        the foot of a page)."""
        height = self.line_height(13, bold=True)

        def draw() -> None:
            self.y += 8
            self.text(_LEFT, self.y, _WIDTH, text, size=13, bold=True, color=_ACCENT)
            self.y += height + 2
            self.line(_LEFT, self.y, _RIGHT, self.y, _ACCENT, 0.8)
            self.y += 8

        self.pending.append((height + 18, draw))

    def subheading(self, text: str) -> None:
        """A block title, drawn with the block that follows it."""
        height = self.line_height(10, bold=True)

        def draw() -> None:
            self.text(_LEFT, self.y, _WIDTH, text, size=10, bold=True)
            self.y += height + 4

        self.pending.append((height + 4, draw))

    def start_block(self, height: float, least: float | None = None) -> None:
        """Make room for a block of ``height`` (with the headings waiting for it) and
        draw those headings. A block taller than half a page only needs ``least`` to
        start on this page, and is split."""
        extra = sum(h for h, _ in self.pending)
        total = height + extra
        self.ensure(total if total <= (_BOTTOM - _TOP) / 2 or least is None else least + extra)
        for _, draw in self.pending:
            draw()
        self.pending.clear()

    def tiles(self, figures: Sequence[tuple[str, str]], per_row: int = 3) -> None:
        gap = 10.0
        width = (_WIDTH - gap * (per_row - 1)) / per_row
        height = 46.0
        self.start_block((height + gap) * ((len(figures) + per_row - 1) // per_row))
        for start in range(0, len(figures), per_row):
            self.ensure(height + gap)
            for column, (value, label) in enumerate(figures[start : start + per_row]):
                x = _LEFT + column * (width + gap)
                self.fill(QRectF(x, self.y, width, height), _TILE_BG)
                self.text(x + 10, self.y + 6, width - 20, value, size=17, bold=True, color=_ACCENT)
                self.text(x + 10, self.y + 29, width - 20, label, size=8, color=_MUTED)
            self.y += height + gap

    def table(
        self,
        columns: Sequence[_Column],
        rows: Sequence[Sequence[str]],
        *,
        shade: Callable[[int, int], QColor | None] | None = None,
    ) -> None:
        """A table across the page width; the header (wrapped onto two lines when needed)
        is repeated on every page. Columns of width 0 share the width left over.
        ``shade(row, column)`` may give a cell's background."""
        size = 8.0
        row_height = self.line_height(size) + 5
        header_font = self.font(size, bold=True)
        metrics = self.metrics(header_font)
        # A fixed column is at least as wide as the longest word of its header.
        fixed_widths = [
            max(c.width, max(metrics.horizontalAdvance(w) for w in c.header.split()) + 10)
            if c.width
            else 0.0
            for c in columns
        ]
        flexible = sum(1 for c in columns if c.width == 0) or 1
        rest = max(_WIDTH - sum(fixed_widths), 60.0) / flexible
        widths = [w or rest for w in fixed_widths]
        scale = min(1.0, _WIDTH / sum(widths))
        widths = [w * scale for w in widths]
        wrap = int(Qt.TextFlag.TextWordWrap)
        header_height = 5 + max(
            metrics.boundingRect(QRectF(0, 0, w - 8, 1000), wrap, c.header).height()
            for c, w in zip(columns, widths, strict=True)
        )

        def header() -> None:
            self.fill(QRectF(_LEFT, self.y, _WIDTH, header_height), _HEADER_BG)
            self.painter.setFont(header_font)
            self.painter.setPen(_INK)
            x = _LEFT
            for column, width in zip(columns, widths, strict=True):
                flags = int(column.align | Qt.AlignmentFlag.AlignBottom) | wrap
                box = QRectF(x + 4, self.y + 2.5, width - 8, header_height - 5)
                self.painter.drawText(box, flags, column.header)
                x += width
            self.y += header_height

        self.start_block(header_height + row_height * len(rows), header_height + row_height * 3)
        header()
        for number, row in enumerate(rows):
            if self.y + row_height > _BOTTOM:
                self.new_page()
                header()
            if number % 2 == 1:
                self.fill(QRectF(_LEFT, self.y, _WIDTH, row_height), _ZEBRA)
            x = _LEFT
            for index, (column, width, cell) in enumerate(zip(columns, widths, row, strict=True)):
                background = shade(number, index) if shade is not None else None
                if background is not None:
                    self.fill(QRectF(x + 1, self.y + 1, width - 2, row_height - 2), background)
                self.text(x + 4, self.y + 2.5, width - 8, cell, size=size, align=column.align)
                x += width
            self.y += row_height
        self.y += 10

    def key(self, entries: Sequence[tuple[str, str]]) -> None:
        """A small two-column list of ``code  name`` lines under a matrix."""
        size = 7.5
        height = self.line_height(size) + 1
        half = (len(entries) + 1) // 2
        column_width = _WIDTH / 2
        for line in range(half):
            self.ensure(height)
            for column, index in enumerate((line, line + half)):
                if index >= len(entries):
                    continue
                code, name = entries[index]
                x = _LEFT + column * column_width
                self.text(x, self.y, 22, code, size=size, bold=True, color=_MUTED)
                self.text(x + 24, self.y, column_width - 30, name, size=size, color=_MUTED)
            self.y += height
        self.y += 8

    def bar_chart(self, title: str, bars: Sequence[_Bar], *, flag_low: bool = False) -> None:
        """Horizontal bars on a 0-100 % scale, one row per item, split across pages.

        ``flag_low`` draws bars below 50 % in a second colour; a red tick marks each
        bar's ``marker`` (a pass mark). The legend says what both mean when used."""
        size = 8.0
        row_height = 15.0
        label_width = 190.0
        value_width = 86.0
        x0 = _LEFT + label_width + 6
        x1 = _RIGHT - value_width
        scale = (x1 - x0) / 100.0
        axis_height = self.line_height(7) + 6
        legend: list[tuple[QColor, str, bool]] = []
        if flag_low and any(b.value is not None and b.value < _LOW_PERCENT for b in bars):
            legend.append((_BAR_LOW, "below 50 %", False))
        if any(b.marker is not None for b in bars):
            legend.append((_MARK, "pass mark", True))
        legend_height = self.line_height(7.5) + 4 if legend else 0.0
        title_height = self.line_height(10, bold=True) + 4
        remaining = list(bars)
        first = True
        while remaining:
            frame = title_height + axis_height + legend_height
            if first:
                self.start_block(frame + row_height * len(remaining), frame + row_height * 3)
            else:
                self.ensure(frame + row_height * 3)
            fit = max(int((_BOTTOM - self.y - frame) // row_height), 1)
            chunk, remaining = remaining[:fit], remaining[fit:]
            shown = title if first else f"{title} (continued)"
            self.text(_LEFT, self.y, _WIDTH, shown, size=10, bold=True)
            self.y += title_height
            top = self.y
            bottom = top + row_height * len(chunk)
            for tick in (0, 25, 50, 75, 100):
                self.line(x0 + tick * scale, top, x0 + tick * scale, bottom, _GRID, 0.6)
            for bar in chunk:
                self.text(_LEFT, self.y + 1.5, label_width, bar.label, size=size)
                end = x0
                if bar.value is not None:
                    end = x0 + max(0.0, min(100.0, bar.value)) * scale
                    low = flag_low and bar.value < _LOW_PERCENT
                    if end > x0:
                        box = QRectF(x0, self.y + 3, end - x0, row_height - 6)
                        self.fill(box, _BAR_LOW if low else _BAR)
                start = end
                if bar.marker is not None:
                    mx = x0 + max(0.0, min(100.0, bar.marker)) * scale
                    self.line(mx, self.y + 1, mx, self.y + row_height - 1, _MARK, 1.4)
                    # The value follows the bar, or the pass mark when the bar ends near it.
                    if mx + 2 > end and mx - end < 24:
                        start = mx + 1
                color = _INK if bar.value is not None else _MUTED
                self.text(
                    start + 4, self.y + 1.5, _RIGHT - start - 4, bar.text, size=size, color=color
                )
                self.y += row_height
            for tick in (0, 25, 50, 75, 100):
                x = x0 + tick * scale
                centre = Qt.AlignmentFlag.AlignHCenter
                self.text(x - 15, self.y + 2, 30, f"{tick}%", size=7, color=_MUTED, align=centre)
            self.y += axis_height
            x = x0
            for color, label, is_line in legend:
                middle = self.y + legend_height / 2
                if is_line:
                    self.line(x + 4, middle - 4, x + 4, middle + 4, color, 1.4)
                else:
                    self.fill(QRectF(x, middle - 4, 9, 8), color)
                width = self.metrics(self.font(7.5)).horizontalAdvance(label) + 4
                self.text(x + 13, self.y, width, label, size=7.5, color=_MUTED)
                x += 13 + width + 14
            self.y += legend_height + 8
            first = False


# ------------------------------------------------------------------ the report


_RIGHT_ALIGN = Qt.AlignmentFlag.AlignRight
_CENTRE = Qt.AlignmentFlag.AlignHCenter
_SHADE_LOW = QColor("#f8dcc8")
_SHADE_MID = QColor("#fbefc5")
_SHADE_HIGH = QColor("#d6ebd3")
_MATRIX_COLUMNS = 10


def _shade(percent: float | None) -> QColor | None:
    if percent is None:
        return None
    if percent < _LOW_PERCENT:
        return _SHADE_LOW
    return _SHADE_HIGH if percent >= _GOOD_PERCENT else _SHADE_MID


_GOOD_PERCENT = 80.0


def _cell_shade(
    values: Sequence[Sequence[tuple[str, float | None]]],
) -> Callable[[int, int], QColor | None]:
    """Shades matrix cells by their percentage (the first column, the learner, is plain)."""

    def shade(row: int, column: int) -> QColor | None:
        return None if column == 0 else _shade(values[row][column - 1][1])

    return shade


def _number_columns(*headers: str, width: float = 50.0) -> list[_Column]:
    return [_Column(h, width, _RIGHT_ALIGN) for h in headers]


def _matrix(
    canvas: _Canvas,
    title: str,
    prefix: str,
    learners: Sequence[tuple[str, str]],
    items: Sequence[tuple[str, str]],
    cell: Callable[[str, str], tuple[str, float | None]],
) -> None:
    """A learner-by-item table (items coded ``prefix1``, ``prefix2``... with a key),
    cells shaded by their percentage; more than ten items are split into several."""
    if not learners or not items:
        return
    canvas.subheading(title)
    for start in range(0, len(items), _MATRIX_COLUMNS):
        part = list(enumerate(items))[start : start + _MATRIX_COLUMNS]
        columns = [_Column("Learner", 0)] + [
            _Column(f"{prefix}{n + 1}", 34.0, _CENTRE) for n, _ in part
        ]
        values = [[cell(pid, item_id) for _, (item_id, _) in part] for pid, _ in learners]
        rows = [
            [name, *(text for text, _ in row)]
            for (_, name), row in zip(learners, values, strict=True)
        ]
        canvas.table(
            columns,
            rows,
            shade=_cell_shade(values),
        )
    canvas.key([(f"{prefix}{n + 1}", name) for n, (_, name) in enumerate(items)])


def _shading_note(canvas: _Canvas) -> None:
    canvas.paragraph("Shading: below 50 %, 50 to 79 %, 80 % and above.", size=7.5, color=_MUTED)


def _overview(canvas: _Canvas, report: Report) -> None:
    canvas.text(_LEFT, canvas.y, _WIDTH, report.title, size=20, bold=True, color=_ACCENT)
    canvas.y += canvas.line_height(20, bold=True) + 4
    bundles = len(report.bundles)
    canvas.paragraph(
        f"Generated {_minute(report.generated_at)} from {bundles} "
        f"bundle{'s' if bundles != 1 else ''} of results.",
        size=9.5,
        color=_MUTED,
    )
    if report.content_title:
        content = f"Content: {report.content_title}, version {report.content_version}."
    else:
        content = "No content library was loaded: modules, quizzes and dimensions are shown by id."
    canvas.paragraph(content, size=9.5, color=_MUTED)
    canvas.y += 10
    sessions = sum(row.sessions_finished for row in report.learners)
    canvas.tiles(
        [
            (str(len(report.learners)), "learners"),
            (str(report.device_count), "devices"),
            (str(len(report.bundles)), "bundles"),
            (str(report.answer_count), "distinct answers"),
            (format_percent(report.correct_percent), "answers fully correct"),
            (str(sessions), "quiz sessions finished"),
        ]
    )


def _learners(canvas: _Canvas, report: Report) -> None:
    canvas.heading("Learners")
    if not report.learners:
        canvas.paragraph("The bundles hold no learners.", color=_MUTED)
        return
    labels = _learner_labels(report)
    canvas.bar_chart(
        "Answers fully correct, per learner",
        [
            _Bar(
                labels[row.profile_id],
                row.correct_percent,
                f"{format_percent(row.correct_percent)} ({row.correct} of {row.answers})"
                if row.answers
                else "no answers yet",
            )
            for row in report.learners
        ],
        flag_low=True,
    )
    canvas.table(
        [
            _Column("Learner", 0),
            *_number_columns("Answers", "Correct", "Quizzes passed", "Modules done", "Mastered"),
            _Column("Devices", 42.0, _RIGHT_ALIGN),
            _Column("Last activity", 64.0),
        ],
        [
            [
                labels[row.profile_id],
                str(row.answers),
                format_percent(row.correct_percent),
                str(row.quizzes_passed),
                str(row.modules_completed),
                str(row.indicators_mastered),
                str(row.devices),
                _date(row.last_activity),
            ]
            for row in report.learners
        ],
    )


def _learner_list(report: Report) -> list[tuple[str, str]]:
    labels = _learner_labels(report)
    return [(row.profile_id, labels[row.profile_id]) for row in report.learners]


def _learner_labels(report: Report) -> dict[str, str]:
    """Learners by name; two learners of the same name get the start of their id."""
    counts = Counter(row.learner.casefold() for row in report.learners)
    return {
        row.profile_id: row.learner
        if counts[row.learner.casefold()] == 1
        else f"{row.learner} ({row.profile_id[:6]})"
        for row in report.learners
    }


def _quizzes(canvas: _Canvas, report: Report) -> None:
    canvas.heading("Quizzes")
    taken = [row for row in report.quizzes if row.learners_attempted]
    if not taken:
        canvas.paragraph("No quiz has been taken yet.", color=_MUTED)
        return
    canvas.bar_chart(
        "Average best score per quiz (learners who finished it)",
        [
            _Bar(
                row.quiz,
                row.average_best_percent,
                format_percent(row.average_best_percent)
                if row.average_best_percent is not None
                else "not finished yet",
                float(row.pass_mark) if row.pass_mark is not None else None,
            )
            for row in taken
        ],
        flag_low=True,
    )
    canvas.table(
        [
            _Column("Quiz", 0),
            *_number_columns(
                "Learners", "Passed", "Sessions", "Average best", "Pass mark", "Correct"
            ),
        ],
        [
            [
                row.quiz,
                str(row.learners_attempted),
                str(row.learners_passed),
                str(row.sessions_finished),
                format_percent(row.average_best_percent),
                format_percent(None if row.pass_mark is None else float(row.pass_mark)),
                format_percent(row.correct_percent),
            ]
            for row in taken
        ],
    )
    best = {(r.profile_id, r.quiz_id): r for r in report.learner_quizzes}

    def cell(profile_id: str, quiz_id: str) -> tuple[str, float | None]:
        row = best.get((profile_id, quiz_id))
        if row is None:
            return "", None
        if row.best_percent is None:
            return "open", None
        return format_percent(row.best_percent), row.best_percent

    _matrix(
        canvas,
        "Best score by learner and quiz",
        "Q",
        _learner_list(report),
        [(row.quiz_id, row.quiz) for row in taken],
        cell,
    )
    _shading_note(canvas)


def _modules(canvas: _Canvas, report: Report) -> None:
    canvas.heading("Modules")
    if not report.modules:
        canvas.paragraph("No module is known and no reading was recorded.", color=_MUTED)
        return
    learners = len(report.learners)
    canvas.bar_chart(
        "Learners who completed each module",
        [
            _Bar(
                row.module,
                row.completed_percent,
                f"{format_percent(row.completed_percent)} ({row.learners_completed} of {learners})",
            )
            for row in report.modules
        ],
    )
    reading = {(r.profile_id, r.module_id): r for r in report.learner_modules}

    def cell(profile_id: str, module_id: str) -> tuple[str, float | None]:
        row = reading.get((profile_id, module_id))
        if row is None or (not row.completed and not row.sections_read):
            return "", None
        if row.completed:
            return "done", 100.0
        total = "?" if row.sections_total is None else str(row.sections_total)
        return f"{row.sections_read}/{total}", row.read_percent

    _matrix(
        canvas,
        "Reading by learner and module (sections read, or done)",
        "M",
        _learner_list(report),
        [(row.module_id, row.module) for row in report.modules],
        cell,
    )
    _shading_note(canvas)


def _dimensions(canvas: _Canvas, report: Report) -> None:
    canvas.heading("Indicator dimensions")
    answered = [row for row in report.dimensions if row.answers]
    if not answered:
        canvas.paragraph("No answer has trained an indicator yet.", color=_MUTED)
        return
    canvas.bar_chart(
        "Answers fully correct, per indicator dimension",
        [
            _Bar(
                row.dimension,
                row.correct_percent,
                f"{format_percent(row.correct_percent)} ({row.correct} of {row.answers})",
            )
            for row in answered
        ],
        flag_low=True,
    )
    canvas.table(
        [
            _Column("Dimension", 0),
            *_number_columns("Learners", "Answers", "Correct", "Mastered"),
        ],
        [
            [
                row.dimension,
                str(row.learners),
                str(row.answers),
                format_percent(row.correct_percent),
                str(row.mastered),
            ]
            for row in answered
        ],
    )
    by_learner = {(r.profile_id, r.dimension_id): r for r in report.learner_dimensions}

    def cell(profile_id: str, dimension_id: str) -> tuple[str, float | None]:
        row = by_learner.get((profile_id, dimension_id))
        if row is None:
            return "", None
        return format_percent(row.correct_percent), row.correct_percent

    _matrix(
        canvas,
        "Answers fully correct by learner and dimension",
        "D",
        _learner_list(report),
        [(row.dimension_id, row.dimension) for row in answered],
        cell,
    )
    _shading_note(canvas)
    canvas.paragraph(
        "An answer counts once for each dimension of the indicators it trains. "
        "Indicators mastered: learner and indicator pairs where the learner answered at "
        "least 3 questions on the indicator and at least 80 % of the last 5 fully correctly.",
        size=7.5,
        color=_MUTED,
    )


def _bundles(canvas: _Canvas, report: Report) -> None:
    canvas.heading("Bundles read")
    canvas.table(
        [
            _Column("File", 0),
            _Column("Device", 50.0),
            _Column("Exported", 56.0),
            *_number_columns("Learners", "Answers", "New", width=44.0),
            _Column("Signed by key", 80.0),
            _Column("Trusted", 38.0),
        ],
        [
            [
                row.file + (" (again)" if row.repeated else ""),
                row.device_id[:8],
                _date(row.exported_at),
                str(row.learners),
                str(row.answers),
                str(row.new_answers),
                row.signed_by[:14] if row.signed_by else "not signed",
                ("yes" if row.trusted_key else "no") if row.signed_by else "",
            ]
            for row in report.bundles
        ],
    )
    canvas.paragraph(
        "New: answers that no bundle listed before it held. An answer exported twice, or "
        "from two machines, is counted once. Device: the first digits of the random id "
        "each computer keeps in its data folder. Signed by key: the start of the key's "
        "fingerprint (bundles.csv has all of it). Trusted: signed by a key given to the "
        "report with --trusted-key.",
        size=7.5,
        color=_MUTED,
    )


def _notes(canvas: _Canvas, report: Report) -> None:
    if not report.notes:
        return
    canvas.heading("Notes")
    for note in report.notes:
        canvas.paragraph(f"• {note}", size=8.5)


_SECTIONS: tuple[Callable[[_Canvas, Report], None], ...] = (
    _overview,
    _learners,
    _quizzes,
    _modules,
    _dimensions,
    _bundles,
    _notes,
)


def write_pdf(report: Report, path: Path) -> None:
    """Draw the report's summary into the PDF file ``path`` (overwritten)."""
    balance = _NoneBalance()
    ensure_gui_application()
    canvas = _Canvas(path, report.title, balance)
    try:
        for section in _SECTIONS:
            section(canvas, report)
    finally:
        canvas.finish()
