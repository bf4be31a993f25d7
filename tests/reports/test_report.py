"""The consolidated report: bundles of two computers merged without duplicates, CSV tables
checked against the stores, and the PDF's pages and drawn text."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.reports.conftest import TwoDevices
from tests.reports.pdf_text import Pdf, PdfError
from tests.reports.report_support import reseal
from trainer.core.progress import Attempt, ProgressStore
from trainer.core.progress.exchange import export_document
from trainer.core.reporting.bundle import (
    BundleRejectedError,
    bundle_bytes,
    read_bundle,
    write_bundle,
)
from trainer.core.reporting.merge import merge_bundles
from trainer.core.reporting.tables import CSV_FILES, build_report
from trainer.reports import build_report_files, write_pdf

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%"


@pytest.fixture
def built(tmp_path: Path, two_devices: TwoDevices) -> tuple[TwoDevices, Path]:
    out = tmp_path / "report"
    build_report_files(
        [two_devices.bundle_a, two_devices.bundle_b],
        out,
        library=two_devices.library,
        generated_at=NOW,
    )
    return two_devices, out


def test_two_computers_merge_into_one_report_without_duplicates(
    built: tuple[TwoDevices, Path],
) -> None:
    devices, out = built
    assert sorted(p.name for p in out.iterdir()) == sorted([*CSV_FILES, "report.pdf"])
    unique = {a.attempt_id for attempts in devices.attempts.values() for a in attempts}
    bundled = sum(read_bundle(b).answer_count for b in (devices.bundle_a, devices.bundle_b))
    # Ana's first answers are in both bundles: the report counts them once.
    assert bundled > len(unique)
    answers = read_csv(out / "answers.csv")
    assert len(answers) == len(unique)
    assert {row["attempt_id"] for row in answers} == unique
    learners = {row["profile_id"]: row for row in read_csv(out / "learners.csv")}
    assert set(learners) == {devices.ana, devices.bo, devices.chidi}
    for pid, row in learners.items():
        attempts = devices.attempts[pid]
        correct = sum(1 for a in attempts if a.correct)
        assert row["learner"] == devices.names[pid]
        assert int(row["answers"]) == len(attempts)
        assert int(row["correct"]) == correct
        assert float(row["correct_percent"]) == pytest.approx(
            100 * correct / len(attempts), abs=1e-3
        )
        assert int(row["sessions_finished"]) == sum(1 for s in devices.sessions[pid] if s.finished)
    assert learners[devices.ana]["devices"] == "2"
    assert learners[devices.bo]["devices"] == learners[devices.chidi]["devices"] == "1"
    bundles = read_csv(out / "bundles.csv")
    assert [b["file"] for b in bundles] == ["computer-a.json", "computer-b.json"]
    assert sum(int(b["new_answers"]) for b in bundles) == len(unique)
    assert all(b["signed_by"] == "" and b["repeated"] == "false" for b in bundles)


def test_per_quiz_module_and_dimension_tables(built: tuple[TwoDevices, Path]) -> None:
    devices, out = built
    quizzes = read_csv(out / "quizzes.csv")
    assert [q["quiz_id"] for q in quizzes] == ["quiz-reading-indicators"]
    quiz = quizzes[0]
    every = [a for attempts in devices.attempts.values() for a in attempts]
    assert int(quiz["answers"]) == len(every)
    assert int(quiz["learners_attempted"]) == 3
    finished = [s for sessions in devices.sessions.values() for s in sessions if s.finished]
    assert int(quiz["sessions_finished"]) == len(finished)
    assert int(quiz["sessions_passed"]) == sum(1 for s in finished if s.passed)
    assert quiz["pass_mark"] == "70"

    per_learner = {r["profile_id"]: r for r in read_csv(out / "learner_quizzes.csv")}
    for pid, sessions in devices.sessions.items():
        done = [s for s in sessions if s.finished and s.score is not None and s.max_score]
        best = max(100 * s.score / s.max_score for s in done)  # type: ignore[operator]
        assert float(per_learner[pid]["best_percent"]) == pytest.approx(best, abs=1e-3)
        assert int(per_learner[pid]["sessions_started"]) == len(sessions)

    modules = {r["module_id"]: r for r in read_csv(out / "modules.csv")}
    assert list(modules) == ["reading-indicators", "second-module"]
    assert modules["reading-indicators"]["learners_completed"] == "2"
    assert modules["second-module"]["learners_started"] == "1"
    assert modules["second-module"]["learners_completed"] == "0"
    reading = read_csv(out / "learner_modules.csv")
    assert len(reading) == 3 * 2

    # Fixture taxonomy: document-retention, debt-bondage and controlled-by-others are
    # coercion at destination; deceived-about-nature-of-work is deceptive recruitment.
    dimension_of = {
        "document-retention": "coercion-at-destination",
        "debt-bondage": "coercion-at-destination",
        "controlled-by-others": "coercion-at-destination",
        "deceived-about-nature-of-work": "deceptive-recruitment",
    }

    def expected(attempts: list[Attempt], dimension: str) -> tuple[int, int]:
        hits = [a for a in attempts if dimension in {dimension_of[i] for i in a.indicators}]
        return len(hits), sum(1 for a in hits if a.correct)

    dimensions = {r["dimension_id"]: r for r in read_csv(out / "dimensions.csv")}
    assert list(dimensions) == ["deceptive-recruitment", "coercion-at-destination"]
    for dimension_id, row in dimensions.items():
        assert (int(row["answers"]), int(row["correct"])) == expected(every, dimension_id)
    assert dimensions["coercion-at-destination"]["dimension"] == "Coercion at destination"
    for row in read_csv(out / "learner_dimensions.csv"):
        attempts = devices.attempts[row["profile_id"]]
        assert (int(row["answers"]), int(row["correct"])) == expected(attempts, row["dimension_id"])


def test_the_pdf_shows_the_learners_and_their_figures(built: tuple[TwoDevices, Path]) -> None:
    devices, out = built
    pdf = Pdf((out / "report.pdf").read_bytes())
    pages = pdf.text_lines()
    assert 1 <= len(pages) <= 4
    assert pages[0][0] == "Consolidated training report"
    text = pdf.text()
    lines = set(text.splitlines())
    assert "Generated 2025-03-10 12:00 UTC from 2 bundles of results." in lines
    assert "Content: Fixture library, version 1.0.0." in lines
    unique = {a.attempt_id for attempts in devices.attempts.values() for a in attempts}
    every = [a for attempts in devices.attempts.values() for a in attempts]
    # The tiles: learners, devices, bundles, answers, share correct, sessions.
    tiles = pages[0][3:15]
    assert tiles[:6] == ["3", "learners", "2", "devices", "2", "bundles"]
    assert tiles[6:8] == [str(len(unique)), "distinct answers"]
    assert tiles[8] == percent(sum(1 for a in every if a.correct), len(every))
    for pid, name in devices.names.items():
        attempts = devices.attempts[pid]
        correct = sum(1 for a in attempts if a.correct)
        assert name in lines
        assert f"{percent(correct, len(attempts))} ({correct} of {len(attempts)})" in lines
    for heading in ("Learners", "Quizzes", "Modules", "Indicator dimensions", "Bundles read"):
        assert heading in lines
    assert "Reading indicators in practice" in lines
    assert "computer-a.json" in lines and "computer-b.json" in lines
    assert "Coercion at destination" in lines


def test_the_same_bundle_twice_adds_nothing(tmp_path: Path, two_devices: TwoDevices) -> None:
    out = tmp_path / "report"
    result = build_report_files(
        [two_devices.bundle_a, two_devices.bundle_a, two_devices.bundle_b],
        out,
        library=two_devices.library,
    )
    unique = {a.attempt_id for attempts in two_devices.attempts.values() for a in attempts}
    assert len(read_csv(out / "answers.csv")) == len(unique) == result.report.answer_count
    bundles = read_csv(out / "bundles.csv")
    assert [b["repeated"] for b in bundles] == ["false", "true", "false"]
    assert bundles[1]["new_answers"] == "0"
    assert "computer-a.json (again)" in Pdf((out / "report.pdf").read_bytes()).text()


def test_a_tampered_bundle_stops_the_report_and_nothing_is_written(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    tampered = tmp_path / "tampered.json"
    tampered.write_text(
        two_devices.bundle_b.read_text("utf-8").replace('"correct": false', '"correct": true', 1),
        "utf-8",
    )
    assert tampered.read_bytes() != two_devices.bundle_b.read_bytes()
    out = tmp_path / "report"
    with pytest.raises(BundleRejectedError, match="checksum does not match") as caught:
        build_report_files([two_devices.bundle_a, tampered], out, library=two_devices.library)
    assert str(tampered) in str(caught.value)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "computer-a",
        "computer-a.json",
        "computer-b",
        "computer-b.json",
        "tampered.json",
    ]


def test_a_malformed_bundle_leaves_an_earlier_report_as_it_was(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    out = tmp_path / "report"
    build_report_files([two_devices.bundle_a], out, library=two_devices.library)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = tmp_path / "broken.json"
    broken.write_bytes(two_devices.bundle_b.read_bytes()[:-200])
    with pytest.raises(BundleRejectedError, match="cut short"):
        build_report_files([two_devices.bundle_b, broken], out, library=two_devices.library)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".report.")]
    assert leftovers == []


def test_a_later_report_replaces_its_files_and_keeps_others(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    out = tmp_path / "report"
    out.mkdir()
    (out / "minutes.txt").write_text("meeting notes")
    build_report_files([two_devices.bundle_a], out, library=two_devices.library)
    first = read_csv(out / "answers.csv")
    build_report_files(
        [two_devices.bundle_a, two_devices.bundle_b], out, library=two_devices.library
    )
    assert len(read_csv(out / "answers.csv")) > len(first)
    assert (out / "minutes.txt").read_text() == "meeting notes"


def test_conflicting_copies_and_renamed_learners_become_notes(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    with ProgressStore.open(two_devices.dir_a) as store:
        renamed = store.rename_profile(two_devices.bo, "Bo Chen-Li")
        document = export_document(store, two_devices.bo, now=datetime(2030, 1, 1, tzinfo=UTC))
    assert renamed.display_name == "Bo Chen-Li"
    original = read_bundle(two_devices.bundle_a)
    document["attempts"][0]["duration_ms"] += 1
    reseal(document)
    bundle_doc = json.loads(two_devices.bundle_a.read_text("utf-8"))
    bundle_doc["learners"] = [document]
    bundle_doc["exported_at"] = "2030-01-01T00:00:00+00:00"
    reseal(bundle_doc)
    later = tmp_path / "later.json"
    later.write_bytes(bundle_bytes(bundle_doc))
    merged = merge_bundles([original, read_bundle(later)])
    report = build_report(merged, two_devices.library, generated_at=NOW)
    assert any("differs between bundles" in note for note in report.notes)
    assert any("'Bo Chen-Li'" in note and "'Bo Chen'" in note for note in report.notes)
    assert {row.learner for row in report.learners} >= {"Bo Chen-Li"}


def test_a_report_without_content_names_things_by_id(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    out = tmp_path / "report"
    build_report_files([two_devices.bundle_a, two_devices.bundle_b], out, library=None)
    quizzes = read_csv(out / "quizzes.csv")
    assert [q["quiz"] for q in quizzes] == ["quiz-reading-indicators"]
    dimensions = read_csv(out / "dimensions.csv")
    assert [d["dimension_id"] for d in dimensions] == ["unknown"]
    text = Pdf((out / "report.pdf").read_bytes()).text()
    assert "No content library was loaded" in text


def test_drawing_a_long_report_keeps_python_alive(tmp_path: Path, two_devices: TwoDevices) -> None:
    # PySide6 6.12 on Python 3.11 loses a reference to None on every Qt call that returns
    # nothing; the PDF writer gives them back, or a long report would abort the process.
    bundles = [read_bundle(two_devices.bundle_a), read_bundle(two_devices.bundle_b)]
    report = build_report(merge_bundles(bundles), two_devices.library, generated_at=NOW)
    before = sys.getrefcount(None)
    for number in range(5):
        write_pdf(report, tmp_path / f"r{number}.pdf")
    assert sys.getrefcount(None) >= before - 50


def test_the_pdf_reader_refuses_what_is_not_a_pdf(tmp_path: Path) -> None:
    with pytest.raises(PdfError):
        Pdf(b"not a pdf")
    with pytest.raises(PdfError):
        Pdf(b"%PDF-1.4\n" + b"x" * 100)


def test_csv_files_open_in_spreadsheets(built: tuple[TwoDevices, Path]) -> None:
    _, out = built
    raw = (out / "learners.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["profile_id", "learner", "devices"]
    assert all(len(row) == len(rows[0]) for row in rows)


def test_learners_of_the_same_name_are_told_apart_in_the_pdf(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    namesake_dir = tmp_path / "computer-c"
    with ProgressStore.open(namesake_dir) as store:
        namesake = store.create_profile("Ana Lima").profile_id
        bundle_c = tmp_path / "computer-c.json"
        write_bundle(store, [namesake], bundle_c)
    out = tmp_path / "report"
    build_report_files(
        [two_devices.bundle_a, two_devices.bundle_b, bundle_c], out, library=two_devices.library
    )
    lines = set(Pdf((out / "report.pdf").read_bytes()).text().splitlines())
    assert f"Ana Lima ({two_devices.ana[:6]})" in lines
    assert f"Ana Lima ({namesake[:6]})" in lines
    assert "no answers yet" in lines
    assert [r["learner"] for r in read_csv(out / "learners.csv")].count("Ana Lima") == 2


def test_a_report_builds_without_a_display_and_widgets_still_work_after(
    tmp_path: Path, two_devices: TwoDevices
) -> None:
    # As on a trainer's command line: no Qt application yet, no display, no platform set.
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from trainer.reports import build_report_files\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        f"build_report_files([Path({str(two_devices.bundle_a)!r})], Path({str(tmp_path)!r}) / 'r',"
        " library=None)\n"
        "assert QApplication.instance().platformName() == 'offscreen'\n"
        "QLabel('a window can still be made')\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert (tmp_path / "r" / "report.pdf").is_file()
