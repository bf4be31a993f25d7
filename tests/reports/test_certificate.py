"""Certificates for passed quizzes and self-assessments, and one learner's progress
report (PDF and CSV): the files exist, and the PDFs' drawn text says what it should."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.progress.progress_support import answer
from tests.reports.pdf_text import Pdf
from trainer.core.dashboard import load_dashboard
from trainer.core.model import Library, LibraryInfo
from trainer.core.progress import ProgressStore, QuizSession
from trainer.core.self_assessment import SELF_ASSESSMENT_ID
from trainer.reports.certificate import (
    CertificateError,
    CertificateText,
    certificate_for_session,
    write_certificate,
)
from trainer.reports.learner_report import CSV_COLUMNS, write_learner_report
from trainer.reports.pdf import ReportPdfError

QUIZ = "quiz-reading-indicators"
T0 = datetime(2025, 5, 2, 14, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore.open(tmp_path / "data")
    yield opened
    opened.close()


def finished(
    store: ProgressStore,
    profile: str,
    quiz_id: str,
    score: float,
    passed: bool,
    *,
    at: datetime = T0,
    mode: str = "exam",
    answers: tuple[tuple[str, bool], ...] = (),
) -> QuizSession:
    session = store.start_session(
        profile, quiz_id, mode, ["a", "b", "c", "d"], 3, "v1", started_at=at
    )
    for number, (indicator, correct) in enumerate(answers):
        store.record_attempt(
            answer(
                profile,
                session,
                quiz_id=quiz_id,
                question_id=f"q{number}",
                correct=correct,
                indicators=(indicator,),
                at=at + timedelta(minutes=number + 1),
                mode=mode,
            )
        )
    return store.finish_session(session, score, 4.0, passed, finished_at=at + timedelta(minutes=9))


def test_a_certificate_for_a_passed_quiz(
    tmp_path: Path, library: Library, store: ProgressStore
) -> None:
    ana = store.create_profile("Ana Lima").profile_id
    session = finished(store, ana, QUIZ, 3.5, True)
    data = certificate_for_session(library, "Ana Lima", session)
    assert (data.title, data.pass_mark, data.questions) == ("Reading indicators in practice", 70, 4)
    assert (data.pack_id, data.pack_version) == ("fixture-library", "1.0.0")
    target = tmp_path / "certificate.pdf"
    write_certificate(data, target)
    pdf = Pdf(target.read_bytes())
    assert len(pdf.pages()) == 1
    lines = pdf.text().splitlines()
    assert "Ana Lima" in lines
    assert "Reading indicators in practice" in lines
    assert "with a score of 87% (pass mark 70%)" in lines
    assert "on 2025-05-02" in lines
    assert "As an exam, 4 questions" in lines
    assert any("(fixture-library), version 1.0.0" in line for line in lines)
    assert any(session.session_id in line for line in lines)


def test_a_certificate_for_a_self_assessment_in_the_apps_words(
    tmp_path: Path, library: Library, store: ProgressStore
) -> None:
    kim = store.create_profile("Kim Duarte").profile_id
    session = finished(store, kim, SELF_ASSESSMENT_ID, 4.0, True, mode="practice")
    data = certificate_for_session(library, "Kim Duarte", session, title="Self-assessment: all")
    words = CertificateText(heading="Zertifikat", score="Ergebnis {score} % (mindestens {mark} %)")
    target = tmp_path / "self.pdf"
    write_certificate(data, target, words)
    text = Pdf(target.read_bytes()).text()
    for expected in (
        "Zertifikat",
        "Kim Duarte",
        "Self-assessment: all",
        "Ergebnis 100 % (mindestens 70 %)",
        "In practice mode, 4 questions",
    ):
        assert expected in text.splitlines()


def test_no_certificate_for_a_session_not_passed_or_not_finished(
    library: Library, store: ProgressStore
) -> None:
    bo = store.create_profile("Bo").profile_id
    failed = finished(store, bo, QUIZ, 1.0, False)
    with pytest.raises(CertificateError):
        certificate_for_session(library, "Bo", failed)
    open_id = store.start_session(bo, QUIZ, "exam", ["a"], 1, "v1", started_at=T0)
    (open_session,) = [s for s in store.sessions(bo) if s.session_id == open_id]
    with pytest.raises(CertificateError):
        certificate_for_session(library, "Bo", open_session)


def test_a_certificate_that_cannot_be_written_says_so(
    tmp_path: Path, library: Library, store: ProgressStore
) -> None:
    ana = store.create_profile("Ana").profile_id
    data = certificate_for_session(library, "Ana", finished(store, ana, QUIZ, 4.0, True))
    with pytest.raises(ReportPdfError):
        write_certificate(data, tmp_path / "no-such-folder" / "c.pdf")


def test_a_learners_progress_report_as_pdf_and_csv(
    tmp_path: Path, library: Library, store: ProgressStore
) -> None:
    ana = store.create_profile("Ana Lima").profile_id
    store.mark_module_complete(ana, "reading-indicators", completed_at=T0)
    finished(
        store,
        ana,
        QUIZ,
        2.0,
        False,
        at=T0,
        answers=(("document-retention", True), ("debt-bondage", False)),
    )
    finished(
        store,
        ana,
        SELF_ASSESSMENT_ID,
        3.0,
        True,
        at=T0 + timedelta(days=1),
        answers=(("document-retention", True), ("controlled-by-others", True)),
    )
    board = load_dashboard(library, store, ana, T0 + timedelta(days=2))
    files = write_learner_report(board, library, "Ana Lima", ana, tmp_path / "ana")
    assert (files.pdf.name, files.csv.name) == ("ana.pdf", "ana.csv")

    lines = Pdf(files.pdf.read_bytes()).text().splitlines()
    assert "Progress report: Ana Lima" in lines
    assert "1 of 2" in lines  # modules completed
    assert "Reading indicators: signs, not proof" in lines
    assert "Reading indicators in practice" in lines
    assert "Self-assessment (4 questions)" in lines
    assert "50%" in lines and "75%" in lines
    assert "Debt bondage" in lines  # an indicator still being learnt

    raw = files.csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {r["learner"] for r in rows} == {"Ana Lima"}
    modules = {r["id"]: r for r in rows if r["record"] == "module"}
    assert modules["reading-indicators"]["status"] == "completed"
    assert modules["second-module"]["status"] == "not started"
    sessions = [r for r in rows if r["record"] == "session"]
    assert [(s["id"], s["score_percent"], s["passed"]) for s in sessions] == [
        (QUIZ, "50", "no"),
        (SELF_ASSESSMENT_ID, "75", "yes"),
    ]
    indicators = {r["id"]: r for r in rows if r["record"] == "indicator"}
    assert set(indicators) == set(library.indicators)
    assert indicators["document-retention"]["count"] == "2"
    assert indicators["debt-bondage"]["status"] == "learning"
    assert indicators["debt-bondage"]["score_percent"] == "0"
    assert indicators["deceived-about-nature-of-work"]["status"] == "not started"


def test_the_certificate_names_the_pack_the_questions_came_with(
    library: Library, store: ProgressStore
) -> None:
    pack = LibraryInfo("pack-border", "Border checks", "3.2.0", "Academy", "en", (), "x")
    other = LibraryInfo("pack-other", "Other", "1.0.0", "Academy", "en", (), "y")
    packed = replace(library, origins={f"quiz:{QUIZ}": pack, "quiz:quiz-extra": other})
    ana = store.create_profile("Ana").profile_id
    data = certificate_for_session(packed, "Ana", finished(store, ana, QUIZ, 4.0, True))
    assert (data.pack_id, data.pack_title, data.pack_version) == (
        "pack-border",
        "Border checks",
        "3.2.0",
    )

    def self_assessment(question_ids: list[str]) -> QuizSession:
        session = store.start_session(
            ana, SELF_ASSESSMENT_ID, "exam", question_ids, 1, "v", started_at=T0
        )
        return store.finish_session(session, 1.0, 1.0, True, finished_at=T0)

    one_pack = self_assessment([f"{QUIZ}/packing-proof", f"{QUIZ}/packing-spot"])
    assert certificate_for_session(packed, "Ana", one_pack).pack_id == "pack-border"
    two_packs = self_assessment([f"{QUIZ}/packing-proof", "quiz-extra/q1"])
    assert certificate_for_session(packed, "Ana", two_packs).pack_id == "fixture-library"
