"""Choosing who is training: the welcome page on first launch, the list of learners on
later launches, and a small dialog to rename or delete learners.

Profiles are only names on this computer: no account, no password, no network.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trainer.core.progress import Profile, ProgressError, ProgressStore
from trainer.ui.theme import set_style_property

__all__ = ["ManageProfilesDialog", "NameDialog", "ProfilePage"]

_NAME_LIMIT = 100
_ID_ROLE = Qt.ItemDataRole.UserRole


def _label(text: str, role: str | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        set_style_property(label, "role", role)
    return label


def _show_error(parent: QWidget, title: str, error: ProgressError) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(str(error))
    box.exec()


class _NameForm(QWidget):
    """A labelled name field with a short explanation; Enter submits."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("Your name or a nickname"))
        self.field = QLineEdit()
        self.field.setMaxLength(_NAME_LIMIT)
        self.field.setPlaceholderText(self.tr("For example: Sam"))
        self.field.setAccessibleName(self.tr("Name"))
        self.field.setAccessibleDescription(
            self.tr("The name shown on your progress. It stays on this computer.")
        )
        self.label.setBuddy(self.field)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        self.field.returnPressed.connect(self._submit)

    def name(self) -> str:
        return " ".join(self.field.text().split())

    def _submit(self) -> None:
        if self.name():
            self.submitted.emit(self.name())


class ProfilePage(QWidget):
    """The first page: create the first learner, or pick one of the learners."""

    profileChosen = Signal(str)
    manageRequested = Signal()

    def __init__(self, store: ProgressStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._preferred: str | None = None
        self.setAccessibleName(self.tr("Choose who is training"))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = QFrame()
        set_style_property(self.card, "role", "card")
        self.card.setMinimumWidth(440)
        self.card.setMaximumWidth(620)
        row.addWidget(self.card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(32, 28, 32, 28)
        card_layout.setSpacing(14)

        self.create_view = self._build_create_view()
        self.choose_view = self._build_choose_view()
        # One view at a time; a hidden view takes no room, so the card fits the other.
        card_layout.addWidget(self.create_view)
        card_layout.addWidget(self.choose_view)
        self.choose_view.hide()

    # ------------------------------------------------------------ building

    def _build_create_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.create_title = _label(self.tr("Welcome"), "title")
        layout.addWidget(self.create_title)
        self.create_intro = _label(
            self.tr(
                "This trainer helps you recognise the signs of human trafficking and of "
                "recruitment by trafficking and terrorist networks, at your own pace."
            )
        )
        layout.addWidget(self.create_intro)
        privacy = _label(
            self.tr(
                "There is no account and no password. Your progress is saved on this "
                "computer only and is never sent anywhere. Several people can train on the "
                "same computer: each one picks their name when the trainer opens."
            ),
            "muted",
        )
        layout.addWidget(privacy)
        self.name_form = _NameForm()
        layout.addSpacing(4)
        layout.addWidget(self.name_form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_create = QPushButton(self.tr("Cancel"))
        self.cancel_create.setAccessibleDescription(self.tr("Go back to the list of learners"))
        self.create_button = QPushButton(self.tr("Start training"))
        self.create_button.setAccessibleDescription(
            self.tr("Create your profile with this name and open the library")
        )
        set_style_property(self.create_button, "primary", True)
        self.create_button.setEnabled(False)
        buttons.addWidget(self.cancel_create)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)

        self.name_form.field.textChanged.connect(
            lambda _text: self.create_button.setEnabled(bool(self.name_form.name()))
        )
        self.name_form.submitted.connect(self._create)
        self.create_button.clicked.connect(lambda: self._create(self.name_form.name()))
        self.cancel_create.clicked.connect(self.show_choose)
        return view

    def _build_choose_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(_label(self.tr("Who is training?"), "title"))
        layout.addWidget(_label(self.tr("Pick your name to carry on where you left off."), "muted"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Learners on this computer"))
        self.list.setAccessibleDescription(self.tr("Press Enter to continue as this learner"))
        self.list.setMinimumHeight(160)
        set_style_property(self.list, "role", "picker")
        self.list.itemActivated.connect(lambda _item: self._choose_current())
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New profile…"))
        self.new_button.setAccessibleDescription(self.tr("Add another learner on this computer"))
        self.manage_button = QPushButton(self.tr("&Manage…"))
        self.manage_button.setAccessibleDescription(self.tr("Rename or delete learners"))
        self.continue_button = QPushButton(self.tr("&Continue"))
        self.continue_button.setAccessibleDescription(
            self.tr("Open the library as the selected learner")
        )
        set_style_property(self.continue_button, "primary", True)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.manage_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.show_create)
        self.manage_button.clicked.connect(self.manageRequested.emit)
        self.continue_button.clicked.connect(self._choose_current)
        return view

    # ------------------------------------------------------------ states

    def refresh(self, preferred: str | None = None) -> None:
        """Show the learners (or the welcome form when there are none)."""
        if preferred is not None:
            self._preferred = preferred
        try:
            profiles = self.store.profiles()
        except ProgressError as error:
            _show_error(self, self.tr("Learners"), error)
            profiles = []
        if not profiles:
            self.list.clear()
            self.show_create()
            return
        self._fill(profiles)
        self.show_choose()

    def _fill(self, profiles: list[Profile]) -> None:
        self.list.clear()
        selected = 0
        for index, profile in enumerate(profiles):
            item = QListWidgetItem(profile.display_name)
            item.setData(_ID_ROLE, profile.profile_id)
            self.list.addItem(item)
            if profile.profile_id == self._preferred:
                selected = index
        self.list.setCurrentRow(selected)

    def show_create(self) -> None:
        first = self.list.count() == 0
        self.create_title.setText(self.tr("Welcome") if first else self.tr("New profile"))
        self.create_intro.setVisible(first)
        self.cancel_create.setVisible(not first)
        self.name_form.field.clear()
        self.choose_view.hide()
        self.create_view.show()
        self.name_form.field.setFocus()

    def show_choose(self) -> None:
        if self.list.count() == 0:
            self.show_create()
            return
        self.create_view.hide()
        self.choose_view.show()
        self.list.setFocus()

    def is_creating(self) -> bool:
        return not self.create_view.isHidden()

    def focus_default(self) -> None:
        if self.is_creating():
            self.name_form.field.setFocus()
        else:
            self.list.setFocus()

    # ------------------------------------------------------------ actions

    def _create(self, name: str) -> None:
        if not name:
            return
        try:
            profile = self.store.create_profile(name)
        except ProgressError as error:
            _show_error(self, self.tr("New profile"), error)
            return
        self._preferred = profile.profile_id
        self.refresh()
        self.profileChosen.emit(profile.profile_id)

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        profile_id = str(item.data(_ID_ROLE))
        self._preferred = profile_id
        self.profileChosen.emit(profile_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.is_creating() and self.list.count():
            self.show_choose()
            return
        super().keyPressEvent(event)


class NameDialog(QDialog):
    """Ask for a learner's name (used to rename)."""

    def __init__(self, title: str, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        self.form = _NameForm()
        self.form.field.setText(name)
        self.form.field.selectAll()
        layout.addWidget(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Save"))
        ok.setEnabled(bool(self.form.name()))
        layout.addWidget(self.buttons)
        self.form.field.textChanged.connect(lambda _t: ok.setEnabled(bool(self.form.name())))
        self.form.submitted.connect(lambda _name: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(380)

    def name(self) -> str:
        return self.form.name()


class ManageProfilesDialog(QDialog):
    """Rename or delete learners. Deleting moves the learner's folder to the trash."""

    profilesChanged = Signal()

    def __init__(self, store: ProgressStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Manage learners"))
        self.setMinimumSize(460, 340)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(
            _label(
                self.tr(
                    "Rename a learner, or delete one that is no longer needed. A deleted "
                    "learner's progress is moved to the trash folder inside the data folder, "
                    "so an administrator can still restore it."
                ),
                "muted",
            )
        )
        body = QHBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Learners on this computer"))
        body.addWidget(self.list, 1)
        side = QVBoxLayout()
        self.rename_button = QPushButton(self.tr("&Rename…"))
        self.rename_button.setAccessibleDescription(self.tr("Change the selected learner's name"))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.setAccessibleDescription(
            self.tr("Move the selected learner to the trash")
        )
        set_style_property(self.delete_button, "role", "danger")
        side.addWidget(self.rename_button)
        side.addWidget(self.delete_button)
        side.addStretch(1)
        body.addLayout(side)
        layout.addLayout(body, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.list.itemActivated.connect(lambda _item: self.rename_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        self.list.clear()
        try:
            profiles = self.store.profiles()
        except ProgressError as error:
            _show_error(self, self.windowTitle(), error)
            profiles = []
        for index, profile in enumerate(profiles):
            item = QListWidgetItem(profile.display_name)
            item.setData(_ID_ROLE, profile.profile_id)
            self.list.addItem(item)
            if profile.profile_id == select:
                self.list.setCurrentRow(index)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _selected(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return str(item.data(_ID_ROLE)), item.text()

    def ask_name(self, current: str) -> str | None:
        dialog = NameDialog(self.tr("Rename learner"), current, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.name() or None

    def confirm_delete(self, name: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete learner"))
        box.setText(self.tr("Delete “{name}”?").format(name=name))
        box.setInformativeText(
            self.tr(
                "Their progress is moved to the trash folder in the data folder and no longer "
                "shown. An administrator can restore it from there."
            )
        )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is delete

    def rename_selected(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        profile_id, current = selected
        name = self.ask_name(current)
        if name is None or name == current:
            return
        try:
            self.store.rename_profile(profile_id, name)
        except ProgressError as error:
            _show_error(self, self.tr("Rename learner"), error)
            return
        self.refresh(select=profile_id)
        self.profilesChanged.emit()

    def delete_selected(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        profile_id, name = selected
        if not self.confirm_delete(name):
            return
        try:
            self.store.delete_profile(profile_id)
        except ProgressError as error:
            _show_error(self, self.tr("Delete learner"), error)
            return
        self.refresh()
        self.profilesChanged.emit()
