"""The indicator handbook: a quick reference of every indicator for use on the job.

A search field over a list of indicators (grouped by dimension, strong ones first), and
the chosen indicator in large text: what it is, what to observe, its dimension and
strength, the learner's mastery of it, the modules that teach it and the questions that
train it. Keyboard: type to search, Down to the list, arrows through it, Tab to the
text; Escape clears the search. Module and quiz links open in the app.

The entries and the search are :mod:`trainer.core.handbook`.
"""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from trainer.core.handbook import HandbookEntry, handbook_entries, search_handbook
from trainer.core.model import Library, Strength
from trainer.core.progress import IndicatorMastery, MasteryState, ProgressError, ProgressStore
from trainer.ui.charts import local_time
from trainer.ui.quiz.widgets import Heading, fixed_button, paragraph
from trainer.ui.theme import current_colors, current_theme, document_css, set_style_property

__all__ = ["HandbookPage"]

_ENTRY_ROLE = Qt.ItemDataRole.UserRole
_SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 1
_PAD = 6


def _e(text: str) -> str:
    return html.escape(text, quote=False)


class _EntryDelegate(QStyledItemDelegate):
    """An indicator's name in bold, and under it, quieter, its dimension, strength and
    the learner's mastery; both wrap to the list's width."""

    def _parts(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, str]:
        title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        subtitle = str(index.data(_SUBTITLE_ROLE) or "")
        return title, subtitle

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        return title, QFont(option.font)

    def _width(self, option: QStyleOptionViewItem) -> int:
        widget = option.widget
        width = widget.viewport().width() if isinstance(widget, QListWidget) else 0
        return max(80, (width or option.rect.width()) - 2 * _PAD)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        title, subtitle = self._parts(index)
        title_font, sub_font = self._fonts(option)
        width = self._width(option)
        flags = int(Qt.TextFlag.TextWordWrap)
        high = QFontMetrics(title_font).boundingRect(QRect(0, 0, width, 10_000), flags, title)
        low = QFontMetrics(sub_font).boundingRect(QRect(0, 0, width, 10_000), flags, subtitle)
        return QSize(width, high.height() + low.height() + 3 * _PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, subtitle = self._parts(index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        title_color = palette.color(
            palette.ColorRole.HighlightedText if selected else palette.ColorRole.Text
        )
        sub_color = (
            palette.color(palette.ColorRole.HighlightedText)
            if selected
            else QColor(current_colors().muted)
        )
        title_font, sub_font = self._fonts(opt)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
        area = opt.rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)
        painter.save()
        painter.setFont(title_font)
        painter.setPen(title_color)
        used = painter.boundingRect(area, flags, title)
        painter.drawText(area, flags, title)
        painter.setFont(sub_font)
        painter.setPen(sub_color)
        painter.drawText(area.adjusted(0, used.height() + _PAD // 2, 0, 0), flags, subtitle)
        painter.restore()


class _SearchField(QLineEdit):
    """Down moves to the list; Escape clears the search."""

    toList = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.toList.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class HandbookPage(QWidget):
    """``practise`` carries the indicator id and name to practise; ``openModule`` and
    ``startQuiz`` carry ids; ``back`` returns to the library."""

    practise = Signal(str, str)
    openModule = Signal(str)
    startQuiz = Signal(str)
    back = Signal()

    def __init__(
        self,
        library: Library,
        store: ProgressStore,
        profile_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.profile_id = profile_id
        self.mastery: dict[str, IndicatorMastery] = {}
        self.entries: list[HandbookEntry] = []
        self.shown: list[HandbookEntry] = []
        self.setAccessibleName(self.tr("Indicator handbook"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(Heading(self.tr("Indicator handbook"), self, level=1))
        self.count_label = paragraph("", self, role="muted")
        heading.addWidget(self.count_label)
        top.addLayout(heading, 1)
        search_box = QVBoxLayout()
        search_box.setSpacing(2)
        self.search_label = QLabel(self.tr("Find an &indicator"), self)
        self.search = _SearchField(self)
        self.search.setPlaceholderText(self.tr("Passport, debt, child, recruiter…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Find an indicator"))
        self.search.setAccessibleDescription(
            self.tr(
                "Filter the indicators by name, description, what to observe or dimension; "
                "Down arrow moves to the list"
            )
        )
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 40)
        self.search_label.setBuddy(self.search)
        search_box.addWidget(self.search_label)
        search_box.addWidget(self.search)
        top.addLayout(search_box)
        layout.addLayout(top)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.list = QListWidget(self.splitter)
        self.list.setProperty("role", "picker")
        self.list.setAccessibleName(self.tr("Indicators"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setItemDelegate(_EntryDelegate(self.list))
        self.list.setMinimumWidth(self.fontMetrics().averageCharWidth() * 30)

        self.detail_panel = QWidget(self.splitter)
        right = QVBoxLayout(self.detail_panel)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(8)
        self.detail = QTextBrowser(self.detail_panel)
        self.detail.setOpenLinks(False)
        self.detail.setOpenExternalLinks(False)
        self.detail.setAccessibleName(self.tr("About the indicator"))
        large = QFont(self.detail.font())
        if large.pointSizeF() > 0:
            large.setPointSizeF(large.pointSizeF() * 1.2)
        self.detail.setFont(large)
        self.detail.anchorClicked.connect(self._link)
        right.addWidget(self.detail, 1)
        actions = QHBoxLayout()
        self.back_button = fixed_button(self.tr("&Back to library"), self.detail_panel)
        self.back_button.clicked.connect(self.back.emit)
        self.practise_button = fixed_button(
            self.tr("&Practise this indicator"),
            self.detail_panel,
            description=self.tr("Start a short practice set on this indicator."),
        )
        set_style_property(self.practise_button, "primary", "true")
        self.practise_button.clicked.connect(self._practise)
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        actions.addWidget(self.practise_button)
        right.addLayout(actions)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.detail_panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout.addWidget(self.splitter, 1)

        self.search.textChanged.connect(lambda _t: self.filter())
        self.search.toList.connect(self._focus_list)
        self.search.returnPressed.connect(self._focus_list)
        self.list.currentRowChanged.connect(lambda _r: self._show_current())
        self.setTabOrder(self.search, self.list)
        self.setTabOrder(self.list, self.detail)
        self.setTabOrder(self.detail, self.practise_button)
        self.setTabOrder(self.practise_button, self.back_button)
        self.set_library(library)

    # ------------------------------------------------------------ the window's API

    def set_library(self, library: Library) -> None:
        self.library = library
        self.entries = handbook_entries(library)
        self.filter()

    def set_profile(self, profile_id: str | None) -> None:
        self.profile_id = profile_id
        self.refresh()

    def refresh(self) -> None:
        """Read the learner's mastery again and redraw."""
        self.mastery = {}
        if self.profile_id is not None:
            try:
                self.mastery = self.store.mastery(self.profile_id)
            except ProgressError:
                self.mastery = {}
        self.filter()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_default(self) -> None:
        self.focus_search()

    def show_indicator(self, indicator_id: str) -> bool:
        """Select an indicator (clearing a search that hides it)."""
        if not any(e.indicator_id == indicator_id for e in self.shown):
            self.search.clear()
        for row, entry in enumerate(self.shown):
            if entry.indicator_id == indicator_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    # ------------------------------------------------------------ list

    def _strength_name(self, strength: Strength) -> str:
        names = {
            Strength.STRONG: self.tr("strong"),
            Strength.MEDIUM: self.tr("medium"),
            Strength.WEAK: self.tr("weak"),
        }
        return names[strength]

    def mastery_text(self, mastery: IndicatorMastery | None) -> str:
        if mastery is None or mastery.state is MasteryState.NOT_STARTED:
            return self.tr("not practised yet")
        if mastery.state is MasteryState.MASTERED:
            if mastery.is_due:
                return self.tr("mastered, due for review")
            return self.tr("mastered")
        return self.tr("learning: {right} of your last {total} right").format(
            right=mastery.recent_correct, total=mastery.recent_total
        )

    def filter(self) -> None:
        """Show the entries matching the search, keeping the current one when it stays."""
        current = self.current_entry()
        keep = current.indicator_id if current is not None else None
        self.shown = search_handbook(self.entries, self.search.text())
        self.list.blockSignals(True)
        self.list.clear()
        chosen = 0
        for row, entry in enumerate(self.shown):
            dimension = entry.dimension.name if entry.dimension else entry.indicator.dimension
            second = self.tr("{dimension} · {strength} · {mastery}").format(
                dimension=dimension,
                strength=self._strength_name(entry.indicator.strength),
                mastery=self.mastery_text(self.mastery.get(entry.indicator_id)),
            )
            item = QListWidgetItem(entry.indicator.name)
            item.setData(_SUBTITLE_ROLE, second)
            item.setData(_ENTRY_ROLE, entry.indicator_id)
            item.setToolTip(entry.indicator.description)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{entry.indicator.name}. {second}")
            self.list.addItem(item)
            if entry.indicator_id == keep:
                chosen = row
        self.list.blockSignals(False)
        total = len(self.entries)
        if self.search.text().strip():
            self.count_label.setText(
                self.tr("{shown} of {total} indicators match").format(
                    shown=len(self.shown), total=total
                )
            )
        else:
            self.count_label.setText(
                self.tr("{total} indicators, by dimension, strongest first").format(total=total)
            )
        if self.shown:
            self.list.setCurrentRow(chosen)
        self._show_current()

    def current_entry(self) -> HandbookEntry | None:
        row = self.list.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _focus_list(self) -> None:
        if self.shown:
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------ detail

    def _show_current(self) -> None:
        entry = self.current_entry()
        self.practise_button.setEnabled(entry is not None and bool(entry.questions))
        if entry is None:
            message = self.tr("No indicator matches “{query}”.").format(query=self.search.text())
            self.detail.setHtml(f"<p>{_e(message)}</p>")
            self.detail.setAccessibleDescription("")
            return
        self.detail.document().setDefaultStyleSheet(document_css(current_theme()))
        self.detail.setHtml(self.entry_html(entry))
        self.detail.setAccessibleDescription(entry.indicator.name)

    def entry_html(self, entry: HandbookEntry) -> str:
        indicator = entry.indicator
        dimension = entry.dimension
        parts = [f"<h2>{_e(indicator.name)}</h2>"]
        kind = self.tr("A {strength} indicator of {dimension}").format(
            strength=self._strength_name(indicator.strength),
            dimension=dimension.name if dimension else indicator.dimension,
        )
        group = f" ({_e(dimension.group)})" if dimension and dimension.group else ""
        parts.append(f'<p class="meta">{_e(kind)}{group}</p>')
        parts.append(f"<p>{_e(indicator.description)}</p>")
        if indicator.observe:
            parts.append(f"<h3>{_e(self.tr('What to observe'))}</h3><ul>")
            parts += [f"<li>{_e(item)}</li>" for item in indicator.observe]
            parts.append("</ul>")
        mastery = self.mastery.get(indicator.id)
        line = self.tr("Your mastery: {state}").format(state=self.mastery_text(mastery))
        if mastery is not None and mastery.next_due is not None and not mastery.is_due:
            line += " " + self.tr("(next review {date})").format(date=_date(mastery.next_due))
        parts.append(f'<p class="box"><b>{_e(line)}</b></p>')
        if dimension is not None and dimension.description:
            parts.append(f"<h3>{_e(self.tr('The dimension'))}</h3>")
            parts.append(f"<p>{_e(dimension.name)}: {_e(dimension.description)}</p>")
        parts.append(f"<h3>{_e(self.tr('Learn it'))}</h3>")
        if entry.modules:
            parts.append("<ul>")
            parts += [
                f'<li><a href="module:{_e(m.id)}">{_e(m.title)}</a></li>' for m in entry.modules
            ]
            parts.append("</ul>")
        else:
            parts.append(f"<p>{_e(self.tr('No module teaches it yet.'))}</p>")
        parts.append(f"<h3>{_e(self.tr('Practise it'))}</h3>")
        if entry.questions:
            by_quiz: dict[str, list[str]] = {}
            titles: dict[str, str] = {}
            for quiz, question in entry.questions:
                by_quiz.setdefault(quiz.id, []).append(question.prompt)
                titles[quiz.id] = quiz.title
            parts.append("<ul>")
            for quiz_id, prompts in by_quiz.items():
                count = self.tr("%n questions", "", len(prompts))
                parts.append(
                    f'<li><a href="quiz:{_e(quiz_id)}">{_e(titles[quiz_id])}</a> '
                    f'<span class="meta">({_e(count)})</span><br/>'
                    + "<br/>".join(f"– {_e(p)}" for p in prompts)
                    + "</li>"
                )
            parts.append("</ul>")
        else:
            parts.append(f"<p>{_e(self.tr('No question trains it yet.'))}</p>")
        if entry.sources:
            parts.append(f'<h3>{_e(self.tr("Sources"))}</h3><ul class="sources">')
            parts += [f"<li>{_e(s.citation())}</li>" for s in entry.sources]
            parts.append("</ul>")
        return "".join(parts)

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        kind, _, ident = target.partition(":")
        if kind == "module" and ident in self.library.modules:
            self.openModule.emit(ident)
        elif kind == "quiz" and ident in self.library.quizzes:
            self.startQuiz.emit(ident)

    def _practise(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.questions:
            self.practise.emit(entry.indicator_id, entry.indicator.name)


def _date(value: datetime) -> str:
    return local_time(value, with_time=False)
