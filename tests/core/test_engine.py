"""The quiz engine: drawing, shuffling, grading every type, totalling a paper."""

from __future__ import annotations

import pytest

from tests.core.helpers import FIXTURE
from trainer.core.engine import (
    AnswerError,
    CategorizeAnswer,
    ChoiceAnswer,
    DecisionAnswer,
    answer_from_json,
    answer_to_json,
    decision_path,
    draw_paper,
    grade,
    score_paper,
)
from trainer.core.loader import load_library
from trainer.core.model import DecisionEnding, DecisionStep, Question, QuizMode

QUIZ = load_library(FIXTURE).quizzes["quiz-reading-indicators"]


def question(question_id: str) -> Question:
    found = QUIZ.question(question_id)
    assert found is not None
    return found


def test_single_choice() -> None:
    q = question("packing-strongest")
    right = next(i for i, o in enumerate(q.options) if o.correct)
    assert grade(q, ChoiceAnswer(frozenset({right}))).correct
    wrong = grade(q, ChoiceAnswer(frozenset({(right + 1) % 3})))
    assert wrong.score == 0 and not wrong.correct
    assert [v.chosen for v in wrong.verdicts].count(True) == 1
    assert all(v.feedback for v in wrong.verdicts)
    with pytest.raises(AnswerError):
        grade(q, ChoiceAnswer(frozenset({0, 1})))


@pytest.mark.parametrize(
    ("selected", "score"),
    [({0, 1, 2}, 1.0), ({0, 1}, 2 / 3), ({0, 1, 3}, 1 / 3), ({0, 1, 2, 3}, 2 / 3), ({3}, 0.0)],
)
def test_multiple_partial_credit(selected: set[int], score: float) -> None:
    q = question("packing-select-all")  # options 0-2 right, 3 wrong
    result = grade(q, ChoiceAnswer(frozenset(selected)))
    assert result.score == pytest.approx(score)
    assert result.correct == (score == 1.0)


def test_spot_uses_the_same_rule() -> None:
    q = question("packing-spot")  # phrases 0-1 right, 2 a distractor
    assert grade(q, ChoiceAnswer(frozenset({0}))).score == pytest.approx(0.5)
    assert grade(q, ChoiceAnswer(frozenset({0, 2}))).score == 0.0


def test_true_false() -> None:
    q = question("packing-proof")
    false = next(i for i, o in enumerate(q.options) if o.text == "False")
    assert grade(q, ChoiceAnswer(frozenset({false}))).correct


def test_categorize_scores_the_share_placed_right() -> None:
    q = question("packing-sort")
    assert grade(q, CategorizeAnswer(("Act", "Means", "Purpose"))).correct
    half = grade(q, CategorizeAnswer(("act", None, "Means")))
    assert half.score == pytest.approx(1 / 3)
    assert [v.placed_in for v in half.verdicts] == ["Act", None, "Means"]
    assert [v.belongs_in for v in half.verdicts] == ["Act", "Means", "Purpose"]
    with pytest.raises(AnswerError):
        grade(q, CategorizeAnswer(("Act", "Nowhere", "Means")))
    with pytest.raises(AnswerError):
        grade(q, CategorizeAnswer(("Act",)))


def test_decision_path_and_ending_score() -> None:
    q = question("minibus-decision")
    _taken, where = decision_path(q, [0])
    assert isinstance(where, DecisionStep) and where.id == "separate"
    best = grade(q, DecisionAnswer((0, 0)))
    assert best.correct and best.ending is not None and best.ending.id == "referral"
    frightened = grade(q, DecisionAnswer((0, 1)))
    assert frightened.score == pytest.approx(0.2) and not frightened.correct
    _, ending = decision_path(q, [1])
    assert isinstance(ending, DecisionEnding) and ending.score == 0
    with pytest.raises(AnswerError):
        grade(q, DecisionAnswer((0,)))  # not at an ending yet
    with pytest.raises(AnswerError):
        grade(q, DecisionAnswer((1, 0)))  # goes on after an ending


def test_answers_round_trip_through_json() -> None:
    for answer in (
        ChoiceAnswer(frozenset({2, 0})),
        CategorizeAnswer(("Act", None)),
        DecisionAnswer((0, 1)),
    ):
        assert answer_from_json(answer_to_json(answer)) == answer
    with pytest.raises(AnswerError):
        answer_from_json({"nothing": 1})


def test_draw_is_reproducible_and_keeps_file_order() -> None:
    first = draw_paper(QUIZ, seed=7, count=4)
    again = draw_paper(QUIZ, seed=7, count=4)
    assert first == again
    ids = [pq.question.id for pq in first.questions]
    order = [q.id for q in QUIZ.questions]
    assert len(ids) == 4 and ids == sorted(ids, key=order.index)
    orders = {draw_paper(QUIZ, seed=s).questions[0].order for s in range(20)}
    assert len(orders) > 1  # options are shuffled
    tf = [pq for pq in draw_paper(QUIZ, seed=3).questions if pq.question.id == "packing-proof"]
    assert tf[0].order == (0, 1)  # true/false keeps its order


def test_score_paper_totals_and_passes() -> None:
    paper = draw_paper(QUIZ, seed=1, mode=QuizMode.EXAM)
    assert paper.mode is QuizMode.EXAM
    grades = {
        "packing-strongest": grade(question("packing-strongest"), ChoiceAnswer(frozenset({1}))),
        "packing-select-all": grade(
            question("packing-select-all"), ChoiceAnswer(frozenset({0, 1}))
        ),
    }
    result = score_paper(paper, grades)
    assert result.percent == pytest.approx(100 * (1 + 2 / 3) / 6)
    assert not result.passed
    tally = result.by_indicator["document-retention"]
    assert tally.questions == 5 and tally.correct == 1
    everything = {
        q.id: g
        for q, g in (
            (question("packing-strongest"), ChoiceAnswer(frozenset({1}))),
            (question("packing-select-all"), ChoiceAnswer(frozenset({0, 1, 2}))),
            (question("packing-proof"), ChoiceAnswer(frozenset({1}))),
            (question("packing-spot"), ChoiceAnswer(frozenset({0, 1}))),
            (question("packing-sort"), CategorizeAnswer(("Act", "Means", "Purpose"))),
            (question("minibus-decision"), DecisionAnswer((0, 0))),
        )
        for g in [grade(q, g)]
    }
    full = score_paper(paper, everything)
    assert full.percent == pytest.approx(100) and full.passed
