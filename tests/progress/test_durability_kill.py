"""Kill -9 a writer at random moments; every acknowledged change must survive.

A writer subprocess (``durability_writer.py``) records answers and reports
each one on a pipe only after ``record_attempt`` has returned.  It is killed
with SIGKILL at a random moment, at least ``KILLS`` times, on one growing
store.  After every kill the store must open without any recovery (no
unreadable file), hold every acknowledged answer, session finish and section,
and its overview must agree with a full recount.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trainer.core.progress import ProgressStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL"),
]

KILLS = int(os.environ.get("TRAINER_DURABILITY_KILLS", "220"))
WRITER = Path(__file__).with_name("durability_writer.py")


def _run_writer(data_dir: Path, profile_id: str, seed: int, rng: random.Random) -> list[str]:
    """Start a writer, kill it at a random moment, return its ack lines."""
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), profile_id, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    if rng.random() < 0.1:
        # Sometimes kill while it is still starting or opening the store.
        time.sleep(rng.uniform(0.0, 0.4))
    else:
        ready = process.stdout.readline()
        assert ready == b"ready\n", process.stderr.read() if process.stderr else ready
        time.sleep(rng.uniform(0.0, 0.08))
    process.send_signal(signal.SIGKILL)
    out, err = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, err.decode(errors="replace")
    return [line for line in out.decode().splitlines() if line.startswith("ack ")]


def test_sigkill_never_loses_an_acknowledged_answer(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    with ProgressStore.open(data_dir) as store:
        profile_id = store.create_profile("Durable Dana").profile_id
    rng = random.Random(int(os.environ.get("TRAINER_DURABILITY_SEED", "20250301")))
    acked_attempts: set[str] = set()
    acked_finishes: set[str] = set()
    acked_sections: set[str] = set()
    started = time.monotonic()
    for kill in range(KILLS):
        for line in _run_writer(data_dir, profile_id, kill, rng):
            _, kind, ident = line.split(" ", 2)
            {"attempt": acked_attempts, "finish": acked_finishes, "section": acked_sections}.get(
                kind, set()
            ).add(ident)
        with ProgressStore.open(data_dir) as store:
            stored = [a.attempt_id for a in store.attempts(profile_id)]
            assert len(stored) == len(set(stored)), f"duplicate answers after kill {kill}"
            missing = acked_attempts - set(stored)
            assert not missing, f"kill {kill}: {len(missing)} acknowledged answers lost"
            finished = {s.session_id for s in store.sessions(profile_id) if s.finished}
            assert acked_finishes <= finished, f"kill {kill}: a finished session was lost"
            sections = store.module_progress(profile_id, "module-1").sections_read
            assert acked_sections <= sections, f"kill {kill}: a section read was lost"
            assert store.overview(profile_id).attempt_count == len(stored)
            # Every file was read above: none may have needed a recovery.
            assert store.recovery_reports == (), [r.describe() for r in store.recovery_reports]
    damaged = sorted(p.name for p in data_dir.rglob("*.damaged-*"))
    assert damaged == []
    elapsed = time.monotonic() - started
    print(
        f"\n{KILLS} kills in {elapsed:.1f} s: {len(acked_attempts)} acknowledged answers, "
        f"{len(stored)} stored, 0 lost, 0 unreadable files"
    )
    assert len(acked_attempts) > KILLS  # the writers really got to write
