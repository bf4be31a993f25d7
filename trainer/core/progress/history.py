"""A learner's history: append-only TinyDB segment files.

Attempts and session events are appended to numbered segment files
``history/000001.json``, ``history/000002.json``, ... Each segment is an
ordinary TinyDB database with the tables ``attempts`` and ``sessions``
(session events) and holds at most ``segment_size`` documents.  Only the
newest segment is ever rewritten, so recording an answer costs the same
whether the learner has a hundred or fifty thousand answers behind them.

A full segment is *sealed*: its ``.bak1`` becomes an exact copy of it and the
older rotating backups (strict subsets of it) are dropped.  Sealed segments are
never written again.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from .errors import storage_error_from_oserror
from .models import check_attempt_doc, session_event_from_doc
from .storage import (
    DurableJSONStorage,
    RecoveryHandler,
    SchemaViolation,
    TinyData,
    write_exact_backup,
)

__all__ = [
    "ATTEMPTS",
    "DEFAULT_SEGMENT_SIZE",
    "SESSIONS",
    "AppendResult",
    "HistoryLog",
    "Watermark",
    "segment_name",
    "validate_segment",
]

ATTEMPTS = "attempts"
SESSIONS = "sessions"
_TABLES = (ATTEMPTS, SESSIONS)
#: Documents per segment file.  About 100 KB of JSON: rewriting it costs well
#: under a millisecond, and a 50,000-answer history is 250 files.
DEFAULT_SEGMENT_SIZE = 100
_SEGMENT_RE = re.compile(r"^(\d{6})\.json(?:\.bak\d+)?$")


def segment_name(number: int) -> str:
    return f"{number:06d}.json"


def validate_segment(data: Any) -> None:
    """Validator for segment files: known tables, every document well formed."""
    for table_name, table in data.items():
        if table_name == ATTEMPTS:
            for doc in table.values():
                check_attempt_doc(doc)
        elif table_name == SESSIONS:
            for doc in table.values():
                session_event_from_doc(doc)
        else:
            raise SchemaViolation(f"unexpected table {table_name!r} in a history segment")


@dataclass(frozen=True)
class Watermark:
    """A position in the history: everything up to and including document ids
    ``attempts``/``sessions`` of segment ``segment`` (0 = the very beginning)."""

    segment: int = 0
    attempts: int = 0
    sessions: int = 0


@dataclass(frozen=True)
class AppendResult:
    segment: int
    doc_id: int
    sealed: bool


def _max_id(table: dict[str, Any] | None) -> int:
    if not table:
        return 0
    return max(int(key) for key in table)


class HistoryLog:
    """The segment files of one learner (see the module documentation)."""

    def __init__(
        self,
        directory: Path,
        *,
        segment_size: int = DEFAULT_SEGMENT_SIZE,
        on_recovery: RecoveryHandler | None = None,
    ) -> None:
        if segment_size < 1:
            raise ValueError("segment_size must be at least 1")
        self.directory = directory
        self.segment_size = segment_size
        self._on_recovery = on_recovery
        self._current_number: int | None = None
        self._current_db: TinyDB | None = None

    # ------------------------------------------------------------- reading

    def segment_numbers(self) -> list[int]:
        """Numbers of the existing segments, oldest first.

        A segment whose file is missing but has a backup is listed too; reading
        it recovers it from the backup.
        """
        try:
            names = os.listdir(self.directory)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise storage_error_from_oserror(exc, self.directory, "read the history") from exc
        numbers = set()
        for name in names:
            match = _SEGMENT_RE.match(name)
            if match is not None:
                numbers.add(int(match.group(1)))
        return sorted(numbers)

    def _storage(self, number: int) -> DurableJSONStorage:
        return DurableJSONStorage(
            self.directory / segment_name(number),
            validator=validate_segment,
            on_recovery=self._on_recovery,
            action="save the answer",
        )

    def read_segment(self, number: int) -> TinyData:
        """The content of one segment (recovered from backups when damaged)."""
        if number == self._current_number and self._current_db is not None:
            data = self._current_db.storage.read()
        else:
            data = self._storage(number).read()
        return data if data is not None else {}

    def iter_table(self, table: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
        """Yield ``(segment, doc_id, document)`` of one table in stored order."""
        for number in self.segment_numbers():
            docs = self.read_segment(number).get(table) or {}
            for doc_id in sorted(int(key) for key in docs):
                yield number, doc_id, docs[str(doc_id)]

    def scan(self, after: Watermark | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield ``(table, document)`` for both tables in one pass over the
        segments (within a segment: session events, then attempts), skipping
        everything at or before *after*."""
        numbers = self.segment_numbers()
        if after is not None:
            numbers = [n for n in numbers if n >= after.segment]
        for number in numbers:
            data = self.read_segment(number)
            for table in (SESSIONS, ATTEMPTS):
                docs = data.get(table) or {}
                floor = 0
                if after is not None and number == after.segment:
                    floor = after.attempts if table == ATTEMPTS else after.sessions
                for doc_id in sorted(int(key) for key in docs):
                    if doc_id > floor:
                        yield table, docs[str(doc_id)]

    def end(self) -> Watermark:
        """The watermark just past the last stored document."""
        numbers = self.segment_numbers()
        if not numbers:
            return Watermark()
        last = numbers[-1]
        data = self.read_segment(last)
        return Watermark(last, _max_id(data.get(ATTEMPTS)), _max_id(data.get(SESSIONS)))

    # ------------------------------------------------------------- writing

    def _open_current(self) -> TinyDB:
        if self._current_db is None:
            numbers = self.segment_numbers()
            self._current_number = numbers[-1] if numbers else 1
            self._current_db = TinyDB(
                str(self.directory / segment_name(self._current_number)),
                storage=DurableJSONStorage,
                validator=validate_segment,
                on_recovery=self._on_recovery,
                action="save the answer",
            )
        return self._current_db

    def _count(self, db: TinyDB) -> int:
        data = db.storage.read() or {}
        return sum(len(data.get(table) or {}) for table in _TABLES)

    def _start_next_segment(self) -> TinyDB:
        assert self._current_number is not None
        if self._current_db is not None:
            self._current_db.close()
        self._current_number += 1
        self._current_db = None
        self.directory.mkdir(parents=True, exist_ok=True)
        self._current_db = TinyDB(
            str(self.directory / segment_name(self._current_number)),
            storage=DurableJSONStorage,
            validator=validate_segment,
            on_recovery=self._on_recovery,
            action="save the answer",
        )
        return self._current_db

    def _seal(self, number: int) -> None:
        """Best effort: the documents are already durable, so a failure here
        (say, the disk filled up) only leaves the rotating backups in place."""
        with contextlib.suppress(OSError):
            write_exact_backup(self.directory / segment_name(number), keep=1)

    def append(self, table: str, doc: dict[str, Any]) -> AppendResult:
        """Durably append one document; returns once it is on disk."""
        if table not in _TABLES:
            raise ValueError(f"unknown history table {table!r}")
        db = self._open_current()
        if self._count(db) >= self.segment_size:
            db = self._start_next_segment()
        doc_id = db.table(table).insert(doc)
        assert self._current_number is not None
        number = self._current_number
        sealed = self._count(db) >= self.segment_size
        if sealed:
            self._seal(number)
        return AppendResult(number, doc_id, sealed)

    def extend(self, items: Sequence[tuple[str, dict[str, Any]]]) -> None:
        """Durably append many documents, writing each segment file once.

        Used by import, migration and the benchmark's history generator.
        """
        if not items:
            return
        for table, _doc in items:
            if table not in _TABLES:
                raise ValueError(f"unknown history table {table!r}")
        db = self._open_current()
        self.directory.mkdir(parents=True, exist_ok=True)
        position = 0
        while position < len(items):
            count = self._count(db)
            if count >= self.segment_size:
                db = self._start_next_segment()
                continue
            batch = items[position : position + self.segment_size - count]
            position += len(batch)
            for name in _TABLES:
                docs = [doc for table, doc in batch if table == name]
                if docs:
                    db.table(name).insert_multiple(docs)
            if self._count(db) >= self.segment_size:
                assert self._current_number is not None
                self._seal(self._current_number)

    def close(self) -> None:
        if self._current_db is not None:
            self._current_db.close()
        self._current_db = None
        self._current_number = None
