"""Document converters: the fast segment check agrees with the full parser."""

from __future__ import annotations

from typing import Any

import pytest
from progress_support import T0

from trainer.core.progress.models import (
    Attempt,
    attempt_from_doc,
    attempt_to_doc,
    check_attempt_doc,
)
from trainer.core.progress.storage import SchemaViolation

GOOD = attempt_to_doc(
    Attempt(
        attempt_id="a1",
        profile_id="p" * 32,
        session_id="s1",
        quiz_id="quiz",
        question_id="q1",
        question_type="spot",
        answer=[{"x": 1}],
        correct=True,
        score=0.5,
        indicators=("i1", "i2"),
        mode="self-assessment",
        shown_at=T0,
        answered_at=T0,
        duration_ms=10,
        content_id="quiz",
        content_version="v1",
    )
)
DROP = object()

MUTATIONS: list[tuple[str, Any]] = [
    ("attempt_id", DROP),
    ("attempt_id", ""),
    ("attempt_id", 5),
    ("answer", DROP),
    ("answer", None),  # a null answer is allowed
    ("question_type", "essay"),
    ("mode", "cram"),
    ("correct", 1),
    ("correct", DROP),
    ("score", 1.01),
    ("score", -0.1),
    ("score", True),
    ("score", "1"),
    ("score", 1),  # an integer score is fine
    ("duration_ms", -1),
    ("duration_ms", 1.0),
    ("duration_ms", False),
    ("indicators", "i1"),
    ("indicators", ["i1", 2]),
    ("indicators", []),
    ("shown_at", "yesterday"),
    ("shown_at", "2025-03-01T09:00:00"),  # no zone
    ("answered_at", "2025-03-01T09:00:00Z"),
    ("answered_at", 1700000000),
    ("content_version", DROP),
]


@pytest.mark.parametrize(("field", "value"), MUTATIONS)
def test_fast_check_agrees_with_the_parser(field: str, value: Any) -> None:
    doc = dict(GOOD)
    if value is DROP:
        del doc[field]
    else:
        doc[field] = value
    try:
        attempt_from_doc(doc)
        parsed = True
    except SchemaViolation:
        parsed = False
    try:
        check_attempt_doc(doc)
        checked = True
    except SchemaViolation:
        checked = False
    assert checked is parsed


def test_good_document_round_trips() -> None:
    check_attempt_doc(GOOD)
    assert attempt_to_doc(attempt_from_doc(GOOD)) == GOOD


def test_the_package_never_imports_qt() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; import trainer.core.progress, trainer.core.progress.exchange, "
        "trainer.cli.progress; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'}))"
    )
    root = str(Path(__file__).resolve().parents[2])
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert result.stdout.strip() == "[]"
