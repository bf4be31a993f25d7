"""A certificate for a passed quiz or self-assessment, as a one-page PDF.

It names the learner, what was passed, the score and pass mark, the date, and the
content pack (its id and version, from the ``library.yaml`` of the folder the quiz came
with; for a self-assessment mixing packs, the library's main one) the questions came
from, with
the session id so a trainer can find the session in the learner's exported history.

Drawn with the report's PDF canvas (:mod:`trainer.reports.pdf`: ``QPdfWriter`` and
``QPainter``, no display needed). The words come from :class:`CertificateText`, whose
defaults are English; the app passes its translations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPen

from trainer import __version__
from trainer.core.model import Library, LibraryInfo
from trainer.core.progress.models import QuizSession
from trainer.core.self_assessment import (
    DEFAULT_PASS_MARK,
    SELF_ASSESSMENT_ID,
    split_question_id,
)
from trainer.reports.pdf import (
    _ACCENT,
    _BOTTOM,
    _GRID,
    _INK,
    _LEFT,
    _MUTED,
    _PAGE_H,
    _RIGHT,
    _TOP,
    _WIDTH,
    _Canvas,
    _NoneBalance,
    ensure_gui_application,
)

__all__ = [
    "CertificateData",
    "CertificateError",
    "CertificateText",
    "certificate_for_session",
    "write_certificate",
]


class CertificateError(ValueError):
    """The session cannot have a certificate (not finished, or not passed)."""


@dataclass(frozen=True)
class CertificateText:
    """The certificate's words; ``{name}`` and the like are filled in."""

    heading: str = "Certificate of achievement"
    certifies: str = "This certifies that"
    passed: str = "passed"
    score: str = "with a score of {score}% (pass mark {mark}%)"
    mode: str = "{mode}, {count} questions"
    practice: str = "In practice mode"
    exam: str = "As an exam"
    date: str = "on {date}"
    content: str = "Content: {title} ({id}), version {version}"
    reference: str = "Session {session} · Officer Trainer {app}"


@dataclass(frozen=True)
class CertificateData:
    learner: str
    title: str
    percent: float
    pass_mark: int
    mode: str
    questions: int
    passed_at: datetime
    session_id: str
    pack_id: str
    pack_title: str
    pack_version: str


def certificate_for_session(
    library: Library, learner: str, session: QuizSession, *, title: str | None = None
) -> CertificateData:
    """The certificate of a passed session. ``title`` names a self-assessment (its quiz is
    not in the library); a quiz's own title is used otherwise.

    Raises :class:`CertificateError` when the session is not finished or not passed.
    """
    if session.finished_at is None or not session.max_score or session.score is None:
        raise CertificateError("the quiz is not finished yet")
    if not session.passed:
        raise CertificateError("only a passed quiz has a certificate")
    quiz = library.quizzes.get(session.quiz_id)
    if session.quiz_id == SELF_ASSESSMENT_ID:
        pass_mark = DEFAULT_PASS_MARK
    else:
        pass_mark = quiz.pass_mark if quiz is not None else DEFAULT_PASS_MARK
    info = _pack_of(library, session)
    return CertificateData(
        learner=learner,
        title=title or (quiz.title if quiz is not None else session.quiz_id),
        percent=100.0 * session.score / session.max_score,
        pass_mark=pass_mark,
        mode=session.mode,
        questions=len(session.question_ids),
        passed_at=session.finished_at,
        session_id=session.session_id,
        pack_id=info.id if info else "",
        pack_title=info.title if info else "",
        pack_version=info.version if info else "",
    )


def _pack_of(library: Library, session: QuizSession) -> LibraryInfo | None:
    """The content pack the session's questions came with: the quiz's own pack, or for a
    self-assessment the one pack all its questions share; else the library's main file."""
    if session.quiz_id == SELF_ASSESSMENT_ID:
        parts = (split_question_id(q) for q in session.question_ids)
        quiz_ids = {p[0] for p in parts if p is not None}
    else:
        quiz_ids = {session.quiz_id}
    origins = {library.origin_of("quiz", q) for q in quiz_ids}
    found = [o for o in origins if o is not None]
    if len(found) == 1 and None not in origins:
        return found[0]
    return library.info


class _CertificateCanvas(_Canvas):
    """The report canvas with a reference line in place of the page footer."""

    def __init__(self, path: Path, title: str, balance: _NoneBalance, footer: str) -> None:
        self.footer_text = footer
        super().__init__(path, title, balance)

    def _footer(self) -> None:
        y = _PAGE_H - 88
        self.text(
            _LEFT,
            y,
            _WIDTH,
            self.footer_text,
            size=7.5,
            color=_MUTED,
            align=Qt.AlignmentFlag.AlignHCenter,
        )


def _centred(
    canvas: _Canvas, text: str, size: float, *, bold: bool = False, gap: float = 8
) -> None:
    """A centred paragraph (wrapped, never cut short) across the framed width."""
    font = canvas.font(size, bold=bold)
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
    box = QRectF(_LEFT + 30, canvas.y, _WIDTH - 60, 10_000)
    height = canvas.metrics(font).boundingRect(box, flags, text).height()
    canvas.painter.setFont(font)
    canvas.painter.setPen(_ACCENT if bold else _INK)
    canvas.painter.drawText(QRectF(box.x(), box.y(), box.width(), height), flags, text)
    canvas.balance.restore()
    canvas.y += height + gap


def write_certificate(
    data: CertificateData, path: Path, text: CertificateText | None = None
) -> None:
    """Draw the certificate into the PDF file ``path`` (overwritten).

    Raises :class:`~trainer.reports.pdf.ReportPdfError` when the file cannot be written.
    """
    words = text or CertificateText()
    balance = _NoneBalance()
    ensure_gui_application()
    footer = words.reference.format(session=data.session_id, app=__version__)
    canvas = _CertificateCanvas(Path(path), f"{words.heading}: {data.learner}", balance, footer)
    try:
        painter = canvas.painter
        frame = QRectF(_LEFT - 18, _TOP - 22, _WIDTH + 36, _BOTTOM - _TOP + 20)
        painter.setPen(QPen(_ACCENT, 2.4))
        painter.drawRect(frame)
        balance.restore()
        painter.setPen(QPen(_GRID, 0.8))
        painter.drawRect(frame.adjusted(6, 6, -6, -6))
        balance.restore()

        canvas.y = _TOP + 90
        _centred(canvas, "Officer Trainer", 11, gap=30)
        _centred(canvas, words.heading, 26, bold=True, gap=60)
        _centred(canvas, words.certifies, 13, gap=16)
        _centred(canvas, data.learner, 24, bold=True, gap=16)
        _centred(canvas, words.passed, 13, gap=16)
        _centred(canvas, data.title, 17, bold=True, gap=30)
        score = math.floor(data.percent + 1e-9)
        _centred(canvas, words.score.format(score=score, mark=data.pass_mark), 13)
        mode = words.exam if data.mode == "exam" else words.practice
        _centred(canvas, words.mode.format(mode=mode, count=data.questions), 11)
        _centred(canvas, words.date.format(date=data.passed_at.strftime("%Y-%m-%d")), 13, gap=70)
        canvas.line(_LEFT + 120, canvas.y, _RIGHT - 120, canvas.y, _GRID, 0.8)
        canvas.y += 14
        if data.pack_id:
            content = words.content.format(
                title=data.pack_title, id=data.pack_id, version=data.pack_version
            )
            _centred(canvas, content, 10)
    finally:
        canvas.finish()
