"""Per-indicator mastery and the spaced review schedule.

These are pure functions over attempts; nothing here touches the disk.

The rule (``MASTERY_RULE_VERSION`` 1)
-------------------------------------
Every attempt trains each indicator listed in its ``indicators``; the
attempt's ``correct`` flag is the outcome for all of them.  Attempts are taken
in chronological order of ``answered_at`` (ties broken by ``attempt_id``).

* **not-started** -- no attempt trains the indicator yet.
* **mastered** -- at least ``MASTERY_MIN_ATTEMPTS`` (3) attempts exist and at
  least 80 % of the last ``MASTERY_WINDOW`` (5) attempts -- or of all of them
  while there are fewer than five -- are correct.  So: 3 of 3, 4 of 4, or 4
  of the last 5.
* **learning** -- anything else (including a mastered indicator that slipped
  below the bar).

Spaced review
-------------
When an indicator becomes mastered it is scheduled for review after the first
interval of ``REVIEW_INTERVALS_DAYS`` = 1, 3, 7, 14, 30 days (review stage 0).
A correct answer given when the indicator is *due* (at or after ``next_due``)
moves it one stage on (up to the last interval, which then repeats) and
schedules the next review from the time of that answer.  A correct answer
before it is due changes nothing (extra practice is not a spaced review).  A
wrong answer resets the schedule to stage 0 (due again in one day), or drops
the indicator back to *learning* if it is no longer mastered.

``is_due`` answers "should adaptive practice offer this indicator now?": always
for *learning*, when ``now >= next_due`` for *mastered*, never for
*not-started* (new material is chosen separately).

Incremental use
---------------
:class:`MasteryTracker` is the same rule as a fold: feed it attempts in order
with :meth:`MasteryTracker.observe` and take a :meth:`~MasteryTracker.snapshot`
at any time; its state is a small JSON object, so the store keeps it in a
per-learner summary instead of re-reading the whole history.
:func:`mastery_by_indicator` is the batch form and gives identical results.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .models import Attempt, IndicatorMastery, MasteryState, from_iso, to_iso
from .storage import SchemaViolation

__all__ = [
    "MASTERY_MIN_ATTEMPTS",
    "MASTERY_RULE_VERSION",
    "MASTERY_WINDOW",
    "REVIEW_INTERVALS_DAYS",
    "IndicatorMastery",
    "IndicatorTracker",
    "MasteryState",
    "MasteryTracker",
    "attempt_order_key",
    "due_indicators",
    "is_mastered",
    "mastery_by_indicator",
    "not_started",
]

MASTERY_RULE_VERSION = 1
MASTERY_WINDOW = 5
MASTERY_MIN_ATTEMPTS = 3
#: Correct share needed in the window, as a fraction numerator/denominator (80 %).
_SHARE_NUM, _SHARE_DEN = 4, 5
REVIEW_INTERVALS_DAYS: tuple[int, ...] = (1, 3, 7, 14, 30)


def attempt_order_key(attempt: Attempt) -> tuple[datetime, str]:
    """The chronological order in which attempts count for mastery."""
    return (attempt.answered_at, attempt.attempt_id)


def is_mastered(recent: Iterable[bool]) -> bool:
    """The mastery rule applied to the outcomes in the window (oldest first)."""
    window = list(recent)[-MASTERY_WINDOW:]
    correct = sum(1 for outcome in window if outcome)
    return len(window) >= MASTERY_MIN_ATTEMPTS and correct * _SHARE_DEN >= len(window) * _SHARE_NUM


def not_started(indicator_id: str) -> IndicatorMastery:
    """The mastery of an indicator that no attempt has trained yet."""
    return IndicatorMastery(
        indicator_id=indicator_id,
        state=MasteryState.NOT_STARTED,
        recent_correct=0,
        recent_total=0,
        total_attempts=0,
        correct_attempts=0,
        last_seen=None,
        next_due=None,
        is_due=False,
        review_stage=None,
    )


def _interval(stage: int) -> timedelta:
    return timedelta(days=REVIEW_INTERVALS_DAYS[min(stage, len(REVIEW_INTERVALS_DAYS) - 1)])


@dataclass
class IndicatorTracker:
    """The running mastery state of one indicator (mutable fold state)."""

    indicator_id: str
    recent: list[bool] = field(default_factory=list)
    total: int = 0
    correct: int = 0
    last_seen: datetime | None = None
    review_stage: int | None = None
    next_due: datetime | None = None

    @property
    def mastered(self) -> bool:
        return self.review_stage is not None

    def observe(self, answered_at: datetime, correct: bool) -> None:
        """Apply one attempt (must come after every attempt already observed)."""
        was_mastered = self.mastered
        was_due = was_mastered and self.next_due is not None and answered_at >= self.next_due
        self.recent.append(correct)
        del self.recent[:-MASTERY_WINDOW]
        self.total += 1
        if correct:
            self.correct += 1
        self.last_seen = answered_at
        window = len(self.recent)
        right = sum(self.recent)
        if window < MASTERY_MIN_ATTEMPTS or right * _SHARE_DEN < window * _SHARE_NUM:
            self.review_stage = None
            self.next_due = None
        elif not was_mastered or not correct:
            self.review_stage = 0
            self.next_due = answered_at + _interval(0)
        elif was_due:
            stage = min((self.review_stage or 0) + 1, len(REVIEW_INTERVALS_DAYS) - 1)
            self.review_stage = stage
            self.next_due = answered_at + _interval(stage)

    def snapshot(self, now: datetime) -> IndicatorMastery:
        if self.total == 0:
            return not_started(self.indicator_id)
        if self.mastered:
            state = MasteryState.MASTERED
            due = self.next_due is not None and now >= self.next_due
        else:
            state = MasteryState.LEARNING
            due = True
        return IndicatorMastery(
            indicator_id=self.indicator_id,
            state=state,
            recent_correct=sum(1 for outcome in self.recent if outcome),
            recent_total=len(self.recent),
            total_attempts=self.total,
            correct_attempts=self.correct,
            last_seen=self.last_seen,
            next_due=self.next_due,
            is_due=due,
            review_stage=self.review_stage,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "recent": [1 if outcome else 0 for outcome in self.recent],
            "total": self.total,
            "correct": self.correct,
            "last_seen": None if self.last_seen is None else to_iso(self.last_seen),
            "review_stage": self.review_stage,
            "next_due": None if self.next_due is None else to_iso(self.next_due),
        }

    @classmethod
    def from_json(cls, indicator_id: str, doc: Any) -> IndicatorTracker:
        if not isinstance(doc, dict):
            raise SchemaViolation(f"mastery state of {indicator_id!r} is not an object")
        recent = doc.get("recent")
        total = doc.get("total")
        correct = doc.get("correct")
        stage = doc.get("review_stage")
        if (
            not isinstance(recent, list)
            or not all(item in (0, 1) for item in recent)
            or len(recent) > MASTERY_WINDOW
            or not isinstance(total, int)
            or not isinstance(correct, int)
            or not (stage is None or isinstance(stage, int))
        ):
            raise SchemaViolation(f"mastery state of {indicator_id!r} is malformed")
        last_seen = doc.get("last_seen")
        next_due = doc.get("next_due")
        return cls(
            indicator_id=indicator_id,
            recent=[bool(item) for item in recent],
            total=total,
            correct=correct,
            last_seen=None if last_seen is None else from_iso(last_seen, "last_seen"),
            review_stage=stage,
            next_due=None if next_due is None else from_iso(next_due, "next_due"),
        )


@dataclass
class MasteryTracker:
    """The mastery rule as an incremental fold over a learner's attempts."""

    trackers: dict[str, IndicatorTracker] = field(default_factory=dict)
    last_key: tuple[datetime, str] | None = None

    def observe(
        self, attempt_id: str, answered_at: datetime, correct: bool, indicators: Iterable[str]
    ) -> bool:
        """Apply one attempt; returns ``False`` (and changes nothing) when it is
        not strictly after the last one observed, in which case the caller has
        to rebuild from the sorted attempts."""
        key = (answered_at, attempt_id)
        if self.last_key is not None and key <= self.last_key:
            return False
        self.last_key = key
        for indicator in dict.fromkeys(indicators):
            tracker = self.trackers.get(indicator)
            if tracker is None:
                tracker = self.trackers[indicator] = IndicatorTracker(indicator)
            tracker.observe(answered_at, correct)
        return True

    def observe_attempt(self, attempt: Attempt) -> bool:
        return self.observe(
            attempt.attempt_id, attempt.answered_at, attempt.correct, attempt.indicators
        )

    def snapshot(self, now: datetime) -> dict[str, IndicatorMastery]:
        return {
            indicator: tracker.snapshot(now) for indicator, tracker in sorted(self.trackers.items())
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "last_key": None
            if self.last_key is None
            else [to_iso(self.last_key[0]), self.last_key[1]],
            "indicators": {name: tracker.to_json() for name, tracker in self.trackers.items()},
        }

    @classmethod
    def from_json(cls, doc: Any) -> MasteryTracker:
        if not isinstance(doc, dict) or not isinstance(doc.get("indicators"), dict):
            raise SchemaViolation("mastery state is malformed")
        raw_key = doc.get("last_key")
        last_key: tuple[datetime, str] | None = None
        if raw_key is not None:
            well_formed = isinstance(raw_key, list) and len(raw_key) == 2
            if not well_formed or not isinstance(raw_key[1], str):
                raise SchemaViolation("mastery last_key is malformed")
            last_key = (from_iso(raw_key[0], "last_key"), raw_key[1])
        trackers = {
            str(name): IndicatorTracker.from_json(str(name), state)
            for name, state in doc["indicators"].items()
        }
        return cls(trackers=trackers, last_key=last_key)


def mastery_by_indicator(attempts: Iterable[Attempt], now: datetime) -> dict[str, IndicatorMastery]:
    """Mastery of every indicator trained by *attempts*, as of *now*.

    The attempts may come in any order; they are sorted chronologically.
    Indicators never trained are absent: use :func:`not_started` for them.
    """
    tracker = MasteryTracker()
    for attempt in sorted(attempts, key=attempt_order_key):
        tracker.observe_attempt(attempt)
    return tracker.snapshot(now)


def due_indicators(mastery: Mapping[str, IndicatorMastery]) -> list[str]:
    """Indicators to offer now: learning ones first, then due reviews, oldest due first."""
    learning = [m for m in mastery.values() if m.is_due and m.state is MasteryState.LEARNING]
    reviews = [m for m in mastery.values() if m.is_due and m.state is MasteryState.MASTERED]
    learning.sort(key=lambda m: (m.last_seen is None, m.last_seen, m.indicator_id))
    reviews.sort(key=lambda m: (m.next_due is None, m.next_due, m.indicator_id))
    return [m.indicator_id for m in learning + reviews]
