"""Reading a library again off the UI thread: after a content pack was installed, rolled
back or removed, and in authoring mode after a file was saved.

The worker thread builds only the immutable :class:`Library` and hands it to the UI
thread through the application's relay (:mod:`trainer.ui.ui_thread`), which drops it if
the reloader was deleted meanwhile; the worker never touches a widget. A reload asked for
while one is running runs once that one ends, so the library delivered last is always
read from the files as they are now.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from trainer.core.content_cache import ContentCache
from trainer.core.loader import load_library
from trainer.core.model import Library
from trainer.ui.ui_thread import ui_relay

__all__ = ["LibraryReloader"]

Roots = Callable[[], Sequence[Path]]


class LibraryReloader(QObject):
    """Reads the folders ``roots()`` names in a worker thread; ``loaded`` carries the
    :class:`Library`, on the UI thread. With ``cache_folder``, unchanged files come from
    the content cache (as at start-up); without, every file is parsed and checked in
    full (as ``trainer validate`` does)."""

    loaded = Signal(object)

    def __init__(
        self, roots: Roots, cache_folder: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.roots = roots
        self.cache_folder = cache_folder
        self._thread: threading.Thread | None = None
        self._again = False
        # Libraries delivered so far.
        self.loads = 0
        self._relay = ui_relay()

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def reload(self) -> None:
        """Read the folders again (after the read in progress, if there is one)."""
        if self._thread is not None:
            self._again = True
            return
        self._again = False
        roots = tuple(self.roots())
        self._thread = threading.Thread(
            target=self._run, args=(roots,), name="library-reload", daemon=True
        )
        self._thread.start()

    def _run(self, roots: tuple[Path, ...]) -> None:
        library: Library | None = None
        try:
            cache = ContentCache(self.cache_folder) if self.cache_folder is not None else None
            library = load_library(roots, cache=cache)
        finally:
            # On an error too (the exception hook reports it), so nobody is left waiting.
            self._relay.deliver(self, lambda: self._deliver(library))

    def _deliver(self, library: Library | None) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        if self._again:
            self.reload()  # the files changed meanwhile: this library is already old
            return
        if library is not None:
            self.loads += 1
            self.loaded.emit(library)
