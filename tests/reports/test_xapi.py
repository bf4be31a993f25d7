"""xAPI statements: every one valid, deterministic ids, pseudonymous actors, faithful results."""

from __future__ import annotations

import copy
import json
import random
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.reports import xapi_rules
from tests.reports.report_support import T0, Clocks, Plan, act, take_quiz
from trainer.core.engine import CategorizeAnswer, ChoiceAnswer, DecisionAnswer
from trainer.core.model import Library, QuizMode
from trainer.core.progress import AttemptInput, ProgressStore
from trainer.core.quiz_run import QuizRun, right_answer
from trainer.core.reporting.history import LearnerHistory, history_from_store
from trainer.core.xapi import (
    EXT_ATTEMPT_ID,
    EXT_CONTENT_PACK_VERSION,
    EXT_INDICATORS,
    HOMEPAGE,
    STATEMENT_NAMESPACE,
    VERBS,
    ActorOptions,
    XapiOptionError,
    build_statements,
    format_duration,
    format_timestamp,
    registration_for,
    statement_id,
    statements_json_bytes,
)

QUIZ = "quiz-reading-indicators"


def shipped_history(folder: Path, library: Library) -> LearnerHistory:
    """A learner who reads, takes every shipped quiz (the final one as an exam), and
    leaves one session unfinished: every question type, right and wrong answers."""
    with ProgressStore.open(folder) as store:
        quizzes = sorted(library.quizzes)
        modules = sorted(library.modules)
        plan = Plan(
            "Zoë Álvarez-Okoro",
            0.6,
            quizzes=[(q, 1) for q in quizzes if q != "quiz-final-self-assessment"],
            read=[(m, 1 + n % 4, n % 3 == 0) for n, m in enumerate(modules)],
            seed=7,
        )
        pid = act(store, library, plan)
        rng = random.Random(8)
        clocks = Clocks(T0 + timedelta(days=3), rng)
        take_quiz(
            store,
            library,
            pid,
            "quiz-final-self-assessment",
            clocks,
            rng,
            0.6,
            mode=QuizMode.EXAM,
        )
        take_quiz(store, library, pid, "quiz-what-is-trafficking", clocks, rng, 0.5, finish=False)
        return history_from_store(store, pid)


@pytest.fixture(scope="module")
def realistic(tmp_path_factory: pytest.TempPathFactory, shipped_library: Library) -> LearnerHistory:
    return shipped_history(tmp_path_factory.mktemp("shipped"), shipped_library)


def _verbs(statements: list[dict[str, Any]]) -> Counter[str]:
    return Counter(s["verb"]["display"]["en-US"] for s in statements)


def test_every_statement_of_a_realistic_history_is_valid_xapi(
    realistic: LearnerHistory, shipped_library: Library
) -> None:
    statements = build_statements(realistic, shipped_library)
    assert xapi_rules.problems(statements) == []
    finished = [s for s in realistic.sessions if s.finished]
    read = [m for m in realistic.modules if m.sections_read or m.completed]
    completed_modules = [m for m in realistic.modules if m.completed]
    assert _verbs(statements) == Counter(
        {
            "answered": len(realistic.attempts),
            "experienced": len(read),
            "completed": len(finished) + len(completed_modules),
            "passed": sum(1 for s in finished if s.passed),
            "failed": sum(1 for s in finished if not s.passed),
        }
    )
    assert {"passed", "failed"} <= set(_verbs(statements))
    answered = [s for s in statements if s["verb"]["id"] == VERBS["answered"]]
    kinds = Counter(s["object"]["definition"]["interactionType"] for s in answered)
    assert set(kinds) == {"choice", "true-false", "matching", "performance"}
    # Every answer of the shipped content can be expressed as a response.
    assert all("response" in s["result"] for s in answered)
    # Statements come oldest first (undated module statements before the rest).
    stamps = [s.get("timestamp", "") for s in statements]
    assert stamps == sorted(stamps)


def test_statements_without_the_content_are_valid_and_name_things_by_id(
    realistic: LearnerHistory,
) -> None:
    statements = build_statements(realistic, None)
    assert xapi_rules.problems(statements) == []
    answered = [s for s in statements if s["verb"]["id"] == VERBS["answered"]]
    for statement in answered:
        definition = statement["object"]["definition"]
        assert list(definition["name"]) == ["und"]
        assert "contextActivities" in statement["context"]
        assert "grouping" not in statement["context"]["contextActivities"]
        kind = definition["interactionType"]
        if kind in ("true-false", "performance"):
            assert "response" not in statement["result"]
        else:
            assert "response" in statement["result"]


def test_re_export_gives_identical_statements(
    tmp_path: Path, realistic: LearnerHistory, shipped_library: Library
) -> None:
    first = statements_json_bytes(build_statements(realistic, shipped_library))
    second = statements_json_bytes(build_statements(realistic, shipped_library))
    assert first == second
    ids = [s["id"] for s in json.loads(first)]
    assert len(ids) == len(set(ids))


def test_statement_ids_are_fixed_forever() -> None:
    # Changing these would make an LRS store every answer a second time.
    assert (
        uuid.uuid5(uuid.NAMESPACE_URL, "https://officer-trainer.invalid/xapi/statement-ids")
        == STATEMENT_NAMESPACE
    )
    attempt = "0123456789abcdef0123456789abcdef"
    assert statement_id("attempt", attempt, "answered") == "290cf0e2-3727-568c-8f88-dd2ff888c64e"
    assert (
        statement_id("session", "fedcba9876543210fedcba9876543210", "passed")
        == "921cd87c-6832-5384-b5a9-ebf8de55c073"
    )
    assert (
        statement_id("module", attempt, "reading-indicators", "experienced")
        == "de934a6e-ed0d-579e-aa6b-8eb0fb15c2a8"
    )
    assert registration_for("fedcba9876543210fedcba9876543210") == (
        "fedcba98-7654-3210-fedc-ba9876543210"
    )
    assert xapi_rules.is_uuid(registration_for("imported:session-7"))
    assert registration_for("imported:session-7") == registration_for("imported:session-7")


def test_the_actor_is_the_pseudonymous_profile_id(
    realistic: LearnerHistory, shipped_library: Library
) -> None:
    data = statements_json_bytes(build_statements(realistic, shipped_library))
    statements = json.loads(data)
    for statement in statements:
        assert statement["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": HOMEPAGE, "name": realistic.profile_id},
        }
    assert realistic.profile.display_name.encode("utf-8") not in data
    assert b"Zo" not in data and b"Okoro" not in data


def test_an_email_and_a_name_only_when_given(
    realistic: LearnerHistory, shipped_library: Library
) -> None:
    options = ActorOptions(mbox="zoe.alvarez@academy.example", name="Zoë Álvarez-Okoro")
    statements = build_statements(realistic, shipped_library, actor=options)
    assert xapi_rules.problems(statements) == []
    assert statements[0]["actor"] == {
        "objectType": "Agent",
        "name": "Zoë Álvarez-Okoro",
        "mbox": "mailto:zoe.alvarez@academy.example",
    }
    with pytest.raises(XapiOptionError, match="not an email address"):
        build_statements(realistic, shipped_library, actor=ActorOptions(mbox="zoe"))
    with pytest.raises(XapiOptionError, match="empty"):
        build_statements(realistic, shipped_library, actor=ActorOptions(name="  "))


class Stepper:
    """Fixed clocks: each question is answered 4.25 s after it is shown."""

    def __init__(self) -> None:
        self.moment = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)
        self.mono = 100.0

    def wall(self) -> datetime:
        return self.moment

    def monotonic(self) -> float:
        return self.mono

    def step(self) -> None:
        self.moment += timedelta(seconds=4.25)
        self.mono += 4.25


def test_responses_scores_and_durations_follow_the_answers(
    tmp_path: Path, library: Library
) -> None:
    quiz = library.quizzes[QUIZ]
    questions = {q.id: q for q in quiz.questions}
    given = {
        "packing-strongest": ChoiceAnswer(frozenset({0})),
        "packing-select-all": ChoiceAnswer(frozenset({0, 1, 3})),
        "packing-proof": ChoiceAnswer(frozenset({1})),
        "packing-spot": right_answer(questions["packing-spot"]),
        "packing-sort": CategorizeAnswer(("Act", "Purpose", "Purpose")),
        "minibus-decision": DecisionAnswer((0, 1)),
    }
    clock = Stepper()
    with ProgressStore.open(tmp_path / "data") as store:
        pid = store.create_profile("Ana Lima").profile_id
        run = QuizRun.start(store, quiz, pid, seed=1, clock=clock.monotonic, now=clock.wall)
        while True:
            clock.step()
            assert run.commit(given[run.question.id]).recorded
            if not run.advance():
                break
        clock.step()
        run.finish()
        history = history_from_store(store, pid)
    statements = build_statements(history, library)
    assert xapi_rules.problems(statements) == []
    by_question = {
        s["object"]["id"].rsplit("/", 1)[1]: s
        for s in statements
        if s["verb"]["id"] == VERBS["answered"]
    }
    assert {q: s["result"]["response"] for q, s in by_question.items()} == {
        "packing-strongest": "option-1",
        "packing-select-all": "option-1[,]option-2[,]option-4",
        "packing-proof": "false",
        "packing-spot": "option-1[,]option-2",
        "packing-sort": "item-1[.]act[,]item-2[.]purpose[,]item-3[.]purpose",
        "minibus-decision": "start[.]choice-1[,]separate[.]choice-2",
    }
    decision = by_question["minibus-decision"]["object"]["definition"]
    assert decision["correctResponsesPattern"] == ["start[.]choice-1[,]separate[.]choice-1"]
    assert [s["id"] for s in decision["steps"]] == ["start", "separate"]
    for attempt in history.attempts:
        result = by_question[attempt.question_id]["result"]
        points = questions[attempt.question_id].points
        assert result["score"]["scaled"] == round(attempt.score, 4)
        assert result["score"]["raw"] == pytest.approx(attempt.score * points, abs=1e-4)
        assert result["score"]["max"] == points
        assert result["success"] is attempt.correct
        assert result["duration"] == "PT4.25S"
        context = by_question[attempt.question_id]["context"]
        assert context["registration"] == str(uuid.UUID(attempt.session_id))
        assert context["extensions"][EXT_ATTEMPT_ID] == attempt.attempt_id
        assert context["extensions"][EXT_INDICATORS] == list(attempt.indicators)
        assert context["extensions"][EXT_CONTENT_PACK_VERSION] == "1.0.0"
        assert context["revision"] == quiz.content_version
        assert context["contextActivities"]["parent"][0]["id"].endswith(f"/quiz/{QUIZ}")
    session = history.sessions[0]
    outcome = [s for s in statements if s["verb"]["id"] in (VERBS["passed"], VERBS["failed"])]
    assert len(outcome) == 1
    assert outcome[0]["verb"]["id"] == VERBS["passed" if session.passed else "failed"]
    assert outcome[0]["result"]["success"] is session.passed
    assert session.score is not None and session.max_score
    assert outcome[0]["result"]["score"]["raw"] == pytest.approx(session.score, abs=1e-4)
    assert outcome[0]["result"]["score"]["scaled"] == round(session.score / session.max_score, 4)
    # Six answers 4.25 s apart and the finish 4.25 s later: 29.75 s in all.
    assert outcome[0]["result"]["duration"] == "PT29.75S"
    assert outcome[0]["timestamp"] == "2025-05-01T08:00:29.750Z"


def test_the_pack_version_is_named_only_for_the_content_answered(
    tmp_path: Path, library: Library
) -> None:
    with ProgressStore.open(tmp_path / "data") as store:
        pid = store.create_profile("Ana Lima").profile_id
        session = store.start_session(
            pid, QUIZ, "practice", ["packing-strongest"], 1, "0:old", started_at=T0
        )
        store.record_attempt(
            AttemptInput(
                profile_id=pid,
                session_id=session,
                quiz_id=QUIZ,
                question_id="packing-strongest",
                question_type="single",
                answer={"selected": [1]},
                correct=True,
                score=1.0,
                indicators=("document-retention",),
                mode="practice",
                shown_at=T0,
                answered_at=T0 + timedelta(seconds=3),
                duration_ms=3000,
                content_version="0:old",
            )
        )
        history = history_from_store(store, pid)
    (statement,) = build_statements(history, library)
    assert statement["context"]["revision"] == "0:old"
    assert EXT_CONTENT_PACK_VERSION not in statement["context"]["extensions"]
    assert statement["result"]["response"] == "option-2"


def test_answers_of_unknown_shape_or_content_still_give_valid_statements(
    tmp_path: Path, library: Library
) -> None:
    with ProgressStore.open(tmp_path / "data") as store:
        pid = store.create_profile("Bo").profile_id
        session = store.start_session(pid, "retired-quiz", "exam", ["q1"], 1, "v1", started_at=T0)
        for number, (kind, answer) in enumerate(
            [
                ("single", {"choice": "b"}),
                ("true-false", {"selected": [0]}),
                ("categorize", {"placement": ["Means", None, "Act"]}),
                ("decision", {"choices": [0, 1]}),
                ("multiple", "not an object"),
            ]
        ):
            store.record_attempt(
                AttemptInput(
                    profile_id=pid,
                    session_id=session,
                    quiz_id="retired-quiz",
                    question_id=f"q{number}",
                    question_type=kind,
                    answer=answer,
                    correct=False,
                    score=0.25,
                    indicators=("no-such-indicator",),
                    mode="exam",
                    shown_at=T0,
                    answered_at=T0 + timedelta(minutes=number),
                    duration_ms=1234 * number,
                    content_version="v1",
                )
            )
        store.finish_session(session, 1, 4, False, finished_at=T0 + timedelta(hours=1, seconds=1))
        history = history_from_store(store, pid)
    statements = build_statements(history, library)
    assert xapi_rules.problems(statements) == []
    responses = [s["result"].get("response") for s in statements[:5]]
    assert responses == [None, None, "item-1[.]means[,]item-3[.]act", None, None]
    assert statements[-1]["result"]["duration"] == "PT1H1S"
    assert statements[-1]["verb"]["id"] == VERBS["failed"]


@pytest.mark.parametrize(
    ("milliseconds", "text"),
    [
        (0, "PT0S"),
        (12_500, "PT12.5S"),
        (8_205, "PT8.2S"),
        (60_000, "PT1M"),
        (3_725_250, "PT1H2M5.25S"),
        (7_200_000, "PT2H"),
    ],
)
def test_durations(milliseconds: int, text: str) -> None:
    assert format_duration(milliseconds) == text
    assert xapi_rules.is_duration(text)


def test_timestamps_are_utc_with_milliseconds() -> None:
    moment = datetime(2025, 3, 1, 10, 0, 5, 123456, tzinfo=UTC)
    assert format_timestamp(moment) == "2025-03-01T10:00:05.123Z"
    with pytest.raises(ValueError):
        format_timestamp(datetime(2025, 3, 1))


# ------------------------------------------------------------------ the validator itself


def _break(path: str, value: Any) -> Any:
    def mutate(statement: dict[str, Any]) -> None:
        keys = path.split(".")
        target = statement
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is _DELETE:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value

    return mutate


_DELETE = object()

BROKEN = {
    "two identifiers": _break("actor.mbox", "mailto:a@b.example"),
    "no identifier": _break("actor.account", _DELETE),
    "relative activity id": _break("object.id", "quiz/1/question/2"),
    "activity id with a space": _break("object.id", "https://x.invalid/a b"),
    "statement id not a uuid": _break("id", "1234"),
    "upper-case uuid": lambda s: s.update(id=s["id"].upper()),
    "scaled above 1": _break("result.score.scaled", 1.5),
    "raw above max": _break("result.score.raw", 99),
    "min not below max": _break("result.score.min", 6),
    "duration without P": _break("result.duration", "12.5S"),
    "duration fraction not last": _break("result.duration", "PT1.5M3S"),
    "timestamp without zone": _break("timestamp", "2025-03-01T10:00:00"),
    "timestamp in the future": _break("timestamp", "2999-01-01T00:00:00.000Z"),
    "verb display key": _break("verb.display", {"en_US": "answered"}),
    "verb id relative": _break("verb.id", "answered"),
    "undefined choice": _break("result.response", "option-9"),
    "unknown interaction type": _break("object.definition.interactionType", "quiz"),
    "registration not a uuid": _break("context.registration", "session-1"),
    "extension key not an iri": _break("context.extensions", {"mode": "practice"}),
    "unknown property": _break("object.definition.hint", "x"),
    "success not a boolean": _break("result.success", "yes"),
    "stored set by the provider": _break("stored", "2025-03-01T10:00:00Z"),
    "language map key": _break("object.definition.name", {"English (UK)": "x"}),
    "context activity not an iri": _break("context.contextActivities.parent.0.id", "quiz"),
    "no verb": _break("verb", _DELETE),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_validator_catches(name: str, tmp_path: Path, library: Library) -> None:
    with ProgressStore.open(tmp_path / "data") as store:
        pid = act(store, library, Plan("Ana", 1.0, quizzes=[(QUIZ, 1)], seed=3))
        history = history_from_store(store, pid)
    statements = build_statements(history, library)
    answered = next(
        s
        for s in statements
        if s["verb"]["id"] == VERBS["answered"]
        and s["object"]["definition"]["interactionType"] == "choice"
        and s["result"]["score"]["max"] > 0
    )
    assert xapi_rules.problems([answered]) == []
    broken = copy.deepcopy(answered)
    if name == "raw above max":
        broken["result"]["score"]["raw"] = broken["result"]["score"]["max"] + 1
    elif name == "min not below max":
        broken["result"]["score"]["min"] = broken["result"]["score"]["max"]
    else:
        BROKEN[name](broken)
    assert xapi_rules.problems([broken]) != []


def test_the_validator_refuses_repeated_ids(tmp_path: Path, library: Library) -> None:
    with ProgressStore.open(tmp_path / "data") as store:
        pid = act(store, library, Plan("Ana", 1.0, quizzes=[(QUIZ, 1)], seed=3))
        history = history_from_store(store, pid)
    statements = build_statements(history, library)
    assert xapi_rules.problems(statements) == []
    assert any("used twice" in p for p in xapi_rules.problems(statements + statements[:1]))
