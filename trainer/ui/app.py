"""Starting the learner app: ``trainer`` with no command, or ``python main.py``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from trainer.core.loader import load_library
from trainer.core.packs import installed_content_dirs, recover_packs
from trainer.core.paths import (
    APP_NAME,
    CONTENT_DIR_ENV,
    default_data_dir,
    shipped_content_dir,
)
from trainer.core.progress import ProgressError, ProgressStore, StoreLockedError
from trainer.ui.errors import install_exception_hook
from trainer.ui.main_window import MainWindow
from trainer.ui.settings import AppSettings
from trainer.ui.theme import apply_theme

__all__ = ["I18N_DIR", "content_roots", "resolve_data_dir", "run_app"]

I18N_DIR = Path(__file__).resolve().parent / "i18n"
ORGANISATION = "Officer Trainer"
DISPLAY_NAME = "Officer Trainer"
FALLBACK_LANGUAGE = "en"


def resolve_data_dir(args: argparse.Namespace) -> Path:
    """``--data-dir``, else ``$TRAINER_DATA_DIR``, else the per-user data folder."""
    given = getattr(args, "data_dir", None)
    if given:
        return Path(given).expanduser()
    return default_data_dir()


def content_roots(args: argparse.Namespace, data_dir: Path) -> list[Path]:
    """``--content``, else ``$TRAINER_CONTENT_DIR``, else the shipped curriculum followed by
    every installed pack (``<data dir>/packs/*/current/``)."""
    given = getattr(args, "content", None)
    if given:
        return [Path(given).expanduser()]
    override = os.environ.get(CONTENT_DIR_ENV, "").strip()
    if override:
        return [Path(override).expanduser()]
    # An install or rollback interrupted by a crash is completed or undone before loading.
    recover_packs(data_dir)
    return [shipped_content_dir(), *installed_content_dirs(data_dir)]


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(DISPLAY_NAME)
    return app


def install_translators(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """The app's translation for the system language (English when there is none for it,
    which also gives English its singular forms), and Qt's own for its standard dialogs."""
    installed: list[QTranslator] = []
    locale = locale if locale is not None else QLocale.system()
    ours = QTranslator(app)
    if I18N_DIR.is_dir() and (
        ours.load(locale, "trainer", "_", str(I18N_DIR), ".qm")
        or ours.load(str(I18N_DIR / f"trainer_{FALLBACK_LANGUAGE}.qm"))
    ):
        app.installTranslator(ours)
        installed.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    base = QTranslator(app)
    if qt_dir and base.load(locale, "qtbase", "_", qt_dir, ".qm"):
        app.installTranslator(base)
        installed.append(base)
    return installed


def show_message(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    details: str = "",
    parent: QWidget | None = None,
) -> None:
    """A modal message; used before the main window exists and for startup notices."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def open_store(data_dir: Path) -> ProgressStore | None:
    """Open the progress folder, or explain calmly why it cannot be opened."""
    try:
        return ProgressStore.open(data_dir)
    except StoreLockedError:
        show_message(
            QMessageBox.Icon.Information,
            QCoreApplication.translate("App", "Officer Trainer is already open"),
            QCoreApplication.translate("App", "The trainer is already open on this computer."),
            QCoreApplication.translate(
                "App",
                "Switch to the window that is already open. If you cannot find it, wait a "
                "moment and try again, or restart the computer.",
            ),
        )
    except ProgressError as error:
        show_message(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("App", "Progress cannot be opened"),
            QCoreApplication.translate(
                "App", "The trainer cannot open the folder where progress is saved."
            ),
            str(error),
        )
    return None


def _report_recovery(store: ProgressStore, parent: QWidget | None) -> None:
    reports = store.recovery_reports
    if not reports:
        return
    show_message(
        QMessageBox.Icon.Information,
        QCoreApplication.translate("App", "Progress files were repaired"),
        QCoreApplication.translate(
            "App",
            "Some progress files were damaged, for example by a power cut. The trainer "
            "repaired them and kept the damaged files, so nothing was thrown away.",
        ),
        "\n\n".join(report.describe() for report in reports),
        parent,
    )


def run_app(args: argparse.Namespace) -> int:
    """Open the learner app; returns the exit code."""
    app = _application()
    translators = install_translators(app)
    data_dir = resolve_data_dir(args)
    window: MainWindow | None = None

    def names() -> list[str]:
        return window.known_names() if window is not None else []

    hook = install_exception_hook(data_dir, secrets=names, parent=lambda: window)
    store: ProgressStore | None = None
    try:
        store = open_store(data_dir)
        if store is None:
            return 1
        settings = AppSettings(data_dir)
        apply_theme(settings.theme, settings.font_scale)
        library = load_library(content_roots(args, data_dir))
        window = MainWindow(library, store, settings)
        app.aboutToQuit.connect(store.close)
        window.show()
        if settings.recovered_from is not None:
            window.show_status(
                QCoreApplication.translate(
                    "App", "The settings file was damaged, so the usual settings are used."
                )
            )
        opened = store
        QTimer.singleShot(0, lambda: _report_recovery(opened, window))
        return int(app.exec())
    finally:
        if store is not None:
            store.close()
        if window is not None:
            window.deleteLater()
        hook.uninstall()
        for translator in translators:
            app.removeTranslator(translator)
