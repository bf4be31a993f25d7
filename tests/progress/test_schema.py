"""Schema versions: refusing newer data, the migration chain, the v0 fixture."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from progress_support import T0, tree_bytes

from trainer.core.progress import (
    CURRENT_SCHEMA_VERSION,
    MigrationError,
    NewerSchemaError,
    ProgressStore,
)
from trainer.core.progress.models import to_iso
from trainer.core.progress.schema import (
    FORMAT_ID,
    ensure_current_schema,
    migrate_v0_to_v1,
    read_schema_version,
)


def _meta(data_dir: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data_dir / "meta.json").read_text())
    return loaded


def test_new_folder_records_the_current_version(data_dir: Path) -> None:
    with ProgressStore.open(data_dir) as store:
        assert store.migrated_from == ()
    meta = _meta(data_dir)
    assert meta["format"] == FORMAT_ID and meta["schema_version"] == CURRENT_SCHEMA_VERSION


def test_newer_folder_is_refused_and_left_byte_for_byte_untouched(data_dir: Path) -> None:
    with ProgressStore.open(data_dir) as store:
        store.create_profile("Ana")
    meta = _meta(data_dir)
    meta["schema_version"] = CURRENT_SCHEMA_VERSION + 1
    meta["something_new"] = {"x": 1}
    (data_dir / "meta.json").write_text(json.dumps(meta))
    before = tree_bytes(data_dir)
    with pytest.raises(NewerSchemaError) as info:
        ProgressStore.open(data_dir)
    message = str(info.value)
    assert (
        "newer version of the trainer" in message and "Nothing in the folder was changed" in message
    )
    assert tree_bytes(data_dir) == before
    # ... and the refusal released the lock.
    with pytest.raises(NewerSchemaError):
        ProgressStore.open(data_dir)


def test_migrations_run_in_order_and_record_each_step(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []

    def step(version: int) -> Any:
        def migrate(folder: Path) -> None:
            calls.append((version, read_schema_version(folder) or 0))
            (folder / f"v{version + 1}.txt").write_text("done")

        return migrate

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"format": FORMAT_ID, "schema_version": 1}))
    done = ensure_current_schema(folder, migrations={1: step(1), 2: step(2)}, current=3)
    assert done == [1, 2]
    assert calls == [(1, 1), (2, 2)]  # meta.json is updated after every step
    assert _meta(folder)["schema_version"] == 3
    assert (folder / "v2.txt").exists() and (folder / "v3.txt").exists()


def test_a_missing_migration_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"format": FORMAT_ID, "schema_version": 1}))
    with pytest.raises(MigrationError, match="cannot upgrade"):
        ensure_current_schema(folder, migrations={}, current=2)
    assert _meta(folder)["schema_version"] == 1


def test_a_failing_migration_is_reported_and_not_recorded(tmp_path: Path) -> None:
    def broken(folder: Path) -> None:
        raise KeyError("field")

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "meta.json").write_text(json.dumps({"format": FORMAT_ID, "schema_version": 1}))
    with pytest.raises(MigrationError, match="Upgrading the progress folder"):
        ensure_current_schema(folder, migrations={1: broken}, current=2)
    assert _meta(folder)["schema_version"] == 1


# ------------------------------------------------------------------ v0 fixture


def _v0_fixture(folder: Path) -> dict[str, Any]:
    """A synthetic unversioned single-file store as TinyDB's JSONStorage writes it."""
    ana, bo = uuid.uuid4().hex, uuid.uuid4().hex
    session = uuid.uuid4().hex
    open_session = uuid.uuid4().hex
    attempts = {}
    for index in range(5):
        attempts[str(index + 1)] = {
            "attempt_id": f"a{index}",
            "profile_id": ana,
            "session_id": session,
            "quiz_id": "quiz-1",
            "question_id": f"q{index}",
            "question_type": "multiple",
            "answer": ["a", "c"],
            "correct": index != 2,
            "score": 1.0 if index != 2 else 0.5,
            "indicators": ["debt-bondage"],
            "mode": "exam",
            "shown_at": to_iso(T0 + timedelta(minutes=index)),
            "answered_at": to_iso(T0 + timedelta(minutes=index, seconds=30)),
            "duration_ms": 30000,
            "content_id": "quiz-1",
            "content_version": "2024.9",
        }
    data = {
        "profiles": {
            "1": {"profile_id": ana, "display_name": "Ana", "created_at": to_iso(T0)},
            "2": {"profile_id": bo, "display_name": "Bo", "created_at": to_iso(T0)},
        },
        "modules": {
            "1": {
                "profile_id": ana,
                "module_id": "m1",
                "sections_read": ["s1", "s2"],
                "position": {"section_id": "s2", "scroll_fraction": 0.5},
                "completed": True,
                "completed_at": to_iso(T0),
                "updated_at": to_iso(T0),
            }
        },
        "sessions": {
            "1": {
                "session_id": session,
                "profile_id": ana,
                "quiz_id": "quiz-1",
                "mode": "exam",
                "question_ids": ["q0", "q1", "q2", "q3", "q4"],
                "seed": 11,
                "content_version": "2024.9",
                "started_at": to_iso(T0),
                "finished_at": to_iso(T0 + timedelta(minutes=6)),
                "score": 4.5,
                "max_score": 5.0,
                "passed": True,
            },
            "2": {
                "session_id": open_session,
                "profile_id": bo,
                "quiz_id": "quiz-2",
                "mode": "practice",
                "question_ids": ["x"],
                "seed": 3,
                "content_version": "2024.9",
                "started_at": to_iso(T0),
            },
        },
        "attempts": attempts,
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "progress.json").write_text(json.dumps(data))
    return {"ana": ana, "bo": bo, "session": session, "open_session": open_session}


def test_v0_store_is_migrated_on_open(data_dir: Path) -> None:
    ids = _v0_fixture(data_dir)
    original = (data_dir / "progress.json").read_bytes()
    with ProgressStore.open(data_dir, segment_size=3) as store:
        assert store.migrated_from == (0,)
        assert sorted(p.display_name for p in store.profiles()) == ["Ana", "Bo"]
        attempts = list(store.attempts(ids["ana"]))
        assert [a.attempt_id for a in attempts] == [f"a{n}" for n in range(5)]
        assert attempts[0].answer == ["a", "c"] and attempts[2].score == 0.5
        (session,) = store.sessions(ids["ana"])
        assert session.finished and session.score == 4.5 and session.seed == 11
        (open_session,) = store.sessions(ids["bo"])
        assert not open_session.finished
        module = store.module_progress(ids["ana"], "m1")
        assert module.completed and module.sections_read == {"s1", "s2"}
        view = store.overview(ids["ana"], T0 + timedelta(days=1))
        assert view.attempt_count == 5 and view.quiz_best["quiz-1"].best_score == 4.5
        assert view.mastery["debt-bondage"].total_attempts == 5
        # The upgraded store is fully usable.
        store.finish_session(ids["open_session"], 1, 1, True)
    assert _meta(data_dir)["schema_version"] == CURRENT_SCHEMA_VERSION
    assert not (data_dir / "progress.json").exists()
    assert (data_dir / "migrated" / "progress-v0.json").read_bytes() == original
    with ProgressStore.open(data_dir) as store:
        assert store.migrated_from == ()


def test_interrupted_v0_migration_completes_on_the_next_open(data_dir: Path) -> None:
    ids = _v0_fixture(data_dir)
    # Simulate a crash: Ana's scratch folder half built, Bo's already in place.
    scratch = data_dir / "profiles" / f".migrating-{ids['ana']}"
    (scratch / "history").mkdir(parents=True)
    (scratch / "history" / "000001.json").write_text('{"attempts": {"1": {"attem')
    migrate_only_bo = json.loads((data_dir / "progress.json").read_text())
    migrate_only_bo["profiles"] = {"2": migrate_only_bo["profiles"]["2"]}
    staging = data_dir.parent / "staging"
    staging.mkdir()
    (staging / "progress.json").write_text(json.dumps(migrate_only_bo))
    migrate_v0_to_v1(staging)
    (staging / "profiles" / ids["bo"]).rename(data_dir / "profiles" / ids["bo"])

    with ProgressStore.open(data_dir) as store:
        assert store.migrated_from == (0,)
        assert len(list(store.attempts(ids["ana"]))) == 5
        assert len(store.sessions(ids["bo"])) == 1
        assert store.recovery_reports == ()
    assert not scratch.exists()


def test_damaged_v0_file_is_refused_and_kept(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "progress.json").write_text('{"profiles": {"1": ')
    with pytest.raises(MigrationError, match="left untouched"):
        ProgressStore.open(data_dir)
    assert (data_dir / "progress.json").read_text() == '{"profiles": {"1": '
    assert not (data_dir / "meta.json").exists()


def test_v0_record_that_cannot_be_read_is_refused(data_dir: Path) -> None:
    _v0_fixture(data_dir)
    data = json.loads((data_dir / "progress.json").read_text())
    data["attempts"]["1"]["question_type"] = "essay"
    (data_dir / "progress.json").write_text(json.dumps(data))
    with pytest.raises(MigrationError, match="cannot read"):
        ProgressStore.open(data_dir)
    assert (data_dir / "progress.json").exists()
    assert not (data_dir / "meta.json").exists()


def test_a_foreign_progress_json_is_left_alone(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    foreign = b'{"name": "some-other-program", "progress": 3}'
    (data_dir / "progress.json").write_bytes(foreign)
    with ProgressStore.open(data_dir) as store:
        assert store.migrated_from == ()
        store.create_profile("Ana")
    assert (data_dir / "progress.json").read_bytes() == foreign
