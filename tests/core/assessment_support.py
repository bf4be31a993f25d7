"""Synthetic question banks and mastery records for the self-assessment and dashboard
tests: libraries built from model objects, sized so the statistics mean something."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from types import MappingProxyType

from trainer.core.model import (
    Dimension,
    Indicator,
    Library,
    LibraryInfo,
    Module,
    Option,
    Question,
    QuestionType,
    Quiz,
    QuizMode,
    Scenario,
    Strength,
    Track,
)
from trainer.core.progress.models import IndicatorMastery, MasteryState

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def indicator(ident: str, dimension: str, strength: Strength = Strength.STRONG) -> Indicator:
    return Indicator(
        id=ident,
        name=ident.replace("-", " ").capitalize(),
        dimension=dimension,
        strength=strength,
        description=f"About {ident}.",
        observe=(f"You see {ident}.",),
        sources=(),
        path="taxonomy.yaml",
        line=1,
    )


def question(quiz_id: str, ident: str, indicators: Sequence[str], scenario: int = 0) -> Question:
    return Question(
        id=ident,
        type=QuestionType.SINGLE,
        prompt=f"Question {ident}?",
        body="",
        indicators=tuple(indicators),
        points=1,
        explanation="",
        line=1,
        quiz_id=quiz_id,
        scenario_index=scenario,
        options=(
            Option("Right", True, "Yes.", (), 2),
            Option("Wrong", False, "No.", (), 3),
        ),
    )


def quiz(
    ident: str,
    scenarios: Sequence[Sequence[tuple[str, Sequence[str]]]],
    *,
    module: str | None = None,
    shuffle: bool = True,
) -> Quiz:
    """A quiz whose scenarios hold questions given as (id, indicators)."""
    built = tuple(
        Scenario(
            f"Scenario {n + 1} of {ident}",
            f"Narrative {n + 1} of {ident}.",
            1,
            tuple(question(ident, qid, inds, n) for qid, inds in questions),
        )
        for n, questions in enumerate(scenarios)
    )
    return Quiz(
        id=ident,
        title=f"Quiz {ident}",
        module=module,
        mode=QuizMode.PRACTICE,
        pass_mark=70,
        draw=None,
        time_limit_minutes=None,
        shuffle=shuffle,
        version=1,
        language="en",
        intro="",
        scenarios=built,
        path=f"quizzes/{ident}.md",
        sha256="0" * 64,
    )


def module(ident: str, track: str, indicators: Iterable[str], order: int = 1) -> Module:
    return Module(
        id=ident,
        title=f"Module {ident}",
        track=track,
        order=order,
        summary="",
        estimated_minutes=5,
        language="en",
        version=1,
        audience=("all",),
        objectives=(),
        indicators=tuple(indicators),
        sources=(),
        content_warning=None,
        body="",
        body_line=1,
        sections=(),
        path=f"modules/{ident}.md",
        sha256="0" * 64,
    )


def library(
    indicators: Iterable[Indicator],
    quizzes: Iterable[Quiz],
    modules: Iterable[Module] = (),
    tracks: Sequence[Track] = (Track("basics", "Basics"),),
) -> Library:
    found = list(indicators)
    dimensions: dict[str, Dimension] = {}
    for item in found:
        dimensions.setdefault(
            item.dimension,
            Dimension(item.dimension, item.dimension.capitalize(), "Test group", ""),
        )
    return Library(
        roots=(),
        info=LibraryInfo("test-pack", "Test pack", "2.1.0", "Tests", "en", tuple(tracks), ""),
        modules=MappingProxyType({m.id: m for m in modules}),
        quizzes=MappingProxyType({q.id: q for q in quizzes}),
        indicators=MappingProxyType({i.id: i for i in found}),
        dimensions=MappingProxyType(dimensions),
        tracks=tuple(tracks),
    )


def unbalanced_bank() -> Library:
    """Four dimensions with 40, 10, 5 and 5 questions, each question training one
    indicator of one dimension (two indicators per dimension)."""
    sizes = {"alpha": 40, "bravo": 10, "charlie": 5, "delta": 5}
    indicators = [indicator(f"{d}-{n}", d) for d in sizes for n in (1, 2)]
    quizzes = []
    for dimension, size in sizes.items():
        questions = [(f"{dimension}-q{k}", [f"{dimension}-{1 + k % 2}"]) for k in range(size)]
        # Four questions per scenario, so scenarios matter for the order.
        scenarios = [questions[k : k + 4] for k in range(0, size, 4)]
        quizzes.append(quiz(f"quiz-{dimension}", scenarios))
    return library(indicators, quizzes)


def mastery(
    state: MasteryState, *, due: bool, ident: str = "x", recent: tuple[int, int] = (0, 0)
) -> IndicatorMastery:
    """A mastery record of ``state``; ``due`` sets is_due (and a matching next_due)."""
    mastered = state is MasteryState.MASTERED
    next_due = (NOW - timedelta(hours=1) if due else NOW + timedelta(days=2)) if mastered else None
    return IndicatorMastery(
        indicator_id=ident,
        state=state,
        recent_correct=recent[0],
        recent_total=recent[1],
        total_attempts=recent[1],
        correct_attempts=recent[0],
        last_seen=NOW - timedelta(days=1) if state is not MasteryState.NOT_STARTED else None,
        next_due=next_due,
        is_due=due,
        review_stage=0 if mastered else None,
    )


def mastery_map(states: Mapping[str, tuple[MasteryState, bool]]) -> dict[str, IndicatorMastery]:
    return {i: mastery(state, due=due, ident=i) for i, (state, due) in states.items()}
