"""'trainer new': starting files that validate cleanly, and every refusal."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest

from trainer.cli.new import register
from trainer.core.loader import load_library
from trainer.core.scaffold import ScaffoldError, id_from_filename, scaffold

Runner = Callable[[list[str]], tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Runner:
    parser = argparse.ArgumentParser(prog="trainer")
    register(parser.add_subparsers(dest="command", required=True))

    def invoke(argv: list[str]) -> tuple[int, str, str]:
        capsys.readouterr()
        args = parser.parse_args(argv)
        code: int = args.func(args)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


def _clean(root: Path) -> None:
    library = load_library(root)
    assert [p.format() for p in library.problems] == []


def test_each_kind_validates_with_no_errors_and_no_warnings(
    run: Runner, fixture_library: Path
) -> None:
    before = load_library(fixture_library)
    for kind, rel in (
        ("module", "modules/spotting-debt.md"),
        ("quiz", "quizzes/quiz-spotting-debt.md"),
        ("taxonomy", "taxonomy/local-indicators.yaml"),
    ):
        code, out, err = run(["new", kind, str(fixture_library / rel)])
        assert (code, err) == (0, ""), err
        assert f"wrote {fixture_library / rel}" in out
        assert f"trainer validate {fixture_library}" in out
    library = load_library(fixture_library)
    assert [p.format() for p in library.problems] == []
    module = library.modules["spotting-debt"]
    assert module.track == "basics"
    assert module.order == max(m.order for m in before.modules.values()) + 1
    quiz = library.quizzes["quiz-spotting-debt"]
    # The quiz trains the first indicators of the folder's taxonomy.
    first_two = [i.id for i in before.taxonomies[0].indicators][:2]
    assert sorted({i for q in quiz.questions for i in q.all_indicators}) == sorted(first_two)
    assert "local-indicators-indicator" in library.indicators
    assert library.dimensions["local-indicators-dimension"]
    assert len(library.indicators) == len(before.indicators) + 1


def test_templates_explain_themselves(fixture_library: Path) -> None:
    path = fixture_library / "modules" / "new-lesson.md"
    scaffold("module", path)
    text = path.read_text("utf-8")
    front, body = text.split("\n---\n", 1)
    assert sum(1 for line in front.splitlines() if line.startswith("#")) >= 5
    assert "# New lesson" in body and "Replace" in body
    taxonomy = fixture_library / "taxonomy" / "more.yaml"
    scaffold("taxonomy", taxonomy)
    assert taxonomy.read_text("utf-8").startswith("# A taxonomy")


def test_options_choose_indicators_track_module_and_title(fixture_library: Path) -> None:
    library_file = fixture_library / "library.yaml"
    library_file.write_text(
        library_file.read_text("utf-8")
        + "  - id: advanced\n    title: Advanced\n    description: More.\n",
        "utf-8",
    )
    scaffold(
        "module",
        fixture_library / "modules" / "deep.md",
        track="advanced",
        indicators=["debt-bondage"],
        title="Debt: how it binds",
    )
    scaffold(
        "quiz",
        fixture_library / "quizzes" / "deep-quiz.md",
        indicators=["debt-bondage", "controlled-by-others", "document-retention"],
        module="deep",
    )
    _clean(fixture_library)
    library = load_library(fixture_library)
    module = library.modules["deep"]
    assert (module.track, module.order, module.title) == ("advanced", 1, "Debt: how it binds")
    assert module.indicators == ("debt-bondage",)
    quiz = library.quizzes["deep-quiz"]
    assert quiz.module == "deep"
    assert set(quiz.questions[1].all_indicators) == {
        "debt-bondage",
        "controlled-by-others",
        "document-retention",
    }


def test_quiz_outside_a_content_folder_takes_indicators_from_the_option(
    tmp_path: Path, fixture_library: Path
) -> None:
    loose = tmp_path / "drafts" / "quiz-loose.md"
    scaffold("quiz", loose, indicators=["debt-bondage"])
    # Moved into a content folder, it validates.
    (fixture_library / "quizzes" / "quiz-loose.md").write_bytes(loose.read_bytes())
    _clean(fixture_library)


def test_id_comes_from_the_file_name() -> None:
    assert id_from_filename(Path("Reading Indicators.md")) == "reading-indicators"
    assert id_from_filename(Path("Módulo_Dos.md")) == "modulo-dos"
    assert id_from_filename(Path("quiz-first-contact.md")) == "quiz-first-contact"
    with pytest.raises(ScaffoldError, match="cannot make an id"):
        id_from_filename(Path("___.md"))


def test_refuses_to_overwrite(run: Runner, fixture_library: Path) -> None:
    existing = fixture_library / "modules" / "second-module.md"
    before = existing.read_bytes()
    code, out, err = run(["new", "module", str(existing)])
    assert code == 1 and out == ""
    assert "already exists" in err and "Traceback" not in err
    assert existing.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["module", "modules/x.yaml"], "must end in .md"),
        (["taxonomy", "taxonomy/x.md"], "must end in .yaml"),
        (["module", "modules/y.md", "--track", "nowhere"], "unknown track 'nowhere'"),
        (["quiz", "quizzes/q.md", "--indicator", "debt-bondag"], "did you mean 'debt-bondage'"),
        (["quiz", "quizzes/q.md", "--module", "nope"], "unknown module 'nope'"),
        (["module", "modules/second-module.md.bak.md"], "already used by"),
    ],
)
def test_refusals_name_the_fix(
    run: Runner, fixture_library: Path, argv: list[str], message: str
) -> None:
    argv = [argv[0], str(fixture_library / argv[1]), *argv[2:]]
    files_before = sorted(p for p in fixture_library.rglob("*"))
    code, out, err = run(["new", *argv])
    assert code == 1 and out == ""
    assert message in err
    assert sorted(p for p in fixture_library.rglob("*")) == files_before


def test_outside_a_content_folder_a_module_needs_a_track_and_a_quiz_indicators(
    tmp_path: Path,
) -> None:
    with pytest.raises(ScaffoldError, match="--track"):
        scaffold("module", tmp_path / "m.md")
    with pytest.raises(ScaffoldError, match="--indicator"):
        scaffold("quiz", tmp_path / "q.md")
    assert list(tmp_path.iterdir()) == []
    scaffold("module", tmp_path / "m.md", track="basics")
    assert (tmp_path / "m.md").is_file()
