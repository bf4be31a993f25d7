"""The text view of a lesson: the browser, the documents it shows, and how they load
pictures.

Nothing is read from the network or the file system except pictures inside the content
root (``content:`` addresses) and ``data:image`` pictures; no link is followed by the
browser itself: links to modules and quizzes are handed to the reader, web addresses
only shown (:class:`ExternalLinkDialog`) so the learner can copy them.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QObject, Qt, QUrl, Signal
from PySide6.QtGui import (
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from trainer.core.library_status import resolve_content_path

__all__ = [
    "EXTERNAL_SCHEMES",
    "MAX_LINE_CHARS",
    "ContentBrowser",
    "ExternalLinkDialog",
    "LessonDocument",
    "load_content_resource",
]

# Link schemes shown to the learner as web addresses (never opened).
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel")
# The largest ``data:image`` picture loaded, in characters of its address.
MAX_DATA_IMAGE = 4 * 1024 * 1024
# Lines of text are kept to about this many characters (wider windows get margins).
MAX_LINE_CHARS = 100
MIN_SIDE_MARGIN = 20.0


def _empty() -> QByteArray:
    # An empty byte array, not None: with None, QTextDocument would go on to read
    # file: and relative URLs from disk by itself.
    return QByteArray()


def _data_image(url: QUrl) -> Any:
    text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    header, _, payload = text.partition(",")
    if not header.lower().startswith("data:image/") or not payload:
        return _empty()
    if len(payload) > MAX_DATA_IMAGE:
        return _empty()
    try:
        data = (
            base64.b64decode(payload, validate=False)
            if header.lower().endswith(";base64")
            else QUrl.fromPercentEncoding(payload.encode()).encode()
        )
    except (binascii.Error, ValueError):
        return _empty()
    image = QImage()
    if not image.loadFromData(data):
        return _empty()
    return image


def load_content_resource(root: Path | None, kind: Any, name: QUrl | str) -> Any:
    """A picture for a lesson's text: ``data:image/...`` or a ``content:`` path inside
    ``root``; an empty byte array for anything else (never read by Qt itself)."""
    kind = kind.value if hasattr(kind, "value") else int(kind)
    if kind != QTextDocument.ResourceType.ImageResource.value:
        return _empty()
    name = QUrl(name)
    scheme = name.scheme().lower()
    if scheme == "data":
        return _data_image(name)
    if scheme != "content" or root is None:
        return _empty()
    path = resolve_content_path(root, name.path(QUrl.ComponentFormattingOption.FullyDecoded))
    if path is None:
        return _empty()
    image = QImage(str(path))
    return image if not image.isNull() else _empty()


class LessonDocument(QTextDocument):
    """A lesson's text, built apart from the browser so it can be kept and shown again.

    It loads its pictures itself, by the same rules as :class:`ContentBrowser` (a
    document not owned by a browser would otherwise read files on its own)."""

    def __init__(self, root: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return load_content_resource(self.root, type, name)


class ContentBrowser(QTextBrowser):
    """A QTextBrowser that loads only pictures from inside the content root."""

    externalLinkClicked = Signal(str)
    internalLinkClicked = Signal(str, str)
    resized = Signal()
    # The text was painted.
    painted = Signal()
    # Ctrl+Home or Ctrl+End is about to jump to the start or the end of the text.
    jumpRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._root: Path | None = None
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)

    @property
    def root(self) -> Path | None:
        return self._root

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()

    def showEvent(self, event: QShowEvent) -> None:
        # Shown for the first time, QTextEdit scrolls its text cursor (at the start) into
        # view; the text stays where it was put (a reading position restored meanwhile).
        bar = self.verticalScrollBar()
        value = bar.value()
        super().showEvent(event)
        if bar.value() != value:
            bar.setValue(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Home and End scroll a read-only browser; make Ctrl+Home and Ctrl+End do the same.
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
        ):
            self.jumpRequested.emit()
            bar = self.verticalScrollBar()
            bar.setValue(bar.minimum() if event.key() == Qt.Key.Key_Home else bar.maximum())
            return
        super().keyPressEvent(event)

    def apply_text_column(self, document: QTextDocument | None = None) -> None:
        """Keep lines to a readable length: wide windows get wider side margins (on the
        browser's document, or on ``document`` before it is shown)."""
        if document is None:
            document = self.document()
        width = self.viewport().width()
        metrics = QFontMetricsF(self.font())
        longest = metrics.averageCharWidth() * MAX_LINE_CHARS
        side = max(MIN_SIDE_MARGIN, (width - longest) / 2)
        frame = document.rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - side) < 1 and fmt.topMargin() == MIN_SIDE_MARGIN:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(MIN_SIDE_MARGIN)
        fmt.setBottomMargin(MIN_SIDE_MARGIN * 2)
        frame.setFrameFormat(fmt)

    def set_root(self, root: Path | None) -> None:
        self._root = root

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        return load_content_resource(self._root, type, name)

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme in ("module", "quiz"):
            target = url.path().strip()
            if target:
                self.internalLinkClicked.emit(scheme, target)
            return
        if scheme in EXTERNAL_SCHEMES:
            self.externalLinkClicked.emit(url.toString())
            return
        if not scheme and not url.path() and url.hasFragment():
            self.jumpRequested.emit()
            self.scrollToAnchor(url.fragment())
        # Anything else (file:, javascript:, relative paths) is ignored.


class ExternalLinkDialog(QDialog):
    """Shows a web address the learner can copy; the app never opens it."""

    def __init__(self, address: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.address = address
        self.setWindowTitle(self.tr("Web address"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(
            self.tr(
                "This link leads to a website. The trainer works offline and does not open "
                "websites. You can copy the address and look at it later on a computer with "
                "internet access."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.field = QLineEdit(address)
        self.field.setReadOnly(True)
        self.field.setAccessibleName(self.tr("Web address"))
        self.field.setCursorPosition(0)
        layout.addWidget(self.field)
        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton(
            self.tr("Copy address"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setAccessibleDescription(self.tr("Copy the web address to the clipboard"))
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(buttons)
        self.copy_button.setDefault(True)
        self.copy_button.setFocus()

    def copy(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.address)
        self.copy_button.setText(self.tr("Copied"))
