"""Categorize questions: sort items into categories by drag and drop, by number keys,
or with a list per item. Placed items show under their category."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QComboBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from trainer.core.engine import Answer, CategorizeAnswer, Grade, PaperQuestion
from trainer.core.model import Library
from trainer.core.quiz_run import VerdictKind, placed, verdict_kind
from trainer.ui.quiz.questions import AnswerWidget, Render, indicators_line
from trainer.ui.quiz.widgets import (
    Card,
    FeedbackCard,
    Heading,
    discard,
    paragraph,
    wrap_policy,
)
from trainer.ui.theme import set_style_property

ITEM_MIME = "application/x-officer-trainer-item"


def item_mime(number: int) -> QMimeData:
    """The drag payload of item ``number`` (its number in the quiz file)."""
    data = QMimeData()
    data.setData(ITEM_MIME, QByteArray(str(number).encode("ascii")))
    return data


def item_from_mime(data: QMimeData) -> int | None:
    if not data.hasFormat(ITEM_MIME):
        return None
    raw = bytes(data.data(ITEM_MIME).data()).decode("ascii", "replace")
    return int(raw) if raw.isdigit() else None


def autoscroll(widget: QWidget, pos: QPoint) -> None:
    """While an item is dragged near the top or bottom of the scrolled question, scroll
    it, so a category out of view can be reached."""
    parent = widget.parentWidget()
    area: QScrollArea | None = None
    while parent is not None:
        if isinstance(parent, QScrollArea):
            area = parent
            break
        parent = parent.parentWidget()
    if area is None:
        return
    viewport = area.viewport()
    point = widget.mapTo(viewport, pos)
    edge = 2 * widget.fontMetrics().height()
    bar = area.verticalScrollBar()
    step = widget.fontMetrics().height()
    if point.y() < edge:
        bar.setValue(bar.value() - step)
    elif point.y() > viewport.height() - edge:
        bar.setValue(bar.value() + step)


class _DragSource:
    """Starts a drag of one item when the mouse moves far enough with the button down."""

    def __init__(self, widget: QWidget, number: int) -> None:
        self.widget = widget
        self.number = number
        self.start: QPoint | None = None
        self.enabled = True

    def press(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.enabled:
            self.start = event.position().toPoint()

    def move(self, event: QMouseEvent) -> None:
        if self.start is None or not (event.buttons() & Qt.MouseButton.LeftButton):
            return
        distance = (event.position().toPoint() - self.start).manhattanLength()
        if distance < QApplication.startDragDistance():
            return
        self.start = None
        drag = QDrag(self.widget)
        drag.setMimeData(item_mime(self.number))
        drag.setPixmap(self.widget.grab())
        drag.setHotSpot(event.position().toPoint())
        drag.exec(Qt.DropAction.MoveAction)


class ItemCard(Card):
    """One item to sort: its text and a list to choose its category. With the list
    focused, the number keys 1..N choose a category and 0 or Delete unsorts the item."""

    chosen = Signal(int, object)

    def __init__(
        self, number: int, text: str, categories: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.number = number
        self.categories = categories
        self.drag = _DragSource(self, number)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        row = self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = paragraph(text, self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr("Not sorted yet"), None)
        for index, category in enumerate(categories, start=1):
            self.combo.addItem(
                self.tr("{number}. {category}").format(number=index, category=category), category
            )
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setAccessibleName(self.tr("Category for: {item}").format(item=text))
        keys = ", ".join(
            self.tr("{number} for {category}").format(number=i, category=c)
            for i, c in enumerate(categories, start=1)
        )
        self.combo.setAccessibleDescription(
            self.tr("Press {keys}; 0 to unsort. Or open the list with Alt+Down.").format(keys=keys)
        )
        self.combo.setToolTip(self.combo.accessibleDescription())
        self.combo.installEventFilter(self)
        self.combo.currentIndexChanged.connect(self._combo_changed)
        row.addWidget(self.label, 1)
        row.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.box.addLayout(row)
        self.feedback = FeedbackCard(self)
        self.box.addWidget(self.feedback)
        self.locked = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Text and list side by side when there is room, else the list under the text
        (large text sizes, narrow windows)."""
        super().resizeEvent(event)
        room = self.contentsRect().width()
        needed = self.combo.sizeHint().width() + 26 * self.fontMetrics().averageCharWidth()
        wanted = (
            QBoxLayout.Direction.LeftToRight if room >= needed else QBoxLayout.Direction.TopToBottom
        )
        if self.row.direction() != wanted:
            self.row.setDirection(wanted)

    def category(self) -> str | None:
        value = self.combo.currentData()
        return value if isinstance(value, str) else None

    def set_category(self, category: str | None) -> None:
        index = 0 if category is None else self.combo.findData(category)
        self.combo.setCurrentIndex(max(0, index))

    def _combo_changed(self, index: int) -> None:
        self.chosen.emit(self.number, self.category())

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self.drag.enabled = not locked
        self.combo.setEnabled(not locked)
        self.setCursor(Qt.CursorShape.ArrowCursor if locked else Qt.CursorShape.OpenHandCursor)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Number keys choose a category; returns True when the key was used."""
        if self.locked:
            return False
        text = event.text()
        if text.isdigit() and len(text) == 1:
            number = int(text)
            if number == 0:
                self.set_category(None)
                return True
            if 1 <= number <= len(self.categories):
                self.set_category(self.categories[number - 1])
                return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_category(None)
            return True
        return False

    def eventFilter(self, watched: object, event: object) -> bool:
        return (
            watched is self.combo
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and self.handle_key(event)
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.drag.press(event)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.drag.move(event)
        super().mouseMoveEvent(event)


class PlacedChip(QLabel):
    """An item shown under its category; it can be dragged to another category."""

    def __init__(self, number: int, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.number = number
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setProperty("role", "card")
        margin = max(3, self.fontMetrics().height() // 4)
        self.setContentsMargins(margin * 2, margin, margin * 2, margin)
        self.setSizePolicy(wrap_policy())
        self.drag = _DragSource(self, number)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.drag.press(event)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.drag.move(event)
        super().mouseMoveEvent(event)


class DropBox(Card):
    """A drop target: a category box, or (with ``category`` None) the unsorted list."""

    dropped = Signal(int, object)

    def __init__(self, category: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if item_from_mime(event.mimeData()) is not None and self.acceptDrops():
            event.acceptProposedAction()
            set_style_property(self, "spot", "marked")
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if item_from_mime(event.mimeData()) is not None and self.acceptDrops():
            event.acceptProposedAction()
            autoscroll(self, event.position().toPoint())
        else:
            event.ignore()

    def dragLeaveEvent(self, event: object) -> None:
        set_style_property(self, "spot", None)

    def dropEvent(self, event: QDropEvent) -> None:
        set_style_property(self, "spot", None)
        number = item_from_mime(event.mimeData())
        if number is None or not self.acceptDrops():
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(number, self.category)


class CategoryBox(DropBox):
    """One category: its number key, its name and the items placed in it."""

    def __init__(self, index: int, category: str, parent: QWidget | None = None) -> None:
        super().__init__(category, parent)
        self.title = Heading(
            self.tr("{number}. {category}").format(number=index, category=category),
            self,
            level=3,
        )
        self.hint = paragraph(self.tr("Drop items here"), self, role="muted")
        self.items = QVBoxLayout()
        self.items.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.title)
        self.box.addLayout(self.items)
        self.box.addWidget(self.hint)
        self.box.addStretch(1)
        self.setAccessibleName(self.tr("Category {category}").format(category=category))
        self.chips: list[PlacedChip] = []

    def show_items(self, items: list[tuple[int, str]]) -> None:
        for chip in self.chips:
            discard(chip)
        self.chips = []
        for number, text in items:
            chip = PlacedChip(number, text, self)
            self.items.addWidget(chip)
            chip.show()
            self.chips.append(chip)
        self.hint.setVisible(not items)
        names = "; ".join(text for _, text in items) or self.tr("no items yet")
        self.setAccessibleDescription(names)


class CategorizeWidget(AnswerWidget):
    def __init__(
        self,
        pq: PaperQuestion,
        library: Library,
        to_html: Render,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(pq, library, to_html, parent)
        question = self.question
        self.placement = CategorizeAnswer(tuple(None for _ in question.items))
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        gap = max(4, self.fontMetrics().height() // 3)
        layout.setSpacing(gap)

        self.unsorted = DropBox(None, self)
        self.unsorted.setProperty("role", None)
        self.unsorted.setFrameShape(Card.Shape.NoFrame)
        self.unsorted.box.setContentsMargins(0, 0, 0, 0)
        self.unsorted.setAccessibleName(self.tr("Items to sort"))
        self.cards: dict[int, ItemCard] = {}
        for number in pq.order:
            item = question.items[number]
            card = ItemCard(number, item.text, question.categories, self.unsorted)
            card.chosen.connect(self._place)
            self.unsorted.box.addWidget(card)
            self.cards[number] = card
        self.unsorted.dropped.connect(self._place)
        layout.addWidget(self.unsorted)

        layout.addWidget(Heading(self.tr("Categories"), self, level=3))
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(gap)
        columns = 3 if len(question.categories) in (3, 5, 6) or len(question.categories) > 6 else 2
        columns = min(columns, len(question.categories))
        self.boxes: dict[str, CategoryBox] = {}
        for index, category in enumerate(question.categories):
            box = CategoryBox(index + 1, category, self)
            box.dropped.connect(self._place)
            grid.addWidget(box, index // columns, index % columns)
            self.boxes[category] = box
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)
        self._refresh()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # Only to scroll while an item is carried between the list and the categories.
        if item_from_mime(event.mimeData()) is not None and not self.locked:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if item_from_mime(event.mimeData()) is None or self.locked:
            event.ignore()
            return
        event.acceptProposedAction()
        autoscroll(self, event.position().toPoint())

    def dropEvent(self, event: QDropEvent) -> None:
        event.ignore()

    def instructions(self) -> str:
        return self.tr(
            "Sort each item into a category: drag it onto a category, or choose the "
            "category in the list beside it (with the list focused, press the category's "
            "number)."
        )

    def answer(self) -> Answer:
        return self.placement

    def set_answer(self, answer: Answer) -> None:
        if not isinstance(answer, CategorizeAnswer) or len(answer.placement) != len(
            self.question.items
        ):
            return
        for number, category in enumerate(answer.placement):
            self.cards[number].set_category(category)

    def place(self, number: int, category: str | None) -> None:
        """Put item ``number`` into ``category`` (None: back to unsorted)."""
        self._place(number, category)

    def _place(self, number: int, category: object) -> None:
        if self.locked or number not in self.cards:
            return
        wanted = category if isinstance(category, str) else None
        if wanted is not None and wanted not in self.boxes:
            return
        if self.placement.placement[number] == wanted:
            if self.cards[number].category() != wanted:
                self.cards[number].set_category(wanted)
            return
        self.placement = placed(self.placement, number, wanted)
        if self.cards[number].category() != wanted:
            self.cards[number].set_category(wanted)
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        for category, box in self.boxes.items():
            box.show_items(
                [
                    (n, self.question.items[n].text)
                    for n in self.pq.order
                    if self.placement.placement[n] == category
                ]
            )

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        for card in self.cards.values():
            card.set_locked(locked)
        self.unsorted.setAcceptDrops(not locked)
        for box in self.boxes.values():
            box.setAcceptDrops(not locked)
            for chip in box.chips:
                chip.drag.enabled = not locked

    def focus_first(self) -> None:
        for number in self.pq.order:
            self.cards[number].combo.setFocus()
            return

    def show_feedback(self, grade: Grade) -> None:
        for verdict in grade.verdicts:
            card = self.cards.get(verdict.number)
            if card is None:
                continue
            kind = verdict_kind(self.question, verdict)
            if kind is VerdictKind.RIGHT:
                title = self.tr("Right: {category}.").format(category=verdict.belongs_in)
            elif kind is VerdictKind.WRONG:
                title = self.tr("You chose {placed}; it belongs in {category}.").format(
                    placed=verdict.placed_in, category=verdict.belongs_in
                )
            else:
                title = self.tr("Not sorted; it belongs in {category}.").format(
                    category=verdict.belongs_in
                )
            card.feedback.show_verdict(
                kind,
                title,
                self.to_html(verdict.feedback),
                indicators_line(self.library, verdict.indicators),
            )
            card.combo.setAccessibleDescription(f"{title} {verdict.feedback}")
        for box in self.boxes.values():
            for chip in box.chips:
                verdict_of = next((v for v in grade.verdicts if v.number == chip.number), None)
                if verdict_of is not None:
                    kind = verdict_kind(self.question, verdict_of)
                    set_style_property(chip, "verdict", kind.value if kind else None)
