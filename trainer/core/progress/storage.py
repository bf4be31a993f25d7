"""Durable file storage for TinyDB, and the low-level write primitives.

TinyDB's own ``JSONStorage`` rewrites its file in place: a crash or power cut
in the middle of a write leaves a file that cannot be read back.  This module
provides :class:`DurableJSONStorage`, a TinyDB ``Storage`` that

* writes the new state to a temporary file in the same folder, flushes and
  fsyncs it, atomically renames it over the old file (``os.replace``) and then
  fsyncs the folder, so the file on disk is always either the complete old
  state or the complete new state;
* keeps the previous good versions as rotating backups (``NAME.bak1`` is the
  newest, ``NAME.bakN`` the oldest);
* on load, moves an unreadable file (empty, truncated, not JSON, or not the
  expected structure) aside as ``NAME.damaged-<UTC timestamp>`` -- it is never
  deleted -- loads the newest backup that is good, writes that back as the
  file, and reports what happened through a :class:`RecoveryReport`.

Every system call used for writing is looked up on the :mod:`os` module at call
time (``os.write``, ``os.fsync``, ``os.replace``), which is what the fault
injection tests rely on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .errors import InvalidInputError, StorageError, storage_error_from_oserror

__all__ = [
    "DEFAULT_BACKUPS",
    "DurableJSONStorage",
    "FileDamaged",
    "RecoveryHandler",
    "RecoveryReport",
    "SchemaViolation",
    "TinyData",
    "Validator",
    "atomic_write_bytes",
    "backup_path",
    "count_tinydb_records",
    "dump_json_bytes",
    "fsync_dir",
    "load_json_with_recovery",
    "read_json_file",
    "validate_tinydb_shape",
    "write_exact_backup",
]

#: How many previous good versions of each file are kept.
DEFAULT_BACKUPS = 3

TinyData = dict[str, dict[str, Any]]
Validator = Callable[[Any], None]


class SchemaViolation(ValueError):
    """Raised by validators: the JSON is well formed but not what we expect."""


class FileDamaged(Exception):
    """A file could not be read back as a good state (internal signal)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class RecoveryReport:
    """What happened when a damaged or missing file was found on load.

    ``moved_to`` is where the damaged file now is (``None`` when the file was
    missing altogether), ``recovered_from`` the backup whose content was
    restored (``None`` when no good copy existed and the file starts empty),
    and ``records_recovered`` how many records the restored copy holds.
    """

    path: Path
    problem: str
    moved_to: Path | None
    recovered_from: Path | None
    records_recovered: int
    at: datetime

    def describe(self) -> str:
        """A sentence for the learner or trainer explaining what happened."""
        parts = [f"The progress file {self.path} could not be read ({self.problem})."]
        if self.moved_to is not None:
            parts.append(f"It was kept unchanged as {self.moved_to}.")
        if self.recovered_from is not None:
            parts.append(
                f"The newest good copy, {self.recovered_from.name}, was restored "
                f"({self.records_recovered} records); answers saved after that copy "
                "may be missing."
            )
        else:
            parts.append(
                "No good copy was found, so this file starts empty; "
                "the damaged file can be sent to support for repair."
            )
        return " ".join(parts)


RecoveryHandler = Callable[[RecoveryReport], None]


def backup_path(path: Path, index: int) -> Path:
    """The path of backup number *index* (1 = newest) of *path*."""
    return path.with_name(f"{path.name}.bak{index}")


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk.

    Windows cannot open a folder for fsync; there the rename itself is
    journalled by NTFS and this is a no-op.
    """
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all_and_fsync(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _rotate_backups(path: Path, backups: int) -> None:
    """Shift ``.bak1`` -> ``.bak2`` ... and make the current file ``.bak1``.

    The current file is hard-linked (no data copied); where the file system
    has no hard links it is copied instead.  The current file itself is never
    moved, so at every instant a complete version exists under *path*.
    """
    for index in range(backups, 1, -1):
        older = backup_path(path, index - 1)
        if older.exists():
            os.replace(older, backup_path(path, index))
    newest = backup_path(path, 1)
    if newest.exists():
        os.unlink(newest)
    try:
        os.link(path, newest)
    except OSError:
        _write_all_and_fsync(newest, path.read_bytes())


def atomic_write_bytes(path: Path, data: bytes, *, backups: int = DEFAULT_BACKUPS) -> None:
    """Durably replace the content of *path* with *data*.

    Returns only once the new content and its directory entry are on disk.
    If it raises, *path* still holds its previous complete content.  Raises
    :class:`OSError`; callers translate it.
    """
    tmp = _temp_path(path)
    _write_all_and_fsync(tmp, data)
    if backups > 0 and path.exists():
        _rotate_backups(path, backups)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def write_exact_backup(path: Path, *, keep: int = 1) -> None:
    """Make ``.bak1`` an exact, separate copy of *path*; drop backups past *keep*.

    Used when a history segment is sealed: its older versions are strict
    subsets of it and only the exact copy is worth keeping.
    """
    data = path.read_bytes()
    tmp = path.with_name(f".{path.name}.bak.tmp")
    _write_all_and_fsync(tmp, data)
    os.replace(tmp, backup_path(path, 1))
    index = max(keep, 1) + 1
    while backup_path(path, index).exists():
        os.unlink(backup_path(path, index))
        index += 1
    fsync_dir(path.parent)


def dump_json_bytes(data: object, *, indent: int | None = None) -> bytes:
    """Serialise *data* as UTF-8 JSON (compact unless *indent* is given)."""
    if indent is None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    else:
        text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    return text.encode("utf-8")


def read_json_file(path: Path, validator: Validator | None = None) -> Any:
    """Read and validate one JSON file.

    Raises :class:`FileNotFoundError` when it does not exist, :class:`FileDamaged`
    when it exists but is not a good state, and other :class:`OSError` when it
    cannot be read at all (permissions, I/O error).
    """
    raw = path.read_bytes()
    if not raw.strip():
        raise FileDamaged(path, "the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FileDamaged(path, "the file is not valid JSON; it may have been cut short") from None
    if validator is not None:
        try:
            validator(data)
        except SchemaViolation as exc:
            raise FileDamaged(path, f"the file does not have the expected content: {exc}") from None
    return data


def _utc_stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ")


def _damaged_name(path: Path, now: datetime) -> Path:
    candidate = path.with_name(f"{path.name}.damaged-{_utc_stamp(now)}")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.damaged-{_utc_stamp(now)}-{counter}")
        counter += 1
    return candidate


def load_json_with_recovery(
    path: Path,
    *,
    validator: Validator | None,
    count_records: Callable[[Any], int],
    empty_state: object,
    backups: int = DEFAULT_BACKUPS,
    on_recovery: RecoveryHandler | None = None,
    indent: int | None = None,
) -> Any:
    """Load *path*, recovering from its backups when it is damaged or missing.

    Returns the loaded data, or ``None`` when neither the file nor any backup
    exists (a brand-new file).  When the file is damaged it is moved aside,
    the newest good backup (or *empty_state* if none is good) is written back
    durably as *path*, and a :class:`RecoveryReport` goes to *on_recovery*.
    """
    problem: str
    moved_to: Path | None = None
    try:
        return read_json_file(path, validator)
    except FileNotFoundError:
        if not any(backup_path(path, i).exists() for i in range(1, backups + 1)):
            return None
        problem = "the file was missing"
    except FileDamaged as damaged:
        problem = damaged.problem
    except PermissionError as exc:
        raise StorageError(
            f"The progress file {path} cannot be read (permission denied). Ask your "
            "administrator for access, or choose another data folder with --data-dir."
        ) from exc
    except OSError as exc:
        raise storage_error_from_oserror(exc, path, f"read {path.name}") from exc

    now = datetime.now(UTC)
    try:
        if path.exists():
            moved_to = _damaged_name(path, now)
            os.rename(path, moved_to)
            fsync_dir(path.parent)
    except OSError as exc:
        raise storage_error_from_oserror(
            exc, path, f"set the damaged file {path.name} aside"
        ) from exc

    recovered: Any = None
    recovered_from: Path | None = None
    for index in range(1, backups + 1):
        candidate = backup_path(path, index)
        try:
            recovered = read_json_file(candidate, validator)
        except (FileNotFoundError, FileDamaged):
            continue
        except OSError:
            continue
        recovered_from = candidate
        break
    state = recovered if recovered_from is not None else empty_state
    try:
        # The damaged file is no longer at *path*, so no rotation happens and
        # the backups stay exactly as they were.
        atomic_write_bytes(path, dump_json_bytes(state, indent=indent), backups=0)
    except OSError as exc:
        raise storage_error_from_oserror(exc, path, f"restore {path.name}") from exc
    report = RecoveryReport(
        path=path,
        problem=problem,
        moved_to=moved_to,
        recovered_from=recovered_from,
        records_recovered=count_records(state) if recovered_from is not None else 0,
        at=now,
    )
    if on_recovery is not None:
        on_recovery(report)
    return state


def validate_tinydb_shape(data: Any) -> None:
    """Check that *data* looks like a TinyDB database: tables of numbered documents."""
    if not isinstance(data, dict):
        raise SchemaViolation("expected a JSON object of tables")
    for table_name, table in data.items():
        if not isinstance(table, dict):
            raise SchemaViolation(f"table {table_name!r} is not a JSON object")
        for doc_id, doc in table.items():
            if not doc_id.isdigit():
                raise SchemaViolation(f"table {table_name!r} has a bad document id {doc_id!r}")
            if not isinstance(doc, dict):
                raise SchemaViolation(f"document {doc_id} in {table_name!r} is not an object")


def count_tinydb_records(data: Any) -> int:
    """Number of documents over all tables of a TinyDB state."""
    if not isinstance(data, Mapping):
        return 0
    return sum(len(table) for table in data.values() if isinstance(table, Mapping))


class _Unloaded:
    pass


_UNLOADED = _Unloaded()


class DurableJSONStorage(Storage):
    """A crash-safe TinyDB storage (see the module documentation).

    Keyword arguments (TinyDB passes them through from ``TinyDB(path, ...)``):

    ``validator``
        called with the parsed JSON; raises :class:`SchemaViolation` when the
        content has the wrong structure (the TinyDB shape is always checked).
    ``on_recovery``
        receives a :class:`RecoveryReport` when the file had to be recovered.
    ``backups``
        how many previous versions to keep (default 3).
    ``action``
        the phrase used in error messages ("could not <action>").

    The state is cached after the first read, so TinyDB's read-modify-write
    cycle costs one file write per change.  If a write fails the cache is
    dropped and the next read goes back to the (unchanged) file.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        validator: Validator | None = None,
        on_recovery: RecoveryHandler | None = None,
        backups: int = DEFAULT_BACKUPS,
        action: str = "save your progress",
        indent: int | None = None,
        create_dirs: bool = True,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._validator = validator
        self._on_recovery = on_recovery
        self._backups = backups
        self._action = action
        self._indent = indent
        self._create_dirs = create_dirs
        self._cache: TinyData | _Unloaded | None = _UNLOADED

    def _validate(self, data: Any) -> None:
        validate_tinydb_shape(data)
        if self._validator is not None:
            self._validator(data)

    def read(self) -> TinyData | None:
        if isinstance(self._cache, _Unloaded):
            loaded: TinyData | None = load_json_with_recovery(
                self.path,
                validator=self._validate,
                count_records=count_tinydb_records,
                empty_state={},
                backups=self._backups,
                on_recovery=self._on_recovery,
                indent=self._indent,
            )
            self._cache = loaded
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        try:
            payload = dump_json_bytes(data, indent=self._indent)
            if self._create_dirs:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, payload, backups=self._backups)
        except OSError as exc:
            self._cache = _UNLOADED
            raise storage_error_from_oserror(exc, self.path, self._action) from exc
        except (TypeError, ValueError) as exc:
            self._cache = _UNLOADED
            raise InvalidInputError(
                f"Could not {self._action}: a value cannot be stored as JSON ({exc})."
            ) from exc
        except BaseException:
            self._cache = _UNLOADED
            raise
        self._cache = data

    def forget_cache(self) -> None:
        """Drop the cached state; the next read goes to disk."""
        self._cache = _UNLOADED

    def close(self) -> None:
        self._cache = _UNLOADED
