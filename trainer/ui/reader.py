"""The module reader: the lesson with its objectives and sources, a table of contents,
section navigation, zoom, the content warning, reading position and completion.

The text browser loads nothing from the network or the file system except pictures
inside the content root, and follows no link by itself: links to modules and quizzes
open inside the app, web addresses are only shown so the learner can copy them.
"""

from __future__ import annotations

import html
import math
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PySide6.QtCore import QPointF, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QTextBlock,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trainer.core.library_status import (
    content_location,
    link_targets,
    section_at,
    sections_passed,
)
from trainer.core.model import Library, Module, Quiz
from trainer.core.progress import ProgressError, ProgressStore, ReadingPosition
from trainer.core.render import (
    LinkContext,
    RenderedPage,
    join_pages,
    markdown_parts,
    render_markdown,
)
from trainer.ui.lesson_browser import (
    MAX_LINE_CHARS,
    ContentBrowser,
    ExternalLinkDialog,
    LessonDocument,
)
from trainer.ui.settings import DEFAULT_ZOOM, ZOOM_MAX, ZOOM_MIN, ZOOM_STEP
from trainer.ui.theme import current_theme, document_css, set_style_property

__all__ = ["ContentBrowser", "ExternalLinkDialog", "LessonDocument", "ReaderPage"]

SOURCES_ANCHOR = "trainer-sources"
_SAVE_DELAY_MS = 600
_HEADING_ROOM = 8.0
# Rendered lessons kept in memory, so reopening a module skips the Markdown step.
_RENDERED_KEPT = 24
# Lessons kept as built documents, so reopening one of them skips the HTML step too.
_DOCUMENTS_KEPT = 4
_PREPARE_DELAY_MS = 1000
# A long lesson is rendered in parts of about this many Markdown characters (or more: a
# part ends where a heading starts): before it is shown, those that fill the screen one
# and a half times over from the section of the reading position; the rest about this
# many characters at a time, in the next turns of the event loop.
_PART_CHARS = 2500
_STEP_CHARS = 10000
# What opening leaves for later (the rest of a long lesson, laying it all out, marking
# the sections on screen) starts a moment after the lesson is painted (as Qt's own
# layout of a long text goes on in steps 10 ms apart), or after the longer delay if
# the text is not on screen.
_AFTER_PAINT_MS = 10
_SETTLE_DELAY_MS = 50


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


@dataclass(frozen=True, slots=True)
class _Geometry:
    """A lesson's layout at one size of the text: enough to restore a reading position
    when the lesson is shown again at that size without laying it all out first."""

    width: int
    height: int
    font: str
    maximum: int
    starts: tuple[float, ...]


@dataclass(eq=False, slots=True)
class _Lesson:
    """A lesson's document as shown: whole, or its first parts while the rest is rendered."""

    document: LessonDocument
    html: str
    css: str
    complete: bool
    anchors: dict[str, QTextBlock] | None = None
    geometry: _Geometry | None = None


@dataclass(eq=False, slots=True)
class _PartsJob:
    """A long lesson being rendered part by part (:func:`markdown_parts`)."""

    key: tuple[str, str, str]
    module: Module
    context: LinkContext | None
    parts: list[str]
    pages: list[RenderedPage]

    @property
    def done(self) -> bool:
        return len(self.pages) == len(self.parts)

    def render(self, chars: float) -> None:
        """Render the next parts, until at least ``chars`` characters are (or all)."""
        rendered = 0
        while not self.done and rendered < chars:
            part = self.parts[len(self.pages)]
            self.pages.append(render_markdown(part, self.context))
            rendered += len(part)

    def render_through(self, section_id: str, chars: float) -> None:
        """Render the parts before the one where section ``section_id`` starts, then at
        least ``chars`` characters from there (all parts if no part has that section)."""
        while not self.done and all(e.id != section_id for p in self.pages for e in p.toc):
            self.render(1)
        if self.pages and any(e.id == section_id for e in self.pages[-1].toc):
            chars -= len(self.parts[len(self.pages) - 1])
        self.render(chars)


class ReaderPage(QWidget):
    """Reads one module at a time for the current learner.

    Opening a module shows its lesson as soon as the part on screen can be painted;
    what only matters once the learner moves (the rest of a long lesson, laying all of it
    out, which sections are on screen) follows in the next turns of the event loop, or at
    once when something needs it (:meth:`_settle_now`).
    """

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
        self._read: set[str] = set()
        self._pending_read: set[str] = set()
        self._completed = False
        self._external_dialog: ExternalLinkDialog | None = None
        # Rendered lessons by (content hash, root, folder), most recent last; and the
        # in-app addresses of the files of each root. Both belong to one library.
        self._rendered: dict[tuple[str, str, str], RenderedPage] = {}
        self._link_targets: dict[Path, dict[str, str]] = {}
        # Built documents of the most recent complete lessons, by the same key (only
        # while the rendered lesson is kept too); the lesson shown; a long lesson still
        # being rendered.
        self._lessons: dict[tuple[str, str, str], _Lesson] = {}
        self._lesson: _Lesson | None = None
        self._job: _PartsJob | None = None
        # The sections listed in the table of contents.
        self._toc_entries: tuple[tuple[tuple[str, str], ...], str] | None = None
        # Whether the lesson shown is whole and laid out, its sections on screen marked.
        self._settled = True
        # The reading position stored when the module was opened, the scroll value it
        # was restored to, and whether the learner has scrolled since (until then, the
        # stored position stands).
        self._position: ReadingPosition | None = None
        self._restored_value: int | None = None
        self._moved = False
        # The reading position last written for the open module (not written again).
        self._saved_position: tuple[str, str, float] | None = None
        self.setAccessibleName(self.tr("Module reader"))

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_progress)
        self._work_timer = QTimer(self)
        self._work_timer.setSingleShot(True)
        self._work_timer.timeout.connect(self._work_step)

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
        self.browser.verticalScrollBar().actionTriggered.connect(self._learner_scrolled)
        self.browser.internalLinkClicked.connect(self._internal_link)
        self.browser.resized.connect(self._reflow)
        self.browser.painted.connect(self._painted)
        self.browser.jumpRequested.connect(self._settle_now)
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
        # The position restored was the previous learner's.
        self._position = None
        self._restored_value = None

    def set_library(self, library: Library) -> None:
        """Use another library for the modules opened from now on."""
        self._settle_now()  # the lesson shown is the old library's, rendered whole
        self.library = library
        self._rendered.clear()
        while self._lessons:
            self._discard(self._lessons.pop(next(iter(self._lessons))))
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

    def _context(self, root: Path | None, base: PurePosixPath) -> LinkContext | None:
        if root is None:
            return None
        files = self._link_targets.get(root) or link_targets(self.library, root)
        self._link_targets[root] = files
        return LinkContext(root, base, files)

    def _render(self, module: Module, root: Path | None, base: PurePosixPath) -> RenderedPage:
        """The module's lesson as HTML, rendered once per content and kept for reopening."""
        key = (module.sha256, str(root), str(base))
        page = self._rendered.get(key)
        if page is None:
            page = render_markdown(module.body, self._context(root, base))
        self._keep_rendered(key, page)
        return page

    def _keep_rendered(self, key: tuple[str, str, str], page: RenderedPage) -> None:
        self._rendered.pop(key, None)
        self._rendered[key] = page
        while len(self._rendered) > _RENDERED_KEPT:
            del self._rendered[next(iter(self._rendered))]

    def _load(self, module: Module) -> None:
        self._work_timer.stop()
        location = content_location(self.library, module.path, module.sha256)
        root = location[0] if location else None
        base = location[1].parent if location else PurePosixPath()
        key = (module.sha256, str(root), str(base))
        css = document_css(current_theme())
        job, lesson = self._job, self._lesson
        # The same long lesson opened again while its rest is rendered: it goes on.
        same = job is not None and lesson is not None and job.key == key and lesson.css == css
        if not same:
            self._job = None
        self.browser.set_root(root)
        self.title_label.setText(module.title)
        self._settled = False
        self._saved_position = None
        self._position = None
        self._restored_value = None
        self._moved = False
        self._read, self._pending_read = set(), set()
        self._completed = False
        if self.profile_id is not None:
            try:
                progress = self.store.module_progress(self.profile_id, module.id)
                self._read = set(progress.sections_read)
                self._completed = progress.completed
                self._position = progress.position
            except ProgressError as error:
                self.statusMessage.emit(str(error))
        if same:
            assert lesson is not None
        elif key in self._rendered:
            lesson = self._lesson_for(key, module, self._render(module, root, base), css, root)
        else:
            # A built document is kept only as long as its rendered lesson.
            self._discard(self._lessons.pop(key, None))
            page = self._render_first(key, module, root, base)
            if page is not None:
                self._keep_rendered(key, page)
                lesson = self._lesson_for(key, module, page, css, root)
            else:
                assert self._job is not None
                first = "\n".join(p.html for p in self._job.pages if p.html)
                lesson = self._build_lesson(
                    self._page_html(module, first, whole=False), css, root, complete=False
                )
        self._show_lesson(lesson)
        self._fill_toc()
        # What is left (the rest of a long lesson, laying it all out, the sections on
        # screen) follows once the lesson is painted.
        self._work_timer.start(_SETTLE_DELAY_MS)

    def _render_first(
        self, key: tuple[str, str, str], module: Module, root: Path | None, base: PurePosixPath
    ) -> RenderedPage | None:
        """The whole lesson rendered; or, for a long lesson, ``None`` and its first parts
        rendered (through the section of the reading position), the rest left to
        :attr:`_job`."""
        context = self._context(root, base)
        parts = markdown_parts(module.body, _PART_CHARS)
        if len(parts) == 1:
            return render_markdown(module.body, context)
        job = _PartsJob(key, module, context, parts, [])
        position = self._position
        first = 1.5 * self._screen_chars()
        if position is None:
            job.render(first)
        elif position.section_id in {s.id for s in module.sections}:
            job.render_through(position.section_id, first)
        else:
            job.render(math.inf)  # a position by its fraction alone needs the whole lesson
        if job.done:
            return join_pages(job.pages) or render_markdown(module.body, context)
        self._job = job
        return None

    def _screen_chars(self) -> float:
        """About how many characters of text fill the browser (an overestimate: headings,
        lists, tables and pictures take more room per character than running text)."""
        viewport = self.browser.viewport()
        metrics = QFontMetricsF(self.browser.font())
        lines = viewport.height() / max(1.0, metrics.lineSpacing())
        per_line = min(MAX_LINE_CHARS, viewport.width() / max(1.0, metrics.averageCharWidth()))
        return max(1.0, lines) * max(1.0, per_line)

    def _lesson_for(
        self,
        key: tuple[str, str, str],
        module: Module,
        page: RenderedPage,
        css: str,
        root: Path | None,
    ) -> _Lesson:
        """The complete lesson's document: the one kept, if it was built from the same
        HTML and style sheet, or a new one (then kept)."""
        html_text = self._page_html(module, page.html)
        lesson = self._lessons.pop(key, None)
        if lesson is not None and (
            lesson.html != html_text or lesson.css != css or lesson.document.root != root
        ):
            self._discard(lesson)
            lesson = None
        if lesson is None:
            lesson = self._build_lesson(html_text, css, root, complete=True)
        self._lessons[key] = lesson
        while len(self._lessons) > _DOCUMENTS_KEPT:
            self._discard(self._lessons.pop(next(iter(self._lessons))))
        return lesson

    def _build_lesson(self, html_text: str, css: str, root: Path | None, complete: bool) -> _Lesson:
        document = LessonDocument(root, self)
        document.setUndoRedoEnabled(False)
        document.setDefaultStyleSheet(css)
        document.setDefaultFont(self.browser.font())
        document.setHtml(html_text)
        return _Lesson(document, html_text, css, complete)

    def _discard(self, lesson: _Lesson | None) -> None:
        """Free a lesson's document, unless it is the one shown (freed when replaced)."""
        if lesson is not None and lesson is not self._lesson:
            lesson.document.deleteLater()

    def _show_lesson(self, lesson: _Lesson) -> None:
        document = lesson.document
        font = self.browser.font()
        if document.defaultFont() != font:
            document.setDefaultFont(font)
        # The margins before the browser lays the text out, not after (twice).
        self.browser.apply_text_column(document)
        previous, self._lesson = self._lesson, lesson
        if self.browser.document() is not document:
            self.browser.setDocument(document)
        kept = previous is lesson or any(previous is k for k in self._lessons.values())
        if previous is not None and not kept:
            previous.document.deleteLater()

    def _page_html(self, module: Module, body: str, whole: bool = True) -> str:
        """The page shown for a module: title, details, objectives, the lesson ``body``
        and, when the body is ``whole``, the sources."""
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
        if not whole:
            pass  # the sources follow the rest of the lesson
        elif module.sources:
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

    def _anchor_blocks(self) -> dict[str, QTextBlock]:
        """The blocks of the lesson shown by the ids they carry (headings' and the
        sources'), indexed once per document."""
        lesson = self._lesson
        if lesson is None:
            return {}
        if lesson.anchors is None:
            anchors: dict[str, QTextBlock] = {}
            block = lesson.document.begin()
            while block.isValid():
                for name in block.charFormat().anchorNames():
                    anchors.setdefault(name, block)
                block = block.next()
            lesson.anchors = anchors
        return lesson.anchors

    def _fill_toc(self) -> None:
        module = self.module
        entries = (
            None
            if module is None
            else (
                tuple((s.id, s.title) for s in module.sections),
                self.tr("Sources for this module") if module.sources else "",
            )
        )
        blocker = QSignalBlocker(self.toc)
        if entries is not None and entries == self._toc_entries:
            # The same sections as shown (the module opened again): only the marks.
            self._update_toc_marks()
            del blocker
            return
        self._toc_entries = entries
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

    def _restore_position(self) -> None:
        """Scroll to the reading position stored for the module, laying the lesson out
        only down to the view there. When the lesson's layout at this size is known from
        before, that is the exact place; when not (or the lesson is still being rendered)
        the start of the section, and the exact place once the whole lesson is laid out
        (:meth:`_settle`)."""
        bar = self.browser.verticalScrollBar()
        position = self._position if self.profile_id is not None else None
        lesson = self._lesson
        if self.module is None or lesson is None or position is None:
            bar.setValue(0)
        elif self._settled:
            self._ensure_layout()
            bar.setValue(self._position_target(position, bar.maximum(), self._section_starts()))
        elif lesson.complete and (geometry := self._known_geometry(lesson)) is not None:
            starts = list(geometry.starts)
            self._scroll_to(self._position_target(position, geometry.maximum, starts))
        else:
            # For now the start of the section (laid out down to there); the exact place
            # once the lesson is whole and laid out, a moment later (_settle).
            block = self._anchor_blocks().get(position.section_id)
            self._scroll_to(round(self._block_top(block)) if block is not None else 0)
        self._restored_value = bar.value()
        self._moved = False
        if self._settled:
            self._scrolled()
        else:
            self._update_footer()

    def _learner_scrolled(self, _action: int) -> None:
        self._moved = True
        bar = self.browser.verticalScrollBar()
        if self._job is not None and bar.sliderPosition() >= bar.maximum():
            # Down to the end of the first parts while the rest is still being rendered
            # (End, or the scroll bar dragged down): the learner wants the end of the
            # lesson, so it is completed now and shown there.
            self._settle_now()
            bar.setSliderPosition(bar.maximum())

    def _unmoved(self) -> bool:
        """Whether the view is still where the stored reading position put it: the learner
        has not scrolled since and, once the lesson is laid out, nothing else moved it
        (while it is laid out, the scroll bar may move with the layout)."""
        return (
            self._restored_value is not None
            and not self._moved
            and (
                not self._settled
                or self.browser.verticalScrollBar().value() == self._restored_value
            )
        )

    def _position_target(self, position: ReadingPosition, maximum: int, starts: list[float]) -> int:
        """The scroll value for ``position``: its fraction of the lesson, unless that falls
        outside its section (the lesson changed), then the start of the section."""
        target = round(position.scroll_fraction * maximum)
        ids = [s.id for s in self.module.sections] if self.module is not None else []
        if position.section_id in ids and starts:
            wanted = ids.index(position.section_id)
            here = section_at(starts, target, self._slack())
            if here != wanted:
                target = round(starts[wanted])
        return target

    def _known_geometry(self, lesson: _Lesson) -> _Geometry | None:
        """The lesson's layout recorded at the browser's present size and font, if any."""
        geometry = lesson.geometry
        viewport = self.browser.viewport()
        if (
            geometry is not None
            and geometry.width == viewport.width()
            and geometry.height == viewport.height()
            and geometry.font == self.browser.font().key()
        ):
            return geometry
        return None

    def _scroll_to(self, value: int) -> None:
        """Scroll to ``value``, laying the text out only down to the bottom of the view
        there (the scroll bar follows the layout as it goes, so it may not reach that far
        yet; and it must not pull the view back when the layout reports its size)."""
        bar = self.browser.verticalScrollBar()
        if value > 0:
            bottom = value + self.browser.viewport().height()
            layout = self.browser.document().documentLayout()
            layout.hitTest(QPointF(0, bottom), Qt.HitTestAccuracy.FuzzyHit)
            if value > bar.maximum():
                bar.setMaximum(value)
        bar.setValue(value)

    def _ensure_layout(self) -> None:
        """Lay the whole text out, and bring the scroll bar up to date with it at once
        (by itself it follows the size the layout reports from time to time, an estimate
        while the layout is under way)."""
        self.browser.apply_text_column()
        document = self.browser.document()
        width = self.browser.viewport().width()
        if width > 0 and document.textWidth() != width:
            document.setTextWidth(width)
        layout = document.documentLayout()
        layout.documentSizeChanged.emit(layout.documentSize())

    # ------------------------------------------------------------ after opening

    def _painted(self) -> None:
        # The lesson is on screen: what opening left can start.
        if self._work_timer.isActive() and self._work_timer.interval() > _AFTER_PAINT_MS:
            self._work_timer.start(_AFTER_PAINT_MS)

    def _work_step(self) -> None:
        """One turn of what opening left: a few parts of a long lesson, or putting the
        whole lesson in, or settling."""
        job = self._job
        if job is None:
            self._settle()
            return
        if job.done:
            self._complete_job()
        else:
            job.render(_STEP_CHARS)
        self._work_timer.start(0)

    def _complete_job(self) -> None:
        """Show the whole of a long lesson in place of its first parts, at the same place."""
        job, lesson = self._job, self._lesson
        self._job = None
        if job is None or lesson is None:
            return
        page = join_pages(job.pages) or render_markdown(job.module.body, job.context)
        self._keep_rendered(job.key, page)
        whole = self._lesson_for(job.key, job.module, page, lesson.css, lesson.document.root)
        value = self.browser.verticalScrollBar().value()
        self._show_lesson(whole)
        self._scroll_to(value)

    def _settle(self) -> None:
        """Lay the whole lesson out and take up what opening left: the exact reading
        position (while the learner has not moved), its layout for next time, the
        sections on screen and the footer."""
        lesson = self._lesson
        if self._settled or self.module is None or lesson is None or not lesson.complete:
            return
        self._work_timer.stop()
        unmoved = self._unmoved()
        self._ensure_layout()
        self._settled = True
        bar = self.browser.verticalScrollBar()
        viewport = self.browser.viewport()
        starts = self._section_starts()
        lesson.geometry = _Geometry(
            viewport.width(),
            viewport.height(),
            self.browser.font().key(),
            bar.maximum(),
            tuple(starts),
        )
        position = self._position
        if position is not None and unmoved:
            bar.setValue(self._position_target(position, bar.maximum(), starts))
            self._restored_value = bar.value()
        self._scrolled()

    def _settle_now(self) -> None:
        """Do at once what opening left for later (something needs the whole lesson)."""
        if self._settled and self._job is None:
            return
        self._work_timer.stop()
        if self._job is not None:
            self._job.render(math.inf)
            self._complete_job()
        self._settle()

    # ------------------------------------------------------------ positions

    def _reflow(self) -> None:
        if not self._settled:
            # Still opening (perhaps restored in a page not shown yet, at another size):
            # the margins now, and the reading position again at this size; the settle
            # step lays the text out.
            value = self.browser.verticalScrollBar().value()
            self.browser.apply_text_column()
            if self._unmoved() and self.stack.currentWidget() is self.reading_view:
                self._restore_position()
            else:
                self._scroll_to(value)
            return
        bar = self.browser.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
        self._ensure_layout()
        if fraction:
            bar.setValue(round(fraction * bar.maximum()))

    def _block_top(self, block: QTextBlock) -> float:
        return float(self.browser.document().documentLayout().blockBoundingRect(block).top())

    def _section_starts(self, limit: float = math.inf) -> list[float]:
        """The tops of the module's sections, in order; those starting below ``limit``
        as infinity (not laid out for it), and those not in the text yet (a long lesson
        still being rendered) too."""
        if self.module is None:
            return []
        anchors = self._anchor_blocks()
        whole = self._lesson is not None and self._lesson.complete
        starts: list[float] = []
        previous = 0.0
        for section in self.module.sections:
            block = anchors.get(section.id)
            if previous > limit or (block is None and not whole):
                top = math.inf
            elif block is None:
                top = previous
            else:
                top = self._block_top(block)
            starts.append(top)
            previous = top
        return starts

    def _content_end(self) -> float:
        block = self._anchor_blocks().get(SOURCES_ANCHOR)
        if block is not None:
            return self._block_top(block)
        return float(self.browser.document().documentLayout().documentSize().height())

    def _slack(self) -> float:
        return max(24.0, self.browser.viewport().height() / 5)

    def current_section_index(self) -> int | None:
        bar = self.browser.verticalScrollBar()
        slack = self._slack()
        return section_at(self._section_starts(bar.value() + slack), bar.value(), slack)

    def at_end(self) -> bool:
        bar = self.browser.verticalScrollBar()
        return bar.value() >= bar.maximum() - 2

    def _scrolled(self) -> None:
        if (
            self.module is None
            or not self._settled
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

    def _position_now(self) -> tuple[str, float]:
        """The section and scroll fraction to store for where the learner is."""
        assert self.module is not None
        bar = self.browser.verticalScrollBar()
        stored = self._position
        if stored is not None and self._unmoved():
            # Not moved since the stored position was restored: it stands (worked out
            # again, it could differ by a rounding, and be written again for nothing).
            return stored.section_id, stored.scroll_fraction
        if not self._settled and bar.value() > 0:
            self._settle_now()  # a fraction of the whole lesson, laid out
        fraction = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
        index = self.current_section_index()
        sections = self.module.sections
        section_id = (
            sections[index].id if index is not None else (sections[0].id if sections else "start")
        )
        return section_id, fraction

    def save_progress(self) -> None:
        """Store the sections read and the reading position now."""
        self._save_timer.stop()
        if self.module is None or self.profile_id is None:
            return
        module_id = self.module.id
        position: tuple[str, str, float] | None = None
        if self.stack.currentWidget() is self.reading_view:
            # First: this may finish opening, which marks the sections on screen.
            position = (module_id, *self._position_now())
            self._save_timer.stop()
        try:
            for section_id in sorted(self._pending_read):
                self.store.mark_section_read(self.profile_id, module_id, section_id)
                self._read.add(section_id)
            self._pending_read.clear()
            if position is not None and position != self._saved_position:
                self.store.set_reading_position(self.profile_id, *position)
                self._saved_position = position
        except ProgressError as error:
            self.statusMessage.emit(str(error))

    # ------------------------------------------------------------ navigation

    def scroll_to_anchor(self, anchor: str) -> None:
        self._settle_now()
        block = self._anchor_blocks().get(anchor)
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
        self._settle_now()
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
        self._settle_now()
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
        # Where the lesson ends is known once it is whole and laid out.
        end = self._settled and self.at_end()
        self.previous_button.setEnabled(bar.value() > 0)
        self.next_button.setEnabled(not end)
        quizzes = self.library.quizzes_for_module(module.id)
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
        if self.module is not None:
            self._settle_now()
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
        self._settle_now()
        bar = self.browser.verticalScrollBar()
        value = bar.value()
        module = self.module
        pending = set(self._pending_read)
        self._load(module)
        self._pending_read |= pending
        self._update_toc_marks()
        self._scroll_to(value)
        self.set_zoom(self.zoom)  # lays the restyled lesson out
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
