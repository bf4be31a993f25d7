"""`trainer validate`: output format, exit codes, --json and --strict."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.helpers import FIXTURE
from trainer.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_clean_library_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(FIXTURE))
    assert code == 0
    assert out.strip() == (
        "5 files checked (2 modules, 1 quiz, 6 questions, 4 indicators): 0 errors, 0 warnings"
    )


def test_broken_file_is_reported_and_the_rest_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    quiz = root / "quizzes" / "reading-indicators.md"
    quiz.write_text(
        quiz.read_text("utf-8").replace("Type: single", "Type: singel", 1), encoding="utf-8"
    )
    code, out, _ = run(capsys, str(root))
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == (
        f"{quiz}:23:7: error: unknown question type 'singel'; use one of single, multiple, "
        "true-false, spot, categorize, decision (did you mean 'single'?)"
    )
    assert lines[-1] == (
        "5 files checked (2 modules, 0 quizzes, 0 questions, 4 indicators): 1 error, 0 warnings"
    )


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (root / "notes.md").write_text("no front matter\n", encoding="utf-8")
    code, out, _ = run(capsys, str(root), "--json")
    document = json.loads(out)
    assert code == 0 and document["ok"] is True and document["warnings"] == 1
    assert document["problems"][0]["path"] == str(root / "notes.md")
    assert document["problems"][0]["severity"] == "warning"
    code, out, _ = run(capsys, str(root), "--strict")
    assert code == 1 and ":1:1: warning: this Markdown file has no front matter" in out


def test_usage_errors_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "nowhere"))
    assert code == 2 and "is not a folder" in err
    with pytest.raises(SystemExit) as raised:
        main(["validate", "--bogus"])
    assert raised.value.code == 2


def test_shipped_content_passes_strict_as_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", "--strict"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("0 errors, 0 warnings")
