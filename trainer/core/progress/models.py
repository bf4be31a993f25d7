"""Model objects of the progress store and their JSON document forms.

All model objects are frozen dataclasses.  Times are timezone-aware UTC
:class:`~datetime.datetime` objects in memory and ISO 8601 strings on disk.
The ``*_to_doc`` / ``*_from_doc`` functions define the on-disk documents; the
``from_doc`` functions raise :class:`~.storage.SchemaViolation` for anything
that does not match, which is how a file with the wrong content is detected.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from .errors import InvalidInputError
from .storage import SchemaViolation

__all__ = [
    "MODES",
    "QUESTION_TYPES",
    "Attempt",
    "AttemptInput",
    "IndicatorMastery",
    "MasteryState",
    "ModuleProgress",
    "Overview",
    "Profile",
    "QuizBest",
    "QuizSession",
    "ReadingPosition",
    "SessionEvent",
    "attempt_from_doc",
    "attempt_to_doc",
    "check_attempt_doc",
    "fold_session_event",
    "from_iso",
    "is_profile_id",
    "make_attempt",
    "module_from_doc",
    "module_to_doc",
    "profile_from_doc",
    "profile_to_doc",
    "session_event_from_doc",
    "session_finish_doc",
    "session_start_doc",
    "sessions_from_events",
    "to_iso",
    "utc_now",
]

#: Accepted values of :attr:`Attempt.question_type`.
QUESTION_TYPES: tuple[str, ...] = (
    "single",
    "multiple",
    "true-false",
    "spot",
    "categorize",
    "decision",
)
#: Accepted values of :attr:`Attempt.mode` and :attr:`QuizSession.mode`.
MODES: tuple[str, ...] = ("practice", "exam", "self-assessment")

_PROFILE_ID_RE = re.compile(r"^[0-9a-f]{32}$")
_RECORD_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")
_MAX_TEXT = 500


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


def to_iso(value: datetime) -> str:
    """Format an aware datetime as ISO 8601 in UTC."""
    return value.astimezone(UTC).isoformat()


def from_iso(value: Any, what: str = "time") -> datetime:
    """Parse an ISO 8601 string with a UTC offset (raises :class:`SchemaViolation`)."""
    if not isinstance(value, str):
        raise SchemaViolation(f"{what} is not a string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise SchemaViolation(f"{what} {value!r} is not an ISO 8601 time") from None
    if parsed.tzinfo is None:
        raise SchemaViolation(f"{what} {value!r} has no time zone")
    return parsed.astimezone(UTC)


def is_profile_id(value: object) -> bool:
    """True for a well-formed profile id (32 lowercase hex digits)."""
    return isinstance(value, str) and _PROFILE_ID_RE.match(value) is not None


class MasteryState(StrEnum):
    """How well a learner knows one indicator (see :mod:`.mastery`)."""

    NOT_STARTED = "not-started"
    LEARNING = "learning"
    MASTERED = "mastered"


@dataclass(frozen=True)
class Profile:
    """A learner."""

    profile_id: str
    display_name: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ReadingPosition:
    """Where the learner stopped reading: a section and a scroll fraction 0..1."""

    section_id: str
    scroll_fraction: float


@dataclass(frozen=True)
class ModuleProgress:
    """A learner's reading progress in one module."""

    profile_id: str
    module_id: str
    sections_read: frozenset[str] = frozenset()
    position: ReadingPosition | None = None
    completed: bool = False
    completed_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class QuizSession:
    """One run through a quiz, from start to (possibly) finish."""

    session_id: str
    profile_id: str
    quiz_id: str
    mode: str
    question_ids: tuple[str, ...]
    seed: int
    content_version: str
    started_at: datetime
    finished_at: datetime | None = None
    score: float | None = None
    max_score: float | None = None
    passed: bool | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def score_ratio(self) -> float | None:
        """score / max_score, or ``None`` while unfinished or when max_score is 0."""
        if self.score is None or not self.max_score:
            return None
        return self.score / self.max_score


@dataclass(frozen=True)
class AttemptInput:
    """What the quiz screen passes to :meth:`ProgressStore.record_attempt`.

    ``attempt_id`` is generated when left ``None``; pass one to make a retry
    idempotent.  ``content_id`` defaults to ``quiz_id``.
    """

    profile_id: str
    session_id: str
    quiz_id: str
    question_id: str
    question_type: str
    answer: Any
    correct: bool
    score: float
    indicators: tuple[str, ...]
    mode: str
    shown_at: datetime
    answered_at: datetime
    duration_ms: int
    content_version: str
    attempt_id: str | None = None
    content_id: str | None = None


@dataclass(frozen=True)
class Attempt:
    """One recorded answer."""

    attempt_id: str
    profile_id: str
    session_id: str
    quiz_id: str
    question_id: str
    question_type: str
    answer: Any
    correct: bool
    score: float
    indicators: tuple[str, ...]
    mode: str
    shown_at: datetime
    answered_at: datetime
    duration_ms: int
    content_id: str
    content_version: str


@dataclass(frozen=True)
class IndicatorMastery:
    """Mastery of one indicator at a moment ``now`` (see :mod:`.mastery`)."""

    indicator_id: str
    state: MasteryState
    recent_correct: int
    recent_total: int
    total_attempts: int
    correct_attempts: int
    last_seen: datetime | None
    next_due: datetime | None
    is_due: bool
    review_stage: int | None


@dataclass(frozen=True)
class QuizBest:
    """The best finished session of one quiz."""

    quiz_id: str
    best_score: float
    max_score: float
    best_ratio: float
    passed: bool
    sessions_finished: int
    last_finished_at: datetime


@dataclass(frozen=True)
class Overview:
    """A learner's dashboard figures (cheap to compute: see ``docs/progress.md``)."""

    profile_id: str
    attempt_count: int
    correct_count: int
    correct_ratio: float | None
    sessions_finished: int
    quiz_best: Mapping[str, QuizBest] = field(default_factory=dict)
    mastery: Mapping[str, IndicatorMastery] = field(default_factory=dict)
    modules_completed: frozenset[str] = frozenset()


# ---------------------------------------------------------------- validation


def _need_text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{what} must be a non-empty text, got {value!r}.")
    if len(value) > _MAX_TEXT:
        raise InvalidInputError(f"{what} is longer than {_MAX_TEXT} characters.")
    return value


def _need_record_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or _RECORD_ID_RE.match(value) is None:
        raise InvalidInputError(
            f"{what} must be 1-128 letters, digits, '.', '_', ':' or '-', got {value!r}."
        )
    return value


def _need_time(value: Any, what: str) -> datetime:
    if not isinstance(value, datetime):
        raise InvalidInputError(f"{what} must be a datetime, got {value!r}.")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise InvalidInputError(f"{what} must be timezone-aware (UTC), got a naive datetime.")
    return value.astimezone(UTC)


def _need_choice(value: Any, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInputError(f"{what} must be one of {', '.join(allowed)}; got {value!r}.")
    return str(value)


def _need_fraction(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInputError(f"{what} must be a number between 0 and 1, got {value!r}.")
    number = float(value)
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        raise InvalidInputError(f"{what} must be between 0 and 1, got {value!r}.")
    return number


def make_attempt(data: AttemptInput, attempt_id: str) -> Attempt:
    """Validate and normalise *data* into an :class:`Attempt`."""
    if not isinstance(data.correct, bool):
        raise InvalidInputError(f"correct must be True or False, got {data.correct!r}.")
    if isinstance(data.duration_ms, bool) or not isinstance(data.duration_ms, int):
        raise InvalidInputError(f"duration_ms must be an integer, got {data.duration_ms!r}.")
    if data.duration_ms < 0:
        raise InvalidInputError(f"duration_ms cannot be negative, got {data.duration_ms}.")
    if isinstance(data.indicators, (str, bytes)) or not isinstance(data.indicators, Iterable):
        raise InvalidInputError("indicators must be a tuple of indicator ids.")
    indicators = tuple(_need_text(item, "An indicator id") for item in data.indicators)
    try:
        json.dumps(data.answer, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"The answer cannot be stored as JSON: {exc}.") from None
    quiz_id = _need_text(data.quiz_id, "quiz_id")
    return Attempt(
        attempt_id=_need_record_id(attempt_id, "attempt_id"),
        profile_id=data.profile_id,
        session_id=_need_record_id(data.session_id, "session_id"),
        quiz_id=quiz_id,
        question_id=_need_text(data.question_id, "question_id"),
        question_type=_need_choice(data.question_type, QUESTION_TYPES, "question_type"),
        answer=data.answer,
        correct=data.correct,
        score=_need_fraction(data.score, "score"),
        indicators=indicators,
        mode=_need_choice(data.mode, MODES, "mode"),
        shown_at=_need_time(data.shown_at, "shown_at"),
        answered_at=_need_time(data.answered_at, "answered_at"),
        duration_ms=data.duration_ms,
        content_id=_need_text(
            data.content_id if data.content_id is not None else quiz_id, "content_id"
        ),
        content_version=_need_text(data.content_version, "content_version"),
    )


# ------------------------------------------------------------ doc converters


def _doc_str(doc: Mapping[str, Any], key: str) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value:
        raise SchemaViolation(f"field {key!r} is missing or not a text")
    return value


def _doc_bool(doc: Mapping[str, Any], key: str) -> bool:
    value = doc.get(key)
    if not isinstance(value, bool):
        raise SchemaViolation(f"field {key!r} is missing or not true/false")
    return value


def _doc_int(doc: Mapping[str, Any], key: str) -> int:
    value = doc.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SchemaViolation(f"field {key!r} is missing or not a whole number")
    return value


def _doc_float(doc: Mapping[str, Any], key: str) -> float:
    value = doc.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SchemaViolation(f"field {key!r} is missing or not a number")
    return float(value)


def _doc_str_list(doc: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = doc.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SchemaViolation(f"field {key!r} is missing or not a list of texts")
    return tuple(value)


def _doc_opt_time(doc: Mapping[str, Any], key: str) -> datetime | None:
    value = doc.get(key)
    return None if value is None else from_iso(value, key)


def profile_to_doc(profile: Profile) -> dict[str, Any]:
    return {
        "profile_id": profile.profile_id,
        "display_name": profile.display_name,
        "created_at": to_iso(profile.created_at),
        "updated_at": to_iso(profile.updated_at),
    }


def profile_from_doc(doc: Mapping[str, Any]) -> Profile:
    profile_id = _doc_str(doc, "profile_id")
    if not is_profile_id(profile_id):
        raise SchemaViolation(f"profile id {profile_id!r} is not 32 hexadecimal digits")
    return Profile(
        profile_id=profile_id,
        display_name=_doc_str(doc, "display_name"),
        created_at=from_iso(doc.get("created_at"), "created_at"),
        updated_at=from_iso(doc.get("updated_at"), "updated_at"),
    )


def module_to_doc(progress: ModuleProgress) -> dict[str, Any]:
    position = progress.position
    return {
        "module_id": progress.module_id,
        "sections_read": sorted(progress.sections_read),
        "position": None
        if position is None
        else {"section_id": position.section_id, "scroll_fraction": position.scroll_fraction},
        "completed": progress.completed,
        "completed_at": None if progress.completed_at is None else to_iso(progress.completed_at),
        "updated_at": None if progress.updated_at is None else to_iso(progress.updated_at),
    }


def module_from_doc(doc: Mapping[str, Any], profile_id: str) -> ModuleProgress:
    raw_position = doc.get("position")
    position: ReadingPosition | None
    if raw_position is None:
        position = None
    elif isinstance(raw_position, dict):
        fraction = _doc_float(raw_position, "scroll_fraction")
        if not 0.0 <= fraction <= 1.0:
            raise SchemaViolation("scroll_fraction is outside 0..1")
        position = ReadingPosition(_doc_str(raw_position, "section_id"), fraction)
    else:
        raise SchemaViolation("field 'position' is not an object")
    return ModuleProgress(
        profile_id=profile_id,
        module_id=_doc_str(doc, "module_id"),
        sections_read=frozenset(_doc_str_list(doc, "sections_read")),
        position=position,
        completed=_doc_bool(doc, "completed"),
        completed_at=_doc_opt_time(doc, "completed_at"),
        updated_at=_doc_opt_time(doc, "updated_at"),
    )


def attempt_to_doc(attempt: Attempt) -> dict[str, Any]:
    return {
        "attempt_id": attempt.attempt_id,
        "profile_id": attempt.profile_id,
        "session_id": attempt.session_id,
        "quiz_id": attempt.quiz_id,
        "question_id": attempt.question_id,
        "question_type": attempt.question_type,
        "answer": attempt.answer,
        "correct": attempt.correct,
        "score": attempt.score,
        "indicators": list(attempt.indicators),
        "mode": attempt.mode,
        "shown_at": to_iso(attempt.shown_at),
        "answered_at": to_iso(attempt.answered_at),
        "duration_ms": attempt.duration_ms,
        "content_id": attempt.content_id,
        "content_version": attempt.content_version,
    }


_ATTEMPT_TEXT_FIELDS = (
    "attempt_id",
    "profile_id",
    "session_id",
    "quiz_id",
    "question_id",
    "content_id",
    "content_version",
)


def check_attempt_doc(doc: Mapping[str, Any]) -> None:
    """Validate a stored attempt document without building an :class:`Attempt`.

    Accepts exactly what :func:`attempt_from_doc` accepts; it is the fast
    check run on every document when a history segment is loaded.
    """
    try:
        for key in _ATTEMPT_TEXT_FIELDS:
            value = doc[key]
            if type(value) is not str or not value:
                raise SchemaViolation(f"field {key!r} is missing or not a text")
        if doc["question_type"] not in QUESTION_TYPES:
            raise SchemaViolation(f"unknown question type {doc['question_type']!r}")
        if doc["mode"] not in MODES:
            raise SchemaViolation(f"unknown mode {doc['mode']!r}")
        if type(doc["correct"]) is not bool:
            raise SchemaViolation("field 'correct' is not true/false")
        score = doc["score"]
        if type(score) not in (int, float) or not 0.0 <= score <= 1.0:
            raise SchemaViolation("field 'score' is not a number between 0 and 1")
        duration = doc["duration_ms"]
        if type(duration) is not int or duration < 0:
            raise SchemaViolation("field 'duration_ms' is not a whole number >= 0")
        indicators = doc["indicators"]
        if type(indicators) is not list or not all(type(i) is str for i in indicators):
            raise SchemaViolation("field 'indicators' is not a list of texts")
        if "answer" not in doc:
            raise SchemaViolation("field 'answer' is missing")
        for key in ("shown_at", "answered_at"):
            value = doc[key]
            if type(value) is not str or datetime.fromisoformat(value).tzinfo is None:
                raise SchemaViolation(f"field {key!r} is not an ISO 8601 time with a zone")
    except KeyError as exc:
        raise SchemaViolation(f"field {exc.args[0]!r} is missing") from None
    except (TypeError, ValueError) as exc:
        if isinstance(exc, SchemaViolation):
            raise
        raise SchemaViolation(f"a field has the wrong form ({exc})") from None


def attempt_from_doc(doc: Mapping[str, Any]) -> Attempt:
    """Parse a stored attempt document (raises :class:`SchemaViolation`)."""
    if "answer" not in doc:
        raise SchemaViolation("field 'answer' is missing")
    question_type = _doc_str(doc, "question_type")
    if question_type not in QUESTION_TYPES:
        raise SchemaViolation(f"unknown question type {question_type!r}")
    mode = _doc_str(doc, "mode")
    if mode not in MODES:
        raise SchemaViolation(f"unknown mode {mode!r}")
    score = _doc_float(doc, "score")
    if not 0.0 <= score <= 1.0:
        raise SchemaViolation("score is outside 0..1")
    duration = _doc_int(doc, "duration_ms")
    if duration < 0:
        raise SchemaViolation("duration_ms is negative")
    return Attempt(
        attempt_id=_doc_str(doc, "attempt_id"),
        profile_id=_doc_str(doc, "profile_id"),
        session_id=_doc_str(doc, "session_id"),
        quiz_id=_doc_str(doc, "quiz_id"),
        question_id=_doc_str(doc, "question_id"),
        question_type=question_type,
        answer=doc["answer"],
        correct=_doc_bool(doc, "correct"),
        score=score,
        indicators=_doc_str_list(doc, "indicators"),
        mode=mode,
        shown_at=from_iso(doc.get("shown_at"), "shown_at"),
        answered_at=from_iso(doc.get("answered_at"), "answered_at"),
        duration_ms=duration,
        content_id=_doc_str(doc, "content_id"),
        content_version=_doc_str(doc, "content_version"),
    )


# ------------------------------------------------------------ session events
#
# Sessions are stored as an append-only list of events in the history
# segments: a "start" event when the session begins and a "finish" event when
# it ends.  Nothing on disk is ever updated in place.


@dataclass(frozen=True)
class SessionEvent:
    """A parsed session event document."""

    event: str
    session_id: str
    quiz_id: str
    at: datetime
    start: QuizSession | None = None
    score: float | None = None
    max_score: float | None = None
    passed: bool | None = None


def session_start_doc(session: QuizSession) -> dict[str, Any]:
    return {
        "event": "start",
        "session_id": session.session_id,
        "profile_id": session.profile_id,
        "quiz_id": session.quiz_id,
        "mode": session.mode,
        "question_ids": list(session.question_ids),
        "seed": session.seed,
        "content_version": session.content_version,
        "at": to_iso(session.started_at),
    }


def session_finish_doc(
    session: QuizSession, score: float, max_score: float, passed: bool, at: datetime
) -> dict[str, Any]:
    return {
        "event": "finish",
        "session_id": session.session_id,
        "quiz_id": session.quiz_id,
        "score": score,
        "max_score": max_score,
        "passed": passed,
        "at": to_iso(at),
    }


def session_event_from_doc(doc: Mapping[str, Any]) -> SessionEvent:
    """Parse a stored session event (raises :class:`SchemaViolation`)."""
    event = _doc_str(doc, "event")
    session_id = _doc_str(doc, "session_id")
    at = from_iso(doc.get("at"), "at")
    if event == "start":
        mode = _doc_str(doc, "mode")
        if mode not in MODES:
            raise SchemaViolation(f"unknown mode {mode!r}")
        start = QuizSession(
            session_id=session_id,
            profile_id=_doc_str(doc, "profile_id"),
            quiz_id=_doc_str(doc, "quiz_id"),
            mode=mode,
            question_ids=_doc_str_list(doc, "question_ids"),
            seed=_doc_int(doc, "seed"),
            content_version=_doc_str(doc, "content_version"),
            started_at=at,
        )
        return SessionEvent(event, session_id, start.quiz_id, at, start=start)
    if event == "finish":
        return SessionEvent(
            event,
            session_id,
            _doc_str(doc, "quiz_id"),
            at,
            score=_doc_float(doc, "score"),
            max_score=_doc_float(doc, "max_score"),
            passed=_doc_bool(doc, "passed"),
        )
    raise SchemaViolation(f"unknown session event {event!r}")


def fold_session_event(sessions: dict[str, QuizSession], event: SessionEvent) -> None:
    """Apply one session event (in stored order) to *sessions*, keyed by id.

    A finish event without a start is ignored; the first finish of a session
    counts and later ones are ignored.  Folding an event a second time
    changes nothing.
    """
    if event.start is not None:
        sessions.setdefault(event.session_id, event.start)
        return
    current = sessions.get(event.session_id)
    if current is None or current.finished:
        return
    sessions[event.session_id] = replace(
        current,
        finished_at=event.at,
        score=event.score,
        max_score=event.max_score,
        passed=event.passed,
    )


def sessions_from_events(events: Iterable[SessionEvent]) -> dict[str, QuizSession]:
    """Fold session events (in stored order) into sessions keyed by id
    (see :func:`fold_session_event`)."""
    sessions: dict[str, QuizSession] = {}
    for event in events:
        fold_session_event(sessions, event)
    return sessions
