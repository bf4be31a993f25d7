"""The self-assessment draw: stratified across dimensions, weighted toward weak and due
indicators (checked over many seeds), never repeating a question, reproducible from its
seed, and restricted by its scope; and a sitting through QuizRun that the progress store
records and mastery counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.core.assessment_support import (
    NOW,
    indicator,
    library,
    mastery_map,
    module,
    quiz,
    unbalanced_bank,
)
from trainer.core.engine import draw_paper
from trainer.core.loader import load_library
from trainer.core.model import Library, QuizMode, Strength, Track
from trainer.core.progress import IndicatorMastery, MasteryState, ProgressStore
from trainer.core.quiz_run import CommitStatus, QuizRun, right_answer
from trainer.core.self_assessment import (
    SELF_ASSESSMENT_ID,
    AssessmentSpec,
    Scope,
    SelfAssessment,
    draw_self_assessment,
    indicator_need,
    scope_questions,
    scope_summary,
    source_question,
    split_question_id,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library"
LEARNING = (MasteryState.LEARNING, True)
MASTERED = (MasteryState.MASTERED, False)
MASTERED_DUE = (MasteryState.MASTERED, True)


def draw(
    lib: Library,
    seed: int,
    count: int = 12,
    scope: Scope | None = None,
    mastery: Mapping[str, IndicatorMastery] | None = None,
) -> SelfAssessment:
    spec = AssessmentSpec(scope=scope or Scope.everything(), count=count)
    return draw_self_assessment(lib, spec, mastery or {}, seed=seed, title="Test")


def dimension_counts(lib: Library, drawn: SelfAssessment) -> Counter[str]:
    counts: Counter[str] = Counter()
    for pick in drawn.picks:
        question = lib.quizzes[pick.quiz_id].question(pick.question_id)
        assert question is not None
        (only,) = {lib.indicators[i].dimension for i in question.all_indicators}
        counts[only] += 1
    return counts


# ---------------------------------------------------------------- stratification


def test_every_dimension_gets_an_equal_share_however_unbalanced_the_bank() -> None:
    bank = unbalanced_bank()  # 40, 10, 5 and 5 questions
    for seed in range(200):
        assert dimension_counts(bank, draw(bank, seed, count=12)) == {
            "alpha": 3,
            "bravo": 3,
            "charlie": 3,
            "delta": 3,
        }


def test_uneven_counts_differ_by_at_most_one_per_dimension() -> None:
    bank = unbalanced_bank()
    for seed in range(100):
        counts = dimension_counts(bank, draw(bank, seed, count=10))
        assert sorted(counts.values()) == [2, 2, 3, 3]


def test_a_dimension_that_runs_out_leaves_its_places_to_the_others() -> None:
    bank = unbalanced_bank()
    for seed in range(30):
        counts = dimension_counts(bank, draw(bank, seed, count=30))
        assert counts == {"alpha": 10, "bravo": 10, "charlie": 5, "delta": 5}


def test_extra_places_go_to_the_neediest_dimensions() -> None:
    bank = unbalanced_bank()
    # Everything in alpha and bravo mastered; charlie and delta still being learnt.
    states = {f"{d}-{n}": MASTERED for d in ("alpha", "bravo") for n in (1, 2)}
    states |= {f"{d}-{n}": LEARNING for d in ("charlie", "delta") for n in (1, 2)}
    for seed in range(50):
        counts = dimension_counts(bank, draw(bank, seed, count=6, mastery=mastery_map(states)))
        assert counts == {"alpha": 1, "bravo": 1, "charlie": 2, "delta": 2}


# ---------------------------------------------------------------- weighting


def test_need_follows_the_documented_weights() -> None:
    needs = {
        name: indicator_need(mastery_map({"x": value})["x"])
        for name, value in {
            "learning": LEARNING,
            "mastered-due": MASTERED_DUE,
            "mastered": MASTERED,
        }.items()
    }
    needs["not-started"] = indicator_need(None)
    assert needs == {"learning": 6.0, "not-started": 4.0, "mastered-due": 3.0, "mastered": 1.0}


def test_weak_and_due_indicators_are_drawn_in_proportion_to_their_need() -> None:
    """One dimension, four indicators with ten questions each: over 4000 seeds the first
    question drawn trains a learning, not-started, due or mastered indicator in the
    ratio 6 : 4 : 3 : 1."""
    indicators = [indicator(name, "only") for name in ("learn", "new", "due", "known")]
    bank = library(
        indicators,
        [quiz("quiz-one", [[(f"{i.id}-{k}", [i.id]) for k in range(10)] for i in indicators])],
    )
    states = mastery_map({"learn": LEARNING, "due": MASTERED_DUE, "known": MASTERED})
    seen: Counter[str] = Counter()
    runs = 4000
    for seed in range(runs):
        drawn = draw(bank, seed, count=1, mastery=states)
        seen[drawn.picks[0].question_id.rsplit("-", 1)[0]] += 1
    expected = {"learn": 6 / 14, "new": 4 / 14, "due": 3 / 14, "known": 1 / 14}
    for name, share in expected.items():
        assert seen[name] / runs == pytest.approx(share, abs=0.03), (name, seen)
    assert seen["learn"] > seen["new"] > seen["due"] > seen["known"]


def test_a_larger_set_still_leans_toward_what_is_not_mastered() -> None:
    bank = unbalanced_bank()
    states = mastery_map({"alpha-1": MASTERED, "alpha-2": LEARNING})
    weak = strong = 0
    for seed in range(300):
        for pick in draw(bank, seed, count=12, mastery=states).picks:
            if pick.quiz_id == "quiz-alpha":
                question = bank.quizzes[pick.quiz_id].question(pick.question_id)
                assert question is not None
                if question.indicators == ("alpha-2",):
                    weak += 1
                else:
                    strong += 1
    # 20 questions of each; weights 6 and 1.
    assert weak > 3 * strong


# ---------------------------------------------------------------- repeats and seeds


def test_a_set_never_repeats_a_question_and_reports_a_shortfall() -> None:
    bank = unbalanced_bank()
    for seed in range(50):
        drawn = draw(bank, seed, count=25)
        ids = [p.qualified_id for p in drawn.picks]
        assert len(ids) == len(set(ids)) == 25
    everything = draw(bank, 1, count=500)
    assert everything.count == everything.available == 60
    assert everything.shortfall == 440
    assert len({q.id for q in everything.quiz.questions}) == 60


def test_the_same_seed_gives_the_same_set_and_other_seeds_differ() -> None:
    bank = unbalanced_bank()
    states = mastery_map({"alpha-1": LEARNING, "delta-2": MASTERED_DUE})
    first = draw(bank, 42, count=12, mastery=states)
    again = draw(bank, 42, count=12, mastery=states)
    assert first.picks == again.picks
    assert first.quiz == again.quiz
    assert draw_paper(first.quiz, seed=7) == draw_paper(again.quiz, seed=7)
    others = {tuple(p.qualified_id for p in draw(bank, s, count=12).picks) for s in range(20)}
    assert len(others) == 20


def test_questions_with_the_same_id_in_two_quizzes_are_told_apart() -> None:
    shared = [indicator("a", "one"), indicator("b", "two")]
    bank = library(
        shared,
        [quiz("quiz-x", [[("same", ["a"])]]), quiz("quiz-y", [[("same", ["b"])]])],
    )
    drawn = draw(bank, 3, count=2)
    assert sorted(q.id for q in drawn.quiz.questions) == ["quiz-x/same", "quiz-y/same"]
    assert split_question_id("quiz-x/same") == ("quiz-x", "same")
    assert split_question_id("same") is None
    found = source_question(bank, "quiz-y/same")
    assert found is not None and found[1].indicators == ("b",)


# ---------------------------------------------------------------- the synthetic quiz


def test_the_set_is_a_quiz_that_keeps_scenarios_together_in_file_order() -> None:
    bank = unbalanced_bank()
    spec = AssessmentSpec(count=20, mode=QuizMode.EXAM, time_limit_minutes=25, pass_mark=80)
    drawn = draw_self_assessment(bank, spec, {}, seed=9, title="My check")
    made = drawn.quiz
    assert (made.id, made.title, made.mode, made.pass_mark) == (
        SELF_ASSESSMENT_ID,
        "My check",
        QuizMode.EXAM,
        80,
    )
    assert made.time_limit_minutes == 25 and made.module is None and made.draw is None
    assert [p.qualified_id for p in drawn.picks] == [q.id for q in made.questions]
    seen_scenarios: list[tuple[str, str]] = []
    for index, scenario in enumerate(made.scenarios):
        quiz_id, _ = split_question_id(scenario.questions[0].id) or ("", "")
        source = bank.quizzes[quiz_id]
        original = next(s for s in source.scenarios if s.narrative == scenario.narrative)
        assert (quiz_id, scenario.narrative) not in seen_scenarios  # one block per scenario
        seen_scenarios.append((quiz_id, scenario.narrative))
        order = [q.id for q in original.questions]
        own = [split_question_id(q.id)[1] for q in scenario.questions]  # type: ignore[index]
        assert own == sorted(own, key=order.index)
        assert all(q.scenario_index == index for q in scenario.questions)
        assert made.scenario_of(scenario.questions[0]) is scenario


def test_answers_keep_their_order_when_a_source_quiz_does_not_shuffle() -> None:
    items = [indicator("a", "one")]
    fixed = library(items, [quiz("quiz-fixed", [[("q1", ["a"]), ("q2", ["a"])]], shuffle=False)])
    assert draw(fixed, 1, count=2).quiz.shuffle is False
    mixed = library(items, [quiz("quiz-mixed", [[("q1", ["a"])]])])
    assert draw(mixed, 1, count=1).quiz.shuffle is True


def test_the_content_version_fingerprints_the_sources() -> None:
    bank = unbalanced_bank()
    first = draw(bank, 5).quiz.content_version
    assert first == draw(bank, 5).quiz.content_version
    assert first != draw(bank, 6).quiz.content_version


@pytest.mark.parametrize(
    "spec",
    [
        AssessmentSpec(count=0),
        AssessmentSpec(pass_mark=101),
        AssessmentSpec(mode=QuizMode.EXAM, time_limit_minutes=0),
    ],
)
def test_impossible_settings_are_refused(spec: AssessmentSpec) -> None:
    with pytest.raises(ValueError):
        draw_self_assessment(unbalanced_bank(), spec, {}, seed=1, title="x")


# ---------------------------------------------------------------- scopes


@pytest.fixture
def scoped_bank() -> Library:
    """Two tracks; module m1 (track t1) teaches a1, m2 (t1) teaches b1, m3 (t2) c1; a quiz
    per module and one spanning quiz with no module."""
    indicators = [
        indicator("a1", "dim-a"),
        indicator("a2", "dim-a", Strength.WEAK),
        indicator("b1", "dim-b"),
        indicator("c1", "dim-c"),
    ]
    modules = [
        module("m1", "t1", ["a1"]),
        module("m2", "t1", ["b1"], 2),
        module("m3", "t2", ["c1"]),
    ]
    quizzes = [
        quiz("quiz-m1", [[("m1-q1", ["a1"]), ("m1-q2", ["a2"])]], module="m1"),
        quiz("quiz-m2", [[("m2-q1", ["b1"])]], module="m2"),
        quiz("quiz-m3", [[("m3-q1", ["c1"]), ("m3-q2", ["a1", "c1"])]], module="m3"),
        quiz("quiz-final", [[("f-a1", ["a1"]), ("f-b1", ["b1"]), ("f-c1", ["c1"])]]),
    ]
    return library(indicators, quizzes, modules, (Track("t1", "One"), Track("t2", "Two")))


def ids(lib: Library, scope: Scope) -> set[str]:
    return {f"{z.id}/{q.id}" for z, q in scope_questions(lib, scope)}


def test_scope_filters(scoped_bank: Library) -> None:
    everything = ids(scoped_bank, Scope.everything())
    assert len(everything) == 8
    assert ids(scoped_bank, Scope.module("m1")) == {
        "quiz-m1/m1-q1",
        "quiz-m1/m1-q2",
        "quiz-final/f-a1",  # a spanning quiz's question on what m1 teaches
    }
    assert ids(scoped_bank, Scope.track("t1")) == {
        "quiz-m1/m1-q1",
        "quiz-m1/m1-q2",
        "quiz-m2/m2-q1",
        "quiz-final/f-a1",
        "quiz-final/f-b1",
    }
    assert ids(scoped_bank, Scope.track("t2")) == {
        "quiz-m3/m3-q1",
        "quiz-m3/m3-q2",
        "quiz-final/f-c1",
    }
    assert ids(scoped_bank, Scope.dimension("dim-a")) == {
        "quiz-m1/m1-q1",
        "quiz-m1/m1-q2",
        "quiz-m3/m3-q2",
        "quiz-final/f-a1",
    }
    assert ids(scoped_bank, Scope.of_indicators(["b1", "c1"])) == {
        "quiz-m2/m2-q1",
        "quiz-m3/m3-q1",
        "quiz-m3/m3-q2",
        "quiz-final/f-b1",
        "quiz-final/f-c1",
    }
    assert ids(scoped_bank, Scope.module("no-such-module")) == set()
    assert ids(scoped_bank, Scope.dimension("no-such-dimension")) == set()


def test_a_drawn_set_stays_inside_its_scope(scoped_bank: Library) -> None:
    for scope in (
        Scope.module("m1"),
        Scope.track("t2"),
        Scope.dimension("dim-a"),
        Scope.of_indicators(["b1"]),
    ):
        allowed = ids(scoped_bank, scope)
        for seed in range(20):
            drawn = draw(scoped_bank, seed, count=3, scope=scope)
            assert {p.qualified_id for p in drawn.picks} <= allowed
            assert drawn.count == min(3, len(allowed))


def test_a_dimension_scope_weighs_only_that_dimensions_indicators(scoped_bank: Library) -> None:
    # c1 is being learnt, a1 is mastered: inside dim-a, m3-q2 (a1 and c1) counts as a1.
    states = mastery_map({"a1": MASTERED, "c1": LEARNING, "a2": MASTERED})
    drawn = draw(scoped_bank, 1, count=4, scope=Scope.dimension("dim-a"), mastery=states)
    weights = {p.qualified_id: p.weight for p in drawn.picks}
    assert weights["quiz-m3/m3-q2"] == 1.0
    assert {p.stratum for p in drawn.picks} == {"dim-a"}
    overall = draw(scoped_bank, 1, count=8, mastery=states)
    assert {p.qualified_id: p.weight for p in overall.picks}["quiz-m3/m3-q2"] == 6.0


def test_scope_summary_counts_weak_indicators(scoped_bank: Library) -> None:
    states = mastery_map({"a1": MASTERED, "a2": MASTERED_DUE})
    summary = scope_summary(scoped_bank, Scope.dimension("dim-a"), states)
    assert (summary.questions, summary.indicators, summary.weak, summary.dimensions) == (
        4,
        2,
        1,
        1,
    )
    everything = scope_summary(scoped_bank, Scope.everything(), states)
    assert (everything.indicators, everything.weak, everything.dimensions) == (4, 3, 3)


# ---------------------------------------------------------------- a sitting


class Clock:
    def __init__(self) -> None:
        self.seconds = 100.0
        self.wall = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        self.wall += timedelta(seconds=30)
        return self.wall


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(tmp_path / "data")
    yield opened
    opened.close()


def test_a_sitting_is_recorded_and_counts_toward_mastery(store: ProgressStore) -> None:
    fixture = load_library(FIXTURE)
    profile = store.create_profile("Officer Lee").profile_id
    assert store.mastery(profile, NOW) == {}
    spec = AssessmentSpec(count=50, mode=QuizMode.EXAM, time_limit_minutes=10)
    drawn = draw_self_assessment(fixture, spec, store.mastery(profile, NOW), seed=4, title="All")
    assert drawn.count == len(fixture.quizzes["quiz-reading-indicators"].questions)
    clock = Clock()
    run = QuizRun.start(store, drawn.quiz, profile, seed=drawn.seed, clock=clock, now=clock.now)
    assert run.mode is QuizMode.EXAM and run.time_limit_seconds == 600
    while True:
        assert run.commit(right_answer(run.question)).status is CommitStatus.RECORDED
        if run.is_last:
            break
        run.advance()
    outcome = run.finish()
    assert outcome.saved and outcome.result.passed and outcome.result.percent == 100.0

    (session,) = store.sessions(profile, SELF_ASSESSMENT_ID)
    assert session.passed and session.mode == "exam"
    assert list(session.question_ids) == [q.id for q in drawn.quiz.questions]
    attempts = list(store.attempts(profile))
    assert {a.quiz_id for a in attempts} == {SELF_ASSESSMENT_ID}
    assert {a.question_id for a in attempts} == {
        f"quiz-reading-indicators/{q.id}"
        for q in fixture.quizzes["quiz-reading-indicators"].questions
    }
    mastery = store.mastery(profile, clock.wall)
    # document-retention is trained by at least three of the fixture's questions.
    assert mastery["document-retention"].state is MasteryState.MASTERED
    assert mastery["document-retention"].total_attempts >= 3


def test_practice_mode_has_no_time_limit(store: ProgressStore) -> None:
    fixture = load_library(FIXTURE)
    profile = store.create_profile("Officer Kay").profile_id
    spec = AssessmentSpec(count=2, mode=QuizMode.PRACTICE, time_limit_minutes=10)
    drawn = draw_self_assessment(fixture, spec, {}, seed=1, title="Two")
    run = QuizRun.start(store, drawn.quiz, profile, seed=drawn.seed)
    assert run.time_limit_seconds is None and run.gives_feedback and run.count == 2
