"""Durable learner progress for the officer trainer (Qt-free).

The entry point is :class:`ProgressStore`; see ``docs/progress.md``.
"""

from .errors import (
    DiskFullError,
    DuplicateAttemptError,
    ExportRejectedError,
    InvalidInputError,
    MigrationError,
    NewerSchemaError,
    ProfileNotFoundError,
    ProgressError,
    ReadOnlyStoreError,
    SessionNotFoundError,
    StorageError,
    StoreClosedError,
    StoreLockedError,
)
from .mastery import mastery_by_indicator
from .models import (
    MODES,
    QUESTION_TYPES,
    Attempt,
    AttemptInput,
    IndicatorMastery,
    MasteryState,
    ModuleProgress,
    Overview,
    Profile,
    QuizBest,
    QuizSession,
    ReadingPosition,
)
from .schema import CURRENT_SCHEMA_VERSION
from .storage import DurableJSONStorage, RecoveryReport
from .store import MergeResult, ProgressStore

__all__ = [
    "CURRENT_SCHEMA_VERSION",
    "MODES",
    "QUESTION_TYPES",
    "Attempt",
    "AttemptInput",
    "DiskFullError",
    "DuplicateAttemptError",
    "DurableJSONStorage",
    "ExportRejectedError",
    "IndicatorMastery",
    "InvalidInputError",
    "MasteryState",
    "MergeResult",
    "MigrationError",
    "ModuleProgress",
    "NewerSchemaError",
    "Overview",
    "Profile",
    "ProfileNotFoundError",
    "ProgressError",
    "ProgressStore",
    "QuizBest",
    "QuizSession",
    "ReadOnlyStoreError",
    "ReadingPosition",
    "RecoveryReport",
    "SessionNotFoundError",
    "StorageError",
    "StoreClosedError",
    "StoreLockedError",
    "mastery_by_indicator",
]
