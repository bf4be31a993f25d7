"""The per-learner session index: a verifiable, rebuildable cache behind ``sessions()``.

A learner's quiz sessions are stored as events (start, finish) spread over
every history segment, so listing them from the history means reading all of
it: about half a second at 50,000 answers.  The session index keeps the
folded sessions in one file, ``sessions.json`` beside ``summary.json``, with

* the :class:`~.history.Watermark` of the last history document it covers;
* a *fingerprint* of the history up to that watermark: the size in bytes of
  every segment before the watermark's (those are never written again), and
  the SHA-256 of the watermark segment's session events up to the watermark.

Loading it checks the fingerprint against the history as it is on disk now
(one ``stat`` per segment and one read of the watermark segment), then folds
in the session events after the watermark.  When the index is missing,
damaged, from another version or another learner, or the fingerprint does not
match (a segment was recovered, lost or replaced; an older build wrote to the
history), it is rebuilt from the history, which stays the only source of
truth.  Folding an event twice changes nothing (see
:func:`~.models.fold_session_event`), so an index that is behind the history
is merely slower to load, never wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .history import ATTEMPTS, SESSIONS, HistoryLog, Watermark, segment_name
from .models import (
    MODES,
    QuizSession,
    fold_session_event,
    from_iso,
    session_event_from_doc,
    to_iso,
)

__all__ = [
    "SESSION_INDEX_VERSION",
    "fingerprint",
    "fold_history",
    "index_from_doc",
    "index_to_doc",
]

SESSION_INDEX_VERSION = 1


def _max_id(table: Mapping[str, Any] | None) -> int:
    return max((int(key) for key in table), default=0) if table else 0


def fold_history(
    history: HistoryLog,
    sessions: dict[str, QuizSession],
    after: Watermark | None = None,
    numbers: list[int] | None = None,
) -> Watermark:
    """Fold every session event stored after *after* (all of them when
    ``None``) into *sessions*; returns the watermark of the end of the history
    as read.  *numbers* are the segment numbers when already listed."""
    mark = after or Watermark()
    if numbers is None:
        numbers = history.segment_numbers()
    if after is not None:
        numbers = [n for n in numbers if n >= after.segment]
    for number in numbers:
        data = history.read_segment(number)
        docs = data.get(SESSIONS) or {}
        floor = after.sessions if after is not None and number == after.segment else 0
        for doc_id in sorted(int(key) for key in docs):
            if doc_id > floor:
                fold_session_event(sessions, session_event_from_doc(docs[str(doc_id)]))
        mark = Watermark(number, _max_id(data.get(ATTEMPTS)), _max_id(docs))
    return mark


def fingerprint(
    history: HistoryLog, mark: Watermark, numbers: list[int] | None = None
) -> dict[str, Any] | None:
    """What the history up to *mark* looks like on disk now (see the module
    documentation); ``None`` when it does not reach *mark* (or a segment before
    it cannot be looked at).  *numbers* are the segment numbers when already
    listed."""
    if numbers is None:
        numbers = history.segment_numbers()
    folder = str(history.directory)
    sizes: dict[str, int] = {}
    try:
        for number in numbers:
            if number >= mark.segment:
                break
            sizes[str(number)] = os.stat(os.path.join(folder, segment_name(number))).st_size
    except OSError:
        return None
    if mark.segment == 0:
        data: Mapping[str, Any] = {}
    elif mark.segment in numbers:
        data = history.read_segment(mark.segment)
    else:
        return None
    docs = data.get(SESSIONS) or {}
    if _max_id(data.get(ATTEMPTS)) < mark.attempts or _max_id(docs) < mark.sessions:
        return None
    covered = [[i, docs[str(i)]] for i in sorted(int(key) for key in docs) if i <= mark.sessions]
    text = json.dumps(covered, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {"segments": sizes, "tail": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def _row(session: QuizSession, profile_id: str) -> list[Any]:
    return [
        session.session_id,
        session.quiz_id,
        session.mode,
        list(session.question_ids),
        session.seed,
        session.content_version,
        to_iso(session.started_at),
        None if session.finished_at is None else to_iso(session.finished_at),
        session.score,
        session.max_score,
        session.passed,
        # The learner's id is the folder's, except in a folder copied under
        # another name: then the events keep the id they were written with.
        None if session.profile_id == profile_id else session.profile_id,
    ]


def _number(value: Any) -> float | None:
    if value is None or type(value) is float:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("not a number")
    return float(value)


def _time(value: Any) -> datetime:
    parsed = datetime.fromisoformat(value)
    # Written by to_iso, so always UTC; anything else takes the careful path.
    return parsed if parsed.tzinfo is UTC else from_iso(value)


def _session(row: Any, profile_id: str) -> QuizSession:
    """A session from its row (raises ``ValueError``/``TypeError`` when the row
    is not as :func:`_row` writes it).  Kept lean: it runs once per session."""
    if type(row) is not list or len(row) != 12:
        raise ValueError("a session is not a list of 12 values")
    (
        session_id,
        quiz_id,
        mode,
        question_ids,
        seed,
        content_version,
        started_at,
        finished_at,
        score,
        max_score,
        passed,
        owner,
    ) = row
    if (
        type(session_id) is not str
        or type(quiz_id) is not str
        or type(content_version) is not str
        or mode not in MODES
        or type(question_ids) is not list
        or type(seed) is not int
        or not (passed is None or type(passed) is bool)
        or not (owner is None or type(owner) is str)
    ):
        raise ValueError("a session has a value of the wrong type")
    questions = tuple(question_ids)
    if questions and set(map(type, questions)) != {str}:
        raise ValueError("a question id is not a text")
    return QuizSession(
        session_id=session_id,
        profile_id=profile_id if owner is None else owner,
        quiz_id=quiz_id,
        mode=mode,
        question_ids=questions,
        seed=seed,
        content_version=content_version,
        started_at=_time(started_at),
        finished_at=None if finished_at is None else _time(finished_at),
        score=_number(score),
        max_score=_number(max_score),
        passed=passed,
    )


def index_to_doc(
    profile_id: str,
    sessions: Mapping[str, QuizSession],
    mark: Watermark,
    printed: Mapping[str, Any],
) -> dict[str, Any]:
    """The stored form of an index of *sessions* covering the history up to
    *mark*, whose :func:`fingerprint` is *printed*."""
    return {
        "index_version": SESSION_INDEX_VERSION,
        "profile_id": profile_id,
        "watermark": {
            "segment": mark.segment,
            "attempts": mark.attempts,
            "sessions": mark.sessions,
        },
        "fingerprint": dict(printed),
        "sessions": [_row(session, profile_id) for session in sessions.values()],
    }


def index_from_doc(
    doc: Mapping[str, Any], profile_id: str
) -> tuple[dict[str, QuizSession], Watermark, dict[str, Any]] | None:
    """``(sessions, watermark, fingerprint)`` of a stored index; ``None`` when
    it cannot be used as is (the caller then rebuilds it)."""
    if doc.get("index_version") != SESSION_INDEX_VERSION or doc.get("profile_id") != profile_id:
        return None
    try:
        mark = doc["watermark"]
        watermark = Watermark(int(mark["segment"]), int(mark["attempts"]), int(mark["sessions"]))
        printed = doc["fingerprint"]
        rows = doc["sessions"]
        if not isinstance(printed, dict) or not isinstance(rows, list):
            return None
        sessions: dict[str, QuizSession] = {}
        for row in rows:
            session = _session(row, profile_id)
            sessions[session.session_id] = session
    except (KeyError, TypeError, ValueError):
        # SchemaViolation (a bad time) is a ValueError too.
        return None
    return sessions, watermark, printed
