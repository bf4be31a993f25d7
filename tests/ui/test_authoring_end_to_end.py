# mypy: disable-error-code="no-untyped-call"
"""The walk-through of docs/authoring.md, step by step: a trainer starts a content folder
from the guide's library.yaml, scaffolds a module and a quiz with ``trainer new``, fixes
what the authoring window's Problems list shows, builds, signs and checks a pack; on
another computer (another data folder) the key is trusted, the pack installed, and a
learner takes the quiz, whose answers are recorded there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from trainer.cli import main as trainer
from trainer.core.loader import load_library
from trainer.core.packs import install_pack, installed_content_dirs, list_packs
from trainer.core.progress import ProgressStore
from trainer.core.quiz_run import right_answer
from trainer.ui.authoring import AuthoringWindow
from trainer.ui.quiz import QuizPage

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def guide_block(heading: str, language: str) -> str:
    """The first ``language`` code block under the guide's section ``heading``."""
    text = GUIDE.read_text("utf-8")
    section = text[text.index(heading) :]
    blocks = re.finditer(r"^```(\w*)\n(.*?)^```[ \t]*$", section, re.DOTALL | re.MULTILINE)
    found = next((m.group(2) for m in blocks if m.group(1) == language), None)
    assert found is not None, f"no {language or 'plain'} block under {heading!r}"
    return found


def guide_commands(heading: str) -> list[list[str]]:
    """The ``trainer …`` lines of the first plain code block under ``heading``."""
    block = guide_block(heading, "")
    return [line.split()[1:] for line in block.splitlines() if line.startswith("trainer ")]


def never(question: str) -> bool:
    raise AssertionError(f"no confirmation expected for a trusted pack: {question}")


@pytest.fixture
def workplace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The trainer's working folder, as the current folder (the guide's paths are
    relative), with the trainer's own data folder beside it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path / "trainer-data"))
    yield tmp_path


def test_from_a_blank_folder_to_a_quiz_taken_on_another_computer(
    qtbot: QtBot, workplace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    academy = workplace / "academy"

    # 1. library.yaml, copied from the guide.
    academy.mkdir()
    (academy / "library.yaml").write_text(guide_block("## 1.", "yaml"), "utf-8")

    # 2. trainer new, as the guide says.
    commands = guide_commands("## 2.")
    assert [c[:2] for c in commands] == [
        ["new", "taxonomy"],
        ["new", "module"],
        ["new", "quiz"],
    ]
    for command in commands:
        assert trainer(command) == 0, capsys.readouterr().err

    # 3. The folder in authoring mode: the starting files pass every check.
    window = AuthoringWindow(academy)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loaded_once)
    assert window.problems.rows() == []
    assert ("module", "first-contact") in window.tree.entries()
    assert ("quiz", "first-contact-quiz") in window.tree.entries()

    # 4. The trainer gives the indicator its real id, as the guide shows...
    taxonomy = academy / "taxonomy" / "indicators.yaml"
    new_id = guide_block("## 4.", "yaml").split("- id: ")[1].split()[0]
    assert new_id == "document-retention"
    taxonomy.write_text(
        taxonomy.read_text("utf-8").replace("- id: indicators-indicator", f"- id: {new_id}"),
        "utf-8",
    )
    # ...and the Problems list shows the quiz still naming the old one, left out.
    qtbot.waitUntil(lambda: bool(window.problems.rows()), timeout=10_000)
    rows = window.problems.rows()
    assert {row[0] for row in rows} == {"quizzes/first-contact-quiz.md"}
    assert all(row[3] == "error" for row in rows)
    assert all("unknown indicator 'indicators-indicator'" in row[4] for row in rows)
    assert ("file", "quizzes/first-contact-quiz.md") in window.tree.entries()
    # The example row in the guide is the first one the list shows.
    first = rows[0]
    example = guide_block("## 4.", "").strip().split()
    assert example[:4] == [first[0], str(first[1]), str(first[2]), "Error"]

    # Fixing the quiz clears the list and brings the quiz back.
    quiz = academy / "quizzes" / "first-contact-quiz.md"
    quiz.write_text(quiz.read_text("utf-8").replace("indicators-indicator", new_id), "utf-8")
    qtbot.waitUntil(lambda: not window.problems.rows(), timeout=10_000)
    assert ("quiz", "first-contact-quiz") in window.tree.entries()
    assert window.coverage.question_counts() == {new_id: 2}
    # A try-out in the preview.
    assert window.tree.select(("quiz", "first-contact-quiz"))
    window.try_quiz()
    assert window.preview.quiz.in_progress()
    window.close()

    # 7. Build and sign the pack, with the guide's commands.
    keygen = guide_commands("## 7.")
    assert keygen == [["pack", "keygen", "-o", "academy.key"]]
    assert trainer(keygen[0]) == 0
    steps = guide_commands("Then, for each version:")
    assert [s[:2] for s in steps] == [
        ["validate", "academy"],
        ["pack", "build"],
        ["pack", "sign"],
        ["pack", "verify"],
    ]
    for step in steps:
        assert trainer(step) == 0, capsys.readouterr()
    pack = workplace / "academy-1.0.0.zip"
    assert pack.is_file()

    # 8. The other computer: its own data folder trusts the key, then installs the pack.
    other = workplace / "other-computer"
    other.mkdir()
    trust = guide_commands("## 8.")
    assert trust == [["pack", "trust", "academy.key.pub"]]
    assert trainer(["--data-dir", str(other), *trust[0]]) == 0
    result = install_pack(pack, other, never)
    assert (result.pack_id, result.version, result.trusted) == ("academy", "1.0.0", True)
    assert [p.id for p in list_packs(other)] == ["academy"]

    # 9. A learner there takes the quiz, and the answers are recorded there.
    library = load_library(installed_content_dirs(other))
    assert not library.errors
    assert library.modules["first-contact"].title == "First contact"
    store = ProgressStore.open(other)
    try:
        learner = store.create_profile("Officer Ana").profile_id
        page = QuizPage(library, store, learner)
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        page.start("first-contact-quiz")
        qtbot.mouseClick(page.intro.start_button, Qt.MouseButton.LeftButton)
        runner = page.runner
        while page.current_view() is runner:
            assert page.run is not None and runner.answer_widget is not None
            runner.answer_widget.set_answer(right_answer(page.run.question))
            runner.primary_action()
            runner.primary_action()
        assert page.outcome is not None and page.outcome.saved and page.outcome.result.passed
        (session,) = store.sessions(learner, "first-contact-quiz")
        assert session.finished and session.passed
        assert len(list(store.attempts(learner))) == 2
    finally:
        store.close()
    # The trainer's own data folder was never used for the learner.
    assert not (workplace / "trainer-data" / "profiles").exists()
