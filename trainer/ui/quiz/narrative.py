"""The scenario narrative beside the question: a read-only rich-text view that never
reaches the network, and for spot questions marks the candidate phrases as links the
learner can click (or reach with Tab and activate with Enter)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from trainer.core.quiz_run import PhraseSpan, VerdictKind, find_phrases, resolve_content_path
from trainer.ui.theme import current_colors, current_theme, document_css

SPOT_PREFIX = "#spot-"


def spot_href(option: int) -> str:
    return f"{SPOT_PREFIX}{option}"


def spot_from_href(href: str) -> int | None:
    if not href.startswith(SPOT_PREFIX):
        return None
    number = href[len(SPOT_PREFIX) :]
    return int(number) if number.isdigit() else None


class NarrativeView(QTextBrowser):
    """Shows a scenario. Links never open anything: ``spotActivated`` carries the option
    number of a clicked spot phrase; other links stay where they are during a quiz (a
    web address shows as the link's tooltip)."""

    spotActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._root: Path | None = None
        self._html = ""
        self._phrases: list[str] = []
        self._spans: list[PhraseSpan] = []
        self._marked: frozenset[int] = frozenset()
        self._verdicts: dict[int, VerdictKind] = {}
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setProperty("role", "narrative")
        self.anchorClicked.connect(self._on_anchor)
        self.setAccessibleName(self.tr("Scenario"))
        self.setAccessibleDescription(
            self.tr("The situation the questions are about. It stays in view while you answer.")
        )
        self._apply_document_css()

    # ------------------------------------------------------------ resources

    def set_root(self, root: Path | None) -> None:
        """The content folder pictures (``content:`` addresses) are read from."""
        self._root = root

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        """Pictures from the content folder only; nothing else is ever loaded."""
        name = QUrl(name) if isinstance(name, str) else name
        if name.scheme() != "content" or self._root is None:
            return None
        if kind != int(QTextDocument.ResourceType.ImageResource.value):
            return None
        path = resolve_content_path(self._root, name.toString())
        if path is None:
            return None
        image = QImage(str(path))
        return None if image.isNull() else image

    # ------------------------------------------------------------ content

    def show_html(self, html: str) -> None:
        """Show a rendered narrative (no spot phrases)."""
        self._html = html
        self._phrases = []
        self._spans = []
        self._marked = frozenset()
        self._verdicts = {}
        self._load()
        self.setAccessibleDescription(
            self.tr("The situation the questions are about. It stays in view while you answer.")
        )

    def set_spots(self, phrases: Sequence[str], marked: frozenset[int] = frozenset()) -> None:
        """Turn each phrase (by option number) into a clickable mark in the text."""
        self._phrases = list(phrases)
        self._marked = frozenset(marked)
        self._verdicts = {}
        self._load()
        self.setAccessibleDescription(
            self.tr(
                "The phrases you can mark are links: click one, or reach it with Tab and "
                "press Enter, to mark or unmark it. The list of phrases under the question "
                "does the same."
            )
        )

    def set_marked(self, marked: frozenset[int]) -> None:
        """Show which phrases are marked, without reloading (focus and scroll stay)."""
        self._marked = frozenset(marked)
        self._format_spans()

    def show_verdicts(self, verdicts: Mapping[int, VerdictKind]) -> None:
        """After checking: colour each phrase by its verdict and add a short word to it,
        so the result does not depend on colour alone."""
        self._verdicts = dict(verdicts)
        self._load()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for span in sorted(self._spans, key=lambda s: -s.end):
            kind = self._verdicts.get(span.option)
            if kind is None:
                continue
            cursor.setPosition(span.end)
            fmt = QTextCharFormat()
            fmt.setFontItalic(True)
            fmt.setForeground(QColor(current_colors().muted))
            cursor.insertText(" " + self._verdict_word(kind), fmt)
        cursor.endEditBlock()

    def spans(self) -> list[PhraseSpan]:
        """Where each spot phrase is in the document (positions of its plain text)."""
        return list(self._spans)

    def _verdict_word(self, kind: VerdictKind) -> str:
        words = {
            VerdictKind.RIGHT: self.tr("[✓ indicator]"),
            VerdictKind.WRONG: self.tr("[✗ not an indicator]"),
            VerdictKind.MISSED: self.tr("[! missed indicator]"),
        }
        return words[kind]

    def _apply_document_css(self) -> None:
        self.document().setDefaultStyleSheet(document_css(current_theme()))

    def _load(self) -> None:
        bar = self.verticalScrollBar()
        position = bar.value()
        self._apply_document_css()
        self.setHtml(self._html)
        self._spans = find_phrases(self.document().toPlainText(), self._phrases)
        self._format_spans()
        bar.setValue(position)

    def _format_spans(self) -> None:
        colors = current_colors()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for span in self._spans:
            kind = self._verdicts.get(span.option)
            marked = span.option in self._marked
            # Every property is set each time, so merging never leaves an old state behind.
            background: QBrush | QColor = QBrush(Qt.BrushStyle.NoBrush)
            foreground, line = QColor(colors.link), QColor(colors.link)
            underline = QTextCharFormat.UnderlineStyle.DashUnderline
            strike = False
            if kind is VerdictKind.RIGHT:
                background, foreground, line = (
                    QColor(colors.success_bg),
                    QColor(colors.text),
                    QColor(colors.success),
                )
                underline = QTextCharFormat.UnderlineStyle.SingleUnderline
            elif kind is VerdictKind.WRONG:
                background, foreground, line = (
                    QColor(colors.danger_bg),
                    QColor(colors.text),
                    QColor(colors.danger),
                )
                strike = True
            elif kind is VerdictKind.MISSED:
                background, foreground, line = (
                    QColor(colors.warning_bg),
                    QColor(colors.text),
                    QColor(colors.warning),
                )
            elif marked:
                background, foreground, line = (
                    QColor(colors.mark),
                    QColor(colors.mark_text),
                    QColor(colors.mark_text),
                )
                underline = QTextCharFormat.UnderlineStyle.SingleUnderline
            fmt = QTextCharFormat()
            fmt.setAnchor(True)
            fmt.setAnchorHref(spot_href(span.option))
            fmt.setBackground(background)
            fmt.setForeground(foreground)
            fmt.setUnderlineStyle(underline)
            fmt.setUnderlineColor(line)
            fmt.setFontStrikeOut(strike)
            if kind is None:
                fmt.setToolTip(
                    self.tr("Marked. Click to unmark.")
                    if marked
                    else self.tr("Click to mark this phrase as an indicator.")
                )
            else:
                fmt.setToolTip(self._verdict_word(kind))
            cursor.setPosition(span.start)
            cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()

    # ------------------------------------------------------------ events

    def _on_anchor(self, url: QUrl) -> None:
        href = url.toString()
        option = spot_from_href(href)
        if option is not None and not self._verdicts:
            self.spotActivated.emit(option)

    def refresh(self) -> None:
        """Draw again with the current theme's colours (after a theme change)."""
        if not self._html:
            return
        if self._verdicts:
            self.show_verdicts(self._verdicts)
        else:
            self._load()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.refresh()
