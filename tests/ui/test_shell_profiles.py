# mypy: disable-error-code="no-untyped-call"
"""Learners: the first-launch welcome, the list of learners, switching, renaming and
deleting (driving the real main window on the fixture library)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from trainer.core.loader import load_library
from trainer.core.progress import ProgressStore
from trainer.ui.main_window import MainWindow
from trainer.ui.profiles import ManageProfilesDialog
from trainer.ui.settings import AppSettings


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


def make_window(qtbot: QtBot, content: Path, store: ProgressStore) -> MainWindow:
    window = MainWindow(load_library(content), store, AppSettings(store.data_dir))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_first_launch_asks_for_a_name_and_creates_the_learner(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    window = make_window(qtbot, fixture_library, store)
    page = window.profile_page
    assert window.current_page() is page and page.is_creating()
    assert not page.cancel_create.isVisible()  # nothing to go back to on first launch
    assert "this computer" in " ".join(
        label.text() for label in page.create_view.findChildren(type(page.create_title))
    )
    assert not page.create_button.isEnabled()
    qtbot.waitUntil(lambda: page.name_form.field.hasFocus())
    qtbot.keyClicks(page.name_form.field, "   ")
    assert not page.create_button.isEnabled()  # blanks are not a name
    page.name_form.field.clear()
    qtbot.keyClicks(page.name_form.field, "  Sam   Okoro ")
    assert page.create_button.isEnabled()
    qtbot.keyClick(page.name_form.field, Qt.Key.Key_Return)

    [profile] = store.profiles()
    assert profile.display_name == "Sam Okoro"
    assert window.profile_id == profile.profile_id
    assert window.current_page() is window.library_page
    assert "Sam Okoro" in window.learner_caption.text()
    assert AppSettings(store.data_dir).last_profile == profile.profile_id


def test_later_launches_list_the_learners_and_preselect_the_last(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    amira = store.create_profile("Amira")
    jonas = store.create_profile("Jonas")
    settings = AppSettings(store.data_dir)
    settings.last_profile = jonas.profile_id
    settings.sync()
    window = make_window(qtbot, fixture_library, store)
    page = window.profile_page
    assert not page.is_creating()
    names = [page.list.item(i).text() for i in range(page.list.count())]
    assert names == ["Amira", "Jonas"]
    current = page.list.currentItem()
    assert current is not None and current.text() == "Jonas"
    qtbot.waitUntil(lambda: page.list.hasFocus())
    qtbot.keyClick(page.list, Qt.Key.Key_Up)
    qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert window.profile_id == amira.profile_id
    assert window.current_page() is window.library_page


def test_switching_learner_is_one_click_away_and_shows_their_progress(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    amira = store.create_profile("Amira")
    jonas = store.create_profile("Jonas")
    store.mark_module_complete(jonas.profile_id, "second-module")
    window = make_window(qtbot, fixture_library, store)
    window.profile_page.list.setCurrentRow(0)
    window.profile_page.continue_button.click()
    assert window.profile_id == amira.profile_id
    assert "Completed" not in window.library_page.module_status_text("second-module")

    qtbot.mouseClick(window.profile_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.profile_page
    window.profile_page.list.setCurrentRow(1)
    qtbot.keyClick(window.profile_page.list, Qt.Key.Key_Return)
    assert window.profile_id == jonas.profile_id
    assert "Jonas" in window.learner_caption.text()
    assert "Completed" in window.library_page.module_status_text("second-module")


def test_new_profile_from_the_list_and_cancel(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore
) -> None:
    store.create_profile("Amira")
    window = make_window(qtbot, fixture_library, store)
    page = window.profile_page
    page.new_button.click()
    assert page.is_creating() and page.cancel_create.isVisibleTo(page)
    qtbot.keyClick(page.name_form.field, Qt.Key.Key_Escape)
    assert not page.is_creating()
    page.new_button.click()
    qtbot.keyClicks(page.name_form.field, "Lena")
    page.create_button.click()
    assert sorted(p.display_name for p in store.profiles()) == ["Amira", "Lena"]
    assert window.profile_name() == "Lena"


def test_rename_and_delete_in_the_manage_dialog(
    qtbot: QtBot, fixture_library: Path, store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    amira = store.create_profile("Amira")
    store.create_profile("Jonas")
    window = make_window(qtbot, fixture_library, store)
    window.set_profile(amira.profile_id)

    dialog = ManageProfilesDialog(store, window)
    qtbot.addWidget(dialog)
    dialog.profilesChanged.connect(window._profiles_changed)
    dialog.list.setCurrentRow(0)
    monkeypatch.setattr(dialog, "ask_name", lambda current: "Amira Haddad")
    dialog.rename_selected()
    assert store.get_profile(amira.profile_id).display_name == "Amira Haddad"
    assert "Amira Haddad" in window.learner_caption.text()

    monkeypatch.setattr(dialog, "confirm_delete", lambda name: False)
    dialog.list.setCurrentRow(0)
    dialog.delete_selected()
    assert len(store.profiles()) == 2  # declined: nothing deleted

    monkeypatch.setattr(dialog, "confirm_delete", lambda name: True)
    dialog.list.setCurrentRow(0)
    dialog.delete_selected()
    assert [p.display_name for p in store.profiles()] == ["Jonas"]
    trash = store.data_dir / "trash"
    assert any(amira.profile_id in entry.name for entry in trash.iterdir())
    # The learner in use was deleted: the window goes back to the list of learners.
    assert window.profile_id is None
    assert window.current_page() is window.profile_page
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["Jonas"]
