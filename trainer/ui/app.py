"""Starting the learner app: ``trainer`` with no command, or ``python main.py``.

Start-up shows the window first and then reads the library in a worker thread (from the
content cache when the files are unchanged): the learner list needs no content, and the
library screen is filled in as soon as the library arrives. The worker builds only
immutable objects and hands the finished :class:`Library` to the UI thread through a
queued signal; it never touches a widget.

``TRAINER_EXIT_WHEN_READY=1`` is for the benchmarks (``bench/run.py``): the app picks
the last learner, and once the library screen is shown and painted it prints one line of
JSON (milliseconds since ``run_app`` began, and the longest the UI thread was busy) and
quits.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from trainer.core.content_cache import CACHE_DIR
from trainer.core.library_preload import (
    LibraryPreload,
    content_roots,
    load_for_app,
    resolve_data_dir,
)
from trainer.core.model import Library
from trainer.core.paths import APP_NAME
from trainer.core.progress import ProgressError, ProgressStore, StoreLockedError
from trainer.ui.errors import install_exception_hook
from trainer.ui.main_window import MainWindow
from trainer.ui.settings import AppSettings
from trainer.ui.theme import apply_theme

__all__ = [
    "EXIT_WHEN_READY_ENV",
    "I18N_DIR",
    "LagProbe",
    "LibraryLoader",
    "content_roots",
    "resolve_data_dir",
    "run_app",
]

I18N_DIR = Path(__file__).resolve().parent / "i18n"
ORGANISATION = "Officer Trainer"
DISPLAY_NAME = "Officer Trainer"
FALLBACK_LANGUAGE = "en"
# Set to 1 to quit once the library is shown (for ``bench/run.py``).
EXIT_WHEN_READY_ENV = "TRAINER_EXIT_WHEN_READY"
_WARM_UP_DELAY_MS = 1000


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


class LibraryLoader(QObject):
    """Reads the library in a worker thread, or takes it from a :class:`LibraryPreload`
    started before the window. ``loaded`` is emitted on the UI thread, from its event
    loop, so whatever is connected before the loop runs receives it."""

    loaded = Signal(object)
    _finished = Signal(object)

    def __init__(
        self,
        roots: Sequence[Path] | LibraryPreload,
        cache_folder: Path | None,
        prefetch: Callable[[], None] | None = None,
    ) -> None:
        """``prefetch`` runs in the worker once the library is read, before it is handed
        over: the app reads the last learner's progress there, so that the library
        screen's first showing finds it in the store's memory."""
        super().__init__()
        self.preload: LibraryPreload | None = None
        self.roots: tuple[Path, ...] = ()
        if isinstance(roots, LibraryPreload):
            self.preload = roots
        else:
            self.roots = tuple(roots)
        self.cache_folder = cache_folder
        self.prefetch = prefetch
        # Runs in a background thread once the app has been idle a moment after the
        # library was shown (the app reads the learner's quiz sessions there, which the
        # progress dashboard shows).
        self.idle_work: Callable[[], None] | None = None
        self.library: Library | None = None
        self.seconds = 0.0
        self._thread = threading.Thread(target=self._run, name="library-loader", daemon=True)
        # Emitted from the worker, received on this object's (the UI) thread.
        self._finished.connect(self._deliver)

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the worker (tests); ``True`` once it has finished."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            if self.preload is not None:
                library = self.preload.result()
                self.roots = self.preload.roots
                started = self.preload.started  # from when the reading began
            else:
                library = load_for_app(list(self.roots), self.cache_folder)
        except BaseException:
            # Never leave the window waiting; the exception hook then reports the error.
            roots = self.preload.roots if self.preload is not None else self.roots
            self._finished.emit(Library(roots=roots, info=None))
            raise
        if self.prefetch is not None:
            # On failure the library screen reads it again, and reports what is wrong.
            with contextlib.suppress(ProgressError):
                self.prefetch()
        self.seconds = time.perf_counter() - started
        self._finished.emit(library)

    def _deliver(self, library: Library) -> None:
        self.library = library
        self.loaded.emit(library)
        # Once the library screen is up and the app idle, import the Markdown renderer
        # in the background, so the first module opened renders without importing it.
        QTimer.singleShot(_WARM_UP_DELAY_MS, self._warm_up)

    def _warm_up(self) -> None:
        from trainer.core.render import warm_up

        def work() -> None:
            warm_up()
            if self.idle_work is not None:
                self.idle_work()

        threading.Thread(target=work, name="warm-up", daemon=True).start()


class LagProbe(QObject):
    """How late a timer meant to fire every ``interval_ms`` actually fires: the longest
    the UI thread was kept busy (a stall) while the probe ran."""

    def __init__(self, interval_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.lateness_ms: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.lateness_ms = []
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._tick()

    def _tick(self) -> None:
        elapsed = self._clock.nsecsElapsed() / 1e6
        self._clock.restart()
        self.lateness_ms.append(max(0.0, elapsed - self.interval_ms))

    @property
    def worst_ms(self) -> float:
        return max(self.lateness_ms, default=0.0)


class _ExitWhenReady(QObject):
    """For the benchmarks: pick the last learner, wait for the library screen to be
    painted with the library in it, print the times and quit."""

    def __init__(self, started: float, probe: LagProbe) -> None:
        super().__init__()
        self.started = started
        self.probe = probe
        self.window: MainWindow | None = None
        self.loader: LibraryLoader | None = None
        self._done = False

    def watch(self, window: MainWindow, loader: LibraryLoader) -> None:
        self.window, self.loader = window, loader
        window.library_page.tree.viewport().installEventFilter(self)
        QTimer.singleShot(0, self._choose_learner)

    def _choose_learner(self) -> None:
        window = self.window
        assert window is not None
        profiles = window.store.profiles()
        wanted = window.settings.last_profile
        chosen = next((p for p in profiles if p.profile_id == wanted), None)
        if chosen is None and profiles:
            chosen = profiles[0]
        if chosen is not None:
            window.set_profile(chosen.profile_id)
        else:
            QTimer.singleShot(0, self._report)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = self.window
        if (
            event.type() == QEvent.Type.Paint
            and not self._done
            and window is not None
            and window.library_ready
            and window.current_page() is window.library_page
        ):
            self._done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        self.probe.stop()
        result = {
            "ready_ms": round((time.perf_counter() - self.started) * 1000, 1),
            "worst_stall_ms": round(self.probe.worst_ms, 1),
            "library_ms": round(self.loader.seconds * 1000, 1) if self.loader else None,
        }
        print(json.dumps(result), flush=True)
        app = QCoreApplication.instance()
        if app is not None:
            app.quit()


def _progress_prefetch(store: ProgressStore, profile_id: str | None) -> Callable[[], None]:
    """Read what the library screen shows of the learner who used the app last (the
    store is safe to share between threads)."""

    def prefetch() -> None:
        if profile_id is not None and any(p.profile_id == profile_id for p in store.profiles()):
            store.all_module_progress(profile_id)
            store.best_scores(profile_id)

    return prefetch


def _sessions_prefetch(store: ProgressStore, window: MainWindow) -> Callable[[], None]:
    """Read the current learner's quiz sessions (the store keeps them), so that opening
    the progress dashboard the first time does not wait for them (about 50 ms at 5,000
    sessions)."""

    def prefetch() -> None:
        profile_id = window.profile_id
        if profile_id is not None:
            with contextlib.suppress(ProgressError):
                store.sessions(profile_id)

    return prefetch


def run_app(args: argparse.Namespace, preload: LibraryPreload | None = None) -> int:
    """Open the learner app; returns the exit code. ``preload``: the library already
    being read (:func:`trainer.core.library_preload.start_preload`, which the ``trainer``
    command starts before it imports the user interface)."""
    started = time.perf_counter()
    app = _application()
    ready: _ExitWhenReady | None = None
    if os.environ.get(EXIT_WHEN_READY_ENV, "").strip() == "1":
        probe = LagProbe(parent=app)
        probe.start()
        ready = _ExitWhenReady(started, probe)
    translators = install_translators(app)
    data_dir = preload.data_dir if preload is not None else resolve_data_dir(args)
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
        source: Sequence[Path] | LibraryPreload = (
            preload if preload is not None else content_roots(args, data_dir)
        )
        loader = LibraryLoader(
            source,
            data_dir / CACHE_DIR,
            _progress_prefetch(store, settings.last_profile),
        )
        # Without a preload, the reading starts once the window is up and the event loop
        # runs: started before, it would compete with building the window for the
        # interpreter lock and make that first, uninterruptible stretch twice as long.
        QTimer.singleShot(0, loader.start)
        if preload is not None:
            # The preload has read on while Qt and the window's code were imported; it
            # waits while the window is built (one stretch the learner waits through,
            # which sharing the interpreter lock would make twice as long).
            preload.pause()
        try:
            apply_theme(settings.theme, settings.font_scale)
            window = MainWindow(None, store, settings)
            loader.idle_work = _sessions_prefetch(store, window)
            loader.loaded.connect(window.set_library)
            app.aboutToQuit.connect(store.close)
            window.show()
        finally:
            if preload is not None:
                preload.resume()
        if preload is not None:
            # Files the cache does not hold are parsed once the window is up (parsing
            # them while it was built would stall it).
            QTimer.singleShot(0, preload.allow_parsing)
        if settings.recovered_from is not None:
            window.show_status(
                QCoreApplication.translate(
                    "App", "The settings file was damaged, so the usual settings are used."
                )
            )
        opened = store
        QTimer.singleShot(0, lambda: _report_recovery(opened, window))
        if ready is not None:
            ready.watch(window, loader)
        return int(app.exec())
    finally:
        if store is not None:
            store.close()
        if window is not None:
            window.deleteLater()
        hook.uninstall()
        for translator in translators:
            app.removeTranslator(translator)
