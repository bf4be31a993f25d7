"""The session index (``sessions.json``): ``sessions()`` without reading the
whole history, checked against the history and rebuilt when it does not match."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import random
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from progress_support import T0, answer
from test_schema import _v0_fixture

from trainer.core.progress import (
    InvalidInputError,
    ProgressStore,
    QuizSession,
    StorageError,
)
from trainer.core.progress import storage as storage_module
from trainer.core.progress import store as store_module
from trainer.core.progress.exchange import export_json_bytes, import_export
from trainer.core.progress.history import HistoryLog
from trainer.core.progress.models import session_event_from_doc, sessions_from_events


def _history_dir(data_dir: Path, pid: str) -> Path:
    return data_dir / "profiles" / pid / "history"


def _index(data_dir: Path, pid: str) -> Path:
    return data_dir / "profiles" / pid / "sessions.json"


def _segments(data_dir: Path, pid: str) -> list[Path]:
    return sorted(_history_dir(data_dir, pid).glob("0*.json"))


def _truth(data_dir: Path, pid: str) -> list[QuizSession]:
    """The sessions as the history files on disk hold them, oldest first."""
    events = []
    for path in _segments(data_dir, pid):
        docs = json.loads(path.read_text(encoding="utf-8")).get("sessions") or {}
        events += [session_event_from_doc(docs[key]) for key in sorted(docs, key=int)]
    found = sessions_from_events(events).values()
    return sorted(found, key=lambda s: (s.started_at, s.session_id))


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    read: list[int] = []
    real_read = HistoryLog.read_segment

    def counting(log: HistoryLog, number: int) -> object:
        read.append(number)
        return real_read(log, number)

    monkeypatch.setattr(HistoryLog, "read_segment", counting)
    return read


def _play(store: ProgressStore, pid: str, sessions: int, *, first: int = 0) -> list[str]:
    """Sessions of three answers each, every other one finished."""
    made = []
    for number in range(first, first + sessions):
        quiz = f"quiz-{number % 3}"
        sid = store.start_session(
            pid, quiz, "exam", [f"q{number}", "q-last"], number, "2025.1",
            started_at=T0 + timedelta(hours=number),
        )  # fmt: skip
        for index in range(3):
            store.record_attempt(
                answer(
                    pid,
                    sid,
                    quiz_id=quiz,
                    question_id=f"q{index}",
                    correct=(number + index) % 2 == 0,
                    at=T0 + timedelta(hours=number, minutes=index + 1),
                )
            )
        if number % 2 == 0:
            store.finish_session(
                sid, float(number % 4), 4.0, number % 4 >= 2,
                finished_at=T0 + timedelta(hours=number, minutes=30),
            )  # fmt: skip
        made.append(sid)
    return made


def _build(data_dir: Path, sessions: int = 12, segment_size: int = 4) -> str:
    with ProgressStore.open(data_dir, segment_size=segment_size) as store:
        pid = store.create_profile("Ana").profile_id
        _play(store, pid, sessions // 2)
        store.sessions(pid)  # loaded: kept up to date, saved on close
        _play(store, pid, sessions - sessions // 2, first=sessions // 2)
    return pid


# ------------------------------------------------------------------ reading


def test_sessions_come_from_the_index_without_reading_old_segments(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = _build(data_dir, sessions=16)
    expected = _truth(data_dir, pid)
    assert len(expected) == 16 and sum(s.finished for s in expected) == 8
    newest = len(_segments(data_dir, pid))
    assert newest >= 15 and _index(data_dir, pid).exists()

    read = _count_reads(monkeypatch)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert store.sessions(pid) == expected
        assert set(read) == {newest}
        assert store.sessions(pid, quiz_id="quiz-1") == [
            s for s in expected if s.quiz_id == "quiz-1"
        ]
        # A session of the index is finished without reading its start back.
        open_one = next(s for s in expected if not s.finished)
        store.finish_session(open_one.session_id, 1, 2, False)
        assert set(read) == {newest}

    # The same as a rebuild from the history.
    for path in _index(data_dir, pid).parent.glob("sessions.json*"):
        path.unlink()
    with ProgressStore.open(data_dir, segment_size=4) as store:
        rebuilt = store.sessions(pid)
    assert rebuilt == _truth(data_dir, pid)
    assert [s.finished for s in rebuilt].count(True) == 9


@pytest.mark.parametrize("behind", [5, 24])
def test_an_index_behind_the_history_is_brought_up_to_date(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, behind: int
) -> None:
    pid = _build(data_dir, sessions=6)
    saved = _index(data_dir, pid).read_bytes()
    mark = json.loads(saved)["session_index"]["1"]["watermark"]["segment"]
    with ProgressStore.open(data_dir, segment_size=4) as store:
        unfinished = next(s for s in store.sessions(pid) if not s.finished).session_id
    with ProgressStore.open(data_dir, segment_size=4) as store:
        # The sessions are not loaded: the index is left as it was.
        _play(store, pid, behind, first=50)
        store.finish_session(unfinished, 2, 2, True)
    assert _index(data_dir, pid).read_bytes() == saved
    expected = _truth(data_dir, pid)
    assert len(expected) == 6 + behind
    assert next(s for s in expected if s.session_id == unfinished).passed
    lag = len(_segments(data_dir, pid)) - mark
    assert (lag >= 20) == (behind > 5)

    read = _count_reads(monkeypatch)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert store.sessions(pid) == expected
        assert min(read) == mark
        # Far behind, it is saved at once; otherwise when the store closes.
        assert (_index(data_dir, pid).read_bytes() != saved) == (lag >= 20)
    assert _index(data_dir, pid).read_bytes() != saved
    read.clear()
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert store.sessions(pid) == expected
    assert set(read) == {len(_segments(data_dir, pid))}


def test_the_index_is_written_only_when_it_changed(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = _build(data_dir)
    written: list[str] = []
    real_write = storage_module.atomic_write_bytes

    def recording(path: Path, data: bytes, **kwargs: Any) -> None:
        written.append(path.name)
        real_write(path, data, **kwargs)

    monkeypatch.setattr(storage_module, "atomic_write_bytes", recording)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        store.sessions(pid)
        store.overview(pid)
    assert "sessions.json" not in written
    with ProgressStore.open(data_dir, segment_size=4) as store:
        store.sessions(pid)
        _play(store, pid, 1, first=70)
        assert "sessions.json" not in written
    assert written.count("sessions.json") == 1


# ------------------------------------------------------------------ checking


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_bytes(storage_module.dump_json_bytes(data))


def _drop_last_session_event(data: dict[str, Any]) -> None:
    docs = data["sessions"]
    del docs[max(docs, key=int)]


def _change_a_score(data: dict[str, Any]) -> None:
    # The same length: only the checksum of the segment's events can tell.
    finish = next(doc for doc in data["sessions"].values() if doc["event"] == "finish")
    finish["score"] = 3.0 if finish["score"] != 3.0 else 1.0


def _tamper_index(change: Callable[[dict[str, Any]], None]) -> Callable[[Path, str], None]:
    def tamper(data_dir: Path, pid: str) -> None:
        _rewrite(_index(data_dir, pid), lambda data: change(data["session_index"]["1"]))

    return tamper


def _tamper_segment(
    pick: Callable[[list[Path]], Path], change: Callable[[dict[str, Any]], None]
) -> Callable[[Path, str], None]:
    def tamper(data_dir: Path, pid: str) -> None:
        _rewrite(pick(_segments(data_dir, pid)), change)

    return tamper


def _delete_index(data_dir: Path, pid: str) -> None:
    for path in _index(data_dir, pid).parent.glob("sessions.json*"):
        path.unlink()


def _garble_index(data_dir: Path, pid: str) -> None:
    _index(data_dir, pid).write_bytes(b'{"session_index": {"1": {"watermark": ')


def _newest(segments: list[Path]) -> Path:
    return segments[-1]


def _with_session_events(segments: list[Path]) -> Path:
    return next(p for p in segments[:-2] if json.loads(p.read_text()).get("sessions"))


TAMPERING: dict[str, Callable[[Path, str], None]] = {
    "missing": _delete_index,
    "damaged": _garble_index,
    "another-version": _tamper_index(lambda doc: doc.update(index_version=99)),
    "another-learner": _tamper_index(lambda doc: doc.update(profile_id="0" * 32)),
    "past-the-end": _tamper_index(lambda doc: doc["watermark"].update(segment=999)),
    "bad-row": _tamper_index(lambda doc: doc["sessions"][0].__setitem__(6, "yesterday")),
    "sealed-segment-changed": _tamper_segment(_with_session_events, _drop_last_session_event),
    "sealed-segment-lost": _tamper_segment(_with_session_events, lambda data: data.clear()),
    "watermark-segment-changed": _tamper_segment(_newest, _change_a_score),
}


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_an_index_that_does_not_match_the_history_is_rebuilt(data_dir: Path, kind: str) -> None:
    # The last event is a finish, in the newest segment.
    pid = _build(data_dir, sessions=11)
    before = _truth(data_dir, pid)
    TAMPERING[kind](data_dir, pid)
    expected = _truth(data_dir, pid)
    if kind.endswith("changed") or kind.endswith("lost"):
        assert expected != before
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert store.sessions(pid) == expected
        reports = store.recovery_reports
    assert [r.path.name for r in reports] == (["sessions.json"] if kind == "damaged" else [])
    # Saved again, and right this time.
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert store.sessions(pid) == expected
        assert store.recovery_reports == ()


def test_a_history_file_recovered_while_the_sessions_are_loaded_rebuilds_them(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = _build(data_dir, sessions=10)
    expected = _truth(data_dir, pid)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        assert store.sessions(pid) == expected
        # A sealed segment goes bad; reading it restores its exact backup.
        first = _segments(data_dir, pid)[0]
        first.write_bytes(b"garbage")
        assert len(list(store.attempts(pid))) == 30
        assert [r.path for r in store.recovery_reports] == [first]
        read = _count_reads(monkeypatch)
        assert store.sessions(pid) == expected
        assert 1 in read  # rebuilt from the history


def test_a_damaged_newest_segment_is_not_papered_over_by_the_index(data_dir: Path) -> None:
    pid = _build(data_dir, sessions=10)
    with ProgressStore.open(data_dir, segment_size=4) as store:
        last = store.sessions(pid)[-1]
        assert not last.finished
        store.finish_session(last.session_id, 1, 1, True)
    assert sum(s.finished for s in _truth(data_dir, pid)) == 6
    newest = _segments(data_dir, pid)[-1]
    newest.write_bytes(b"")
    with ProgressStore.open(data_dir, segment_size=4) as store:
        found = store.sessions(pid)
        assert [r.path for r in store.recovery_reports] == [newest]
    # The segment is back to its backup, without the last event: the index,
    # which has it, is not believed.
    assert found == _truth(data_dir, pid)
    assert sum(s.finished for s in found) == 5
    assert not next(s for s in found if s.session_id == last.session_id).finished


# ------------------------------------------------------------------ import


def test_an_import_keeps_the_index_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home_dir, away_dir = tmp_path / "home", tmp_path / "away"
    with ProgressStore.open(home_dir, segment_size=4) as home:
        pid = home.create_profile("Ana").profile_id
        sids = _play(home, pid, 4)
        exported = export_json_bytes(home, pid)
    with ProgressStore.open(away_dir, segment_size=4) as away:
        import_export(away, exported)
        assert away.sessions(pid) == _truth(home_dir, pid)
    with ProgressStore.open(home_dir, segment_size=4) as home:
        _play(home, pid, 3, first=10)
        home.finish_session(sids[1], 4, 4, True, finished_at=T0 + timedelta(days=9))
        exported = export_json_bytes(home, pid)
        expected = home.sessions(pid)
    read = _count_reads(monkeypatch)
    with ProgressStore.open(away_dir, segment_size=4) as away:
        away.sessions(pid)
        result = import_export(away, exported)
        assert result.sessions_added == 3 and result.sessions_finished == 3
        before = len(read)
        assert away.sessions(pid) == expected
        assert len(read) == before  # nothing read back
    assert _truth(away_dir, pid) == expected
    read.clear()
    with ProgressStore.open(away_dir, segment_size=4) as away:
        assert away.sessions(pid) == expected
    assert set(read) == {len(_segments(away_dir, pid))}


def test_a_failed_import_forgets_what_it_may_have_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProgressStore.open(tmp_path / "home", segment_size=4) as home:
        pid = home.create_profile("Ana").profile_id
        _play(home, pid, 2)
        first = export_json_bytes(home, pid)
        _play(home, pid, 2, first=10)
        second = export_json_bytes(home, pid)
        expected = home.sessions(pid)
        answers = len(list(home.attempts(pid)))
    away_dir = tmp_path / "away"
    with ProgressStore.open(away_dir, segment_size=50) as away:
        import_export(away, first)
        away.sessions(pid)
        away.overview(pid)
        calls = []
        real_fsync_dir = storage_module.fsync_dir

        def fail_the_second(path: Path) -> None:
            calls.append(path)
            if len(calls) == 2:
                # The answers are renamed into place, then flushing the folder fails.
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            real_fsync_dir(path)

        with monkeypatch.context() as patch:
            patch.setattr(storage_module, "fsync_dir", fail_the_second)
            with pytest.raises(StorageError):
                import_export(away, second)
        assert away.sessions(pid) == _truth(away_dir, pid) == expected
        assert away.overview(pid).attempt_count == answers
        again = import_export(away, second)
        assert again.attempts_added == 0 and again.sessions_added == 0
        ids = [a.attempt_id for a in away.attempts(pid)]
        assert len(ids) == len(set(ids)) == answers


# ------------------------------------------------------------------ failed writes


def _fail_fsync_dir(path: Path) -> None:
    raise OSError(errno.EIO, os.strerror(errno.EIO))


def test_a_session_event_whose_folder_fsync_failed_is_read_back(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProgressStore.open(data_dir, segment_size=8) as store:
        pid = store.create_profile("Ana").profile_id
        sid = store.start_session(pid, "quiz-1", "exam", ["q1"], 1, "2025.1")
        store.record_attempt(answer(pid, sid))
        assert store.overview(pid).sessions_finished == 0
        assert not store.sessions(pid)[0].finished
        with monkeypatch.context() as patch:
            # The event is renamed into place, then flushing the folder fails.
            patch.setattr(storage_module, "fsync_dir", _fail_fsync_dir)
            with pytest.raises(StorageError):
                store.finish_session(sid, 3, 4, True)
        # It is on disk: the summary and the sessions say so ...
        assert store.overview(pid).sessions_finished == 1
        assert store.best_scores(pid)["quiz-1"].best_score == 3
        (finished,) = store.sessions(pid)
        assert finished.finished and finished.score == 3
        # ... and a retry does not finish it a second time.
        with pytest.raises(InvalidInputError, match="already finished"):
            store.finish_session(sid, 4, 4, True)
        with monkeypatch.context() as patch:
            patch.setattr(storage_module, "fsync_dir", _fail_fsync_dir)
            with pytest.raises(StorageError):
                store.start_session(pid, "quiz-2", "practice", ["q9"], 2, "2025.1")
        assert [s.quiz_id for s in store.sessions(pid)] == ["quiz-1", "quiz-2"]
        assert store.overview(pid).sessions_finished == 1
        expected = store.sessions(pid)
    assert _truth(data_dir, pid) == expected
    with ProgressStore.open(data_dir, segment_size=8) as store:
        assert store.sessions(pid) == expected
        assert store.overview(pid).sessions_finished == 1


# ------------------------------------------------------------------ at random


@pytest.mark.parametrize("seed", range(8))
def test_the_sessions_always_match_the_history(data_dir: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = ProgressStore.open(data_dir, segment_size=rng.choice([2, 3, 5]))
    try:
        pid = store.create_profile("Ana").profile_id
        started: list[tuple[str, str]] = []
        clock = T0
        for _ in range(150):
            clock += timedelta(minutes=rng.randrange(1, 60))
            roll = rng.random()
            if roll < 0.15 or not started:
                quiz = f"quiz-{rng.randrange(3)}"
                sid = store.start_session(pid, quiz, "exam", ["q"], 1, "v", started_at=clock)
                started.append((sid, quiz))
            elif roll < 0.3:
                sid, _ = rng.choice(started)
                with contextlib.suppress(InvalidInputError):  # already finished
                    store.finish_session(sid, rng.randrange(3), 2, rng.random() < 0.5)
            elif roll < 0.35:
                store.close()
                store = ProgressStore.open(data_dir, segment_size=rng.choice([2, 3, 5, 100]))
                if rng.random() < 0.5:
                    assert store.sessions(pid) == _truth(data_dir, pid)
            elif roll < 0.4:
                assert store.sessions(pid) == _truth(data_dir, pid)
            else:
                sid, quiz = rng.choice(started)
                store.record_attempt(answer(pid, sid, quiz_id=quiz, at=clock))
        assert store.sessions(pid) == _truth(data_dir, pid)
    finally:
        store.close()
    with ProgressStore.open(data_dir) as store:
        assert store.sessions(pid) == _truth(data_dir, pid)


# ------------------------------------------------------------------ migration


def test_a_migrated_folder_gets_an_index_on_first_use(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _v0_fixture(data_dir)
    with ProgressStore.open(data_dir) as store:
        assert store.migrated_from == (0,)
        assert not _index(data_dir, ids["ana"]).exists()
        (session,) = store.sessions(ids["ana"])
        assert session.finished and session.score == 4.5
        store.finish_session(ids["open_session"], 1, 1, True)
    assert _index(data_dir, ids["ana"]).exists()
    assert not _index(data_dir, ids["bo"]).exists()  # never listed: never built

    folds: list[object] = []
    real_fold = store_module.fold_history

    def spying(history: HistoryLog, sessions: Any, after: Any = None, numbers: Any = None) -> Any:
        folds.append(after)
        return real_fold(history, sessions, after, numbers)

    monkeypatch.setattr(store_module, "fold_history", spying)
    with ProgressStore.open(data_dir) as store:
        assert store.sessions(ids["ana"]) == _truth(data_dir, ids["ana"]) == [session]
        assert folds and None not in folds  # read from the index, not rebuilt
        (finished,) = store.sessions(ids["bo"])
        assert [finished] == _truth(data_dir, ids["bo"]) and finished.finished
        assert folds[-1] is None  # Bo's was built now
    assert _index(data_dir, ids["bo"]).exists()
