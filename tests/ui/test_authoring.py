# mypy: disable-error-code="no-untyped-call"
"""Authoring mode: problems that follow the files on disk, the live preview of modules,
quizzes and taxonomies as a learner sees them, a quiz try-out that records nothing, and
the coverage of the indicators by questions."""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from trainer.cli import author
from trainer.core.model import QuizMode
from trainer.core.progress import ProgressStore
from trainer.core.quiz_run import right_answer
from trainer.ui.authoring import AuthoringWindow
from trainer.ui.authoring.coverage import COVERAGE_COLUMNS, CoverageView
from trainer.ui.authoring.problems import COLUMNS, local_file
from trainer.ui.authoring.watcher import watched_paths
from trainer.ui.theme import Theme, apply_theme, colors_for

QUIZ = "quizzes/reading-indicators.md"
QUIZ_ID = "quiz-reading-indicators"
UNTRAINED = """  - id: kept-in-isolation
    name: Kept in isolation
    dimension: coercion-at-destination
    strength: medium
    description: The person is not allowed to leave the workplace or meet others.
    observe:
      - The person sleeps where they work and never goes out alone.
    sources: [ilo-ec-2009]
"""


@pytest.fixture
def window(qtbot: QtBot, fixture_library: Path) -> Iterator[AuthoringWindow]:
    made = AuthoringWindow(fixture_library)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: made.loaded_once)
    yield made
    made.close()


def reloaded(qtbot: QtBot, window: AuthoringWindow, check: object) -> None:
    """Wait until the window has read the folder again and ``check()`` holds."""
    assert callable(check)
    qtbot.waitUntil(lambda: bool(check()), timeout=10_000)


def break_quiz(root: Path) -> None:
    path = root / QUIZ
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("Indicators: document-retention\n", "Indicators: doc-retention\n", 1)
    )


def files_of(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ------------------------------------------------------------------ problems


def test_problems_list_a_broken_file_and_follow_its_fix_on_disk(
    qtbot: QtBot, window: AuthoringWindow, fixture_library: Path
) -> None:
    assert window.problems.rows() == []
    assert ("quiz", QUIZ_ID) in window.tree.entries()

    break_quiz(fixture_library)
    reloaded(qtbot, window, lambda: window.problems.rows())
    ((path, line, column, severity, message),) = window.problems.rows()
    assert path == QUIZ and severity == "error"
    assert "unknown indicator 'doc-retention'" in message
    assert "did you mean 'document-retention'" in message
    assert line > 1 and column > 1
    assert window.tabs.tabText(window.tabs.indexOf(window.problems)) == "&Problems (1)"
    # The quiz is left out of the library, and listed as a file with errors.
    assert ("quiz", QUIZ_ID) not in window.tree.entries()
    assert ("file", QUIZ) in window.tree.entries()

    (fixture_library / QUIZ).write_text(
        (fixture_library / QUIZ).read_text("utf-8").replace("doc-retention", "document-retention")
    )
    reloaded(qtbot, window, lambda: not window.problems.rows())
    assert ("quiz", QUIZ_ID) in window.tree.entries()
    assert window.tabs.tabText(window.tabs.indexOf(window.problems)) == "&Problems"


def test_new_folders_and_files_are_watched_too(
    qtbot: QtBot, window: AuthoringWindow, fixture_library: Path
) -> None:
    folder = fixture_library / "drafts"
    folder.mkdir()
    reloaded(
        qtbot, window, lambda: str(folder) in (window._watcher.watched() if window._watcher else [])
    )
    draft = folder / "draft.md"
    draft.write_text("---\nkind: module\nid: Draft\n---\n", "utf-8")
    reloaded(qtbot, window, lambda: any(r[0] == "drafts/draft.md" for r in window.problems.rows()))
    watcher = window._watcher
    assert watcher is not None
    reloaded(qtbot, window, lambda: str(draft) in watcher.watched())
    # An editor that saves by writing a new file and renaming it over the old one.
    fixed = (fixture_library / "modules" / "second-module.md").read_text("utf-8")
    fixed = fixed.replace("id: second-module", "id: draft").replace("order: 2", "order: 3")
    replacement = folder / ".draft.md.tmp"
    replacement.write_text(fixed, "utf-8")
    replacement.replace(draft)
    reloaded(qtbot, window, lambda: ("module", "draft") in window.tree.entries())
    assert window.problems.rows() == []
    # Changing the renamed file again is still noticed.
    draft.write_text(fixed.replace("title: A second module", "title: The draft"), "utf-8")
    reloaded(
        qtbot,
        window,
        lambda: (
            window.library.modules.get("draft") is not None
            and window.library.modules["draft"].title == "The draft"
        ),
    )


def test_watched_paths_skip_what_the_loader_skips(fixture_library: Path) -> None:
    (fixture_library / ".git").mkdir()
    (fixture_library / ".git" / "notes.md").write_text("x")
    (fixture_library / "__pycache__").mkdir()
    (fixture_library / "notes.txt").write_text("x")
    folders, files = watched_paths(fixture_library)
    assert str(fixture_library) in folders
    assert str(fixture_library / "modules" / "images") in folders
    assert not any(".git" in f or "__pycache__" in f for f in folders + files)
    assert str(fixture_library / "library.yaml") in files
    assert str(fixture_library / "notes.txt") not in files


def test_problems_sort_by_any_column_with_numbers_as_numbers(
    qtbot: QtBot, window: AuthoringWindow, fixture_library: Path
) -> None:
    path = fixture_library / QUIZ
    text = path.read_text("utf-8")
    # A problem before line 10 and one after it: "24" sorts before "6" as text.
    text = text.replace("pass_mark: 70\n", "pass_mark: 170\n", 1)
    text = text.replace("Indicators: document-retention\n", "Indicators: doc-retention\n", 1)
    path.write_text(text, "utf-8")
    reloaded(qtbot, window, lambda: len(window.problems.rows()) == 2)
    window.problems.table.sortByColumn(COLUMNS["line"], Qt.SortOrder.AscendingOrder)
    lines = [row[1] for row in window.problems.rows()]
    assert lines == sorted(lines) and lines[0] < 10 <= lines[1]
    window.problems.table.sortByColumn(COLUMNS["line"], Qt.SortOrder.DescendingOrder)
    assert [row[1] for row in window.problems.rows()] == sorted(lines, reverse=True)
    window.problems.table.sortByColumn(COLUMNS["message"], Qt.SortOrder.AscendingOrder)
    messages = [row[4] for row in window.problems.rows()]
    assert messages == sorted(messages, key=str.lower)


def test_a_problem_opens_its_file_or_copies_its_location(
    qtbot: QtBot,
    window: AuthoringWindow,
    fixture_library: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    break_quiz(fixture_library)
    reloaded(qtbot, window, lambda: window.problems.rows())
    table = window.problems.table
    item = table.topLevelItem(0)
    assert item is not None
    rect = table.visualItemRect(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == []  # a single click only selects
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    expected = str((fixture_library / QUIZ).resolve())
    assert [u.toLocalFile() for u in opened] == [expected]
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert [u.toLocalFile() for u in opened] == [expected, expected]

    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    clipboard = QApplication.clipboard()
    assert clipboard is not None
    line = window.problems.rows()[0][1]
    assert clipboard.text() == f"{QUIZ}:{line}"

    # Only files inside the content folder are ever handed to the system.
    assert local_file(fixture_library, "../outside.md") is None
    assert local_file(fixture_library, "/etc/passwd") is None
    assert local_file(fixture_library, "quizzes/missing.md") is None


# ------------------------------------------------------------------ preview


def test_a_module_is_previewed_in_the_learners_reader(
    qtbot: QtBot, window: AuthoringWindow, fixture_library: Path
) -> None:
    assert window.tree.select(("module", "second-module"))
    reader = window.preview.reader
    assert reader is not None and window.preview.currentWidget() is reader
    assert "Going back" in reader.browser.toPlainText()
    assert reader.toc_titles() == ["Going back", "Sources for this module"]
    # The module with a content warning shows it first, as it does for a learner.
    assert window.tree.select(("module", "reading-indicators"))
    assert reader.showing_warning()
    qtbot.mouseClick(reader.warning_continue, Qt.MouseButton.LeftButton)
    assert not reader.showing_warning()
    # Saving the module updates the preview, which stays on the text.
    path = fixture_library / "modules" / "reading-indicators.md"
    path.write_text(path.read_text("utf-8").replace("# Reading indicators", "# Reading signs"))
    reloaded(qtbot, window, lambda: "Reading signs" in reader.browser.toPlainText())
    assert not reader.showing_warning()
    # "← Library" leads back to the content list; a link to the quiz selects it.
    with qtbot.waitSignal(window.preview.backRequested):
        qtbot.mouseClick(reader.back_button, Qt.MouseButton.LeftButton)
    reader.startQuizRequested.emit(QUIZ_ID)
    assert window.tree.current_entry() == ("quiz", QUIZ_ID)


def test_a_quiz_and_a_taxonomy_are_previewed(qtbot: QtBot, window: AuthoringWindow) -> None:
    assert not window.try_button.isEnabled()
    assert window.tree.select(("quiz", QUIZ_ID))
    tryout = window.preview.quiz
    assert window.preview.currentWidget() is tryout
    assert tryout.current_view() is tryout.intro
    assert tryout.intro.title.text() == "Reading indicators in practice"
    assert window.try_button.isEnabled()
    assert window.tree.select(("taxonomy", "fixture-indicators"))
    text = window.preview.taxonomy.toPlainText()
    assert "Debt bondage" in text and "A companion answers every question" in text


def test_trying_a_quiz_records_nothing_in_the_data_folder(
    qtbot: QtBot, window: AuthoringWindow, data_dir: Path
) -> None:
    store = ProgressStore.open(data_dir)
    learner = store.create_profile("Officer Kim").profile_id
    store.close()
    before = files_of(data_dir)

    assert window.tree.select(("quiz", QUIZ_ID))
    window.preview.quiz.intro.practice.setChecked(True)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    tryout = window.preview.quiz
    assert tryout.in_progress() and tryout.current_view() is tryout.runner
    assert "not recorded" in tryout.banner_text.text()
    runner = tryout.runner
    assert tryout.run is not None
    answered = 0
    while tryout.current_view() is runner:
        widget = runner.answer_widget
        assert widget is not None
        widget.set_answer(right_answer(tryout.run.question))
        runner.primary_action()  # check
        runner.primary_action()  # next, or finish
        answered += 1
    assert tryout.current_view() is tryout.results
    assert tryout.outcome is not None and tryout.outcome.result.passed
    assert not tryout.results.certificate_button.isVisible()
    # The answers went to the try-out's memory recorder...
    assert len(tryout.recorder.attempts) == answered == tryout.run.count
    assert {s.mode for s in tryout.recorder.sessions} == {QuizMode.PRACTICE.value}
    # ...and nothing to the data folder: same files, same bytes, no history.
    assert files_of(data_dir) == before
    store = ProgressStore.open(data_dir)
    try:
        assert store.sessions(learner) == []
        assert list(store.attempts(learner)) == []
    finally:
        store.close()


def test_a_try_out_goes_on_when_the_quiz_file_changes(
    qtbot: QtBot, window: AuthoringWindow, fixture_library: Path
) -> None:
    assert window.tree.select(("quiz", QUIZ_ID))
    window.try_quiz()
    tryout = window.preview.quiz
    run = tryout.run
    assert run is not None and tryout.in_progress()
    path = fixture_library / QUIZ
    path.write_text(path.read_text("utf-8").replace("night shifts", "late shifts"))
    reloaded(qtbot, window, lambda: "changed" in tryout.banner_text.text())
    assert tryout.run is run and tryout.in_progress()
    # Starting again takes the new version.
    tryout.show_intro()
    assert tryout.try_quiz()
    assert tryout.run is not None and tryout.run.quiz.sha256 != run.quiz.sha256


# ------------------------------------------------------------------ coverage


def test_coverage_counts_questions_and_marks_an_untrained_indicator(
    qtbot: QtBot, window: AuthoringWindow, fixture_library: Path
) -> None:
    coverage = window.coverage
    assert coverage.untrained() == []
    counts = coverage.question_counts()
    assert counts["document-retention"] == 5 and counts["controlled-by-others"] == 1
    # A dimension counts its questions once each: 5 questions train its 3 indicators
    # 8 times.
    dimensions = {
        item.text(0): item.text(COVERAGE_COLUMNS["questions"])
        for item in (coverage.tree.topLevelItem(i) for i in range(2))
        if item is not None
    }
    assert dimensions == {"Deceptive recruitment": "2", "Coercion at destination": "5"}

    taxonomy = fixture_library / "taxonomy" / "indicators.yaml"
    taxonomy.write_text(taxonomy.read_text("utf-8") + UNTRAINED, "utf-8")
    reloaded(qtbot, window, lambda: coverage.untrained() == ["kept-in-isolation"])
    assert coverage.summary.text().startswith("1 of the 5 indicators")
    item = next(item for key, item in coverage._indicator_items() if key == "kept-in-isolation")
    assert item.text(COVERAGE_COLUMNS["status"]) == "Not trained by any question"
    assert item.background(0).style() != Qt.BrushStyle.NoBrush
    trained = next(item for key, item in coverage._indicator_items() if key == "debt-bondage")
    assert trained.background(0).style() == Qt.BrushStyle.NoBrush

    # Sorting by questions puts the untrained indicator first in its dimension.
    coverage.tree.sortByColumn(COVERAGE_COLUMNS["questions"], Qt.SortOrder.AscendingOrder)
    parent = item.parent()
    assert parent is not None
    first = parent.child(0)
    assert first is not None and first.text(0) == "Kept in isolation"
    # "Show only untrained" hides the rest.
    coverage.only_untrained.setChecked(True)
    assert not item.isHidden() and trained.isHidden()
    # The highlight takes the colours of the theme chosen.
    assert item.background(0).color().name() == colors_for(Theme.LIGHT).danger_bg
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    sheet, palette, font = app.styleSheet(), QPalette(app.palette()), app.font()
    theme = app.property("trainerTheme")
    apply_theme(Theme.DARK)
    try:
        qtbot.waitUntil(lambda: _untrained_colour(coverage) == colors_for(Theme.DARK).danger_bg)
    finally:
        app.setStyleSheet(sheet)
        app.setPalette(palette)
        app.setFont(font)
        app.setProperty("trainerTheme", theme)


def _untrained_colour(coverage: CoverageView) -> str:
    found = [item for key, item in coverage._indicator_items() if item.untrained]
    return found[0].background(0).color().name() if found else ""


# ------------------------------------------------------------------ the command


def author_command(argv: list[str]) -> int:
    """``trainer author`` as the trainer command runs it once it is registered."""
    parser = argparse.ArgumentParser(prog="trainer")
    author.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


def test_trainer_author_opens_the_folder(
    qtbot: QtBot, fixture_library: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Path, list[tuple[str, str]]]] = []

    def fake_exec(app: QApplication) -> int:
        window = next(
            w for w in app.topLevelWidgets() if isinstance(w, AuthoringWindow) and w.isVisible()
        )
        qtbot.waitUntil(lambda: window.loaded_once)
        seen.append((window.root, window.tree.entries()))
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert author_command(["author", str(fixture_library)]) == 0
    ((root, entries),) = seen
    assert root == fixture_library.resolve()
    assert ("module", "second-module") in entries
    assert not (data_dir / "profiles").exists()


def test_trainer_author_refuses_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert author_command(["author", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
