"""The 'progress' CLI command and the default data folder."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pytest
from progress_support import T0, answer

from trainer.cli.progress import register
from trainer.core.paths import default_data_dir
from trainer.core.progress import ProgressStore


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="trainer")
    parser.add_argument("--data-dir", type=Path, default=None)
    register(parser.add_subparsers(dest="command", required=True))
    return parser


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[[list[str]], tuple[int, str, str]]:
    def invoke(argv: list[str]) -> tuple[int, str, str]:
        capsys.readouterr()
        args = _parser().parse_args(argv)
        code: int = args.func(args)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


Runner = Callable[[list[str]], tuple[int, str, str]]


def _seed(data_dir: Path) -> str:
    with ProgressStore.open(data_dir) as store:
        pid = store.create_profile("Ana Lima").profile_id
        sid = store.start_session(pid, "quiz-1", "exam", ["q1"], 1, "v1")
        store.record_attempt(answer(pid, sid, at=T0))
        store.record_attempt(answer(pid, sid, question_id="q2", correct=False, at=T0))
        store.create_profile("Bo")
    return pid


def test_list(run: Runner, data_dir: Path) -> None:
    pid = _seed(data_dir)
    code, out, err = run(["--data-dir", str(data_dir), "progress", "list"])
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "ID", "ANSWERS", "CREATED"]
    assert "Ana Lima" in lines[1] and pid in lines[1] and lines[1].split()[3] == "2"
    assert lines[2].startswith("Bo") and lines[2].split()[2] == "0"


def test_list_empty(run: Runner, data_dir: Path) -> None:
    code, out, _ = run(["--data-dir", str(data_dir), "progress", "list"])
    assert code == 0 and "No learners yet" in out


def test_export_csv_to_stdout_by_name(run: Runner, data_dir: Path) -> None:
    _seed(data_dir)
    code, out, err = run(
        [
            "--data-dir",
            str(data_dir),
            "progress",
            "export",
            "--profile",
            "ana lima",
            "--format",
            "csv",
        ]
    )
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["question_id"] for r in rows] == ["q1", "q2"]


def test_export_json_to_file_and_import_elsewhere(
    run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    pid = _seed(data_dir)
    target = tmp_path / "ana.json"
    code, out, err = run(
        [
            "--data-dir",
            str(data_dir),
            "progress",
            "export",
            "--profile",
            pid,
            "--format",
            "json",
            "-o",
            str(target),
        ]
    )
    assert code == 0 and out == "" and str(target) in err
    assert json.loads(target.read_text())["profile"]["profile_id"] == pid

    other = tmp_path / "other"
    code, _, err = run(["--data-dir", str(other), "progress", "import", str(target)])
    assert code == 0 and "2 new answers" in err and "(new learner)" in err
    code, _, err = run(["--data-dir", str(other), "progress", "import", str(target)])
    assert code == 0 and "0 new answers (2 already present)" in err


def test_json_export_to_stdout(run: Runner, data_dir: Path) -> None:
    _seed(data_dir)
    code, out, _ = run(
        ["--data-dir", str(data_dir), "progress", "export", "--profile", "Bo", "--format", "json"]
    )
    assert code == 0 and json.loads(out)["profile"]["display_name"] == "Bo"


@pytest.mark.parametrize(
    ("argv", "phrase"),
    [
        (["export", "--profile", "Nobody", "--format", "csv"], "No learner is called"),
        (["import", "missing.json"], "could not be read"),
    ],
)
def test_failures_exit_1_with_a_message(
    run: Runner, data_dir: Path, argv: list[str], phrase: str
) -> None:
    _seed(data_dir)
    code, out, err = run(["--data-dir", str(data_dir), "progress", *argv])
    assert code == 1 and out == ""
    assert err.startswith("error: ") and phrase in err and "Traceback" not in err


def test_rejected_import_exits_1(run: Runner, data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "officer-trainer-progress-export", "format_ver')
    code, _, err = run(["--data-dir", str(data_dir), "progress", "import", str(bad)])
    assert code == 1 and "Nothing was changed" in err


def test_locked_folder_exits_1(run: Runner, data_dir: Path) -> None:
    with ProgressStore.open(data_dir):
        code, _, err = run(["--data-dir", str(data_dir), "progress", "list"])
    assert code == 1 and "already in use" in err


def test_unwritable_output_exits_1(run: Runner, data_dir: Path, tmp_path: Path) -> None:
    _seed(data_dir)
    target = tmp_path / "no-such-folder" / "out.csv"
    code, _, err = run(
        [
            "--data-dir",
            str(data_dir),
            "progress",
            "export",
            "--profile",
            "Bo",
            "--format",
            "csv",
            "-o",
            str(target),
        ]
    )
    assert code == 1 and "could not write" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["progress"],
        ["progress", "export", "--profile", "x"],
        ["progress", "export", "--profile", "x", "--format", "xml"],
        ["progress", "import"],
    ],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _parser().parse_args(argv)
    assert info.value.code == 2


def test_default_data_dir_comes_from_the_environment(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path / "env-dir"))
    assert default_data_dir() == tmp_path / "env-dir"
    code, out, _ = run(["progress", "list"])
    assert code == 0 and str(tmp_path / "env-dir") in out
    monkeypatch.delenv("TRAINER_DATA_DIR")
    assert default_data_dir() == Path(
        platformdirs.user_data_dir("officer-trainer", appauthor=False)
    )
    assert default_data_dir().name == "officer-trainer"
