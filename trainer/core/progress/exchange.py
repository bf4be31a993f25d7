"""Export a learner's history (CSV or JSON) and import JSON exports.

JSON export format (``format_version`` 1)
-----------------------------------------
One UTF-8 JSON object::

    {
      "format": "officer-trainer-progress-export",
      "format_version": 1,
      "exported_at": "2025-03-01T09:30:00+00:00",
      "profile": {profile document},
      "module_progress": [module progress documents],
      "sessions": [session objects, start and result merged],
      "attempts": [attempt documents, in recorded order],
      "sha256": "<64 hex digits>"
    }

``sha256`` is the SHA-256 of the *canonical JSON* of the whole object without
the ``sha256`` member: keys sorted, no whitespace (``separators=(",", ":")``),
non-ASCII characters kept as UTF-8.  Any change to the content -- tampering or
corruption -- makes the check fail.

Import validates the whole file (JSON, format id, version, checksum, every
record, cross-references) before writing anything; a rejected file changes
nothing.  Accepted files are merged: attempts and sessions by id, so
importing the same file twice adds nothing the second time.

CSV export
----------
One row per attempt, in recorded order, with a header row and the columns of
:data:`CSV_COLUMNS`: ``correct`` is ``true``/``false``, ``indicators`` is the
indicator ids joined with ``|``, ``answer`` is the answer as JSON, times are
ISO 8601 UTC.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from .errors import ExportRejectedError
from .models import (
    MODES,
    Attempt,
    ModuleProgress,
    Profile,
    QuizSession,
    attempt_from_doc,
    attempt_to_doc,
    from_iso,
    module_from_doc,
    module_to_doc,
    profile_from_doc,
    profile_to_doc,
    to_iso,
    utc_now,
)
from .storage import SchemaViolation
from .store import MergeResult, ProgressStore

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMAT",
    "EXPORT_FORMAT_VERSION",
    "ExportBundle",
    "canonical_json",
    "export_csv",
    "export_document",
    "export_json_bytes",
    "import_export",
    "import_file",
    "parse_export",
]

EXPORT_FORMAT = "officer-trainer-progress-export"
EXPORT_FORMAT_VERSION = 1
CSV_COLUMNS: tuple[str, ...] = (
    "attempt_id",
    "profile_id",
    "session_id",
    "quiz_id",
    "content_id",
    "content_version",
    "question_id",
    "question_type",
    "mode",
    "correct",
    "score",
    "indicators",
    "answer",
    "shown_at",
    "answered_at",
    "duration_ms",
)
_CHECKSUM_KEY = "sha256"


def canonical_json(value: Any) -> bytes:
    """The canonical JSON form the checksum is computed over."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _checksum(document: Mapping[str, Any]) -> str:
    body = {key: value for key, value in document.items() if key != _CHECKSUM_KEY}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def _session_to_doc(session: QuizSession) -> dict[str, Any]:
    return {
        "session_id": session.session_id,
        "profile_id": session.profile_id,
        "quiz_id": session.quiz_id,
        "mode": session.mode,
        "question_ids": list(session.question_ids),
        "seed": session.seed,
        "content_version": session.content_version,
        "started_at": to_iso(session.started_at),
        "finished_at": None if session.finished_at is None else to_iso(session.finished_at),
        "score": session.score,
        "max_score": session.max_score,
        "passed": session.passed,
    }


def _session_from_doc(doc: Any) -> QuizSession:
    if not isinstance(doc, dict):
        raise SchemaViolation("a session is not an object")
    for key in ("session_id", "profile_id", "quiz_id", "mode", "content_version"):
        if not isinstance(doc.get(key), str) or not doc[key]:
            raise SchemaViolation(f"field {key!r} is missing or not a text")
    if doc["mode"] not in MODES:
        raise SchemaViolation(f"unknown mode {doc['mode']!r}")
    questions = doc.get("question_ids")
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise SchemaViolation("question_ids is not a list of texts")
    seed = doc.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise SchemaViolation("seed is not a whole number")
    finished_raw = doc.get("finished_at")
    finished_at = None if finished_raw is None else from_iso(finished_raw, "finished_at")
    score = doc.get("score")
    max_score = doc.get("max_score")
    passed = doc.get("passed")
    if finished_at is not None:
        numbers_ok = all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in (score, max_score)
        )
        if not numbers_ok or not isinstance(passed, bool):
            raise SchemaViolation("a finished session needs score, max_score and passed")
        assert isinstance(score, (int, float)) and isinstance(max_score, (int, float))
        if not max_score > 0 or not 0 <= score <= max_score:
            raise SchemaViolation("score must be between 0 and max_score (> 0)")
    elif score is not None or max_score is not None or passed is not None:
        raise SchemaViolation("an unfinished session has a result")
    return QuizSession(
        session_id=doc["session_id"],
        profile_id=doc["profile_id"],
        quiz_id=doc["quiz_id"],
        mode=doc["mode"],
        question_ids=tuple(questions),
        seed=seed,
        content_version=doc["content_version"],
        started_at=from_iso(doc.get("started_at"), "started_at"),
        finished_at=finished_at,
        score=None if score is None else float(score),
        max_score=None if max_score is None else float(max_score),
        passed=passed if isinstance(passed, bool) else None,
    )


@dataclass(frozen=True)
class ExportBundle:
    """A fully validated export, ready to merge."""

    format_version: int
    exported_at: datetime
    profile: Profile
    modules: tuple[ModuleProgress, ...]
    sessions: tuple[QuizSession, ...]
    attempts: tuple[Attempt, ...]


# ------------------------------------------------------------------ export


def export_document(
    store: ProgressStore, profile_id: str, *, now: datetime | None = None
) -> dict[str, Any]:
    """The JSON export of one learner, as a dictionary (checksum included)."""
    profile = store.get_profile(profile_id)
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": to_iso(now or utc_now()),
        "profile": profile_to_doc(profile),
        "module_progress": [
            module_to_doc(m) for m in store.all_module_progress(profile_id).values()
        ],
        "sessions": [_session_to_doc(s) for s in store.sessions(profile_id)],
        "attempts": [attempt_to_doc(a) for a in store.attempts(profile_id)],
    }
    document[_CHECKSUM_KEY] = _checksum(document)
    return document


def export_json_bytes(
    store: ProgressStore, profile_id: str, *, now: datetime | None = None
) -> bytes:
    """The JSON export as UTF-8 bytes (indented, one member per line)."""
    document = export_document(store, profile_id, now=now)
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_csv(store: ProgressStore, profile_id: str, out: IO[str]) -> int:
    """Write the learner's attempts as CSV to *out*; returns the number of rows."""
    store.get_profile(profile_id)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for attempt in store.attempts(profile_id):
        writer.writerow(
            [
                attempt.attempt_id,
                attempt.profile_id,
                attempt.session_id,
                attempt.quiz_id,
                attempt.content_id,
                attempt.content_version,
                attempt.question_id,
                attempt.question_type,
                attempt.mode,
                "true" if attempt.correct else "false",
                repr(attempt.score),
                "|".join(attempt.indicators),
                json.dumps(attempt.answer, ensure_ascii=False, sort_keys=True),
                to_iso(attempt.shown_at),
                to_iso(attempt.answered_at),
                attempt.duration_ms,
            ]
        )
        rows += 1
    return rows


# ------------------------------------------------------------------ import


def _reject(source: str, reason: str) -> ExportRejectedError:
    return ExportRejectedError(f"{source} cannot be imported: {reason} Nothing was changed.")


def parse_export(data: bytes, *, source: str = "The file") -> ExportBundle:
    """Validate an export completely; raises :class:`ExportRejectedError`."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _reject(
            source,
            "it is not a complete JSON file (it may have been cut short or damaged).",
        ) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise _reject(source, "it is not a progress export from the officer trainer.")
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _reject(source, "its format version is missing or invalid.")
    if version > EXPORT_FORMAT_VERSION:
        raise _reject(
            source,
            f"it was made by a newer version of the trainer (export format {version}; this "
            f"version reads up to {EXPORT_FORMAT_VERSION}). Update the trainer to import it.",
        )
    stated = document.get(_CHECKSUM_KEY)
    if not isinstance(stated, str):
        raise _reject(source, "it has no checksum.")
    try:
        actual = _checksum(document)
    except ValueError:
        raise _reject(source, "it contains values that are not valid in an export.") from None
    if actual != stated.lower():
        raise _reject(
            source,
            "it was changed or damaged after it was exported (the checksum does not match).",
        )
    where = "the learner"
    try:
        profile_doc = document.get("profile")
        if not isinstance(profile_doc, dict):
            raise SchemaViolation("the learner is missing")
        profile = profile_from_doc(profile_doc)
        pid = profile.profile_id
        lists: dict[str, list[Any]] = {}
        for key in ("module_progress", "sessions", "attempts"):
            value = document.get(key)
            if not isinstance(value, list):
                raise SchemaViolation(f"{key!r} is missing or not a list")
            lists[key] = value
        modules = []
        for index, doc in enumerate(lists["module_progress"], start=1):
            where = f"module progress record {index}"
            if not isinstance(doc, dict):
                raise SchemaViolation("not an object")
            modules.append(module_from_doc(doc, pid))
        sessions: dict[str, QuizSession] = {}
        for index, doc in enumerate(lists["sessions"], start=1):
            where = f"session {index}"
            session = _session_from_doc(doc)
            if session.profile_id != pid:
                raise SchemaViolation("it belongs to another learner")
            if session.session_id in sessions:
                raise SchemaViolation("its id appears twice")
            sessions[session.session_id] = session
        attempts: dict[str, Attempt] = {}
        for index, doc in enumerate(lists["attempts"], start=1):
            where = f"answer {index}"
            if not isinstance(doc, dict):
                raise SchemaViolation("not an object")
            attempt = attempt_from_doc(doc)
            if attempt.profile_id != pid:
                raise SchemaViolation("it belongs to another learner")
            session_of = sessions.get(attempt.session_id)
            if session_of is None:
                raise SchemaViolation("its quiz session is not in the file")
            if session_of.quiz_id != attempt.quiz_id:
                raise SchemaViolation("its quiz differs from its session's quiz")
            if attempt.attempt_id in attempts and attempts[attempt.attempt_id] != attempt:
                raise SchemaViolation("its id appears twice with different content")
            attempts[attempt.attempt_id] = attempt
        where = "the export date"
        exported_at = from_iso(document.get("exported_at"), "exported_at")
    except SchemaViolation as exc:
        raise _reject(source, f"{where} is invalid ({exc}).") from None
    return ExportBundle(
        format_version=version,
        exported_at=exported_at,
        profile=profile,
        modules=tuple(modules),
        sessions=tuple(sessions.values()),
        attempts=tuple(attempts.values()),
    )


def import_export(store: ProgressStore, data: bytes, *, source: str = "The file") -> MergeResult:
    """Validate *data* completely, then merge it into *store*."""
    bundle = parse_export(data, source=source)
    return store.merge_history(bundle.profile, bundle.modules, bundle.sessions, bundle.attempts)


def import_file(store: ProgressStore, path: Path) -> MergeResult:
    """Import the JSON export at *path* (see :func:`import_export`)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExportRejectedError(
            f"The file {path} could not be read ({exc.strerror or exc}). Nothing was changed."
        ) from exc
    return import_export(store, data, source=f"The file {path}")
