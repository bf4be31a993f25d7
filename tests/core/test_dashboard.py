"""The dashboard's figures on a known history: module completion, the quiz history, the
dimension × strength heat map and the weak indicators."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.progress.progress_support import answer
from trainer.core.dashboard import Dashboard, heat_band, load_dashboard
from trainer.core.library_status import ModuleStatus
from trainer.core.loader import load_library
from trainer.core.model import Library, Strength
from trainer.core.progress import MasteryState, ProgressStore
from trainer.core.self_assessment import SELF_ASSESSMENT_ID

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library"
QUIZ = "quiz-reading-indicators"
T0 = datetime(2025, 4, 1, 9, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=10)


@pytest.fixture(scope="module")
def fixture() -> Library:
    loaded = load_library(FIXTURE)
    assert not loaded.errors
    return loaded


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(tmp_path / "data")
    yield opened
    opened.close()


def sit(
    store: ProgressStore,
    profile: str,
    quiz_id: str,
    at: datetime,
    score: float,
    of: float,
    passed: bool,
    *,
    mode: str = "practice",
    answers: Sequence[tuple[tuple[str, ...], bool]] = (),
) -> str:
    """A finished session of ``quiz_id`` at ``at`` with the given answers (indicators,
    correct), each a minute apart."""
    session = store.start_session(
        profile, quiz_id, mode, [f"q{n}" for n in range(int(of))], 1, "v1", started_at=at
    )
    for number, (indicators, correct) in enumerate(answers):
        store.record_attempt(
            answer(
                profile,
                session,
                quiz_id=quiz_id,
                question_id=f"q{number}",
                correct=correct,
                indicators=indicators,
                at=at + timedelta(minutes=number + 1),
                mode=mode,
            )
        )
    store.finish_session(session, score, of, passed, finished_at=at + timedelta(minutes=20))
    return session


@pytest.fixture
def known(fixture: Library, store: ProgressStore) -> Dashboard:
    """Officer Ana: finished the first module, half-way through the second; three quiz
    sessions (one a self-assessment) and one left open; document-retention mastered
    long ago and due for review, debt-bondage mastered recently, controlled-by-others
    being learnt, deceived-about-nature-of-work never trained."""
    ana = store.create_profile("Ana").profile_id
    store.mark_module_complete(ana, "reading-indicators", completed_at=T0)
    store.mark_section_read(ana, "second-module", "going-back")
    right = True
    sit(store, ana, QUIZ, T0, 2.0, 5.0, False, answers=[(("document-retention",), right)] * 3)
    sit(
        store,
        ana,
        SELF_ASSESSMENT_ID,
        T0 + timedelta(days=2),
        4.0,
        5.0,
        True,
        mode="exam",
        answers=[(("controlled-by-others",), False), (("controlled-by-others",), True)],
    )
    sit(
        store,
        ana,
        QUIZ,
        NOW - timedelta(hours=3),
        4.5,
        5.0,
        True,
        answers=[(("debt-bondage",), right)] * 3,
    )
    store.start_session(ana, QUIZ, "practice", ["q0"], 1, "v1", started_at=NOW - timedelta(hours=1))
    return load_dashboard(fixture, store, ana, NOW)


def test_module_completion(known: Dashboard) -> None:
    (track,) = known.tracks
    assert (track.track_id, track.completed, track.total) == ("basics", 1, 2)
    first, second = track.modules
    assert (first.module_id, first.status) == ("reading-indicators", ModuleStatus.COMPLETED)
    assert (second.module_id, second.status) == ("second-module", ModuleStatus.IN_PROGRESS)
    assert (second.sections_read, second.sections_total) == (1, 1)
    assert first.best_percent == pytest.approx(90.0) and first.best_passed
    assert second.best_percent is None
    assert (known.modules_completed, known.modules_total) == (1, 2)


def test_quiz_history_in_time_order_without_the_open_session(known: Dashboard) -> None:
    history = known.history
    assert [(p.quiz_id, round(p.percent, 1), p.passed) for p in history] == [
        (QUIZ, 40.0, False),
        (SELF_ASSESSMENT_ID, 80.0, True),
        (QUIZ, 90.0, True),
    ]
    assert [p.finished_at for p in history] == sorted(p.finished_at for p in history)
    assert history[0].title == "Reading indicators in practice" and history[0].pass_mark == 70
    assert history[1].is_self_assessment and history[1].title == "" and history[1].mode == "exam"
    assert history[1].pass_mark == 70 and history[1].questions == 5
    assert known.sessions_finished == 3
    assert known.quizzes_passed == 1
    assert known.self_assessments_passed == 1


def test_answer_totals(known: Dashboard) -> None:
    assert (known.answers, known.correct_answers) == (8, 7)
    assert known.correct_percent == pytest.approx(87.5)


def test_heat_map_of_dimension_by_strength(known: Dashboard) -> None:
    assert [row.dimension_id for row in known.heat] == [
        "deceptive-recruitment",
        "coercion-at-destination",
    ]
    deceptive, coercion = known.heat
    assert [c.strength for c in coercion.cells] == [Strength.STRONG, Strength.MEDIUM, Strength.WEAK]

    strong = coercion.cell(Strength.STRONG)
    assert strong.indicators == ("document-retention", "debt-bondage")
    assert (strong.mastered, strong.learning, strong.not_started, strong.due) == (2, 0, 0, 1)
    assert strong.mastered_percent == 100.0 and strong.band == "high"
    assert strong.weak == ("document-retention",)  # mastered, but due for review
    assert strong.practice_ids == ("document-retention",)

    medium = coercion.cell(Strength.MEDIUM)
    assert (medium.mastered, medium.learning, medium.due) == (0, 1, 1)
    assert medium.band == "low" and medium.weak == ("controlled-by-others",)

    assert coercion.cell(Strength.WEAK).total == 0
    assert coercion.cell(Strength.WEAK).band == "none"
    assert coercion.cell(Strength.WEAK).mastered_percent is None

    new = deceptive.cell(Strength.STRONG)
    assert (new.total, new.not_started, new.band) == (1, 1, "new")
    assert new.practice_ids == ("deceived-about-nature-of-work",)
    assert known.heat_cell("coercion-at-destination", Strength.MEDIUM) == medium
    assert known.heat_cell("no-such-dimension", Strength.STRONG) is None
    assert (known.indicators_total, known.indicators_mastered, known.indicators_due) == (4, 2, 2)


def test_weak_indicators_learning_first_then_due_reviews(known: Dashboard) -> None:
    assert [(w.indicator_id, w.state, w.is_due) for w in known.weak] == [
        ("controlled-by-others", MasteryState.LEARNING, True),
        ("document-retention", MasteryState.MASTERED, True),
    ]
    learning = known.weak[0]
    assert (learning.recent_correct, learning.recent_total) == (1, 2)
    assert learning.recent_percent == 50.0
    assert learning.dimension == "Coercion at destination"


def test_a_cell_whose_indicators_are_all_mastered_practises_all_of_them(
    fixture: Library, store: ProgressStore
) -> None:
    bo = store.create_profile("Bo").profile_id
    trained = [(("document-retention", "debt-bondage"), True)] * 3
    sit(store, bo, QUIZ, NOW - timedelta(hours=2), 3.0, 3.0, True, answers=trained)
    cell = load_dashboard(fixture, store, bo, NOW).heat_cell(
        "coercion-at-destination", Strength.STRONG
    )
    assert cell is not None and cell.weak == ()
    assert cell.practice_ids == ("document-retention", "debt-bondage")


def test_an_empty_history(fixture: Library, store: ProgressStore) -> None:
    new = store.create_profile("New").profile_id
    board = load_dashboard(fixture, store, new, NOW)
    assert board.history == () and board.weak == ()
    assert board.correct_percent is None and board.modules_completed == 0
    assert all(c.band in ("new", "none") for row in board.heat for c in row.cells)


@pytest.mark.parametrize(
    ("percent", "band"),
    [(None, "none"), (0.0, "low"), (49.9, "low"), (50.0, "mid"), (79.9, "mid"), (80.0, "high")],
)
def test_heat_bands(percent: float | None, band: str) -> None:
    assert heat_band(percent) == band
