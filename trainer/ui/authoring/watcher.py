"""Noticing that a content folder changed on disk.

:class:`FolderWatcher` watches the folder, every sub-folder the loader would read and
every content file in them. Editors save in different ways (write in place, or write a
new file and rename it over the old one, which drops the old file's watch), so after
every change it looks at the tree again and watches whatever is new. Changes are
debounced: a burst of saves gives one ``changed`` signal, ``debounce_ms`` after the last.

The window then reads the folder again off the UI thread, with
:class:`trainer.ui.library_reload.LibraryReloader`.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from trainer.core.loader import CONTENT_SUFFIXES, MAX_FILES

__all__ = ["DEBOUNCE_MS", "FolderWatcher", "watched_paths"]

DEBOUNCE_MS = 300


def watched_paths(root: Path, limit: int = MAX_FILES) -> tuple[list[str], list[str]]:
    """The folders and the content files below ``root`` that the loader reads: hidden
    folders and files, ``__`` folders and links to folders are left out, as the loader
    leaves them out."""
    folders: list[str] = []
    files: list[str] = []
    pending = [str(root)]
    while pending and len(files) < limit:
        folder = pending.pop()
        folders.append(folder)
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not name.startswith("__"):
                        pending.append(entry.path)
                elif name.lower().endswith(CONTENT_SUFFIXES):
                    files.append(entry.path)
            except OSError:
                continue
    return sorted(folders), sorted(files)


class FolderWatcher(QObject):
    """Emits ``changed`` once a burst of changes below ``root`` has settled."""

    changed = Signal()

    def __init__(
        self, root: Path, debounce_ms: int = DEBOUNCE_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.root = root
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._settled)
        self._watcher.directoryChanged.connect(self._touched)
        self._watcher.fileChanged.connect(self._touched)
        self.rescan()

    def rescan(self) -> None:
        """Watch the folders and files there are now, and only those."""
        folders, files = watched_paths(self.root)
        wanted = set(folders) | set(files)
        current = set(self._watcher.directories()) | set(self._watcher.files())
        gone = sorted(current - wanted)
        new = sorted(wanted - current)
        if gone:
            self._watcher.removePaths(gone)
        if new:
            self._watcher.addPaths(new)

    def watched(self) -> list[str]:
        return sorted(self._watcher.directories() + self._watcher.files())

    def _touched(self, _path: str) -> None:
        self._timer.start()  # restarts: one signal for a burst of saves

    def _settled(self) -> None:
        self.rescan()
        self.changed.emit()
