"""Fast at scale: every figure of the trainer beside a floor measured in the same run.

Run:  python bench/run.py [--repeats N] [--work DIR] [--json FILE]

It writes a synthetic library (1,000 modules of about 2,000 words, 1,000 quizzes with
10,000 questions of all six types, 300 indicators; ``trainer validate`` must find no
error in it) and a learner with 50,000 stored answers, then measures, as medians of
repeated runs, each figure and its floor, and prints one table: figure, floor, ratio,
target, and whether the target holds.

* Start-up figures are whole fresh processes running the real entry point (the
  ``trainer`` command beside this Python) with ``TRAINER_EXIT_WHEN_READY=1``:
  the app opens the last learner's library and exits once it is painted. The time is
  taken from starting the process until it reports ready; the floor is a bare PySide6
  window shown and painted, started the same way. Qt runs offscreen.
* Children run with compiled bytecode, as an installed app does: they get a private
  bytecode cache (``PYTHONPYCACHEPREFIX`` in the work folder), warmed by one run of each
  kind before anything is measured. The content cache is warm too (one start builds it);
  the first start without it is reported as well.
* Opening a module and answering are measured in the real window by
  ``bench/measure_ui.py``; ``trainer validate`` against python-markdown converting the
  same files (``bench/markdown_floor.py``); recording and the overview in this process,
  with the functions of ``bench/bench_progress.py``.

Takes a few minutes (under ten on a two-core laptop).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_progress import time_floor, time_overview  # noqa: E402
from bench.synth_history import build_history, remember_learner  # noqa: E402
from bench.synth_library import SynthLibrary, generate_library  # noqa: E402
from trainer.core.content_cache import CACHE_DIR, CACHE_FILE  # noqa: E402
from trainer.core.progress import AttemptInput, ProgressStore  # noqa: E402

BENCH = Path(__file__).resolve().parent
STALL_LIMIT_MS = 100.0


@dataclass
class Run:
    """One child process: when it said it was ready, what it printed, its peak memory."""

    seconds: float
    output: dict[str, Any]
    max_rss_mb: float


@dataclass
class Row:
    figure: str
    value: str
    floor: str
    ratio: str
    target: str
    holds: bool | None
    detail: dict[str, Any] = field(default_factory=dict)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def child_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TRAINER_CONTENT_DIR", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(REPO),
    )
    return env


def run_until_ready(command: list[str], env: dict[str, str], timeout: float = 300) -> Run:
    """Start a process and time it until it prints its ready line (JSON or ``ready``)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert process.stdout is not None
    ready_at: float | None = None
    output: dict[str, Any] = {}
    peak_mb: float | None = None
    for line in process.stdout:
        line = line.strip()
        if line == "ready" or line.startswith("{"):
            ready_at = time.perf_counter()
            if line.startswith("{"):
                output = json.loads(line)
            peak_mb = peak_memory_mb(process.pid)
            break
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if peak_mb is None:
        # ru_maxrss also counts the parent's memory the child had before exec.
        peak_mb = usage.ru_maxrss / 1024
    stderr = process.stderr.read() if process.stderr else ""
    if ready_at is None or process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    if time.perf_counter() - started > timeout:
        raise RuntimeError(f"{' '.join(command)} took longer than {timeout} s")
    return Run(ready_at - started, output, peak_mb)


def peak_memory_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (Linux ``VmHWM``), while it still runs."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    return seconds, done.stdout


def time_answers(folder: Path, profile_id: str, samples: int) -> list[float]:
    """Record answers the way a quiz does (each with its own attempt id, so that a retry
    is idempotent) in a store opened afresh: the first is the first of an app session."""
    durations = []
    with ProgressStore.open(folder) as store:
        session = store.start_session(
            profile_id, "quiz-0001", "practice", ["q0001-01"], 1, "1:synthetic"
        )
        moment = datetime.now(UTC) + timedelta(days=3650)
        for index in range(samples):
            moment += timedelta(seconds=30)
            data = AttemptInput(
                profile_id=profile_id,
                session_id=session,
                quiz_id="quiz-0001",
                question_id="q0001-01",
                question_type="single",
                answer={"choices": [index % 4]},
                correct=index % 3 != 0,
                score=1.0,
                indicators=("ind-001-officer", "ind-002-worker"),
                mode="practice",
                shown_at=moment - timedelta(seconds=20),
                answered_at=moment,
                duration_ms=20_000,
                content_version="1:synthetic",
                attempt_id=uuid.uuid4().hex,
            )
            started = time.perf_counter()
            store.record_attempt(data)
            durations.append(time.perf_counter() - started)
    return durations


def machine() -> dict[str, str]:
    model = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1_048_576:.0f} GB"
    except OSError:
        pass
    import PySide6

    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


class Bench:
    def __init__(self, work: Path, repeats: int) -> None:
        self.work = work
        self.repeats = repeats
        self.env = child_env(work)
        self.python = sys.executable
        # The real entry point: the ``trainer`` command beside this Python, if installed.
        script = Path(sys.executable).with_name("trainer")
        self.entry = [str(script)] if script.is_file() else [self.python, "-m", "trainer"]
        self.rows: list[Row] = []
        self.extra: dict[str, Any] = {}

    def say(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    # ------------------------------------------------------------ set-up

    def prepare(self) -> None:
        started = time.perf_counter()
        self.say("writing the synthetic library")
        self.library_dir = self.work / "library"
        self.info: SynthLibrary = generate_library(self.library_dir)
        self.say(
            f"  {self.info.files} files, {self.info.bytes / 1_048_576:.1f} MB, "
            f"{sum(self.info.question_types.values())} questions "
            f"{dict(sorted(self.info.question_types.items()))}"
        )
        self.say("writing 50,000 answers for one learner")
        self.big_data = self.work / "data-big"
        self.profile_id, self.answers = build_history(
            self.big_data,
            self.info.module_ids,
            self.info.quiz_ids,
            self.info.indicator_ids,
            50_000,
        )
        self.shipped_data = self.work / "data-shipped"
        with ProgressStore.open(self.shipped_data) as store:
            remember_learner(self.shipped_data, store.create_profile("Sam").profile_id)
        self.extra["setup_s"] = round(time.perf_counter() - started, 1)

    # ------------------------------------------------------------ start-up

    def floor(self) -> Run:
        return run_until_ready([self.python, str(BENCH / "floor_window.py")], self.env)

    def app(self, data: Path, content: Path | None) -> Run:
        command = [*self.entry, "--data-dir", str(data)]
        if content is not None:
            command += ["--content", str(content)]
        env = dict(self.env, TRAINER_EXIT_WHEN_READY="1")
        return run_until_ready(command, env)

    def startup(self) -> None:
        self.say("warming the bytecode and content caches")
        self.floor()
        self.app(self.shipped_data, None)
        cold: list[Run] = []
        for _ in range(2):  # the first start ever: no content cache yet
            shutil.rmtree(self.big_data / CACHE_DIR, ignore_errors=True)
            cold.append(self.app(self.big_data, self.library_dir))
        assert (self.big_data / CACHE_DIR / CACHE_FILE).is_file()
        floors: list[Run] = []
        shipped: list[Run] = []
        big: list[Run] = []
        self.say(f"start-ups: {self.repeats} x (bare window, shipped content, 1,000 modules)")
        for _ in range(self.repeats):
            floors.append(self.floor())
            shipped.append(self.app(self.shipped_data, None))
            big.append(self.app(self.big_data, self.library_dir))
        floor_ms = median([r.seconds for r in floors]) * 1000
        for label, runs, target in (
            ("Cold start to the library, shipped content", shipped, 1.5),
            ("Cold start to the library, 1,000 modules (content cache warm)", big, 2.5),
        ):
            value = median([r.seconds for r in runs]) * 1000
            ratio = value / floor_ms
            self.rows.append(
                Row(
                    label,
                    f"{value:.0f} ms",
                    f"{floor_ms:.0f} ms",
                    f"{ratio:.2f}x",
                    f"<= {target}x",
                    ratio <= target,
                    {
                        "runs_ms": [round(r.seconds * 1000, 1) for r in runs],
                        "in_process": [r.output for r in runs],
                        "floor_runs_ms": [round(r.seconds * 1000, 1) for r in floors],
                    },
                )
            )
        value = median([r.seconds for r in cold]) * 1000
        self.rows.append(
            Row(
                "  (first start, no content cache: every file parsed)",
                f"{value:.0f} ms",
                f"{floor_ms:.0f} ms",
                f"{value / floor_ms:.2f}x",
                "-",
                None,
                {"runs_ms": [round(r.seconds * 1000, 1) for r in cold]},
            )
        )
        floor_mb = median([r.max_rss_mb for r in floors])
        big_mb = median([r.max_rss_mb for r in big])
        cold_mb = max(r.max_rss_mb for r in cold)
        self.memory = (floor_mb, big_mb, cold_mb)
        # The worst over every run, and the median run's worst.
        self.stalls: dict[str, tuple[float, float | None]] = {
            label: (
                max(r.output["worst_stall_ms"] for r in runs),
                median([r.output["worst_stall_ms"] for r in runs]),
            )
            for label, runs in (
                ("start-up (shipped)", shipped),
                ("start-up (1,000 modules)", big),
                ("first start (no cache)", cold),
            )
        }

    # ------------------------------------------------------------ reading and answering

    def reader(self) -> None:
        module_id = next(m for m in self.info.big_module_ids if int(m[-4:]) % 7)
        quiz_id = "quiz-0003"
        self.say(f"opening {module_id} and answering {quiz_id} in the window")
        done = subprocess.run(
            [
                self.python,
                str(BENCH / "measure_ui.py"),
                str(self.big_data),
                str(self.library_dir),
                module_id,
                quiz_id,
                "--repeats",
                str(self.repeats),
            ],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=REPO,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"measure_ui.py failed:\n{done.stderr}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        floor_ms = median(result["set_html_s"]) * 1000
        for label, key, target in (
            (f"Open a {result['module_bytes'] // 1000} KB module, first time", "open_first_s", 3.0),
            ("Open it again (rendered lesson cached)", "open_cached_s", 1.2),
        ):
            value = median(result[key]) * 1000
            ratio = value / floor_ms
            self.rows.append(
                Row(
                    label,
                    f"{value:.1f} ms",
                    f"{floor_ms:.1f} ms",
                    f"{ratio:.2f}x",
                    f"<= {target}x",
                    ratio <= target,
                    {"runs_ms": [round(v * 1000, 1) for v in result[key]]},
                )
            )
        self.extra["reader"] = result
        self.stalls["opening a module"] = (result["open_worst_stall_ms"], None)
        self.stalls["answering a quiz"] = (result["answer_worst_stall_ms"], None)

    # ------------------------------------------------------------ validate

    def validate(self) -> None:
        runs = max(3, self.repeats // 2)
        self.say(f"trainer validate vs python-markdown: {runs} x each")
        checks: list[float] = []
        floors: list[float] = []
        output = ""
        for _ in range(runs):
            seconds, output = timed([*self.entry, "validate", str(self.library_dir)], self.env)
            checks.append(seconds)
            seconds, _count = timed(
                [self.python, str(BENCH / "markdown_floor.py"), str(self.library_dir)], self.env
            )
            floors.append(seconds)
        summary = output.strip().splitlines()[-1]
        if " 0 errors" not in summary:
            raise RuntimeError(f"the synthetic library does not validate: {summary}")
        value, floor = median(checks), median(floors)
        self.rows.append(
            Row(
                "trainer validate, 1,000-module library",
                f"{value:.2f} s",
                f"{floor:.2f} s",
                f"{value / floor:.2f}x",
                "<= 1.5x",
                value / floor <= 1.5,
                {"summary": summary, "runs_s": checks, "floor_runs_s": floors},
            )
        )

    # ------------------------------------------------------------ progress

    def progress(self) -> None:
        self.say("recording answers and the overview at 50,000 answers")
        records = time_answers(self.big_data, self.profile_id, 300)
        floor = time_floor(self.big_data, 300)
        value, floor_ms = median(records) * 1000, median(floor) * 1000
        first_ms = records[0] * 1000
        self.rows.append(
            Row(
                "Record one answer durably, 50,000 stored",
                f"{value:.2f} ms",
                f"{floor_ms:.2f} ms",
                f"{value / floor_ms:.2f}x",
                "<= 5 ms median",
                value <= 5.0,
                {"p95_ms": round(sorted(records)[int(len(records) * 0.95)] * 1000, 2)},
            )
        )
        self.rows.append(
            Row(
                "  (the first answer of an app session)",
                f"{first_ms:.0f} ms",
                f"{floor_ms:.2f} ms",
                f"{first_ms / floor_ms:.0f}x",
                "-",
                None,
            )
        )
        overview = time_overview(self.big_data, self.profile_id, repeats=self.repeats)
        attempts_file = self.work / "attempts.json"
        attempts_file.write_text(json.dumps(self.answers), encoding="utf-8")
        loads = []
        for _ in range(self.repeats):
            started = time.perf_counter()
            with attempts_file.open("rb") as handle:
                json.load(handle)
            loads.append(time.perf_counter() - started)
        value, floor_ms = median(overview) * 1000, median(loads) * 1000
        self.rows.append(
            Row(
                "Progress overview (open store + overview), 50,000 answers",
                f"{value:.1f} ms",
                f"{floor_ms:.1f} ms",
                f"{value / floor_ms:.2f}x",
                "<= 1.5x",
                value / floor_ms <= 1.5,
                {"attempts_json_mb": round(attempts_file.stat().st_size / 1_048_576, 1)},
            )
        )

    # ------------------------------------------------------------ the table

    def finish(self) -> None:
        floor_mb, big_mb, cold_mb = self.memory
        self.rows.append(
            Row(
                "Peak memory, 1,000-module library",
                f"{big_mb:.0f} MB",
                f"{floor_mb:.0f} MB",
                f"+{big_mb - floor_mb:.0f} MB",
                "<= +150 MB",
                big_mb - floor_mb <= 150,
                {"first_start_no_cache_mb": round(cold_mb, 1)},
            )
        )
        self.rows.append(
            Row(
                "  (peak memory, first start without the cache)",
                f"{cold_mb:.0f} MB",
                f"{floor_mb:.0f} MB",
                f"+{cold_mb - floor_mb:.0f} MB",
                "-",
                None,
            )
        )
        for label, (worst, typical) in self.stalls.items():
            shown = f"{worst:.0f} ms" + (f" (median run {typical:.0f})" if typical else "")
            self.rows.append(
                Row(
                    f"Worst UI stall, {label}",
                    shown,
                    "-",
                    "-",
                    f"<= {STALL_LIMIT_MS:.0f} ms",
                    worst <= STALL_LIMIT_MS,
                )
            )


def table(rows: list[Row]) -> str:
    header = ("figure", "measured", "floor (same run)", "ratio", "target", "holds")
    cells = [
        (
            r.figure,
            r.value,
            r.floor,
            r.ratio,
            r.target,
            "-" if r.holds is None else ("yes" if r.holds else "NO"),
        )
        for r in rows
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell) + " |" for cell in cells]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary one)")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    started = time.perf_counter()
    work = args.work or Path(tempfile.mkdtemp(prefix="trainer-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, args.repeats)
    try:
        bench.prepare()
        bench.startup()
        bench.reader()
        bench.validate()
        bench.progress()
        bench.finish()
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    info = machine()
    elapsed = time.perf_counter() - started
    print(
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}; {info['os']}; "
        f"Python {info['python']}, PySide6 {info['pyside6']}; {info['date']}; "
        f"medians of {args.repeats} runs; QT_QPA_PLATFORM=offscreen"
    )
    print()
    print(table(bench.rows))
    print()
    print(f"python bench/run.py took {elapsed:.0f} s")
    if args.json:
        document = {
            "machine": info,
            "repeats": args.repeats,
            "seconds": round(elapsed, 1),
            "rows": [r.__dict__ for r in bench.rows],
            "extra": bench.extra,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
