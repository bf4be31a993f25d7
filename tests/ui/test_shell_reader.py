# mypy: disable-error-code="no-untyped-call"
"""The reader: content warning, table of contents, section navigation, reading position,
sections read, completion, zoom, safe resource loading and links."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from trainer.core.loader import load_library
from trainer.core.progress import ProgressStore
from trainer.ui.main_window import MainWindow
from trainer.ui.reader import ContentBrowser, ReaderPage
from trainer.ui.settings import AppSettings

IMAGE = QTextDocument.ResourceType.ImageResource.value


def png_bytes(folder: Path) -> bytes:
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    path = folder / "made.png"
    assert image.save(str(path))
    return path.read_bytes()


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot, fixture_library: Path, store: ProgressStore) -> MainWindow:
    # Long enough that the first module needs scrolling at any font size.
    path = fixture_library / "modules" / "reading-indicators.md"
    filler = "\n\n".join(f"Paragraph {n} of careful reading." for n in range(14))
    text = path.read_text("utf-8")
    for heading in ("## Context", "## What to do", "## What not to do"):
        text = text.replace(heading, f"{filler}\n\n{heading}")
    text = text.rstrip("\n") + f"\n\n{filler}\n"
    path.write_text(text, encoding="utf-8")
    made = MainWindow(load_library(fixture_library), store, AppSettings(store.data_dir))
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(made.isActiveWindow)
    made.set_profile(store.create_profile("Sam").profile_id)
    return made


def open_reading_indicators(qtbot: QtBot, window: MainWindow) -> ReaderPage:
    page = window.library_page
    page.select_module("reading-indicators")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    reader = window.reader_page
    assert window.current_page() is reader
    assert reader.showing_warning()
    qtbot.keyClick(reader.warning_continue, Qt.Key.Key_Space)
    assert not reader.showing_warning()
    qtbot.waitUntil(lambda: reader.browser.verticalScrollBar().maximum() > 0)
    return reader


def test_content_warning_can_send_the_learner_back(
    qtbot: QtBot, window: MainWindow, store: ProgressStore
) -> None:
    window.library_page.select_module("reading-indicators")
    window.library_page.tree.setFocus()
    qtbot.keyClick(window.library_page.tree, Qt.Key.Key_Return)
    reader = window.reader_page
    assert reader.showing_warning()
    assert "coercion and control" in reader.warning_text.text()
    qtbot.waitUntil(lambda: reader.warning_continue.hasFocus())
    reader.warning_back.click()
    assert window.current_page() is window.library_page
    progress = store.module_progress(window.profile_id or "", "reading-indicators")
    assert progress.position is None and not progress.sections_read  # nothing was read


def test_a_module_without_warning_opens_directly(qtbot: QtBot, window: MainWindow) -> None:
    window.open_module("second-module")
    assert window.current_page() is window.reader_page
    assert not window.reader_page.showing_warning()


def test_objectives_toc_and_sources(qtbot: QtBot, window: MainWindow) -> None:
    reader = open_reading_indicators(qtbot, window)
    text = reader.browser.toPlainText()
    assert text.index("Explain the difference between an indicator and evidence.") < text.index(
        "Strong, medium and weak"
    )  # objectives at the top
    assert text.rstrip().endswith(
        "International Labour Office and European Commission (2009). "
        "Operational indicators of trafficking in human beings."
    )
    assert reader.toc_titles() == [
        "Strong, medium and weak",
        "Context",
        "What to do",
        "What not to do",
        "Sources for this module",
    ]


def test_toc_and_section_keys_move_through_the_module(qtbot: QtBot, window: MainWindow) -> None:
    reader = open_reading_indicators(qtbot, window)
    assert reader.current_section_index() is None  # the introduction comes first
    reader.toc.setFocus()
    reader.toc.setCurrentRow(2)
    qtbot.keyClick(reader.toc, Qt.Key.Key_Return)
    assert reader.current_section_index() == 2
    qtbot.keyClick(reader.browser, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert reader.current_section_index() == 1
    qtbot.keyClick(reader.browser, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert reader.current_section_index() == 2
    assert reader.toc.currentRow() == 2
    assert "Section 3 of 4" in reader.end_label.text()
    reader.next_button.click()
    assert reader.current_section_index() == 3
    assert reader.toc.currentRow() == 3


def test_reading_to_the_end_marks_sections_and_completes(
    qtbot: QtBot, window: MainWindow, store: ProgressStore
) -> None:
    reader = open_reading_indicators(qtbot, window)
    profile_id = window.profile_id or ""
    assert not reader.complete_button.isVisible()
    reader.go_to_section(1)
    reader.save_progress()
    read = store.module_progress(profile_id, "reading-indicators").sections_read
    assert "strong-medium-and-weak" in read and "what-not-to-do" not in read
    qtbot.keyClick(reader.browser, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert reader.at_end()
    assert reader.complete_button.isVisible()
    assert reader.quiz_button.isVisible()
    reader.complete_button.setFocus()
    qtbot.keyClick(reader.complete_button, Qt.Key.Key_Space)
    progress = store.module_progress(profile_id, "reading-indicators")
    assert progress.completed
    assert progress.sections_read == {
        "strong-medium-and-weak",
        "context",
        "what-to-do",
        "what-not-to-do",
    }
    assert not reader.complete_button.isVisible()
    assert "completed" in reader.end_label.text()
    assert reader.quiz_button.hasFocus()
    window.show_library()
    assert "Completed" in window.library_page.module_status_text("reading-indicators")


def test_reading_position_is_remembered(
    qtbot: QtBot, window: MainWindow, store: ProgressStore
) -> None:
    reader = open_reading_indicators(qtbot, window)
    reader.go_to_section(2)
    value = reader.browser.verticalScrollBar().value()
    assert value > 0
    qtbot.keyClick(reader.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page() is window.library_page
    position = store.module_progress(window.profile_id or "", "reading-indicators").position
    assert position is not None and position.section_id == "what-to-do"
    window.open_module("second-module")
    assert reader.browser.verticalScrollBar().value() == 0
    reader.go_back()
    window.open_module("reading-indicators")
    reader.warning_continue.click()
    qtbot.waitUntil(lambda: abs(reader.browser.verticalScrollBar().value() - value) <= 2)
    assert reader.current_section_index() == 2


def test_take_the_quiz_from_the_end_of_the_module(qtbot: QtBot, window: MainWindow) -> None:
    from trainer.ui.quiz import QuizPage

    reader = open_reading_indicators(qtbot, window)
    qtbot.keyClick(reader.browser, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    reader.quiz_button.click()
    page = window.current_page()
    assert isinstance(page, QuizPage)
    assert page.quiz_id == "quiz-reading-indicators"
    page.closed.emit()
    assert window.current_page() is window.library_page


def test_zoom_keys_change_the_text_size_and_are_remembered(
    qtbot: QtBot, window: MainWindow, store: ProgressStore
) -> None:
    reader = open_reading_indicators(qtbot, window)
    before = reader.browser.font().pointSizeF()
    qtbot.keyClick(reader.browser, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(reader.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom == 120
    assert reader.browser.font().pointSizeF() == pytest.approx(before * 1.2, rel=0.02)
    assert reader.browser.document().defaultFont().pointSizeF() == pytest.approx(
        before * 1.2, rel=0.02
    )
    assert AppSettings(store.data_dir).reader_zoom == 120
    qtbot.keyClick(reader.browser, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom == 110
    qtbot.keyClick(reader.browser, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert reader.zoom == 100
    assert reader.browser.font().pointSizeF() == pytest.approx(before, rel=0.02)
    reader.zoom_in()
    again = MainWindow(window.library, store, AppSettings(store.data_dir))
    qtbot.addWidget(again)
    assert again.reader_page.zoom == 110


# ------------------------------------------------------------------ resources and links


def test_resources_load_only_pictures_inside_the_content_root(
    qtbot: QtBot, fixture_library: Path, tmp_path: Path
) -> None:
    browser = ContentBrowser()
    qtbot.addWidget(browser)
    browser.set_root(fixture_library)
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes(tmp_path))
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0", encoding="utf-8")

    picture = browser.loadResource(IMAGE, QUrl("content:modules/images/checklist.png"))
    assert isinstance(picture, QImage) and not picture.isNull()
    refused = [
        QUrl.fromLocalFile(str(secret)),
        QUrl.fromLocalFile(str(passwd)),
        QUrl("http://example.org/picture.png"),
        QUrl("https://example.org/picture.png"),
        QUrl("content:../../etc/passwd"),
        QUrl("content:../secret.png"),
        QUrl("content:modules/../../secret.png"),
        QUrl("content:%2e%2e/secret.png"),
        QUrl("content:" + str(secret)),
        QUrl("content:library.yaml"),
        QUrl("data:text/plain,hello"),
        QUrl("modules/images/checklist.png"),
    ]
    for url in refused:
        result = browser.loadResource(IMAGE, url)
        assert isinstance(result, QByteArray) and result.isEmpty(), url.toString()
        # The document must not fall back to reading the file itself.
        from_document = browser.document().loadResource(IMAGE, url)
        assert not isinstance(from_document, QImage), url.toString()
        assert not from_document, url.toString()
    encoded = base64.b64encode(png_bytes(tmp_path)).decode()
    inline = browser.loadResource(IMAGE, QUrl(f"data:image/png;base64,{encoded}"))
    assert isinstance(inline, QImage) and inline.width() == 2
    other_kind = browser.loadResource(
        QTextDocument.ResourceType.StyleSheetResource.value,
        QUrl("content:modules/images/checklist.png"),
    )
    assert isinstance(other_kind, QByteArray) and other_kind.isEmpty()


def test_the_module_picture_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    reader = open_reading_indicators(qtbot, window)
    image = reader.browser.document().resource(IMAGE, QUrl("content:modules/images/checklist.png"))
    assert isinstance(image, QImage) and not image.isNull()


def _click_text(qtbot: QtBot, browser: ContentBrowser, text: str) -> None:
    found = browser.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    rect = browser.cursorRect(cursor)
    point = QPoint(rect.center().x() + 2, rect.center().y())
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_external_links_are_shown_never_opened(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def record(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", record)
    reader = open_reading_indicators(qtbot, window)
    source_before = reader.browser.source()
    with qtbot.waitSignal(reader.externalLinkShown, timeout=2000) as shown:
        _click_text(qtbot, reader.browser, "ilo.org")
    assert shown.args == ["https://www.ilo.org/"]
    assert opened == []
    assert reader.browser.source() == source_before  # the browser did not navigate
    dialog = reader.external_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.field.text() == "https://www.ilo.org/"
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == "https://www.ilo.org/"
    dialog.close()
    assert window.current_page() is reader


def test_links_to_modules_open_them_in_the_app(qtbot: QtBot, window: MainWindow) -> None:
    reader = open_reading_indicators(qtbot, window)
    _click_text(qtbot, reader.browser, "the second module")
    assert reader.module is not None and reader.module.id == "second-module"
    _click_text(qtbot, reader.browser, "Reading indicators")
    assert reader.module is not None and reader.module.id == "reading-indicators"
    assert reader.showing_warning()  # the warning comes first, every time


def test_a_section_anchor_scrolls_and_sources_are_the_last_entry(
    qtbot: QtBot, window: MainWindow
) -> None:
    reader = open_reading_indicators(qtbot, window)
    reader.browser.anchorClicked.emit(QUrl("#what-to-do"))
    assert reader.current_section_index() == 2
    reader.toc.setCurrentRow(reader.toc.count() - 1)
    qtbot.keyClick(reader.toc, Qt.Key.Key_Return)
    sources_top = reader._content_end()
    assert reader.browser.verticalScrollBar().value() >= min(
        sources_top - 10, reader.browser.verticalScrollBar().maximum()
    )
    assert reader.at_end()
    assert reader.complete_button.isVisible()
