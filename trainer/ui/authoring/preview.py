"""The preview of the selected entry: a module in the learner's reader, a quiz on the
learner's quiz screens (:class:`QuizTryOut`), a taxonomy as a list of its dimensions and
indicators, or why a file is left out.

The reader keeps a learner's reading place in a progress store. The preview gives it a
throw-away store in a temporary folder, with one stand-in learner, so that reading a
preview touches no real progress folder; the folder is deleted when the preview closes.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from trainer.core.model import Library, Taxonomy
from trainer.core.progress import ProgressError, ProgressStore
from trainer.ui.authoring.content_tree import Entry
from trainer.ui.authoring.tryout import QuizTryOut
from trainer.ui.reader import ContentBrowser, ReaderPage
from trainer.ui.theme import current_theme, document_css, set_style_property

__all__ = ["PreviewPane"]


class PreviewPane(QStackedWidget):
    """Shows one :data:`Entry` of the content tree. ``entryRequested`` asks the window to
    select another entry (a link to a module, a module's quiz); ``statusMessage`` is for
    the status bar."""

    entryRequested = Signal(object)
    statusMessage = Signal(str)
    # The reader's way back to the library was used.
    backRequested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.entry: Entry | None = None
        self._scratch = tempfile.TemporaryDirectory(prefix="trainer-preview-")
        self.store: ProgressStore | None = None
        self.reader: ReaderPage | None = None
        profile: str | None = None
        try:
            self.store = ProgressStore.open(Path(self._scratch.name))
            profile = self.store.create_profile("Preview").profile_id
        except ProgressError:
            # Modules then say that they cannot be previewed; quizzes need no store.
            if self.store is not None:
                self.store.close()
            self.store = None
        self.setAccessibleName(self.tr("Preview"))

        self.message = QWidget()
        box = QVBoxLayout(self.message)
        box.setContentsMargins(32, 32, 32, 32)
        self.message_title = QLabel()
        set_style_property(self.message_title, "role", "heading")
        self.message_title.setWordWrap(True)
        self.message_text = QLabel()
        self.message_text.setWordWrap(True)
        self.message_text.setTextFormat(Qt.TextFormat.PlainText)
        self.message_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.message_title)
        box.addWidget(self.message_text)
        box.addStretch(1)
        self.addWidget(self.message)

        if self.store is not None and profile is not None:
            self.reader = ReaderPage(library, self.store)
            self.reader.set_profile(profile)
            self.reader.openModuleRequested.connect(
                lambda module_id: self.entryRequested.emit(("module", module_id))
            )
            self.reader.startQuizRequested.connect(self._reader_quiz)
            self.reader.statusMessage.connect(self.statusMessage.emit)
            self.reader.backRequested.connect(self.backRequested.emit)
            self.addWidget(self.reader)

        self.quiz = QuizTryOut(library)
        self.quiz.openModule.connect(
            lambda module_id: self.entryRequested.emit(("module", module_id))
        )
        self.addWidget(self.quiz)

        self.taxonomy = ContentBrowser()
        self.taxonomy.setAccessibleName(self.tr("Taxonomy preview"))
        self.addWidget(self.taxonomy)
        self.show_entry(None)

    # ------------------------------------------------------------ showing

    def set_library(self, library: Library) -> None:
        """Use a reloaded library from now on; then :meth:`show_entry` shows the entry
        selected in it. A quiz intro shown follows the new version at once, and a try-out
        in progress goes on (its banner says when the file changed)."""
        self.library = library
        if self.reader is not None:
            self.reader.set_library(library)
        self.quiz.set_library(library)

    def show_entry(self, entry: Entry | None) -> None:
        """Preview ``entry``. Shown again (after a reload), a module whose content warning
        was passed stays on its text, and a quiz stays where it is."""
        previous = self.entry
        self.entry = entry
        reopen = entry is not None and entry == previous
        if entry is None or entry[0] != "quiz":
            self.quiz.stop()
        if entry is None:
            self._show_message(
                self.tr("Nothing selected"),
                self.tr("Select a module, a quiz or a taxonomy to see it as a learner does."),
            )
            return
        kind, key = entry
        if kind == "module":
            self._show_module(key, reading=reopen)
        elif kind == "quiz":
            quiz = self.library.quizzes.get(key)
            if quiz is None:
                self._gone(entry)
                return
            if not reopen:
                self.quiz.show_quiz(quiz)
            self.setCurrentWidget(self.quiz)
        elif kind == "taxonomy":
            taxonomy = next((t for t in self.library.taxonomies if t.id == key), None)
            if taxonomy is None:
                self._gone(entry)
                return
            self._show_taxonomy(taxonomy)
        else:
            problems = [p for p in self.library.errors if p.path == key]
            self._show_message(
                self.tr("{file} is left out").format(file=key),
                self.tr(
                    "This file has %n error(s), so learners do not see it. Fix what the "
                    "Problems list shows and save: the preview follows.",
                    "",
                    len(problems),
                ),
            )

    def _show_module(self, module_id: str, *, reading: bool) -> None:
        reader = self.reader
        if reader is None:
            self._show_message(
                self.tr("The module cannot be previewed"),
                self.tr("A temporary folder for the preview could not be made."),
            )
            return
        if module_id not in self.library.modules:
            self._gone(("module", module_id))
            return
        passed_warning = reading and self.currentWidget() is reader and not reader.showing_warning()
        reader.open_module(module_id)
        if passed_warning and reader.showing_warning():
            reader.warning_continue.click()
        self.setCurrentWidget(reader)

    def _reader_quiz(self, quiz_id: str) -> None:
        self.entryRequested.emit(("quiz", quiz_id))

    def _gone(self, entry: Entry) -> None:
        self._show_message(
            self.tr("Not in the library"),
            self.tr(
                "“{id}” is not in the library now: its file may have errors, or it was "
                "removed or renamed."
            ).format(id=entry[1]),
        )

    def _show_message(self, title: str, text: str) -> None:
        self.message_title.setText(title)
        self.message_text.setText(text)
        self.message.setAccessibleName(title)
        self.setCurrentWidget(self.message)

    def _show_taxonomy(self, taxonomy: Taxonomy) -> None:
        esc = html.escape
        library = self.library
        parts = [f"<h1>{esc(taxonomy.title)}</h1>"]
        sources = {s.id: s for s in taxonomy.sources if s.id}
        for dimension in taxonomy.dimensions:
            parts.append(f"<h2>{esc(dimension.name)}</h2>")
            parts.append(f'<p class="meta">{esc(dimension.group)}</p>')
            parts.append(f"<p>{esc(dimension.description)}</p>")
            for indicator in taxonomy.indicators:
                if indicator.dimension != dimension.id:
                    continue
                strength = esc(self._strength(indicator.strength.value))
                parts.append(f"<h3>{esc(indicator.name)}</h3>")
                parts.append(f'<p class="meta">{strength} · <code>{esc(indicator.id)}</code></p>')
                parts.append(f"<p>{esc(indicator.description)}</p>")
                if indicator.observe:
                    items = "".join(f"<li>{esc(o)}</li>" for o in indicator.observe)
                    parts.append(f"<p><b>{esc(self.tr('What you may observe'))}</b></p>")
                    parts.append(f"<ul>{items}</ul>")
                cited = [sources[s].citation() for s in indicator.sources if s in sources]
                if cited:
                    parts.append(
                        f'<p class="meta">{esc(self.tr("Sources:"))} {esc(" ".join(cited))}</p>'
                    )
        if not taxonomy.dimensions:
            parts.append(f"<p>{esc(self.tr('This taxonomy has no dimensions yet.'))}</p>")
        self.taxonomy.set_root(library.roots[0] if library.roots else None)
        self.taxonomy.document().setDefaultStyleSheet(document_css(current_theme()))
        self.taxonomy.setHtml("\n".join(parts))
        self.setCurrentWidget(self.taxonomy)

    def _strength(self, value: str) -> str:
        names = {
            "strong": self.tr("Strong indicator"),
            "medium": self.tr("Medium indicator"),
            "weak": self.tr("Weak indicator"),
        }
        return names.get(value, value)

    def focus_default(self) -> None:
        current = self.currentWidget()
        if current is self.reader and self.reader is not None:
            self.reader.focus_default()
        elif current is self.quiz:
            self.quiz.focus_default()
        elif current is not None:
            current.setFocus()

    def close_preview(self) -> None:
        """Stop a try-out, close the stand-in store and delete its folder (once; closing
        again does nothing)."""
        self.quiz.stop()
        if self.store is None:
            return
        if self.reader is not None:
            self.reader.set_profile(None)  # saves the reading place, then writes no more
        self.store.close()
        self.store = None
        self._scratch.cleanup()
