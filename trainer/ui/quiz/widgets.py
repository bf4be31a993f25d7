"""Small building blocks of the quiz screens: wrapping choice buttons, scaled headings,
rich-text paragraphs and the feedback card.

Colours come from the palette and from the theme's stylesheet, which styles the
dynamic properties set here (``role`` and ``verdict``); fonts are derived from the
widget's inherited font, so they follow the system size and the app's zoom.
"""

from __future__ import annotations

import weakref

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from trainer.core.quiz_run import VerdictKind
from trainer.ui.theme import current_colors, set_style_property


def wrap_policy() -> QSizePolicy:
    """The size policy of wrapped text: its height follows its width."""
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    return policy


class WrapLabel(QLabel):
    """A word-wrapped label whose height comes from height-for-width.

    A wrapped QLabel reports as its minimum the height of its text squeezed to a narrow
    width; layouts then hand it that much space at full width too, which shows as gaps.
    This one asks for one line at least and lets height-for-width do the rest.
    """

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self.wordWrap():
            return hint
        return QSize(hint.width(), min(hint.height(), self.fontMetrics().height()))


_scaled_labels: weakref.WeakSet[ScaledLabel] = weakref.WeakSet()
_followed_app: list[QApplication] = []


def _refresh_scaled_labels() -> None:
    for label in list(_scaled_labels):
        if shiboken6.isValid(label):
            label.refresh_font()


def _app_font_changed(_font: QFont) -> None:
    _refresh_scaled_labels()


def _follow_app_font() -> None:
    """Connect (once per application) the application's font change to the labels.

    A label with a font of its own is not told when the font it derives from changes,
    and event filters on every parent would cost more than this one signal.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication) or any(a is app for a in _followed_app):
        return
    _followed_app[:] = [app]
    app.fontChanged.connect(_app_font_changed)


class ScaledLabel(WrapLabel):
    """A label whose font is a multiple of the font it would inherit (the application's,
    unless an ancestor has its own), kept in step when the application's font changes
    (system size, the app's text size setting)."""

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        factor: float = 1.0,
        bold: bool = False,
        wrap: bool = True,
    ) -> None:
        super().__init__(text, parent)
        self._factor = factor
        self._bold = bold
        self._applying = False
        self.setWordWrap(wrap)
        self.setTextFormat(Qt.TextFormat.PlainText)
        _follow_app_font()
        _scaled_labels.add(self)
        self.refresh_font()

    def _base_font(self) -> QFont:
        """The font of the nearest ancestor with a font of its own, else the
        application's (already the new one while its change is being announced)."""
        widget = self.parentWidget()
        while widget is not None:
            if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
                return QFont(widget.font())
            widget = widget.parentWidget()
        return QFont(QApplication.font())

    def refresh_font(self) -> None:
        """Derive the font again from the parent's."""
        if self._applying or (self._factor == 1.0 and not self._bold):
            return
        font = self._base_font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * self._factor)
        elif font.pixelSize() > 0:
            font.setPixelSize(round(font.pixelSize() * self._factor))
        font.setBold(self._bold)
        if font == self.font():
            return
        self._applying = True
        try:
            self.setFont(font)
        finally:
            self._applying = False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ParentChange:
            self.refresh_font()


_HEADING_FACTORS = {1: 1.75, 2: 1.3, 3: 1.08}
_HEADING_ROLES = {1: "title", 2: "heading"}


class Heading(ScaledLabel):
    """A heading: level 1 (page title), 2 (question) or 3 (section).

    Levels 1 and 2 carry the theme's ``title`` and ``heading`` roles; the scaled font is
    what they look like without the theme's stylesheet.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *, level: int = 2) -> None:
        super().__init__(text, parent, factor=_HEADING_FACTORS.get(level, 1.0), bold=True)
        role = _HEADING_ROLES.get(level)
        if role is not None:
            self.setProperty("role", role)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(wrap_policy())


def paragraph(text: str = "", parent: QWidget | None = None, *, role: str | None = None) -> QLabel:
    """A word-wrapped plain-text label (``role`` as the theme knows it: muted, danger…)."""
    label = WrapLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(wrap_policy())
    if role is not None:
        label.setProperty("role", role)
    return label


def rich_text(html: str = "", parent: QWidget | None = None) -> QLabel:
    """A word-wrapped label for sanitized HTML from ``render_markdown``.

    Links are never followed here: content links are inert in the quiz runner, and
    the address of a web link shows as its tooltip.
    """
    label = WrapLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setOpenExternalLinks(False)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
    )
    label.setSizePolicy(wrap_policy())
    label.setText(html)
    return label


class _Wrapping:
    """Geometry and painting of a radio button or check box whose text wraps onto
    several lines, with a clear focus frame drawn in the palette's highlight colour."""

    MARGIN = 7

    def __init__(
        self,
        button: QAbstractButton,
        metrics: tuple[QStyle.PixelMetric, QStyle.PixelMetric],
        primitive: QStyle.PrimitiveElement,
    ) -> None:
        self.button = button
        self.metrics = metrics
        self.primitive = primitive
        button.setSizePolicy(wrap_policy())
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def indicator(self) -> QSize:
        style = self.button.style()
        return QSize(
            style.pixelMetric(self.metrics[0], None, self.button),
            style.pixelMetric(self.metrics[1], None, self.button),
        )

    def spacing(self) -> int:
        return max(6, self.button.fontMetrics().averageCharWidth())

    def text_left(self) -> int:
        return self.MARGIN + self.indicator().width() + self.spacing()

    def height_for_width(self, width: int) -> int:
        text_width = max(20, width - self.text_left() - self.MARGIN)
        bounds = QFontMetrics(self.button.font()).boundingRect(
            QRect(0, 0, text_width, 100_000),
            int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft),
            self.button.text(),
        )
        return max(bounds.height(), self.indicator().height()) + 2 * self.MARGIN

    def size_hint(self) -> QSize:
        metrics = QFontMetrics(self.button.font())
        natural = metrics.horizontalAdvance(self.button.text())
        width = min(natural, 46 * metrics.averageCharWidth()) + self.text_left() + self.MARGIN
        return QSize(width, self.height_for_width(width))

    def minimum_size_hint(self) -> QSize:
        width = 12 * self.button.fontMetrics().averageCharWidth() + self.text_left()
        return QSize(width, self.indicator().height() + 2 * self.MARGIN)

    def paint(self, option: QStyleOptionButton) -> None:
        button = self.button
        painter = QPainter(button)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        style = button.style()
        # The theme's stylesheet background and border (focus ring, verdict, marked).
        frame = QStyleOption()
        frame.initFrom(button)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_Widget, frame, painter, button)
        indicator = self.indicator()
        line = QFontMetrics(button.font()).height()
        top = self.MARGIN + max(0, (line - indicator.height()) // 2)
        option.rect = QRect(self.MARGIN, top, indicator.width(), indicator.height())
        style.drawPrimitive(self.primitive, option, painter, button)
        left = self.text_left()
        text_rect = QRect(
            left, self.MARGIN, button.width() - left - self.MARGIN, button.height() - self.MARGIN
        )
        style.drawItemText(
            painter,
            text_rect,
            int(Qt.TextFlag.TextWordWrap)
            | int(Qt.AlignmentFlag.AlignLeft)
            | int(Qt.AlignmentFlag.AlignTop),
            button.palette(),
            button.isEnabled(),
            button.text(),
            button.foregroundRole(),
        )
        app = QApplication.instance()
        themed = isinstance(app, QApplication) and bool(app.styleSheet())
        if button.hasFocus() and not themed:
            painter.setPen(QPen(QColor(current_colors().focus), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(button.rect().adjusted(1, 1, -1, -1), 4, 4)
        painter.end()


class _WrappingButton:
    """What a wrapping radio button and check box share: locking, hit area, sizes, paint.

    Mixed in before the Qt button class, so ``super()`` reaches the button's own methods.
    """

    locked: bool
    _wrap: _Wrapping

    def set_locked(self, locked: bool) -> None:
        self.locked = locked

    def nextCheckState(self) -> None:
        if not self.locked:
            super().nextCheckState()  # type: ignore[misc]

    def hitButton(self, pos: QPoint) -> bool:
        return bool(self.rect().contains(pos))  # type: ignore[attr-defined]

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._wrap.height_for_width(width)

    def sizeHint(self) -> QSize:
        return self._wrap.size_hint()

    def minimumSizeHint(self) -> QSize:
        return self._wrap.minimum_size_hint()

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)  # type: ignore[attr-defined]
        self._wrap.paint(option)


class WrapRadioButton(_WrappingButton, QRadioButton):
    """A radio button whose text wraps; Space, arrow keys and clicks work as usual.

    A locked button still shows and takes focus (so feedback can be read with a screen
    reader) but its state can no longer change.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.locked = False
        self._wrap = _Wrapping(
            self,
            (
                QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
                QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
            ),
            QStyle.PrimitiveElement.PE_IndicatorRadioButton,
        )


class WrapCheckBox(_WrappingButton, QCheckBox):
    """A check box whose text wraps (see :class:`WrapRadioButton`)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.locked = False
        self._wrap = _Wrapping(
            self,
            (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight),
            QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        )


def discard(widget: QWidget) -> None:
    """Take a widget off the screen at once (out of its layout), then delete it."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


class ScrollContent(QWidget):
    """The content of a resizable scroll area. Its height comes from height-for-width
    (wrapped text measured at the real width), not from the tall minimum that wrapped
    labels report at their narrowest, so no scroll bar shows while everything fits."""

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 0)

    def setLayout(self, layout: QLayout) -> None:
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        super().setLayout(layout)


def scroll_content(
    layout_kind: type[QHBoxLayout] | type[QVBoxLayout],
) -> tuple[ScrollContent, QBoxLayout]:
    """A :class:`ScrollContent` with a fresh layout of the given kind."""
    content = ScrollContent()
    layout = layout_kind()
    content.setLayout(layout)
    return content, layout


def centred_column(page: QWidget, unit: int) -> tuple[ScrollContent, QVBoxLayout]:
    """Fill ``page`` with a frameless scroll area holding one column, centred with room
    on either side (six parts of eight of the width), ``unit`` being the page's spacing
    step. Returns the scrolled content (the parent for the column's widgets) and the
    column."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setProperty("frameless", "true")
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    outer.addWidget(area)
    holder, centre = scroll_content(QHBoxLayout)
    area.setWidget(holder)
    centre.setContentsMargins(unit * 4, unit * 4, unit * 4, unit * 4)
    column = QVBoxLayout()
    column.setSpacing(unit * 2)
    centre.addStretch(1)
    centre.addLayout(column, 6)
    centre.addStretch(1)
    return holder, column


class Card(QFrame):
    """A framed block the theme styles as a card (``role="card"``)."""

    def __init__(self, parent: QWidget | None = None, *, role: str = "card") -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.box = QVBoxLayout(self)
        spacing = max(4, self.fontMetrics().height() // 4)
        self.box.setContentsMargins(spacing * 3, spacing * 2, spacing * 3, spacing * 2)
        self.box.setSpacing(spacing)


class FocusCard(Card):
    """A card that takes keyboard focus (to read it with a screen reader, or to bring it
    into view with Tab), with a focus ring in the theme's focus colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            width = max(2, self.fontMetrics().height() // 8)
            painter.setPen(QPen(QColor(current_colors().focus), width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = width // 2 + 1
            painter.drawRoundedRect(self.rect().adjusted(inset, inset, -inset, -inset), 8, 8)
            painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


def set_verdict(card: QWidget, kind: VerdictKind | None) -> None:
    """Style a card by a verdict (the theme's ``verdict`` property), or as a plain card.

    The card role is dropped while a verdict is shown: the theme's card rule would
    otherwise win over the verdict's colours.
    """
    card.setProperty("role", None if kind is not None else "card")
    set_style_property(card, "verdict", kind.value if kind is not None else None)


VERDICT_SYMBOLS = {VerdictKind.RIGHT: "✓", VerdictKind.WRONG: "✗", VerdictKind.MISSED: "!"}


class FeedbackCard(Card):
    """Feedback on one option, item or decision choice: a verdict line, the option's
    feedback (HTML from ``render_markdown``) and the indicators it shows.

    With a verdict the card is styled by the theme's ``verdict`` property instead of
    as a plain card.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ScaledLabel("", self, bold=True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = rich_text("", self)
        self.indicators = paragraph("", self, role="muted")
        self.box.addWidget(self.title)
        self.box.addWidget(self.body)
        self.box.addWidget(self.indicators)
        self.hide()

    def show_verdict(
        self, kind: VerdictKind | None, title: str, feedback_html: str, indicators: str
    ) -> None:
        symbol = VERDICT_SYMBOLS.get(kind) if kind is not None else None
        self.title.setText(f"{symbol}  {title}" if symbol else title)
        self.body.setText(feedback_html)
        self.body.setVisible(bool(feedback_html))
        self.indicators.setText(indicators)
        self.indicators.setVisible(bool(indicators))
        set_verdict(self, kind)
        self.setAccessibleName(title)
        self.setAccessibleDescription(" ".join(t for t in (self.body.text(), indicators) if t))
        self.show()

    def clear(self) -> None:
        set_verdict(self, None)
        self.hide()


class MessageBar(Card):
    """An inline message with an optional action button (``role`` danger or muted)."""

    def __init__(self, parent: QWidget | None = None, *, role: str = "danger") -> None:
        super().__init__(parent, role=role)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.text = paragraph("", self)
        self.text.setProperty("role", role)
        self.action = QPushButton(self)
        self.action.setAutoDefault(True)
        self.action.hide()
        row.addWidget(self.text, 1)
        row.addWidget(self.action, 0, Qt.AlignmentFlag.AlignVCenter)
        self.box.addLayout(row)
        self.hide()

    def show_message(self, text: str, action: str | None = None) -> None:
        self.text.setText(text)
        self.setAccessibleName(text)
        if action:
            self.action.setText(action)
            self.action.setAccessibleName(action)
            self.action.show()
        else:
            self.action.hide()
        self.show()


def fixed_button(text: str, parent: QWidget | None = None, *, description: str = "") -> QPushButton:
    """A push button that activates with Enter as well as Space, with accessible texts."""
    button = QPushButton(text, parent)
    button.setAutoDefault(True)
    button.setAccessibleName(text.replace("&", ""))
    if description:
        button.setAccessibleDescription(description)
        button.setToolTip(description)
    return button
