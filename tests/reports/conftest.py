"""Fixtures for the reporting tests: content libraries and learners on two computers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from tests.reports.report_support import (
    FIXTURE_LIBRARY,
    SHIPPED_CONTENT,
    T0,
    Clocks,
    Plan,
    act,
    take_quiz,
)
from trainer.core.loader import load_library
from trainer.core.model import Library, QuizMode
from trainer.core.progress import Attempt, ProgressStore, QuizSession
from trainer.core.progress.exchange import export_json_bytes, import_export
from trainer.core.reporting.bundle import write_bundle

QUIZ = "quiz-reading-indicators"


@pytest.fixture(scope="session")
def library() -> Library:
    loaded = load_library(FIXTURE_LIBRARY)
    assert not loaded.errors
    return loaded


@pytest.fixture(scope="session")
def shipped_library() -> Library:
    loaded = load_library(SHIPPED_CONTENT)
    assert not loaded.errors
    return loaded


@dataclass(frozen=True)
class TwoDevices:
    """Ana trains on computer A, moves her progress to B and goes on there; Bo trains on A
    only, Chidi on B only. Each computer exported one bundle with all its learners."""

    library: Library
    dir_a: Path
    dir_b: Path
    bundle_a: Path
    bundle_b: Path
    ana: str
    bo: str
    chidi: str
    #: Every learner's full history, as the computer that holds all of it has it.
    attempts: dict[str, list[Attempt]]
    sessions: dict[str, list[QuizSession]]

    @property
    def names(self) -> dict[str, str]:
        return {self.ana: "Ana Lima", self.bo: "Bo Chen", self.chidi: "Chidi Okafor"}


def make_two_devices(root: Path, library: Library) -> TwoDevices:
    dir_a, dir_b = root / "computer-a", root / "computer-b"
    with ProgressStore.open(dir_a) as store:
        ana = act(
            store,
            library,
            Plan(
                "Ana Lima",
                0.7,
                quizzes=[(QUIZ, 2)],
                read=[("reading-indicators", 2, True), ("second-module", 1, False)],
                seed=11,
            ),
        )
        bo = act(store, library, Plan("Bo Chen", 0.3, quizzes=[(QUIZ, 1)], seed=12))
        # Bo leaves a quiz half done: his answers count, the session stays open.
        rng = random.Random(5)
        take_quiz(
            store,
            library,
            bo,
            QUIZ,
            Clocks(T0 + timedelta(hours=3), rng),
            rng,
            0.5,
            finish=False,
        )
        moved = export_json_bytes(store, ana)
        bundle_a = root / "computer-a.json"
        write_bundle(store, [bo, ana], bundle_a, content=library.info)
        bo_attempts = list(store.attempts(bo))
        bo_sessions = store.sessions(bo)
    with ProgressStore.open(dir_b) as store:
        import_export(store, moved)
        act(
            store,
            library,
            Plan("Ana Lima", 0.9, quizzes=[(QUIZ, 1)], seed=21, start=T0 + timedelta(days=1)),
            profile_id=ana,
        )
        chidi = act(
            store,
            library,
            Plan(
                "Chidi Okafor",
                0.9,
                quizzes=[(QUIZ, 2)],
                read=[("reading-indicators", 3, True)],
                seed=31,
                start=T0 + timedelta(days=2),
                mode=QuizMode.EXAM,
            ),
        )
        bundle_b = root / "computer-b.json"
        write_bundle(store, [ana, chidi], bundle_b, content=library.info)
        attempts = {
            ana: list(store.attempts(ana)),
            chidi: list(store.attempts(chidi)),
            bo: bo_attempts,
        }
        sessions = {ana: store.sessions(ana), chidi: store.sessions(chidi), bo: bo_sessions}
    return TwoDevices(library, dir_a, dir_b, bundle_a, bundle_b, ana, bo, chidi, attempts, sessions)


@pytest.fixture
def two_devices(tmp_path: Path, library: Library) -> TwoDevices:
    return make_two_devices(tmp_path, library)
