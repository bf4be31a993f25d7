"""The content model: immutable objects the loader builds from a content folder.

Nothing here knows about files or Qt; the parsers build these objects and the
loader links them into a :class:`Library`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, overload


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in one content file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "message": self.message,
        }


class Strength(StrEnum):
    STRONG = "strong"
    MEDIUM = "medium"
    WEAK = "weak"


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"
    SPOT = "spot"
    CATEGORIZE = "categorize"
    DECISION = "decision"


class QuizMode(StrEnum):
    PRACTICE = "practice"
    EXAM = "exam"


AUDIENCES: tuple[str, ...] = (
    "police",
    "border-guards",
    "labour-inspectors",
    "military",
    "first-responders",
    "health-social-workers",
    "all",
)


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    publisher: str
    year: int | None = None
    url: str | None = None
    note: str | None = None
    id: str | None = None

    def citation(self) -> str:
        year = f" ({self.year})" if self.year else ""
        return f"{self.publisher}{year}. {self.title}."


@dataclass(frozen=True, slots=True)
class Track:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class LibraryInfo:
    id: str
    title: str
    version: str
    publisher: str
    language: str
    tracks: tuple[Track, ...]
    path: str


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    name: str
    group: str
    description: str


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    dimension: str
    strength: Strength
    description: str
    observe: tuple[str, ...]
    sources: tuple[str, ...]
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Taxonomy:
    id: str
    title: str
    version: int
    language: str
    sources: tuple[Source, ...]
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    path: str


@dataclass(frozen=True, slots=True)
class Section:
    """A ``##`` heading of a module: an entry of the table of contents."""

    id: str
    title: str
    line: int


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    title: str
    track: str
    order: int
    summary: str
    estimated_minutes: int
    language: str
    version: int
    audience: tuple[str, ...]
    objectives: tuple[str, ...]
    indicators: tuple[str, ...]
    sources: tuple[Source, ...]
    content_warning: str | None
    body: str
    body_line: int
    sections: tuple[Section, ...]
    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Option:
    """An answer of a choice question, a spot phrase, or a decision choice."""

    text: str
    correct: bool
    feedback: str
    indicators: tuple[str, ...]
    line: int
    target: str | None = None


@dataclass(frozen=True, slots=True)
class CategorizeItem:
    text: str
    category: str
    feedback: str
    indicators: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class DecisionStep:
    id: str
    text: str
    choices: tuple[Option, ...]
    line: int


@dataclass(frozen=True, slots=True)
class DecisionEnding:
    id: str
    score: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    type: QuestionType
    prompt: str
    body: str
    indicators: tuple[str, ...]
    points: int
    explanation: str
    line: int
    quiz_id: str
    scenario_index: int
    options: tuple[Option, ...] = ()
    categories: tuple[str, ...] = ()
    items: tuple[CategorizeItem, ...] = ()
    steps: tuple[DecisionStep, ...] = ()
    endings: tuple[DecisionEnding, ...] = ()

    @property
    def all_indicators(self) -> tuple[str, ...]:
        """The question's own indicator tags, then those of its answers, without repeats."""
        seen: dict[str, None] = dict.fromkeys(self.indicators)
        for option in self.options:
            seen.update(dict.fromkeys(option.indicators))
        for item in self.items:
            seen.update(dict.fromkeys(item.indicators))
        for step in self.steps:
            for choice in step.choices:
                seen.update(dict.fromkeys(choice.indicators))
        return tuple(seen)

    def step(self, step_id: str) -> DecisionStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def ending(self, ending_id: str) -> DecisionEnding | None:
        return next((e for e in self.endings if e.id == ending_id), None)


@dataclass(frozen=True, slots=True)
class Scenario:
    title: str
    narrative: str
    line: int
    questions: tuple[Question, ...]


class DeferredScenarios(Sequence[Scenario]):
    """A quiz's scenarios, built from stored data the first time they are needed.

    The content cache hands quizzes over with their scenarios still packed: a library of
    a thousand quizzes holds ten thousand questions, and building them all would delay
    the library screen, which shows only each quiz's title, question count and
    indicators. Those two are kept beside the packed data; everything else unpacks it
    (once; any thread). It behaves as the tuple of scenarios it stands for, and compares
    equal to it.
    """

    __slots__ = ("_build", "_data", "_value", "indicator_ids", "question_count")

    def __init__(
        self,
        data: bytes,
        build: Callable[[bytes], tuple[Scenario, ...]],
        question_count: int,
        indicator_ids: tuple[str, ...],
    ) -> None:
        self._data = data
        self._build = build
        self._value: tuple[Scenario, ...] | None = None
        self.question_count = question_count
        self.indicator_ids = indicator_ids

    @property
    def value(self) -> tuple[Scenario, ...]:
        """The scenarios, unpacked."""
        value = self._value
        if value is None:
            value = self._value = self._build(self._data)
            self._data = b""
        return value

    @property
    def unpacked(self) -> bool:
        return self._value is not None

    @overload
    def __getitem__(self, index: int) -> Scenario: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Scenario, ...]: ...

    def __getitem__(self, index: int | slice) -> Scenario | tuple[Scenario, ...]:
        return self.value[index]

    def __len__(self) -> int:
        return len(self.value)

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self.value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredScenarios):
            other = other.value
        return self.value == other

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return repr(self.value)


@dataclass(frozen=True, slots=True)
class Quiz:
    id: str
    title: str
    module: str | None
    mode: QuizMode
    pass_mark: int
    draw: int | None
    time_limit_minutes: int | None
    shuffle: bool
    version: int
    language: str
    intro: str
    #: A tuple, or (from the content cache) a :class:`DeferredScenarios` that acts as one.
    scenarios: Sequence[Scenario]
    path: str
    sha256: str

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.scenarios for q in s.questions)

    @property
    def question_count(self) -> int:
        """How many questions the quiz holds (without unpacking deferred scenarios)."""
        scenarios = self.scenarios
        if isinstance(scenarios, DeferredScenarios):
            return scenarios.question_count
        return sum(len(s.questions) for s in scenarios)

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """Every indicator its questions train (tags of questions and of their answers),
        in order of first appearance, without unpacking deferred scenarios."""
        scenarios = self.scenarios
        if isinstance(scenarios, DeferredScenarios):
            return scenarios.indicator_ids
        seen: dict[str, None] = {}
        for question in self.questions:
            seen.update(dict.fromkeys(question.all_indicators))
        return tuple(seen)

    @property
    def content_version(self) -> str:
        """What an attempt records as the version of the content it answered."""
        return f"{self.version}:{self.sha256[:12]}"

    def scenario_of(self, question: Question) -> Scenario:
        return self.scenarios[question.scenario_index]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def _empty_map() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Library:
    """Everything loaded from one or more content roots, plus the problems found."""

    roots: tuple[Path, ...]
    info: LibraryInfo | None
    modules: Mapping[str, Module] = field(default_factory=_empty_map)
    quizzes: Mapping[str, Quiz] = field(default_factory=_empty_map)
    indicators: Mapping[str, Indicator] = field(default_factory=_empty_map)
    dimensions: Mapping[str, Dimension] = field(default_factory=_empty_map)
    tracks: tuple[Track, ...] = ()
    taxonomies: tuple[Taxonomy, ...] = ()
    problems: tuple[Problem, ...] = ()
    file_count: int = 0
    #: The library file of every content folder loaded (shipped curriculum, then packs).
    infos: tuple[LibraryInfo, ...] = ()
    #: Which content folder's library file each ``module:ID`` and ``quiz:ID`` came from.
    origins: Mapping[str, LibraryInfo] = field(default_factory=_empty_map)

    def origin_of(self, kind: str, item_id: str) -> LibraryInfo | None:
        """The library file (pack id, version, publisher) a module or quiz came with."""
        return self.origins.get(f"{kind}:{item_id}")

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def modules_in_track(self, track_id: str) -> list[Module]:
        return sorted(
            (m for m in self.modules.values() if m.track == track_id),
            key=lambda m: (m.order, m.title),
        )

    def quizzes_for_module(self, module_id: str) -> list[Quiz]:
        return sorted(
            (q for q in self.quizzes.values() if q.module == module_id), key=lambda q: q.title
        )

    def all_questions(self) -> Iterator[tuple[Quiz, Question]]:
        for quiz in self.quizzes.values():
            for question in quiz.questions:
                yield quiz, question

    def questions_training(self, indicator_id: str) -> list[tuple[Quiz, Question]]:
        return [(z, q) for z, q in self.all_questions() if indicator_id in q.all_indicators]

    def modules_teaching(self, indicator_id: str) -> list[Module]:
        return [m for m in self.modules.values() if indicator_id in m.indicators]
