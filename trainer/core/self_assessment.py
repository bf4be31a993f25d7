"""Self-assessment: a set of questions drawn from the whole question bank for one learner.

The learner chooses a *scope* (everything, a track, a module, an indicator dimension, or
a list of indicators -- the dashboard's "practise this" uses the last), a number of
questions, practice or exam, and an optional time limit (exams only). This module draws
the questions and wraps them in a synthetic :class:`~trainer.core.model.Quiz` with the
id :data:`SELF_ASSESSMENT_ID`, so the ordinary quiz engine and
:class:`~trainer.core.quiz_run.QuizRun` run the sitting, record every answer and total
the result.

Which questions are in a scope
------------------------------
* everything: every question of every quiz;
* a module: the questions of the module's quizzes, and those questions of quizzes that
  belong to no module (a final self-assessment spanning the curriculum) which train an
  indicator the module teaches;
* a track: the union of its modules;
* a dimension: every question that trains an indicator of that dimension;
* indicators: every question that trains one of them.

A question is a candidate at most once, so a set never repeats a question.

The draw (reproducible: the same library, mastery, settings and seed give the same set)
-----------------------------------------------------------------------------------------
1. **Focus.** The indicators that count for the draw: those of the dimension, or the
   given indicators; for the other scopes every indicator.
2. **Need of each focus indicator**, from the learner's mastery
   (:mod:`trainer.core.progress.mastery`): a base of 1, plus 3 when it is not mastered
   (learning or not started), plus 2 when it is due now (always for learning, when its
   review date has come for mastered). So: learning 6, not started 4, mastered and due
   for review 3, mastered and not due 1.
3. **Weight of a question**: the highest need among the focus indicators it trains
   (1 when it trains none of the taxonomy's indicators).
4. **Strata**: a question belongs to the dimension of each focus indicator it trains
   (possibly several); questions that train no indicator of the taxonomy form one more
   stratum of their own.
5. **Round robin.** The strata are put in order of need -- the mean weight of their
   questions, highest first, ties in a seeded random order -- and, in turn, each one
   gives one question, chosen at random with probability proportional to its weight
   among that stratum's questions not drawn yet. A drawn question leaves every stratum
   it belongs to; a stratum with none left is passed over. This stops when the set is
   full or no question is left. Every dimension in scope is therefore represented as
   evenly as its questions allow (the counts differ by at most one while each still
   has questions), the neediest dimensions get the extra places, and within each
   dimension weak and due indicators are preferred four to six times over mastered ones
   not yet due.
6. **Order.** Questions of the same scenario are kept together, in their file order;
   the scenarios follow the order in which their first question was drawn.

Recording
---------
The progress store requires an answer's quiz id to be its session's, so answers are
recorded under the quiz id ``self-assessment``; each question's id is qualified with
its own quiz id (``quiz-labour-exploitation/greenhouse-spot``: question ids are only
unique within a quiz), which keeps every answer traceable to the question asked.
Mastery goes by the indicators an answer trains, so self-assessment answers count
towards it like any other. The session's content version fingerprints the exact
versions of the source quizzes.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from trainer.core.model import Library, Question, Quiz, QuizMode, Scenario
from trainer.core.progress.models import IndicatorMastery, MasteryState

__all__ = [
    "DEFAULT_COUNT",
    "DEFAULT_PASS_MARK",
    "NEED_BASE",
    "NEED_DUE",
    "NEED_NOT_MASTERED",
    "NO_DIMENSION",
    "PRACTICE_COUNT",
    "QUESTION_ID_SEPARATOR",
    "SELF_ASSESSMENT_ID",
    "AssessmentSpec",
    "Pick",
    "Scope",
    "ScopeKind",
    "ScopeSummary",
    "SelfAssessment",
    "draw_self_assessment",
    "focus_indicators",
    "indicator_need",
    "is_weak",
    "practice_spec",
    "qualified_id",
    "question_weight",
    "scope_questions",
    "scope_summary",
    "source_question",
    "split_question_id",
]

#: The quiz id of every self-assessment session and answer.
SELF_ASSESSMENT_ID = "self-assessment"
#: Between a question's quiz id and its own id in a self-assessment.
QUESTION_ID_SEPARATOR = "/"
#: The stratum of questions that train no indicator of the taxonomy.
NO_DIMENSION = ""
DEFAULT_PASS_MARK = 70
DEFAULT_COUNT = 20
#: Questions in a practice set aimed at weak indicators (the dashboard's one click).
PRACTICE_COUNT = 10

NEED_BASE = 1.0
NEED_NOT_MASTERED = 3.0
NEED_DUE = 2.0


class ScopeKind(StrEnum):
    ALL = "all"
    TRACK = "track"
    MODULE = "module"
    DIMENSION = "dimension"
    INDICATORS = "indicators"


@dataclass(frozen=True, slots=True)
class Scope:
    """What a self-assessment covers. Build it with the class methods."""

    kind: ScopeKind = ScopeKind.ALL
    #: The track, module or dimension id (empty for the other kinds).
    target: str = ""
    #: The indicator ids of an ``INDICATORS`` scope.
    indicators: tuple[str, ...] = ()

    @classmethod
    def everything(cls) -> Scope:
        return cls()

    @classmethod
    def track(cls, track_id: str) -> Scope:
        return cls(ScopeKind.TRACK, track_id)

    @classmethod
    def module(cls, module_id: str) -> Scope:
        return cls(ScopeKind.MODULE, module_id)

    @classmethod
    def dimension(cls, dimension_id: str) -> Scope:
        return cls(ScopeKind.DIMENSION, dimension_id)

    @classmethod
    def of_indicators(cls, indicator_ids: Iterable[str]) -> Scope:
        return cls(ScopeKind.INDICATORS, indicators=tuple(dict.fromkeys(indicator_ids)))


@dataclass(frozen=True, slots=True)
class AssessmentSpec:
    """The learner's choices in the builder."""

    scope: Scope = field(default_factory=Scope)
    count: int = DEFAULT_COUNT
    mode: QuizMode = QuizMode.PRACTICE
    #: Minutes allowed; applies in exam mode only (as for any quiz).
    time_limit_minutes: int | None = None
    pass_mark: int = DEFAULT_PASS_MARK


@dataclass(frozen=True, slots=True)
class Pick:
    """One drawn question: where it comes from and the stratum that drew it."""

    quiz_id: str
    question_id: str
    #: The dimension id of the stratum, or :data:`NO_DIMENSION`.
    stratum: str
    weight: float

    @property
    def qualified_id(self) -> str:
        return qualified_id(self.quiz_id, self.question_id)


@dataclass(frozen=True)
class SelfAssessment:
    """A drawn set, ready to run: ``quiz`` goes to :meth:`QuizRun.start` with ``seed``."""

    spec: AssessmentSpec
    seed: int
    quiz: Quiz
    #: In the order the questions are asked.
    picks: tuple[Pick, ...]
    #: How many questions the scope holds.
    available: int
    #: The indicators the draw focused on (see the module docstring).
    focus: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.picks)

    @property
    def shortfall(self) -> int:
        """How many fewer questions than asked for the scope could give."""
        return max(0, self.spec.count - len(self.picks))


@dataclass(frozen=True, slots=True)
class ScopeSummary:
    """What the builder shows about a scope before drawing."""

    questions: int
    indicators: int
    #: Focus indicators the learner has not mastered or that are due for review.
    weak: int
    dimensions: int


def practice_spec(indicator_ids: Iterable[str], count: int = PRACTICE_COUNT) -> AssessmentSpec:
    """A practice set aimed at some indicators (a weak area of the dashboard)."""
    return AssessmentSpec(
        scope=Scope.of_indicators(indicator_ids), count=count, mode=QuizMode.PRACTICE
    )


# ---------------------------------------------------------------- ids


def qualified_id(quiz_id: str, question_id: str) -> str:
    return f"{quiz_id}{QUESTION_ID_SEPARATOR}{question_id}"


def split_question_id(question_id: str) -> tuple[str, str] | None:
    """(quiz id, question id) of a self-assessment question id, else ``None``."""
    quiz_id, sep, own = question_id.partition(QUESTION_ID_SEPARATOR)
    if not sep or not quiz_id or not own:
        return None
    return quiz_id, own


def source_question(library: Library, question_id: str) -> tuple[Quiz, Question] | None:
    """The library's quiz and question behind a self-assessment question id."""
    parts = split_question_id(question_id)
    if parts is None:
        return None
    quiz = library.quizzes.get(parts[0])
    question = quiz.question(parts[1]) if quiz is not None else None
    return (quiz, question) if quiz is not None and question is not None else None


# ---------------------------------------------------------------- scope


def _module_ids(library: Library, scope: Scope) -> set[str]:
    if scope.kind is ScopeKind.MODULE:
        return {scope.target} if scope.target in library.modules else set()
    return {m.id for m in library.modules.values() if m.track == scope.target}


def _ordered_bank(library: Library) -> list[tuple[Quiz, Question]]:
    """Every question of the library, in a fixed order (quiz id, then file order)."""
    return [
        (quiz, question)
        for quiz in sorted(library.quizzes.values(), key=lambda q: q.id)
        for question in quiz.questions
    ]


def scope_questions(library: Library, scope: Scope) -> list[tuple[Quiz, Question]]:
    """The questions a scope holds, each once, in a fixed order (see the module doc)."""
    bank = _ordered_bank(library)
    if scope.kind is ScopeKind.ALL:
        return bank
    if scope.kind in (ScopeKind.TRACK, ScopeKind.MODULE):
        modules = _module_ids(library, scope)
        taught = {i for m in modules for i in library.modules[m].indicators}
        return [
            (quiz, question)
            for quiz, question in bank
            if (quiz.module in modules)
            or (quiz.module is None and taught.intersection(question.all_indicators))
        ]
    wanted = set(focus_indicators(library, scope))
    return [(z, q) for z, q in bank if wanted.intersection(q.all_indicators)]


def focus_indicators(library: Library, scope: Scope) -> tuple[str, ...]:
    """The indicators whose need weighs in the draw (``()`` meaning every indicator)."""
    if scope.kind is ScopeKind.DIMENSION:
        return tuple(i.id for i in library.indicators.values() if i.dimension == scope.target)
    if scope.kind is ScopeKind.INDICATORS:
        return scope.indicators
    return ()


# ---------------------------------------------------------------- need


def indicator_need(mastery: IndicatorMastery | None) -> float:
    """How much the learner needs an indicator now (see step 2 of the module doc)."""
    if mastery is None or mastery.state is MasteryState.NOT_STARTED:
        return NEED_BASE + NEED_NOT_MASTERED
    need = NEED_BASE
    if mastery.state is not MasteryState.MASTERED:
        need += NEED_NOT_MASTERED
    if mastery.is_due:
        need += NEED_DUE
    return need


def is_weak(mastery: IndicatorMastery | None) -> bool:
    """Not mastered, or due for review."""
    return mastery is None or mastery.state is not MasteryState.MASTERED or mastery.is_due


def _focus_of(question: Question, focus: frozenset[str] | None) -> list[str]:
    indicators = question.all_indicators
    return list(indicators) if focus is None else [i for i in indicators if i in focus]


def question_weight(
    question: Question,
    mastery: Mapping[str, IndicatorMastery],
    library: Library,
    focus: frozenset[str] | None = None,
) -> float:
    """The highest need among the question's focus indicators of the taxonomy."""
    needs = [
        indicator_need(mastery.get(i))
        for i in _focus_of(question, focus)
        if i in library.indicators
    ]
    return max(needs, default=NEED_BASE)


def _strata_of(question: Question, library: Library, focus: frozenset[str] | None) -> list[str]:
    dimensions: dict[str, None] = {}
    for indicator_id in _focus_of(question, focus):
        indicator = library.indicators.get(indicator_id)
        if indicator is not None:
            dimensions[indicator.dimension] = None
    return list(dimensions) or [NO_DIMENSION]


def scope_summary(
    library: Library, scope: Scope, mastery: Mapping[str, IndicatorMastery]
) -> ScopeSummary:
    questions = scope_questions(library, scope)
    focus = focus_indicators(library, scope)
    if focus:
        indicators = {i for i in focus if i in library.indicators}
    else:
        indicators = {i for _, q in questions for i in q.all_indicators if i in library.indicators}
    dimensions = {library.indicators[i].dimension for i in indicators}
    weak = sum(1 for i in indicators if is_weak(mastery.get(i)))
    return ScopeSummary(len(questions), len(indicators), weak, len(dimensions))


# ---------------------------------------------------------------- the draw


def _weighted_index(rng: random.Random, weights: Sequence[float]) -> int:
    total = sum(weights)
    point = rng.random() * total
    running = 0.0
    for index, weight in enumerate(weights):
        running += weight
        if point < running:
            return index
    return len(weights) - 1


def _draw(
    candidates: Sequence[tuple[Quiz, Question]],
    weights: Sequence[float],
    strata: Sequence[Sequence[str]],
    count: int,
    rng: random.Random,
) -> list[tuple[int, str]]:
    """Indexes into ``candidates`` with the stratum that drew each, in drawing order."""
    pools: dict[str, list[int]] = {}
    for index, names in enumerate(strata):
        for name in names:
            pools.setdefault(name, []).append(index)
    names = sorted(pools)
    rng.shuffle(names)

    def need(name: str) -> float:
        pool = pools[name]
        return sum(weights[i] for i in pool) / len(pool)

    order = sorted(names, key=need, reverse=True)  # stable: ties keep the seeded order
    taken: set[int] = set()
    drawn: list[tuple[int, str]] = []
    while len(drawn) < count:
        progressed = False
        for name in order:
            if len(drawn) >= count:
                break
            pool = [i for i in pools[name] if i not in taken]
            if not pool:
                continue
            chosen = pool[_weighted_index(rng, [weights[i] for i in pool])]
            taken.add(chosen)
            drawn.append((chosen, name))
            progressed = True
        if not progressed:
            break
    return drawn


def _fingerprint(quizzes: Iterable[Quiz], ids: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for quiz in quizzes:
        digest.update(f"{quiz.id}={quiz.content_version}\n".encode())
    for ident in ids:
        digest.update(f"{ident}\n".encode())
    return digest.hexdigest()


def _build_quiz(
    library: Library,
    spec: AssessmentSpec,
    chosen: Sequence[tuple[Quiz, Question]],
    title: str,
) -> Quiz:
    groups: dict[tuple[str, int], list[Question]] = {}
    quizzes: dict[str, Quiz] = {}
    for quiz, question in chosen:
        quizzes[quiz.id] = quiz
        groups.setdefault((quiz.id, question.scenario_index), []).append(question)
    scenarios: list[Scenario] = []
    for (quiz_id, scenario_index), questions in groups.items():
        source = quizzes[quiz_id]
        original = source.scenarios[scenario_index]
        position = {q.id: n for n, q in enumerate(original.questions)}
        ordered = sorted(questions, key=lambda q: position.get(q.id, 0))
        index = len(scenarios)
        renamed = tuple(
            replace(q, id=qualified_id(quiz_id, q.id), scenario_index=index) for q in ordered
        )
        scenarios.append(replace(original, questions=renamed))
    ids = [q.id for s in scenarios for q in s.questions]
    sources = sorted(quizzes.values(), key=lambda q: q.id)
    first = next(iter(quizzes.values()), None)
    language = first.language if first else (library.info.language if library.info else "en")
    return Quiz(
        id=SELF_ASSESSMENT_ID,
        title=title,
        module=None,
        mode=spec.mode,
        pass_mark=spec.pass_mark,
        draw=None,
        time_limit_minutes=spec.time_limit_minutes,
        shuffle=all(q.shuffle for q in sources),
        version=1,
        language=language,
        intro="",
        scenarios=tuple(scenarios),
        # The quiz screens resolve each question's pictures and links from its own quiz
        # (Question.quiz_id); this path only stands for the set as a whole.
        path=first.path if first else "",
        sha256=_fingerprint(sources, ids),
    )


def draw_self_assessment(
    library: Library,
    spec: AssessmentSpec,
    mastery: Mapping[str, IndicatorMastery],
    *,
    seed: int,
    title: str,
) -> SelfAssessment:
    """Draw a self-assessment (see the module doc). ``title`` is shown to the learner.

    Raises :class:`ValueError` when ``spec.count`` is below 1, the pass mark is outside
    0-100 or the time limit is below 1 minute.
    """
    if spec.count < 1:
        raise ValueError("a self-assessment needs at least one question")
    if not 0 <= spec.pass_mark <= 100:
        raise ValueError("the pass mark must be between 0 and 100")
    if spec.time_limit_minutes is not None and spec.time_limit_minutes < 1:
        raise ValueError("a time limit must be at least one minute")
    candidates = scope_questions(library, spec.scope)
    focus_ids = focus_indicators(library, spec.scope)
    restricted = spec.scope.kind in (ScopeKind.DIMENSION, ScopeKind.INDICATORS)
    focus = frozenset(focus_ids) if restricted else None
    weights = [question_weight(q, mastery, library, focus) for _, q in candidates]
    strata = [_strata_of(q, library, focus) for _, q in candidates]
    rng = random.Random(seed)
    drawn = _draw(candidates, weights, strata, spec.count, rng)
    chosen = [candidates[i] for i, _ in drawn]
    quiz = _build_quiz(library, spec, chosen, title)
    by_id = {
        qualified_id(candidates[i][0].id, candidates[i][1].id): (i, stratum) for i, stratum in drawn
    }
    picks = []
    for question in quiz.questions:
        index, stratum = by_id[question.id]
        source_quiz, source = candidates[index]
        picks.append(Pick(source_quiz.id, source.id, stratum, weights[index]))
    return SelfAssessment(
        spec=spec,
        seed=seed,
        quiz=quiz,
        picks=tuple(picks),
        available=len(candidates),
        focus=focus_ids,
    )
