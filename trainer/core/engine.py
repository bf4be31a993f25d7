"""The quiz engine: draw a paper, shuffle answers, grade every question type, total a result.

Answers are plain values that serialize to JSON (see :func:`answer_to_json`), so the
progress store can keep exactly what the learner gave. Option and item numbers
always refer to the order in the quiz file, whatever order the learner saw.

Scoring (documented for trainers in ``docs/content-format.md``):

* single and true-false: 1 for the right answer, else 0;
* multiple and spot: (right selections - wrong selections) / number of right answers,
  never below 0;
* categorize: the share of items placed in their category;
* decision: the score of the ending reached, divided by 100.

A question is *correct* only with full marks.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.core.model import (
    DecisionEnding,
    DecisionStep,
    Option,
    Question,
    QuestionType,
    Quiz,
    QuizMode,
)

FULL_MARKS = 1.0 - 1e-9


@dataclass(frozen=True, slots=True)
class ChoiceAnswer:
    """Selected option numbers, for single, true-false, multiple and spot questions."""

    selected: frozenset[int]


@dataclass(frozen=True, slots=True)
class CategorizeAnswer:
    """The category given to each item, by item number; ``None`` when left unsorted."""

    placement: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class DecisionAnswer:
    """The choice number taken at each step, from the first step on."""

    choices: tuple[int, ...]


Answer = ChoiceAnswer | CategorizeAnswer | DecisionAnswer


class AnswerError(ValueError):
    """An answer that does not fit its question (wrong shape or out of range)."""


def answer_to_json(answer: Answer) -> dict[str, Any]:
    if isinstance(answer, ChoiceAnswer):
        return {"selected": sorted(answer.selected)}
    if isinstance(answer, CategorizeAnswer):
        return {"placement": list(answer.placement)}
    return {"choices": list(answer.choices)}


def answer_from_json(data: Mapping[str, Any]) -> Answer:
    if "selected" in data and isinstance(data["selected"], list):
        return ChoiceAnswer(frozenset(int(i) for i in data["selected"]))
    if "placement" in data and isinstance(data["placement"], list):
        return CategorizeAnswer(tuple(None if p is None else str(p) for p in data["placement"]))
    if "choices" in data and isinstance(data["choices"], list):
        return DecisionAnswer(tuple(int(i) for i in data["choices"]))
    raise AnswerError(f"not an answer: {dict(data)!r}")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Feedback on one option, item or decision choice, for the learner to read."""

    number: int
    text: str
    chosen: bool
    right: bool
    feedback: str
    indicators: tuple[str, ...]
    placed_in: str | None = None
    belongs_in: str | None = None


@dataclass(frozen=True, slots=True)
class Grade:
    question_id: str
    score: float
    points: float
    max_points: int
    verdicts: tuple[Verdict, ...]
    indicators: tuple[str, ...]
    ending: DecisionEnding | None = None

    @property
    def correct(self) -> bool:
        return self.score >= FULL_MARKS


@dataclass(frozen=True, slots=True)
class PaperQuestion:
    """A drawn question and the order in which its options (or items) are shown."""

    question: Question
    order: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Paper:
    quiz: Quiz
    mode: QuizMode
    seed: int
    questions: tuple[PaperQuestion, ...]

    @property
    def time_limit_seconds(self) -> int | None:
        if self.mode is QuizMode.EXAM and self.quiz.time_limit_minutes:
            return self.quiz.time_limit_minutes * 60
        return None


def _display_order(question: Question, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
    count = (
        len(question.items) if question.type is QuestionType.CATEGORIZE else len(question.options)
    )
    order = list(range(count))
    keep = question.type in (QuestionType.TRUE_FALSE, QuestionType.SPOT, QuestionType.DECISION)
    if shuffle and not keep:
        rng.shuffle(order)
    return tuple(order)


def draw_paper(
    quiz: Quiz,
    *,
    seed: int,
    mode: QuizMode | None = None,
    count: int | None = None,
    shuffle: bool | None = None,
) -> Paper:
    """Draw ``count`` questions (the quiz's ``draw``, else all) and shuffle their answers.

    Questions keep the file's order, so a scenario's questions stay together; the same
    seed always gives the same paper.
    """
    rng = random.Random(seed)
    questions = list(quiz.questions)
    wanted = count if count is not None else quiz.draw
    if wanted is not None and wanted < len(questions):
        chosen = sorted(rng.sample(range(len(questions)), wanted))
        questions = [questions[i] for i in chosen]
    do_shuffle = quiz.shuffle if shuffle is None else shuffle
    drawn = tuple(PaperQuestion(q, _display_order(q, rng, do_shuffle)) for q in questions)
    return Paper(quiz, mode or quiz.mode, seed, drawn)


def paper_from_questions(
    quiz: Quiz, questions: Sequence[Question], *, seed: int, mode: QuizMode
) -> Paper:
    """A paper of given questions (used by self-assessment), answers shuffled by ``seed``."""
    rng = random.Random(seed)
    drawn = tuple(PaperQuestion(q, _display_order(q, rng, quiz.shuffle)) for q in questions)
    return Paper(quiz, mode, seed, drawn)


def decision_path(
    question: Question, choices: Sequence[int]
) -> tuple[list[tuple[DecisionStep, Option]], DecisionStep | DecisionEnding]:
    """Follow ``choices`` from the first step: the (step, choice) pairs taken and where
    the learner stands now (a step still to answer, or the ending reached)."""
    taken: list[tuple[DecisionStep, Option]] = []
    node: DecisionStep | DecisionEnding = question.steps[0]
    for number in choices:
        if not isinstance(node, DecisionStep):
            raise AnswerError("the decision path goes on after an ending")
        if not 0 <= number < len(node.choices):
            raise AnswerError(f"choice {number} does not exist at step '{node.id}'")
        choice = node.choices[number]
        taken.append((node, choice))
        target = choice.target or ""
        next_node: DecisionStep | DecisionEnding | None = question.step(target) or question.ending(
            target
        )
        if next_node is None:
            raise AnswerError(f"'{target}' is not a step or ending")
        node = next_node
    return taken, node


def grade(question: Question, answer: Answer) -> Grade:
    """Score ``answer`` and explain every option; raises :class:`AnswerError` on a misfit."""
    if question.type is QuestionType.CATEGORIZE:
        if not isinstance(answer, CategorizeAnswer):
            raise AnswerError("a categorize question needs a CategorizeAnswer")
        return _grade_categorize(question, answer)
    if question.type is QuestionType.DECISION:
        if not isinstance(answer, DecisionAnswer):
            raise AnswerError("a decision question needs a DecisionAnswer")
        return _grade_decision(question, answer)
    if not isinstance(answer, ChoiceAnswer):
        raise AnswerError("a choice question needs a ChoiceAnswer")
    return _grade_choice(question, answer)


def _grade_choice(question: Question, answer: ChoiceAnswer) -> Grade:
    options = question.options
    if any(not 0 <= i < len(options) for i in answer.selected):
        raise AnswerError("an option number is out of range")
    if question.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE) and len(answer.selected) > 1:
        raise AnswerError("a single-choice question takes one answer")
    right = {i for i, o in enumerate(options) if o.correct}
    if question.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        score = 1.0 if answer.selected == right else 0.0
    else:
        hits = len(answer.selected & right)
        misses = len(answer.selected - right)
        score = max(0.0, (hits - misses) / len(right))
    verdicts = tuple(
        Verdict(i, o.text, i in answer.selected, o.correct, o.feedback, o.indicators)
        for i, o in enumerate(options)
    )
    return Grade(
        question.id,
        score,
        score * question.points,
        question.points,
        verdicts,
        question.all_indicators,
    )


def _grade_categorize(question: Question, answer: CategorizeAnswer) -> Grade:
    items = question.items
    if len(answer.placement) != len(items):
        raise AnswerError("the answer must place every item (None for an unsorted one)")
    lowered = {c.lower(): c for c in question.categories}
    verdicts = []
    right = 0
    for number, (item, placed) in enumerate(zip(items, answer.placement, strict=True)):
        category = lowered.get(placed.lower()) if placed is not None else None
        if placed is not None and category is None:
            raise AnswerError(f"'{placed}' is not a category of this question")
        is_right = category == item.category
        right += is_right
        verdicts.append(
            Verdict(
                number,
                item.text,
                category is not None,
                is_right,
                item.feedback,
                item.indicators,
                placed_in=category,
                belongs_in=item.category,
            )
        )
    score = right / len(items)
    return Grade(
        question.id,
        score,
        score * question.points,
        question.points,
        tuple(verdicts),
        question.all_indicators,
    )


def _grade_decision(question: Question, answer: DecisionAnswer) -> Grade:
    taken, node = decision_path(question, answer.choices)
    if not isinstance(node, DecisionEnding):
        raise AnswerError("the decision scenario has not reached an ending")
    verdicts = tuple(
        Verdict(
            number,
            choice.text,
            True,
            choice.correct,
            choice.feedback,
            choice.indicators,
            placed_in=step.id,
        )
        for number, (step, choice) in enumerate(taken)
    )
    score = node.score / 100
    return Grade(
        question.id,
        score,
        score * question.points,
        question.points,
        verdicts,
        question.all_indicators,
        ending=node,
    )


@dataclass(frozen=True, slots=True)
class IndicatorTally:
    earned: float = 0.0
    possible: float = 0.0
    questions: int = 0
    correct: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.earned / self.possible if self.possible else 0.0


@dataclass(frozen=True)
class QuizResult:
    paper: Paper
    grades: tuple[Grade, ...]
    percent: float
    passed: bool
    by_indicator: Mapping[str, IndicatorTally] = field(default_factory=dict)

    @property
    def earned(self) -> float:
        return sum(g.points for g in self.grades)

    @property
    def possible(self) -> int:
        return sum(pq.question.points for pq in self.paper.questions)


def score_paper(paper: Paper, grades: Mapping[str, Grade]) -> QuizResult:
    """Total a paper. Unanswered questions score zero (as when time runs out)."""
    ordered: list[Grade] = []
    tallies: dict[str, IndicatorTally] = {}
    possible = 0
    earned = 0.0
    for pq in paper.questions:
        q = pq.question
        possible += q.points
        got = grades.get(q.id)
        if got is not None:
            ordered.append(got)
            earned += got.points
        for indicator in q.all_indicators:
            tally = tallies.get(indicator, IndicatorTally())
            tallies[indicator] = IndicatorTally(
                tally.earned + (got.points if got else 0.0),
                tally.possible + q.points,
                tally.questions + 1,
                tally.correct + (1 if got is not None and got.correct else 0),
            )
    percent = 100.0 * earned / possible if possible else 0.0
    return QuizResult(
        paper,
        tuple(ordered),
        percent,
        percent + 1e-9 >= paper.quiz.pass_mark,
        tallies,
    )
