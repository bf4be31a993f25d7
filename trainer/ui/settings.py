"""The app's own settings (theme, zoom, text size, window geometry, last learner), kept in
``settings.ini`` in the data folder.

Every value is checked when read: a missing, damaged or out-of-range value gives the
default, and a settings file Qt cannot parse at all is set aside as
``settings.ini.damaged`` so the app starts with defaults instead of failing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from trainer.ui.theme import (
    DEFAULT_FONT_SCALE,
    FONT_SCALE_MAX,
    FONT_SCALE_MIN,
    FONT_SCALE_STEP,
    Theme,
)

__all__ = [
    "DEFAULT_ZOOM",
    "SETTINGS_FILE",
    "ZOOM_MAX",
    "ZOOM_MIN",
    "ZOOM_STEP",
    "AppSettings",
]

SETTINGS_FILE = "settings.ini"
DEFAULT_ZOOM = 100
ZOOM_MIN = 60
ZOOM_MAX = 250
ZOOM_STEP = 10


def _as_int(value: object, default: int, low: int, high: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            return default
    else:
        return default
    return number if low <= number <= high else default


class AppSettings:
    """Typed access to the settings file; never raises for bad contents."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / SETTINGS_FILE
        self.recovered_from: Path | None = None
        self._qsettings = self._open()

    def _open(self) -> QSettings:
        settings = QSettings(str(self.path), QSettings.Format.IniFormat)
        if settings.status() != QSettings.Status.FormatError:
            return settings
        # Keep the damaged file for whoever wants to look at it, and start afresh.
        del settings
        damaged = self.path.with_name(self.path.name + ".damaged")
        try:
            os.replace(self.path, damaged)
            self.recovered_from = damaged
        except OSError:
            with contextlib.suppress(OSError):
                self.path.unlink()
        return QSettings(str(self.path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        """Write pending changes now (Qt also writes them on its own)."""
        self._qsettings.sync()

    # ------------------------------------------------------------ appearance

    @property
    def theme(self) -> Theme:
        value = self._qsettings.value("appearance/theme", Theme.LIGHT.value)
        try:
            return Theme(str(value))
        except ValueError:
            return Theme.LIGHT

    @theme.setter
    def theme(self, theme: Theme) -> None:
        self._qsettings.setValue("appearance/theme", Theme(theme).value)

    @property
    def font_scale(self) -> int:
        """Text size of the whole app, in percent of the system font."""
        value = _as_int(
            self._qsettings.value("appearance/font_scale", DEFAULT_FONT_SCALE),
            DEFAULT_FONT_SCALE,
            FONT_SCALE_MIN,
            FONT_SCALE_MAX,
        )
        return value - value % FONT_SCALE_STEP

    @font_scale.setter
    def font_scale(self, percent: int) -> None:
        clamped = min(FONT_SCALE_MAX, max(FONT_SCALE_MIN, int(percent)))
        self._qsettings.setValue("appearance/font_scale", clamped)

    @property
    def reader_zoom(self) -> int:
        """Zoom of the reader's text, in percent."""
        return _as_int(
            self._qsettings.value("reader/zoom", DEFAULT_ZOOM), DEFAULT_ZOOM, ZOOM_MIN, ZOOM_MAX
        )

    @reader_zoom.setter
    def reader_zoom(self, percent: int) -> None:
        self._qsettings.setValue("reader/zoom", min(ZOOM_MAX, max(ZOOM_MIN, int(percent))))

    # ------------------------------------------------------------ window and learner

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qsettings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._qsettings.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._qsettings.setValue("window/state", value)

    @property
    def last_profile(self) -> str | None:
        value = self._qsettings.value("profiles/last")
        if isinstance(value, str) and value.strip():
            return value.strip()
        return None

    @last_profile.setter
    def last_profile(self, profile_id: str | None) -> None:
        if profile_id:
            self._qsettings.setValue("profiles/last", profile_id)
        else:
            self._qsettings.remove("profiles/last")

    @property
    def problems_expanded(self) -> bool:
        value = self._qsettings.value("library/problems_expanded", "false")
        return str(value).lower() == "true"

    @problems_expanded.setter
    def problems_expanded(self, expanded: bool) -> None:
        self._qsettings.setValue("library/problems_expanded", "true" if expanded else "false")
