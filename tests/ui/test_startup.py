# mypy: disable-error-code="no-untyped-call"
"""Start-up reads the library after the window is shown; the reader keeps rendered lessons.

Behaviour only: how long things take is measured by ``bench/run.py``, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from trainer.core.content_cache import CACHE_DIR, CACHE_FILE
from trainer.core.loader import load_library
from trainer.core.progress import ProgressStore
from trainer.ui import reader as reader_module
from trainer.ui.app import EXIT_WHEN_READY_ENV, LagProbe, LibraryLoader
from trainer.ui.main_window import MainWindow
from trainer.ui.settings import AppSettings


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


def shown(qtbot: QtBot, window: MainWindow) -> MainWindow:
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_a_learner_chosen_before_the_library_arrives_gets_it_when_it_does(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    window = shown(qtbot, MainWindow(None, store, AppSettings(store.data_dir)))
    assert not window.library_ready
    assert window.current_page() is window.profile_page
    window.set_profile(store.create_profile("Sam").profile_id)
    # The library is not read yet: the learner list stays, with a busy pointer.
    assert window.current_page() is window.profile_page
    cursor = QGuiApplication.overrideCursor()
    assert cursor is not None and cursor.shape() is Qt.CursorShape.BusyCursor
    window.show_library()
    assert window.current_page() is window.profile_page
    window.set_library(load_library(fixture_library))
    assert window.library_ready
    assert window.current_page() is window.library_page
    assert QGuiApplication.overrideCursor() is None
    assert window.library_page.module_titles() == [
        "Reading indicators: signs, not proof",
        "A second module",
    ]
    assert window.library_page.title_label.text() == "Fixture library"


def test_a_library_that_arrives_first_waits_for_the_learner(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    window = shown(qtbot, MainWindow(None, store, AppSettings(store.data_dir)))
    window.set_library(load_library(fixture_library))
    assert window.current_page() is window.profile_page
    assert QGuiApplication.overrideCursor() is None
    window.set_profile(store.create_profile("Sam").profile_id)
    assert window.current_page() is window.library_page
    assert len(window.library_page.module_titles()) == 2
    window.open_module("second-module")
    assert window.current_page() is window.reader_page


def test_the_loader_reads_in_a_worker_and_fills_the_cache(
    qtbot: QtBot, fixture_library: Path, data_dir: Path
) -> None:
    expected = load_library(fixture_library)
    for _attempt in range(2):  # the first run fills the cache, the second reads from it
        loader = LibraryLoader([fixture_library], data_dir / CACHE_DIR)
        with qtbot.waitSignal(loader.loaded, timeout=30_000) as blocker:
            loader.start()
        assert blocker.args == [expected]
        assert loader.library == expected
        assert loader.wait(30)
        assert (data_dir / CACHE_DIR / CACHE_FILE).is_file()


def test_the_loader_hands_over_a_library_read_before_the_window(
    qtbot: QtBot, fixture_library: Path, data_dir: Path, store: ProgressStore
) -> None:
    import argparse

    from trainer.core.library_preload import start_preload

    profile = store.create_profile("Sam")
    fetched: list[str] = []
    preload = start_preload(argparse.Namespace(content=fixture_library, data_dir=data_dir))
    preload.allow_parsing()
    loader = LibraryLoader(
        preload, data_dir / CACHE_DIR, lambda: fetched.append(profile.profile_id)
    )
    assert loader.roots == ()  # known once the preload has worked them out
    with qtbot.waitSignal(loader.loaded, timeout=30_000) as blocker:
        loader.start()
    assert blocker.args == [load_library(fixture_library)]
    assert loader.roots == (fixture_library,)
    assert fetched == [profile.profile_id]  # the learner's progress was read meanwhile
    assert loader.seconds >= preload.seconds > 0


def test_the_lag_probe_records_how_late_its_timer_fires(qtbot: QtBot) -> None:
    probe = LagProbe(interval_ms=5)
    probe.start()
    qtbot.wait(50)
    probe.stop()
    assert probe.lateness_ms and all(late >= 0 for late in probe.lateness_ms)
    assert probe.worst_ms == max(probe.lateness_ms)


def test_rendered_lessons_are_kept_for_reopening(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    real = reader_module.render_markdown

    def counting(text: str, context: Any = None) -> Any:
        rendered.append(text)
        return real(text, context)

    monkeypatch.setattr(reader_module, "render_markdown", counting)
    library = load_library(fixture_library)
    window = shown(qtbot, MainWindow(library, store, AppSettings(store.data_dir)))
    window.set_profile(store.create_profile("Sam").profile_id)
    reader = window.reader_page
    window.open_module("second-module")
    first_html = reader.browser.toHtml()
    window.show_library()
    window.open_module("second-module")
    assert len(rendered) == 1
    assert reader.browser.toHtml() == first_html
    window.open_module("reading-indicators")
    assert len(rendered) == 2
    window.set_library(load_library(fixture_library))  # another library: rendered anew
    window.open_module("second-module")
    assert len(rendered) == 3


def test_an_unchanged_reading_position_is_written_once(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = load_library(fixture_library)
    window = shown(qtbot, MainWindow(library, store, AppSettings(store.data_dir)))
    profile = store.create_profile("Sam").profile_id
    window.set_profile(profile)
    writes: list[tuple[str, str, float]] = []
    real = store.set_reading_position

    def counting(profile_id: str, module_id: str, section_id: str, fraction: float) -> Any:
        writes.append((module_id, section_id, fraction))
        return real(profile_id, module_id, section_id, fraction)

    monkeypatch.setattr(store, "set_reading_position", counting)
    window.open_module("second-module")
    reader = window.reader_page
    reader.save_progress()
    reader.save_progress()
    window.show_library()
    assert len(writes) == 1
    position = store.module_progress(profile, "second-module").position
    assert position is not None and position.section_id == "going-back"
    window.open_module("second-module")  # opened again: its position is saved again
    reader.save_progress()
    assert len(writes) == 2


def run_ready(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_exit_when_ready_opens_the_library_of_the_last_learner_and_quits(
    fixture_library: Path, data_dir: Path
) -> None:
    with ProgressStore.open(data_dir) as opened:
        opened.create_profile("Sam")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{EXIT_WHEN_READY_ENV: "1"})
    args = ["--content", str(fixture_library), "--data-dir", str(data_dir)]
    for _run in range(2):  # without, then with the content cache
        result = run_ready(args, env)
        assert set(result) == {"ready_ms", "worst_stall_ms", "library_ms"}
        assert all(isinstance(value, float) and value >= 0 for value in result.values())
    assert (data_dir / CACHE_DIR / CACHE_FILE).is_file()
    settings = AppSettings(data_dir)
    assert settings.last_profile is not None


def test_a_long_library_list_is_built_in_steps(
    qtbot: QtBot, tmp_path: Path, store: ProgressStore
) -> None:
    from bench.synth_library import generate_library

    info = generate_library(tmp_path / "big", modules=160, quizzes=160, indicators=40)
    library = load_library(tmp_path / "big")
    assert not library.errors
    window = shown(qtbot, MainWindow(library, store, AppSettings(store.data_dir)))
    window.set_profile(store.create_profile("Sam").profile_id)
    page = window.library_page
    # The first screenful is there at once, with the first module selected and detailed.
    assert page.building
    first = page.module_titles()
    assert 0 < len(first) < 160
    assert page.tree.currentItem() is not None
    assert page.detail.primary_button is not None
    qtbot.waitUntil(lambda: not page.building)
    titles = page.module_titles()
    assert len(titles) == 160 and titles[: len(first)] == first
    # A module far down stays selected when the list is rebuilt (it is built at once).
    last = info.module_ids[-1]
    assert page.select_module(last)
    page.refresh()
    assert page._current_key() == ("module", last)
    # Typing a search while steps are pending starts over with the matches only.
    assert page.select_module(info.module_ids[0])
    page.rebuild()
    assert page.building
    wanted = library.modules[info.module_ids[5]].title
    page.search.setText(wanted)
    qtbot.waitUntil(lambda: not page.building)
    assert wanted in page.module_titles() and len(page.module_titles()) < 160


def test_a_refresh_updates_statuses_in_place(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    from datetime import UTC, datetime

    from trainer.ui.library_view import COL_BEST, COL_STATUS

    window = shown(
        qtbot, MainWindow(load_library(fixture_library), store, AppSettings(store.data_dir))
    )
    profile = store.create_profile("Sam").profile_id
    window.set_profile(profile)
    page = window.library_page
    track = page.tree.topLevelItem(0)
    assert track is not None
    module = track.child(0)
    quiz = module.child(0)
    assert module.text(COL_STATUS) == "Not started" and quiz.text(COL_STATUS) == "Not taken"
    store.mark_module_complete(profile, "reading-indicators")
    session = store.start_session(
        profile,
        "quiz-reading-indicators",
        "practice",
        ["q"],
        1,
        "1:x",
        started_at=datetime.now(UTC),
    )
    store.finish_session(session, 9.0, 10.0, True)
    page.refresh()
    # The same rows, their statuses and scores brought up to date.
    assert page.tree.topLevelItem(0) is track and track.child(0) is module
    assert module.text(COL_STATUS) == "✓ Completed" and module.text(COL_BEST) == "90%"
    assert quiz.text(COL_STATUS) == "✓ Passed" and quiz.text(COL_BEST) == "90%"
    assert module.foreground(COL_STATUS).color().isValid()
    assert page.progress_label.text() == "1 of 2 modules completed"
    # A search changes which entries are listed: the list is built again.
    page.search.setText("second")
    assert page.module_titles() == ["A second module"]


def test_once_idle_the_loader_reads_the_learners_sessions_in_the_background(
    qtbot: QtBot, fixture_library: Path, data_dir: Path, store: ProgressStore
) -> None:
    from trainer.ui import app as app_module

    window = shown(qtbot, MainWindow(None, store, AppSettings(store.data_dir)))
    profile = store.create_profile("Sam")
    window.set_profile(profile.profile_id)
    asked: list[str] = []
    real = store.sessions

    def sessions(profile_id: str, quiz_id: str | None = None) -> Any:
        asked.append(profile_id)
        return real(profile_id, quiz_id)

    store.sessions = sessions  # type: ignore[method-assign]
    loader = LibraryLoader([fixture_library], data_dir / CACHE_DIR)
    loader.idle_work = app_module._sessions_prefetch(store, window)
    loader._warm_up()
    qtbot.waitUntil(lambda: asked == [profile.profile_id], timeout=30_000)
