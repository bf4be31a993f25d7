"""The packs folder: its layout, its lock, and repairing what a crash left behind.

Below ``<data_dir>/packs/``, each installed pack has a folder ``<pack-id>/`` with
``current/`` (the content folder the app loads) and, after an update, ``previous/``;
installs work in ``.staging/`` and removed packs go to ``.trash/``; ``.lock`` is held
while anything changes the folder (see :mod:`trainer.core.packs.install`).

This module is all the app needs at start-up (:func:`recover_packs`, then
:func:`installed_content_dirs`), so it imports neither the loader nor the cryptography
library.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from trainer.core.fields import id_problem
from trainer.core.packs.errors import PackBusyError, PackIOError

__all__ = [
    "CURRENT",
    "LOCK",
    "PACKS_DIR",
    "PREVIOUS",
    "RETIRED",
    "ROLLBACK",
    "STAGING",
    "TRASH",
    "installed_content_dirs",
    "locked",
    "packs_folder",
    "recover",
    "recover_packs",
    "remove_tree",
    "rename",
    "stamp",
    "valid_pack_dir",
]

PACKS_DIR = "packs"
CURRENT = "current"
PREVIOUS = "previous"
ROLLBACK = ".rollback"
RETIRED = ".retired"
STAGING = ".staging"
TRASH = ".trash"
LOCK = ".lock"


def stamp() -> str:
    """A moment as part of a folder name (sorts in time order)."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


# -- file system helpers -------------------------------------------------------------------


def packs_folder(data_dir: Path) -> Path:
    return data_dir / PACKS_DIR


def fsync_dir(path: Path) -> None:
    if sys.platform == "win32":
        return
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def rename(source: Path, target: Path) -> None:
    """One step of a swap: an atomic rename, made durable before the next step."""
    os.rename(source, target)
    fsync_dir(target.parent)
    if source.parent != target.parent:
        fsync_dir(source.parent)


@contextmanager
def locked(data_dir: Path) -> Iterator[Path]:
    packs = packs_folder(data_dir)
    try:
        packs.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(packs / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PackIOError(f"cannot use the packs folder '{packs}': {exc}") from None
    busy = PackBusyError(
        "another pack installation or change is in progress on this computer; try again "
        "when it has finished"
    )
    try:
        if sys.platform == "win32":
            import msvcrt

            try:
                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
            except OSError:
                raise busy from None
        else:
            import fcntl

            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise busy from None
        yield packs
    finally:
        os.close(descriptor)


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def valid_pack_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and id_problem(path.name) is None


# -- recovery ------------------------------------------------------------------------------


def recover_folder(packs: Path, folder: Path) -> list[str]:
    """Bring one pack folder back to a state with ``current`` (and ``previous``, if it
    had one) after an install or rollback stopped between two renames."""
    notes: list[str] = []
    current, previous = folder / CURRENT, folder / PREVIOUS
    rollback, retired = folder / ROLLBACK, folder / RETIRED

    def restore(source: Path, target: Path, what: str) -> None:
        if not target.exists() and source.is_dir():
            rename(source, target)
            notes.append(f"{folder.name}: restored the {what} version after an interruption")

    # An install stopped after current→previous leaves no current: the version that was
    # installed comes back, and so does the older one parked as .retired. A rollback
    # stopped half-way parked the older version as .rollback: it goes back to previous.
    restore(previous, current, "installed")
    restore(rollback, previous, "previous")
    restore(retired, previous, "previous")
    restore(previous, current, "installed")
    if retired.exists():
        # Both current and previous exist: the install finished; this is the version
        # it replaced, on its way out.
        remove_tree(retired)
    if rollback.exists():
        trash = packs / TRASH
        trash.mkdir(exist_ok=True)
        rename(rollback, trash / f"{folder.name}-{stamp()}-rollback")
        notes.append(f"{folder.name}: moved a leftover rollback folder to the trash")
    if not current.exists() and not previous.exists():
        with suppress(OSError):
            folder.rmdir()
    return notes


def recover(packs: Path) -> list[str]:
    notes: list[str] = []
    staging = packs / STAGING
    if staging.is_dir():
        for leftover in sorted(staging.iterdir()):
            remove_tree(leftover)
            notes.append(f"removed an unfinished installation ({leftover.name})")
        with suppress(OSError):
            staging.rmdir()
    try:
        folders = sorted(p for p in packs.iterdir() if valid_pack_dir(p))
    except OSError:
        return notes
    for folder in folders:
        notes.extend(recover_folder(packs, folder))
    return notes


def recover_packs(data_dir: Path) -> list[str]:
    """Repair what an interrupted install, rollback or crash left behind.

    Call it at start-up, before loading ``packs/*/current``. If ``current`` is missing
    and ``previous`` exists, ``previous`` becomes ``current`` again; unfinished staging
    folders are removed. Returns what was done, for a log. When another process holds the
    packs lock, does nothing (that process finishes its own work).
    """
    if not packs_folder(data_dir).is_dir():
        return []
    try:
        with locked(data_dir) as packs:
            return recover(packs)
    except PackBusyError:
        return []


def installed_content_dirs(data_dir: Path) -> list[Path]:
    """The content folders of the installed packs, in id order, for the loader."""
    packs = packs_folder(data_dir)
    try:
        folders = sorted(p for p in packs.iterdir() if valid_pack_dir(p))
    except OSError:
        return []
    return [f / CURRENT for f in folders if (f / CURRENT).is_dir()]
