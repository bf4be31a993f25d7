"""Module status, best scores, search filtering and reader helpers (no Qt)."""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pytest

from trainer.core.library_status import (
    ModuleStatus,
    best_of,
    content_location,
    library_overview,
    link_targets,
    module_status,
    normalise,
    resolve_content_path,
    section_at,
    sections_passed,
)
from trainer.core.loader import load_library
from trainer.core.model import Library
from trainer.core.progress.models import ModuleProgress, QuizBest, ReadingPosition

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library"
LOOSE_QUIZ = re.sub(
    r"(?m)^module: .*\n",
    "",
    re.sub(
        r"(?m)^title: .*$",
        "title: Final check",
        re.sub(
            r"(?m)^id: quiz-reading-indicators$",
            "id: quiz-final",
            (FIXTURE / "quizzes" / "reading-indicators.md").read_text("utf-8"),
            count=1,
        ),
        count=1,
    ),
    count=1,
)
WHEN = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def best(quiz_id: str, ratio: float, when: datetime = WHEN) -> QuizBest:
    return QuizBest(quiz_id, ratio * 10, 10.0, ratio, ratio >= 0.7, 1, when)


@pytest.fixture
def library() -> Library:
    return load_library(FIXTURE)


@pytest.fixture
def library_with_loose_quiz(tmp_path: Path) -> Library:
    root = tmp_path / "lib"
    shutil.copytree(FIXTURE, root)
    (root / "quizzes" / "final.md").write_text(LOOSE_QUIZ, encoding="utf-8")
    loaded = load_library(root)
    assert loaded.errors == (), [p.format() for p in loaded.errors]
    return loaded


def test_status_of_a_module() -> None:
    assert module_status(None) is ModuleStatus.NOT_STARTED
    empty = ModuleProgress("p", "m")
    assert module_status(empty) is ModuleStatus.NOT_STARTED
    assert module_status(ModuleProgress("p", "m", frozenset({"a"}))) is ModuleStatus.IN_PROGRESS
    positioned = ModuleProgress("p", "m", position=ReadingPosition("a", 0.2))
    assert module_status(positioned) is ModuleStatus.IN_PROGRESS
    done = ModuleProgress("p", "m", frozenset({"a"}), completed=True, completed_at=WHEN)
    assert module_status(done) is ModuleStatus.COMPLETED


def test_best_of_picks_the_highest_share() -> None:
    assert best_of([]) is None
    assert best_of([None, None]) is None
    low, high = best("a", 0.4), best("b", 0.9)
    assert best_of([low, None, high]) is high


def test_overview_groups_tracks_modules_and_quizzes(library: Library) -> None:
    overview = library_overview(library, {}, {})
    assert [g.track.id for g in overview.groups if g.track] == ["basics"]
    modules = overview.groups[0].modules
    assert [m.module.id for m in modules] == ["reading-indicators", "second-module"]
    assert [q.quiz.id for q in modules[0].quizzes] == ["quiz-reading-indicators"]
    assert modules[1].quizzes == ()
    assert all(m.status is ModuleStatus.NOT_STARTED for m in modules)
    assert modules[0].sections_total == 4 and modules[0].sections_read == 0
    assert overview.modules_total == 2 and overview.modules_completed == 0
    assert modules[0].best is None


def test_overview_reports_progress_and_best_scores(library: Library) -> None:
    progress = {
        "reading-indicators": ModuleProgress(
            "p",
            "reading-indicators",
            frozenset({"context", "what-to-do", "a-section-that-no-longer-exists"}),
        ),
        "second-module": ModuleProgress("p", "second-module", completed=True, completed_at=WHEN),
    }
    scores = {"quiz-reading-indicators": best("quiz-reading-indicators", 0.8)}
    overview = library_overview(library, progress, scores)
    first, second = overview.groups[0].modules
    assert first.status is ModuleStatus.IN_PROGRESS
    assert first.sections_read == 2  # a section removed from the module is not counted
    assert first.best is not None and first.best.best_ratio == pytest.approx(0.8)
    assert second.status is ModuleStatus.COMPLETED
    assert overview.modules_completed == 1


def test_quizzes_without_a_module_get_their_own_group(library_with_loose_quiz: Library) -> None:
    overview = library_overview(library_with_loose_quiz, {}, {})
    last = overview.groups[-1]
    assert last.track is None and last.modules == ()
    assert [q.quiz.id for q in last.quizzes] == ["quiz-final"]
    assert overview.visible_quizzes == 2


@pytest.mark.parametrize(
    ("query", "modules"),
    [
        ("", ["reading-indicators", "second-module"]),
        ("SECOND", ["second-module"]),  # title, any case
        ("combination matter", ["reading-indicators"]),  # summary, every word
        ("links back", ["second-module"]),
        ("document-retention", ["reading-indicators"]),  # indicator id
        ("identity documents", ["reading-indicators"]),  # indicator name
        ("nothing like this", []),
    ],
)
def test_search_filters_modules(library: Library, query: str, modules: list[str]) -> None:
    overview = library_overview(library, {}, {}, query)
    shown = [m.module.id for g in overview.groups for m in g.modules]
    assert shown == modules
    assert overview.is_empty is (not modules)


def test_search_keeps_a_quiz_that_matches_on_its_own(library_with_loose_quiz: Library) -> None:
    overview = library_overview(library_with_loose_quiz, {}, {}, "debt bondage")
    # No module teaches debt bondage, but both quizzes train it.
    groups = overview.groups
    assert [m.module.id for g in groups for m in g.modules] == ["reading-indicators"]
    assert [q.quiz.id for q in groups[0].modules[0].quizzes] == ["quiz-reading-indicators"]
    assert [q.quiz.id for q in groups[-1].quizzes] == ["quiz-final"]
    only_final = library_overview(library_with_loose_quiz, {}, {}, "final check")
    assert [g.track for g in only_final.groups] == [None]


def test_search_ignores_accents_and_spacing() -> None:
    assert normalise("  Réclame   ÉCOLE ") == "reclame ecole"


def test_content_location_with_one_and_several_roots(library: Library, tmp_path: Path) -> None:
    module = library.modules["reading-indicators"]
    assert content_location(library, module.path) == (
        FIXTURE,
        PurePosixPath("modules/reading-indicators.md"),
    )
    pack = tmp_path / "pack"
    (pack / "modules").mkdir(parents=True)
    changed = (FIXTURE / "modules" / "second-module.md").read_text("utf-8")
    changed = changed.replace("id: second-module", "id: pack-module")
    # The same file name in another root: the file's content tells them apart.
    (pack / "modules" / "second-module.md").write_text(changed, encoding="utf-8")
    both = load_library([FIXTURE, pack])
    first = both.modules["second-module"]
    from_pack = both.modules["pack-module"]
    assert first.path == from_pack.path == "modules/second-module.md"
    where = PurePosixPath("modules/second-module.md")
    assert content_location(both, first.path, first.sha256) == (FIXTURE, where)
    assert content_location(both, from_pack.path, from_pack.sha256) == (pack, where)
    assert link_targets(both, pack) == {"modules/second-module.md": "module:pack-module"}
    assert content_location(both, "modules/nowhere.md") is None
    assert content_location(both, str(pack / "modules" / "second-module.md")) == (pack, where)
    assert content_location(both, str(tmp_path / "elsewhere.md")) is None


def test_link_targets_map_files_to_in_app_addresses(library: Library) -> None:
    targets = link_targets(library, FIXTURE)
    assert targets == {
        "modules/reading-indicators.md": "module:reading-indicators",
        "modules/second-module.md": "module:second-module",
        "quizzes/reading-indicators.md": "quiz:quiz-reading-indicators",
    }
    assert link_targets(library, FIXTURE / "modules") == {}


def test_content_paths_stay_inside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")
    picture = resolve_content_path(root, "modules/images/checklist.png")
    assert picture == (root / "modules/images/checklist.png").resolve()
    assert resolve_content_path(root, "modules/../modules/images/checklist.png") == picture
    for bad in (
        "../secret.png",
        "../../etc/passwd",
        "modules/../../secret.png",
        "/etc/passwd",
        str(tmp_path / "secret.png"),
        "modules\\..\\..\\secret.png",
        "library.yaml",  # inside, but not a picture
        "modules/images/missing.png",
        "",
    ):
        assert resolve_content_path(root, bad) is None, bad


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_pointing_outside_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "content"
    root.mkdir()
    (tmp_path / "outside.png").write_bytes(b"\x89PNG")
    try:
        (root / "inside.png").symlink_to(tmp_path / "outside.png")
    except OSError:
        pytest.skip("symbolic links are not allowed here")
    assert resolve_content_path(root, "inside.png") is None


def test_sections_passed_as_the_view_moves_down() -> None:
    starts = [100.0, 400.0, 900.0]
    end = 1200.0
    assert sections_passed(starts, end, 300.0) == []
    assert sections_passed(starts, end, 400.0) == [0]
    assert sections_passed(starts, end, 1000.0) == [0, 1]
    assert sections_passed(starts, end, 1200.0) == [0, 1, 2]
    assert sections_passed([], end, 5000.0) == []


def test_section_at_the_top_of_the_view() -> None:
    starts = [100.0, 400.0, 900.0]
    assert section_at(starts, 0.0) is None
    assert section_at(starts, 100.0) == 0
    assert section_at(starts, 399.0) == 0
    assert section_at(starts, 380.0, slack=30.0) == 1
    assert section_at(starts, 5000.0) == 2
    assert section_at([], 10.0) is None
