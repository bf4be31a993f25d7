"""The figures of a learner's progress dashboard, worked out without Qt.

* **Modules**: each track's modules with their reading status (as the library shows it)
  and the best score of their quizzes; how many are completed.
* **History**: every finished quiz session, oldest first, with its score in percent,
  whether it passed and the pass mark it was held to -- the points of the history chart.
* **Mastery heat map**: one row per indicator dimension (taxonomy order), one column per
  strength (strong, medium, weak). A cell counts the indicators of that dimension and
  strength that are mastered, learning, not started and due for review; its value is
  the share mastered. Cells with no indicator are empty.
* **Weak indicators**: those the learner has trained but not mastered (lowest recent
  share first), then mastered ones due for review (longest overdue first).

A heat-map cell or a weak indicator leads to a practice set aimed at it:
:meth:`HeatCell.practice_ids` are the indicators the practice set is restricted to
(see :mod:`trainer.core.self_assessment`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from trainer.core.library_status import ModuleStatus, library_overview
from trainer.core.model import Library, Strength
from trainer.core.progress import ProgressStore
from trainer.core.progress.models import (
    IndicatorMastery,
    MasteryState,
    ModuleProgress,
    Overview,
    QuizSession,
    utc_now,
)
from trainer.core.self_assessment import DEFAULT_PASS_MARK, SELF_ASSESSMENT_ID, is_weak

__all__ = [
    "GOOD_PERCENT",
    "LOW_PERCENT",
    "Dashboard",
    "HeatCell",
    "HeatRow",
    "HistoryPoint",
    "ModuleRow",
    "TrackRow",
    "WeakIndicator",
    "build_dashboard",
    "heat_band",
    "load_dashboard",
]

#: Below this share a figure is weak (the same bands as the trainers' report).
LOW_PERCENT = 50.0
#: From this share on a figure is good.
GOOD_PERCENT = 80.0


def heat_band(percent: float | None) -> str:
    """``"none"``, ``"low"`` (below 50 %), ``"mid"`` (50 to 79 %) or ``"high"``."""
    if percent is None:
        return "none"
    if percent < LOW_PERCENT:
        return "low"
    return "high" if percent >= GOOD_PERCENT else "mid"


@dataclass(frozen=True, slots=True)
class ModuleRow:
    module_id: str
    title: str
    status: ModuleStatus
    sections_read: int
    sections_total: int
    #: The best score among the module's quizzes, in percent; ``None`` before any.
    best_percent: float | None
    best_passed: bool


@dataclass(frozen=True, slots=True)
class TrackRow:
    track_id: str
    title: str
    modules: tuple[ModuleRow, ...]

    @property
    def completed(self) -> int:
        return sum(1 for m in self.modules if m.status is ModuleStatus.COMPLETED)

    @property
    def total(self) -> int:
        return len(self.modules)


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    session_id: str
    quiz_id: str
    #: The quiz's title; empty for a self-assessment or a quiz no longer in the library.
    title: str
    mode: str
    started_at: datetime
    finished_at: datetime
    percent: float
    passed: bool
    pass_mark: int | None
    questions: int

    @property
    def is_self_assessment(self) -> bool:
        return self.quiz_id == SELF_ASSESSMENT_ID


@dataclass(frozen=True, slots=True)
class HeatCell:
    dimension_id: str
    strength: Strength
    indicators: tuple[str, ...]
    mastered: int
    learning: int
    not_started: int
    due: int
    #: Indicators not mastered or due for review, in taxonomy order.
    weak: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.indicators)

    @property
    def started(self) -> bool:
        return self.not_started < self.total

    @property
    def mastered_percent(self) -> float | None:
        """The share of the cell's indicators mastered; ``None`` for an empty cell."""
        return 100.0 * self.mastered / self.total if self.total else None

    @property
    def band(self) -> str:
        """The colour band: ``none`` (empty), ``new`` (nothing trained yet), or the band
        of :func:`heat_band` for the mastered share."""
        if not self.total:
            return "none"
        if not self.started:
            return "new"
        return heat_band(self.mastered_percent)

    @property
    def practice_ids(self) -> tuple[str, ...]:
        """What a practice set aimed at this cell covers: its weak indicators, or all of
        them when none is weak."""
        return self.weak or self.indicators


@dataclass(frozen=True, slots=True)
class HeatRow:
    dimension_id: str
    name: str
    group: str
    cells: tuple[HeatCell, ...]

    def cell(self, strength: Strength) -> HeatCell:
        return next(c for c in self.cells if c.strength is strength)


@dataclass(frozen=True, slots=True)
class WeakIndicator:
    indicator_id: str
    name: str
    dimension: str
    strength: Strength
    state: MasteryState
    recent_correct: int
    recent_total: int
    is_due: bool
    next_due: datetime | None

    @property
    def recent_percent(self) -> float | None:
        return 100.0 * self.recent_correct / self.recent_total if self.recent_total else None


@dataclass(frozen=True)
class Dashboard:
    generated_at: datetime
    tracks: tuple[TrackRow, ...]
    history: tuple[HistoryPoint, ...]
    heat: tuple[HeatRow, ...]
    weak: tuple[WeakIndicator, ...]
    answers: int
    correct_answers: int
    indicators_total: int
    indicators_mastered: int
    indicators_due: int
    #: The learner's mastery of every indicator trained so far.
    mastery: Mapping[str, IndicatorMastery] = field(default_factory=dict)

    @property
    def modules_total(self) -> int:
        return sum(t.total for t in self.tracks)

    @property
    def modules_completed(self) -> int:
        return sum(t.completed for t in self.tracks)

    @property
    def correct_percent(self) -> float | None:
        return 100.0 * self.correct_answers / self.answers if self.answers else None

    @property
    def sessions_finished(self) -> int:
        return len(self.history)

    @property
    def quizzes_passed(self) -> int:
        """Distinct quizzes of the library passed at least once (self-assessments apart)."""
        return len({p.quiz_id for p in self.history if p.passed and not p.is_self_assessment})

    @property
    def self_assessments_passed(self) -> int:
        return sum(1 for p in self.history if p.passed and p.is_self_assessment)

    def heat_cell(self, dimension_id: str, strength: Strength) -> HeatCell | None:
        row = next((r for r in self.heat if r.dimension_id == dimension_id), None)
        return row.cell(strength) if row is not None else None


def _history(library: Library, sessions: Sequence[QuizSession]) -> tuple[HistoryPoint, ...]:
    points: list[HistoryPoint] = []
    for session in sessions:
        if session.finished_at is None or session.score is None or not session.max_score:
            continue
        quiz = library.quizzes.get(session.quiz_id)
        if session.quiz_id == SELF_ASSESSMENT_ID:
            pass_mark: int | None = DEFAULT_PASS_MARK
        else:
            pass_mark = quiz.pass_mark if quiz is not None else None
        points.append(
            HistoryPoint(
                session_id=session.session_id,
                quiz_id=session.quiz_id,
                title=quiz.title if quiz is not None else "",
                mode=session.mode,
                started_at=session.started_at,
                finished_at=session.finished_at,
                percent=100.0 * session.score / session.max_score,
                passed=bool(session.passed),
                pass_mark=pass_mark,
                questions=len(session.question_ids),
            )
        )
    points.sort(key=lambda p: (p.finished_at, p.session_id))
    return tuple(points)


def _heat(library: Library, mastery: Mapping[str, IndicatorMastery]) -> tuple[HeatRow, ...]:
    rows: list[HeatRow] = []
    for dimension in library.dimensions.values():
        cells: list[HeatCell] = []
        for strength in Strength:
            ids = tuple(
                i.id
                for i in library.indicators.values()
                if i.dimension == dimension.id and i.strength is strength
            )
            states = [mastery.get(i) for i in ids]
            cells.append(
                HeatCell(
                    dimension_id=dimension.id,
                    strength=strength,
                    indicators=ids,
                    mastered=sum(
                        1 for m in states if m is not None and m.state is MasteryState.MASTERED
                    ),
                    learning=sum(
                        1 for m in states if m is not None and m.state is MasteryState.LEARNING
                    ),
                    not_started=sum(
                        1 for m in states if m is None or m.state is MasteryState.NOT_STARTED
                    ),
                    due=sum(1 for m in states if m is not None and m.is_due),
                    weak=tuple(i for i in ids if is_weak(mastery.get(i))),
                )
            )
        rows.append(HeatRow(dimension.id, dimension.name, dimension.group, tuple(cells)))
    return tuple(rows)


def _weak(library: Library, mastery: Mapping[str, IndicatorMastery]) -> tuple[WeakIndicator, ...]:
    learning: list[IndicatorMastery] = []
    reviews: list[IndicatorMastery] = []
    for indicator_id in library.indicators:
        found = mastery.get(indicator_id)
        if found is None:
            continue
        if found.state is MasteryState.LEARNING:
            learning.append(found)
        elif found.state is MasteryState.MASTERED and found.is_due:
            reviews.append(found)
    learning.sort(
        key=lambda m: (
            m.recent_correct / m.recent_total if m.recent_total else 0.0,
            m.last_seen is None,
            m.last_seen,
            m.indicator_id,
        )
    )
    reviews.sort(key=lambda m: (m.next_due is None, m.next_due, m.indicator_id))
    found_rows: list[WeakIndicator] = []
    for entry in learning + reviews:
        indicator = library.indicators[entry.indicator_id]
        dimension = library.dimensions.get(indicator.dimension)
        found_rows.append(
            WeakIndicator(
                indicator_id=indicator.id,
                name=indicator.name,
                dimension=dimension.name if dimension is not None else indicator.dimension,
                strength=indicator.strength,
                state=entry.state,
                recent_correct=entry.recent_correct,
                recent_total=entry.recent_total,
                is_due=entry.is_due,
                next_due=entry.next_due,
            )
        )
    return tuple(found_rows)


def build_dashboard(
    library: Library,
    *,
    overview: Overview,
    sessions: Sequence[QuizSession],
    module_progress: Mapping[str, ModuleProgress],
    now: datetime,
) -> Dashboard:
    """The dashboard of one learner from their stored progress (see the module doc)."""
    status = library_overview(library, module_progress, overview.quiz_best)
    tracks: list[TrackRow] = []
    for group in status.groups:
        if group.track is None:
            continue
        rows = []
        for entry in group.modules:
            best = entry.best
            rows.append(
                ModuleRow(
                    module_id=entry.module.id,
                    title=entry.module.title,
                    status=entry.status,
                    sections_read=entry.sections_read,
                    sections_total=entry.sections_total,
                    best_percent=None if best is None else 100.0 * best.best_ratio,
                    best_passed=best is not None and best.passed,
                )
            )
        tracks.append(TrackRow(group.track.id, group.track.title, tuple(rows)))
    mastery = overview.mastery
    known = [mastery.get(i) for i in library.indicators]
    return Dashboard(
        generated_at=now,
        tracks=tuple(tracks),
        history=_history(library, sessions),
        heat=_heat(library, mastery),
        weak=_weak(library, mastery),
        answers=overview.attempt_count,
        correct_answers=overview.correct_count,
        indicators_total=len(library.indicators),
        indicators_mastered=sum(
            1 for m in known if m is not None and m.state is MasteryState.MASTERED
        ),
        indicators_due=sum(1 for m in known if m is not None and m.is_due),
        mastery=dict(mastery),
    )


def load_dashboard(
    library: Library, store: ProgressStore, profile_id: str, now: datetime | None = None
) -> Dashboard:
    """The dashboard of ``profile_id`` read from ``store`` (raises ``ProgressError``)."""
    moment = now or utc_now()
    return build_dashboard(
        library,
        overview=store.overview(profile_id, moment),
        sessions=store.sessions(profile_id),
        module_progress=store.all_module_progress(profile_id),
        now=moment,
    )
