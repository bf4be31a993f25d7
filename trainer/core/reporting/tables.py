"""The consolidated report: tables per learner, module, quiz and indicator dimension.

:func:`build_report` turns merged histories (:mod:`.merge`) and the content library
into rows; :func:`write_csv_files` writes one CSV file per table. The PDF summary
(``trainer.reports``) draws from the same :class:`Report`.

Percentages are 0-100 and empty when there is nothing to divide by. An answer counts
for a dimension when at least one indicator it trains belongs to that dimension (once,
however many of them do). Indicators missing from the content library are put under
the dimension id ``unknown``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from trainer.core.csv_cells import text_cell
from trainer.core.model import Library
from trainer.core.progress import Attempt, IndicatorMastery, MasteryState, mastery_by_indicator
from trainer.core.progress.models import to_iso, utc_now
from trainer.core.reporting.merge import BundleRecord, Consolidated, MergedLearner

__all__ = [
    "CSV_FILES",
    "UNKNOWN_DIMENSION",
    "AnswerRow",
    "BundleRow",
    "DimensionRow",
    "LearnerDimensionRow",
    "LearnerModuleRow",
    "LearnerQuizRow",
    "LearnerRow",
    "ModuleRow",
    "QuizRow",
    "Report",
    "build_report",
    "csv_text",
    "write_csv_files",
]

UNKNOWN_DIMENSION = "unknown"
_UNKNOWN_DIMENSION_NAME = "Indicators not in the content library"


def _percent(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole else None


# ------------------------------------------------------------------ rows


@dataclass(frozen=True)
class LearnerRow:
    profile_id: str
    learner: str
    devices: int
    answers: int
    correct: int
    correct_percent: float | None
    sessions_finished: int
    quizzes_passed: int
    modules_completed: int
    indicators_mastered: int
    first_activity: datetime | None
    last_activity: datetime | None


@dataclass(frozen=True)
class LearnerModuleRow:
    profile_id: str
    learner: str
    module_id: str
    module: str
    sections_read: int
    sections_total: int | None
    read_percent: float | None
    completed: bool
    completed_at: datetime | None


@dataclass(frozen=True)
class ModuleRow:
    module_id: str
    module: str
    track: str
    sections: int | None
    learners_started: int
    learners_completed: int
    completed_percent: float | None


@dataclass(frozen=True)
class LearnerQuizRow:
    profile_id: str
    learner: str
    quiz_id: str
    quiz: str
    sessions_started: int
    sessions_finished: int
    sessions_passed: int
    best_percent: float | None
    last_percent: float | None
    passed: bool
    last_finished_at: datetime | None
    answers: int
    correct: int
    correct_percent: float | None


@dataclass(frozen=True)
class QuizRow:
    quiz_id: str
    quiz: str
    module_id: str
    pass_mark: int | None
    learners_attempted: int
    learners_passed: int
    sessions_finished: int
    sessions_passed: int
    average_best_percent: float | None
    answers: int
    correct: int
    correct_percent: float | None


@dataclass(frozen=True)
class LearnerDimensionRow:
    profile_id: str
    learner: str
    dimension_id: str
    dimension: str
    answers: int
    correct: int
    correct_percent: float | None
    indicators_seen: int
    indicators_mastered: int


@dataclass(frozen=True)
class DimensionRow:
    dimension_id: str
    dimension: str
    group: str
    indicators: int
    learners: int
    answers: int
    correct: int
    correct_percent: float | None
    #: (learner, indicator) pairs whose indicator the learner has mastered.
    mastered: int


@dataclass(frozen=True)
class AnswerRow:
    attempt_id: str
    profile_id: str
    learner: str
    device_id: str
    session_id: str
    quiz_id: str
    quiz: str
    question_id: str
    question_type: str
    mode: str
    correct: bool
    score: float
    indicators: tuple[str, ...]
    dimensions: tuple[str, ...]
    answered_at: datetime
    duration_ms: int
    content_version: str


@dataclass(frozen=True)
class BundleRow:
    file: str
    bundle_id: str
    device_id: str
    exported_at: datetime
    trainer_version: str
    content: str
    learners: int
    answers: int
    new_answers: int
    signed_by: str
    trusted_key: bool
    repeated: bool


@dataclass(frozen=True)
class Report:
    title: str
    generated_at: datetime
    content_title: str | None
    content_version: str | None
    learners: tuple[LearnerRow, ...]
    learner_modules: tuple[LearnerModuleRow, ...]
    modules: tuple[ModuleRow, ...]
    learner_quizzes: tuple[LearnerQuizRow, ...]
    quizzes: tuple[QuizRow, ...]
    learner_dimensions: tuple[LearnerDimensionRow, ...]
    dimensions: tuple[DimensionRow, ...]
    answers: tuple[AnswerRow, ...]
    bundles: tuple[BundleRow, ...]
    notes: tuple[str, ...]

    @property
    def device_count(self) -> int:
        return len({b.device_id for b in self.bundles})

    @property
    def answer_count(self) -> int:
        return len(self.answers)

    @property
    def correct_percent(self) -> float | None:
        return _percent(sum(1 for a in self.answers if a.correct), len(self.answers))


#: The CSV files of a report: file name -> the report's table attribute.
CSV_FILES: Mapping[str, str] = {
    "learners.csv": "learners",
    "learner_modules.csv": "learner_modules",
    "modules.csv": "modules",
    "learner_quizzes.csv": "learner_quizzes",
    "quizzes.csv": "quizzes",
    "learner_dimensions.csv": "learner_dimensions",
    "dimensions.csv": "dimensions",
    "answers.csv": "answers",
    "bundles.csv": "bundles",
}


# ------------------------------------------------------------------ building


class _Names:
    """Content names and order from the library; ids for what it does not have."""

    def __init__(self, library: Library | None) -> None:
        self.library = library

    def module_title(self, module_id: str) -> str:
        module = self.library.modules.get(module_id) if self.library else None
        return module.title if module else module_id

    def quiz_title(self, quiz_id: str) -> str:
        quiz = self.library.quizzes.get(quiz_id) if self.library else None
        return quiz.title if quiz else quiz_id

    def dimension_of(self, indicator_id: str) -> str:
        indicator = self.library.indicators.get(indicator_id) if self.library else None
        return indicator.dimension if indicator else UNKNOWN_DIMENSION

    def dimensions_of(self, attempt: Attempt) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.dimension_of(i) for i in attempt.indicators))

    def module_ids(self, extra: Iterable[str]) -> list[str]:
        ordered: list[str] = []
        if self.library is not None:
            track_rank = {t.id: n for n, t in enumerate(self.library.tracks)}
            ordered = [
                m.id
                for m in sorted(
                    self.library.modules.values(),
                    key=lambda m: (track_rank.get(m.track, len(track_rank)), m.order, m.title),
                )
            ]
        return ordered + sorted(set(extra) - set(ordered))

    def quiz_ids(self, extra: Iterable[str]) -> list[str]:
        ordered: list[str] = []
        if self.library is not None:
            module_rank = {m: n for n, m in enumerate(self.module_ids(()))}
            ordered = [
                q.id
                for q in sorted(
                    self.library.quizzes.values(),
                    key=lambda q: (
                        module_rank.get(q.module or "", len(module_rank)),
                        q.title.casefold(),
                    ),
                )
            ]
        return ordered + sorted(set(extra) - set(ordered))

    def dimension_ids(self, extra: Iterable[str]) -> list[str]:
        ordered = list(self.library.dimensions) if self.library is not None else []
        rest = sorted(set(extra) - set(ordered) - {UNKNOWN_DIMENSION})
        unknown = [UNKNOWN_DIMENSION] if UNKNOWN_DIMENSION in set(extra) else []
        return ordered + rest + unknown

    def dimension_name(self, dimension_id: str) -> tuple[str, str]:
        if dimension_id == UNKNOWN_DIMENSION:
            return _UNKNOWN_DIMENSION_NAME, ""
        found = self.library.dimensions.get(dimension_id) if self.library else None
        return (found.name, found.group) if found else (dimension_id, "")

    def indicators_in(self, dimension_id: str) -> int:
        if self.library is None:
            return 0
        return sum(1 for i in self.library.indicators.values() if i.dimension == dimension_id)

    def sections(self, module_id: str) -> frozenset[str] | None:
        module = self.library.modules.get(module_id) if self.library else None
        return frozenset(s.id for s in module.sections) if module else None


def _learner_times(learner: MergedLearner) -> tuple[datetime | None, datetime | None]:
    history = learner.history
    moments: list[datetime] = [a.answered_at for a in history.attempts]
    for session in history.sessions:
        moments.append(session.started_at)
        if session.finished_at is not None:
            moments.append(session.finished_at)
    for module in history.modules:
        moments.extend(t for t in (module.completed_at, module.updated_at) if t is not None)
    return (min(moments), max(moments)) if moments else (None, None)


def _session_percent(score: float | None, max_score: float | None) -> float | None:
    if score is None or not max_score:
        return None
    return 100.0 * score / max_score


def _learner_rows(
    learners: Sequence[MergedLearner], mastery: Mapping[str, Mapping[str, IndicatorMastery]]
) -> list[LearnerRow]:
    learner_rows: list[LearnerRow] = []
    for merged in learners:
        history = merged.history
        correct = sum(1 for a in history.attempts if a.correct)
        first, last = _learner_times(merged)
        learner_rows.append(
            LearnerRow(
                profile_id=merged.profile_id,
                learner=merged.display_name,
                devices=len(merged.devices),
                answers=len(history.attempts),
                correct=correct,
                correct_percent=_percent(correct, len(history.attempts)),
                sessions_finished=sum(1 for s in history.sessions if s.finished),
                quizzes_passed=len({s.quiz_id for s in history.sessions if s.passed}),
                modules_completed=sum(1 for m in history.modules if m.completed),
                indicators_mastered=sum(
                    1
                    for state in mastery[merged.profile_id].values()
                    if state.state is MasteryState.MASTERED
                ),
                first_activity=first,
                last_activity=last,
            )
        )
    return learner_rows


def _module_rows(
    learners: Sequence[MergedLearner], names: _Names
) -> tuple[list[LearnerModuleRow], list[ModuleRow]]:
    module_ids = names.module_ids(m.module_id for x in learners for m in x.history.modules)
    learner_module_rows: list[LearnerModuleRow] = []
    module_rows: list[ModuleRow] = []
    for module_id in module_ids:
        sections = names.sections(module_id)
        started = completed = 0
        for merged in learners:
            progress = next((m for m in merged.history.modules if m.module_id == module_id), None)
            read = frozenset() if progress is None else progress.sections_read
            if sections is not None:
                read = read & sections
            done = progress is not None and progress.completed
            started += bool(read) or done
            completed += done
            learner_module_rows.append(
                LearnerModuleRow(
                    profile_id=merged.profile_id,
                    learner=merged.display_name,
                    module_id=module_id,
                    module=names.module_title(module_id),
                    sections_read=len(read),
                    sections_total=None if sections is None else len(sections),
                    read_percent=None if sections is None else _percent(len(read), len(sections)),
                    completed=done,
                    completed_at=progress.completed_at if progress is not None else None,
                )
            )
        module = names.library.modules.get(module_id) if names.library else None
        module_rows.append(
            ModuleRow(
                module_id=module_id,
                module=names.module_title(module_id),
                track=module.track if module else "",
                sections=None if sections is None else len(sections),
                learners_started=started,
                learners_completed=completed,
                completed_percent=_percent(completed, len(learners)),
            )
        )
    return learner_module_rows, module_rows


def _quiz_rows(
    learners: Sequence[MergedLearner], names: _Names
) -> tuple[list[LearnerQuizRow], list[QuizRow]]:
    used_quizzes = {s.quiz_id for x in learners for s in x.history.sessions} | {
        a.quiz_id for x in learners for a in x.history.attempts
    }
    learner_quiz_rows: list[LearnerQuizRow] = []
    quiz_rows: list[QuizRow] = []
    for quiz_id in names.quiz_ids(used_quizzes):
        attempted = passed_learners = finished_total = passed_total = 0
        answers_total = correct_total = 0
        bests: list[float] = []
        for merged in learners:
            sessions = [s for s in merged.history.sessions if s.quiz_id == quiz_id]
            answers = [a for a in merged.history.attempts if a.quiz_id == quiz_id]
            if not sessions and not answers:
                continue
            finished = [s for s in sessions if s.finished]
            percents = [
                p for s in finished if (p := _session_percent(s.score, s.max_score)) is not None
            ]
            latest = max(finished, key=lambda s: s.finished_at or s.started_at, default=None)
            correct = sum(1 for a in answers if a.correct)
            passed_count = sum(1 for s in finished if s.passed)
            learner_quiz_rows.append(
                LearnerQuizRow(
                    profile_id=merged.profile_id,
                    learner=merged.display_name,
                    quiz_id=quiz_id,
                    quiz=names.quiz_title(quiz_id),
                    sessions_started=len(sessions),
                    sessions_finished=len(finished),
                    sessions_passed=passed_count,
                    best_percent=max(percents) if percents else None,
                    last_percent=None
                    if latest is None
                    else _session_percent(latest.score, latest.max_score),
                    passed=passed_count > 0,
                    last_finished_at=None if latest is None else latest.finished_at,
                    answers=len(answers),
                    correct=correct,
                    correct_percent=_percent(correct, len(answers)),
                )
            )
            attempted += 1
            passed_learners += passed_count > 0
            finished_total += len(finished)
            passed_total += passed_count
            answers_total += len(answers)
            correct_total += correct
            if percents:
                bests.append(max(percents))
        quiz = names.library.quizzes.get(quiz_id) if names.library else None
        quiz_rows.append(
            QuizRow(
                quiz_id=quiz_id,
                quiz=names.quiz_title(quiz_id),
                module_id=(quiz.module or "") if quiz else "",
                pass_mark=quiz.pass_mark if quiz else None,
                learners_attempted=attempted,
                learners_passed=passed_learners,
                sessions_finished=finished_total,
                sessions_passed=passed_total,
                average_best_percent=sum(bests) / len(bests) if bests else None,
                answers=answers_total,
                correct=correct_total,
                correct_percent=_percent(correct_total, answers_total),
            )
        )
    return learner_quiz_rows, quiz_rows


def _dimension_rows(
    learners: Sequence[MergedLearner],
    names: _Names,
    mastery: Mapping[str, Mapping[str, IndicatorMastery]],
) -> tuple[list[LearnerDimensionRow], list[DimensionRow]]:
    used_dimensions = {
        d for x in learners for a in x.history.attempts for d in names.dimensions_of(a)
    }
    learner_dimension_rows: list[LearnerDimensionRow] = []
    dimension_rows: list[DimensionRow] = []
    per_learner: dict[str, dict[str, list[Attempt]]] = {}
    for merged in learners:
        grouped: dict[str, list[Attempt]] = defaultdict(list)
        for attempt in merged.history.attempts:
            for dimension_id in names.dimensions_of(attempt):
                grouped[dimension_id].append(attempt)
        per_learner[merged.profile_id] = grouped
    for dimension_id in names.dimension_ids(used_dimensions):
        name, group = names.dimension_name(dimension_id)
        answers_total = correct_total = learners_with = mastered_total = 0
        for merged in learners:
            answers = per_learner[merged.profile_id].get(dimension_id, [])
            if not answers:
                continue
            seen = {
                i for a in answers for i in a.indicators if names.dimension_of(i) == dimension_id
            }
            states = mastery[merged.profile_id]
            mastered = sum(
                1 for i in seen if i in states and states[i].state is MasteryState.MASTERED
            )
            correct = sum(1 for a in answers if a.correct)
            learner_dimension_rows.append(
                LearnerDimensionRow(
                    profile_id=merged.profile_id,
                    learner=merged.display_name,
                    dimension_id=dimension_id,
                    dimension=name,
                    answers=len(answers),
                    correct=correct,
                    correct_percent=_percent(correct, len(answers)),
                    indicators_seen=len(seen),
                    indicators_mastered=mastered,
                )
            )
            learners_with += 1
            answers_total += len(answers)
            correct_total += correct
            mastered_total += mastered
        dimension_rows.append(
            DimensionRow(
                dimension_id=dimension_id,
                dimension=name,
                group=group,
                indicators=names.indicators_in(dimension_id),
                learners=learners_with,
                answers=answers_total,
                correct=correct_total,
                correct_percent=_percent(correct_total, answers_total),
                mastered=mastered_total,
            )
        )
    return learner_dimension_rows, dimension_rows


def _answer_rows(learners: Sequence[MergedLearner], names: _Names) -> list[AnswerRow]:
    return [
        AnswerRow(
            attempt_id=a.attempt_id,
            profile_id=merged.profile_id,
            learner=merged.display_name,
            device_id=merged.attempt_devices.get(a.attempt_id, ""),
            session_id=a.session_id,
            quiz_id=a.quiz_id,
            quiz=names.quiz_title(a.quiz_id),
            question_id=a.question_id,
            question_type=a.question_type,
            mode=a.mode,
            correct=a.correct,
            score=a.score,
            indicators=a.indicators,
            dimensions=names.dimensions_of(a),
            answered_at=a.answered_at,
            duration_ms=a.duration_ms,
            content_version=a.content_version,
        )
        for merged in learners
        for a in merged.history.attempts
    ]


def build_report(
    consolidated: Consolidated,
    library: Library | None,
    *,
    title: str | None = None,
    generated_at: datetime | None = None,
) -> Report:
    """Every table of the consolidated report (``library`` names the content)."""
    now = generated_at or utc_now()
    names = _Names(library)
    learners = consolidated.learners
    mastery = {m.profile_id: mastery_by_indicator(m.history.attempts, now) for m in learners}
    learner_modules, modules = _module_rows(learners, names)
    learner_quizzes, quizzes = _quiz_rows(learners, names)
    learner_dimensions, dimensions = _dimension_rows(learners, names, mastery)
    info = library.info if library is not None else None
    return Report(
        title=title or "Consolidated training report",
        generated_at=now,
        content_title=info.title if info else None,
        content_version=info.version if info else None,
        learners=tuple(_learner_rows(learners, mastery)),
        learner_modules=tuple(learner_modules),
        modules=tuple(modules),
        learner_quizzes=tuple(learner_quizzes),
        quizzes=tuple(quizzes),
        learner_dimensions=tuple(learner_dimensions),
        dimensions=tuple(dimensions),
        answers=tuple(_answer_rows(learners, names)),
        bundles=tuple(_bundle_row(b) for b in consolidated.bundles),
        notes=consolidated.notes,
    )


def _bundle_row(record: BundleRecord) -> BundleRow:
    content = ""
    if record.content_id is not None:
        content = f"{record.content_id} {record.content_version or ''}".strip()
    return BundleRow(
        file=record.path.name if record.path is not None else record.source,
        bundle_id=record.bundle_id,
        device_id=record.device_id,
        exported_at=record.exported_at,
        trainer_version=record.trainer_version,
        content=content,
        learners=record.learners,
        answers=record.answers,
        new_answers=record.new_answers,
        signed_by=record.signer.fingerprint if record.signer is not None else "",
        trusted_key=record.trusted,
        repeated=record.repeated,
    )


# ------------------------------------------------------------------ CSV


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{round(value, 4):g}"
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, tuple):
        return text_cell("|".join(str(v) for v in value))
    if isinstance(value, int):
        return str(value)
    return text_cell(str(value))


def csv_text(rows: Sequence[Any], row_type: type[Any]) -> str:
    """A table as CSV text with a header row (the row type's field names)."""
    columns = [f.name for f in dataclasses.fields(row_type)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(getattr(row, c)) for c in columns])
    return buffer.getvalue()


_ROW_TYPES: Mapping[str, type[Any]] = {
    "learners": LearnerRow,
    "learner_modules": LearnerModuleRow,
    "modules": ModuleRow,
    "learner_quizzes": LearnerQuizRow,
    "quizzes": QuizRow,
    "learner_dimensions": LearnerDimensionRow,
    "dimensions": DimensionRow,
    "answers": AnswerRow,
    "bundles": BundleRow,
}


def write_csv_files(report: Report, folder: Path) -> list[Path]:
    """Write every table of ``report`` into ``folder`` (UTF-8 with a byte order mark, so
    spreadsheet programs read accents right); returns the files written."""
    written: list[Path] = []
    for file_name, attribute in CSV_FILES.items():
        rows = getattr(report, attribute)
        path = folder / file_name
        text = csv_text(rows, _ROW_TYPES[attribute])
        path.write_bytes(text.encode("utf-8-sig"))
        written.append(path)
    return written
