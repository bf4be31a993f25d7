"""Benchmark of the progress store: recording answers and computing the overview.

Run:  python bench/bench_progress.py [--dir DIR] [--samples N]

For each history size it builds a store whose learner(s) already have that
many answers (written in bulk straight into history segments through the
store's own storage layer, not one fsync per answer), then measures:

* the median (and 95th percentile) time of ``record_attempt`` -- one answer
  made durable, fsyncs included -- beside a *floor* measured in the same
  folder in the same run: appending one JSON line to a file and fsyncing it;
* the time to open the store and compute one learner's overview.

Targets: recording <= 5 ms median, flat from 1,000 to 50,000 stored answers;
open + overview at 50,000 answers <= 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from trainer.core.progress import AttemptInput, ProgressStore
from trainer.core.progress.history import ATTEMPTS, SESSIONS, HistoryLog
from trainer.core.progress.layout import HISTORY_DIR, PROFILES_DIR
from trainer.core.progress.models import (
    Attempt,
    QuizSession,
    attempt_to_doc,
    session_finish_doc,
    session_start_doc,
)

START = datetime(2024, 1, 1, tzinfo=UTC)
INDICATORS = [f"indicator-{n:02d}" for n in range(40)]
QUESTION_TYPES = ["single", "multiple", "true-false", "spot", "categorize", "decision"]


def _history_items(profile_id: str, count: int) -> list[tuple[str, dict[str, Any]]]:
    """A realistic history: sessions of 10 answers over many quizzes."""
    items: list[tuple[str, dict[str, Any]]] = []
    moment = START
    session: QuizSession | None = None
    for index in range(count):
        if index % 10 == 0:
            if session is not None:
                items.append((SESSIONS, session_finish_doc(session, 7, 10, True, moment)))
            session = QuizSession(
                session_id=uuid.uuid4().hex,
                profile_id=profile_id,
                quiz_id=f"quiz-{(index // 10) % 25:02d}",
                mode="practice",
                question_ids=tuple(f"q{n}" for n in range(10)),
                seed=index,
                content_version="2025.1",
                started_at=moment,
            )
            items.append((SESSIONS, session_start_doc(session)))
        assert session is not None
        moment += timedelta(seconds=40)
        correct = (index * 7) % 10 < 7
        attempt = Attempt(
            attempt_id=uuid.uuid4().hex,
            profile_id=profile_id,
            session_id=session.session_id,
            quiz_id=session.quiz_id,
            question_id=f"q{index % 10}",
            question_type=QUESTION_TYPES[index % len(QUESTION_TYPES)],
            answer={"choices": ["b", "d"], "confidence": 3},
            correct=correct,
            score=1.0 if correct else 0.0,
            indicators=(INDICATORS[index % 40], INDICATORS[(index * 3) % 40]),
            mode="practice",
            shown_at=moment - timedelta(seconds=25),
            answered_at=moment,
            duration_ms=25000,
            content_id=session.quiz_id,
            content_version="2025.1",
        )
        items.append((ATTEMPTS, attempt_to_doc(attempt)))
    return items


def build_store(folder: Path, learners: int, answers_each: int) -> list[str]:
    """Create *learners* learners with *answers_each* stored answers each."""
    with ProgressStore.open(folder) as store:
        ids = [store.create_profile(f"Learner {n + 1}").profile_id for n in range(learners)]
    for profile_id in ids:
        log = HistoryLog(folder / PROFILES_DIR / profile_id / HISTORY_DIR)
        log.extend(_history_items(profile_id, answers_each))
        log.close()
    with ProgressStore.open(folder) as store:  # builds and saves each summary once
        for profile_id in ids:
            assert store.overview(profile_id).attempt_count == answers_each
    return ids


def time_records(folder: Path, profile_id: str, samples: int) -> list[float]:
    durations = []
    with ProgressStore.open(folder) as store:
        session = store.start_session(profile_id, "quiz-bench", "exam", ["q"], 1, "2025.1")
        moment = datetime.now(UTC) + timedelta(days=3650)
        for index in range(samples):
            moment += timedelta(seconds=30)
            data = AttemptInput(
                profile_id=profile_id,
                session_id=session,
                quiz_id="quiz-bench",
                question_id=f"q{index}",
                question_type="single",
                answer={"choices": ["b", "d"], "confidence": 3},
                correct=index % 3 != 0,
                score=1.0,
                indicators=(INDICATORS[index % 40], INDICATORS[(index * 3) % 40]),
                mode="exam",
                shown_at=moment - timedelta(seconds=20),
                answered_at=moment,
                duration_ms=20000,
                content_version="2025.1",
            )
            started = time.perf_counter()
            store.record_attempt(data)
            durations.append(time.perf_counter() - started)
    return durations


def time_floor(folder: Path, samples: int) -> list[float]:
    """Append one JSON line of a typical answer's size and fsync it."""
    line = (json.dumps({"attempt_id": uuid.uuid4().hex, "pad": "x" * 420}) + "\n").encode()
    path = folder / "floor.jsonl"
    durations = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for _ in range(samples):
            started = time.perf_counter()
            os.write(fd, line)
            os.fsync(fd)
            durations.append(time.perf_counter() - started)
    finally:
        os.close(fd)
        path.unlink()
    return durations


def time_overview(folder: Path, profile_id: str, repeats: int = 7) -> list[float]:
    durations = []
    for _ in range(repeats):
        started = time.perf_counter()
        with ProgressStore.open(folder) as store:
            store.overview(profile_id)
        durations.append(time.perf_counter() - started)
    return durations


def time_rebuild(folder: Path, profile_id: str) -> float:
    summary = folder / PROFILES_DIR / profile_id / "summary.json"
    for path in summary.parent.glob("summary.json*"):
        path.unlink()
    started = time.perf_counter()
    with ProgressStore.open(folder) as store:
        store.overview(profile_id)
    return time.perf_counter() - started


def _ms(values: list[float], fn: Callable[[list[float]], float] = statistics.median) -> float:
    return fn(values) * 1000


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None, help="where to build the stores")
    parser.add_argument("--samples", type=int, default=300, help="answers timed per case")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-progress-", dir=args.dir))
    cases = [
        ("1 learner, 1,000 stored", 1, 1_000),
        ("1 learner, 10,000 stored", 1, 10_000),
        ("1 learner, 50,000 stored", 1, 50_000),
        ("30 learners x 2,000 stored", 30, 2_000),
    ]
    print(f"progress store benchmark in {root} ({args.samples} answers per case)\n")
    header = (
        f"{'history':<28} {'record median':>14} {'p95':>8} {'floor median':>13} "
        f"{'ratio':>6} {'open+overview':>14}"
    )
    print(header)
    print("-" * len(header))
    overview_50k: list[float] = []
    rebuild_50k = 0.0
    try:
        for label, learners, answers_each in cases:
            folder = root / label.split(",")[0].replace(" ", "-") / str(answers_each)
            ids = build_store(folder, learners, answers_each)
            target = ids[len(ids) // 2]
            records = time_records(folder, target, args.samples)
            floor = time_floor(folder, args.samples)
            overview = time_overview(folder, target)
            if answers_each == 50_000:
                overview_50k = overview
                rebuild_50k = time_rebuild(folder, target)
            print(
                f"{label:<28} {_ms(records):>11.2f} ms {_ms(records, _p95):>5.2f} ms "
                f"{_ms(floor):>10.2f} ms {_ms(records) / _ms(floor):>5.1f}x "
                f"{_ms(overview):>11.1f} ms",
                flush=True,
            )
            shutil.rmtree(folder)
        print()
        print(
            f"open store + overview at 50,000 answers: median {_ms(overview_50k):.1f} ms, "
            f"max {max(overview_50k) * 1000:.1f} ms (target <= 150 ms)"
        )
        print(
            f"the same with the summary deleted (full rebuild from the history): "
            f"{rebuild_50k * 1000:.0f} ms"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
