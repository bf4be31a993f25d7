"""Export (CSV, JSON) and import (merge, dedupe, rejection of bad files)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from progress_support import T0, answer, tree_bytes

from trainer.core.progress import DuplicateAttemptError, ExportRejectedError, ProgressStore
from trainer.core.progress.exchange import (
    CSV_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    canonical_json,
    export_csv,
    export_document,
    export_json_bytes,
    import_export,
    import_file,
    parse_export,
)


def _history(store: ProgressStore, name: str = "Ana", count: int = 6) -> str:
    pid = store.create_profile(name).profile_id
    first = store.start_session(pid, "quiz-1", "exam", ["q0", "q1"], 5, "2025.1", started_at=T0)
    for index in range(count):
        store.record_attempt(
            answer(
                pid,
                first,
                question_id=f"q{index}",
                correct=index % 3 != 0,
                indicators=("debt", f"ind-{index % 2}"),
                at=T0 + timedelta(minutes=index + 1),
                answer={"picked": ["a", "ç"], "n": index},
            )
        )
    store.finish_session(first, 4, 6, True, finished_at=T0 + timedelta(hours=1))
    store.start_session(pid, "quiz-2", "practice", ["x"], 9, "2025.1", started_at=T0)
    store.mark_section_read(pid, "m1", "s1")
    store.set_reading_position(pid, "m1", "s1", 0.25)
    store.mark_module_complete(pid, "m2", completed_at=T0)
    return pid


def _resign(document: dict[str, Any]) -> bytes:
    """Re-seal a hand-edited document with a valid checksum."""
    body = {k: v for k, v in document.items() if k != "sha256"}
    document["sha256"] = hashlib.sha256(canonical_json(body)).hexdigest()
    return json.dumps(document).encode()


# ------------------------------------------------------------------ export


def test_json_export_structure_and_checksum(store: ProgressStore) -> None:
    pid = _history(store)
    document = json.loads(export_json_bytes(store, pid, now=T0 + timedelta(days=1)))
    assert list(document) == [
        "format",
        "format_version",
        "exported_at",
        "profile",
        "module_progress",
        "sessions",
        "attempts",
        "sha256",
    ]
    assert document["format"] == EXPORT_FORMAT
    assert document["format_version"] == EXPORT_FORMAT_VERSION
    assert document["exported_at"] == "2025-03-02T09:00:00+00:00"
    assert document["profile"]["profile_id"] == pid
    assert len(document["attempts"]) == 6 and len(document["sessions"]) == 2
    assert {m["module_id"] for m in document["module_progress"]} == {"m1", "m2"}
    body = {k: v for k, v in document.items() if k != "sha256"}
    assert document["sha256"] == hashlib.sha256(canonical_json(body)).hexdigest()


def test_csv_export(store: ProgressStore) -> None:
    pid = _history(store)
    buffer = io.StringIO()
    assert export_csv(store, pid, buffer) == 6
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["correct"] == "false" and first["score"] == "0.0"
    assert first["indicators"] == "debt|ind-0"
    assert json.loads(first["answer"]) == {"n": 0, "picked": ["a", "ç"]}
    assert first["answered_at"] == "2025-03-01T09:01:00+00:00"
    assert first["content_id"] == "quiz-1" and first["duration_ms"] == "5000"
    assert [r[0] for r in rows[1:]] == [a.attempt_id for a in store.attempts(pid)]


# ------------------------------------------------------------------ import


def test_import_into_a_new_machine_and_reimport_is_a_no_op(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "a") as source:
        pid = _history(source)
        payload = export_json_bytes(source, pid)
        expected_attempts = list(source.attempts(pid))
        expected_sessions = source.sessions(pid)
        expected_modules = source.all_module_progress(pid)
        expected_overview = source.overview(pid, T0 + timedelta(days=3))
    with ProgressStore.open(tmp_path / "b") as target:
        result = import_export(target, payload)
        assert result.profile_created and result.attempts_added == 6
        assert result.sessions_added == 2 and result.sessions_finished == 1
        assert list(target.attempts(pid)) == expected_attempts
        assert target.sessions(pid) == expected_sessions
        assert target.all_module_progress(pid) == expected_modules
        assert target.overview(pid, T0 + timedelta(days=3)) == expected_overview
        before = tree_bytes(tmp_path / "b" / "profiles")
        again = import_export(target, payload)
        assert again.attempts_added == 0 and again.attempts_already_present == 6
        assert again.sessions_added == 0 and again.modules_updated == 0
        assert tree_bytes(tmp_path / "b" / "profiles") == before
        assert list(target.attempts(pid)) == expected_attempts


def test_import_merges_with_an_existing_learner(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "a") as home:
        pid = _history(home, count=4)
        exported = export_json_bytes(home, pid)
    # The same learner continues on another machine ...
    with ProgressStore.open(tmp_path / "b") as away:
        import_export(away, exported)
        sid = away.start_session(pid, "quiz-1", "practice", ["q9"], 1, "2025.1")
        away.record_attempt(answer(pid, sid, question_id="away", at=T0 + timedelta(days=2)))
        away.mark_section_read(pid, "m1", "s9")
        back = export_json_bytes(away, pid)
    # ... and meanwhile answers more at home.
    with ProgressStore.open(tmp_path / "a") as home:
        sid = home.start_session(pid, "quiz-1", "practice", ["q8"], 1, "2025.1")
        home.record_attempt(answer(pid, sid, question_id="home", at=T0 + timedelta(days=1)))
        home.rename_profile(pid, "Ana at home")
        result = import_export(home, back)
        assert not result.profile_created
        assert result.attempts_added == 1 and result.attempts_already_present == 4
        assert result.sessions_added == 1 and result.modules_updated == 1
        questions = [a.question_id for a in home.attempts(pid)]
        assert sorted(questions) == ["away", "home", "q0", "q1", "q2", "q3"]
        assert len(set(a.attempt_id for a in home.attempts(pid))) == 6
        assert home.module_progress(pid, "m1").sections_read == {"s1", "s9"}
        assert home.get_profile(pid).display_name == "Ana at home"
        assert home.overview(pid).attempt_count == 6


def test_an_import_counts_the_answers_recorded_since_the_last_one(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "a") as home:
        pid = _history(home, count=3)
        first = import_export(home, export_json_bytes(home, pid))
        assert first.attempts_added == 0 and first.attempts_already_present == 3
        sid = home.start_session(pid, "quiz-1", "practice", ["q9"], 1, "2025.1")
        home.record_attempt(answer(pid, sid, question_id="new", attempt_id="new-1"))
        home.record_attempt(answer(pid, sid, question_id="newer"))
        again = import_export(home, export_json_bytes(home, pid))
        assert again.attempts_added == 0 and again.attempts_already_present == 5
        assert len(list(home.attempts(pid))) == 5


def test_a_retry_sees_an_answer_of_its_session_that_was_imported(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "a") as home, ProgressStore.open(tmp_path / "b") as away:
        pid = home.create_profile("Ana").profile_id
        sid = home.start_session(pid, "quiz-1", "practice", ["q0", "q1"], 1, "2025.1")
        home.record_attempt(answer(pid, sid, question_id="q0", attempt_id="home-0"))
        import_export(away, export_json_bytes(home, pid))
        data = answer(pid, sid, question_id="q1", attempt_id="away-1", at=T0 + timedelta(1))
        recorded = away.record_attempt(data)
        result = import_export(home, export_json_bytes(away, pid))
        assert result.attempts_added == 1
        assert home.record_attempt(data) == recorded
        with pytest.raises(DuplicateAttemptError):
            home.record_attempt(replace(data, correct=False, score=0.0))
        assert [a.attempt_id for a in home.attempts(pid)] == ["home-0", "away-1"]


def test_import_finishes_a_session_left_open_locally(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path / "a") as home:
        pid = home.create_profile("Ana").profile_id
        sid = home.start_session(pid, "quiz-1", "exam", ["q"], 1, "v")
        partial = export_json_bytes(home, pid)
        home.finish_session(sid, 1, 1, True)
        complete = export_json_bytes(home, pid)
    with ProgressStore.open(tmp_path / "b") as away:
        import_export(away, partial)
        assert not away.sessions(pid)[0].finished
        result = import_export(away, complete)
        assert result.sessions_added == 0 and result.sessions_finished == 1
        assert away.sessions(pid)[0].finished
        assert away.overview(pid).quiz_best["quiz-1"].best_ratio == 1.0


def _bad_files(good: bytes) -> dict[str, tuple[bytes, str]]:
    document = json.loads(good)
    tampered = json.loads(good)
    tampered["attempts"][0]["correct"] = not tampered["attempts"][0]["correct"]
    newer = json.loads(good)
    newer["format_version"] = EXPORT_FORMAT_VERSION + 1
    wrong_format = dict(document, format="something-else")
    bad_record = json.loads(good)
    bad_record["attempts"][1]["score"] = 7
    foreign = json.loads(good)
    foreign["attempts"][2]["profile_id"] = "e" * 32
    orphan = json.loads(good)
    orphan["attempts"][0]["session_id"] = "not-in-file"
    no_sum = {k: v for k, v in document.items() if k != "sha256"}
    return {
        "truncated": (good[: len(good) // 2], "not a complete JSON file"),
        "empty": (b"", "not a complete JSON file"),
        "binary": (b"\xff\xfe\x00garbage", "not a complete JSON file"),
        "a list": (b"[1, 2]", "not a progress export"),
        "wrong format": (json.dumps(wrong_format).encode(), "not a progress export"),
        "newer version": (_resign(newer), "newer version of the trainer"),
        "tampered": (json.dumps(tampered).encode(), "checksum does not match"),
        "no checksum": (json.dumps(no_sum).encode(), "no checksum"),
        "bad record": (_resign(bad_record), "answer 2 is invalid"),
        "another learner's answer": (_resign(foreign), "another learner"),
        "answer without session": (_resign(orphan), "session is not in the file"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "truncated",
        "empty",
        "binary",
        "a list",
        "wrong format",
        "newer version",
        "tampered",
        "no checksum",
        "bad record",
        "another learner's answer",
        "answer without session",
    ],
)
def test_bad_files_are_rejected_and_nothing_changes(tmp_path: Path, case: str) -> None:
    with ProgressStore.open(tmp_path / "a") as source:
        pid = _history(source)
        good = export_json_bytes(source, pid)
    data, phrase = _bad_files(good)[case]
    target_dir = tmp_path / "b"
    with ProgressStore.open(target_dir) as target:
        other = _history(target, name="Bo")
        before = tree_bytes(target_dir / "profiles")
        with pytest.raises(ExportRejectedError) as info:
            import_export(target, data)
        assert phrase in str(info.value)
        assert "Nothing was changed" in str(info.value)
        assert tree_bytes(target_dir / "profiles") == before
        assert [p.profile_id for p in target.profiles()] == [other]


def test_import_file_reports_unreadable_paths(store: ProgressStore, tmp_path: Path) -> None:
    with pytest.raises(ExportRejectedError, match="could not be read"):
        import_file(store, tmp_path / "missing.json")


def test_every_single_byte_change_is_detected(store: ProgressStore) -> None:
    pid = _history(store, count=2)
    good = export_json_bytes(store, pid)
    parse_export(good)
    document = json.loads(good)
    compact = json.dumps(document, separators=(",", ":")).encode()
    parse_export(compact)  # whitespace is not content
    step = max(1, len(compact) // 97)
    for position in range(0, len(compact), step):
        original = compact[position]
        changed = compact[:position] + bytes([original ^ 0x01]) + compact[position + 1 :]
        with pytest.raises(ExportRejectedError):
            parse_export(changed)


# ------------------------------------------------------------------ round trip

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12
).filter(lambda s: s.strip() != "")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
attempt_rows = st.lists(
    st.tuples(
        text,  # question id
        st.booleans(),
        st.floats(min_value=0, max_value=1, allow_nan=False),
        st.lists(text, max_size=3),
        json_values,
        st.integers(min_value=0, max_value=10**6),  # seconds after T0
        st.sampled_from(["single", "multiple", "true-false", "spot", "categorize", "decision"]),
    ),
    max_size=12,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=text, rows=attempt_rows, finish=st.booleans())
def test_export_import_round_trip(name: str, rows: list[Any], finish: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with ProgressStore.open(root / "a", segment_size=5) as source:
            pid = source.create_profile(name).profile_id
            sid = source.start_session(pid, "quiz", "self-assessment", [], 0, "v1")
            for question, correct, score, indicators, value, seconds, kind in rows:
                source.record_attempt(
                    answer(
                        pid,
                        sid,
                        quiz_id="quiz",
                        question_id=question,
                        correct=correct,
                        score=score,
                        indicators=tuple(indicators),
                        answer=value,
                        at=T0 + timedelta(seconds=seconds),
                        question_type=kind,
                    )
                )
            if finish:
                source.finish_session(sid, 1, 2, False)
            exported = export_document(source, pid)
            payload = export_json_bytes(source, pid)
        with ProgressStore.open(root / "b", segment_size=3) as target:
            import_export(target, payload)
            again = export_document(target, pid)
            assert import_export(target, payload).attempts_added == 0
    volatile = ("exported_at", "sha256")
    assert {k: v for k, v in again.items() if k not in volatile} == {
        k: v for k, v in exported.items() if k not in volatile
    }
    assert len(again["attempts"]) == len(rows)
