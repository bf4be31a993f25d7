"""The Qt-free quiz session flow, against a real progress store in a temp folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.core.engine import (
    CategorizeAnswer,
    ChoiceAnswer,
    DecisionAnswer,
    answer_from_json,
)
from trainer.core.loader import load_library
from trainer.core.model import Library, QuestionType, QuizMode
from trainer.core.progress import DiskFullError, ProgressStore
from trainer.core.quiz_run import (
    CommitStatus,
    QuizRun,
    VerdictKind,
    answer_complete,
    content_root,
    empty_answer,
    find_phrases,
    indicator_rows,
    link_context,
    placed,
    recommended_choices,
    resolve_content_path,
    right_answer,
    verdict_kind,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library"
QUIZ_ID = "quiz-reading-indicators"


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


class FakeWallClock:
    def __init__(self) -> None:
        self.moment = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def library(tmp_path: Path) -> Library:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return load_library(root)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(tmp_path / "data")
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def profile(store: ProgressStore) -> str:
    return store.create_profile("Officer Test").profile_id


def timed_library(tmp_path: Path, minutes: int) -> Library:
    root = tmp_path / "timed"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes" / "reading-indicators.md"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(
        text.replace("mode: practice\n", f"mode: exam\ntime_limit_minutes: {minutes}\n", 1),
        encoding="utf-8",
    )
    return load_library(root)


def answer_all_right(run: QuizRun) -> None:
    while True:
        result = run.commit(right_answer(run.question))
        assert result.recorded, result.error
        if not run.advance():
            break


def test_start_opens_a_session_with_the_drawn_questions(
    library: Library, store: ProgressStore, profile: str
) -> None:
    quiz = library.quizzes[QUIZ_ID]
    run = QuizRun.start(store, quiz, profile, seed=7)
    sessions = store.sessions(profile, QUIZ_ID)
    assert [s.session_id for s in sessions] == [run.session_id]
    session = sessions[0]
    assert session.seed == 7
    assert session.mode == "practice"
    assert session.content_version == quiz.content_version
    assert session.question_ids == tuple(pq.question.id for pq in run.paper.questions)
    assert run.count == 6 and run.index == 0 and not run.is_last


def test_practice_commit_records_then_returns_feedback(
    library: Library, store: ProgressStore, profile: str
) -> None:
    clock, wall = FakeClock(), FakeWallClock()
    quiz = library.quizzes[QUIZ_ID]
    run = QuizRun.start(store, quiz, profile, seed=3, clock=clock, now=wall)
    shown = run.shown_at
    clock.seconds += 12.5
    wall.moment += timedelta(seconds=12)
    answer = ChoiceAnswer(frozenset({0}))  # a wrong answer to packing-strongest
    result = run.commit(answer)
    assert result.status is CommitStatus.RECORDED
    assert result.feedback is not None and not result.feedback.correct
    stored = list(store.attempts(profile, QUIZ_ID))
    assert len(stored) == 1
    attempt = stored[0]
    assert attempt.question_id == "packing-strongest"
    assert attempt.question_type == "single"
    assert answer_from_json(attempt.answer) == answer
    assert attempt.correct is False and attempt.score == 0.0
    assert attempt.indicators == quiz.questions[0].all_indicators
    assert attempt.mode == "practice"
    assert attempt.shown_at == shown
    assert attempt.answered_at == wall.moment
    assert attempt.duration_ms == 12500
    assert attempt.content_id == QUIZ_ID
    assert attempt.content_version == quiz.content_version
    assert attempt.session_id == run.session_id


def test_a_recorded_question_cannot_be_answered_again(
    library: Library, store: ProgressStore, profile: str
) -> None:
    run = QuizRun.start(store, library.quizzes[QUIZ_ID], profile, seed=3)
    assert run.commit(ChoiceAnswer(frozenset({1}))).recorded
    again = run.commit(ChoiceAnswer(frozenset({0})))
    assert again.status is CommitStatus.CLOSED
    assert len(list(store.attempts(profile))) == 1


def test_incomplete_or_misfit_answers_are_rejected_without_recording(
    library: Library, store: ProgressStore, profile: str
) -> None:
    run = QuizRun.start(store, library.quizzes[QUIZ_ID], profile, seed=3)
    assert run.commit().status is CommitStatus.REJECTED  # no draft at all
    assert run.commit(ChoiceAnswer(frozenset())).status is CommitStatus.REJECTED
    assert run.commit(ChoiceAnswer(frozenset({0, 1}))).status is CommitStatus.REJECTED
    assert run.commit(DecisionAnswer(())).status is CommitStatus.REJECTED
    assert list(store.attempts(profile)) == []
    assert run.advance() is False and run.index == 0


def test_the_draft_is_what_commit_sends_by_default(
    library: Library, store: ProgressStore, profile: str
) -> None:
    run = QuizRun.start(store, library.quizzes[QUIZ_ID], profile, seed=3)
    run.set_draft(ChoiceAnswer(frozenset({1})))
    assert run.draft == ChoiceAnswer(frozenset({1}))
    assert run.commit().recorded
    assert run.grade_of("packing-strongest") is not None
    assert run.grade_of("packing-strongest").correct  # type: ignore[union-attr]


def test_exam_withholds_feedback_until_finish(
    library: Library, store: ProgressStore, profile: str
) -> None:
    quiz = library.quizzes[QUIZ_ID]
    run = QuizRun.start(store, quiz, profile, mode=QuizMode.EXAM, seed=5)
    assert not run.gives_feedback
    result = run.commit(right_answer(run.question))
    assert result.recorded and result.feedback is None
    assert run.advance()
    outcome = run.finish()
    assert outcome.saved and outcome.unanswered == 5
    assert outcome.result.grades[0].correct
    session = store.sessions(profile, QUIZ_ID)[0]
    assert session.mode == "exam" and session.finished
    assert session.score == pytest.approx(1.0) and session.max_score == 6.0
    assert session.passed is False
    assert all(a.mode == "exam" for a in store.attempts(profile))


def test_all_right_passes_and_finish_is_stored_once(
    library: Library, store: ProgressStore, profile: str
) -> None:
    run = QuizRun.start(store, library.quizzes[QUIZ_ID], profile, seed=11)
    answer_all_right(run)
    assert run.is_last and run.answered_count == 6
    outcome = run.finish()
    assert outcome.result.percent == pytest.approx(100.0) and outcome.result.passed
    assert run.finished
    assert run.finish() is outcome
    finished = [s for s in store.sessions(profile) if s.finished]
    assert len(finished) == 1 and finished[0].passed is True
    attempts = list(store.attempts(profile))
    assert len(attempts) == 6 and all(a.correct for a in attempts)
    assert run.commit(ChoiceAnswer(frozenset({0}))).status is CommitStatus.CLOSED


def test_time_limit_counts_down_and_unanswered_questions_score_zero(
    tmp_path: Path, store: ProgressStore, profile: str
) -> None:
    library = timed_library(tmp_path, minutes=2)
    quiz = library.quizzes[QUIZ_ID]
    clock = FakeClock()
    run = QuizRun.start(store, quiz, profile, seed=1, clock=clock)
    assert run.mode is QuizMode.EXAM
    assert run.remaining_seconds() == pytest.approx(120.0)
    clock.seconds += 30
    assert run.remaining_seconds() == pytest.approx(90.0)
    assert run.commit(right_answer(run.question)).recorded
    assert run.advance()
    clock.seconds += 91
    assert run.time_up and run.remaining_seconds() == 0.0
    late = run.commit(right_answer(run.question))
    assert late.status is CommitStatus.TIME_UP and not late.recorded
    assert len(list(store.attempts(profile))) == 1
    outcome = run.finish()
    assert outcome.timed_out and outcome.unanswered == 5
    assert outcome.result.percent == pytest.approx(100.0 / 6)


def test_practice_has_no_time_limit_even_when_the_quiz_has_one(
    tmp_path: Path, store: ProgressStore, profile: str
) -> None:
    library = timed_library(tmp_path, minutes=1)
    clock = FakeClock()
    run = QuizRun.start(
        store, library.quizzes[QUIZ_ID], profile, mode=QuizMode.PRACTICE, clock=clock
    )
    clock.seconds += 10_000
    assert run.remaining_seconds() is None and not run.time_up


def test_recording_failure_reports_the_message_and_a_retry_records_once(
    library: Library, store: ProgressStore, profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = QuizRun.start(store, library.quizzes[QUIZ_ID], profile, seed=3)
    real = store.record_attempt
    sent = []

    def failing(data):  # type: ignore[no-untyped-def]
        sent.append(data)
        raise DiskFullError("Could not save your progress: the disk is full.")

    monkeypatch.setattr(store, "record_attempt", failing)
    answer = ChoiceAnswer(frozenset({1}))
    result = run.commit(answer)
    assert result.status is CommitStatus.FAILED and not result.recorded
    assert result.feedback is None
    assert result.error == "Could not save your progress: the disk is full."
    assert not run.current_recorded and run.advance() is False

    def recording(data):  # type: ignore[no-untyped-def]
        sent.append(data)
        return real(data)

    monkeypatch.setattr(store, "record_attempt", recording)
    again = run.commit(answer)
    assert again.recorded and again.feedback is not None
    assert sent[0] == sent[1]  # the identical record, same attempt id
    assert len(list(store.attempts(profile))) == 1


def test_a_changed_answer_after_a_failure_is_a_new_record(
    library: Library, store: ProgressStore, profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = QuizRun.start(store, library.quizzes[QUIZ_ID], profile, seed=3)
    real = store.record_attempt
    monkeypatch.setattr(
        store, "record_attempt", lambda data: (_ for _ in ()).throw(DiskFullError("full"))
    )
    assert run.commit(ChoiceAnswer(frozenset({0}))).status is CommitStatus.FAILED
    monkeypatch.setattr(store, "record_attempt", real)
    assert run.commit(ChoiceAnswer(frozenset({1}))).recorded
    stored = list(store.attempts(profile))
    assert [answer_from_json(a.answer) for a in stored] == [ChoiceAnswer(frozenset({1}))]


def test_finish_failure_keeps_the_result_and_can_be_saved_again(
    library: Library, store: ProgressStore, profile: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = QuizRun.start(store, library.quizzes[QUIZ_ID], profile, seed=3)
    real = store.finish_session
    monkeypatch.setattr(
        store,
        "finish_session",
        lambda *a, **k: (_ for _ in ()).throw(DiskFullError("The disk is full.")),
    )
    outcome = run.finish()
    assert outcome.error == "The disk is full." and not run.finished
    monkeypatch.setattr(store, "finish_session", real)
    saved = run.finish()
    assert saved.saved and run.finished
    assert saved.result is outcome.result


def test_retry_starts_a_new_session_with_a_new_shuffle(
    library: Library, store: ProgressStore, profile: str
) -> None:
    seeds = iter([5, 5, 5, 9, 12])
    run = QuizRun.start(store, library.quizzes[QUIZ_ID], profile, seed_source=lambda: next(seeds))
    assert run.seed == 5
    again = run.retry()
    assert again.seed not in (5,)
    assert again.session_id != run.session_id
    assert [pq.order for pq in again.paper.questions] != [pq.order for pq in run.paper.questions]
    assert again.mode is run.mode
    assert len(store.sessions(profile, QUIZ_ID)) == 2


def test_retry_of_a_quiz_that_never_shuffles_still_gets_a_new_seed(
    tmp_path: Path, store: ProgressStore, profile: str
) -> None:
    root = tmp_path / "fixed"
    shutil.copytree(FIXTURE, root)
    quiz_file = root / "quizzes" / "reading-indicators.md"
    quiz_file.write_text(
        quiz_file.read_text(encoding="utf-8").replace(
            "version: 1\n", "version: 1\nshuffle: false\n", 1
        ),
        encoding="utf-8",
    )
    quiz = load_library(root).quizzes[QUIZ_ID]
    run = QuizRun.start(store, quiz, profile, seed_source=lambda: 4)
    again = run.retry()
    assert again.seed != run.seed
    assert [pq.order for pq in again.paper.questions] == [pq.order for pq in run.paper.questions]


# ---------------------------------------------------------------- helpers


def test_answer_complete_per_type(library: Library) -> None:
    quiz = library.quizzes[QUIZ_ID]
    by_type = {q.type: q for q in quiz.questions}
    single = by_type[QuestionType.SINGLE]
    assert not answer_complete(single, empty_answer(single))
    assert answer_complete(single, ChoiceAnswer(frozenset({2})))
    multiple = by_type[QuestionType.MULTIPLE]
    assert answer_complete(multiple, ChoiceAnswer(frozenset({0, 3})))
    sort = by_type[QuestionType.CATEGORIZE]
    half = placed(empty_answer(sort), 0, "Act")  # type: ignore[arg-type]
    assert half.placement == ("Act", None, None)
    assert not answer_complete(sort, half)
    assert answer_complete(sort, CategorizeAnswer(("Act", "Act", "Act")))
    decision = by_type[QuestionType.DECISION]
    assert not answer_complete(decision, DecisionAnswer((0,)))
    assert answer_complete(decision, DecisionAnswer((0, 1)))
    assert not answer_complete(decision, DecisionAnswer((5,)))
    assert not answer_complete(decision, ChoiceAnswer(frozenset({0})))


def test_recommended_choices_follow_the_ticked_path(library: Library) -> None:
    decision = library.quizzes[QUIZ_ID].question("minibus-decision")
    assert decision is not None
    assert recommended_choices(decision) == (0, 0)


def test_right_answer_scores_full_marks_for_every_question(library: Library) -> None:
    from trainer.core.engine import grade

    for question in library.quizzes[QUIZ_ID].questions:
        assert grade(question, right_answer(question)).correct, question.id


def test_verdict_kinds(library: Library, store: ProgressStore, profile: str) -> None:
    quiz = library.quizzes[QUIZ_ID]
    multiple = quiz.question("packing-select-all")
    assert multiple is not None
    from trainer.core.engine import grade

    verdicts = grade(multiple, ChoiceAnswer(frozenset({0, 3}))).verdicts
    kinds = [verdict_kind(multiple, v) for v in verdicts]
    assert kinds == [VerdictKind.RIGHT, VerdictKind.MISSED, VerdictKind.MISSED, VerdictKind.WRONG]
    sort = quiz.question("packing-sort")
    assert sort is not None
    graded = grade(sort, CategorizeAnswer(("Act", None, "Means")))
    assert [verdict_kind(sort, v) for v in graded.verdicts] == [
        VerdictKind.RIGHT,
        VerdictKind.MISSED,
        VerdictKind.WRONG,
    ]


def test_find_phrases_ignores_case_and_line_breaks() -> None:
    text = (
        "The agency KEEPS her\npassport. She says the amount grows every month; "
        "it keeps her passport."
    )
    spans = find_phrases(text, ["keeps her passport", "the amount grows", "absent phrase"])
    assert [(s.option, text[s.start : s.end]) for s in spans] == [
        (0, "KEEPS her\npassport"),
        (1, "the amount grows"),
        (0, "keeps her passport"),
    ]


def test_find_phrases_never_overlaps_and_matches_any_quote_style() -> None:
    text = "He said “for safety” and kept the passport for safety."
    spans = find_phrases(text, ['"for safety"', "kept the passport for safety"])
    assert [(s.option, text[s.start : s.end]) for s in spans] == [
        (0, "“for safety”"),
        (1, "kept the passport for safety"),
    ]


def test_indicator_rows_name_the_indicators_weakest_first(
    library: Library, store: ProgressStore, profile: str
) -> None:
    quiz = library.quizzes[QUIZ_ID]
    run = QuizRun.start(store, quiz, profile, seed=2)
    assert run.commit(right_answer(run.question)).recorded
    rows = indicator_rows(library, run.finish().result)
    by_id = {r.indicator_id: r for r in rows}
    retention = by_id["document-retention"]
    assert retention.name == library.indicators["document-retention"].name
    dimension_id = library.indicators["document-retention"].dimension
    assert retention.dimension == library.dimensions[dimension_id].name
    assert retention.earned == pytest.approx(1.0) and retention.possible > 1.0
    assert rows[0].percent <= rows[-1].percent
    assert by_id["debt-bondage"].earned == 0.0


def test_link_context_and_content_paths(library: Library, tmp_path: Path) -> None:
    quiz = library.quizzes[QUIZ_ID]
    located = content_root(library, quiz)
    assert located is not None
    root, rel = located
    assert root == library.roots[0] and str(rel) == "quizzes/reading-indicators.md"
    context = link_context(library, quiz)
    assert context is not None and context.files["modules/reading-indicators.md"] == (
        "module:reading-indicators"
    )
    picture = resolve_content_path(root, "content:modules/images/checklist.png")
    assert picture is not None and picture.is_file()
    assert resolve_content_path(root, "content:../../etc/passwd") is None
    assert resolve_content_path(root, "content:modules/missing.png") is None


def test_controls_follow_the_mode_and_the_answer(
    library: Library, store: ProgressStore, profile: str
) -> None:
    quiz = library.quizzes[QUIZ_ID]
    practice = QuizRun.start(store, quiz, profile, seed=3)
    empty = practice.controls(ChoiceAnswer(frozenset()))
    assert empty.shows_check and not empty.can_check and not empty.can_go_on
    assert not empty.complete and not empty.finishes
    answer = right_answer(practice.question)
    ready = practice.controls(answer)
    assert ready.can_check and not ready.can_go_on and not ready.saves_on_go
    assert practice.commit(answer).recorded
    done = practice.controls(answer)
    assert done.recorded and not done.can_check and done.can_go_on

    exam = QuizRun.start(store, quiz, profile, mode=QuizMode.EXAM, seed=3)
    assert not exam.controls(None).can_go_on
    exam_ready = exam.controls(right_answer(exam.question))
    assert not exam_ready.shows_check and not exam_ready.can_check
    assert exam_ready.can_go_on and exam_ready.saves_on_go

    while exam.question.type is not QuestionType.DECISION:
        assert exam.commit(right_answer(exam.question)).recorded
        assert exam.advance()
    last = exam.controls(DecisionAnswer((0,)))
    assert last.finishes and not last.complete and not last.can_go_on
    exam.finish()
    closed = exam.controls(right_answer(exam.question))
    assert not closed.can_go_on and not closed.can_check and not closed.saves_on_go


def test_practice_decisions_have_no_check_action(
    library: Library, store: ProgressStore, profile: str
) -> None:
    run = QuizRun.start(store, library.quizzes[QUIZ_ID], profile, seed=3)
    while run.question.type is not QuestionType.DECISION:
        assert run.commit(right_answer(run.question)).recorded
        assert run.advance()
    assert not run.controls(DecisionAnswer(())).shows_check
