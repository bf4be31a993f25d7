"""Child process of ``bench/run.py``: opening a module and answering, in the real window.

Run:  QT_QPA_PLATFORM=offscreen python bench/measure_ui.py DATA_DIR LIBRARY_DIR MODULE_ID
      QUIZ_ID [--repeats N]

Builds the app's main window over the library (read through the content cache, as the
app does) for the data folder's last learner, then measures, each ``--repeats`` times:

* opening ``MODULE_ID`` for the first time (the rendered-lesson cache emptied): from
  the call until the reader has painted it;
* opening it again (rendered lesson cached), the same way;
* the floor: ``QTextBrowser.setHtml`` of the very HTML the reader shows, in a browser of
  the same size, font and style sheet, until painted;
* answering every question of ``QUIZ_ID`` with its right answer: from "Check" until the
  feedback is painted, and from "Next" until the next question is painted.

A timer-lag probe (a timer every 10 ms recording how late it fires) runs throughout;
the worst lateness while opening and while answering is the longest stall of the UI
thread. Prints one line of JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget


class _PaintWatch(QObject):
    """Notices a paint of ``widget`` or of any widget inside it."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.widget = widget
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and (watched is self.widget or self.widget.isAncestorOf(watched))
        ):
            self.painted = True
        return False


def until_painted(app: QApplication, widget: QWidget, timeout: float = 10.0) -> bool:
    """Process events until ``widget`` (or something in it) has painted; ``False`` when
    nothing was painted within ``timeout`` seconds."""
    watch = _PaintWatch(widget)
    app.installEventFilter(watch)
    deadline = time.perf_counter() + timeout
    try:
        while not watch.painted and time.perf_counter() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    finally:
        app.removeEventFilter(watch)
    return watch.painted


def settle(app: QApplication, seconds: float = 0.05) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("library", type=Path)
    parser.add_argument("module_id")
    parser.add_argument("quiz_id")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    from trainer.core.content_cache import CACHE_DIR, ContentCache
    from trainer.core.library_status import content_location
    from trainer.core.loader import load_library
    from trainer.core.progress import ProgressStore
    from trainer.core.quiz_run import right_answer
    from trainer.ui.app import LagProbe
    from trainer.ui.main_window import MainWindow
    from trainer.ui.settings import AppSettings
    from trainer.ui.theme import apply_theme, current_theme, document_css

    gc.disable()
    library = load_library(args.library, cache=ContentCache(args.data_dir / CACHE_DIR))
    gc.freeze()  # as the app does once the library is read
    gc.enable()
    store = ProgressStore.open(args.data_dir)
    settings = AppSettings(args.data_dir)
    apply_theme(settings.theme, settings.font_scale)
    window = MainWindow(None, store, settings)  # as the app starts: the library follows
    window.resize(1280, 800)
    window.show()
    settle(app, 0.2)
    profile_id = settings.last_profile or store.profiles()[0].profile_id
    window.set_profile(profile_id)
    window.set_library(library)
    # What the app does in the background a second after the library is shown.
    from trainer.core.render import warm_up

    warm_up()
    settle(app, 1.5)
    reader = window.reader_page
    module = library.modules[args.module_id]
    result: dict[str, Any] = {"module_bytes": len(module.body.encode("utf-8"))}

    # The floor: the very HTML the reader shows, in a bare QTextBrowser of the same size,
    # font and style sheet.
    location = content_location(library, module.path, module.sha256)
    assert location is not None
    page = reader._render(module, location[0], location[1].parent)
    html = reader._page_html(module, page.html)
    reader._rendered.clear()
    browser = QTextBrowser()
    browser.document().setDefaultStyleSheet(document_css(current_theme()))
    browser.setFont(reader.browser.font())
    browser.resize(reader.browser.size())
    browser.show()
    settle(app, 0.2)

    def library_idle() -> None:
        window.show_library()
        deadline = time.perf_counter() + 10
        while window.library_page.building and time.perf_counter() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        settle(app)

    def open_once(clear: bool) -> float:
        library_idle()
        if clear:
            reader._rendered.clear()
        started = time.perf_counter()
        window.open_module(args.module_id)
        until_painted(app, reader.browser.viewport())
        return time.perf_counter() - started

    def set_html_once() -> float:
        browser.clear()
        settle(app)
        started = time.perf_counter()
        browser.setHtml(html)
        until_painted(app, browser.viewport())
        return time.perf_counter() - started

    # Interleaved, so that whatever else the machine does weighs on all three alike.
    probe = LagProbe()
    first: list[float] = []
    cached: list[float] = []
    floor: list[float] = []
    for _ in range(args.repeats):
        probe.start()
        first.append(open_once(True))
        cached.append(open_once(False))
        probe.stop()
        result["open_worst_stall_ms"] = max(result.get("open_worst_stall_ms", 0.0), probe.worst_ms)
        floor.append(set_html_once())
    settle(app)
    result["open_first_s"] = first
    result["open_cached_s"] = cached
    result["set_html_s"] = floor
    result["html_bytes"] = len(html.encode("utf-8"))
    browser.close()

    # Answering every question of a quiz with its right answer.
    window.show_library()
    settle(app)
    window.start_quiz(args.quiz_id)
    settle(app)
    page_widget = window.quiz_page
    assert page_widget is not None
    page_widget.intro.startRequested.emit(library.quizzes[args.quiz_id].mode)  # type: ignore[attr-defined]
    settle(app, 0.2)
    runner = page_widget.runner  # type: ignore[attr-defined]
    checks: list[float] = []
    nexts: list[float] = []
    probe.start()
    while runner.run is not None and not runner.run.finished:
        run = runner.run
        runner.answer_widget.set_answer(right_answer(run.question))
        settle(app, 0.02)
        started = time.perf_counter()
        outcome = runner.commit()
        if outcome is None or not outcome.recorded:
            break
        until_painted(app, runner, 2.0)
        checks.append(time.perf_counter() - started)
        if run.is_last:
            break
        started = time.perf_counter()
        runner.next()
        until_painted(app, runner)
        nexts.append(time.perf_counter() - started)
        settle(app, 0.02)
    probe.stop()
    result["answer_check_s"] = checks
    result["answer_next_s"] = nexts
    result["answer_worst_stall_ms"] = probe.worst_ms
    window.close()
    store.close()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
