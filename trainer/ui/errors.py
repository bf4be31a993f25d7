"""The last line of defence: an unexpected error is written to a log and the learner sees
a calm message, never a traceback, and the app keeps running.

The log (``<data dir>/logs/trainer.log``, rotated) holds the type of the error, its
message with learners' names taken out, and the traceback of the code. It never holds
answers: the quiz code does not put answers in exception messages, and values of
variables are not logged.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

__all__ = ["LOG_FILE", "ExceptionHook", "install_exception_hook", "log_path"]

LOG_FILE = "trainer.log"
_LOG_BYTES = 512 * 1024
_LOG_BACKUPS = 3

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / LOG_FILE


def _redact(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted({s for s in secrets if s and len(s.strip()) > 1}, key=len, reverse=True):
        text = text.replace(secret, "<learner>")
    return text


def format_error(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    secrets: Iterable[str] = (),
) -> str:
    """Type, message (names removed) and traceback of an error and of its causes."""
    names = list(secrets)
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    current_type: type[BaseException] = exc_type
    current_tb = tb
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(current_tb))
        parts.append(f"{current_type.__module__}.{current_type.__qualname__}: {current}\n")
        following = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
        if following is not None:
            parts.append("\nwhich was caused by or happened while handling:\n")
            current_type, current_tb = type(following), following.__traceback__
        current = following
    return _redact("".join(parts), names)


class _MainThreadRelay(QObject):
    """Carries errors from other threads to the GUI thread, where dialogs may open."""

    raised = Signal()


class ExceptionHook:
    """Installed as :data:`sys.excepthook` and :data:`threading.excepthook`."""

    def __init__(
        self,
        data_dir: Path,
        secrets: Callable[[], Iterable[str]] = lambda: (),
        parent: Callable[[], QWidget | None] = lambda: None,
        notify: Callable[[Path], None] | None = None,
    ) -> None:
        self.log_file = log_path(data_dir)
        self._secrets = secrets
        self._parent = parent
        self._notify = notify if notify is not None else self.show_dialog
        self._showing = False
        self._pending = False
        self._previous_sys = sys.excepthook
        self._previous_threading = threading.excepthook
        self._logger = logging.getLogger(f"trainer.errors.{id(self)}")
        self._logger.propagate = False
        self._logger.setLevel(logging.ERROR)
        self._handler: logging.Handler | None = None
        self._relay = _MainThreadRelay()
        self._relay.raised.connect(self._show_pending, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------ installing

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self.handle_thread

    def uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous_sys
        if threading.excepthook == self.handle_thread:
            threading.excepthook = self._previous_threading
        if self._handler is not None:
            self._logger.removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    # ------------------------------------------------------------ handling

    def _log_handler(self) -> logging.Handler:
        if self._handler is None:
            # Imported on the first error: it brings the socket and pickle modules along,
            # which start-up does not otherwise need.
            from logging.handlers import RotatingFileHandler

            try:
                self.log_file.parent.mkdir(parents=True, exist_ok=True)
                handler: logging.Handler = RotatingFileHandler(
                    self.log_file, maxBytes=_LOG_BYTES, backupCount=_LOG_BACKUPS, encoding="utf-8"
                )
            except OSError:
                handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            self._logger.addHandler(handler)
            self._handler = handler
        return self._handler

    def record(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """Write the error to the log; never raises."""
        try:
            try:
                secrets = list(self._secrets())
            except Exception:
                secrets = []
            self._log_handler()
            self._logger.error("Unexpected error\n%s", format_error(exc_type, exc, tb, secrets))
            if self._handler is not None:
                self._handler.flush()
        except Exception:  # the hook itself must never fail
            pass

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            app = QCoreApplication.instance()
            if app is not None:
                app.quit()
            return
        self.record(exc_type, exc, tb)
        self._pending = True
        if threading.current_thread() is threading.main_thread():
            self._show_pending()
        else:
            self._relay.raised.emit()

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show_pending(self) -> None:
        if self._showing or not self._pending:
            return
        self._pending = False
        self._showing = True
        try:
            self._notify(self.log_file)
        except Exception:
            pass
        finally:
            self._showing = False

    def show_dialog(self, log_file: Path) -> None:
        """The calm message the learner sees."""
        if not isinstance(QApplication.instance(), QApplication):
            return
        box = QMessageBox(self._parent())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("ExceptionHook", "Something went wrong"))
        box.setText(
            QCoreApplication.translate(
                "ExceptionHook", "Something went wrong. Your answers so far are saved."
            )
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "ExceptionHook",
                "You can carry on working. If this keeps happening, tell your trainer; a note "
                "about the problem was written to:\n{path}",
            ).format(path=log_file)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAccessibleName(box.windowTitle())
        box.exec()


def install_exception_hook(
    data_dir: Path,
    secrets: Callable[[], Iterable[str]] = lambda: (),
    parent: Callable[[], QWidget | None] = lambda: None,
) -> ExceptionHook:
    hook = ExceptionHook(data_dir, secrets=secrets, parent=parent)
    hook.install()
    return hook
