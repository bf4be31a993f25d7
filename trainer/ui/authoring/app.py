"""``trainer author [DIR]``: the authoring window on its own, without a learner or a
progress folder. The data folder is used only for the app's settings (theme, text size)
and for the error log."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from trainer.core.paths import APP_NAME
from trainer.ui.app import DISPLAY_NAME, ORGANISATION, install_translators
from trainer.ui.authoring.window import AuthoringWindow
from trainer.ui.errors import install_exception_hook
from trainer.ui.settings import AppSettings
from trainer.ui.theme import apply_theme

__all__ = ["run_authoring"]


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(DISPLAY_NAME)
    return app


def run_authoring(root: Path, data_dir: Path) -> int:
    """Open ``root`` for authoring and run until the window is closed."""
    app = _application()
    translators = install_translators(app)
    window: AuthoringWindow | None = None
    hook = install_exception_hook(data_dir, parent=lambda: window)
    try:
        settings = AppSettings(data_dir)
        apply_theme(settings.theme, settings.font_scale)
        window = AuthoringWindow(root)
        window.show()
        return int(app.exec())
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
        hook.uninstall()
        for translator in translators:
            app.removeTranslator(translator)
