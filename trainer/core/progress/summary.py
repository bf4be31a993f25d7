"""The per-learner summary: a small, rebuildable cache behind ``overview``.

The summary folds a learner's history into the few numbers the dashboard
needs (attempt and correct counts, the best finished session of each quiz,
and the :class:`~.mastery.MasteryTracker` state of every indicator), together
with the :class:`~.history.Watermark` of the last document it has seen.  It
is kept in ``summary.json`` and written when a history segment fills up and
when the store closes, never on the hot path of recording an answer.

Reading it back costs one small file plus the documents after its watermark
(at most one segment's worth).  It is only a cache: when it is missing,
damaged, from another rule version, points past the end of the history, or
sees an attempt out of chronological order, it is rebuilt from the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from .history import Watermark
from .mastery import MASTERY_RULE_VERSION, MasteryTracker
from .models import (
    Overview,
    QuizBest,
    SessionEvent,
    from_iso,
    to_iso,
)
from .storage import SchemaViolation

__all__ = ["SUMMARY_VERSION", "ProfileSummary", "QuizTally"]

SUMMARY_VERSION = 1


@dataclass
class QuizTally:
    """Running best of one quiz's finished sessions."""

    best: QuizBest

    def to_json(self) -> dict[str, Any]:
        best = self.best
        return {
            "best_score": best.best_score,
            "max_score": best.max_score,
            "best_ratio": best.best_ratio,
            "passed": best.passed,
            "sessions_finished": best.sessions_finished,
            "last_finished_at": to_iso(best.last_finished_at),
        }

    @classmethod
    def from_json(cls, quiz_id: str, doc: Any) -> QuizTally:
        if not isinstance(doc, dict):
            raise SchemaViolation(f"quiz tally of {quiz_id!r} is not an object")
        try:
            best = QuizBest(
                quiz_id=quiz_id,
                best_score=float(doc["best_score"]),
                max_score=float(doc["max_score"]),
                best_ratio=float(doc["best_ratio"]),
                passed=bool(doc["passed"]),
                sessions_finished=int(doc["sessions_finished"]),
                last_finished_at=from_iso(doc["last_finished_at"], "last_finished_at"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise SchemaViolation(f"quiz tally of {quiz_id!r} is malformed: {exc}") from None
        return cls(best)


@dataclass
class ProfileSummary:
    """Folded figures of one learner's history (see the module documentation)."""

    profile_id: str
    watermark: Watermark = field(default_factory=Watermark)
    attempt_count: int = 0
    correct_count: int = 0
    sessions_finished: int = 0
    mastery: MasteryTracker = field(default_factory=MasteryTracker)
    quizzes: dict[str, QuizTally] = field(default_factory=dict)
    #: set when an attempt arrived out of chronological order: rebuild needed.
    out_of_order: bool = False

    def observe_attempt(
        self,
        attempt_id: str,
        answered_at: datetime,
        correct: bool,
        indicators: Iterable[str],
    ) -> None:
        self.attempt_count += 1
        if correct:
            self.correct_count += 1
        if not self.mastery.observe(attempt_id, answered_at, correct, indicators):
            self.out_of_order = True

    def observe_attempt_doc(
        self, doc: Mapping[str, Any], answered_at: datetime | None = None
    ) -> None:
        """Fold a stored attempt document (*answered_at* if already parsed)."""
        self.observe_attempt(
            doc["attempt_id"],
            answered_at if answered_at is not None else from_iso(doc["answered_at"]),
            bool(doc["correct"]),
            doc["indicators"],
        )

    def observe_session_event(self, event: SessionEvent) -> None:
        if event.event != "finish" or event.score is None or not event.max_score:
            return
        quiz_id = event.quiz_id
        self.sessions_finished += 1
        ratio = event.score / event.max_score
        passed = bool(event.passed)
        tally = self.quizzes.get(quiz_id)
        if tally is None:
            self.quizzes[quiz_id] = QuizTally(
                QuizBest(quiz_id, event.score, event.max_score, ratio, passed, 1, event.at)
            )
            return
        best = tally.best
        improved = ratio > best.best_ratio
        tally.best = replace(
            best,
            best_score=event.score if improved else best.best_score,
            max_score=event.max_score if improved else best.max_score,
            best_ratio=ratio if improved else best.best_ratio,
            passed=best.passed or passed,
            sessions_finished=best.sessions_finished + 1,
            last_finished_at=max(best.last_finished_at, event.at),
        )

    def quiz_best(self) -> dict[str, QuizBest]:
        """The best finished session of each quiz, by quiz id in order."""
        return {quiz: tally.best for quiz, tally in sorted(self.quizzes.items())}

    def overview(self, now: datetime, modules_completed: frozenset[str]) -> Overview:
        return Overview(
            profile_id=self.profile_id,
            attempt_count=self.attempt_count,
            correct_count=self.correct_count,
            correct_ratio=(self.correct_count / self.attempt_count) if self.attempt_count else None,
            sessions_finished=self.sessions_finished,
            quiz_best=self.quiz_best(),
            mastery=self.mastery.snapshot(now),
            modules_completed=modules_completed,
        )

    def to_doc(self) -> dict[str, Any]:
        return {
            "summary_version": SUMMARY_VERSION,
            "mastery_rule_version": MASTERY_RULE_VERSION,
            "profile_id": self.profile_id,
            "watermark": {
                "segment": self.watermark.segment,
                "attempts": self.watermark.attempts,
                "sessions": self.watermark.sessions,
            },
            "attempt_count": self.attempt_count,
            "correct_count": self.correct_count,
            "sessions_finished": self.sessions_finished,
            "mastery": self.mastery.to_json(),
            "quizzes": {quiz: tally.to_json() for quiz, tally in self.quizzes.items()},
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], profile_id: str) -> ProfileSummary | None:
        """Parse a stored summary; ``None`` when it cannot be used as is."""
        if (
            doc.get("summary_version") != SUMMARY_VERSION
            or doc.get("mastery_rule_version") != MASTERY_RULE_VERSION
            or doc.get("profile_id") != profile_id
        ):
            return None
        try:
            mark = doc["watermark"]
            watermark = Watermark(
                int(mark["segment"]), int(mark["attempts"]), int(mark["sessions"])
            )
            quizzes_doc = doc["quizzes"]
            if not isinstance(quizzes_doc, dict):
                return None
            return cls(
                profile_id=profile_id,
                watermark=watermark,
                attempt_count=int(doc["attempt_count"]),
                correct_count=int(doc["correct_count"]),
                sessions_finished=int(doc["sessions_finished"]),
                mastery=MasteryTracker.from_json(doc["mastery"]),
                quizzes={str(q): QuizTally.from_json(str(q), t) for q, t in quizzes_doc.items()},
            )
        except (KeyError, TypeError, ValueError):
            return None
