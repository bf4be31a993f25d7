"""Crashes in the middle of an install or a rollback, and start-up recovery.

A child process runs the real install (or rollback) and is killed with ``os._exit`` at
a chosen rename: nothing after that point runs, no ``finally``, no cleanup — as with a
power cut. ``recover_packs`` must then give back a complete installation: the old one
if the swap had not finished, the new one if it had.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pack_support import PackMaker, never, snapshot

from trainer.core.loader import load_library
from trainer.core.packs import (
    PackBusyError,
    install_pack,
    installed_content_dirs,
    list_packs,
    recover_packs,
)
from trainer.core.packs.folders import locked

CRASHER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    import trainer.core.packs.install as install

    action, pack, data_dir, crash_at = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4]
    calls = 0
    real_rename, real_remove = install.rename, install.remove_tree

    def rename(source, target):
        global calls
        calls += 1
        if crash_at == f"rename-{calls}":
            os._exit(17)
        real_rename(source, target)

    def remove(path):
        if crash_at == "cleanup" and Path(path).name == ".retired":
            os._exit(17)
        real_remove(path)

    install.rename, install.remove_tree = rename, remove
    if action == "install":
        install.install_pack(Path(pack), data_dir, lambda question: True)
    else:
        install.rollback_pack(data_dir, pack)
    print("finished without crashing")
    """
)


def _run(action: str, target: str, data_dir: Path, crash_at: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", CRASHER, action, target, str(data_dir), crash_at],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert result.returncode in (0, 17), result.stderr
    return result.returncode


def _state(data_dir: Path) -> dict[str, str]:
    """The data folder as the app would see it after recovery (the lock file aside)."""
    return {k: v for k, v in snapshot(data_dir).items() if k != "packs/.lock"}


def _versions(data_dir: Path) -> tuple[str, str | None]:
    (pack,) = list_packs(data_dir)
    return pack.current.version, pack.previous.version if pack.previous else None


@pytest.mark.parametrize("crash_at", ["rename-1", "rename-2"])
def test_crash_between_the_two_renames_restores_the_installed_version(
    installed: Path, make_pack: PackMaker, crash_at: str
) -> None:
    before = _state(installed)
    assert _run("install", str(make_pack("1.1.0")), installed, crash_at) == 17
    current = installed / "packs" / "fixture-library" / "current"
    if crash_at == "rename-2":
        # current→previous happened, staged→current did not: the case recovery exists for.
        assert not current.exists()
        assert (installed / "packs" / "fixture-library" / "previous").is_dir()
    assert list((installed / "packs" / ".staging").iterdir())
    notes = recover_packs(installed)
    assert any("unfinished installation" in n for n in notes)
    assert _state(installed) == before
    assert _versions(installed) == ("1.0.0", None)
    assert load_library(current).errors == ()


@pytest.mark.parametrize("crash_at", ["rename-1", "rename-2", "rename-3"])
def test_crash_during_an_update_keeps_both_old_versions(
    installed: Path, make_pack: PackMaker, crash_at: str
) -> None:
    install_pack(make_pack("1.1.0"), installed, never)
    before = _state(installed)
    assert _run("install", str(make_pack("1.2.0")), installed, crash_at) == 17
    recover_packs(installed)
    assert _state(installed) == before
    assert _versions(installed) == ("1.1.0", "1.0.0")


def test_crash_after_the_swap_keeps_the_new_version(installed: Path, make_pack: PackMaker) -> None:
    install_pack(make_pack("1.1.0"), installed, never)
    assert _run("install", str(make_pack("1.2.0")), installed, "cleanup") == 17
    assert (installed / "packs" / "fixture-library" / ".retired").is_dir()
    recover_packs(installed)
    assert _versions(installed) == ("1.2.0", "1.1.0")
    assert sorted(p.name for p in (installed / "packs" / "fixture-library").iterdir()) == [
        "current",
        "previous",
    ]
    assert not (installed / "packs" / ".staging").exists()


@pytest.mark.parametrize("crash_at", ["rename-1", "rename-2", "rename-3"])
def test_crash_during_a_rollback_leaves_the_state_before_it(
    installed: Path, make_pack: PackMaker, crash_at: str
) -> None:
    install_pack(make_pack("1.1.0"), installed, never)
    before = _state(installed)
    assert _run("rollback", "fixture-library", installed, crash_at) == 17
    recover_packs(installed)
    assert _state(installed) == before
    assert _versions(installed) == ("1.1.0", "1.0.0")


def test_the_crash_harness_really_runs_the_install(installed: Path, make_pack: PackMaker) -> None:
    assert _run("install", str(make_pack("1.1.0")), installed, "never") == 0
    assert _versions(installed) == ("1.1.0", "1.0.0")


def test_recovery_restores_previous_when_current_is_missing(installed: Path) -> None:
    folder = installed / "packs" / "fixture-library"
    (folder / "current").rename(folder / "previous")
    leftover = installed / "packs" / ".staging" / "abc"
    (leftover / "tree").mkdir(parents=True)
    assert installed_content_dirs(installed) == []
    notes = recover_packs(installed)
    assert len(notes) == 2
    assert installed_content_dirs(installed) == [folder / "current"]
    assert not (installed / "packs" / ".staging").exists()
    assert recover_packs(installed) == []


def test_recovery_on_a_fresh_data_folder_does_nothing(data_dir: Path) -> None:
    assert recover_packs(data_dir) == []
    assert list(data_dir.iterdir()) == []


def test_a_second_operation_is_refused_while_one_runs(
    installed: Path, make_pack: PackMaker
) -> None:
    """While one process changes the packs, another is refused, and recovery does not
    pull the staging folder from under it."""
    pack = make_pack("1.1.0")
    leftover = installed / "packs" / ".staging" / "in-progress"
    leftover.mkdir(parents=True)
    with locked(installed):
        holder = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from trainer.core.packs import *\n"
                "try:\n"
                "    install_pack(Path(sys.argv[1]), Path(sys.argv[2]), lambda q: True)\n"
                "except PackBusyError as e:\n"
                "    print('busy:', e)\n",
                str(pack),
                str(installed),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert holder.stdout.startswith("busy: another pack installation"), holder.stderr
        assert recover_packs(installed) == []
        assert leftover.is_dir()
    with pytest.raises(PackBusyError), locked(installed), locked(installed):
        pass
    assert _versions(installed) == ("1.0.0", None)
    # Once the lock is free, recovery clears what a dead process left.
    assert any("unfinished installation" in n for n in recover_packs(installed))
    assert not leftover.exists()


def test_the_package_gives_every_public_name_and_loads_little_at_first() -> None:
    code = (
        "import sys\n"
        "import trainer.core.packs as packs\n"
        "from trainer.core.packs.folders import installed_content_dirs, recover_packs\n"
        "print(any(m.startswith('cryptography') for m in sys.modules))\n"
        "for name in packs.__all__:\n"
        "    getattr(packs, name)\n"
        "print(sorted(packs.__all__) == sorted(packs._SOURCES))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
