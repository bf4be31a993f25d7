"""Merging the bundles of many learners and machines into one history per learner.

A learner is known by their profile id. The same learner can arrive in several
bundles -- exported twice from one machine, or from two machines after a progress
import -- so everything is merged by id: answers by attempt id (an answer counted
once however many bundles hold it), quiz sessions by session id (a finished copy
wins over an unfinished one), reading progress united as the progress import does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from trainer.core.packs.keys import PublicKey
from trainer.core.progress import Attempt, ModuleProgress, Profile, QuizSession
from trainer.core.reporting.bundle import LoadedBundle
from trainer.core.reporting.history import LearnerHistory

__all__ = ["BundleRecord", "Consolidated", "MergedLearner", "merge_bundles"]


@dataclass(frozen=True)
class BundleRecord:
    """One bundle read into the report, with what it added."""

    source: str
    path: Path | None
    bundle_id: str
    device_id: str
    exported_at: datetime
    trainer_version: str
    content_id: str | None
    content_version: str | None
    learners: int
    answers: int
    #: Answers no earlier bundle had.
    new_answers: int
    signer: PublicKey | None
    trusted: bool
    #: True when an earlier bundle had the same bundle id (the same file given twice).
    repeated: bool


@dataclass(frozen=True)
class MergedLearner:
    """A learner's merged history and the machines it came from."""

    history: LearnerHistory
    devices: frozenset[str]
    #: For each answer, the machine of the first bundle that held it.
    attempt_devices: dict[str, str] = field(default_factory=dict)

    @property
    def profile_id(self) -> str:
        return self.history.profile_id

    @property
    def display_name(self) -> str:
        return self.history.profile.display_name


@dataclass(frozen=True)
class Consolidated:
    learners: tuple[MergedLearner, ...]
    bundles: tuple[BundleRecord, ...]
    #: Things a trainer should know: conflicting copies, renamed learners.
    notes: tuple[str, ...]


@dataclass
class _Learner:
    profile: Profile
    name_exported_at: datetime
    names: dict[str, None]
    devices: set[str]
    modules: dict[str, ModuleProgress]
    sessions: dict[str, QuizSession]
    attempts: dict[str, Attempt]
    attempt_devices: dict[str, str]


def _merge_module(old: ModuleProgress, new: ModuleProgress) -> ModuleProgress:
    """Sections read united, the earliest completion, the most recent reading position."""
    times = [t for t in (old.completed_at, new.completed_at) if t is not None]
    updates = [t for t in (old.updated_at, new.updated_at) if t is not None]
    if new.updated_at is not None and (old.updated_at is None or new.updated_at > old.updated_at):
        newer, older = new, old
    else:
        newer, older = old, new
    return replace(
        old,
        sections_read=old.sections_read | new.sections_read,
        position=newer.position if newer.position is not None else older.position,
        completed=old.completed or new.completed,
        completed_at=min(times) if times else None,
        updated_at=max(updates) if updates else None,
    )


def _describe(learner: _Learner) -> str:
    return f"learner {learner.profile.display_name!r} ({learner.profile.profile_id})"


def merge_bundles(bundles: Sequence[LoadedBundle]) -> Consolidated:
    """Merge checked bundles (in the order given) into one history per learner."""
    learners: dict[str, _Learner] = {}
    records: list[BundleRecord] = []
    notes: list[str] = []
    seen_bundles: set[str] = set()
    for bundle in bundles:
        new_answers = 0
        for history in bundle.learners:
            pid = history.profile_id
            learner = learners.get(pid)
            if learner is None:
                learner = _Learner(
                    profile=history.profile,
                    name_exported_at=bundle.exported_at,
                    names={},
                    devices=set(),
                    modules={},
                    sessions={},
                    attempts={},
                    attempt_devices={},
                )
                learners[pid] = learner
            learner.names[history.profile.display_name] = None
            learner.devices.add(bundle.device_id)
            if bundle.exported_at > learner.name_exported_at:
                learner.profile = history.profile
                learner.name_exported_at = bundle.exported_at
            for module in history.modules:
                known = learner.modules.get(module.module_id)
                learner.modules[module.module_id] = (
                    module if known is None else _merge_module(known, module)
                )
            for session in history.sessions:
                known_session = learner.sessions.get(session.session_id)
                if known_session is None or (not known_session.finished and session.finished):
                    learner.sessions[session.session_id] = session
                elif session.finished and known_session != session:
                    notes.append(
                        f"Quiz session {session.session_id} of {_describe(learner)} differs "
                        f"between bundles; the copy from the first bundle is used "
                        f"({bundle.source} has another)."
                    )
            for attempt in history.attempts:
                known_attempt = learner.attempts.get(attempt.attempt_id)
                if known_attempt is None:
                    learner.attempts[attempt.attempt_id] = attempt
                    learner.attempt_devices[attempt.attempt_id] = bundle.device_id
                    new_answers += 1
                elif known_attempt != attempt:
                    notes.append(
                        f"Answer {attempt.attempt_id} of {_describe(learner)} differs between "
                        f"bundles; the copy from the first bundle is used ({bundle.source} "
                        "has another)."
                    )
        records.append(
            BundleRecord(
                source=bundle.source,
                path=bundle.path,
                bundle_id=bundle.bundle_id,
                device_id=bundle.device_id,
                exported_at=bundle.exported_at,
                trainer_version=bundle.trainer_version,
                content_id=bundle.content_id,
                content_version=bundle.content_version,
                learners=len(bundle.learners),
                answers=bundle.answer_count,
                new_answers=new_answers,
                signer=bundle.signer,
                trusted=bundle.trusted,
                repeated=bundle.bundle_id in seen_bundles,
            )
        )
        seen_bundles.add(bundle.bundle_id)
    merged: list[MergedLearner] = []
    for learner in learners.values():
        if len(learner.names) > 1:
            others = ", ".join(repr(n) for n in learner.names if n != learner.profile.display_name)
            notes.append(
                f"Learner {learner.profile.profile_id} is named {learner.profile.display_name!r} "
                f"in the newest bundle and {others} in older ones; the newest name is shown."
            )
        sessions = sorted(learner.sessions.values(), key=lambda s: (s.started_at, s.session_id))
        attempts = sorted(learner.attempts.values(), key=lambda a: (a.answered_at, a.attempt_id))
        history = LearnerHistory(
            profile=learner.profile,
            modules=tuple(learner.modules[m] for m in sorted(learner.modules)),
            sessions=tuple(sessions),
            attempts=tuple(attempts),
        )
        merged.append(
            MergedLearner(history, frozenset(learner.devices), dict(learner.attempt_devices))
        )
    merged.sort(key=lambda m: (m.display_name.casefold(), m.profile_id))
    return Consolidated(tuple(merged), tuple(records), tuple(notes))
