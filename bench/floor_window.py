"""Child process of ``bench/run.py``: the start-up floor, a bare PySide6 window.

Imports Qt Widgets, shows an empty 1280x800 window and, once it has painted and the event
loop is idle again, prints ``ready`` and quits: what any PySide6 app pays before it does
anything of its own.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget


class Window(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.done = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.done:
            self.done = True
            QTimer.singleShot(0, ready)


def ready() -> None:
    print("ready", flush=True)
    QApplication.quit()


def main() -> None:
    app = QApplication(sys.argv[:1])
    window = Window()
    window.resize(1280, 800)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
