"""The authoring window: a content folder being written, with its problems, a live
preview of each module, quiz and taxonomy as a learner sees it, and the coverage of the
indicators by the questions.

The folder is watched (:class:`FolderWatcher`): a saved file is read again in a worker
thread (:class:`LibraryReloader`) and every part of the window follows. The window
reads the folder only; it writes nothing into it, and nothing into a progress folder.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from trainer.core.model import Library
from trainer.ui.authoring.content_tree import ContentTree, Entry
from trainer.ui.authoring.coverage import CoverageView
from trainer.ui.authoring.preview import PreviewPane
from trainer.ui.authoring.problems import ProblemsView
from trainer.ui.authoring.watcher import DEBOUNCE_MS, FolderWatcher
from trainer.ui.library_reload import LibraryReloader
from trainer.ui.theme import set_style_property

__all__ = ["AuthoringWindow", "choose_and_open"]

_STATUS_TIMEOUT_MS = 6000


class AuthoringWindow(QMainWindow):
    """Authoring mode for one content folder."""

    def __init__(
        self, root: Path, parent: QWidget | None = None, *, debounce_ms: int = DEBOUNCE_MS
    ) -> None:
        super().__init__(parent)
        self.root = root.expanduser().resolve()
        self.debounce_ms = debounce_ms
        self.library = Library(roots=(self.root,), info=None)
        self.loaded_once = False
        self.setWindowTitle(self.tr("Authoring — {folder}").format(folder=self.root.name))

        self.tree = ContentTree()
        self.preview = PreviewPane(self.library)
        self.problems = ProblemsView(self.root)
        self.coverage = CoverageView()

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(8, 8, 4, 4)
        tree_label = QLabel(self.tr("&Content"))
        set_style_property(tree_label, "role", "muted")
        tree_label.setBuddy(self.tree)
        left_box.addWidget(tree_label)
        left_box.addWidget(self.tree, 1)

        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(4, 8, 8, 4)
        head = QHBoxLayout()
        self.library_label = QLabel()
        self.library_label.setWordWrap(True)
        self.library_label.setTextFormat(Qt.TextFormat.PlainText)
        set_style_property(self.library_label, "role", "muted")
        self.try_button = QPushButton(self.tr("&Try this quiz"))
        self.try_button.setToolTip(
            self.tr("Take the quiz as a learner, recording nothing (Ctrl+T)")
        )
        self.try_button.setAccessibleDescription(
            self.tr("Take the selected quiz as a learner would; nothing is recorded")
        )
        head.addWidget(self.library_label, 1)
        head.addWidget(self.try_button)
        right_box.addLayout(head)
        right_box.addWidget(self.preview, 1)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 3)
        top.setSizes([420, 860])
        top.setChildrenCollapsible(False)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Problems and coverage"))
        self.tabs.addTab(self.problems, self.tr("&Problems"))
        self.tabs.addTab(self.coverage, self.tr("Co&verage"))

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 240])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.tree.entrySelected.connect(self._entry_selected)
        self.preview.entryRequested.connect(self.select)
        # The reader's "← Library" leads back to the content list.
        self.preview.backRequested.connect(self.tree.setFocus)
        self.preview.statusMessage.connect(self.show_status)
        self.problems.statusMessage.connect(self.show_status)
        self.problems.countChanged.connect(self._problem_count)
        self.try_button.clicked.connect(self.try_quiz)

        self._build_menus()
        self.statusBar().setSizeGripEnabled(True)
        self._reloader: LibraryReloader | None = None
        self._watcher: FolderWatcher | None = None
        self.resize(1280, 860)
        self._update_try()
        self.open_folder(self.root)

    # ------------------------------------------------------------ building

    def _action(self, text: str, slot: object, keys: str = "", tip: str = "") -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.open_action = self._action(
            self.tr("&Open content folder…"),
            self.choose_folder,
            "Ctrl+O",
            self.tr("Write another content folder"),
        )
        self.reload_action = self._action(
            self.tr("Check &again now"),
            self.reload,
            "F5",
            self.tr("Read every file of the folder again"),
        )
        self.close_action = self._action(self.tr("&Close"), self.close, "Ctrl+W")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.reload_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)

        preview_menu = bar.addMenu(self.tr("P&review"))
        self.try_action = self._action(
            self.tr("&Try this quiz"),
            self.try_quiz,
            "Ctrl+T",
            self.tr("Take the selected quiz as a learner, recording nothing"),
        )
        preview_menu.addAction(self.try_action)

        go_menu = bar.addMenu(self.tr("&Go"))
        self.go_content = self._action(self.tr("&Content"), self.tree.setFocus, "Ctrl+1")
        self.go_preview = self._action(self.tr("P&review"), self.preview.focus_default, "Ctrl+2")
        self.go_problems = self._action(
            self.tr("&Problems"), lambda: self._show_tab(self.problems), "Ctrl+3"
        )
        self.go_coverage = self._action(
            self.tr("Co&verage"), lambda: self._show_tab(self.coverage), "Ctrl+4"
        )
        for action in (self.go_content, self.go_preview, self.go_problems, self.go_coverage):
            go_menu.addAction(action)

    # ------------------------------------------------------------ the folder

    def open_folder(self, root: Path) -> None:
        """Write ``root`` from now on: watch it and read it."""
        self.root = root.expanduser().resolve()
        self.setWindowTitle(self.tr("Authoring — {folder}").format(folder=self.root.name))
        self.problems.root = self.root
        if self._watcher is not None:
            self._watcher.deleteLater()
        if self._reloader is not None:
            self._reloader.loaded.disconnect(self._loaded)
            self._reloader.deleteLater()
        self._watcher = FolderWatcher(self.root, self.debounce_ms, self)
        self._watcher.changed.connect(self.reload)
        folder = self.root
        self._reloader = LibraryReloader(lambda: (folder,), parent=self)
        self._reloader.loaded.connect(self._loaded)
        self.library_label.setText(str(self.root))
        self.library_label.setToolTip(str(self.root))
        self.reload()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Open a content folder"), str(self.root)
        )
        if chosen:
            self.open_folder(Path(chosen))

    def reload(self) -> None:
        if self._reloader is not None:
            self.statusBar().showMessage(self.tr("Checking the folder…"))
            self._reloader.reload()

    def _loaded(self, library: Library) -> None:
        self.library = library
        self.loaded_once = True
        self.preview.set_library(library)
        self.preview.show_entry(self.tree.set_library(library))
        self.problems.set_problems(library.problems)
        self.coverage.set_library(library)
        info = library.info
        self.library_label.setText(
            self.tr("{title} · version {version} · {publisher}").format(
                title=info.title, version=info.version, publisher=info.publisher
            )
            if info
            else self.tr("No library.yaml in {folder}").format(folder=self.root)
        )
        self.library_label.setToolTip(str(self.root))
        self.statusBar().showMessage(
            self.tr(
                "Checked at {time}: %n file(s). Saved changes are checked as you save.",
                "",
                library.file_count,
            ).format(time=time.strftime("%H:%M:%S"))
        )
        self._update_try()

    # ------------------------------------------------------------ selection and preview

    def select(self, entry: object) -> None:
        if isinstance(entry, tuple) and len(entry) == 2:
            key: Entry = (str(entry[0]), str(entry[1]))
            if not self.tree.select(key):
                self.show_status(self.tr("“{id}” is not in the library.").format(id=key[1]))

    def _entry_selected(self, entry: object) -> None:
        self.preview.show_entry(entry if isinstance(entry, tuple) else None)
        self._update_try()

    def _update_try(self) -> None:
        entry = self.tree.current_entry()
        enabled = entry is not None and entry[0] == "quiz" and entry[1] in self.library.quizzes
        self.try_button.setEnabled(enabled)
        self.try_action.setEnabled(enabled)

    def try_quiz(self) -> None:
        entry = self.tree.current_entry()
        if entry is None or entry[0] != "quiz":
            self.show_status(self.tr("Select a quiz to try it."))
            return
        self.preview.show_entry(entry)
        if self.preview.quiz.try_quiz():
            self.preview.quiz.focus_default()

    def _problem_count(self, errors: int, warnings: int) -> None:
        total = errors + warnings
        self.tabs.setTabText(
            self.tabs.indexOf(self.problems),
            self.tr("&Problems ({count})").format(count=total) if total else self.tr("&Problems"),
        )

    def _show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)
        focus = getattr(widget, "focus_default", None)
        if callable(focus):
            focus()

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, _STATUS_TIMEOUT_MS)

    # ------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None
        self.preview.close_preview()
        super().closeEvent(event)


def choose_and_open(parent: QWidget | None, start: Path | None = None) -> AuthoringWindow | None:
    """Ask for a content folder and open it in a new authoring window (kept by
    ``parent``, and deleted when closed)."""
    caption = QGuiApplication.translate("AuthoringWindow", "Open a content folder for authoring")
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(start or Path.home()))
    if not chosen:
        return None
    window = AuthoringWindow(Path(chosen), parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.show()
    return window
