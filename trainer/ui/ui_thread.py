"""Handing a worker thread's result to the UI thread, safely even when the widget that
asked for it is gone by then.

A worker must not emit a signal of an object that the UI thread may be deleting at that
moment (a window closed while its library was being read): the emission would touch
freed memory. Workers therefore send their results through one relay object that lives
as long as the application; the relay calls the receiver on the UI thread only if the
receiver still exists.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal

__all__ = ["UiRelay", "ui_relay"]


class UiRelay(QObject):
    """Lives on the UI thread, a child of the application. ``deliver`` may be called
    from any thread."""

    _carried = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued when emitted from another thread: runs on this object's (the UI) thread.
        self._carried.connect(self._call)

    def deliver(self, receiver: QObject, call: Callable[[], None]) -> None:
        """Run ``call`` on the UI thread, unless ``receiver`` has been deleted by then."""
        self._carried.emit(receiver, call)

    @staticmethod
    def _call(receiver: QObject, call: Callable[[], None]) -> None:
        if shiboken6.isValid(receiver):
            call()


_relay: UiRelay | None = None


def ui_relay() -> UiRelay:
    """The application's relay. Call it first on the UI thread (a constructor does)."""
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        _relay = UiRelay(QCoreApplication.instance())
    return _relay
