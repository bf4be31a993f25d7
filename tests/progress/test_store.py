"""ProgressStore: profiles, reading progress, sessions, attempts, overview, lock."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from progress_support import T0, answer

from trainer.core.progress import (
    DuplicateAttemptError,
    InvalidInputError,
    MasteryState,
    ProfileNotFoundError,
    ProgressStore,
    SessionNotFoundError,
    StorageError,
    StoreClosedError,
    StoreLockedError,
)
from trainer.core.progress import storage as storage_module
from trainer.core.progress.history import HistoryLog
from trainer.core.progress.mastery import mastery_by_indicator

REPO = Path(__file__).resolve().parents[2]


def _session(store: ProgressStore, profile_id: str, quiz_id: str = "quiz-1") -> str:
    return store.start_session(profile_id, quiz_id, "practice", ["q1", "q2"], 7, "2025.1")


# ------------------------------------------------------------------ profiles


def test_profiles_create_list_rename_get(store: ProgressStore) -> None:
    bea = store.create_profile("  Bea   Ortiz ")
    ana = store.create_profile("ana")
    assert bea.display_name == "Bea Ortiz"
    assert len(bea.profile_id) == 32 and bea.profile_id != ana.profile_id
    assert [p.display_name for p in store.profiles()] == ["ana", "Bea Ortiz"]
    renamed = store.rename_profile(ana.profile_id, "Ana Lima")
    assert renamed.profile_id == ana.profile_id and renamed.display_name == "Ana Lima"
    assert store.get_profile(ana.profile_id) == renamed
    assert store.find_profile("ana lima") == renamed
    assert store.find_profile(bea.profile_id) == bea


def test_profiles_survive_reopen(data_dir: Path) -> None:
    with ProgressStore.open(data_dir) as first:
        made = first.create_profile("Ana")
        first.rename_profile(made.profile_id, "Ana L")
    with ProgressStore.open(data_dir) as second:
        (only,) = second.profiles()
        assert only.profile_id == made.profile_id and only.display_name == "Ana L"


@pytest.mark.parametrize("bad", ["", "   ", "x" * 101])
def test_bad_names_are_refused(store: ProgressStore, bad: str) -> None:
    with pytest.raises(InvalidInputError):
        store.create_profile(bad)


def test_unknown_and_ambiguous_profiles(store: ProgressStore) -> None:
    store.create_profile("Sam")
    store.create_profile("sam")
    with pytest.raises(ProfileNotFoundError, match="Several learners"):
        store.find_profile("SAM")
    with pytest.raises(ProfileNotFoundError, match="progress list"):
        store.find_profile("nobody")
    with pytest.raises(ProfileNotFoundError):
        store.get_profile("0" * 32)


def test_delete_moves_the_learner_to_trash(store: ProgressStore, data_dir: Path) -> None:
    ana = store.create_profile("Ana")
    sid = _session(store, ana.profile_id)
    store.record_attempt(answer(ana.profile_id, sid))
    target = store.delete_profile(ana.profile_id)
    assert target.parent == data_dir / "trash" and target.name.endswith(ana.profile_id)
    assert (target / "profile.json").exists()
    assert list((target / "history").glob("0*.json"))
    assert store.profiles() == []
    with pytest.raises(ProfileNotFoundError):
        store.overview(ana.profile_id)
    # Moving the folder back restores the learner with everything.
    store.close()
    os.rename(target, data_dir / "profiles" / ana.profile_id)
    with ProgressStore.open(data_dir) as again:
        assert again.overview(ana.profile_id).attempt_count == 1


# ------------------------------------------------------------------ modules


def test_module_progress(store: ProgressStore, data_dir: Path) -> None:
    pid = store.create_profile("Ana").profile_id
    empty = store.module_progress(pid, "m1")
    assert empty.sections_read == frozenset() and not empty.completed and empty.position is None
    store.mark_section_read(pid, "m1", "intro")
    store.mark_section_read(pid, "m1", "signs")
    store.mark_section_read(pid, "m1", "intro")
    store.set_reading_position(pid, "m1", "signs", 0.42)
    store.set_reading_position(pid, "m2", "start", 1.7)  # clamped
    done = store.mark_module_complete(pid, "m1", completed_at=T0)
    again = store.mark_module_complete(pid, "m1")
    assert again.completed_at == T0 == done.completed_at
    store.close()
    with ProgressStore.open(data_dir) as reopened:
        m1 = reopened.module_progress(pid, "m1")
        assert m1.sections_read == {"intro", "signs"}
        assert m1.position is not None and m1.position.section_id == "signs"
        assert m1.position.scroll_fraction == pytest.approx(0.42)
        assert m1.completed and m1.completed_at == T0
        everything = reopened.all_module_progress(pid)
        assert sorted(everything) == ["m1", "m2"]
        assert everything["m2"].position is not None
        assert everything["m2"].position.scroll_fraction == 1.0
        assert reopened.overview(pid).modules_completed == {"m1"}


def test_module_progress_is_read_once_and_a_failed_write_is_read_back(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = store.create_profile("Ana").profile_id
    store.set_reading_position(pid, "m1", "intro", 0.1)
    reads: list[int] = []
    real_read = storage_module.DurableJSONStorage.read

    def counting_read(self: storage_module.DurableJSONStorage) -> object:
        reads.append(1)
        return real_read(self)

    monkeypatch.setattr(storage_module.DurableJSONStorage, "read", counting_read)
    for _ in range(3):  # the library screen asks again whenever it is shown
        assert store.all_module_progress(pid)["m1"].position is not None
        assert store.module_progress(pid, "m1").sections_read == frozenset()
    assert reads == []  # kept in memory since the write
    real_write = storage_module.atomic_write_bytes

    def failing_write(path: Path, payload: bytes, **kwargs: object) -> None:
        raise OSError(errno.EIO, "input/output error")

    monkeypatch.setattr(storage_module, "atomic_write_bytes", failing_write)
    with pytest.raises(StorageError):
        store.mark_section_read(pid, "m1", "signs")
    monkeypatch.setattr(storage_module, "atomic_write_bytes", real_write)
    # What the learner sees comes from the file again: the failed change is not there.
    assert store.module_progress(pid, "m1").sections_read == frozenset()
    store.mark_section_read(pid, "m1", "signs")
    assert store.all_module_progress(pid)["m1"].sections_read == {"signs"}


# ------------------------------------------------------------------ sessions


def test_sessions_history_and_best_scores(store: ProgressStore) -> None:
    pid = store.create_profile("Ana").profile_id
    first = _session(store, pid, "quiz-1")
    second = _session(store, pid, "quiz-1")
    other = _session(store, pid, "quiz-2")
    store.finish_session(first, 6, 10, False, finished_at=T0)
    store.finish_session(second, 9, 10, True, finished_at=T0 + timedelta(days=1))
    with pytest.raises(InvalidInputError, match="already finished"):
        store.finish_session(second, 10, 10, True)
    with pytest.raises(InvalidInputError):
        store.finish_session(other, 11, 10, True)
    with pytest.raises(SessionNotFoundError):
        store.finish_session("nope", 1, 10, True)
    sessions = store.sessions(pid)
    assert [s.session_id for s in sessions] == [first, second, other]
    assert sessions[1].finished and sessions[1].score_ratio == pytest.approx(0.9)
    assert not sessions[2].finished and sessions[2].score_ratio is None
    assert [s.session_id for s in store.sessions(pid, quiz_id="quiz-2")] == [other]
    best = store.best_scores(pid)
    assert set(best) == {"quiz-1"}
    assert best["quiz-1"].best_score == 9 and best["quiz-1"].sessions_finished == 2
    assert best["quiz-1"].passed


def test_finish_a_session_started_before_a_restart(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, segment_size=3) as store:
        pid = store.create_profile("Ana").profile_id
        sid = _session(store, pid)
        for index in range(7):  # push the start event into an older segment
            store.record_attempt(answer(pid, sid, question_id=f"q{index}"))
    with ProgressStore.open(data_dir, segment_size=3) as store:
        store.record_attempt(answer(pid, sid, question_id="late"))
        finished = store.finish_session(sid, 3, 4, True)
        assert finished.finished and finished.quiz_id == "quiz-1"
        assert store.overview(pid).quiz_best["quiz-1"].best_ratio == pytest.approx(0.75)


# ------------------------------------------------------------------ attempts


def test_record_attempt_returns_the_stored_attempt(store: ProgressStore) -> None:
    pid = store.create_profile("Ana").profile_id
    sid = _session(store, pid)
    recorded = store.record_attempt(answer(pid, sid, indicators=("debt", "id-docs")))
    assert len(recorded.attempt_id) == 32
    assert recorded.content_id == "quiz-1" and recorded.indicators == ("debt", "id-docs")
    assert recorded.answered_at.tzinfo is not None
    assert list(store.attempts(pid)) == [recorded]


def test_attempts_filters_and_order(store: ProgressStore) -> None:
    pid = store.create_profile("Ana").profile_id
    s1 = _session(store, pid, "quiz-1")
    s2 = _session(store, pid, "quiz-2")
    made = []
    for index in range(20):
        quiz, sid = ("quiz-1", s1) if index % 2 else ("quiz-2", s2)
        made.append(
            store.record_attempt(
                answer(
                    pid,
                    sid,
                    quiz_id=quiz,
                    question_id=f"q{index}",
                    at=T0 + timedelta(minutes=index),
                )
            )
        )
    assert list(store.attempts(pid)) == made
    assert list(store.attempts(pid, quiz_id="quiz-1")) == [a for a in made if a.quiz_id == "quiz-1"]
    since = T0 + timedelta(minutes=15)
    assert list(store.attempts(pid, since=since)) == made[15:]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("question_type", "essay"),
        ("mode", "exam-ish"),
        ("score", 1.5),
        ("score", float("nan")),
        ("correct", 1),
        ("duration_ms", -1),
        ("duration_ms", 1.5),
        ("answer", {1, 2}),
        ("indicators", "debt"),
        ("question_id", ""),
        ("attempt_id", "../../etc"),
    ],
)
def test_invalid_attempts_are_refused(store: ProgressStore, field: str, value: object) -> None:
    pid = store.create_profile("Ana").profile_id
    sid = _session(store, pid)
    with pytest.raises(InvalidInputError):
        store.record_attempt(answer(pid, sid, **{field: value}))
    assert list(store.attempts(pid)) == []


def test_naive_times_and_wrong_sessions_are_refused(store: ProgressStore) -> None:
    pid = store.create_profile("Ana").profile_id
    other = store.create_profile("Bo").profile_id
    sid = _session(store, pid)
    with pytest.raises(InvalidInputError, match="timezone-aware"):
        store.record_attempt(answer(pid, sid, at=T0.replace(tzinfo=None)))
    with pytest.raises(SessionNotFoundError):
        store.record_attempt(answer(pid, "unknown-session"))
    with pytest.raises(SessionNotFoundError):
        store.record_attempt(answer(other, sid))
    with pytest.raises(InvalidInputError, match="runs quiz"):
        store.record_attempt(answer(pid, sid, quiz_id="quiz-9"))
    with pytest.raises(ProfileNotFoundError):
        store.record_attempt(answer("f" * 32, sid))


def test_supplied_attempt_id_makes_a_retry_idempotent(store: ProgressStore) -> None:
    pid = store.create_profile("Ana").profile_id
    sid = _session(store, pid)
    data = answer(pid, sid, attempt_id="retry-1")
    first = store.record_attempt(data)
    assert store.record_attempt(data) == first
    assert [a.attempt_id for a in store.attempts(pid)] == ["retry-1"]
    with pytest.raises(DuplicateAttemptError):
        store.record_attempt(replace(data, correct=False, score=0.0))


def test_a_retry_is_idempotent_however_far_back_its_session_started(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, segment_size=3) as store:
        pid = store.create_profile("Ana").profile_id
        sid = _session(store, pid)
        data = answer(pid, sid, attempt_id="retry-1")
        first = store.record_attempt(data)
        for index in range(30):
            store.record_attempt(answer(pid, sid, question_id=f"q{index}", attempt_id=f"a{index}"))
        _session(store, pid, "quiz-2")
        assert store.record_attempt(data) == first
        with pytest.raises(DuplicateAttemptError):
            store.record_attempt(replace(data, correct=False, score=0.0))
    # Opened again, the session's answers are read back from the segments.
    for load_every_session in (False, True):
        with ProgressStore.open(data_dir, segment_size=3) as store:
            if load_every_session:
                store.sessions(pid)
            assert store.record_attempt(data) == first
            late = answer(pid, sid, question_id="q29", attempt_id="a29")
            assert store.record_attempt(late).question_id == "q29"
            with pytest.raises(DuplicateAttemptError):
                store.record_attempt(replace(data, question_id="other"))
            with pytest.raises(DuplicateAttemptError):
                store.record_attempt(replace(late, answer={"choice": "c"}))
            ids = [a.attempt_id for a in store.attempts(pid)]
            assert len(ids) == 31 == len(set(ids))


def test_recording_at_a_long_history_reads_no_old_segment(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProgressStore.open(data_dir, segment_size=4) as store:
        pid = store.create_profile("Ana").profile_id
        old = _session(store, pid)
        for index in range(60):
            store.record_attempt(answer(pid, old, question_id=f"q{index}", attempt_id=f"a{index}"))
        recent = _session(store, pid, "quiz-2")
        for index in range(6):
            store.record_attempt(
                answer(
                    pid, recent, quiz_id="quiz-2", question_id=f"r{index}", attempt_id=f"r{index}"
                )
            )
    history = data_dir / "profiles" / pid / "history"
    newest = len(list(history.glob("0*.json")))
    started_in = [
        int(path.name[:6])
        for path in sorted(history.glob("0*.json"))
        if any(
            doc["session_id"] == recent
            for doc in json.loads(path.read_text()).get("sessions", {}).values()
        )
    ]
    assert newest >= 15 and started_in == [newest - 1]

    read: list[int] = []
    real_read = HistoryLog.read_segment

    def counting(log: HistoryLog, number: int) -> object:
        read.append(number)
        return real_read(log, number)

    monkeypatch.setattr(HistoryLog, "read_segment", counting)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        # A session started now: its first answer, and a retry, read nothing.
        sid = _session(store, pid)
        data = answer(pid, sid, question_id="new", attempt_id="new-1")
        first = store.record_attempt(data)
        assert store.record_attempt(data) == first
        store.record_attempt(answer(pid, sid, question_id="next", attempt_id="new-2"))
        assert read == []
        # A session from before the store was opened: read back to its start only.
        store.record_attempt(
            answer(pid, recent, quiz_id="quiz-2", question_id="r6", attempt_id="r6")
        )
        assert read and min(read) == newest - 1
        with pytest.raises(DuplicateAttemptError):
            store.record_attempt(
                answer(pid, recent, quiz_id="quiz-2", question_id="changed", attempt_id="r0")
            )
        assert min(read) == newest - 1


def test_a_retry_after_the_folder_fsync_failed_is_idempotent(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = store.create_profile("Ana").profile_id
    sid = _session(store, pid)
    store.record_attempt(answer(pid, sid, question_id="before", attempt_id="before"))
    assert store.overview(pid).attempt_count == 1
    data = answer(pid, sid, question_id="maybe", attempt_id="maybe", at=T0 + timedelta(1))

    def fail(path: Path) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with monkeypatch.context() as patch:
        # The answer is renamed into place, then flushing the folder fails.
        patch.setattr(storage_module, "fsync_dir", fail)
        with pytest.raises(StorageError):
            store.record_attempt(data)
    assert [a.attempt_id for a in store.attempts(pid)] == ["before", "maybe"]
    retried = store.record_attempt(data)
    assert retried.attempt_id == "maybe"
    assert [a.attempt_id for a in store.attempts(pid)] == ["before", "maybe"]
    assert store.overview(pid).attempt_count == 2


def test_history_rolls_over_into_segments(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, segment_size=5) as store:
        pid = store.create_profile("Ana").profile_id
        sid = _session(store, pid)
        for index in range(23):
            store.record_attempt(answer(pid, sid, question_id=f"q{index}"))
    history = data_dir / "profiles" / pid / "history"
    segments = sorted(p.name for p in history.glob("0*.json"))
    assert segments == [f"{n:06d}.json" for n in range(1, 6)]
    for name in segments[:-1]:  # sealed: one exact backup, the rest dropped
        assert (history / f"{name}.bak1").read_bytes() == (history / name).read_bytes()
        assert not (history / f"{name}.bak2").exists()
        assert (
            len(json.loads((history / name).read_text())["attempts"])
            + len(json.loads((history / name).read_text()).get("sessions", {}))
            == 5
        )
    with ProgressStore.open(data_dir, segment_size=5) as store:
        assert len(list(store.attempts(pid))) == 23


# ------------------------------------------------------------------ overview


def _fill(store: ProgressStore, pid: str, count: int) -> list[object]:
    sid = _session(store, pid)
    made = []
    for index in range(count):
        made.append(
            store.record_attempt(
                answer(
                    pid,
                    sid,
                    question_id=f"q{index}",
                    correct=index % 4 != 0,
                    indicators=(f"ind-{index % 3}", "common"),
                    at=T0 + timedelta(minutes=index),
                )
            )
        )
    store.finish_session(sid, 3, 4, True, finished_at=T0 + timedelta(hours=5))
    return made


def test_overview_matches_a_full_recount(data_dir: Path) -> None:
    now = T0 + timedelta(days=2)
    with ProgressStore.open(data_dir, segment_size=7) as store:
        pid = store.create_profile("Ana").profile_id
        _fill(store, pid, 30)
        live = store.overview(pid, now)
        attempts = list(store.attempts(pid))
    assert live.attempt_count == 30
    assert live.correct_count == sum(a.correct for a in attempts)
    assert live.correct_ratio == pytest.approx(live.correct_count / 30)
    assert live.sessions_finished == 1
    assert dict(live.mastery) == mastery_by_indicator(attempts, now)
    with ProgressStore.open(data_dir, segment_size=7) as store:
        assert store.overview(pid, now) == live


def test_summary_is_rebuilt_when_missing_stale_or_damaged(data_dir: Path) -> None:
    now = T0 + timedelta(days=2)
    with ProgressStore.open(data_dir, segment_size=6) as store:
        pid = store.create_profile("Ana").profile_id
        _fill(store, pid, 25)
        expected = store.overview(pid, now)
    profile_dir = data_dir / "profiles" / pid
    summary = profile_dir / "summary.json"

    for backup in profile_dir.glob("summary.json*"):
        backup.unlink()
    with ProgressStore.open(data_dir, segment_size=6) as store:
        assert store.overview(pid, now) == expected
    assert summary.exists()

    # A watermark past the end of the history (say, a segment was lost).
    doc = json.loads(summary.read_text())
    doc["summary"]["1"]["watermark"]["segment"] = 99
    summary.write_text(json.dumps(doc))
    with ProgressStore.open(data_dir, segment_size=6) as store:
        assert store.overview(pid, now) == expected


def test_an_older_summary_is_brought_up_to_date_without_a_rebuild(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = T0 + timedelta(days=2)
    with ProgressStore.open(data_dir, segment_size=6) as store:
        pid = store.create_profile("Ana").profile_id
        sid = _session(store, pid)
        for index in range(10):
            store.record_attempt(
                answer(
                    pid,
                    sid,
                    question_id=f"q{index}",
                    correct=index % 3 != 0,
                    at=T0 + timedelta(minutes=index),
                )
            )
        store.overview(pid, now)
    summary = data_dir / "profiles" / pid / "summary.json"
    old = summary.read_bytes()
    with ProgressStore.open(data_dir, segment_size=6) as store:
        for index in range(10, 27):
            store.record_attempt(
                answer(
                    pid,
                    sid,
                    question_id=f"q{index}",
                    correct=index % 3 != 0,
                    at=T0 + timedelta(minutes=index),
                )
            )
        expected = store.overview(pid, now)
        everything = list(store.attempts(pid))
    summary.write_bytes(old)

    def no_rebuild(*args: object) -> None:
        raise AssertionError("the summary should have been folded forward, not rebuilt")

    monkeypatch.setattr(ProgressStore, "_rebuild_summary", no_rebuild)
    with ProgressStore.open(data_dir, segment_size=6) as store:
        view = store.overview(pid, now)
    assert view == expected
    assert view.attempt_count == 27
    assert dict(view.mastery) == mastery_by_indicator(everything, now)


def test_out_of_order_answers_trigger_a_rebuild(store: ProgressStore) -> None:
    pid = store.create_profile("Ana").profile_id
    sid = _session(store, pid)
    store.overview(pid)
    late = store.record_attempt(answer(pid, sid, question_id="a", at=T0 + timedelta(hours=1)))
    early = store.record_attempt(answer(pid, sid, question_id="b", correct=False, at=T0))
    mastery = store.overview(pid, T0 + timedelta(days=1)).mastery["ind-a"]
    expected = mastery_by_indicator([late, early], T0 + timedelta(days=1))["ind-a"]
    assert mastery == expected
    assert mastery.last_seen == late.answered_at


def test_overview_of_a_new_learner(store: ProgressStore) -> None:
    pid = store.create_profile("Ana").profile_id
    view = store.overview(pid)
    assert view.attempt_count == 0 and view.correct_ratio is None
    assert view.mastery == {} and view.quiz_best == {}


def test_mastery_shortcut(store: ProgressStore) -> None:
    pid = store.create_profile("Ana").profile_id
    sid = _session(store, pid)
    for minute in range(3):
        store.record_attempt(answer(pid, sid, at=T0 + timedelta(minutes=minute)))
    mastery = store.mastery(pid, now=T0 + timedelta(days=2))
    assert mastery["ind-a"].state is MasteryState.MASTERED and mastery["ind-a"].is_due


# ------------------------------------------------------------------ lifecycle


def test_closed_store_refuses_work(data_dir: Path) -> None:
    store = ProgressStore.open(data_dir)
    pid = store.create_profile("Ana").profile_id
    store.close()
    store.close()
    with pytest.raises(StoreClosedError):
        store.overview(pid)
    with pytest.raises(StoreClosedError):
        store.create_profile("Bo")


def test_threads_can_share_the_store(store: ProgressStore) -> None:
    pid = store.create_profile("Ana").profile_id
    sid = _session(store, pid)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for index in range(15):
                store.record_attempt(answer(pid, sid, question_id=f"t{offset}-{index}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ids = [a.attempt_id for a in store.attempts(pid)]
    assert len(ids) == 60 == len(set(ids))
    assert store.overview(pid).attempt_count == 60


def test_a_second_open_in_the_same_process_is_refused(data_dir: Path) -> None:
    with ProgressStore.open(data_dir):
        with pytest.raises(StoreLockedError, match="already in use") as info:
            ProgressStore.open(data_dir)
        assert f"process {os.getpid()}" in str(info.value)
        assert "--data-dir" in str(info.value)
    with ProgressStore.open(data_dir):
        pass


_HOLDER = """
import sys, time
sys.path.insert(0, {repo!r})
from trainer.core.progress import ProgressStore
store = ProgressStore.open({data!r})
print("ready", flush=True)
time.sleep(60)
"""


def test_another_process_is_refused_and_a_crash_frees_the_lock(data_dir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER.format(repo=str(REPO), data=str(data_dir))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError) as info:
            ProgressStore.open(data_dir)
        assert f"process {holder.pid}" in str(info.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    deadline = time.monotonic() + 5
    while True:
        try:
            with ProgressStore.open(data_dir) as store:
                assert store.profiles() == []
            break
        except StoreLockedError:  # pragma: no cover - the kernel is slow to clean up
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
