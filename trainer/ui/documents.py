"""Saving a certificate or a learner's progress report from the app: the file dialog,
the files, and a message when something goes wrong.

The quiz results page and the dashboard both use :class:`DocumentSaver`. The file
dialog goes through :func:`ask_save_path`, which tests replace.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from trainer.core.dashboard import load_dashboard
from trainer.core.model import Library
from trainer.core.progress import ProgressError, ProgressStore, QuizSession
from trainer.reports.certificate import (
    CertificateError,
    CertificateText,
    certificate_for_session,
    write_certificate,
)
from trainer.reports.learner_report import LearnerReportFiles, write_learner_report
from trainer.reports.pdf import ReportPdfError

__all__ = ["DocumentSaver", "ask_save_path", "file_slug"]


def ask_save_path(parent: QWidget | None, caption: str, suggested: str, filters: str) -> str:
    """The path the learner chose in a save dialog, or ``""`` when they cancelled."""
    path, _filter = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    return path


def file_slug(*parts: str) -> str:
    """``Ana Lima``, ``Reading: indicators`` → ``ana-lima-reading-indicators`` (for a
    suggested file name: ASCII letters, digits and hyphens)."""
    text = unicodedata.normalize("NFKD", " ".join(parts))
    plain = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug[:80].rstrip("-") or "document"


def _documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


class DocumentSaver(QObject):
    """Saves certificates and reports for the learner ``profile_id``."""

    def __init__(
        self, library: Library, store: ProgressStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.store = store
        self._window = parent

    def certificate_text(self) -> CertificateText:
        return CertificateText(
            heading=self.tr("Certificate of achievement"),
            certifies=self.tr("This certifies that"),
            passed=self.tr("passed"),
            score=self.tr("with a score of {score}% (pass mark {mark}%)"),
            mode=self.tr("{mode}, {count} questions"),
            practice=self.tr("In practice mode"),
            exam=self.tr("As an exam"),
            date=self.tr("on {date}"),
            content=self.tr("Content: {title} ({id}), version {version}"),
            reference=self.tr("Session {session} · Officer Trainer {app}"),
        )

    def _learner(self, profile_id: str) -> str:
        return self.store.get_profile(profile_id).display_name

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()

    def find_session(self, profile_id: str, session_id: str) -> QuizSession | None:
        try:
            sessions = self.store.sessions(profile_id)
        except ProgressError:
            return None
        return next((s for s in sessions if s.session_id == session_id), None)

    def save_certificate(
        self, profile_id: str, session_id: str, title: str | None = None
    ) -> Path | None:
        """Ask where to save the certificate of a passed session and write it; ``None``
        when the learner cancelled or it could not be written (they were told why)."""
        caption = self.tr("Save certificate")
        session = self.find_session(profile_id, session_id)
        try:
            if session is None:
                raise CertificateError("session not found")
            data = certificate_for_session(
                self.library, self._learner(profile_id), session, title=title
            )
        except (CertificateError, ProgressError):
            self._warn(
                caption,
                self.tr("Only a quiz you have passed and whose result is saved has a certificate."),
            )
            return None
        name = file_slug(
            self.tr("certificate"), data.learner, data.title, data.passed_at.strftime("%Y-%m-%d")
        )
        chosen = ask_save_path(
            self._window,
            caption,
            str(_documents_folder() / f"{name}.pdf"),
            self.tr("PDF documents (*.pdf)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_certificate(data, path, self.certificate_text())
        except (ReportPdfError, OSError) as exc:
            self._warn(
                caption,
                self.tr("The certificate could not be saved in {path}: {reason}").format(
                    path=path, reason=exc
                ),
            )
            return None
        return path

    def export_report(
        self, profile_id: str, now: datetime | None = None
    ) -> LearnerReportFiles | None:
        """Ask where to save the learner's progress report and write the PDF and the CSV
        beside it; ``None`` when cancelled or it failed (the learner was told why)."""
        caption = self.tr("Export progress report")
        try:
            learner = self._learner(profile_id)
            board = load_dashboard(self.library, self.store, profile_id, now)
        except ProgressError as exc:
            self._warn(
                caption, self.tr("The progress could not be read: {reason}").format(reason=exc)
            )
            return None
        name = file_slug(self.tr("progress"), learner, board.generated_at.strftime("%Y-%m-%d"))
        chosen = ask_save_path(
            self._window,
            caption,
            str(_documents_folder() / f"{name}.pdf"),
            self.tr("PDF documents (*.pdf)"),
        )
        if not chosen:
            return None
        try:
            return write_learner_report(board, self.library, learner, profile_id, Path(chosen))
        except (ReportPdfError, OSError) as exc:
            self._warn(
                caption,
                self.tr("The report could not be saved in {path}: {reason}").format(
                    path=chosen, reason=exc
                ),
            )
            return None
