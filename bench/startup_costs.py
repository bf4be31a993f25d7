"""Where the trainer's start-up goes before it does anything of its own.

Run:  python bench/startup_costs.py [--repeats N]

Each repetition is a fresh process (with compiled bytecode, as ``bench/run.py`` runs its
children) that imports what the ``trainer`` command imports to open the app, and reports:

* the time to import PySide6's widgets (what the bare-window floor also pays);
* the time to import the rest (the trainer's modules and what they bring);
* of that, the time Python spends creating the enum classes that PySide6 makes for each
  Qt class the first time it is used (``enum.EnumType._create_``), and how many;
* and the time spent in ``@dataclass`` building the model classes
  (``dataclasses._process_class``).

Medians are printed. It explains the part of the cold-start figure that is not the
app's own work: see ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import dataclasses, enum, json, sys, time

enum_time = [0.0, 0]
create = enum.EnumType._create_

def timed_create(cls, *args, **kwargs):
    started = time.perf_counter()
    try:
        return create(cls, *args, **kwargs)
    finally:
        enum_time[0] += time.perf_counter() - started
        enum_time[1] += 1

enum.EnumType._create_ = timed_create
dataclass_time = [0.0, 0]
process = dataclasses._process_class

def timed_process(*args, **kwargs):
    started = time.perf_counter()
    try:
        return process(*args, **kwargs)
    finally:
        dataclass_time[0] += time.perf_counter() - started
        dataclass_time[1] += 1

dataclasses._process_class = timed_process
started = time.perf_counter()
import PySide6.QtWidgets
qt_done = time.perf_counter()
floor_enums = list(enum_time)
enum_time[:] = [0.0, 0]
dataclass_time[:] = [0.0, 0]
from trainer.cli import build_parser, commands_needed
build_parser(commands_needed([]))
import trainer.core.library_preload
import trainer.ui.app
done = time.perf_counter()
print(json.dumps({
    "pyside_ms": (qt_done - started) * 1000,
    "pyside_enums": floor_enums[1],
    "trainer_ms": (done - qt_done) * 1000,
    "enum_ms": enum_time[0] * 1000,
    "enums": enum_time[1],
    "dataclass_ms": dataclass_time[0] * 1000,
    "dataclasses": dataclass_time[1],
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trainer-startup-") as work:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=work, PYTHONPATH=str(REPO))
        runs = []
        for index in range(args.repeats + 1):  # the first one compiles the bytecode
            done = subprocess.run(
                [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, check=True
            )
            if index:
                runs.append(json.loads(done.stdout))
    keys = runs[0].keys()
    med = {key: statistics.median(run[key] for run in runs) for key in keys}
    print(f"medians of {len(runs)} fresh processes")
    print(f"import PySide6.QtWidgets (the floor pays this too): {med['pyside_ms']:.0f} ms")
    print(f"import the trainer's start-up modules:             {med['trainer_ms']:.0f} ms")
    print(
        f"  of which Qt enum classes made by PySide6:         {med['enum_ms']:.0f} ms "
        f"({med['enums']:.0f} enums; the floor makes {med['pyside_enums']:.0f})"
    )
    print(
        f"  of which @dataclass building model classes:       {med['dataclass_ms']:.0f} ms "
        f"({med['dataclasses']:.0f} classes)"
    )


if __name__ == "__main__":
    main()
