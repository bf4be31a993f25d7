# mypy: disable-error-code="no-untyped-call"
"""Installing content packs from the app: the menu path and drag and drop, what the
confirmation shows, the install's own question for an unsigned pack, the library read
again afterwards, a refused pack that changes nothing, and the Content packs dialog."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from trainer.core.model import Library
from trainer.core.packs import (
    KeyPair,
    UnsafeMemberError,
    build_pack,
    generate_keypair,
    install_pack,
    list_packs,
    sign_pack,
    trust_key,
)
from trainer.core.progress import ProgressStore
from trainer.ui.main_window import MainWindow
from trainer.ui.pack_install import ManagePacksDialog, library_roots, pack_paths
from trainer.ui.settings import AppSettings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library"
MODULE_TITLES = ["Reading indicators: signs, not proof", "A second module"]
DETAILS = "Install a content pack"
QUESTION = "Install a pack from an unknown source?"
INSTALLED = "Content pack installed"
REFUSED = "The content pack was not installed"


class Dialogs:
    """Stands in for QMessageBox.exec: records each box and answers by its title."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.answers: dict[str, QMessageBox.StandardButton] = {}

    def __call__(self, box: QMessageBox) -> int:
        title = box.windowTitle()
        self.shown.append((title, box.text(), box.informativeText()))
        answer = self.answers.get(title, QMessageBox.StandardButton.Ok)
        return int(answer.value)

    def titles(self) -> list[str]:
        return [title for title, _text, _info in self.shown]

    def box(self, title: str) -> tuple[str, str, str]:
        return next(shown for shown in self.shown if shown[0] == title)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    recorder = Dialogs()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: recorder(box))
    return recorder


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot, store: ProgressStore) -> MainWindow:
    """The app with no content of its own yet, on the library page of a learner."""
    made = MainWindow(Library(roots=(), info=None), store, AppSettings(store.data_dir))
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.set_profile(store.create_profile("Sam").profile_id)
    assert made.library_page.module_titles() == []
    return made


@pytest.fixture
def publisher(tmp_path: Path) -> KeyPair:
    return generate_keypair(tmp_path / "keys" / "academy.key")


def make_pack(tmp_path: Path, version: str, key: KeyPair | None = None) -> Path:
    """The fixture library at ``version`` (a copy with library.yaml bumped), as a pack."""
    source = tmp_path / "sources" / version
    shutil.copytree(FIXTURE, source)
    library_file = source / "library.yaml"
    text = library_file.read_text("utf-8")
    assert "version: 1.0.0" in text
    library_file.write_text(text.replace("version: 1.0.0", f"version: {version}"), "utf-8")
    output = tmp_path / "packs" / f"academy-{version}{'-signed' if key else ''}.zip"
    build_pack(source, output)
    if key is not None:
        sign_pack(output, key.private_path)
    return output


def tree_of(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "dir"
        for p in sorted(folder.rglob("*"))
    }


def install_through_menu(
    qtbot: QtBot, window: MainWindow, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kwargs: (str(pack), ""))
    with qtbot.waitSignal(window.packs.finished, timeout=30_000):
        window.packs.install_action.trigger()


# ------------------------------------------------------------------ installing


def test_a_signed_pack_installs_from_the_menu_and_its_modules_appear(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    publisher: KeyPair,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trust_key(data_dir, publisher.public_path)
    pack = make_pack(tmp_path, "1.1.0", publisher)
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert window.packs.install_action in file_menu.actions()

    install_through_menu(qtbot, window, pack, monkeypatch)
    # What is being installed was shown, and the trusted pack needed no other question.
    assert dialogs.titles() == [DETAILS, INSTALLED]
    _title, text, info = dialogs.box(DETAILS)
    assert text == "Install “Fixture library” version 1.1.0?"
    assert "Publisher: Test suite" in info
    assert f"Key {publisher.public.fingerprint}, a trusted publisher" in info
    result = window.packs.last_result
    assert result is not None and result.version == "1.1.0" and result.trusted
    # The library is read again and the pack's modules are listed for the learner.
    qtbot.waitUntil(lambda: window.library_page.module_titles() == MODULE_TITLES)
    assert "quiz-reading-indicators" in window.library.quizzes
    assert window.library.roots == (data_dir / "packs" / "fixture-library" / "current",)


def test_an_unsigned_pack_asks_first_and_installs_only_when_confirmed(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pack = make_pack(tmp_path, "1.1.0")
    dialogs.answers[QUESTION] = QMessageBox.StandardButton.No
    install_through_menu(qtbot, window, pack, monkeypatch)
    assert dialogs.titles() == [DETAILS, QUESTION]
    _title, _text, info = dialogs.box(DETAILS)
    assert "Signed by: Not signed" in info
    _title, _text, question = dialogs.box(QUESTION)
    assert "'Fixture library' version 1.1.0 from 'Test suite' is not signed" in question
    assert list_packs(data_dir) == []
    assert window.statusBar().currentMessage() == "Installation cancelled; nothing was changed."

    dialogs.shown.clear()
    dialogs.answers[QUESTION] = QMessageBox.StandardButton.Yes
    install_through_menu(qtbot, window, pack, monkeypatch)
    assert dialogs.titles() == [DETAILS, QUESTION, INSTALLED]
    (installed,) = list_packs(data_dir)
    assert installed.current.version == "1.1.0" and installed.current.signed_by is None
    qtbot.waitUntil(lambda: window.library_page.module_titles() == MODULE_TITLES)


def test_cancelling_at_the_first_confirmation_checks_but_installs_nothing(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialogs.answers[DETAILS] = QMessageBox.StandardButton.Cancel
    install_through_menu(qtbot, window, make_pack(tmp_path, "1.1.0"), monkeypatch)
    assert dialogs.titles() == [DETAILS]
    assert list_packs(data_dir) == []
    assert not (data_dir / "packs" / "fixture-library").exists()


def test_a_malicious_pack_shows_the_error_and_changes_nothing(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    publisher: KeyPair,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trust_key(data_dir, publisher.public_path)
    install_pack(make_pack(tmp_path, "1.0.0", publisher), data_dir, lambda _q: False)
    before = tree_of(data_dir / "packs")
    packs_before = list_packs(data_dir)
    # A good pack with one more member that climbs out of the packs folder.
    good = make_pack(tmp_path, "2.0.0", publisher)
    evil = tmp_path / "packs" / "evil.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(evil, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        target.writestr("content/../../../outside.md", b"# not yours\n")

    install_through_menu(qtbot, window, evil, monkeypatch)
    assert dialogs.titles() == [REFUSED]  # refused by the check: no question was asked
    _title, text, info = dialogs.box(REFUSED)
    assert text == REFUSED + "."
    assert "outside.md" in info and info.endswith("Nothing was changed.")
    assert isinstance(window.packs.last_error, UnsafeMemberError)
    assert tree_of(data_dir / "packs") == before
    assert list_packs(data_dir) == packs_before
    assert not (tmp_path / "outside.md").exists()
    assert window.statusBar().currentMessage() == "The content pack was not installed."


def test_a_zip_dropped_on_the_window_is_installed(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    publisher: KeyPair,
    tmp_path: Path,
    dialogs: Dialogs,
) -> None:
    trust_key(data_dir, publisher.public_path)
    pack = make_pack(tmp_path, "1.1.0", publisher)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(pack))])
    assert pack_paths(data) == [pack]

    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    refused = drag_event(QDragEnterEvent, other)
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()

    enter = drag_event(QDragEnterEvent, data)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(window.packs.finished, timeout=30_000):
        QApplication.sendEvent(window, drag_event(QDropEvent, data))
    assert dialogs.titles() == [DETAILS, INSTALLED]
    qtbot.waitUntil(lambda: window.library_page.module_titles() == MODULE_TITLES)


def drag_event(kind: type[QDropEvent], data: QMimeData) -> QDropEvent:
    args = (
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:
        return kind(QPointF(20, 20), *args)
    except TypeError:
        return kind(QPoint(20, 20), *args)


def test_library_roots_keep_other_folders_and_take_the_packs_as_they_are(
    data_dir: Path, publisher: KeyPair, tmp_path: Path
) -> None:
    trust_key(data_dir, publisher.public_path)
    shipped = tmp_path / "shipped"
    stale = data_dir / "packs" / "removed-pack" / "current"
    assert library_roots([shipped, stale], data_dir) == [shipped]
    install_pack(make_pack(tmp_path, "1.0.0", publisher), data_dir, lambda _q: False)
    current = data_dir / "packs" / "fixture-library" / "current"
    assert library_roots([shipped], data_dir) == [shipped, current]


# ------------------------------------------------------------------ managing


def test_content_packs_dialog_rolls_back_and_removes(
    qtbot: QtBot, data_dir: Path, publisher: KeyPair, tmp_path: Path, dialogs: Dialogs
) -> None:
    trust_key(data_dir, publisher.public_path)
    install_pack(make_pack(tmp_path, "1.0.0", publisher), data_dir, lambda _q: False)
    install_pack(make_pack(tmp_path, "1.1.0"), data_dir, lambda _q: True)
    dialog = ManagePacksDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    item = dialog.table.topLevelItem(0)
    assert item is not None
    assert [item.text(c) for c in range(5)] == [
        "Fixture library",
        "1.1.0",
        "Test suite",
        "not signed",
        "1.0.0",
    ]
    assert dialog.rollback_button.isEnabled()

    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.rollback_button, Qt.MouseButton.LeftButton)
    (pack,) = list_packs(data_dir)
    assert pack.current.version == "1.0.0" and pack.previous is not None
    item = dialog.table.topLevelItem(0)
    assert item is not None
    assert item.text(1) == "1.0.0" and item.text(3) == publisher.public.fingerprint

    dialogs.answers["Remove a content pack?"] = QMessageBox.StandardButton.No
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert len(list_packs(data_dir)) == 1
    dialogs.answers["Remove a content pack?"] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert list_packs(data_dir) == []
    assert dialog.empty.isVisible() and not dialog.remove_button.isEnabled()


def test_content_packs_dialog_reloads_the_window_library(
    qtbot: QtBot,
    window: MainWindow,
    data_dir: Path,
    publisher: KeyPair,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trust_key(data_dir, publisher.public_path)
    install_through_menu(qtbot, window, make_pack(tmp_path, "1.0.0", publisher), monkeypatch)
    qtbot.waitUntil(lambda: window.library_page.module_titles() == MODULE_TITLES)

    dialogs.answers["Remove a content pack?"] = QMessageBox.StandardButton.Yes

    def remove_and_close(dialog: ManagePacksDialog) -> int:
        dialog.remove()
        return 0

    monkeypatch.setattr(ManagePacksDialog, "exec", remove_and_close)
    window.packs.manage_action.trigger()
    qtbot.waitUntil(lambda: window.library_page.module_titles() == [])
    assert "quiz-reading-indicators" not in window.library.quizzes
