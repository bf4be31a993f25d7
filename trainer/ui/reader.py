"""The module reader: the lesson with its objectives and sources, a table of contents,
section navigation, zoom, the content warning, reading position and completion.

The text browser loads nothing from the network or the file system except pictures
inside the content root, and follows no link by itself: links to modules and quizzes
open inside the app, web addresses are only shown so the learner can copy them.
"""

from __future__ import annotations

import base64
import binascii
import html
import threading
from pathlib import Path, PurePosixPath
from typing import Any

from PySide6.QtCore import QByteArray, QSignalBlocker, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QResizeEvent,
    QTextBlock,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from trainer.core.library_status import (
    content_location,
    link_targets,
    resolve_content_path,
    section_at,
    sections_passed,
)
from trainer.core.model import Library, Module, Quiz
from trainer.core.progress import ProgressError, ProgressStore
from trainer.core.render import LinkContext, RenderedPage, render_markdown
from trainer.ui.settings import DEFAULT_ZOOM, ZOOM_MAX, ZOOM_MIN, ZOOM_STEP
from trainer.ui.theme import current_theme, document_css, set_style_property

__all__ = ["ContentBrowser", "ExternalLinkDialog", "ReaderPage"]

SOURCES_ANCHOR = "trainer-sources"
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel")
_SAVE_DELAY_MS = 600
_MAX_DATA_IMAGE = 4 * 1024 * 1024
_MAX_LINE_CHARS = 100
_MIN_SIDE_MARGIN = 20.0
_HEADING_ROOM = 8.0
#: Rendered lessons kept in memory, so reopening a module skips the Markdown step.
_RENDERED_KEPT = 24
_PREPARE_DELAY_MS = 1000


def _empty() -> QByteArray:
    # An empty byte array, not None: with None, QTextDocument would go on to read
    # file: and relative URLs from disk by itself.
    return QByteArray()


class ContentBrowser(QTextBrowser):
    """A QTextBrowser that loads only pictures from inside the content root."""

    externalLinkClicked = Signal(str)
    internalLinkClicked = Signal(str, str)
    resized = Signal()

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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Home and End scroll a read-only browser; make Ctrl+Home and Ctrl+End do the same.
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
        ):
            bar = self.verticalScrollBar()
            bar.setValue(bar.minimum() if event.key() == Qt.Key.Key_Home else bar.maximum())
            return
        super().keyPressEvent(event)

    def apply_text_column(self) -> None:
        """Keep lines to a readable length: wide windows get wider side margins."""
        document = self.document()
        width = self.viewport().width()
        metrics = QFontMetricsF(self.font())
        longest = metrics.averageCharWidth() * _MAX_LINE_CHARS
        side = max(_MIN_SIDE_MARGIN, (width - longest) / 2)
        frame = document.rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - side) < 1 and fmt.topMargin() == _MIN_SIDE_MARGIN:
            return
        fmt.setLeftMargin(side)
        fmt.setRightMargin(side)
        fmt.setTopMargin(_MIN_SIDE_MARGIN)
        fmt.setBottomMargin(_MIN_SIDE_MARGIN * 2)
        frame.setFrameFormat(fmt)

    def set_root(self, root: Path | None) -> None:
        self._root = root

    def loadResource(self, type: int, name: QUrl | str) -> Any:
        kind = type.value if hasattr(type, "value") else int(type)
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return _empty()
        name = QUrl(name)
        scheme = name.scheme().lower()
        if scheme == "data":
            return self._data_image(name)
        if scheme != "content" or self._root is None:
            return _empty()
        path = resolve_content_path(
            self._root, name.path(QUrl.ComponentFormattingOption.FullyDecoded)
        )
        if path is None:
            return _empty()
        image = QImage(str(path))
        return image if not image.isNull() else _empty()

    @staticmethod
    def _data_image(url: QUrl) -> Any:
        text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        header, _, payload = text.partition(",")
        if not header.lower().startswith("data:image/") or not payload:
            return _empty()
        if len(payload) > _MAX_DATA_IMAGE:
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


def _audience_label(audience: str) -> str:
    labels = {
        "police": QApplication.translate("ReaderPage", "police"),
        "border-guards": QApplication.translate("ReaderPage", "border guards"),
        "labour-inspectors": QApplication.translate("ReaderPage", "labour inspectors"),
        "military": QApplication.translate("ReaderPage", "military"),
        "first-responders": QApplication.translate("ReaderPage", "first responders"),
        "health-social-workers": QApplication.translate("ReaderPage", "health and social workers"),
        "all": QApplication.translate("ReaderPage", "everyone"),
    }
    return labels.get(audience, audience)


class ReaderPage(QWidget):
    """Reads one module at a time for the current learner."""

    backRequested = Signal()
    openModuleRequested = Signal(str)
    startQuizRequested = Signal(str)
    moduleCompleted = Signal(str)
    zoomChanged = Signal(int)
    statusMessage = Signal(str)
    externalLinkShown = Signal(str)

    def __init__(
        self, library: Library, store: ProgressStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.store = store
        self.profile_id: str | None = None
        self.module: Module | None = None
        self.zoom = DEFAULT_ZOOM
        self._anchors: dict[str, QTextBlock] = {}
        self._read: set[str] = set()
        self._pending_read: set[str] = set()
        self._completed = False
        self._restoring = False
        self._external_dialog: ExternalLinkDialog | None = None
        # Rendered lessons by (content hash, root, folder), most recent last; and the
        # in-app addresses of the files of each root. Both belong to one library.
        self._rendered: dict[tuple[str, str, str], RenderedPage] = {}
        self._link_targets: dict[Path, dict[str, str]] = {}
        # The reading position last written for the open module (not written again).
        self._saved_position: tuple[str, str, float] | None = None
        self.setAccessibleName(self.tr("Module reader"))

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_progress)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.warning_view = self._build_warning_view()
        self.reading_view = self._build_reading_view()
        self.stack.addWidget(self.warning_view)
        self.stack.addWidget(self.reading_view)

    # ------------------------------------------------------------ building

    def _build_warning_view(self) -> QWidget:
        view = QWidget()
        outer = QVBoxLayout(view)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame()
        set_style_property(card, "role", "card")
        card.setMaximumWidth(640)
        card.setMinimumWidth(420)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        heading = QLabel(self.tr("Before you start"))
        set_style_property(heading, "role", "title")
        layout.addWidget(heading)
        self.warning_module = QLabel()
        self.warning_module.setWordWrap(True)
        set_style_property(self.warning_module, "role", "heading")
        layout.addWidget(self.warning_module)
        self.warning_text = QLabel()
        self.warning_text.setWordWrap(True)
        self.warning_text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.warning_text)
        hint = QLabel(
            self.tr(
                "You can stop at any time. Your place is saved, so you can come back to it "
                "later. If the material affects you, talk to someone you trust or to your "
                "welfare service."
            )
        )
        hint.setWordWrap(True)
        set_style_property(hint, "role", "muted")
        layout.addWidget(hint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.warning_back = QPushButton(self.tr("Go back"))
        self.warning_back.setAccessibleDescription(
            self.tr("Return to the library without opening the module")
        )
        self.warning_continue = QPushButton(self.tr("Continue"))
        self.warning_continue.setAccessibleDescription(self.tr("Open the module"))
        set_style_property(self.warning_continue, "primary", True)
        buttons.addWidget(self.warning_back)
        buttons.addWidget(self.warning_continue)
        layout.addLayout(buttons)
        self.warning_back.clicked.connect(self.backRequested.emit)
        self.warning_continue.clicked.connect(self._show_reading)
        return view

    def _build_reading_view(self) -> QWidget:
        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)

        top = QHBoxLayout()
        self.back_button = QPushButton("← " + self.tr("Library"))
        self.back_button.setAccessibleName(self.tr("Back to the library"))
        self.back_button.setToolTip(self.tr("Back to the library (Alt+Left)"))
        set_style_property(self.back_button, "flat", True)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        set_style_property(self.title_label, "role", "muted")
        self.zoom_label = QLabel()
        set_style_property(self.zoom_label, "role", "muted")
        top.addWidget(self.back_button)
        top.addSpacing(8)
        top.addWidget(self.title_label, 1)
        top.addWidget(self.zoom_label)
        layout.addLayout(top)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        toc_panel = QWidget()
        toc_layout = QVBoxLayout(toc_panel)
        toc_layout.setContentsMargins(0, 0, 0, 0)
        toc_layout.setSpacing(4)
        toc_heading = QLabel(self.tr("&Contents"))
        set_style_property(toc_heading, "role", "muted")
        self.toc = QListWidget()
        self.toc.setAccessibleName(self.tr("Contents"))
        self.toc.setAccessibleDescription(
            self.tr("Sections of the module; press Enter to go to one")
        )
        self.toc.setWordWrap(True)
        self.toc.setMinimumWidth(200)
        toc_heading.setBuddy(self.toc)
        toc_layout.addWidget(toc_heading)
        toc_layout.addWidget(self.toc, 1)
        self.browser = ContentBrowser()
        self.browser.setAccessibleName(self.tr("Module text"))
        self.browser.setAccessibleDescription(
            self.tr("Use the arrow and page keys to read; Tab moves between links")
        )
        self.splitter.addWidget(toc_panel)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([250, 900])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        footer = QHBoxLayout()
        self.previous_button = QPushButton("◀ " + self.tr("Previous section"))
        self.previous_button.setAccessibleName(self.tr("Previous section"))
        self.previous_button.setToolTip(self.tr("Previous section (Ctrl+Page Up)"))
        self.next_button = QPushButton(self.tr("Next section") + " ▶")
        self.next_button.setAccessibleName(self.tr("Next section"))
        self.next_button.setToolTip(self.tr("Next section (Ctrl+Page Down)"))
        self.end_label = QLabel()
        self.end_label.setWordWrap(True)
        self.end_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.complete_button = QPushButton(self.tr("Mark as complete"))
        self.complete_button.setAccessibleDescription(
            self.tr("Record that you have finished reading this module")
        )
        set_style_property(self.complete_button, "primary", True)
        self.quiz_button = QPushButton(self.tr("Take the quiz"))
        self.quiz_button.setAccessibleDescription(self.tr("Start the quiz for this module"))
        footer.addWidget(self.previous_button)
        footer.addWidget(self.next_button)
        footer.addSpacing(12)
        footer.addWidget(self.end_label, 1)
        footer.addWidget(self.complete_button)
        footer.addWidget(self.quiz_button)
        layout.addLayout(footer)

        self.back_button.clicked.connect(self.go_back)
        self.toc.itemActivated.connect(self._toc_activated)
        self.toc.itemClicked.connect(self._toc_activated)
        self.previous_button.clicked.connect(self.previous_section)
        self.next_button.clicked.connect(self.next_section)
        self.complete_button.clicked.connect(self.mark_complete)
        self.quiz_button.clicked.connect(self._take_quiz)
        self.browser.verticalScrollBar().valueChanged.connect(lambda _v: self._scrolled())
        self.browser.verticalScrollBar().rangeChanged.connect(lambda _a, _b: self._scrolled())
        self.browser.internalLinkClicked.connect(self._internal_link)
        self.browser.resized.connect(self._reflow)
        self.browser.externalLinkClicked.connect(self.show_external_link)

        self.setTabOrder(self.back_button, self.toc)
        self.setTabOrder(self.toc, self.browser)
        self.setTabOrder(self.browser, self.previous_button)
        self.setTabOrder(self.previous_button, self.next_button)
        self.setTabOrder(self.next_button, self.complete_button)
        self.setTabOrder(self.complete_button, self.quiz_button)
        return view

    # ------------------------------------------------------------ opening

    def set_profile(self, profile_id: str | None) -> None:
        self.save_progress()
        self.profile_id = profile_id
        self._saved_position = None

    def set_library(self, library: Library) -> None:
        """Use another library for the modules opened from now on."""
        self.library = library
        self._rendered.clear()
        self._link_targets = {}
        # The in-app addresses of every module and quiz file are worked out once the app
        # is idle, in the background, so the first module opened does not wait for them.
        QTimer.singleShot(_PREPARE_DELAY_MS, self._prepare_links)

    def _prepare_links(self) -> None:
        library, found = self.library, self._link_targets

        def work() -> None:
            for root in library.roots:
                if root not in found:
                    found[root] = link_targets(library, root)  # immutable input, new dict

        threading.Thread(target=work, name="reader-links", daemon=True).start()

    def open_module(self, module_id: str) -> bool:
        """Open a module (showing its content warning first, if it has one)."""
        module = self.library.modules.get(module_id)
        if module is None or self.profile_id is None:
            self.statusMessage.emit(self.tr("This module is not available."))
            return False
        self.save_progress()
        self.module = module
        self._load(module)
        if module.content_warning:
            self.warning_module.setText(module.title)
            self.warning_text.setText(module.content_warning)
            self.stack.setCurrentWidget(self.warning_view)
            self.warning_continue.setFocus()
        else:
            self._show_reading()
        return True

    def focus_default(self) -> None:
        if self.showing_warning():
            self.warning_continue.setFocus()
        else:
            self.browser.setFocus()

    def showing_warning(self) -> bool:
        return self.stack.currentWidget() is self.warning_view

    def _render(self, module: Module, root: Path | None, base: PurePosixPath) -> RenderedPage:
        """The module's lesson as HTML, rendered once per content and kept for reopening."""
        key = (module.sha256, str(root), str(base))
        page = self._rendered.pop(key, None)
        if page is None:
            files: dict[str, str] = {}
            if root is not None:
                files = self._link_targets.get(root) or link_targets(self.library, root)
                self._link_targets[root] = files
            context = LinkContext(root, base, files) if root is not None else None
            page = render_markdown(module.body, context)
        self._rendered[key] = page
        while len(self._rendered) > _RENDERED_KEPT:
            del self._rendered[next(iter(self._rendered))]
        return page

    def _load(self, module: Module) -> None:
        location = content_location(self.library, module.path, module.sha256)
        root = location[0] if location else None
        base = location[1].parent if location else PurePosixPath()
        self.browser.set_root(root)
        page = self._render(module, root, base)
        self.title_label.setText(module.title)
        self.browser.document().setDefaultStyleSheet(document_css(current_theme()))
        self._restoring = True
        self._saved_position = None
        self.browser.setHtml(self._page_html(module, page.html))
        self._index_anchors()
        self._read, self._pending_read = set(), set()
        self._completed = False
        if self.profile_id is not None:
            try:
                progress = self.store.module_progress(self.profile_id, module.id)
                self._read = set(progress.sections_read)
                self._completed = progress.completed
            except ProgressError as error:
                self.statusMessage.emit(str(error))
        self._fill_toc()
        # The footer (section number, end of the module) is brought up to date once the
        # reading position is restored (_restore_position); asking for section positions
        # here would lay the whole text out before its column margins are set, and again
        # after.

    def _page_html(self, module: Module, body: str) -> str:
        esc = html.escape
        title_html = ""
        if body.lstrip().startswith("<h1"):
            end = body.find("</h1>")
            if end != -1:
                title_html, body = body[: end + 5], body[end + 5 :]
        if not title_html:
            title_html = f"<h1>{esc(module.title)}</h1>"
        meta: list[str] = []
        track = next((t for t in self.library.tracks if t.id == module.track), None)
        if track is not None:
            meta.append(esc(track.title))
        meta.append(esc(self.tr("About %n minutes", "", module.estimated_minutes)))
        audience = [a for a in module.audience if a]
        if audience:
            meta.append(
                esc(
                    self.tr("For {audience}").format(
                        audience=", ".join(_audience_label(a) for a in audience)
                    )
                )
            )
        parts = [title_html, f'<p class="meta">{" · ".join(meta)}</p>']
        if module.objectives:
            items = "".join(f"<li>{esc(o)}</li>" for o in module.objectives)
            parts.append(
                '<table class="box" width="100%" cellpadding="12" cellspacing="0"><tr><td>'
                f'<p class="box-label">{esc(self.tr("In this module you will learn to:"))}</p>'
                f"<ul>{items}</ul></td></tr></table>"
            )
        parts.append(body)
        if module.sources:
            entries = []
            for source in module.sources:
                text = esc(source.citation())
                if source.note:
                    text += " " + esc(source.note) + "."
                if source.url:
                    url = esc(source.url, quote=True)
                    text += f' <a class="external" href="{url}" title="{url}">{esc(source.url)}</a>'
                entries.append(f"<li>{text}</li>")
            parts.append(
                f'<h2 id="{SOURCES_ANCHOR}">{esc(self.tr("Sources for this module"))}</h2>'
                f'<ol class="sources">{"".join(entries)}</ol>'
            )
        else:
            parts.append(f'<p id="{SOURCES_ANCHOR}"></p>')
        return "\n".join(parts)

    def _index_anchors(self) -> None:
        self._anchors = {}
        block = self.browser.document().begin()
        while block.isValid():
            names = list(block.charFormat().anchorNames())
            iterator = block.begin()
            while not iterator.atEnd():
                names.extend(iterator.fragment().charFormat().anchorNames())
                iterator += 1
            for name in names:
                self._anchors.setdefault(name, block)
            block = block.next()

    def _fill_toc(self) -> None:
        blocker = QSignalBlocker(self.toc)
        self.toc.clear()
        if self.module is not None:
            for section in self.module.sections:
                item = QListWidgetItem()
                item.setData(Qt.ItemDataRole.UserRole, section.id)
                self.toc.addItem(item)
            if self.module.sources:
                item = QListWidgetItem(self.tr("Sources for this module"))
                item.setData(Qt.ItemDataRole.UserRole, SOURCES_ANCHOR)
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
                self.toc.addItem(item)
        self._update_toc_marks()
        del blocker

    def _update_toc_marks(self) -> None:
        if self.module is None:
            return
        for index, section in enumerate(self.module.sections):
            item = self.toc.item(index)
            if item is None:
                continue
            read = section.id in self._read or section.id in self._pending_read
            item.setText(section.title + ("  ✓" if read else ""))
            item.setData(
                Qt.ItemDataRole.AccessibleDescriptionRole,
                self.tr("read") if read else self.tr("not read yet"),
            )

    def _show_reading(self) -> None:
        self.stack.setCurrentWidget(self.reading_view)
        self.browser.setFocus()
        self._restore_position()
        QTimer.singleShot(0, self._restore_position)

    def _restore_position(self) -> None:
        if self.module is None or self.profile_id is None:
            self._restoring = False
            return
        self._ensure_layout()
        bar = self.browser.verticalScrollBar()
        target = 0
        try:
            progress = self.store.module_progress(self.profile_id, self.module.id)
        except ProgressError:
            progress = None
        if progress is not None and progress.position is not None:
            position = progress.position
            target = round(position.scroll_fraction * bar.maximum())
            starts = self._section_starts()
            ids = [s.id for s in self.module.sections]
            if position.section_id in ids and starts:
                wanted = ids.index(position.section_id)
                here = section_at(starts, target, self._slack())
                if here != wanted:
                    target = round(starts[wanted])
        bar.setValue(target)
        self._restoring = False
        self._scrolled()

    def _ensure_layout(self) -> None:
        self.browser.apply_text_column()
        document = self.browser.document()
        width = self.browser.viewport().width()
        if width > 0 and document.textWidth() != width:
            document.setTextWidth(width)
        document.documentLayout().documentSize()

    # ------------------------------------------------------------ positions

    def _reflow(self) -> None:
        bar = self.browser.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
        self.browser.apply_text_column()
        self.browser.document().documentLayout().documentSize()
        if fraction:
            bar.setValue(round(fraction * bar.maximum()))

    def _block_top(self, block: QTextBlock) -> float:
        return float(self.browser.document().documentLayout().blockBoundingRect(block).top())

    def _section_starts(self) -> list[float]:
        if self.module is None:
            return []
        starts: list[float] = []
        previous = 0.0
        for section in self.module.sections:
            block = self._anchors.get(section.id)
            top = self._block_top(block) if block is not None else previous
            starts.append(top)
            previous = top
        return starts

    def _content_end(self) -> float:
        block = self._anchors.get(SOURCES_ANCHOR)
        if block is not None:
            return self._block_top(block)
        return float(self.browser.document().documentLayout().documentSize().height())

    def _slack(self) -> float:
        return max(24.0, self.browser.viewport().height() / 5)

    def current_section_index(self) -> int | None:
        bar = self.browser.verticalScrollBar()
        return section_at(self._section_starts(), bar.value(), self._slack())

    def at_end(self) -> bool:
        bar = self.browser.verticalScrollBar()
        return bar.value() >= bar.maximum() - 2

    def _scrolled(self) -> None:
        if (
            self.module is None
            or self._restoring
            or self.stack.currentWidget() is not self.reading_view
        ):
            return
        bar = self.browser.verticalScrollBar()
        starts = self._section_starts()
        bottom = float(bar.value() + self.browser.viewport().height())
        if self.at_end():
            bottom = max(bottom, self._content_end())
        newly = {
            self.module.sections[i].id for i in sections_passed(starts, self._content_end(), bottom)
        } - self._read
        if newly - self._pending_read:
            self._pending_read |= newly
            self._update_toc_marks()
        entries = starts + ([self._content_end()] if self.module.sources else [])
        current = section_at(entries, bar.value(), self._slack())
        blocker = QSignalBlocker(self.toc)
        self.toc.setCurrentRow(-1 if current is None else current)
        del blocker
        self._update_footer()
        if self.profile_id is not None:
            self._save_timer.start()

    def save_progress(self) -> None:
        """Store the sections read and the reading position now."""
        self._save_timer.stop()
        if self.module is None or self.profile_id is None:
            return
        module_id = self.module.id
        try:
            for section_id in sorted(self._pending_read):
                self.store.mark_section_read(self.profile_id, module_id, section_id)
                self._read.add(section_id)
            self._pending_read.clear()
            if self.stack.currentWidget() is self.reading_view:
                bar = self.browser.verticalScrollBar()
                fraction = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
                index = self.current_section_index()
                sections = self.module.sections
                section_id = (
                    sections[index].id
                    if index is not None
                    else (sections[0].id if sections else "start")
                )
                position = (module_id, section_id, fraction)
                if position != self._saved_position:
                    self.store.set_reading_position(
                        self.profile_id, module_id, section_id, fraction
                    )
                    self._saved_position = position
        except ProgressError as error:
            self.statusMessage.emit(str(error))

    # ------------------------------------------------------------ navigation

    def scroll_to_anchor(self, anchor: str) -> None:
        block = self._anchors.get(anchor)
        if block is None:
            self.browser.scrollToAnchor(anchor)
            return
        self._ensure_layout()
        top = self._block_top(block)
        # A little room above the heading, but never above the section's own start.
        self.browser.verticalScrollBar().setValue(max(0, round(top - _HEADING_ROOM)))

    def _toc_activated(self, item: QListWidgetItem) -> None:
        anchor = item.data(Qt.ItemDataRole.UserRole)
        if anchor:
            self.scroll_to_anchor(str(anchor))

    def go_to_section(self, index: int) -> None:
        if self.module is None or not self.module.sections:
            return
        index = max(0, min(index, len(self.module.sections) - 1))
        self.scroll_to_anchor(self.module.sections[index].id)

    def next_section(self) -> None:
        if self.module is None or self.stack.currentWidget() is not self.reading_view:
            return
        current = self.current_section_index()
        target = 0 if current is None else current + 1
        if target >= len(self.module.sections):
            bar = self.browser.verticalScrollBar()
            bar.setValue(bar.maximum())
        else:
            self.go_to_section(target)

    def previous_section(self) -> None:
        if self.module is None or self.stack.currentWidget() is not self.reading_view:
            return
        bar = self.browser.verticalScrollBar()
        current = self.current_section_index()
        if current is None:
            bar.setValue(0)
            return
        starts = self._section_starts()
        if bar.value() > starts[current] + 4 and not self.at_end():
            self.go_to_section(current)
        elif current == 0:
            bar.setValue(0)
        else:
            self.go_to_section(current - 1)

    def _update_footer(self) -> None:
        module = self.module
        if module is None:
            return
        bar = self.browser.verticalScrollBar()
        current = self.current_section_index()
        self.previous_button.setEnabled(bar.value() > 0)
        self.next_button.setEnabled(not self.at_end())
        quizzes = self.library.quizzes_for_module(module.id)
        end = self.at_end()
        self.complete_button.setVisible(end and not self._completed)
        self.quiz_button.setVisible(bool(quizzes) and (end or self._completed))
        if len(quizzes) > 1:
            menu = QMenu(self.quiz_button)
            for quiz in quizzes:
                action = menu.addAction(quiz.title)
                quiz_id = quiz.id
                action.triggered.connect(
                    lambda _c=False, q=quiz_id: self.startQuizRequested.emit(q)
                )
            self.quiz_button.setMenu(menu)
            self.quiz_button.setText(self.tr("Take a quiz"))
        else:
            self.quiz_button.setMenu(None)  # type: ignore[arg-type]
            self.quiz_button.setText(self.tr("Take the quiz"))
        if self._completed:
            self.end_label.setText("✓ " + self.tr("You have completed this module."))
            self._set_end_role("success")
        elif end:
            self.end_label.setText(self.tr("You have reached the end of this module."))
            self._set_end_role(None)
        else:
            total = len(module.sections)
            text = ""
            if total and current is not None:
                text = self.tr("Section {number} of {total}").format(
                    number=current + 1, total=total
                )
            self.end_label.setText(text)
            self._set_end_role("muted")

    def _set_end_role(self, role: str | None) -> None:
        """Restyle the footer's label only when its role changes (restyling a widget
        re-runs the style sheet on it, which the footer does on every scroll)."""
        if self.end_label.property("role") != role:
            set_style_property(self.end_label, "role", role)

    def module_quizzes(self) -> list[Quiz]:
        return self.library.quizzes_for_module(self.module.id) if self.module else []

    def _take_quiz(self) -> None:
        quizzes = self.module_quizzes()
        if len(quizzes) == 1:
            self.save_progress()
            self.startQuizRequested.emit(quizzes[0].id)
        elif quizzes:
            self.quiz_button.showMenu()

    def mark_complete(self) -> None:
        if self.module is None or self.profile_id is None:
            return
        self.save_progress()
        try:
            self.store.mark_module_complete(self.profile_id, self.module.id)
        except ProgressError as error:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Not saved"))
            box.setText(str(error))
            box.open()
            return
        self._completed = True
        self._update_footer()
        self.moduleCompleted.emit(self.module.id)
        self.statusMessage.emit(self.tr("Module marked as complete."))
        if self.quiz_button.isVisible():
            self.quiz_button.setFocus()
        else:
            self.back_button.setFocus()

    def is_completed(self) -> bool:
        return self._completed

    def _internal_link(self, kind: str, target: str) -> None:
        self.save_progress()
        if kind == "module":
            if target in self.library.modules:
                self.openModuleRequested.emit(target)
            else:
                self.statusMessage.emit(self.tr("This module is not available."))
        elif target in self.library.quizzes:
            self.startQuizRequested.emit(target)
        else:
            self.statusMessage.emit(self.tr("This quiz is not available."))

    def show_external_link(self, address: str) -> None:
        """Show the address with a Copy button; the app never opens it."""
        if self._external_dialog is not None:
            self._external_dialog.close()
            self._external_dialog.deleteLater()
        dialog = ExternalLinkDialog(address, self)
        self._external_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: self._forget_dialog(dialog))
        dialog.open()
        self.statusMessage.emit(
            self.tr("Web address (not opened): {address}").format(address=address)
        )
        self.externalLinkShown.emit(address)

    def _forget_dialog(self, dialog: ExternalLinkDialog) -> None:
        if self._external_dialog is dialog:
            self._external_dialog = None

    @property
    def external_dialog(self) -> ExternalLinkDialog | None:
        return self._external_dialog

    def go_back(self) -> None:
        self.save_progress()
        self.backRequested.emit()

    def leave(self) -> None:
        """Called when another page replaces the reader."""
        self.save_progress()

    # ------------------------------------------------------------ zoom and theme

    def set_zoom(self, percent: int) -> None:
        percent = max(ZOOM_MIN, min(ZOOM_MAX, int(percent)))
        bar = self.browser.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
        changed = percent != self.zoom
        self.zoom = percent
        font = QFont(QApplication.font())
        font.setPointSizeF(max(4.0, QApplication.font().pointSizeF() * percent / 100.0))
        self.browser.setFont(font)
        self.zoom_label.setText(self.tr("Zoom {percent}%").format(percent=percent))
        self.zoom_label.setVisible(percent != DEFAULT_ZOOM)
        if self.module is not None:  # with no module open there is nothing to lay out
            self._ensure_layout()
            bar.setValue(round(fraction * bar.maximum()))
        if changed:
            self.zoomChanged.emit(percent)

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom + ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom - ZOOM_STEP)

    def reset_zoom(self) -> None:
        self.set_zoom(DEFAULT_ZOOM)

    def refresh_style(self) -> None:
        """Re-apply colours and fonts after a theme or text-size change."""
        if self.module is None:
            self.set_zoom(self.zoom)
            return
        bar = self.browser.verticalScrollBar()
        value = bar.value()
        module = self.module
        pending = set(self._pending_read)
        self._load(module)
        self._restoring = False
        self._pending_read |= pending
        self._update_toc_marks()
        self.set_zoom(self.zoom)
        bar.setValue(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.showing_warning():
                self.backRequested.emit()
            else:
                self.go_back()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------ for tests and screen readers

    def toc_titles(self) -> list[str]:
        return [self.toc.item(i).text().removesuffix("✓").strip() for i in range(self.toc.count())]

    def sections_read(self) -> set[str]:
        return self._read | self._pending_read
