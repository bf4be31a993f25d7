"""Fault injection at the store level: full disk, failing fsync/rename,
read-only folders, and damaged files of every kind."""

from __future__ import annotations

import errno
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from progress_support import T0, answer

from trainer.core.progress import (
    DiskFullError,
    ProgressError,
    ProgressStore,
    ReadOnlyStoreError,
    StorageError,
)


def _fail(error: int) -> Any:
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OSError(error, os.strerror(error))

    return failing


def _learner(data_dir: Path, count: int, segment_size: int = 4) -> tuple[str, str]:
    with ProgressStore.open(data_dir, segment_size=segment_size) as store:
        pid = store.create_profile("Ana").profile_id
        sid = store.start_session(pid, "quiz-1", "exam", ["q1"], 1, "2025.1")
        for index in range(count):
            store.record_attempt(
                answer(pid, sid, question_id=f"q{index}", at=T0 + timedelta(minutes=index))
            )
    return pid, sid


@pytest.mark.parametrize(
    ("call", "error", "expected", "message"),
    [
        ("write", errno.ENOSPC, DiskFullError, "is full"),
        ("fsync", errno.EIO, StorageError, "Everything saved before this moment is safe"),
        ("replace", errno.EIO, StorageError, "check the disk"),
        ("write", errno.EROFS, ReadOnlyStoreError, "--data-dir"),
    ],
)
def test_record_attempt_failure_keeps_every_earlier_answer(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    error: int,
    expected: type[ProgressError],
    message: str,
) -> None:
    pid, sid = _learner(data_dir, 6)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        before = [a.attempt_id for a in store.attempts(pid)]
        with monkeypatch.context() as patch:
            patch.setattr(os, call, _fail(error))
            with pytest.raises(expected, match=message):
                store.record_attempt(answer(pid, sid, question_id="lost", at=T0 + timedelta(1)))
        # The store keeps working once the fault is gone.
        kept = store.record_attempt(answer(pid, sid, question_id="kept", at=T0 + timedelta(2)))
        assert store.overview(pid).attempt_count == 7
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert store.recovery_reports == ()
        after = [a.attempt_id for a in store.attempts(pid)]
        assert after == [*before, kept.attempt_id]
        assert "lost" not in {a.question_id for a in store.attempts(pid)}


def test_disk_full_when_a_new_segment_starts(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid, sid = _learner(data_dir, 3)  # session start + 3 answers: segment 1 is full
    with ProgressStore.open(data_dir, segment_size=4) as store:
        with monkeypatch.context() as patch:
            patch.setattr(os, "write", _fail(errno.ENOSPC))
            with pytest.raises(DiskFullError):
                store.record_attempt(answer(pid, sid, question_id="x"))
        store.record_attempt(answer(pid, sid, question_id="y", at=T0 + timedelta(days=1)))
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert [a.question_id for a in store.attempts(pid)] == ["q0", "q1", "q2", "y"]
        assert store.recovery_reports == ()


def test_failures_in_other_writes_are_reported_cleanly(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid, _ = _learner(data_dir, 1)
    with ProgressStore.open(data_dir) as store:
        with monkeypatch.context() as patch:
            patch.setattr(os, "fsync", _fail(errno.EIO))
            with pytest.raises(StorageError):
                store.mark_section_read(pid, "m1", "s1")
            with pytest.raises(StorageError):
                store.start_session(pid, "quiz-1", "practice", [], 1, "v")
            with pytest.raises(StorageError):
                store.rename_profile(pid, "New name")
            with pytest.raises(StorageError):
                store.create_profile("Bo")
        assert store.module_progress(pid, "m1").sections_read == frozenset()
        assert store.get_profile(pid).display_name == "Ana"
        assert [p.display_name for p in store.profiles()] == ["Ana"]
    with ProgressStore.open(data_dir) as store:
        assert [p.display_name for p in store.profiles()] == ["Ana"]
        assert store.module_progress(pid, "m1").sections_read == frozenset()


def test_read_only_folder_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    real_open = os.open

    def refuse_writes(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_writes)
    with pytest.raises(ReadOnlyStoreError) as info:
        ProgressStore.open(folder)
    message = str(info.value)
    assert f"the progress folder {folder} is read-only" in message
    assert "--data-dir" in message
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores folder permissions; the injected EROFS test covers this case",
)
def test_read_only_folder_by_permissions(tmp_path: Path) -> None:  # pragma: no cover - non-root
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyStoreError, match="--data-dir"):
            ProgressStore.open(folder)
    finally:
        folder.chmod(0o755)


# ------------------------------------------------------------------ damaged files

DAMAGE = {
    "truncated": lambda good: good[: max(1, len(good) // 2)],
    "empty": lambda good: b"",
    "garbage": lambda good: os.urandom(64).replace(b"{", b"x"),
    "wrong-schema": lambda good: b'{"attempts": {"1": {"attempt_id": 5}}}',
}


def _current_segment(data_dir: Path, pid: str) -> Path:
    return sorted((data_dir / "profiles" / pid / "history").glob("0*.json"))[-1]


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_current_segment_recovers_from_its_backup(data_dir: Path, kind: str) -> None:
    pid, _ = _learner(data_dir, 6)
    segment = _current_segment(data_dir, pid)
    good = segment.read_bytes()
    damaged = DAMAGE[kind](good)
    segment.write_bytes(damaged)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        attempts = [a.question_id for a in store.attempts(pid)]
        (report,) = store.recovery_reports
        assert store.overview(pid).attempt_count == len(attempts)
    # .bak1 is the state before the last answer: only that answer is missing.
    assert attempts == [f"q{n}" for n in range(5)]
    assert report.path == segment and report.recovered_from is not None
    assert report.moved_to is not None and report.moved_to.read_bytes() == damaged


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_sealed_segment_loses_nothing(data_dir: Path, kind: str) -> None:
    pid, _ = _learner(data_dir, 10)
    first = sorted((data_dir / "profiles" / pid / "history").glob("0*.json"))[0]
    first.write_bytes(DAMAGE[kind](first.read_bytes()))
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert [a.question_id for a in store.attempts(pid)] == [f"q{n}" for n in range(10)]
        assert len(store.recovery_reports) == 1
        assert store.overview(pid).attempt_count == 10


@pytest.mark.parametrize("kind", sorted(DAMAGE))
@pytest.mark.parametrize("name", ["profile.json", "modules.json", "summary.json"])
def test_damaged_learner_files_recover(data_dir: Path, kind: str, name: str) -> None:
    pid, _ = _learner(data_dir, 5)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        store.mark_section_read(pid, "m1", "s1")
        store.mark_section_read(pid, "m1", "s2")
        store.rename_profile(pid, "Ana Lima")
        expected = store.overview(pid)
    path = data_dir / "profiles" / pid / name
    damaged = DAMAGE[kind](path.read_bytes())
    path.write_bytes(damaged)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert store.get_profile(pid).display_name in {"Ana", "Ana Lima"}
        assert store.module_progress(pid, "m1").sections_read <= {"s1", "s2"}
        assert store.overview(pid).attempt_count == expected.attempt_count
        assert store.overview(pid).mastery == expected.mastery
        reports = store.recovery_reports
    assert [r.path for r in reports] == [path]
    assert reports[0].moved_to is not None and reports[0].moved_to.read_bytes() == damaged


def test_learner_file_lost_without_backups_keeps_the_history(data_dir: Path) -> None:
    pid, _ = _learner(data_dir, 3)
    folder = data_dir / "profiles" / pid
    for path in folder.glob("profile.json*"):
        path.write_bytes(b"garbage")
    with ProgressStore.open(data_dir, segment_size=4) as store:
        profile = store.get_profile(pid)
        assert profile.display_name == f"Recovered learner {pid[:8]}"
        assert len(list(store.attempts(pid))) == 3
        assert store.recovery_reports[0].recovered_from is None


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_meta_file_recovers(data_dir: Path, kind: str) -> None:
    pid, _ = _learner(data_dir, 2)
    meta = data_dir / "meta.json"
    original = json.loads(meta.read_text())
    meta.write_bytes(DAMAGE[kind](meta.read_bytes()))
    with ProgressStore.open(data_dir) as store:
        assert len(list(store.attempts(pid))) == 2
        assert [r.path for r in store.recovery_reports] == [meta]
    assert json.loads(meta.read_text())["schema_version"] == original["schema_version"]
    with ProgressStore.open(data_dir) as store:
        assert store.recovery_reports == ()


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to name fds")
def test_record_attempt_syncs_data_then_renames_then_syncs_the_folder(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The order that makes an answer survive a power cut, not just a kill."""
    pid, sid = _learner(data_dir, 1)
    events: list[tuple[str, ...]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append(("replace", str(src), str(dst)))
        real_replace(src, dst)

    with ProgressStore.open(data_dir, segment_size=4) as store:
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)
        store.record_attempt(answer(pid, sid, question_id="q-power"))
        recorded = list(events)
        monkeypatch.undo()
    segment = _current_segment(data_dir, pid)
    tmp = str(segment.with_name(f".{segment.name}.tmp"))
    data_synced = recorded.index(("fsync", tmp))
    renamed = recorded.index(("replace", tmp, str(segment)))
    folder_synced = recorded.index(("fsync", str(segment.parent)))
    assert data_synced < renamed < folder_synced == len(recorded) - 1
