"""Light, dark and high-contrast themes: a palette and a stylesheet built from the
application font, so every size follows the system font and the "larger text" setting.

Widgets never hard-code colours. They use palette roles, or set a *dynamic property*
that the stylesheet styles (see :func:`set_style_property`):

* ``role``: ``card``, ``muted``, ``heading``, ``title``, ``danger``, ``success``,
  ``warning``, ``narrative``, ``header``, ``notice``, ``picker`` (a list to choose from);
* ``verdict``: ``right``, ``wrong``, ``missed`` (quiz feedback);
* ``spot``: ``marked`` (a phrase the learner marked in a scenario);
* ``primary``: ``true`` for the main button of a screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QFontInfo, QPalette
from PySide6.QtWidgets import QApplication, QWidget

__all__ = [
    "DEFAULT_FONT_SCALE",
    "FONT_SCALE_MAX",
    "FONT_SCALE_MIN",
    "FONT_SCALE_STEP",
    "Colors",
    "Theme",
    "apply_theme",
    "base_point_size",
    "colors_for",
    "contrast_ratio",
    "current_colors",
    "current_theme",
    "document_css",
    "set_style_property",
    "stylesheet",
    "theme_label",
]

DEFAULT_FONT_SCALE = 100
FONT_SCALE_MIN = 80
FONT_SCALE_MAX = 200
FONT_SCALE_STEP = 10

_BASE_SIZE_PROPERTY = "trainerSystemPointSize"
_THEME_PROPERTY = "trainerTheme"


class Theme(StrEnum):
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


@dataclass(frozen=True, slots=True)
class Colors:
    """Every colour a theme uses, as ``#rrggbb``."""

    window: str
    surface: str
    alt_surface: str
    text: str
    muted: str
    border: str
    divider: str
    accent: str
    accent_text: str
    link: str
    focus: str
    success: str
    success_bg: str
    danger: str
    danger_bg: str
    warning: str
    warning_bg: str
    mark: str
    mark_text: str
    disabled: str
    button: str
    button_hover: str


_COLORS: dict[Theme, Colors] = {
    Theme.LIGHT: Colors(
        window="#f2f4f7",
        surface="#ffffff",
        alt_surface="#e9edf2",
        text="#1a1f26",
        muted="#4a5462",
        border="#7d8796",
        divider="#d3d9e1",
        accent="#1d5a94",
        accent_text="#ffffff",
        link="#1a5590",
        focus="#b8430b",
        success="#1b6a37",
        success_bg="#e3f3e8",
        danger="#a02318",
        danger_bg="#fbe7e5",
        warning="#7f4d00",
        warning_bg="#fdf1d8",
        mark="#fde58a",
        mark_text="#1a1f26",
        disabled="#6f7885",
        button="#f7f8fa",
        button_hover="#e4e9f0",
    ),
    Theme.DARK: Colors(
        window="#17191d",
        surface="#202329",
        alt_surface="#2a2e36",
        text="#e7e9ec",
        muted="#b0b8c3",
        border="#737b88",
        divider="#363b44",
        accent="#7db0e8",
        accent_text="#0c1420",
        link="#8fc3ff",
        focus="#ffb347",
        success="#82d6a2",
        success_bg="#1b3325",
        danger="#ff9e93",
        danger_bg="#3e2220",
        warning="#f0c674",
        warning_bg="#3a3018",
        mark="#6b5a16",
        mark_text="#fff6cf",
        disabled="#8a929d",
        button="#2a2e36",
        button_hover="#353a44",
    ),
    Theme.HIGH_CONTRAST: Colors(
        window="#000000",
        surface="#000000",
        alt_surface="#101010",
        text="#ffffff",
        muted="#e8e8e8",
        border="#ffffff",
        divider="#ffffff",
        accent="#ffe000",
        accent_text="#000000",
        link="#a8dcff",
        focus="#00e5ff",
        success="#85ffa3",
        success_bg="#00220b",
        danger="#ffaaaa",
        danger_bg="#2a0000",
        warning="#ffe000",
        warning_bg="#221e00",
        mark="#ffe000",
        mark_text="#000000",
        disabled="#c8c8c8",
        button="#000000",
        button_hover="#1c1c1c",
    ),
}


def theme_label(theme: Theme) -> str:
    """The theme's name as the View menu shows it."""
    labels = {
        Theme.LIGHT: QCoreApplication.translate("Theme", "Light"),
        Theme.DARK: QCoreApplication.translate("Theme", "Dark"),
        Theme.HIGH_CONTRAST: QCoreApplication.translate("Theme", "High contrast"),
    }
    return labels[theme]


def colors_for(theme: Theme) -> Colors:
    return _COLORS[theme]


def _luminance(hex_color: str) -> float:
    color = QColor(hex_color)
    channels = []
    for value in (color.redF(), color.greenF(), color.blueF()):
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    first, second = _luminance(foreground), _luminance(background)
    light, dark = max(first, second), min(first, second)
    return (light + 0.05) / (dark + 0.05)


def text_pairs(colors: Colors) -> list[tuple[str, str, str]]:
    """(name, foreground, background) of every text colour on every background it is
    drawn on; the themes are tested against WCAG contrast with these."""
    backgrounds = {
        "window": colors.window,
        "surface": colors.surface,
        "alt_surface": colors.alt_surface,
        "button": colors.button,
        "button_hover": colors.button_hover,
    }
    pairs: list[tuple[str, str, str]] = []
    for fg_name in ("text", "muted", "link", "success", "danger", "warning"):
        for bg_name, bg in backgrounds.items():
            pairs.append((f"{fg_name} on {bg_name}", getattr(colors, fg_name), bg))
    pairs += [
        ("accent_text on accent", colors.accent_text, colors.accent),
        ("text on success_bg", colors.text, colors.success_bg),
        ("text on danger_bg", colors.text, colors.danger_bg),
        ("text on warning_bg", colors.text, colors.warning_bg),
        ("success on success_bg", colors.success, colors.success_bg),
        ("danger on danger_bg", colors.danger, colors.danger_bg),
        ("warning on warning_bg", colors.warning, colors.warning_bg),
        ("mark_text on mark", colors.mark_text, colors.mark),
    ]
    return pairs


def base_point_size() -> float:
    """The point size of the system's application font, before any "larger text"."""
    app = QApplication.instance()
    if app is None:
        return 10.0
    stored = app.property(_BASE_SIZE_PROPERTY)
    if isinstance(stored, (int, float)) and stored > 0:
        return float(stored)
    size = QFontInfo(QApplication.font()).pointSizeF()
    if size <= 0:
        size = 10.0
    app.setProperty(_BASE_SIZE_PROPERTY, size)
    return size


def current_theme() -> Theme:
    app = QApplication.instance()
    value = app.property(_THEME_PROPERTY) if app is not None else None
    try:
        return Theme(str(value))
    except ValueError:
        return Theme.LIGHT


def current_colors() -> Colors:
    return colors_for(current_theme())


def palette_for(theme: Theme) -> QPalette:
    c = colors_for(theme)
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.surface,
        QPalette.ColorRole.AlternateBase: c.alt_surface,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.button,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.BrightText: c.danger,
        QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: c.accent_text,
        QPalette.ColorRole.Link: c.link,
        QPalette.ColorRole.LinkVisited: c.link,
        QPalette.ColorRole.ToolTipBase: c.surface,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Light: c.button_hover,
        QPalette.ColorRole.Midlight: c.alt_surface,
        QPalette.ColorRole.Mid: c.border,
        QPalette.ColorRole.Dark: c.border,
        QPalette.ColorRole.Shadow: c.window,
        QPalette.ColorRole.Accent: c.accent,
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.disabled))
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, QColor(c.accent))
    palette.setColor(
        QPalette.ColorGroup.Inactive, QPalette.ColorRole.HighlightedText, QColor(c.accent_text)
    )
    return palette


def stylesheet(theme: Theme, point_size: float) -> str:
    """The application stylesheet. Sizes are in points derived from ``point_size`` (the
    application font) or in ``em``, so they grow with the text."""
    c = colors_for(theme)
    ring = 3 if theme is Theme.HIGH_CONTRAST else 2
    line = 2 if theme is Theme.HIGH_CONTRAST else 1

    def pt(factor: float) -> str:
        return f"{point_size * factor:.1f}pt"

    return f"""
QMainWindow, QDialog {{ background: {c.window}; color: {c.text}; }}
QToolTip {{ color: {c.text}; background: {c.surface}; border: 1px solid {c.border};
    padding: 4px; }}
QPushButton, QToolButton {{
    background: {c.button}; color: {c.text};
    border: {ring}px solid {c.border}; border-radius: 6px;
    padding: 0.3em 0.9em; min-height: 1.5em;
}}
QToolButton {{ padding: 0.25em 0.6em; }}
QPushButton:hover, QToolButton:hover {{ background: {c.button_hover}; border-color: {c.accent}; }}
QPushButton:pressed, QToolButton:pressed, QToolButton:checked {{ background: {c.alt_surface}; }}
QPushButton:focus, QToolButton:focus {{ border: {ring}px solid {c.focus}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {c.disabled}; border-color: {c.alt_surface}; }}
QPushButton[primary="true"] {{
    background: {c.accent}; color: {c.accent_text}; border-color: {c.accent}; font-weight: 600;
}}
QPushButton[primary="true"]:hover {{ border-color: {c.text}; }}
QPushButton[primary="true"]:disabled {{
    background: {c.alt_surface}; color: {c.disabled}; border-color: {c.alt_surface};
    font-weight: 600;
}}
QPushButton[primary="true"]:focus {{ border: {ring + 1}px solid {c.focus}; }}
QPushButton[role="danger"] {{ color: {c.danger}; border-color: {c.danger}; }}
QPushButton[role="danger"]:focus {{ border-color: {c.focus}; }}
QPushButton[flat="true"], QToolButton[flat="true"] {{
    background: transparent; border-color: transparent;
}}
QPushButton[flat="true"]:hover, QToolButton[flat="true"]:hover {{
    background: {c.button_hover}; border-color: {c.border};
}}
QPushButton[flat="true"]:focus, QToolButton[flat="true"]:focus {{ border-color: {c.focus}; }}
QLineEdit, QSpinBox, QComboBox {{
    background: {c.surface}; color: {c.text};
    border: {ring}px solid {c.border}; border-radius: 6px; padding: 0.25em 0.5em;
    selection-background-color: {c.accent}; selection-color: {c.accent_text};
}}
QLineEdit:focus, QSpinBox:focus, QComboBox:focus {{ border: {ring}px solid {c.focus}; }}
QTreeView, QListView, QTableView, QTextBrowser, QTextEdit, QPlainTextEdit, QScrollArea {{
    background: {c.surface}; color: {c.text};
    border: {ring}px solid {c.border}; border-radius: 6px;
    selection-background-color: {c.accent}; selection-color: {c.accent_text};
}}
QTreeView:focus, QListView:focus, QTableView:focus, QTextBrowser:focus, QTextEdit:focus,
QPlainTextEdit:focus {{ border: {ring}px solid {c.focus}; }}
QScrollArea[frameless="true"] {{ border: none; background: transparent; }}
QScrollArea[frameless="true"] > QWidget > QWidget {{ background: transparent; }}
QTreeView::item, QListView::item {{ padding: 0.2em 0.3em; }}
QListView[role="picker"] {{ font-size: {pt(1.15)}; }}
QListView[role="picker"]::item {{ padding: 0.45em 0.6em; }}
QTreeView::item:selected, QListView::item:selected {{
    background: {c.accent}; color: {c.accent_text};
}}
QHeaderView::section {{
    background: {c.alt_surface}; color: {c.muted}; font-weight: 600;
    border: none; border-bottom: {line}px solid {c.divider}; padding: 0.3em 0.5em;
}}
QCheckBox, QRadioButton {{ color: {c.text}; spacing: 0.5em; padding: 2px;
    border: {ring}px solid transparent; border-radius: 4px; }}
QCheckBox:focus, QRadioButton:focus {{ border: {ring}px solid {c.focus}; }}
QMenuBar {{ background: {c.window}; color: {c.text}; }}
QMenuBar::item {{ padding: 0.25em 0.7em; background: transparent; }}
QMenuBar::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
QMenu {{ background: {c.surface}; color: {c.text}; border: {line}px solid {c.border};
    padding: 4px; }}
QMenu::item {{ padding: 0.3em 2em 0.3em 1.6em; }}
QMenu::item:selected {{ background: {c.accent}; color: {c.accent_text}; }}
QMenu::item:disabled {{ color: {c.disabled}; }}
QMenu::separator {{ height: {line}px; background: {c.divider}; margin: 4px 8px; }}
QStatusBar {{ background: {c.window}; color: {c.muted}; }}
QStatusBar QLabel {{ color: {c.muted}; }}
QProgressBar {{ background: {c.alt_surface}; border: {line}px solid {c.border};
    border-radius: 4px; color: {c.text}; text-align: center; max-height: 0.9em; }}
QProgressBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
QSplitter::handle {{ background: {c.window}; }}
QScrollBar:vertical {{ background: {c.alt_surface}; width: 0.85em; margin: 0; border: none; }}
QScrollBar:horizontal {{ background: {c.alt_surface}; height: 0.85em; margin: 0; border: none; }}
QScrollBar::handle {{ background: {c.border}; border-radius: 4px; margin: 2px; }}
QScrollBar::handle:vertical {{ min-height: 2em; }}
QScrollBar::handle:horizontal {{ min-width: 2em; }}
QScrollBar::handle:hover {{ background: {c.muted}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QFrame[role="header"] {{ background: {c.surface}; border: none;
    border-bottom: {line}px solid {c.divider}; }}
QFrame[role="card"], QWidget[role="card"] {{
    background: {c.surface}; border: {line}px solid {c.divider}; border-radius: 10px;
}}
QFrame[role="notice"] {{ background: {c.warning_bg}; border: {line}px solid {c.warning};
    border-radius: 8px; }}
QLabel {{ color: {c.text}; background: transparent; border: none; }}
*[role="muted"] {{ color: {c.muted}; }}
QLabel[role="heading"], QCheckBox[role="heading"], QRadioButton[role="heading"] {{
    font-size: {pt(1.3)}; font-weight: 600; }}
QLabel[role="title"] {{ font-size: {pt(1.75)}; font-weight: 600; }}
*[role="danger"] {{ color: {c.danger}; }}
*[role="success"] {{ color: {c.success}; }}
*[role="warning"] {{ color: {c.warning}; }}
QLabel[role="narrative"], QTextBrowser[role="narrative"], QFrame[role="narrative"] {{
    background: {c.alt_surface}; color: {c.text};
    border: none; border-left: 4px solid {c.accent}; border-radius: 4px;
    padding: 0.6em 0.9em; font-size: {pt(1.08)};
}}
*[verdict="right"] {{ background: {c.success_bg}; color: {c.text};
    border: {ring}px solid {c.success}; border-radius: 6px; }}
*[verdict="wrong"] {{ background: {c.danger_bg}; color: {c.text};
    border: {ring}px solid {c.danger}; border-radius: 6px; }}
*[verdict="missed"] {{ background: {c.warning_bg}; color: {c.text};
    border: {ring}px dashed {c.warning}; border-radius: 6px; }}
*[verdict="right"]:focus, *[verdict="wrong"]:focus, *[verdict="missed"]:focus {{
    border: {ring + 1}px solid {c.focus}; }}
*[spot="marked"] {{ background: {c.mark}; color: {c.mark_text};
    border: {ring}px solid {c.warning}; border-radius: 4px; }}
*[spot="marked"]:focus {{ border: {ring}px solid {c.focus}; }}
"""


def document_css(theme: Theme) -> str:
    """The default stylesheet of rich-text documents (module pages, quiz narratives)."""
    c = colors_for(theme)
    return f"""
a {{ color: {c.link}; text-decoration: underline; }}
a.external {{ color: {c.link}; }}
a.inert {{ color: {c.text}; text-decoration: none; }}
.missing-picture {{ color: {c.muted}; font-style: italic; }}
h1, h2, h3, h4 {{ color: {c.text}; font-weight: 600; }}
h1 {{ margin-bottom: 0.4em; }}
h2 {{ margin-top: 1.2em; }}
p, li {{ line-height: 140%; }}
code, pre {{ background-color: {c.alt_surface}; font-family: monospace; }}
blockquote {{ color: {c.muted}; margin-left: 1.2em; }}
table.data {{ border-color: {c.border}; }}
th {{ background-color: {c.alt_surface}; }}
.meta {{ color: {c.muted}; }}
.box {{ background-color: {c.alt_surface}; }}
.box-label {{ font-weight: 600; color: {c.text}; }}
.sources {{ color: {c.muted}; }}
"""


def apply_theme(theme: Theme, font_scale: int = DEFAULT_FONT_SCALE) -> None:
    """Apply a theme and a text size (percent of the system font) to the application."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    base = base_point_size()
    scale = min(FONT_SCALE_MAX, max(FONT_SCALE_MIN, int(font_scale)))
    size = round(base * scale / 100.0, 1)
    style = app.style()
    if style is None or style.name().lower() != "fusion":
        app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSizeF(size)
    app.setFont(font)
    app.setPalette(palette_for(theme))
    app.setProperty(_THEME_PROPERTY, theme.value)
    app.setStyleSheet(stylesheet(theme, size))


def set_style_property(widget: QWidget, name: str, value: str | bool | None) -> None:
    """Set a dynamic property the stylesheet styles, and restyle the widget now."""
    if isinstance(value, bool):
        value = "true" if value else None
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
