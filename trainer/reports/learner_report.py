"""One learner's progress report for trainers: a PDF and a CSV file.

Both are made from the learner's :class:`~trainer.core.dashboard.Dashboard` (the same
figures the dashboard shows). The PDF is drawn with the consolidated report's canvas
(:mod:`trainer.reports.pdf`); like that report it is in English, for trainers.

The CSV file has one row per record; the ``record`` column says which kind, and the
other columns mean:

=============  ==============================  ==========================  ==================
column         ``module``                      ``session``                 ``indicator``
=============  ==============================  ==========================  ==================
id, name       the module                      the quiz (or                the indicator
                                               ``self-assessment``)
group          its track                       practice or exam            its dimension
strength                                                                   strong/medium/weak
status         not started, in progress,       finished                    not started,
               completed                                                   learning, mastered
review_due                                                                 yes when mastered
                                                                           and due for review
score_percent  best score of its quizzes       the score                   recent share right
passed         whether that best passed        whether it passed
date                                           when it finished            last answered
count, total   sections read, sections         questions (total)           right answers,
                                                                           answers
=============  ==============================  ==========================  ==================

It is UTF-8 with a byte order mark (so spreadsheets read accents right); dates are ISO
8601 in UTC; percentages are numbers without the sign, to one decimal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPen

from trainer.core.csv_cells import text_cell
from trainer.core.dashboard import Dashboard, HeatCell, HistoryPoint
from trainer.core.model import Library, Strength
from trainer.core.progress.models import to_iso
from trainer.reports.pdf import (
    _ACCENT,
    _BAR,
    _BAR_LOW,
    _GRID,
    _LEFT,
    _MUTED,
    _RIGHT,
    _WIDTH,
    _Canvas,
    _Column,
    _NoneBalance,
    _shade,
    ensure_gui_application,
    format_percent,
)

__all__ = [
    "CSV_COLUMNS",
    "LearnerReportFiles",
    "report_rows",
    "write_learner_csv",
    "write_learner_pdf",
    "write_learner_report",
]

_STATUS = {"not-started": "not started", "in-progress": "in progress", "completed": "completed"}
_STATE = {"not-started": "not started", "learning": "learning", "mastered": "mastered"}


@dataclass(frozen=True)
class _Row:
    learner: str
    profile_id: str
    record: str
    id: str
    name: str
    group: str
    strength: str = ""
    status: str = ""
    review_due: str = ""
    score_percent: float | None = None
    passed: str = ""
    date: datetime | None = None
    count: int | None = None
    total: int | None = None


CSV_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(_Row))


@dataclass(frozen=True)
class LearnerReportFiles:
    pdf: Path
    csv: Path


def _history_title(point: HistoryPoint) -> str:
    if point.is_self_assessment:
        return f"Self-assessment ({point.questions} questions)"
    return point.title or point.quiz_id


def report_rows(board: Dashboard, library: Library, learner: str, profile_id: str) -> list[_Row]:
    """The CSV rows of a learner's report (see the module doc)."""
    rows: list[_Row] = []
    who = (learner, profile_id)
    for track in board.tracks:
        for module in track.modules:
            rows.append(
                _Row(
                    *who,
                    "module",
                    module.module_id,
                    module.title,
                    track.title,
                    status=_STATUS.get(module.status.value, module.status.value),
                    score_percent=module.best_percent,
                    passed=_yes_no(module.best_passed) if module.best_percent is not None else "",
                    count=module.sections_read,
                    total=module.sections_total,
                )
            )
    for point in board.history:
        rows.append(
            _Row(
                *who,
                "session",
                point.quiz_id,
                _history_title(point),
                point.mode,
                status="finished",
                score_percent=point.percent,
                passed=_yes_no(point.passed),
                date=point.finished_at,
                total=point.questions,
            )
        )
    for heat_row in board.heat:
        for cell in heat_row.cells:
            for indicator_id in cell.indicators:
                indicator = library.indicators[indicator_id]
                known = board.mastery.get(indicator_id)
                state = known.state.value if known is not None else "not-started"
                mastered = known is not None and known.state.value == "mastered"
                recent = (
                    100.0 * known.recent_correct / known.recent_total
                    if known is not None and known.recent_total
                    else None
                )
                rows.append(
                    _Row(
                        *who,
                        "indicator",
                        indicator_id,
                        indicator.name,
                        heat_row.name,
                        strength=indicator.strength.value,
                        status=_STATE[state],
                        review_due=_yes_no(mastered and known is not None and known.is_due),
                        score_percent=recent,
                        date=known.last_seen if known is not None else None,
                        count=known.correct_attempts if known is not None else 0,
                        total=known.total_attempts if known is not None else 0,
                    )
                )
    return rows


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{round(value, 1):g}"
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, int):
        return str(value)
    return text_cell(str(value))


def write_learner_csv(
    board: Dashboard, library: Library, learner: str, profile_id: str, path: Path
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in report_rows(board, library, learner, profile_id):
        writer.writerow([_cell(getattr(entry, column)) for column in CSV_COLUMNS])
    Path(path).write_bytes(buffer.getvalue().encode("utf-8-sig"))


# ------------------------------------------------------------------ the PDF


def _history_chart(canvas: _Canvas, points: Sequence[HistoryPoint]) -> None:
    """Each finished session as a dot (score, 0-100 %) in the order taken, joined by a
    line; filled when passed, hollow when not; the pass mark as a short tick."""
    height = 150.0
    label_height = canvas.line_height(7) + 4
    canvas.start_block(height + label_height + 30)
    axis = 26.0
    x0, x1 = _LEFT + axis, _RIGHT - 8
    top, bottom = canvas.y + 6, canvas.y + height

    def y_of(percent: float) -> float:
        return bottom - (bottom - top) * max(0.0, min(100.0, percent)) / 100.0

    for tick in (0, 25, 50, 75, 100):
        canvas.line(x0, y_of(tick), x1, y_of(tick), _GRID, 0.6)
        canvas.text(
            _LEFT,
            y_of(tick) - 5,
            axis - 4,
            f"{tick}%",
            size=7,
            color=_MUTED,
            align=Qt.AlignmentFlag.AlignRight,
        )
    count = len(points)
    step = (x1 - x0) / max(count, 1)
    centres = [QPointF(x0 + step * (n + 0.5), y_of(p.percent)) for n, p in enumerate(points)]
    painter = canvas.painter
    if count > 1:
        painter.setPen(QPen(_ACCENT, 1.0))
        painter.drawPolyline(centres)
        canvas.balance.restore()
    radius = 3.2
    for point, centre in zip(points, centres, strict=True):
        if point.pass_mark is not None:
            mark = y_of(point.pass_mark)
            canvas.line(centre.x() - 5, mark, centre.x() + 5, mark, _BAR_LOW, 1.2)
        painter.setPen(QPen(_BAR, 1.4))
        painter.setBrush(QBrush(_BAR) if point.passed else QBrush(Qt.BrushStyle.NoBrush))
        painter.drawEllipse(centre, radius, radius)
        canvas.balance.restore()
    painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
    every = max(1, count // 6)
    for number, point in enumerate(points):
        if number % every == 0 or number == count - 1:
            centre = centres[number]
            canvas.text(
                centre.x() - 30,
                bottom + 3,
                60,
                point.finished_at.strftime("%Y-%m-%d"),
                size=7,
                color=_MUTED,
                align=Qt.AlignmentFlag.AlignHCenter,
            )
    canvas.y = bottom + label_height + 4
    legend = "Filled dot: passed. Hollow dot: not passed. Red tick: the pass mark."
    canvas.paragraph(legend, size=7.5, color=_MUTED)
    canvas.y += 6


def _summary(canvas: _Canvas, board: Dashboard, learner: str, library: Library) -> None:
    title = f"Progress report: {learner}"
    canvas.text(_LEFT, canvas.y, _WIDTH, title, size=20, bold=True, color=_ACCENT)
    canvas.y += canvas.line_height(20, bold=True) + 4
    generated = board.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    canvas.paragraph(f"Generated {generated}.", size=9.5, color=_MUTED)
    info = library.info
    if info is not None:
        canvas.paragraph(
            f"Content: {info.title} ({info.id}), version {info.version}.", size=9.5, color=_MUTED
        )
    canvas.y += 10
    canvas.tiles(
        [
            (f"{board.modules_completed} of {board.modules_total}", "modules completed"),
            (str(board.quizzes_passed), "quizzes passed"),
            (str(board.self_assessments_passed), "self-assessments passed"),
            (format_percent(board.correct_percent), "answers fully correct"),
            (
                f"{board.indicators_mastered} of {board.indicators_total}",
                "indicators mastered",
            ),
            (str(board.indicators_due), "indicators to practise now"),
        ]
    )


def _modules(canvas: _Canvas, board: Dashboard) -> None:
    canvas.heading("Modules")
    rows = [
        [
            track.title,
            module.title,
            _STATUS.get(module.status.value, module.status.value),
            f"{module.sections_read}/{module.sections_total}",
            format_percent(module.best_percent),
        ]
        for track in board.tracks
        for module in track.modules
    ]
    if not rows:
        canvas.paragraph("The content has no modules.", color=_MUTED)
        return
    canvas.table(
        [
            _Column("Track", 92.0),
            _Column("Module", 0),
            _Column("Status", 70.0),
            _Column("Sections", 50.0, Qt.AlignmentFlag.AlignRight),
            _Column("Best score", 56.0, Qt.AlignmentFlag.AlignRight),
        ],
        rows,
    )


def _history(canvas: _Canvas, board: Dashboard) -> None:
    canvas.heading("Quiz history")
    if not board.history:
        canvas.paragraph("No quiz has been finished yet.", color=_MUTED)
        return
    _history_chart(canvas, board.history)
    canvas.table(
        [
            _Column("Finished", 84.0),
            _Column("Quiz", 0),
            _Column("Mode", 52.0),
            _Column("Score", 44.0, Qt.AlignmentFlag.AlignRight),
            _Column("Pass mark", 50.0, Qt.AlignmentFlag.AlignRight),
            _Column("Result", 62.0),
        ],
        [
            [
                point.finished_at.strftime("%Y-%m-%d %H:%M"),
                _history_title(point),
                point.mode,
                format_percent(point.percent),
                format_percent(None if point.pass_mark is None else float(point.pass_mark)),
                "passed" if point.passed else "not passed",
            ]
            for point in board.history
        ],
    )


def _mastery(canvas: _Canvas, board: Dashboard) -> None:
    canvas.heading("Mastery by dimension and strength")
    if not board.heat:
        canvas.paragraph("The content has no indicator taxonomy.", color=_MUTED)
        return
    strengths = list(Strength)
    values: list[list[float | None]] = []
    rows: list[list[str]] = []
    for heat_row in board.heat:
        cells = [heat_row.cell(s) for s in strengths]
        rows.append([heat_row.name, *(_cell_text(c) for c in cells)])
        values.append([c.mastered_percent if c.started else None for c in cells])

    def shade(row: int, column: int) -> QColor | None:
        return None if column == 0 else _shade(values[row][column - 1])

    canvas.table(
        [_Column("Dimension", 0), *(_Column(s.value.capitalize(), 96.0) for s in strengths)],
        rows,
        shade=shade,
    )
    canvas.paragraph(
        "Each cell: indicators mastered of those in the cell (2/6: two of six), and how many "
        "are due for practice (being learnt, or mastered and due for review). Shading by the share "
        "mastered: below 50 %, 50 to 79 %, 80 % and above; unshaded: not trained yet. "
        "Mastered: at least 3 answers on the indicator and at least 80 % of the last 5 "
        "fully correct.",
        size=7.5,
        color=_MUTED,
    )


def _cell_text(cell: HeatCell) -> str:
    if not cell.total:
        return "–"
    text = f"{cell.mastered}/{cell.total} mastered"
    return f"{cell.mastered}/{cell.total}, {cell.due} due" if cell.due else text


def _weak(canvas: _Canvas, board: Dashboard) -> None:
    canvas.heading("Indicators to practise")
    if not board.weak:
        canvas.paragraph(
            "None: every indicator trained so far is mastered and none is due for review.",
            color=_MUTED,
        )
        return
    canvas.table(
        [
            _Column("Indicator", 0),
            _Column("Dimension", 130.0),
            _Column("Strength", 46.0),
            _Column("State", 70.0),
            _Column("Recent", 44.0, Qt.AlignmentFlag.AlignRight),
        ],
        [
            [
                w.name,
                w.dimension,
                w.strength.value,
                "due for review" if w.state.value == "mastered" else _STATE[w.state.value],
                f"{w.recent_correct} of {w.recent_total}",
            ]
            for w in board.weak
        ],
    )


def write_learner_pdf(board: Dashboard, library: Library, learner: str, path: Path) -> None:
    """Draw the learner's report into the PDF file ``path`` (overwritten).

    Raises :class:`~trainer.reports.pdf.ReportPdfError` when it cannot be written.
    """
    balance = _NoneBalance()
    ensure_gui_application()
    canvas = _Canvas(Path(path), f"Progress report: {learner}", balance)
    try:
        _summary(canvas, board, learner, library)
        _modules(canvas, board)
        _history(canvas, board)
        _mastery(canvas, board)
        _weak(canvas, board)
    finally:
        canvas.finish()


def write_learner_report(
    board: Dashboard, library: Library, learner: str, profile_id: str, pdf_path: Path
) -> LearnerReportFiles:
    """The PDF at ``pdf_path`` and the CSV beside it (same name, ``.csv``)."""
    pdf = Path(pdf_path)
    if pdf.suffix.lower() != ".pdf":
        pdf = pdf.with_name(pdf.name + ".pdf")
    table = pdf.with_suffix(".csv")
    write_learner_pdf(board, library, learner, pdf)
    write_learner_csv(board, library, learner, profile_id, table)
    return LearnerReportFiles(pdf, table)
