# mypy: disable-error-code="no-untyped-call"
"""The reader with a long lesson: shown from its first parts while the rest is rendered,
kept as a document for reopening, the reading place restored exactly and never moved by
opening and leaving, navigation at once, pictures only from inside the content root.

Behaviour only: how long opening takes is measured by ``bench/measure_ui.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from trainer.core.library_status import content_location
from trainer.core.loader import load_library
from trainer.core.progress import ProgressStore
from trainer.core.render import render_markdown
from trainer.ui import reader as reader_module
from trainer.ui.main_window import MainWindow
from trainer.ui.reader import LessonDocument, ReaderPage
from trainer.ui.settings import AppSettings

IMAGE = QTextDocument.ResourceType.ImageResource.value
PARTS = 24


def long_module() -> str:
    sections = []
    for n in range(1, PARTS + 1):
        paragraphs = "\n\n".join(
            f"Paragraph {p} of part {n}: the officer notes what was said, by whom and when, "
            "and keeps the notes apart from what was only assumed at the time."
            for p in range(1, 6)
        )
        extra = ""
        if n == 3:
            extra = (
                "\n\n![The checklist](images/checklist.png)"
                "\n\nSee [the second module](second-module.md)."
            )
        if n == 5:
            extra = "\n\n```\n# a comment in code, not a heading\n\n# another\n```"
        sections.append(f"## Part {n}\n\n{paragraphs}{extra}\n\n### Check {n}\n\nA short check.")
    return (
        "---\nkind: module\nid: long-module\ntitle: A long module\ntrack: basics\norder: 3\n"
        "summary: A long module to read in parts.\nestimated_minutes: 40\nlanguage: en\n"
        "audience: [all]\nobjectives:\n  - Read a long module.\nindicators: []\nsources:\n"
        "  - title: Operational indicators of trafficking in human beings\n"
        "    publisher: International Labour Office and European Commission\n"
        "    year: 2009\n---\n\n# A long module\n\nAn introduction.\n\n"
        + "\n\n".join(sections)
        + "\n"
    )


@pytest.fixture
def store(data_dir: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def content(fixture_library: Path) -> Path:
    (fixture_library / "modules" / "long-module.md").write_text(long_module(), encoding="utf-8")
    return fixture_library


@pytest.fixture
def window(qtbot: QtBot, content: Path, store: ProgressStore) -> MainWindow:
    library = load_library(content)
    assert "long-module" in library.modules, [p.format() for p in library.problems]
    made = MainWindow(library, store, AppSettings(store.data_dir))
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(made.isActiveWindow)
    made.set_profile(store.create_profile("Sam").profile_id)
    return made


def whole_text(window: MainWindow, reader: ReaderPage) -> str:
    """The module's page rendered all at once, as plain text."""
    module = window.library.modules["long-module"]
    location = content_location(window.library, module.path, module.sha256)
    assert location is not None
    root, base = location[0], location[1].parent
    page = render_markdown(module.body, reader._context(root, base))
    document = QTextDocument()
    document.setHtml(reader._page_html(module, page.html))
    return document.toPlainText()


def is_whole(reader: ReaderPage) -> bool:
    return "Sources for this module" in reader.browser.toPlainText()


def test_a_long_lesson_is_shown_from_its_top_then_whole(qtbot: QtBot, window: MainWindow) -> None:
    reader = window.reader_page
    window.open_module("long-module")
    first = reader.browser.toPlainText()
    assert first.startswith("A long module") and "Paragraph 1 of part 1:" in first
    assert f"Part {PARTS}" not in first and not is_whole(reader)  # the rest follows
    assert reader.toc_titles()[-2:] == [f"Part {PARTS}", "Sources for this module"]
    qtbot.waitUntil(lambda: is_whole(reader))
    assert reader.browser.toPlainText() == whole_text(window, reader)
    document = reader.browser.document()
    assert isinstance(document, LessonDocument)
    picture = document.resource(IMAGE, QUrl("content:modules/images/checklist.png"))
    assert isinstance(picture, QImage) and not picture.isNull()
    reader.go_to_section(2)
    assert reader.current_section_index() == 2
    assert {"part-1", "part-2"} <= reader.sections_read()
    assert reader.browser.find("Paragraph 4 of part 21")  # finding text in the lesson
    assert reader.browser.textCursor().selectedText() == "Paragraph 4 of part 21"
    assert reader.browser.viewport().rect().contains(reader.browser.cursorRect())
    assert reader.current_section_index() in (19, 20)


def test_a_kept_lesson_is_shown_again_without_rendering_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    real = reader_module.render_markdown

    def counting(text: str, context: Any = None) -> Any:
        rendered.append(text)
        return real(text, context)

    monkeypatch.setattr(reader_module, "render_markdown", counting)
    reader = window.reader_page
    window.open_module("long-module")
    qtbot.waitUntil(lambda: is_whole(reader))
    parts = len(rendered)
    assert parts > 2  # in parts
    assert "".join(rendered) == window.library.modules["long-module"].body
    document = reader.browser.document()
    window.show_library()
    window.open_module("second-module")
    assert reader.browser.document() is not document
    window.show_library()
    window.open_module("long-module")
    assert reader.browser.document() is document and is_whole(reader)
    assert len(rendered) == parts + 1  # only the second module


def test_the_reading_place_in_a_long_lesson_is_restored_exactly(
    qtbot: QtBot, window: MainWindow, store: ProgressStore, content: Path
) -> None:
    reader = window.reader_page
    bar = reader.browser.verticalScrollBar()
    window.open_module("long-module")
    reader.go_to_section(19)
    bar.setValue(bar.value() + 60)  # a little way into the section
    value = bar.value()
    assert reader.current_section_index() == 19
    window.show_library()
    profile = window.profile_id or ""
    stored = store.module_progress(profile, "long-module").position
    assert stored is not None and stored.section_id == "part-20"

    # Opened again: the kept document, and its layout known, so the place at once.
    window.open_module("second-module")
    window.show_library()
    window.open_module("long-module")
    assert abs(bar.value() - value) <= 1
    assert reader.current_section_index() == 19
    window.show_library()
    assert store.module_progress(profile, "long-module").position == stored

    # Rendered again (another library): the section first, the exact place once whole.
    window.set_library(load_library(content))
    window.open_module("long-module")
    assert reader.current_section_index() == 19
    qtbot.waitUntil(lambda: is_whole(reader) and abs(bar.value() - value) <= 1)
    assert reader.current_section_index() == 19
    window.show_library()
    assert store.module_progress(profile, "long-module").position == stored


def test_leaving_a_long_lesson_at_once_keeps_its_reading_place(
    qtbot: QtBot, window: MainWindow, store: ProgressStore
) -> None:
    profile = window.profile_id or ""
    store.set_reading_position(profile, "long-module", "part-15", 0.55)
    stored = store.module_progress(profile, "long-module").position
    reader = window.reader_page
    window.open_module("long-module")
    assert not is_whole(reader)
    window.show_library()
    assert store.module_progress(profile, "long-module").position == stored
    qtbot.wait(100)  # the rest rendered and laid out meanwhile
    assert store.module_progress(profile, "long-module").position == stored


def test_moving_in_a_long_lesson_before_it_is_whole(qtbot: QtBot, window: MainWindow) -> None:
    reader = window.reader_page
    window.open_module("long-module")
    assert not is_whole(reader)
    reader.toc.setFocus()
    reader.toc.setCurrentRow(PARTS - 4)  # with a screenful of text below it
    qtbot.keyClick(reader.toc, Qt.Key.Key_Return)
    assert is_whole(reader)
    assert reader.current_section_index() == PARTS - 4
    qtbot.keyClick(reader.browser, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)

    window.set_library(window.library)  # rendered again from the start
    window.open_module("long-module")
    assert not is_whole(reader)
    qtbot.keyClick(reader.browser, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert is_whole(reader) and reader.at_end()
    assert reader.complete_button.isVisible()
    qtbot.keyClick(reader.browser, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)

    window.set_library(window.library)
    window.open_module("long-module")
    size = reader.browser.font().pointSizeF()
    reader.zoom_in()
    assert is_whole(reader)
    assert reader.browser.document().defaultFont().pointSizeF() > size
    section = reader.current_section_index()
    assert section is not None and section < 2
    qtbot.keyClick(reader.browser, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert reader.current_section_index() == section + 1


def test_dragging_to_the_bottom_before_the_lesson_is_whole_goes_to_its_end(
    window: MainWindow,
) -> None:
    from PySide6.QtWidgets import QAbstractSlider

    reader = window.reader_page
    window.open_module("long-module")
    assert not is_whole(reader)
    bar = reader.browser.verticalScrollBar()
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)  # as a drag or End does
    assert is_whole(reader) and reader.at_end()
    assert bar.value() == bar.maximum()
    assert "Sources for this module" in reader.browser.toPlainText()


def test_a_lesson_document_loads_only_pictures_inside_the_content_root(
    content: Path, tmp_path: Path
) -> None:
    document = LessonDocument(content)
    secret = tmp_path / "secret.png"
    image = QImage(2, 2, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    assert image.save(str(secret))
    picture = document.loadResource(IMAGE, QUrl("content:modules/images/checklist.png"))
    assert isinstance(picture, QImage) and not picture.isNull()
    for url in (
        QUrl.fromLocalFile(str(secret)),
        QUrl("content:../secret.png"),
        QUrl("content:" + str(secret)),
        QUrl("https://example.org/picture.png"),
        QUrl("modules/images/checklist.png"),
    ):
        refused = document.loadResource(IMAGE, url)
        assert isinstance(refused, QByteArray) and refused.isEmpty(), url.toString()
        assert not isinstance(document.resource(IMAGE, url), QImage), url.toString()
    assert (
        LessonDocument(None)
        .loadResource(IMAGE, QUrl("content:modules/images/checklist.png"))
        .isEmpty()
    )
