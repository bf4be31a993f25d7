"""One learner's whole history, as the exports and the reports read it (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.core.progress import Attempt, ModuleProgress, Profile, ProgressStore, QuizSession
from trainer.core.progress.exchange import ExportBundle

__all__ = ["LearnerHistory", "history_from_export", "history_from_store"]


@dataclass(frozen=True)
class LearnerHistory:
    """A learner with their reading progress, quiz sessions and answers.

    Sessions are oldest first and answers in recorded order, as the store gives them.
    """

    profile: Profile
    modules: tuple[ModuleProgress, ...]
    sessions: tuple[QuizSession, ...]
    attempts: tuple[Attempt, ...]

    @property
    def profile_id(self) -> str:
        return self.profile.profile_id


def history_from_store(store: ProgressStore, profile_id: str) -> LearnerHistory:
    """Everything the store holds about one learner."""
    profile = store.get_profile(profile_id)
    return LearnerHistory(
        profile=profile,
        modules=tuple(store.all_module_progress(profile_id).values()),
        sessions=tuple(store.sessions(profile_id)),
        attempts=tuple(store.attempts(profile_id)),
    )


def history_from_export(export: ExportBundle) -> LearnerHistory:
    """The history held by a validated progress export."""
    return LearnerHistory(
        profile=export.profile,
        modules=export.modules,
        sessions=export.sessions,
        attempts=export.attempts,
    )
