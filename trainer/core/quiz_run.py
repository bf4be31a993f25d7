"""One sitting of a quiz, without Qt: draw, show, answer, record, total.

:class:`QuizRun` owns the flow the quiz screens follow. It draws a paper with
:func:`engine.draw_paper`, starts a session in a :class:`Recorder` (the progress store, or
an in-memory stand-in for a trainer's try-out), keeps the current question, when it was
shown and the learner's answer so far, and on :meth:`QuizRun.commit` grades the answer
and records it durably *before* reporting it as recorded. Practice runs hand the grade
back at once; exam runs keep it until :meth:`QuizRun.finish`. Exam time is measured with
an injected monotonic clock.

The helpers below it hold the small rules the screens need (is an answer complete,
where are the spot phrases in the narrative, what is the recommended decision path,
how do indicators add up) so the widgets stay thin.
"""

from __future__ import annotations

import random
import re
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Protocol

from trainer.core.engine import (
    Answer,
    AnswerError,
    CategorizeAnswer,
    ChoiceAnswer,
    DecisionAnswer,
    Grade,
    Paper,
    PaperQuestion,
    QuizResult,
    Verdict,
    answer_to_json,
    decision_path,
    draw_paper,
    grade,
    score_paper,
)
from trainer.core.model import (
    DecisionEnding,
    DecisionStep,
    Library,
    Option,
    Question,
    QuestionType,
    Quiz,
    QuizMode,
)
from trainer.core.progress import AttemptInput, ProgressError
from trainer.core.progress.models import utc_now
from trainer.core.render import LinkContext

__all__ = [
    "CommitResult",
    "CommitStatus",
    "Controls",
    "FinishOutcome",
    "IndicatorRow",
    "PhraseSpan",
    "QuizRun",
    "Recorder",
    "VerdictKind",
    "answer_complete",
    "content_root",
    "displayed_options",
    "empty_answer",
    "find_phrases",
    "indicator_names",
    "indicator_rows",
    "link_context",
    "new_seed",
    "placed",
    "recommended_choices",
    "resolve_content_path",
    "right_answer",
    "verdict_kind",
]

#: A monotonic clock in seconds (``time.monotonic`` in the app, a fake in tests).
Clock = Callable[[], float]
#: The wall clock, as an aware UTC datetime.
WallClock = Callable[[], datetime]
#: Where new seeds come from.
SeedSource = Callable[[], int]

_RESHUFFLE_TRIES = 32


class Recorder(Protocol):
    """Where a run records its session and answers. :class:`ProgressStore` is one; a
    trainer's try-out uses :class:`trainer.core.memory_recorder.MemoryRecorder`, which
    keeps them in memory. Each method raises :class:`ProgressError` when it fails."""

    def start_session(
        self,
        profile_id: str,
        quiz_id: str,
        mode: str,
        question_ids: Sequence[str],
        seed: int,
        content_version: str,
        *,
        started_at: datetime | None = None,
    ) -> str: ...

    def record_attempt(self, data: AttemptInput) -> object: ...

    def finish_session(
        self,
        session_id: str,
        score: float,
        max_score: float,
        passed: bool,
        *,
        finished_at: datetime | None = None,
    ) -> object: ...


def new_seed() -> int:
    """A fresh random seed for a paper."""
    return random.SystemRandom().randrange(1, 2**31 - 1)


class CommitStatus(StrEnum):
    #: The answer is on disk.
    RECORDED = "recorded"
    #: Recording failed; the message says why and the learner may try again.
    FAILED = "failed"
    #: The answer does not fit the question or is not complete yet; nothing was stored.
    REJECTED = "rejected"
    #: The exam's time ran out before the answer was given; nothing was stored.
    TIME_UP = "time-up"
    #: The run is finished (or this question was already answered); nothing was stored.
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class CommitResult:
    status: CommitStatus
    #: The grade to show now: set in practice mode once recorded, ``None`` otherwise.
    feedback: Grade | None = None
    #: A message for the learner when nothing was recorded.
    error: str | None = None

    @property
    def recorded(self) -> bool:
        return self.status is CommitStatus.RECORDED


@dataclass(frozen=True, slots=True)
class FinishOutcome:
    result: QuizResult
    #: Why the result could not be saved (the answers themselves are saved), else ``None``.
    error: str | None = None
    #: Questions of the paper left unanswered (they score zero).
    unanswered: int = 0
    #: True when the run ended because the exam's time ran out.
    timed_out: bool = False

    @property
    def saved(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class Controls:
    """What the learner can do on the current question, for the screen's buttons."""

    #: Practice: a separate "check" action exists for this question (not for decisions,
    #: which are checked as soon as they reach an ending).
    shows_check: bool
    #: The check action is available now (complete answer, not recorded yet).
    can_check: bool
    #: The go-on action (next question, or finish on the last) is available now.
    can_go_on: bool
    #: Going on first records the answer (exam mode, answer not recorded yet).
    saves_on_go: bool
    #: Going on finishes the run (the last question).
    finishes: bool
    #: The answer so far is complete enough to be checked or saved.
    complete: bool
    #: The current answer is recorded.
    recorded: bool


@dataclass
class _Pending:
    """An attempt that failed to record, kept so a retry sends exactly the same record."""

    answer: Answer
    data: AttemptInput
    grade: Grade


class QuizRun:
    """One sitting of one quiz by one learner. Build it with :meth:`start`."""

    def __init__(
        self,
        store: Recorder,
        quiz: Quiz,
        profile_id: str,
        paper: Paper,
        session_id: str,
        *,
        clock: Clock,
        now: WallClock,
        seed_source: SeedSource,
    ) -> None:
        self._store = store
        self._quiz = quiz
        self._profile_id = profile_id
        self._paper = paper
        self._session_id = session_id
        self._clock = clock
        self._now = now
        self._seed_source = seed_source
        self._started_mono = clock()
        self._index = 0
        self._shown_at = now()
        self._shown_mono = self._started_mono
        self._drafts: dict[str, Answer] = {}
        self._grades: dict[str, Grade] = {}
        self._pending: dict[str, _Pending] = {}
        self._outcome: FinishOutcome | None = None
        self._timed_out = False

    # ------------------------------------------------------------ building

    @classmethod
    def start(
        cls,
        store: Recorder,
        quiz: Quiz,
        profile_id: str,
        *,
        mode: QuizMode | None = None,
        seed: int | None = None,
        clock: Clock = time.monotonic,
        now: WallClock = utc_now,
        seed_source: SeedSource = new_seed,
    ) -> QuizRun:
        """Draw a paper and start a session for it.

        Raises :class:`ProgressError` (with a message for the learner) when the session
        cannot be started.
        """
        chosen_seed = seed_source() if seed is None else seed
        paper = draw_paper(quiz, seed=chosen_seed, mode=mode or quiz.mode)
        return cls._begin(store, quiz, profile_id, paper, clock, now, seed_source)

    @classmethod
    def _begin(
        cls,
        store: Recorder,
        quiz: Quiz,
        profile_id: str,
        paper: Paper,
        clock: Clock,
        now: WallClock,
        seed_source: SeedSource,
    ) -> QuizRun:
        session_id = store.start_session(
            profile_id,
            quiz.id,
            paper.mode.value,
            [pq.question.id for pq in paper.questions],
            paper.seed,
            quiz.content_version,
            started_at=now(),
        )
        return cls(
            store,
            quiz,
            profile_id,
            paper,
            session_id,
            clock=clock,
            now=now,
            seed_source=seed_source,
        )

    def retry(self) -> QuizRun:
        """A new run of the same quiz and mode with a new seed, so the answers are
        shuffled differently (when the quiz shuffles at all). Raises :class:`ProgressError`
        when the new session cannot be started."""
        fingerprint = _paper_fingerprint(self._paper)
        paper = self._paper
        for _ in range(_RESHUFFLE_TRIES):
            seed = self._seed_source()
            if seed == self._paper.seed:
                continue
            paper = draw_paper(self._quiz, seed=seed, mode=self._paper.mode)
            if _paper_fingerprint(paper) != fingerprint:
                break
        if paper.seed == self._paper.seed:
            seed = self._paper.seed + 1
            paper = draw_paper(self._quiz, seed=seed, mode=self._paper.mode)
        return self._begin(
            self._store,
            self._quiz,
            self._profile_id,
            paper,
            self._clock,
            self._now,
            self._seed_source,
        )

    # ------------------------------------------------------------ what is shown

    @property
    def quiz(self) -> Quiz:
        return self._quiz

    @property
    def paper(self) -> Paper:
        return self._paper

    @property
    def mode(self) -> QuizMode:
        return self._paper.mode

    @property
    def seed(self) -> int:
        return self._paper.seed

    @property
    def session_id(self) -> str:
        return self._session_id

    @property
    def profile_id(self) -> str:
        return self._profile_id

    @property
    def count(self) -> int:
        return len(self._paper.questions)

    @property
    def index(self) -> int:
        """The 0-based number of the current question."""
        return self._index

    @property
    def current(self) -> PaperQuestion:
        return self._paper.questions[self._index]

    @property
    def question(self) -> Question:
        return self.current.question

    @property
    def is_last(self) -> bool:
        return self._index == self.count - 1

    @property
    def shown_at(self) -> datetime:
        """When the current question was shown (UTC)."""
        return self._shown_at

    @property
    def gives_feedback(self) -> bool:
        """True when each answer's grade is shown at once (practice)."""
        return self._paper.mode is QuizMode.PRACTICE

    @property
    def draft(self) -> Answer | None:
        """The learner's answer so far to the current question."""
        return self._drafts.get(self.question.id)

    def set_draft(self, answer: Answer | None) -> None:
        """Remember the learner's answer so far (ignored once the question is answered)."""
        qid = self.question.id
        if qid in self._grades:
            return
        if answer is None:
            self._drafts.pop(qid, None)
        else:
            self._drafts[qid] = answer

    @property
    def current_recorded(self) -> bool:
        return self.question.id in self._grades

    def grade_of(self, question_id: str) -> Grade | None:
        """The grade of an answered question (the results page reads it in every mode)."""
        return self._grades.get(question_id)

    def answer_of(self, question_id: str) -> Answer | None:
        """The answer recorded for a question, or the draft when none was recorded."""
        return self._drafts.get(question_id)

    @property
    def answered_count(self) -> int:
        return len(self._grades)

    def controls(self, answer: Answer | None) -> Controls:
        """Which actions the screen offers for ``answer`` on the current question.

        Practice: check a complete answer, then go on. Exam: going on saves a complete
        answer first. After the run finished nothing is available.
        """
        closed = self._outcome is not None
        recorded = self.current_recorded
        complete = answer is not None and answer_complete(self.question, answer)
        practice = self.gives_feedback
        shows_check = practice and self.question.type is not QuestionType.DECISION
        if closed:
            can_go_on = False
        elif practice:
            can_go_on = recorded
        else:
            can_go_on = recorded or complete
        return Controls(
            shows_check=shows_check,
            can_check=not closed and practice and complete and not recorded,
            can_go_on=can_go_on,
            saves_on_go=not closed and not practice and not recorded,
            finishes=self.is_last,
            complete=complete,
            recorded=recorded,
        )

    # ------------------------------------------------------------ time

    @property
    def time_limit_seconds(self) -> int | None:
        return self._paper.time_limit_seconds

    def elapsed_seconds(self) -> float:
        return max(0.0, self._clock() - self._started_mono)

    def remaining_seconds(self) -> float | None:
        """Seconds left in an exam with a time limit (never below 0), else ``None``."""
        limit = self.time_limit_seconds
        if limit is None:
            return None
        return max(0.0, limit - self.elapsed_seconds())

    @property
    def time_up(self) -> bool:
        remaining = self.remaining_seconds()
        return remaining is not None and remaining <= 0.0

    # ------------------------------------------------------------ answering

    def commit(self, answer: Answer | None = None) -> CommitResult:
        """Grade and durably record the answer to the current question.

        ``answer`` defaults to the draft. The answer is reported as recorded only once
        the store has it on disk; if the store fails, the error message comes back and
        the same answer may be committed again (the retry writes the identical record,
        so it is never stored twice).
        """
        if self._outcome is not None or self.current_recorded:
            return CommitResult(CommitStatus.CLOSED, error="This question is already answered.")
        if self.time_up:
            self._timed_out = True
            return CommitResult(CommitStatus.TIME_UP, error="The time for this exam is up.")
        question = self.question
        given = answer if answer is not None else self.draft
        if given is None or not answer_complete(question, given):
            return CommitResult(CommitStatus.REJECTED, error="The answer is not complete yet.")
        pending = self._pending.get(question.id)
        if pending is None or pending.answer != given:
            try:
                graded = grade(question, given)
            except AnswerError as exc:
                return CommitResult(CommitStatus.REJECTED, error=str(exc))
            pending = _Pending(given, self._attempt_input(question, given, graded), graded)
            self._pending[question.id] = pending
        self._drafts[question.id] = given
        try:
            self._store.record_attempt(pending.data)
        except ProgressError as exc:
            return CommitResult(CommitStatus.FAILED, error=str(exc))
        del self._pending[question.id]
        self._grades[question.id] = pending.grade
        return CommitResult(
            CommitStatus.RECORDED, feedback=pending.grade if self.gives_feedback else None
        )

    def _attempt_input(self, question: Question, answer: Answer, graded: Grade) -> AttemptInput:
        answered_at = self._now()
        duration = max(0, round((self._clock() - self._shown_mono) * 1000))
        return AttemptInput(
            profile_id=self._profile_id,
            session_id=self._session_id,
            quiz_id=self._quiz.id,
            question_id=question.id,
            question_type=question.type.value,
            answer=answer_to_json(answer),
            correct=graded.correct,
            score=min(1.0, max(0.0, graded.score)),
            indicators=question.all_indicators,
            mode=self._paper.mode.value,
            shown_at=self._shown_at,
            answered_at=max(answered_at, self._shown_at),
            duration_ms=duration,
            content_version=self._quiz.content_version,
            attempt_id=uuid.uuid4().hex,
            content_id=self._quiz.id,
        )

    def advance(self) -> bool:
        """Move to the next question once the current one is recorded.

        Returns False (and stays) when the current answer is not recorded yet, the
        question is the last one, or the run is finished.
        """
        if self._outcome is not None or not self.current_recorded or self.is_last:
            return False
        self._index += 1
        self._shown_at = self._now()
        self._shown_mono = self._clock()
        return True

    # ------------------------------------------------------------ the end

    @property
    def finished(self) -> bool:
        return self._outcome is not None and self._outcome.saved

    @property
    def outcome(self) -> FinishOutcome | None:
        return self._outcome

    def finish(self) -> FinishOutcome:
        """Total the paper (unanswered questions score zero) and record the session's end.

        Calling it again after the store failed to save the result tries to save it
        again; after a success it returns the same outcome.
        """
        if self._outcome is not None and self._outcome.saved:
            return self._outcome
        if self.time_up:
            self._timed_out = True
        result = self._outcome.result if self._outcome else score_paper(self._paper, self._grades)
        possible = float(result.possible)
        earned = min(possible, max(0.0, result.earned))
        error: str | None = None
        try:
            self._store.finish_session(
                self._session_id, earned, possible, result.passed, finished_at=self._now()
            )
        except ProgressError as exc:
            error = str(exc)
        self._outcome = FinishOutcome(
            result,
            error,
            unanswered=self.count - len(self._grades),
            timed_out=self._timed_out,
        )
        return self._outcome


def _paper_fingerprint(paper: Paper) -> tuple[tuple[str, tuple[int, ...]], ...]:
    return tuple((pq.question.id, pq.order) for pq in paper.questions)


# ---------------------------------------------------------------- answers


def empty_answer(question: Question) -> Answer:
    """The answer before the learner has done anything."""
    if question.type is QuestionType.CATEGORIZE:
        return CategorizeAnswer(tuple(None for _ in question.items))
    if question.type is QuestionType.DECISION:
        return DecisionAnswer(())
    return ChoiceAnswer(frozenset())


def answer_complete(question: Question, answer: Answer) -> bool:
    """True when the answer can be checked: one choice for single and true-false, at
    least one for multiple and spot, every item sorted, or a decision path that reached
    an ending."""
    kind = question.type
    if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
        return isinstance(answer, ChoiceAnswer) and len(answer.selected) == 1
    if kind in (QuestionType.MULTIPLE, QuestionType.SPOT):
        return isinstance(answer, ChoiceAnswer) and len(answer.selected) >= 1
    if kind is QuestionType.CATEGORIZE:
        return (
            isinstance(answer, CategorizeAnswer)
            and len(answer.placement) == len(question.items)
            and all(p is not None for p in answer.placement)
        )
    if not isinstance(answer, DecisionAnswer):
        return False
    try:
        _, node = decision_path(question, answer.choices)
    except AnswerError:
        return False
    return isinstance(node, DecisionEnding)


def right_answer(question: Question) -> Answer:
    """The answer that earns full points (the recommended path for a decision)."""
    if question.type is QuestionType.CATEGORIZE:
        return CategorizeAnswer(tuple(item.category for item in question.items))
    if question.type is QuestionType.DECISION:
        return DecisionAnswer(recommended_choices(question))
    return ChoiceAnswer(frozenset(i for i, o in enumerate(question.options) if o.correct))


def placed(answer: CategorizeAnswer, item: int, category: str | None) -> CategorizeAnswer:
    """``answer`` with item number ``item`` put in ``category`` (``None``: unsorted)."""
    placement = list(answer.placement)
    placement[item] = category
    return CategorizeAnswer(tuple(placement))


def recommended_choices(question: Question) -> tuple[int, ...]:
    """The path of recommended (``[x]``) choices from the first step to an ending.

    At a step without a recommended choice the first choice is taken; the path stops
    if it would visit a step twice.
    """
    if not question.steps:
        return ()
    choices: list[int] = []
    node: DecisionStep | DecisionEnding | None = question.steps[0]
    seen: set[str] = set()
    while isinstance(node, DecisionStep) and node.id not in seen and node.choices:
        seen.add(node.id)
        number = next((i for i, c in enumerate(node.choices) if c.correct), 0)
        choices.append(number)
        target = node.choices[number].target or ""
        node = question.step(target) or question.ending(target)
    return tuple(choices)


class VerdictKind(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    MISSED = "missed"


def verdict_kind(question: Question, verdict: Verdict) -> VerdictKind | None:
    """How to mark one option, item or decision choice after grading.

    Chosen and right: right; chosen and wrong: wrong; right but not chosen (or an item
    left unsorted): missed; a wrong option left alone: ``None``.
    """
    if question.type is QuestionType.DECISION:
        return VerdictKind.RIGHT if verdict.right else VerdictKind.WRONG
    if verdict.chosen:
        return VerdictKind.RIGHT if verdict.right else VerdictKind.WRONG
    if verdict.right or question.type is QuestionType.CATEGORIZE:
        return VerdictKind.MISSED
    return None


def displayed_options(pq: PaperQuestion) -> list[tuple[int, Option]]:
    """The options of a choice or spot question in the order shown, with file numbers."""
    options = pq.question.options
    return [(i, options[i]) for i in pq.order if 0 <= i < len(options)]


# ---------------------------------------------------------------- spot phrases


@dataclass(frozen=True, slots=True)
class PhraseSpan:
    """Where option ``option`` (its file number) occurs in a text: ``[start, end)``."""

    option: int
    start: int
    end: int


_QUOTES = "\"'“”„‘’«»"


def _phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    parts: list[str] = []
    for word in phrase.split():
        chunk = "".join(
            f"[{re.escape(_QUOTES)}]" if ch in _QUOTES else re.escape(ch) for ch in word
        )
        parts.append(chunk)
    if not parts:
        return None
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def find_phrases(text: str, phrases: Sequence[str]) -> list[PhraseSpan]:
    """Every occurrence of each phrase in ``text``, ignoring case and line breaks.

    Longer phrases are placed first and spans never overlap; the result is sorted by
    position. Option numbers are the indexes into ``phrases``.
    """
    taken: list[PhraseSpan] = []
    by_length = sorted(range(len(phrases)), key=lambda i: -len(phrases[i]))
    for number in by_length:
        pattern = _phrase_pattern(phrases[number])
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < s.end and s.start < end for s in taken):
                continue
            taken.append(PhraseSpan(number, start, end))
    return sorted(taken, key=lambda s: s.start)


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    indicator_id: str
    name: str
    dimension: str
    earned: float
    possible: float
    questions: int
    correct: int

    @property
    def percent(self) -> float:
        return 100.0 * self.earned / self.possible if self.possible else 0.0


def indicator_rows(library: Library, result: QuizResult) -> list[IndicatorRow]:
    """The result's per-indicator tallies with names, weakest first (then by name).

    An indicator missing from the taxonomy is shown by its id with no dimension.
    """
    rows: list[IndicatorRow] = []
    for indicator_id, tally in result.by_indicator.items():
        indicator = library.indicators.get(indicator_id)
        name = indicator.name if indicator else indicator_id
        dimension = ""
        if indicator is not None:
            found = library.dimensions.get(indicator.dimension)
            dimension = found.name if found else indicator.dimension
        rows.append(
            IndicatorRow(
                indicator_id,
                name,
                dimension,
                tally.earned,
                tally.possible,
                tally.questions,
                tally.correct,
            )
        )
    return sorted(rows, key=lambda r: (r.percent, r.name.casefold()))


def indicator_names(library: Library, ids: Iterable[str]) -> list[str]:
    """Display names of indicator ids (the id itself when the taxonomy lacks it)."""
    return [library.indicators[i].name if i in library.indicators else i for i in ids]


# ---------------------------------------------------------------- content files


def content_root(library: Library, quiz: Quiz) -> tuple[Path, PurePosixPath] | None:
    """The content root a quiz was loaded from and the quiz's path inside it."""
    if not library.roots:
        return None
    path = Path(quiz.path)
    if len(library.roots) == 1 and not path.is_absolute():
        return library.roots[0], PurePosixPath(path.as_posix())
    for root in library.roots:
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue
        return root, PurePosixPath(rel.as_posix())
    return None


def _files_of(library: Library, root: Path) -> dict[str, str]:
    files: dict[str, str] = {}
    single = len(library.roots) == 1
    entries: list[tuple[str, str]] = [(m.path, f"module:{m.id}") for m in library.modules.values()]
    entries += [(q.path, f"quiz:{q.id}") for q in library.quizzes.values()]
    for path, target in entries:
        candidate = Path(path)
        if single and not candidate.is_absolute():
            files[PurePosixPath(candidate.as_posix()).as_posix()] = target
            continue
        try:
            files[PurePosixPath(candidate.relative_to(root).as_posix()).as_posix()] = target
        except ValueError:
            continue
    return files


def link_context(library: Library, quiz: Quiz) -> LinkContext | None:
    """The context to render a quiz's Markdown with (relative pictures and links)."""
    located = content_root(library, quiz)
    if located is None:
        return None
    root, rel = located
    return LinkContext(root=root, base=rel.parent, files=_files_of(library, root))


def resolve_content_path(root: Path, reference: str) -> Path | None:
    """The file a ``content:REL/PATH`` reference names, if it lies inside ``root``."""
    rel = reference.split(":", 1)[1] if reference.lower().startswith("content:") else reference
    rel = rel.lstrip("/")
    if not rel:
        return None
    candidate = (root / rel).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None
