"""Reading the library in the background from the moment the app starts.

Opening the app spends its first 200–300 ms importing Qt and the user interface. None of
that needs the library, and reading it mostly waits on files (reading and hashing every
content file releases the interpreter lock), so :func:`start_preload` starts the reading
in a thread *before* the user interface is imported: by the time the window is up, the
library is read or nearly so. The app then takes it with :meth:`LibraryPreload.result`.

Where the library comes from is decided here too (``--content``, else
``$TRAINER_CONTENT_DIR``, else the shipped curriculum and every installed pack), and the
data folder (``--data-dir``, else ``$TRAINER_DATA_DIR``, else the per-user folder).

Nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import gc
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from trainer.core.content_cache import CACHE_DIR, ContentCache
from trainer.core.loader import load_library
from trainer.core.model import Library
from trainer.core.packs.folders import installed_content_dirs, recover_packs
from trainer.core.paths import CONTENT_DIR_ENV, default_data_dir, shipped_content_dir

#: The longest the reading waits for the app's go-ahead to parse files (see
#: :meth:`LibraryPreload.allow_parsing`).
PARSE_WAIT_SECONDS = 5.0

__all__ = [
    "PARSE_WAIT_SECONDS",
    "LibraryPreload",
    "content_roots",
    "load_for_app",
    "resolve_data_dir",
    "start_preload",
]


def resolve_data_dir(args: argparse.Namespace) -> Path:
    """``--data-dir``, else ``$TRAINER_DATA_DIR``, else the per-user data folder."""
    given = getattr(args, "data_dir", None)
    if given:
        return Path(given).expanduser()
    return default_data_dir()


def content_roots(args: argparse.Namespace, data_dir: Path) -> list[Path]:
    """``--content``, else ``$TRAINER_CONTENT_DIR``, else the shipped curriculum followed by
    every installed pack (``<data dir>/packs/*/current/``)."""
    given = getattr(args, "content", None)
    if given:
        return [Path(given).expanduser()]
    override = os.environ.get(CONTENT_DIR_ENV, "").strip()
    if override:
        return [Path(override).expanduser()]
    # An install or rollback interrupted by a crash is completed or undone before loading.
    recover_packs(data_dir)
    return [shipped_content_dir(), *installed_content_dirs(data_dir)]


def load_for_app(
    roots: list[Path],
    cache_folder: Path | None,
    pace: Callable[[bool], None] | None = None,
) -> Library:
    """Read the library as the app does: through the content cache, with the cycle
    collector resting meanwhile.

    The library is made of many thousands of objects that live as long as the app. The
    collector rests while they are built (``load_library`` leaves it off when it finds it
    off), and then they are moved to the permanent generation, so that no collection ever
    walks them again (each walk would stall the UI thread)."""
    cache = ContentCache(cache_folder) if cache_folder is not None else None
    collecting = gc.isenabled()
    gc.disable()
    try:
        return load_library(roots, cache=cache, pace=pace)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


class LibraryPreload:
    """The library being read in a thread of its own; :meth:`result` waits for it."""

    def __init__(self, args: argparse.Namespace, data_dir: Path) -> None:
        self.args = args
        self.data_dir = data_dir
        #: The content folders read, once known (before the library is).
        self.roots: tuple[Path, ...] = ()
        self.seconds = 0.0
        #: When the reading started (``time.perf_counter``).
        self.started = time.perf_counter()
        self._library: Library | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="library-preload", daemon=True)
        self._may_parse = threading.Event()
        self._may_run = threading.Event()
        self._may_run.set()

    def start(self) -> LibraryPreload:
        self._thread.start()
        return self

    def allow_parsing(self) -> None:
        """Let the reading parse files the content cache does not hold: the app calls it
        once its window is up. Until then only the cache is read: parsing holds the
        interpreter lock for long stretches and would make building the window stall
        (a first start parses every file). After :data:`PARSE_WAIT_SECONDS` it parses
        anyway."""
        self._may_parse.set()

    def pause(self) -> None:
        """Hold the reading at its next file (the app builds its window meanwhile: one
        stretch the user waits through, which sharing the interpreter lock would make
        twice as long)."""
        self._may_run.clear()

    def resume(self) -> None:
        self._may_run.set()

    def _pace(self, parsing: bool) -> None:
        self._may_run.wait(PARSE_WAIT_SECONDS)
        if parsing:
            self._may_parse.wait(PARSE_WAIT_SECONDS)

    def _run(self) -> None:
        started = self.started = time.perf_counter()
        try:
            self.roots = tuple(content_roots(self.args, self.data_dir))
            self._library = load_for_app(list(self.roots), self.data_dir / CACHE_DIR, self._pace)
        except BaseException as error:  # handed to whoever asks for the result
            self._error = error
        self.seconds = time.perf_counter() - started

    def result(self, timeout: float | None = None) -> Library:
        """The library, once read; raises what reading it raised, or ``TimeoutError``."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError("the library is still being read")
        if self._error is not None:
            raise self._error
        assert self._library is not None
        return self._library


def start_preload(args: argparse.Namespace) -> LibraryPreload:
    """Start reading the library for the app about to open (see the module's text)."""
    return LibraryPreload(args, resolve_data_dir(args)).start()
