"""Installing content packs from the app: File ▸ Install content pack…, or a ``.zip``
dropped on the main window; and File ▸ Content packs… to roll back or remove one.

An install goes in three steps, none of which blocks the window:

1. the pack is checked (structure, every file's size and SHA-256, the signature) in a
   worker thread, while a progress dialog shows;
2. what it is — title, version, publisher, who signed it and whether this computer
   trusts that key — is shown, and the person installing says whether to go on;
3. :func:`~trainer.core.packs.install_pack` runs in a worker thread. When it asks its
   ``confirm`` question (an unsigned pack, an unknown publisher), the worker hands the
   question to the UI thread, which shows it and hands the answer back; the worker waits
   for it. No widget is touched from a worker.

A refused pack is explained in a calm message with the reason the core gives, and
nothing is changed. After a change the library is read again (off the UI thread) and
``libraryChanged`` carries it to the window.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

import trainer.core.packs as content_packs
from trainer.core.content_cache import CACHE_DIR
from trainer.core.packs.folders import PACKS_DIR, installed_content_dirs
from trainer.ui.library_reload import LibraryReloader
from trainer.ui.theme import set_style_property
from trainer.ui.ui_thread import ui_relay

if TYPE_CHECKING:
    from trainer.core.packs import InstalledPack, InstallResult, PackError, VerifyReport

__all__ = ["ManagePacksDialog", "PackInstaller", "library_roots", "pack_paths", "widen"]

PACK_SUFFIX = ".zip"
# How often a worker waiting for an answer checks that its window still exists.
_POLL_SECONDS = 0.5
Confirm = Callable[[str], bool]
Progress = Callable[[int, int], None]
# A pack operation for a worker: it may ask ``confirm`` and report ``progress``.
Work = Callable[[Confirm, Progress], object]


def pack_paths(mime: QMimeData | None) -> list[Path]:
    """The local ``.zip`` files among dragged or dropped URLs."""
    if mime is None or not mime.hasUrls():
        return []
    found: list[Path] = []
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() == PACK_SUFFIX:
                found.append(path)
    return found


def widen(box: QMessageBox, characters: int = 64) -> None:
    """Give a message box room for its lines (it wraps long text very narrowly)."""
    layout = box.layout()
    if isinstance(layout, QGridLayout):
        width = box.fontMetrics().averageCharWidth() * characters
        room = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        layout.addItem(room, layout.rowCount(), 0, 1, layout.columnCount())


def library_roots(current: Sequence[Path], data_dir: Path) -> list[Path]:
    """The content folders to read after a pack changed: the folders read now that are
    not installed packs (the shipped curriculum, or ``--content``), then every installed
    pack as it is now."""
    packs = (data_dir / PACKS_DIR).resolve()
    kept: list[Path] = []
    for root in current:
        try:
            root.resolve().relative_to(packs)
        except (ValueError, OSError):
            kept.append(root)
    return [*kept, *installed_content_dirs(data_dir)]


@dataclass
class _Answer:
    """The reply to a question asked from a worker, and the event it waits on."""

    event: threading.Event
    value: bool = False


class _Job(QObject):
    """Runs ``work(confirm, progress)`` in a worker thread. ``done`` carries what it
    returned, or the :class:`PackError` it raised, on the UI thread; ``progressed``
    carries (done, total). ``confirm`` asks ``ask`` on the UI thread and waits for the
    answer ("no" if the job is deleted meanwhile). The worker reaches the UI thread only
    through the application's relay, which drops what it sends once the job is gone."""

    done = Signal(object)
    progressed = Signal(int, int)

    def __init__(
        self,
        work: Work,
        ask: Confirm,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._ask = ask
        self._pending: list[_Answer] = []
        self._thread = threading.Thread(target=self._run, name="pack-job", daemon=True)
        self._relay = ui_relay()

    def start(self) -> None:
        self._thread.start()

    def cancel_questions(self) -> None:
        """Answer "no" to any question still waiting (the window is closing)."""
        self._ask = lambda _question: False
        for answer in self._pending:
            answer.value = False
            answer.event.set()

    # -- in the worker thread

    def _confirm(self, question: str) -> bool:
        answer = _Answer(threading.Event())
        self._relay.deliver(self, lambda: self._answer(question, answer))
        while not answer.event.wait(_POLL_SECONDS):
            if not shiboken6.isValid(self):
                return False  # the window went away without answering
        return answer.value

    def _progress(self, done: int, total: int) -> None:
        self._relay.deliver(self, lambda: self.progressed.emit(done, total))

    def _run(self) -> None:
        result: object = None
        try:
            result = self._work(self._confirm, self._progress)
        except content_packs.PackError as exc:
            result = exc
        finally:
            # An unexpected error still ends the job (the exception hook reports it).
            self._relay.deliver(self, lambda: self._deliver(result))

    # -- on the UI thread

    def _answer(self, question: str, answer: _Answer) -> None:
        self._pending.append(answer)
        try:
            answer.value = bool(self._ask(question))
        finally:
            answer.event.set()
            self._pending.remove(answer)

    def _deliver(self, result: object) -> None:
        self._thread.join()
        self.done.emit(result)


class PackInstaller(QObject):
    """The window's pack actions. ``roots()`` names the content folders the window reads
    now; ``libraryChanged`` carries the library read again after a change;
    ``statusMessage`` is for the status bar."""

    libraryChanged = Signal(object)
    statusMessage = Signal(str)
    # Emitted when an install has ended, whatever the outcome (for tests and benches).
    finished = Signal()

    def __init__(
        self,
        window: QWidget,
        data_dir: Path,
        roots: Callable[[], Sequence[Path]],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.data_dir = data_dir
        self.roots = roots
        self.job: _Job | None = None
        self.progress: QProgressDialog | None = None
        self.last_result: InstallResult | None = None
        self.last_error: PackError | None = None
        self.reloader = LibraryReloader(
            lambda: library_roots(self.roots(), self.data_dir), data_dir / CACHE_DIR, self
        )
        self.reloader.loaded.connect(self.libraryChanged.emit)

        self.install_action = QAction(self.tr("&Install content pack…"), window)
        self.install_action.setStatusTip(
            self.tr("Check a content pack (a .zip from a trainer) and add it to the library")
        )
        self.install_action.triggered.connect(self.choose_pack)
        self.manage_action = QAction(self.tr("Content &packs…"), window)
        self.manage_action.setStatusTip(
            self.tr("See the installed content packs; roll one back or remove it")
        )
        self.manage_action.triggered.connect(self.manage_packs)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # ------------------------------------------------------------ starting

    @property
    def busy(self) -> bool:
        return self.job is not None

    def choose_pack(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Install a content pack"),
            "",
            self.tr("Content packs (*.zip)"),
        )
        if chosen:
            self.install_file(Path(chosen))

    def install_file(self, path: Path) -> bool:
        """Check ``path``, show what it is, and install it if the person agrees."""
        if self.busy:
            self.statusMessage.emit(
                self.tr("A content pack is being installed; wait until it has finished.")
            )
            return False
        self.last_result = None
        self.last_error = None
        data_dir = self.data_dir

        def check(_confirm: Confirm, _progress: Progress) -> object:
            return content_packs.verify_pack(path, data_dir)

        self._start(check, self.tr("Checking {name}…").format(name=path.name))
        assert self.job is not None
        self.job.done.connect(lambda result: self._checked(path, result))
        return True

    def _start(self, work: Work, label: str) -> None:
        self.job = _Job(work, self.ask_confirmation, self)
        dialog = self.progress
        if dialog is None:
            dialog = QProgressDialog(self.window)
            dialog.setWindowTitle(self.tr("Content pack"))
            dialog.setCancelButton(None)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress = dialog
        dialog.setLabelText(label)
        dialog.setAccessibleName(label)
        dialog.setRange(0, 0)
        dialog.show()
        self.job.progressed.connect(self._progressed)
        self.job.start()

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _stop_progress(self) -> None:
        if self.progress is not None:
            self.progress.hide()
        if self.job is not None:
            self.job.deleteLater()
        self.job = None

    # ------------------------------------------------------------ checked: ask

    def _checked(self, path: Path, result: object) -> None:
        self._stop_progress()
        if isinstance(result, content_packs.PackError):
            self._refused(result)
            return
        if not isinstance(result, content_packs.VerifyReport):
            self.finished.emit()  # an unexpected error, reported by the exception hook
            return
        if not self.confirm_install(result):
            self.statusMessage.emit(self.tr("Installation cancelled; nothing was changed."))
            self.finished.emit()
            return
        data_dir = self.data_dir

        def install(confirm: Confirm, progress: Progress) -> object:
            return content_packs.install_pack(path, data_dir, confirm, progress=progress)

        manifest = result.manifest
        self._start(
            install,
            self.tr("Installing “{title}” version {version}…").format(
                title=manifest.title, version=manifest.version
            ),
        )
        assert self.job is not None
        self.job.done.connect(self._installed)

    def describe(self, report: VerifyReport) -> str:
        """What the pack is, in lines for the confirmation."""
        manifest = report.manifest
        if report.signer is None:
            signed = self.tr("Not signed: nobody can tell who made it or whether it was changed.")
        elif report.trusted:
            signed = self.tr("Key {key}, a trusted publisher on this computer.").format(
                key=report.signer.fingerprint
            )
        else:
            signed = self.tr("Key {key}, which this computer does not trust.").format(
                key=report.signer.fingerprint
            )
        installed = next((p for p in self._installed_packs() if p.id == manifest.id), None)
        lines = [
            self.tr("Publisher: {publisher}").format(publisher=manifest.publisher),
            self.tr("Signed by: {signed}").format(signed=signed),
            self.tr("Pack: {id}, %n file(s), {size}", "", len(manifest.files)).format(
                id=manifest.id, size=content_packs.format_size(manifest.total_size)
            ),
        ]
        if installed is not None:
            lines.append(
                self.tr("It replaces version {version}, which is kept for a rollback.").format(
                    version=installed.current.version
                )
            )
        return "\n".join(lines)

    def confirm_install(self, report: VerifyReport) -> bool:
        """Show what the pack is and ask whether to install it."""
        return self.confirm_box(report).exec() == QMessageBox.StandardButton.Ok

    def confirm_box(self, report: VerifyReport) -> QMessageBox:
        """The message box :meth:`confirm_install` shows (Ok installs)."""
        manifest = report.manifest
        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("Install a content pack"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            self.tr("Install “{title}” version {version}?").format(
                title=manifest.title, version=manifest.version
            )
        )
        details = self.describe(report)
        trusted = report.signer is not None and report.trusted
        if not trusted:
            details += "\n\n" + self.tr(
                "This pack is not from a trusted publisher: you will be asked to confirm once "
                "it has been checked."
            )
        box.setInformativeText(details)
        box.setIcon(QMessageBox.Icon.Information if trusted else QMessageBox.Icon.Warning)
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        install = box.button(QMessageBox.StandardButton.Ok)
        if install is not None:
            install.setText(self.tr("&Install"))
        box.setDefaultButton(
            QMessageBox.StandardButton.Ok if trusted else QMessageBox.StandardButton.Cancel
        )
        widen(box)
        return box

    def ask_confirmation(self, question: str) -> bool:
        """The install's own question, for an unsigned pack or an unknown publisher."""
        return self.question_box(question).exec() == QMessageBox.StandardButton.Yes

    def question_box(self, question: str) -> QMessageBox:
        """The message box :meth:`ask_confirmation` shows (Yes installs)."""
        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("Install a pack from an unknown source?"))
        box.setIcon(QMessageBox.Icon.Warning)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.tr("This pack is not from a trusted publisher."))
        box.setInformativeText(question)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        no = box.button(QMessageBox.StandardButton.No)
        if yes is not None:
            yes.setText(self.tr("Install &anyway"))
        if no is not None:
            no.setText(self.tr("&Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        widen(box)
        return box

    # ------------------------------------------------------------ installed

    def _installed(self, result: object) -> None:
        self._stop_progress()
        if isinstance(result, content_packs.InstallCancelledError):
            self.last_error = result
            self.statusMessage.emit(self.tr("Installation cancelled; nothing was changed."))
        elif isinstance(result, content_packs.PackError):
            self._refused(result)
            return
        elif isinstance(result, content_packs.InstallResult):
            self.last_result = result
            self._report_installed(result)
            self.reload_library()
        self.finished.emit()

    def _report_installed(self, result: InstallResult) -> None:
        text = self.tr("Installed “{title}” version {version}.").format(
            title=result.title, version=result.version
        )
        self.statusMessage.emit(text)
        details = [self.tr("Its modules and quizzes are now in the library.")]
        if result.replaced_version:
            details.append(
                self.tr("Version {version} is kept; Content packs… can go back to it.").format(
                    version=result.replaced_version
                )
            )
        if result.warnings:
            details.append(
                self.tr(
                    "The content has %n warning(s); its publisher can see them with "
                    "'trainer validate'.",
                    "",
                    len(result.warnings),
                )
            )
        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("Content pack installed"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setInformativeText("\n".join(details))
        widen(box)
        box.exec()

    def _refused(self, error: PackError) -> None:
        self.last_error = error
        self.statusMessage.emit(self.tr("The content pack was not installed."))
        show_pack_error(self.window, self.tr("The content pack was not installed"), error)
        self.finished.emit()

    def reload_library(self) -> None:
        """Read the library again with the packs as they are now."""
        self.reloader.reload()

    def _installed_packs(self) -> list[InstalledPack]:
        try:
            return content_packs.list_packs(self.data_dir)
        except OSError:
            return []

    # ------------------------------------------------------------ managing

    def manage_packs(self) -> None:
        dialog = ManagePacksDialog(self.data_dir, self.window)
        dialog.changed.connect(self.reload_library)
        dialog.exec()
        dialog.deleteLater()

    # ------------------------------------------------------------ drag and drop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            kind = event.type()
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
                event, QDragMoveEvent
            ):
                if pack_paths(event.mimeData()):
                    event.acceptProposedAction()
                    return True
            elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
                paths = pack_paths(event.mimeData())
                if paths:
                    event.acceptProposedAction()
                    if len(paths) > 1:
                        self.statusMessage.emit(
                            self.tr("Drop one content pack at a time; installing {name}.").format(
                                name=paths[0].name
                            )
                        )
                    self.install_file(paths[0])
                    return True
            elif kind == QEvent.Type.Close and self.job is not None:
                self.job.cancel_questions()
        return super().eventFilter(watched, event)


def show_pack_error(parent: QWidget | None, title: str, error: PackError) -> None:
    """A calm message with the reason a pack operation was refused."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(title + ".")
    box.setInformativeText(
        str(error) + "\n\n" + QCoreApplication.translate("PackInstaller", "Nothing was changed.")
    )
    widen(box)
    box.exec()


class ManagePacksDialog(QDialog):
    """The installed packs, with Roll back and Remove. ``changed`` fires after either."""

    changed = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.packs: list[InstalledPack] = []
        self.setWindowTitle(self.tr("Content packs"))
        self.setMinimumSize(760, 360)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The content packs installed on this computer. Learners keep their progress "
                "whatever you do here."
            )
        )
        intro.setWordWrap(True)
        set_style_property(intro, "role", "muted")
        layout.addWidget(intro)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(5)
        self.table.setHeaderLabels(
            [
                self.tr("Title"),
                self.tr("Version"),
                self.tr("Publisher"),
                self.tr("Signed by"),
                self.tr("Previous version"),
            ]
        )
        self.table.setAccessibleName(self.tr("Installed content packs"))
        head = self.table.header()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(False)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No content packs are installed."))
        layout.addWidget(self.empty)

        row = QHBoxLayout()
        self.rollback_button = QPushButton(self.tr("&Roll back"))
        self.rollback_button.setAccessibleDescription(
            self.tr("Make the previous version of the selected pack the installed one again")
        )
        self.remove_button = QPushButton(self.tr("Re&move…"))
        self.remove_button.setAccessibleDescription(
            self.tr("Take the selected pack out of the library")
        )
        set_style_property(self.remove_button, "role", "danger")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(self.rollback_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.rollback_button.clicked.connect(self.rollback)
        self.remove_button.clicked.connect(self.remove)
        self.table.currentItemChanged.connect(lambda _a, _b: self._update_buttons())
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        selected = self.selected()
        chosen = select or (selected.id if selected is not None else None)
        try:
            self.packs = content_packs.list_packs(self.data_dir)
        except OSError:
            self.packs = []
        self.table.clear()
        for pack in self.packs:
            current = pack.current
            if current.signed_by is None:
                signed = self.tr("not signed")
            elif current.public_key is not None and content_packs.is_trusted(
                self.data_dir, current.public_key
            ):
                signed = current.signed_by
            else:
                signed = self.tr("{key} (not trusted)").format(key=current.signed_by)
            item = QTreeWidgetItem(
                [
                    current.title,
                    current.version,
                    current.publisher,
                    signed,
                    pack.previous.version if pack.previous else "—",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, pack.id)
            item.setToolTip(0, pack.id)
            self.table.addTopLevelItem(item)
            if pack.id == chosen:
                self.table.setCurrentItem(item)
        if self.table.currentItem() is None and self.table.topLevelItemCount():
            first = self.table.topLevelItem(0)
            if first is not None:
                self.table.setCurrentItem(first)
        self.empty.setVisible(not self.packs)
        self.table.setVisible(bool(self.packs))
        self._update_buttons()

    def selected(self) -> InstalledPack | None:
        item = self.table.currentItem()
        if item is None:
            return None
        pack_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((p for p in self.packs if p.id == pack_id), None)

    def _update_buttons(self) -> None:
        pack = self.selected()
        self.rollback_button.setEnabled(pack is not None and pack.previous is not None)
        self.remove_button.setEnabled(pack is not None)

    def rollback(self) -> None:
        pack = self.selected()
        if pack is None or pack.previous is None:
            return
        self._change(
            lambda: content_packs.rollback_pack(self.data_dir, pack.id),
            self.tr("The pack was not rolled back"),
            pack.id,
        )

    def remove(self) -> None:
        pack = self.selected()
        if pack is None:
            return
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Remove a content pack?"))
        box.setIcon(QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.tr("Remove “{title}” from the library?").format(title=pack.current.title))
        box.setInformativeText(
            self.tr(
                "Its modules and quizzes leave the library. Learners keep their progress, and "
                "the pack is kept in the trash of the packs folder."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        if yes is not None:
            yes.setText(self.tr("&Remove"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        self._change(
            lambda: content_packs.remove_pack(self.data_dir, pack.id),
            self.tr("The pack was not removed"),
            None,
        )

    def _change(self, operation: Callable[[], Any], title: str, select: str | None) -> None:
        """Run a rollback or a removal: renames in the packs folder, quick enough for the
        UI thread."""
        try:
            operation()
        except content_packs.PackError as error:
            show_pack_error(self, title, error)
            self.refresh(select)
            return
        self.refresh(select)
        self.changed.emit()
