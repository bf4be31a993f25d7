"""CSV cells that a spreadsheet would run as formulas are written as text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from trainer.core.csv_cells import text_cell
from trainer.core.reporting.tables import LearnerRow, csv_text


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text: str) -> None:
    assert text_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Sam", "", "1=1", "Ana-Maria", "a@b", "'quoted"])
def test_other_text_is_left_as_it_is(text: str) -> None:
    assert text_cell(text) == text


def test_a_learner_named_like_a_formula_is_written_as_text() -> None:
    row = LearnerRow(
        profile_id="0" * 32,
        learner='=HYPERLINK("http://example.invalid","open")',
        devices=1,
        answers=3,
        correct=2,
        correct_percent=66.7,
        sessions_finished=1,
        quizzes_passed=0,
        modules_completed=1,
        indicators_mastered=0,
        first_activity=datetime(2026, 1, 2, tzinfo=UTC),
        last_activity=None,
    )
    rows = list(csv.DictReader(io.StringIO(csv_text([row], LearnerRow))))
    assert rows[0]["learner"] == '\'=HYPERLINK("http://example.invalid","open")'
    # Numbers and times the program writes are not touched.
    assert rows[0]["answers"] == "3" and rows[0]["correct_percent"] == "66.7"
    assert rows[0]["first_activity"].startswith("2026-01-02")
