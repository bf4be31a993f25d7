"""The mastery rule and the spaced review schedule."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from progress_support import T0

from trainer.core.progress import Attempt, MasteryState
from trainer.core.progress.mastery import (
    REVIEW_INTERVALS_DAYS,
    IndicatorTracker,
    MasteryTracker,
    due_indicators,
    is_mastered,
    mastery_by_indicator,
    not_started,
)

DAY = timedelta(days=1)


def _attempt(
    n: int, correct: bool, at: datetime, indicators: tuple[str, ...] = ("ind",)
) -> Attempt:
    return Attempt(
        attempt_id=f"a{n:05d}",
        profile_id="p" * 32,
        session_id="s",
        quiz_id="quiz",
        question_id=f"q{n}",
        question_type="single",
        answer=None,
        correct=correct,
        score=1.0 if correct else 0.0,
        indicators=indicators,
        mode="practice",
        shown_at=at,
        answered_at=at,
        duration_ms=1,
        content_id="quiz",
        content_version="1",
    )


@pytest.mark.parametrize(
    ("outcomes", "mastered"),
    [
        ("", False),
        ("11", False),  # fewer than 3 attempts
        ("111", True),
        ("011", False),
        ("1111", True),
        ("0111", False),  # 3 of 4 is 75 %
        ("01111", True),  # 4 of the last 5
        ("11011", True),
        ("10101", False),
        ("0011111", True),  # only the last five count
        ("1111100", False),
        ("11111110", True),
    ],
)
def test_mastery_rule(outcomes: str, mastered: bool) -> None:
    assert is_mastered(c == "1" for c in outcomes) is mastered


def test_states_and_counts() -> None:
    attempts = [_attempt(n, c, T0 + n * timedelta(minutes=1)) for n, c in enumerate([0, 1, 1])]
    (result,) = mastery_by_indicator(attempts, T0 + DAY).values()
    assert result.state is MasteryState.LEARNING and result.is_due
    assert (result.recent_correct, result.recent_total) == (2, 3)
    assert (result.total_attempts, result.correct_attempts) == (3, 2)
    assert result.last_seen == attempts[-1].answered_at and result.next_due is None
    assert not_started("x").state is MasteryState.NOT_STARTED and not not_started("x").is_due


def test_review_intervals_grow_with_each_successful_review() -> None:
    tracker = IndicatorTracker("ind")
    now = T0
    for _ in range(3):
        tracker.observe(now, True)
        now += timedelta(minutes=1)
    assert tracker.review_stage == 0 and tracker.next_due == now - timedelta(minutes=1) + DAY
    seen = []
    for _ in range(len(REVIEW_INTERVALS_DAYS) + 1):
        assert tracker.next_due is not None
        # Practice before it is due changes nothing.
        before = (tracker.review_stage, tracker.next_due)
        tracker.observe(tracker.next_due - timedelta(hours=1), True)
        assert (tracker.review_stage, tracker.next_due) == before
        review_time = tracker.next_due + timedelta(hours=2)
        assert tracker.snapshot(review_time).is_due
        tracker.observe(review_time, True)
        assert tracker.next_due is not None
        seen.append((tracker.next_due - review_time).days)
    assert seen == [3, 7, 14, 30, 30, 30]


def test_a_wrong_answer_resets_the_schedule() -> None:
    tracker = IndicatorTracker("ind")
    for minute in range(5):
        tracker.observe(T0 + timedelta(minutes=minute), True)
    due = tracker.next_due
    assert due is not None
    tracker.observe(due, True)
    assert tracker.review_stage == 1
    wrong_at = due + DAY
    tracker.observe(wrong_at, False)  # 4 of the last 5 still correct: mastered, stage 0
    assert tracker.review_stage == 0 and tracker.next_due == wrong_at + DAY
    tracker.observe(wrong_at + timedelta(minutes=1), False)  # 3 of 5: back to learning
    snap = tracker.snapshot(wrong_at)
    assert snap.state is MasteryState.LEARNING and snap.next_due is None and snap.is_due


def test_mastered_is_due_only_when_the_time_comes() -> None:
    attempts = [_attempt(n, True, T0 + n * timedelta(minutes=1)) for n in range(3)]
    last = attempts[-1].answered_at
    assert not mastery_by_indicator(attempts, last + timedelta(hours=23))["ind"].is_due
    assert mastery_by_indicator(attempts, last + DAY)["ind"].is_due


def test_attempt_trains_every_listed_indicator_once() -> None:
    attempts = [_attempt(0, True, T0, ("a", "b", "a"))]
    result = mastery_by_indicator(attempts, T0)
    assert set(result) == {"a", "b"} and result["a"].total_attempts == 1


def test_due_indicators_orders_learning_first_then_oldest_review() -> None:
    attempts = []
    n = 0
    for name, outcomes, start in (("late", "111", 2), ("early", "111", 0), ("weak", "10", 1)):
        for index, c in enumerate(outcomes):
            attempts.append(
                _attempt(n, c == "1", T0 + start * DAY + index * timedelta(minutes=1), (name,))
            )
            n += 1
    result = mastery_by_indicator(attempts, T0 + 10 * DAY)
    assert due_indicators(result) == ["weak", "early", "late"]


def test_tracker_refuses_out_of_order_attempts() -> None:
    tracker = MasteryTracker()
    assert tracker.observe("b", T0 + DAY, True, ["x"])
    assert not tracker.observe("a", T0, True, ["x"])
    assert not tracker.observe("b", T0 + DAY, True, ["x"])
    assert tracker.trackers["x"].total == 1


outcomes_strategy = st.lists(
    st.tuples(
        st.booleans(),
        st.integers(min_value=0, max_value=60 * 24 * 90),
        st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(outcomes_strategy, st.integers(min_value=0, max_value=200))
def test_incremental_fold_and_json_round_trip_equal_the_batch_rule(
    rows: list[tuple[bool, int, list[str]]], now_days: int
) -> None:
    attempts = [
        _attempt(n, correct, T0 + timedelta(minutes=minutes), tuple(indicators))
        for n, (correct, minutes, indicators) in enumerate(rows)
    ]
    now = T0 + timedelta(days=now_days)
    expected = mastery_by_indicator(attempts, now)
    tracker = MasteryTracker()
    ordered = sorted(attempts, key=lambda a: (a.answered_at, a.attempt_id))
    half = len(ordered) // 2
    for attempt in ordered[:half]:
        assert tracker.observe_attempt(attempt)
    tracker = MasteryTracker.from_json(tracker.to_json())  # persisted and reloaded
    for attempt in ordered[half:]:
        assert tracker.observe_attempt(attempt)
    assert tracker.snapshot(now) == expected
    for name, result in expected.items():
        relevant = [a for a in ordered if name in a.indicators]
        window = [a.correct for a in relevant][-5:]
        assert result.total_attempts == len(relevant)
        assert result.recent_correct == sum(window)
        assert (result.state is MasteryState.MASTERED) == is_mastered(window)
