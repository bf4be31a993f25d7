"""Errors raised by the progress store.

Every error that reaches a caller is a :class:`ProgressError`.  The message is
written for the person in front of the screen (an officer or a trainer), not
for a programmer: it says what happened, where, and what they can do about it.
"""

from __future__ import annotations

import errno
from pathlib import Path

__all__ = [
    "DiskFullError",
    "DuplicateAttemptError",
    "ExportRejectedError",
    "InvalidInputError",
    "MigrationError",
    "NewerSchemaError",
    "ProfileNotFoundError",
    "ProgressError",
    "ReadOnlyStoreError",
    "SessionNotFoundError",
    "StorageError",
    "StoreClosedError",
    "StoreLockedError",
    "storage_error_from_oserror",
]


class ProgressError(Exception):
    """Base class of every error the progress store raises to its callers."""


class StoreLockedError(ProgressError):
    """Another process already has the progress folder open for writing."""


class ReadOnlyStoreError(ProgressError):
    """The progress folder (or a file in it) cannot be written."""


class DiskFullError(ProgressError):
    """The disk holding the progress folder has no space left."""


class StorageError(ProgressError):
    """Writing or reading a progress file failed for another system reason."""


class NewerSchemaError(ProgressError):
    """The progress folder was written by a newer version of the trainer."""


class MigrationError(ProgressError):
    """Upgrading the progress folder to the current layout failed."""


class StoreClosedError(ProgressError):
    """The store was used after :meth:`ProgressStore.close`."""


class ProfileNotFoundError(ProgressError):
    """No learner profile has the given id (or name)."""


class SessionNotFoundError(ProgressError):
    """No quiz session has the given id for this learner."""


class DuplicateAttemptError(ProgressError):
    """An attempt with the same id but different content is already recorded."""


class InvalidInputError(ProgressError):
    """A value passed to the store is not acceptable (wrong type, range or format)."""


class ExportRejectedError(ProgressError):
    """A file offered for import is not a usable progress export; nothing was changed."""


_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


def storage_error_from_oserror(exc: OSError, path: Path, action: str) -> ProgressError:
    """Translate an :class:`OSError` into an actionable :class:`ProgressError`.

    *action* is a short phrase such as ``"save your progress"`` that completes
    the sentence "could not ...".
    """
    folder = path if path.is_dir() else path.parent
    if exc.errno in _DISK_FULL_ERRNOS:
        return DiskFullError(
            f"Could not {action}: the disk holding {folder} is full. "
            "Free some space (or choose another data folder with --data-dir) and try again; "
            "everything saved before this moment is safe."
        )
    if exc.errno in _READ_ONLY_ERRNOS:
        return ReadOnlyStoreError(
            f"Could not {action}: the progress folder {folder} is read-only. "
            "Choose another data folder with --data-dir, or ask your administrator "
            "for write access to this one."
        )
    detail = exc.strerror or str(exc)
    return StorageError(
        f"Could not {action} in {folder}: {detail}. "
        "Everything saved before this moment is safe; check the disk and try again."
    )
