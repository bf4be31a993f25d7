# mypy: disable-error-code="no-untyped-call"
"""Starting the app, themes and text size, the settings file, and the exception hook."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from trainer.core.loader import load_library
from trainer.core.paths import shipped_content_dir
from trainer.core.progress import ProgressStore
from trainer.ui.app import I18N_DIR, content_roots, install_translators
from trainer.ui.errors import ExceptionHook, format_error
from trainer.ui.main_window import MainWindow
from trainer.ui.settings import DEFAULT_ZOOM, SETTINGS_FILE, AppSettings
from trainer.ui.theme import (
    Theme,
    apply_theme,
    colors_for,
    contrast_ratio,
    stylesheet,
    text_pairs,
)


@pytest.fixture(autouse=True)
def restore_application(qapp: QApplication) -> Iterator[None]:
    """Themes and text size are application-wide: put them back after each test."""
    sheet, palette, font = qapp.styleSheet(), QPalette(qapp.palette()), qapp.font()
    yield
    # Let the test's windows go first, and restyle only what the test changed: every
    # restyle re-polishes every widget still alive.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if qapp.styleSheet() != sheet:
        qapp.setStyleSheet(sheet)
    if qapp.palette() != palette:
        qapp.setPalette(palette)
    if qapp.font() != font:
        qapp.setFont(font)


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot, fixture_library: Path, store: ProgressStore) -> MainWindow:
    made = MainWindow(load_library(fixture_library), store, AppSettings(store.data_dir))
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.set_profile(store.create_profile("Sam").profile_id)
    return made


class Messages:
    """Stands in for QMessageBox.exec: records what would have been shown."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def __call__(self, box: QMessageBox) -> int:
        self.shown.append((box.windowTitle(), box.text(), box.informativeText()))
        return int(QMessageBox.StandardButton.Ok.value)


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    recorder = Messages()

    def fake_exec(box: QMessageBox) -> int:
        return recorder(box)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return recorder


# ------------------------------------------------------------------ themes and text size


@pytest.mark.parametrize("theme", list(Theme))
def test_every_theme_text_colour_is_readable(theme: Theme) -> None:
    needed = 7.0 if theme is Theme.HIGH_CONTRAST else 4.5  # WCAG AAA / AA for text
    for name, foreground, background in text_pairs(colors_for(theme)):
        assert contrast_ratio(foreground, background) >= needed, (theme, name)
    colors = colors_for(theme)
    # The focus ring stands out from the background it is drawn on.
    assert contrast_ratio(colors.focus, colors.window) >= 3.0
    assert contrast_ratio(colors.focus, colors.surface) >= 3.0


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_stylesheet_styles_the_shared_properties_and_focus() -> None:
    sheet = stylesheet(Theme.LIGHT, 10.0)
    for selector in (
        '[verdict="right"]',
        '[verdict="wrong"]',
        '[verdict="missed"]',
        '[role="card"]',
        '[role="muted"]',
        '[role="heading"]',
        '[role="danger"]',
        '[role="success"]',
        '[role="narrative"]',
        '[spot="marked"]',
        "QPushButton:focus",
        "QLineEdit:focus",
        "QTreeView:focus",
        "QCheckBox:focus",
        "QRadioButton:focus",
    ):
        assert selector in sheet, selector
    assert "13.0pt" in sheet  # headings are sized from the application font (1.3 × 10)
    assert "px;" not in sheet.split("font-size")[1][:12]


def test_switching_theme_changes_the_palette_and_is_saved(
    window: MainWindow, store: ProgressStore
) -> None:
    window.theme_actions[Theme.DARK].trigger()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    dark = colors_for(Theme.DARK)
    assert app.palette().color(QPalette.ColorRole.Window).name() == dark.window
    assert AppSettings(store.data_dir).theme is Theme.DARK
    window.set_theme(Theme.HIGH_CONTRAST)
    high = colors_for(Theme.HIGH_CONTRAST)
    assert app.palette().color(QPalette.ColorRole.Text).name() == high.text
    assert high.focus in app.styleSheet()
    assert window.theme_actions[Theme.HIGH_CONTRAST].isChecked()


def test_larger_text_changes_the_font_of_the_whole_app(
    qtbot: QtBot, window: MainWindow, store: ProgressStore
) -> None:
    apply_theme(Theme.LIGHT, 100)
    label = window.library_page.progress_label
    before_app = QApplication.font().pointSizeF()
    before_label = label.font().pointSizeF()
    window.larger_text_action.trigger()
    window.larger_text_action.trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(before_app * 1.2, abs=0.15)
    qtbot.waitUntil(lambda: label.font().pointSizeF() > before_label)
    assert AppSettings(store.data_dir).font_scale == 120
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert f"{before_app * 1.2 * 1.3:.1f}pt" in app.styleSheet()  # headings grow too
    window.reset_text_action.trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(before_app, abs=0.15)
    for _ in range(4):
        window.smaller_text_action.trigger()
    assert AppSettings(store.data_dir).font_scale == 80  # never below the floor


def test_zoom_actions_are_only_offered_while_reading(window: MainWindow) -> None:
    assert not window.zoom_in_action.isEnabled()
    window.open_module("second-module")
    assert window.zoom_in_action.isEnabled()
    window.zoom_in_action.trigger()
    assert window.reader_page.zoom == DEFAULT_ZOOM + 10


# ------------------------------------------------------------------ settings file


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff\xfe garbage \x89PNG\r\n\x1a\n",
        b"[appearance\ntheme=dark\n",
        b"[appearance]\ntheme=purple\nfont_scale=huge\n[reader]\nzoom=-40\n"
        b"[window]\ngeometry=not bytes\n[profiles]\nlast=\n",
    ],
)
def test_a_damaged_settings_file_falls_back_to_defaults(tmp_path: Path, content: bytes) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(content)
    settings = AppSettings(tmp_path)
    assert settings.theme is Theme.LIGHT
    assert settings.font_scale == 100
    assert settings.reader_zoom == DEFAULT_ZOOM
    assert settings.window_geometry is None
    assert settings.last_profile is None
    settings.theme = Theme.DARK
    settings.reader_zoom = 130
    settings.sync()
    again = AppSettings(tmp_path)
    assert again.theme is Theme.DARK and again.reader_zoom == 130


def test_an_unparsable_settings_file_is_kept_aside(tmp_path: Path) -> None:
    damaged = b"[appearance\ntheme=dark\n"
    (tmp_path / SETTINGS_FILE).write_bytes(damaged)
    settings = AppSettings(tmp_path)
    assert settings.recovered_from == tmp_path / (SETTINGS_FILE + ".damaged")
    assert settings.recovered_from.read_bytes() == damaged


def test_window_geometry_is_remembered(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    library = load_library(fixture_library)
    first = MainWindow(library, store, AppSettings(store.data_dir))
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 560)  # the offscreen screen is 800 × 600
    size = (first.width(), first.height())
    first.close()
    assert AppSettings(store.data_dir).window_geometry is not None
    second = MainWindow(library, store, AppSettings(store.data_dir))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == size


# ------------------------------------------------------------------ exception hook


def _raise_with_name(name: str) -> None:
    raise RuntimeError(f"could not save the answer for {name}")


def test_the_exception_hook_logs_and_the_app_keeps_running(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    shown: list[Path] = []
    hook = ExceptionHook(data_dir, secrets=window.known_names, notify=shown.append)
    hook.install()
    try:
        assert sys.excepthook == hook.handle
        try:
            _raise_with_name("Sam")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        hook.uninstall()
    assert sys.excepthook != hook.handle
    log = (data_dir / "logs" / "trainer.log").read_text("utf-8")
    assert "builtins.RuntimeError" in log
    assert "_raise_with_name" in log  # the code's traceback
    assert "Sam" not in log  # learners' names are kept out
    assert shown == [data_dir / "logs" / "trainer.log"]
    assert window.isVisible()
    window.open_module("second-module")  # and it still works
    assert window.current_page() is window.reader_page


def test_errors_in_other_threads_reach_the_dialog_on_the_main_thread(
    qtbot: QtBot, data_dir: Path
) -> None:
    shown: list[str] = []
    hook = ExceptionHook(
        data_dir, notify=lambda _path: shown.append(threading.current_thread().name)
    )
    hook.install()
    try:
        worker = threading.Thread(target=_raise_with_name, args=("x",), name="worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: shown == [threading.main_thread().name])
    finally:
        hook.uninstall()
    assert "RuntimeError" in (data_dir / "logs" / "trainer.log").read_text("utf-8")


def test_the_default_dialog_is_calm_and_shows_no_traceback(
    qtbot: QtBot, data_dir: Path, messages: Messages
) -> None:
    hook = ExceptionHook(data_dir)
    try:
        _raise_with_name("x")
    except RuntimeError:
        hook.handle(*sys.exc_info())
    finally:
        hook.uninstall()
    [(_title, text, detail)] = messages.shown
    assert text == "Something went wrong. Your answers so far are saved."
    assert "Traceback" not in text + detail and "RuntimeError" not in text + detail


def test_format_error_includes_causes_without_names() -> None:
    try:
        try:
            _raise_with_name("Amira")
        except RuntimeError as inner:
            raise ValueError("outer for Amira") from inner
    except ValueError as outer:
        text = format_error(type(outer), outer, outer.__traceback__, ["Amira"])
    assert "ValueError" in text and "RuntimeError" in text
    assert "Amira" not in text


# ------------------------------------------------------------------ starting the app


# run_app is driven in a child process, as a learner would start it: a QApplication
# whose event loop has run and quit cannot activate windows again, so it must not be the
# test process's. Message boxes are replaced by a recorder that prints what they said.
DRIVER = """
import argparse, json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

shown = []

def fake_exec(box):
    shown.append([box.windowTitle(), box.text(), box.informativeText()])
    return 0

QMessageBox.exec = fake_exec
from trainer.ui.app import run_app
from trainer.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
windows = []

def close():
    for widget in app.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            windows.append(sorted(widget.library.modules))
            widget.close()
    app.quit()

QTimer.singleShot(500, close)
code = run_app(argparse.Namespace(content=Path(sys.argv[1]), data_dir=Path(sys.argv[2])))
print(json.dumps({"code": code, "shown": shown, "windows": windows}))
"""


def run_app_in_child(content: Path, data_dir: Path) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(content), str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_second_instance_explains_that_the_trainer_is_open(
    fixture_library: Path, data_dir: Path
) -> None:
    with ProgressStore.open(data_dir):
        result = run_app_in_child(fixture_library, data_dir)
    assert result["code"] == 1
    assert result["windows"] == []
    [(_title, text, _detail)] = result["shown"]
    assert "already open" in text


def test_run_app_opens_the_window_and_releases_the_data_folder(
    fixture_library: Path, data_dir: Path
) -> None:
    result = run_app_in_child(fixture_library, data_dir)
    assert result["code"] == 0
    assert result["windows"] == [["reading-indicators", "second-module"]]
    assert result["shown"] == []  # nothing to report on a clean start
    with ProgressStore.open(data_dir):  # the lock was released
        pass
    assert (data_dir / SETTINGS_FILE).exists()


def test_run_app_reports_repaired_progress_files(fixture_library: Path, data_dir: Path) -> None:
    with ProgressStore.open(data_dir) as store:
        profile = store.create_profile("Sam")
        store.rename_profile(profile.profile_id, "Sam O.")
    (data_dir / "profiles" / profile.profile_id / "profile.json").write_bytes(b"{garbage")
    result = run_app_in_child(fixture_library, data_dir)
    assert result["code"] == 0
    [(title, text, detail)] = result["shown"]
    assert "repaired" in title.lower()
    assert "damaged" in text
    assert "profile.json" in detail


SHELL_FILES = [
    "app.py",
    "errors.py",
    "library_view.py",
    "main_window.py",
    "problems_panel.py",
    "profiles.py",
    "reader.py",
    "theme.py",
]


def _sources(ts_file: Path) -> set[tuple[str, str]]:
    root = ElementTree.parse(ts_file).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_the_translation_catalogue_holds_every_shell_string(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    fresh = tmp_path / "fresh.ts"
    files = [str(I18N_DIR.parent / name) for name in SHELL_FILES]
    done = subprocess.run(
        [str(lupdate), *files, "-locations", "none", "-ts", str(fresh)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wanted = _sources(fresh)
    assert len(wanted) > 150
    missing = wanted - _sources(I18N_DIR / "trainer_en.ts")
    assert not missing, f"run the step in docs/translating.md; missing: {sorted(missing)[:5]}"


@pytest.mark.parametrize("language", ["en_GB", "de_DE"])
def test_translations_load_with_english_singular_forms(qapp: QApplication, language: str) -> None:
    installed = install_translators(qapp, QLocale(language))
    try:
        assert installed, "the English catalogue is the fallback"
        one = QCoreApplication.translate("ReaderPage", "About %n minutes", "", 1)
        many = QCoreApplication.translate("ReaderPage", "About %n minutes", "", 5)
        assert (one, many) == ("About 1 minute", "About 5 minutes")
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_content_roots_default_to_shipped_content_and_installed_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRAINER_CONTENT_DIR", raising=False)
    data = tmp_path / "data"
    (data / "packs" / "b-pack" / "current").mkdir(parents=True)
    (data / "packs" / "a-pack" / "current").mkdir(parents=True)
    (data / "packs" / "not-installed").mkdir(parents=True)
    none = argparse.Namespace(content=None, data_dir=None)
    assert content_roots(none, data) == [
        shipped_content_dir(),
        data / "packs" / "a-pack" / "current",
        data / "packs" / "b-pack" / "current",
    ]
    monkeypatch.setenv("TRAINER_CONTENT_DIR", str(tmp_path / "env"))
    assert content_roots(none, data) == [tmp_path / "env"]
    given = argparse.Namespace(content=tmp_path / "given", data_dir=None)
    assert content_roots(given, data) == [tmp_path / "given"]


def test_content_roots_finish_an_interrupted_pack_update(
    fixture_library: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A crash between "current -> previous" and "staged -> current" leaves only previous.
    monkeypatch.delenv("TRAINER_CONTENT_DIR", raising=False)
    pack = data_dir / "packs" / "fixture-library"
    pack.mkdir(parents=True)
    shutil.copytree(fixture_library, pack / "previous")
    (pack / "pack.json").write_text("{}", encoding="utf-8")
    roots = content_roots(argparse.Namespace(content=None), data_dir)
    assert roots[0] == shipped_content_dir()
    assert (pack / "current").is_dir() and not (pack / "previous").exists()
    assert roots[1:] == [pack / "current"]


def test_no_code_comment_reaches_the_translators() -> None:
    """``#:`` marks a note for translators (lupdate attaches it to the next string);
    comments about the code use a plain ``#``."""
    ui = Path(__file__).resolve().parents[2] / "trainer" / "ui"
    marked = [
        f"{path.relative_to(ui)}:{number}"
        for path in sorted(ui.rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if line.lstrip().startswith("#:")
    ]
    assert marked == []
