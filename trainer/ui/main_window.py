"""The main window: a header with the current learner, the pages (learners, library,
reader, quiz) in a stack, the menus and the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trainer import __version__
from trainer.core.model import Library
from trainer.core.progress import Profile, ProgressError, ProgressStore
from trainer.ui.library_view import LibraryPage
from trainer.ui.pack_install import PackInstaller
from trainer.ui.profiles import ManageProfilesDialog, ProfilePage
from trainer.ui.settings import AppSettings
from trainer.ui.theme import (
    FONT_SCALE_MAX,
    FONT_SCALE_MIN,
    FONT_SCALE_STEP,
    Theme,
    apply_theme,
    set_style_property,
    theme_label,
)
from trainer.ui.training_pages import TrainingPages

if TYPE_CHECKING:
    from trainer.ui.reader import ReaderPage

__all__ = ["MainWindow"]

_STATUS_TIMEOUT_MS = 6000


class ShortcutsDialog(QDialog):
    """Every menu action with its keys, plus the keys that work inside lists and text."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setMinimumSize(560, 520)
        layout = QVBoxLayout(self)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(2)
        self.table.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.header().setStretchLastSection(False)
        native = QKeySequence.SequenceFormat.NativeText
        for action in actions:
            keys = [k.toString(native) for k in action.shortcuts() if not k.isEmpty()]
            if keys:
                name = action.text().replace("&", "").rstrip("…").strip()
                self.table.addTopLevelItem(QTreeWidgetItem([name, ",  ".join(keys)]))
        fixed = [
            (self.tr("Open the selected module or quiz"), self.tr("Enter")),
            (self.tr("Move between controls"), self.tr("Tab, Shift+Tab")),
            (self.tr("Scroll the text"), self.tr("Arrow keys, Page Up, Page Down")),
            (self.tr("Top or end of the text"), self.tr("Home, End")),
            (
                self.tr("Follow the selected link in the text"),
                self.tr("Tab to the link, then Enter"),
            ),
            (self.tr("Go back from the reader or a message"), self.tr("Escape")),
        ]
        for name, text in fixed:
            self.table.addTopLevelItem(QTreeWidgetItem([name, text]))
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class MainWindow(QMainWindow):
    """The learner app."""

    def __init__(
        self,
        library: Library | None,
        store: ProgressStore,
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        """``library`` is ``None`` while the app is still reading it: the window then
        opens on the learner list and :meth:`set_library` brings the library later."""
        super().__init__(parent)
        self.library_ready = library is not None
        if library is None:
            library = Library(roots=(), info=None)
        self._waiting_cursor = False
        self.library = library
        self.store = store
        self.settings = settings
        self.profile_id: str | None = None
        self.quiz_page: QWidget | None = None
        self._shown_once = False
        self.training = TrainingPages(self)
        self.setWindowTitle(self.tr("Officer Trainer"))

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header())
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.profile_page = ProfilePage(store)
        self.library_page = LibraryPage(library, store)
        # The reader, built the first time a module is opened (see :attr:`reader_page`).
        self._reader: ReaderPage | None = None
        for page in (self.profile_page, self.library_page):
            self.stack.addWidget(page)

        self.profile_page.profileChosen.connect(self.set_profile)
        self.profile_page.manageRequested.connect(self.manage_profiles)
        self.library_page.openModule.connect(self.open_module)
        self.library_page.startQuiz.connect(self.start_quiz)
        self.library_page.problems.set_expanded(settings.problems_expanded)
        self.library_page.problems.expandedChanged.connect(self._remember_problems_expanded)
        self.stack.currentChanged.connect(lambda _i: self._page_changed())

        self._build_menus()
        self.statusBar().setSizeGripEnabled(True)
        self._restore_geometry()
        self._update_header()
        self.show_profiles()
        self._page_changed()

    # ------------------------------------------------------------ building

    def _build_header(self) -> QFrame:
        header = QFrame()
        set_style_property(header, "role", "header")
        layout = QHBoxLayout(header)
        layout.setContentsMargins(20, 8, 16, 8)
        self.app_label = QLabel(self.tr("Officer Trainer"))
        font = self.app_label.font()
        font.setBold(True)
        self.app_label.setFont(font)
        self.place_label = QLabel()
        set_style_property(self.place_label, "role", "muted")
        self.learner_caption = QLabel()
        self.learner_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.profile_button = QPushButton(self.tr("Switch learner"))
        self.profile_button.setToolTip(self.tr("Switch learner (Ctrl+Shift+P)"))
        self.profile_button.setAccessibleDescription(
            self.tr("Show the list of learners to switch to another one")
        )
        self.profile_button.clicked.connect(self.show_profiles)
        keep = self.profile_button.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # the header keeps its height without a learner
        self.profile_button.setSizePolicy(keep)
        self.progress_button = QPushButton(self.tr("Progress"))
        self.progress_button.setToolTip(
            self.tr("Your progress and what to practise (Ctrl+Shift+D)")
        )
        self.progress_button.clicked.connect(lambda: self.training.show_dashboard())
        self.handbook_button = QPushButton(self.tr("Handbook"))
        self.handbook_button.setToolTip(self.tr("The indicator handbook (Ctrl+Shift+I)"))
        self.handbook_button.clicked.connect(lambda: self.training.show_handbook())
        self.assess_button = QPushButton(self.tr("Self-assessment"))
        self.assess_button.setToolTip(self.tr("Draw a self-assessment (Ctrl+Shift+A)"))
        self.assess_button.clicked.connect(lambda: self.training.show_builder())
        layout.addWidget(self.app_label)
        layout.addSpacing(10)
        layout.addWidget(self.place_label, 1)
        for button in (self.progress_button, self.handbook_button, self.assess_button):
            set_style_property(button, "flat", "true")
            layout.addWidget(button)
        layout.addSpacing(10)
        layout.addWidget(self.learner_caption)
        layout.addWidget(self.profile_button)
        return header

    def _action(
        self,
        text: str,
        slot: object,
        shortcuts: list[QKeySequence] | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            unique: list[QKeySequence] = []
            for sequence in shortcuts:
                if not sequence.isEmpty() and sequence not in unique:
                    unique.append(sequence)
            action.setShortcuts(unique)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        key = QKeySequence
        file_menu = bar.addMenu(self.tr("&File"))
        self.switch_action = self._action(
            self.tr("&Switch learner…"),
            self.show_profiles,
            [key("Ctrl+Shift+P")],
            self.tr("Show the list of learners"),
        )
        self.manage_action = self._action(
            self.tr("&Manage learners…"),
            self.manage_profiles,
            tip=self.tr("Rename or delete learners"),
        )
        self.quit_action = self._action(
            self.tr("&Quit"), self.close, [key(key.StandardKey.Quit), key("Ctrl+Q")]
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        # Content packs (menu and .zip dropped on the window) and authoring mode.
        self.packs = PackInstaller(self, self.store.data_dir, lambda: self.library.roots)
        self.packs.libraryChanged.connect(self.set_library)
        self.packs.statusMessage.connect(self.show_status)
        self.author_action = self._action(
            self.tr("Open content folder for &authoring…"),
            self.open_authoring,
            tip=self.tr("Write content with its problems, a live preview and coverage"),
        )
        file_menu.addAction(self.switch_action)
        file_menu.addAction(self.manage_action)
        file_menu.addSeparator()
        file_menu.addAction(self.packs.install_action)
        file_menu.addAction(self.packs.manage_action)
        file_menu.addAction(self.author_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        go_menu = bar.addMenu(self.tr("&Go"))
        self.library_action = self._action(
            self.tr("&Library"),
            lambda: self.show_library(),
            [key("Ctrl+L")],
            self.tr("Show the library"),
        )
        self.back_action = self._action(
            self.tr("&Back to the library"), self._back, [key("Alt+Left")]
        )
        self.search_action = self._action(
            self.tr("&Search the library"), self.search_library, [key(key.StandardKey.Find)]
        )
        self.next_section_action = self._action(
            self.tr("&Next section"), lambda: self.reader_page.next_section(), [key("Ctrl+PgDown")]
        )
        self.previous_section_action = self._action(
            self.tr("&Previous section"),
            lambda: self.reader_page.previous_section(),
            [key("Ctrl+PgUp")],
        )
        self.dashboard_action = self._action(
            self.tr("P&rogress"),
            lambda: self.training.show_dashboard(),
            [key("Ctrl+Shift+D")],
            self.tr("Your progress, and one click to practise what is weak"),
        )
        self.handbook_action = self._action(
            self.tr("Indicator &handbook"),
            lambda: self.training.show_handbook(),
            [key("Ctrl+Shift+I")],
            self.tr("Every indicator, what to observe, and your mastery of it"),
        )
        self.assessment_action = self._action(
            self.tr("Self-&assessment…"),
            lambda: self.training.show_builder(),
            [key("Ctrl+Shift+A")],
            self.tr("Draw questions from every quiz, aimed at what you have not mastered"),
        )
        for action in (
            self.library_action,
            self.back_action,
            self.search_action,
            self.dashboard_action,
            self.handbook_action,
            self.assessment_action,
            self.next_section_action,
            self.previous_section_action,
        ):
            go_menu.addAction(action)
        go_menu.insertSeparator(self.dashboard_action)
        go_menu.insertSeparator(self.next_section_action)

        view_menu = bar.addMenu(self.tr("&View"))
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[Theme, QAction] = {}
        for theme in Theme:
            action = QAction(theme_label(theme), self)
            action.setCheckable(True)
            action.setChecked(theme is self.settings.theme)
            action.triggered.connect(lambda _checked=False, t=theme: self.set_theme(t))
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[theme] = action
        view_menu.addSeparator()
        self.zoom_in_action = self._action(
            self.tr("Zoom &in"),
            lambda: self.reader_page.zoom_in(),
            [key("Ctrl++"), key("Ctrl+="), key(key.StandardKey.ZoomIn)],
            self.tr("Make the module text larger"),
        )
        self.zoom_out_action = self._action(
            self.tr("Zoom &out"),
            lambda: self.reader_page.zoom_out(),
            [key("Ctrl+-"), key(key.StandardKey.ZoomOut)],
            self.tr("Make the module text smaller"),
        )
        self.zoom_reset_action = self._action(
            self.tr("&Reset zoom"), lambda: self.reader_page.reset_zoom(), [key("Ctrl+0")]
        )
        view_menu.addAction(self.zoom_in_action)
        view_menu.addAction(self.zoom_out_action)
        view_menu.addAction(self.zoom_reset_action)
        view_menu.addSeparator()
        self.larger_text_action = self._action(
            self.tr("&Larger text"),
            lambda: self.change_font_scale(FONT_SCALE_STEP),
            [key("Ctrl+Alt+="), key("Ctrl+Alt++")],
            self.tr("Make all text in the app larger"),
        )
        self.smaller_text_action = self._action(
            self.tr("&Smaller text"),
            lambda: self.change_font_scale(-FONT_SCALE_STEP),
            [key("Ctrl+Alt+-")],
            self.tr("Make all text in the app smaller"),
        )
        self.reset_text_action = self._action(
            self.tr("Normal text si&ze"), self.reset_font_scale, [key("Ctrl+Alt+0")]
        )
        view_menu.addAction(self.larger_text_action)
        view_menu.addAction(self.smaller_text_action)
        view_menu.addAction(self.reset_text_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        self.shortcuts_action = self._action(
            self.tr("&Keyboard shortcuts"),
            self.show_shortcuts,
            [key(key.StandardKey.HelpContents), key("F1")],
        )
        self.about_action = self._action(self.tr("&About Officer Trainer"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def open_authoring(self) -> None:
        from trainer.ui.authoring import choose_and_open

        choose_and_open(self)

    def _restore_geometry(self) -> None:
        geometry = self.settings.window_geometry
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            width, height = 1280, 800
            if screen is not None:
                available = screen.availableGeometry()
                width = min(width, available.width())
                height = min(height, available.height())
            self.resize(width, height)

    # ------------------------------------------------------------ learners

    def profile_name(self) -> str:
        if self.profile_id is None:
            return ""
        try:
            return self.store.get_profile(self.profile_id).display_name
        except ProgressError:
            return ""

    def known_names(self) -> list[str]:
        """Learners' names, kept out of the error log."""
        try:
            return [p.display_name for p in self.store.profiles()]
        except ProgressError:
            return []

    def set_library(self, library: Library) -> None:
        """Use the library read after the window was shown (or read again)."""
        self.library = library
        self.library_ready = True
        self.library_page.set_library(library)
        if self._reader is not None:
            self._reader.set_library(library)
        self.training.set_library(library)
        if self.quiz_page is not None:
            self.quiz_page.set_library(library)  # type: ignore[attr-defined]
        if self._waiting_cursor:
            self._waiting_cursor = False
            QGuiApplication.restoreOverrideCursor()
            if self.profile_id is not None and self.stack.currentWidget() is self.profile_page:
                self.show_library()

    def _wait_for_library(self) -> None:
        """A learner was chosen before the library was read: stay on the learner list
        with a busy pointer; :meth:`set_library` opens the library when it arrives."""
        if not self._waiting_cursor:
            self._waiting_cursor = True
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def set_profile(self, profile_id: str) -> None:
        self.save_reading()
        self._drop_quiz_page()
        self.profile_id = profile_id
        self.settings.last_profile = profile_id
        if self._reader is not None:
            self._reader.set_profile(profile_id)
        self.training.set_profile(profile_id)
        self.library_page.set_profile(profile_id, refresh=False)  # show_library refreshes
        self._update_header()
        self.show_library()

    def _update_header(self) -> None:
        name = self.profile_name()
        self.learner_caption.setText(self.tr("Training as {name}").format(name=name))
        self.profile_button.setAccessibleName(
            self.tr("Switch learner (now: {name})").format(name=name)
        )
        self.profile_button.setVisible(bool(name))
        self.learner_caption.setVisible(bool(name))
        for button in (self.progress_button, self.handbook_button, self.assess_button):
            button.setVisible(bool(name))

    def _may_leave_quiz(self) -> bool:
        """Ask before leaving a quiz half-way (the answers given are already saved)."""
        page = self.quiz_page
        if page is None or self.stack.currentWidget() is not page:
            return True
        in_progress = getattr(page, "in_progress", None)
        if not callable(in_progress) or not in_progress():
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Leave the quiz?"))
        box.setText(self.tr("Leave the quiz now?"))
        box.setInformativeText(
            self.tr("The answers you have given are saved. You can start the quiz again later.")
        )
        leave = box.addButton(self.tr("Leave"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(self.tr("Stay"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is leave

    def show_profiles(self) -> None:
        if not self._may_leave_quiz():
            return
        self.save_reading()
        self.profile_page.refresh(preferred=self.profile_id or self.settings.last_profile)
        self.stack.setCurrentWidget(self.profile_page)
        self.profile_page.focus_default()

    def manage_profiles(self) -> None:
        dialog = ManageProfilesDialog(self.store, self)
        dialog.profilesChanged.connect(self._profiles_changed)
        dialog.exec()
        dialog.deleteLater()

    def _profiles_changed(self) -> None:
        known = {p.profile_id for p in self._profiles()}
        if self.profile_id is not None and self.profile_id not in known:
            self.profile_id = None
            self.settings.last_profile = None
            self._drop_quiz_page()
            if self._reader is not None:
                self._reader.set_profile(None)
            self.training.set_profile(None)
            self.library_page.set_profile(None)
            self._update_header()
            self.show_profiles()
            return
        self._update_header()
        if self.stack.currentWidget() is self.profile_page:
            self.profile_page.refresh()

    def _profiles(self) -> list[Profile]:
        try:
            return self.store.profiles()
        except ProgressError:
            return []

    # ------------------------------------------------------------ pages

    def show_library(self, confirm: bool = True) -> None:
        if self.profile_id is None:
            self.show_profiles()
            return
        if not self.library_ready:
            self._wait_for_library()
            return
        if confirm and not self._may_leave_quiz():
            return
        self.save_reading()
        self.library_page.refresh()
        self.stack.setCurrentWidget(self.library_page)
        if self._reader is not None and self._reader.module is not None:
            self.library_page.select_module(self._reader.module.id)
        self.library_page.focus_default()

    @property
    def reader_page(self) -> ReaderPage:
        """The module reader; built, with its module imported, the first time it is
        needed, so that start-up does without both."""
        if self._reader is None:
            from trainer.ui.reader import ReaderPage

            reader = ReaderPage(self.library, self.store)
            reader.backRequested.connect(self.show_library)
            reader.openModuleRequested.connect(self.open_module)
            reader.startQuizRequested.connect(self.start_quiz)
            reader.moduleCompleted.connect(lambda _m: self.library_page.refresh())
            reader.statusMessage.connect(self.show_status)
            reader.zoomChanged.connect(self._remember_zoom)
            reader.set_zoom(self.settings.reader_zoom)
            reader.set_profile(self.profile_id)
            self.stack.insertWidget(2, reader)
            self._reader = reader
        return self._reader

    def save_reading(self) -> None:
        """Save the reading position, when a module has been read in this session."""
        if self._reader is not None:
            self._reader.save_progress()

    def open_module(self, module_id: str) -> None:
        if self.profile_id is None:
            return
        if self.reader_page.open_module(module_id):
            self.stack.setCurrentWidget(self.reader_page)

    def ensure_quiz_page(self) -> QWidget | None:
        """The quiz page for the current learner (built the first time it is needed)."""
        if self.quiz_page is None and self.profile_id is not None:
            from trainer.ui.quiz import QuizPage

            page = QuizPage(self.library, self.store, self.profile_id, self)
            page.closed.connect(self._quiz_closed)
            page.openModule.connect(self.open_module)
            self.stack.addWidget(page)
            self.quiz_page = page
        return self.quiz_page

    def _drop_quiz_page(self) -> None:
        if self.quiz_page is not None:
            self.stack.removeWidget(self.quiz_page)
            self.quiz_page.deleteLater()
            self.quiz_page = None

    def start_quiz(self, quiz_id: str) -> None:
        if self.profile_id is None or quiz_id not in self.library.quizzes:
            self.show_status(self.tr("This quiz is not available."))
            return
        self.save_reading()
        page = self.ensure_quiz_page()
        if page is None:
            return
        self.stack.setCurrentWidget(page)
        page.start(quiz_id)  # type: ignore[attr-defined]

    def _quiz_closed(self) -> None:
        self.show_library(confirm=False)

    def _back(self) -> None:
        current = self.stack.currentWidget()
        if self._reader is not None and current is self._reader:
            self._reader.go_back()
        elif self.training.owns(current) or (
            current is self.profile_page and self.profile_id is not None
        ):
            self.show_library()

    def search_library(self) -> None:
        if self.profile_id is None or self.training.focus_search():
            return
        if self.stack.currentWidget() is not self.library_page:
            self.show_library()
        self.library_page.focus_search()

    def _page_changed(self) -> None:
        current = self.stack.currentWidget()
        reading = self._reader is not None and current is self._reader
        for action in (
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
            self.next_section_action,
            self.previous_section_action,
        ):
            action.setEnabled(reading)
        has_profile = self.profile_id is not None
        self.library_action.setEnabled(has_profile)
        self.search_action.setEnabled(has_profile)
        for action in (self.dashboard_action, self.handbook_action, self.assessment_action):
            action.setEnabled(has_profile)
        self.back_action.setEnabled(reading or self.training.owns(current))
        training_place = self.training.place_name(current)
        if training_place is not None:
            place = training_place
        elif current is self.profile_page:
            place = self.tr("Learners")
        elif current is self.library_page:
            place = self.tr("Library")
        elif reading:
            place = self.tr("Reading")
        else:
            place = self.tr("Quiz")
        self.place_label.setText("›  " + place)
        self.setWindowTitle(self.tr("{place} — Officer Trainer").format(place=place))

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    # ------------------------------------------------------------ appearance

    def set_theme(self, theme: Theme) -> None:
        self.settings.theme = theme
        apply_theme(theme, self.settings.font_scale)
        self.theme_actions[theme].setChecked(True)
        self._restyle()

    def change_font_scale(self, delta: int) -> None:
        scale = min(FONT_SCALE_MAX, max(FONT_SCALE_MIN, self.settings.font_scale + delta))
        self.set_font_scale(scale)

    def reset_font_scale(self) -> None:
        self.set_font_scale(100)

    def set_font_scale(self, scale: int) -> None:
        self.settings.font_scale = scale
        apply_theme(self.settings.theme, self.settings.font_scale)
        self._restyle()
        self.show_status(self.tr("Text size {percent}%").format(percent=self.settings.font_scale))

    def _restyle(self) -> None:
        self.library_page.rebuild()
        if self._reader is not None:
            self._reader.refresh_style()
        self.training.restyle()
        if self.quiz_page is not None and hasattr(self.quiz_page, "refresh_style"):
            self.quiz_page.refresh_style()

    def _remember_zoom(self, percent: int) -> None:
        self.settings.reader_zoom = percent
        if self._reader is not None and self.stack.currentWidget() is self._reader:
            self.show_status(self.tr("Zoom {percent}%").format(percent=percent))

    def _remember_problems_expanded(self, expanded: bool) -> None:
        self.settings.problems_expanded = expanded

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, _STATUS_TIMEOUT_MS)

    # ------------------------------------------------------------ help

    def show_shortcuts(self) -> None:
        actions = [
            self.switch_action,
            self.quit_action,
            self.library_action,
            self.back_action,
            self.search_action,
            self.dashboard_action,
            self.handbook_action,
            self.assessment_action,
            self.next_section_action,
            self.previous_section_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
            self.larger_text_action,
            self.smaller_text_action,
            self.reset_text_action,
            self.shortcuts_action,
        ]
        dialog = ShortcutsDialog(actions, self)
        dialog.exec()
        dialog.deleteLater()

    def show_about(self) -> None:
        info = self.library.info
        content = (
            self.tr("Content: {title}, version {version}, by {publisher}.").format(
                title=info.title, version=info.version, publisher=info.publisher
            )
            if info
            else ""
        )
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About Officer Trainer"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(self.tr("Officer Trainer {version}").format(version=__version__))
        box.setInformativeText(
            self.tr(
                "Offline training in recognising the indicators of human trafficking and of "
                "recruitment by trafficking and terrorist networks. It never connects to the "
                "internet; progress stays in {folder}."
            ).format(folder=self.store.data_dir)
            + ("\n\n" + content if content else "")
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # Focus could not be given while the window was hidden.
            QTimer.singleShot(0, self._focus_current_page)

    def _focus_current_page(self) -> None:
        current = self.stack.currentWidget()
        focus = getattr(current, "focus_default", None)
        if callable(focus):
            focus()

    # ------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._waiting_cursor:
            self._waiting_cursor = False
            QGuiApplication.restoreOverrideCursor()
        self.save_reading()
        self.settings.window_geometry = self.saveGeometry()
        self.settings.sync()
        super().closeEvent(event)
