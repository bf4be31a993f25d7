"""Realistic learner histories for the reporting tests, made through the real quiz flow.

Learners read modules and take quizzes with :class:`QuizRun` against a real
:class:`ProgressStore`, answering right or wrong by a seeded chance, with fake clocks so
every time and duration is known.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from trainer.core.engine import Answer, CategorizeAnswer, ChoiceAnswer, DecisionAnswer
from trainer.core.model import DecisionStep, Library, Question, QuestionType, QuizMode
from trainer.core.progress import ProgressStore
from trainer.core.progress.exchange import canonical_json
from trainer.core.quiz_run import QuizRun, right_answer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_LIBRARY = FIXTURES / "library"
SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"
T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


class Clocks:
    """A wall clock and a monotonic clock that advance together by set steps."""

    def __init__(self, start: datetime, rng: random.Random) -> None:
        self.moment = start
        self.mono = 1000.0
        self.rng = rng

    def think(self) -> None:
        """Time passes while the learner reads a question (1.5 to 40 s, in 10 ms steps)."""
        seconds = self.rng.randrange(150, 4000) / 100
        self.moment += timedelta(seconds=seconds)
        self.mono += seconds

    def wall(self) -> datetime:
        return self.moment

    def monotonic(self) -> float:
        return self.mono


def wrong_answer(question: Question) -> Answer:
    """An answer that does not earn full marks."""
    kind = question.type
    if kind is QuestionType.CATEGORIZE:
        categories = question.categories
        shifted = [
            categories[(categories.index(item.category) + 1) % len(categories)]
            for item in question.items
        ]
        return CategorizeAnswer(tuple(shifted))
    if kind is QuestionType.DECISION:
        choices: list[int] = []
        node = question.steps[0]
        while isinstance(node, DecisionStep):
            number = next((i for i, c in enumerate(node.choices) if not c.correct), 0)
            choices.append(number)
            target = node.choices[number].target or ""
            found = question.step(target)
            if found is None:
                break
            node = found
        return DecisionAnswer(tuple(choices))
    wrong = [i for i, o in enumerate(question.options) if not o.correct]
    if kind in (QuestionType.MULTIPLE, QuestionType.SPOT):
        right = [i for i, o in enumerate(question.options) if o.correct]
        return ChoiceAnswer(frozenset(wrong[:1] or right[:1]))
    return ChoiceAnswer(frozenset(wrong[:1]))


@dataclass(frozen=True)
class Plan:
    """What one learner does: read modules, then take quizzes (each ``times`` times)."""

    name: str
    skill: float
    quizzes: Sequence[tuple[str, int]] = ()
    read: Sequence[tuple[str, int, bool]] = ()
    seed: int = 1
    start: datetime = T0
    mode: QuizMode | None = None


def take_quiz(
    store: ProgressStore,
    library: Library,
    profile_id: str,
    quiz_id: str,
    clocks: Clocks,
    rng: random.Random,
    skill: float,
    *,
    mode: QuizMode | None = None,
    finish: bool = True,
) -> QuizRun:
    quiz = library.quizzes[quiz_id]
    run = QuizRun.start(
        store,
        quiz,
        profile_id,
        mode=mode,
        seed=rng.randrange(1, 10_000),
        clock=clocks.monotonic,
        now=clocks.wall,
    )
    while True:
        clocks.think()
        question = run.question
        answer = right_answer(question) if rng.random() < skill else wrong_answer(question)
        result = run.commit(answer)
        assert result.recorded, result
        if not run.advance():
            break
    if finish:
        clocks.think()
        assert run.finish().saved
    return run


def act(
    store: ProgressStore, library: Library, plan: Plan, *, profile_id: str | None = None
) -> str:
    """Carry out the plan as a new learner (or as ``profile_id``); returns the profile id."""
    rng = random.Random(plan.seed)
    clocks = Clocks(plan.start, rng)
    if profile_id is None:
        profile_id = store.create_profile(plan.name).profile_id
    for module_id, sections, complete in plan.read:
        module = library.modules[module_id]
        for section in module.sections[:sections]:
            clocks.think()
            store.mark_section_read(profile_id, module_id, section.id)
        if complete:
            clocks.think()
            store.mark_module_complete(profile_id, module_id, completed_at=clocks.wall())
    for quiz_id, times in plan.quizzes:
        for _ in range(times):
            take_quiz(store, library, profile_id, quiz_id, clocks, rng, plan.skill, mode=plan.mode)
    return profile_id


def reseal(document: dict[str, Any]) -> None:
    """Recompute the checksum of an edited bundle or progress export, as someone who
    changes one on purpose would (the signature, if any, is left as it was)."""
    body = {k: v for k, v in document.items() if k not in ("sha256", "signature")}
    document["sha256"] = hashlib.sha256(canonical_json(body)).hexdigest()
