"""A synthetic learner history for the benchmarks: years of answers to the synthetic library.

Run:  python bench/synth_history.py DATA_DIR LIBRARY_DIR [--attempts N]

Makes one learner whose history holds ``attempts`` answers (50,000 by default) in quiz
sessions of ten, to the quizzes, questions and indicators of a library written by
``bench/synth_library.py``, spread over four years; a few hundred modules read or
completed; and the app's settings naming the learner as the last one, so the app opens
on them. The answers are written in bulk through the store's own history layer (the way
``bench/bench_progress.py`` does), not one fsync at a time, then the store builds and
saves the learner's summary once.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth_library import QUESTION_PLAN
from trainer.core.progress import ProgressStore
from trainer.core.progress.history import ATTEMPTS, SESSIONS, HistoryLog
from trainer.core.progress.layout import HISTORY_DIR, PROFILES_DIR
from trainer.core.progress.models import (
    Attempt,
    QuizSession,
    attempt_to_doc,
    session_finish_doc,
    session_start_doc,
)

START = datetime(2021, 1, 4, 8, 0, tzinfo=UTC)
LEARNER = "Synthetic learner"


def history_items(
    profile_id: str,
    quiz_ids: list[str],
    indicator_ids: list[str],
    attempts: int,
    seed: int = 7,
) -> list[tuple[str, dict[str, Any]]]:
    """Sessions of ten answers over the library's quizzes, about four years of them."""
    rng = random.Random(seed)
    items: list[tuple[str, dict[str, Any]]] = []
    moment = START
    step = timedelta(days=4 * 365) / max(attempts, 1)
    for first in range(0, attempts, 10):
        quiz_id = rng.choice(quiz_ids)
        number = quiz_id.removeprefix("quiz-")
        questions = [(f"q{number}-{i + 1:02d}", kind) for i, kind in enumerate(QUESTION_PLAN)]
        mode = "exam" if int(number) % 5 == 0 else "practice"
        session = QuizSession(
            session_id=uuid.UUID(int=rng.getrandbits(128)).hex,
            profile_id=profile_id,
            quiz_id=quiz_id,
            mode=mode,
            question_ids=tuple(q for q, _ in questions),
            seed=first,
            content_version="1:synthetic",
            started_at=moment,
        )
        items.append((SESSIONS, session_start_doc(session)))
        score = 0.0
        count = min(10, attempts - first)
        for question_id, kind in questions[:count]:
            moment += step
            correct = rng.random() < 0.7
            score += 1.0 if correct else 0.0
            attempt = Attempt(
                attempt_id=uuid.UUID(int=rng.getrandbits(128)).hex,
                profile_id=profile_id,
                session_id=session.session_id,
                quiz_id=quiz_id,
                question_id=question_id,
                question_type=kind,
                answer={"choices": [rng.randrange(4)]},
                correct=correct,
                score=1.0 if correct else 0.0,
                indicators=tuple(rng.sample(indicator_ids, 2)),
                mode=mode,
                shown_at=moment - timedelta(seconds=30),
                answered_at=moment,
                duration_ms=30_000,
                content_id=quiz_id,
                content_version="1:synthetic",
            )
            items.append((ATTEMPTS, attempt_to_doc(attempt)))
        items.append(
            (
                SESSIONS,
                session_finish_doc(session, score, float(count), score / count >= 0.7, moment),
            )
        )
    return items


def build_history(
    data_dir: Path,
    module_ids: list[str],
    quiz_ids: list[str],
    indicator_ids: list[str],
    attempts: int = 50_000,
    modules_touched: int = 300,
) -> tuple[str, list[dict[str, Any]]]:
    """Create the learner and their history in ``data_dir``; returns the learner's id
    and the answers written (as the documents stored)."""
    with ProgressStore.open(data_dir) as store:
        profile_id = store.create_profile(LEARNER).profile_id
        rng = random.Random(11)
        for index, module_id in enumerate(rng.sample(module_ids, modules_touched)):
            if index % 3 == 0:
                store.mark_module_complete(profile_id, module_id)
            else:
                store.mark_section_read(profile_id, module_id, "section-1-start")
    items = history_items(profile_id, quiz_ids, indicator_ids, attempts)
    log = HistoryLog(data_dir / PROFILES_DIR / profile_id / HISTORY_DIR)
    log.extend(items)
    log.close()
    with ProgressStore.open(data_dir) as store:  # builds and saves the summary once
        assert store.overview(profile_id).attempt_count == attempts
    remember_learner(data_dir, profile_id)
    return profile_id, [doc for table, doc in items if table == ATTEMPTS]


def remember_learner(data_dir: Path, profile_id: str) -> None:
    """Name the learner as the last one in the app's settings (``settings.ini``)."""
    (data_dir / "settings.ini").write_text(f"[profiles]\nlast={profile_id}\n", encoding="utf-8")


def main() -> None:
    from trainer.core.loader import load_library

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("library", type=Path, help="a library written by synth_library.py")
    parser.add_argument("--attempts", type=int, default=50_000)
    args = parser.parse_args()
    started = time.perf_counter()
    library = load_library(args.library)
    profile_id, _answers = build_history(
        args.data_dir,
        sorted(library.modules),
        sorted(library.quizzes),
        sorted(library.indicators),
        args.attempts,
    )
    print(
        f"learner {profile_id} with {args.attempts} answers in {args.data_dir} "
        f"({time.perf_counter() - started:.1f} s)"
    )


if __name__ == "__main__":
    main()
