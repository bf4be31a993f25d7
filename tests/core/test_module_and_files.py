"""Module rules, file-level rules (encoding, size, front matter, YAML) and the loader."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.core.helpers import FIXTURE, library_with, only_problem, problems_in
from trainer.core.loader import load_library
from trainer.core.model import Severity
from trainer.core.textfile import MAX_FILE_BYTES

MODULE = (FIXTURE / "modules" / "second-module.md").read_text(encoding="utf-8")
PATH = "modules/second-module.md"


def test_fixture_library_is_clean() -> None:
    library = load_library(FIXTURE)
    assert library.problems == ()
    assert set(library.modules) == {"reading-indicators", "second-module"}
    module = library.modules["reading-indicators"]
    assert [s.title for s in module.sections] == [
        "Strong, medium and weak",
        "Context",
        "What to do",
        "What not to do",
    ]
    assert module.sections[0].id == "strong-medium-and-weak"
    assert module.content_warning and module.track == "basics"
    assert library.modules_in_track("basics")[0].id == "reading-indicators"


def test_documented_example_is_the_fixture_quiz() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "content-format.md").read_text("utf-8")
    start = doc.index("````markdown\n") + len("````markdown\n")
    example = doc[start : doc.index("````", start)]
    assert example == (FIXTURE / "quizzes" / "reading-indicators.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "fragment"),
    [
        ("id: second-module", "id: Second Module", 3, 5, "not a valid id"),
        ("track: basics", "track: basic", 5, 8, "unknown track 'basic' (did you mean 'basics'?)"),
        ("order: 2\n", "", 2, 1, "has no 'order'"),
        ("estimated_minutes: 5", "estimated_minutes: five", 8, 20, "a whole number"),
        ("audience: [all]", "audience: [polise]", 10, 12, "unknown audience 'polise'"),
        ("indicators: []", "indicators: [dept-bondage]", 13, 14, "did you mean 'debt-bondage'"),
        ("(module:reading-indicators)", "(module:reading)", 24, 11, "unknown module 'reading'"),
        ("(quiz:quiz-reading-indicators)", "(quiz:nope)", 25, 1, "unknown quiz 'nope'"),
        (
            "title: A second module",
            "title: A second: module",
            4,
            16,
            "put text that contains a colon",
        ),
        ("title: A second module\n", "title: A second module\ntitle: again\n", 5, 1, "set twice"),
        ("kind: module", "kind: modul", 2, 7, "did you mean 'module'"),
    ],
)
def test_module_rules(
    tmp_path: Path, old: str, new: str, line: int, column: int, fragment: str
) -> None:
    assert old in MODULE
    library = library_with(tmp_path, {PATH: MODULE.replace(old, new, 1)})
    found = problems_in(library, PATH)
    assert found, "expected a problem"
    assert (found[0].line, found[0].column) == (line, column), found[0].format()
    assert fragment in found[0].message


def test_pictures_and_links(tmp_path: Path) -> None:
    body = MODULE + (
        "\n![](images/../images/missing.png)\n"
        "![outside](../../../../etc/x.png)\n"
        "![remote](https://example.org/x.png)\n"
        "[gone](nowhere.md)\n"
        "[script](javascript:alert(1))\n"
    )
    found = [p.format() for p in problems_in(library_with(tmp_path, {PATH: body}), PATH)]
    assert found == [
        f"{PATH}:27:1: warning: the picture has no description; write one between the "
        "brackets for screen-reader users",
        f"{PATH}:27:1: error: the picture 'images/../images/missing.png' does not exist",
        f"{PATH}:28:1: error: the picture '../../../../etc/x.png' is outside the content folder; "
        "keep pictures inside it",
        f"{PATH}:29:1: warning: the picture 'https://example.org/x.png' is not in the content "
        "folder and will not be shown; copy it into the folder and link to the copy",
        f"{PATH}:30:1: error: the linked file 'modules/nowhere.md' does not exist",
        f"{PATH}:31:1: warning: links starting 'javascript:' are removed for safety; use a web "
        "address instead",
    ]


def test_invalid_utf8_names_line_and_column(tmp_path: Path) -> None:
    library = library_with(tmp_path, {})
    (tmp_path / "lib" / PATH).write_bytes(MODULE.encode()[:40] + b"\n  caf\xe9\n")
    problem = only_problem(load_library(tmp_path / "lib"), PATH)
    assert (problem.line, problem.column) == (5, 6)
    assert "not valid UTF-8" in problem.message
    assert "reading-indicators" in library.modules


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    library_with(tmp_path, {})
    data = "\ufeff" + MODULE.replace("\n", "\r\n")
    (tmp_path / "lib" / PATH).write_bytes(data.encode("utf-8"))
    library = load_library(tmp_path / "lib")
    assert problems_in(library, PATH) == []
    assert library.modules["second-module"].sections[0].line == 22


def test_oversized_file_is_refused_quickly(tmp_path: Path) -> None:
    library_with(tmp_path, {})
    big = tmp_path / "lib" / "modules" / "big.md"
    big.write_bytes(b"---\n" + b"x" * (20 * 1024 * 1024))
    started = time.perf_counter()
    library = load_library(tmp_path / "lib")
    assert time.perf_counter() - started < 1.0
    problem = only_problem(library, "modules/big.md")
    assert (
        "the limit is" in problem.message and f"{MAX_FILE_BYTES // 1_048_576} MB" in problem.message
    )
    assert "reading-indicators" in library.modules


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("[" * 10_000, "'[' characters"),
        ("\n".join("  " * i + "- a" for i in range(10_000))[:1_900_000], "nested more than"),
        (">" * 10_000 + " deep", "nested more than"),
    ],
)
def test_pathological_bodies_are_bounded(tmp_path: Path, body: str, fragment: str) -> None:
    started = time.perf_counter()
    library = library_with(tmp_path, {PATH: MODULE + body})
    assert time.perf_counter() - started < 1.0
    assert any(fragment in p.message for p in problems_in(library, PATH))


@pytest.mark.parametrize(
    ("yaml_text", "line", "fragment"),
    [
        ("kind: taxonomy\nid: x\nlist: &a [1]\nagain: *a\n", 3, "anchors and aliases"),
        ("kind: taxonomy\nid: [" + "[" * 5000 + "]" * 5001 + "\n", 1, "nested too deeply"),
        ("kind: taxonomy\n\tid: x\n", 2, "YAML syntax"),
        ("- just\n- a list\n", 1, "'name: value' settings"),
        ("kind: glossary\n", 1, "'kind: taxonomy' or 'kind: library'"),
    ],
)
def test_bad_yaml_files(tmp_path: Path, yaml_text: str, line: int, fragment: str) -> None:
    started = time.perf_counter()
    library = library_with(tmp_path, {"taxonomy/extra.yaml": yaml_text})
    assert time.perf_counter() - started < 1.0
    found = problems_in(library, "taxonomy/extra.yaml")
    assert found and found[0].severity is Severity.ERROR
    assert found[0].line == line, found[0].format()
    assert fragment in found[0].message
    assert len(library.indicators) == 4  # the good taxonomy still loads


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    lines = ["kind: taxonomy", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1}]")
    started = time.perf_counter()
    library = library_with(tmp_path, {"taxonomy/bomb.yaml": "\n".join(lines) + "\n"})
    assert time.perf_counter() - started < 1.0
    assert "anchors and aliases" in problems_in(library, "taxonomy/bomb.yaml")[0].message


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    copy = MODULE.replace("title: A second module", "title: A copy")
    library = library_with(tmp_path, {"modules/zz-copy.md": copy})
    problem = only_problem(library, "modules/zz-copy.md")
    assert (
        "module id 'second-module' is already used in modules/second-module.md" in problem.message
    )
    assert library.modules["second-module"].title == "A second module"


def test_markdown_without_front_matter(tmp_path: Path) -> None:
    library = library_with(
        tmp_path, {"README.md": "# Notes for trainers\n", "notes.md": "# Stray notes\n"}
    )
    assert problems_in(library, "README.md") == []
    assert "has no front matter" in only_problem(library, "notes.md").message


def test_unclosed_front_matter(tmp_path: Path) -> None:
    library = library_with(tmp_path, {"modules/open.md": "---\nkind: module\nid: open\n"})
    assert "never closed" in only_problem(library, "modules/open.md").message


def test_missing_library_file_still_loads(tmp_path: Path) -> None:
    library_with(tmp_path, {})
    (tmp_path / "lib" / "library.yaml").unlink()
    library = load_library(tmp_path / "lib")
    assert [t.id for t in library.tracks] == ["basics"]
    assert any("no library.yaml" in p.message for p in library.warnings)
    assert set(library.modules) == {"reading-indicators", "second-module"}


def test_missing_root_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    library = load_library(tmp_path / "absent")
    assert library.errors and "does not exist" in library.errors[0].message


def test_each_content_folder_brings_its_own_library_file(tmp_path: Path) -> None:
    library_with(tmp_path, {})
    pack = tmp_path / "pack"
    (pack / "modules").mkdir(parents=True)
    (pack / "library.yaml").write_text(
        (FIXTURE / "library.yaml")
        .read_text("utf-8")
        .replace("id: fixture-library", "id: extra-pack")
        .replace("id: basics", "id: extra")
        .replace("version: 1.0.0", "version: 2.1.0"),
        encoding="utf-8",
    )
    (pack / "modules" / "extra.md").write_text(
        MODULE.replace("id: second-module", "id: extra-module").replace(
            "track: basics", "track: extra"
        ),
        encoding="utf-8",
    )
    library = load_library([tmp_path / "lib", pack])
    assert library.errors == ()
    assert library.info is not None and library.info.id == "fixture-library"
    assert [i.id for i in library.infos] == ["fixture-library", "extra-pack"]
    assert [t.id for t in library.tracks] == ["basics", "extra"]
    origin = library.origin_of("module", "extra-module")
    assert origin is not None and (origin.id, origin.version) == ("extra-pack", "2.1.0")
    shipped = library.origin_of("quiz", "quiz-reading-indicators")
    assert shipped is not None and shipped.id == "fixture-library"


def test_two_library_files_in_one_folder(tmp_path: Path) -> None:
    text = (FIXTURE / "library.yaml").read_text("utf-8")
    library = library_with(tmp_path, {"zz/library.yaml": text})
    assert "already a library file" in only_problem(library, "zz/library.yaml").message
