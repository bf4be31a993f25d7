"""One writer per progress folder.

The lock is an OS-level lock on ``progress.lock`` in the data folder:
``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows.  The kernel releases
it when the holding process ends for any reason (including a crash or
``kill -9``), so a stale lock never blocks the next start.  The file's content
(pid, host, start time) is informational only and is used for the message
shown to the second process.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .errors import StoreLockedError, storage_error_from_oserror
from .models import to_iso, utc_now

__all__ = ["LOCK_FILE_NAME", "StoreLock"]

LOCK_FILE_NAME = "progress.lock"
#: Windows locks a byte range; lock one byte far past the informational text
#: so that a second process can still read who holds the lock.
_WINDOWS_LOCK_OFFSET = 1 << 20


def _host_name() -> str:
    """This computer's name, for the lock file (without importing the socket module,
    which start-up otherwise does without)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _describe_holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "another copy of the trainer"
    if not isinstance(info, dict):
        return "another copy of the trainer"
    pid = info.get("pid", "?")
    host = info.get("host", "?")
    since = info.get("since", "?")
    return f"another copy of the trainer (process {pid} on {host}, running since {since})"


class StoreLock:
    """An acquired lock on a progress folder; release with :meth:`release`."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, data_dir: Path) -> StoreLock:
        """Take the lock or raise :class:`StoreLockedError` (or a storage error)."""
        path = data_dir / LOCK_FILE_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as exc:
            raise storage_error_from_oserror(exc, data_dir, "open the progress folder") from exc
        try:
            locked = _try_lock(fd)
        except OSError as exc:
            os.close(fd)
            raise storage_error_from_oserror(exc, data_dir, "lock the progress folder") from exc
        if not locked:
            os.close(fd)
            raise StoreLockedError(
                f"The progress folder {data_dir} is already in use by {_describe_holder(path)}. "
                "Close the other copy and try again, or choose another data folder with "
                "--data-dir."
            )
        return cls(path, fd)

    def write_owner(self) -> None:
        """Record this process as the holder (for the other process's message)."""
        if self._fd is None:
            return
        info = json.dumps(
            {"pid": os.getpid(), "host": _host_name(), "since": to_iso(utc_now())}
        ).encode("utf-8")
        try:
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.ftruncate(self._fd, 0)
            os.write(self._fd, info)
        except OSError:
            # Informational only: the lock itself is held either way.
            pass

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None
