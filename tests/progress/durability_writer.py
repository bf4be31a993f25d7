"""Writer process for the kill test (not a test module).

Usage: python durability_writer.py DATA_DIR PROFILE_ID SEED

Answers are timed from SEED hours after a fixed start, so successive writers
record in chronological order as a real learner would.

Opens the store, prints ``ready``, then records answers (and now and then
finishes a session, starts another, or marks a section read) for ever.  Each
line ``ack <kind> <id>`` is written to stdout only after the store call has
returned, i.e. after the change is durably on disk; the test kills this
process with SIGKILL at a random moment and checks every acknowledged change.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from trainer.core.progress import AttemptInput, ProgressStore

SEGMENT_SIZE = 32


def _say(line: str) -> None:
    data = (line + "\n").encode()
    while data:
        data = data[os.write(1, data) :]


def main() -> None:
    data_dir, profile_id, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    store = ProgressStore.open(data_dir, segment_size=SEGMENT_SIZE)
    _say("ready")
    quiz = f"quiz-{rng.randrange(4)}"
    session = store.start_session(profile_id, quiz, "practice", ["q"], seed, "v1")
    _say(f"ack session {session}")
    clock = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=seed)
    step = 0
    while True:
        step += 1
        clock += timedelta(milliseconds=rng.randrange(1, 5000))
        roll = rng.random()
        if roll < 0.04:
            store.finish_session(session, 1, 2, rng.random() < 0.5)
            _say(f"ack finish {session}")
            quiz = f"quiz-{rng.randrange(4)}"
            session = store.start_session(profile_id, quiz, "exam", ["q"], step, "v1")
            _say(f"ack session {session}")
        elif roll < 0.07:
            section = f"s{rng.randrange(50)}"
            store.mark_section_read(profile_id, "module-1", section)
            _say(f"ack section {section}")
        else:
            correct = rng.random() < 0.7
            attempt = store.record_attempt(
                AttemptInput(
                    profile_id=profile_id,
                    session_id=session,
                    quiz_id=quiz,
                    question_id=f"q{rng.randrange(100)}",
                    question_type="single",
                    answer={"choice": rng.randrange(4), "pad": "x" * rng.randrange(200)},
                    correct=correct,
                    score=1.0 if correct else 0.0,
                    indicators=(f"ind-{rng.randrange(6)}", f"ind-{rng.randrange(6)}"),
                    mode="practice",
                    shown_at=clock - timedelta(seconds=3),
                    answered_at=clock,
                    duration_ms=3000,
                    content_version="v1",
                )
            )
            _say(f"ack attempt {attempt.attempt_id}")


if __name__ == "__main__":
    main()
