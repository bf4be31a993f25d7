"""The content cache: a cached load gives exactly what a full parse gives, problems
included; a stale, damaged or deleted cache is simply not used; changed files are parsed
again; checks that depend on other files run on every load."""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_CONTENT
from trainer.core import content_cache
from trainer.core.content_cache import (
    CACHE_FILE,
    ContentCache,
    decode_record,
    encode_record,
    fingerprint,
)
from trainer.core.loader import IndexedLibrary, load_library
from trainer.core.model import DeferredScenarios, Library, Severity


def load_twice(root: Path, cache_dir: Path) -> tuple[Library, Library, ContentCache]:
    """A load that fills the cache, then one served from it."""
    first = load_library(root, cache=ContentCache(cache_dir))
    cache = ContentCache(cache_dir)
    second = load_library(root, cache=cache)
    return first, second, cache


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("which", ["fixture", "shipped"])
def test_a_cached_load_equals_a_full_parse(
    which: str, fixture_library: Path, tmp_path: Path
) -> None:
    root = fixture_library if which == "fixture" else SHIPPED_CONTENT
    plain = load_library(root)
    first, cached, cache = load_twice(root, tmp_path / "cache")
    assert cache.hits == plain.file_count and cache.misses == 0
    assert first == plain and cached == plain
    assert cached.problems == plain.problems
    for module_id, module in plain.modules.items():
        assert cached.modules[module_id].body == module.body
    assert (tmp_path / "cache" / CACHE_FILE).is_file()


def test_cached_quizzes_unpack_their_questions_only_when_asked(
    fixture_library: Path, tmp_path: Path
) -> None:
    plain = load_library(fixture_library)
    _first, cached, _cache = load_twice(fixture_library, tmp_path / "cache")
    assert cached.quizzes
    for quiz_id, quiz in cached.quizzes.items():
        scenarios = quiz.scenarios
        assert isinstance(scenarios, DeferredScenarios)
        # What the library screen shows comes without unpacking anything.
        expected = plain.quizzes[quiz_id]
        assert quiz.question_count == expected.question_count == len(expected.questions)
        assert quiz.indicator_ids == expected.indicator_ids
        assert expected.indicator_ids  # every fixture quiz trains some indicator
        assert not scenarios.unpacked
        # Anything else unpacks them, once, into what parsing gives.
        assert quiz.questions == expected.questions
        assert scenarios.unpacked
        assert quiz.scenarios == expected.scenarios and expected.scenarios == quiz.scenarios
        assert hash(quiz) == hash(expected)
        assert quiz.scenario_of(quiz.questions[0]) == expected.scenarios[0]


def test_every_kind_of_record_round_trips() -> None:
    library = load_library(SHIPPED_CONTENT)
    values = [
        *library.modules.values(),
        *library.quizzes.values(),
        *library.taxonomies,
    ]
    assert library.info is not None
    values.append(library.info)
    for value in values:
        body = value.body if hasattr(value, "body") else ""
        assert decode_record(encode_record(value), body) == value


def test_problems_are_still_reported_on_a_cached_load(
    fixture_library: Path, tmp_path: Path
) -> None:
    module = fixture_library / "modules" / "second-module.md"
    text = module.read_text("utf-8")
    # A problem in the file itself (unknown setting) and one found across files
    # (an unknown indicator).
    text = text.replace("indicators: []", "colour: blue\nindicators: [no-such-one]")
    module.write_text(text, encoding="utf-8")
    plain = load_library(fixture_library)
    messages = [p.message for p in plain.problems]
    assert any("unknown setting 'colour'" in m for m in messages)
    assert any("unknown indicator 'no-such-one'" in m for m in messages)
    _first, cached, cache = load_twice(fixture_library, tmp_path / "cache")
    assert cache.misses == 0
    assert cached.problems == plain.problems
    assert "second-module" not in cached.modules  # still left out for its error


def test_cross_references_are_checked_again_when_another_file_changes(
    fixture_library: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    assert not load_library(fixture_library, cache=ContentCache(cache_dir)).errors
    taxonomy = fixture_library / "taxonomy" / "indicators.yaml"
    taxonomy.write_text(
        taxonomy.read_text("utf-8").replace("id: debt-bondage", "id: debt-bond"), "utf-8"
    )
    cache = ContentCache(cache_dir)
    library = load_library(fixture_library, cache=cache)
    assert cache.misses == 1  # only the taxonomy was parsed again
    assert library.problems == load_library(fixture_library).problems
    assert any("unknown indicator 'debt-bondage'" in p.message for p in library.errors)


def test_a_deleted_picture_is_reported_on_a_cached_load(
    fixture_library: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    assert not load_library(fixture_library, cache=ContentCache(cache_dir)).errors
    (fixture_library / "modules" / "images" / "checklist.png").unlink()
    cache = ContentCache(cache_dir)
    library = load_library(fixture_library, cache=cache)
    assert cache.misses == 0
    assert library.problems == load_library(fixture_library).problems
    assert any("does not exist" in p.message for p in library.errors)
    assert "reading-indicators" not in library.modules


def test_a_changed_file_is_parsed_again_even_with_the_same_size_and_time(
    fixture_library: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    load_library(fixture_library, cache=ContentCache(cache_dir))
    module = fixture_library / "modules" / "second-module.md"
    stat = module.stat()
    text = module.read_text("utf-8")
    changed = text.replace("title: A second module", "title: A second lesson")
    assert len(changed) == len(text)
    module.write_text(changed, encoding="utf-8")
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time
    cache = ContentCache(cache_dir)
    library = load_library(fixture_library, cache=cache)
    assert cache.misses == 1
    assert library.modules["second-module"].title == "A second lesson"
    assert library == load_library(fixture_library)
    # ...and the cache now holds the new text: the next load takes everything from it.
    again = ContentCache(cache_dir)
    assert load_library(fixture_library, cache=again).modules["second-module"].title == (
        "A second lesson"
    )
    assert again.misses == 0


def test_new_and_removed_files(fixture_library: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    load_library(fixture_library, cache=ContentCache(cache_dir))
    (fixture_library / "modules" / "second-module.md").unlink()
    shutil.copy(
        fixture_library / "quizzes" / "reading-indicators.md",
        fixture_library / "quizzes" / "copy.md",
    )
    cache = ContentCache(cache_dir)
    library = load_library(fixture_library, cache=cache)
    assert cache.misses == 1
    assert library == load_library(fixture_library)
    assert any("already used" in p.message for p in library.errors)
    stored = ContentCache(cache_dir).stored
    assert not any(key.endswith("second-module.md") for key in stored)
    assert any(key.endswith("copy.md") for key in stored)


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    elif how == "garbage":
        path.write_bytes(os.urandom(4096))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "folder":
        path.unlink()
        path.mkdir()


@pytest.mark.parametrize("how", ["truncated", "flipped", "garbage", "empty", "folder"])
def test_a_damaged_cache_is_ignored(fixture_library: Path, tmp_path: Path, how: str) -> None:
    cache_dir = tmp_path / "cache"
    expected = load_library(fixture_library, cache=ContentCache(cache_dir))
    damage(cache_dir / CACHE_FILE, how)
    cache = ContentCache(cache_dir)
    assert load_library(fixture_library, cache=cache) == expected
    assert cache.hits == 0
    if how != "folder":  # a folder in the way is left alone; the cache is just not kept
        assert ContentCache(cache_dir).stored  # written again, whole


def rewrite(path: Path, document: object) -> None:
    """A cache file with a valid checksum around ``document``."""
    payload = marshal.dumps(document)
    head = path.read_bytes()[: len(content_cache._MAGIC)]
    path.write_bytes(head + hashlib.sha256(payload).digest() + payload)


def test_a_cache_from_another_version_or_parser_is_ignored(
    fixture_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    expected = load_library(fixture_library, cache=ContentCache(cache_dir))
    assert ContentCache(cache_dir).stored
    monkeypatch.setattr(content_cache, "FORMAT", content_cache.FORMAT + 1)
    assert not ContentCache(cache_dir).stored
    cache = ContentCache(cache_dir)
    assert load_library(fixture_library, cache=cache) == expected
    assert cache.hits == 0 and cache.misses == expected.file_count


def test_entries_of_the_wrong_shape_are_parsed_instead(
    fixture_library: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    expected = load_library(fixture_library, cache=ContentCache(cache_dir))
    path = cache_dir / CACHE_FILE
    entries = dict(ContentCache(cache_dir).stored)
    keys = sorted(entries)
    entries[keys[0]] = ("not", "an", "entry")
    size, sha, length, kind, declared, problems, refs, links, record = entries[keys[1]]
    entries[keys[1]] = (size, sha, length, kind, declared, problems, refs, links, ("odd", ()))
    size, sha, length, kind, declared, problems, refs, links, record = entries[keys[2]]
    entries[keys[2]] = (
        size,
        sha,
        length,
        kind,
        declared,
        problems,
        (("zz", "x", 1, 1),),
        links,
        record,
    )
    entries[keys[3]] = (str(entries[keys[3]][0]), *entries[keys[3]][1:])  # a size as text
    rewrite(path, (fingerprint(), (marshal.dumps(entries),)))
    cache = ContentCache(cache_dir)
    assert load_library(fixture_library, cache=cache) == expected
    assert cache.misses == 4 and cache.hits == expected.file_count - 4


def test_deleting_the_cache_is_safe(fixture_library: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    expected = load_library(fixture_library, cache=ContentCache(cache_dir))
    shutil.rmtree(cache_dir)
    cache = ContentCache(cache_dir)
    assert load_library(fixture_library, cache=cache) == expected
    assert cache.misses == expected.file_count
    assert (cache_dir / CACHE_FILE).is_file()
    ContentCache(cache_dir).clear()
    assert not (cache_dir / CACHE_FILE).exists()


def test_a_cache_that_cannot_be_written_is_not_an_error(
    fixture_library: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "file-in-the-way"
    blocked.write_text("not a folder", encoding="utf-8")
    cache = ContentCache(blocked / "cache")
    library = load_library(fixture_library, cache=cache)
    assert library == load_library(fixture_library)
    assert not cache.save()
    assert not list(tmp_path.glob("**/*.tmp"))


def test_nothing_is_written_when_nothing_changed(fixture_library: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    load_library(fixture_library, cache=ContentCache(cache_dir))
    before = (cache_dir / CACHE_FILE).stat().st_mtime_ns
    cache = ContentCache(cache_dir)
    load_library(fixture_library, cache=cache)
    assert not cache.changed
    assert (cache_dir / CACHE_FILE).stat().st_mtime_ns == before


def test_several_roots_are_cached_apart(fixture_library: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(fixture_library, other)
    roots = [fixture_library, other]
    plain = load_library(roots)
    first = load_library(roots, cache=ContentCache(tmp_path / "cache"))
    again = ContentCache(tmp_path / "cache")
    both = load_library(roots, cache=again)
    assert first == plain and both == plain
    assert both.problems == plain.problems  # paths shown with their root
    assert again.hits == plain.file_count


def test_the_indexed_library_answers_like_the_model(fixture_library: Path) -> None:
    library = load_library(SHIPPED_CONTENT)
    assert isinstance(library, IndexedLibrary)
    plain = Library(
        roots=library.roots,
        info=library.info,
        modules=library.modules,
        quizzes=library.quizzes,
        indicators=library.indicators,
        dimensions=library.dimensions,
        tracks=library.tracks,
        taxonomies=library.taxonomies,
        problems=library.problems,
        file_count=library.file_count,
    )
    for track in [*library.tracks, "no-such-track"]:
        track_id = track if isinstance(track, str) else track.id
        assert library.modules_in_track(track_id) == plain.modules_in_track(track_id)
    for module_id in [*library.modules, "no-such-module"]:
        assert library.quizzes_for_module(module_id) == plain.quizzes_for_module(module_id)


LAZY = """
import sys
from pathlib import Path
from trainer.core.content_cache import ContentCache
from trainer.core.loader import load_library
assert "yaml" not in sys.modules and "markdown" not in sys.modules, "imported at start"
library = load_library(Path(sys.argv[1]), cache=ContentCache(Path(sys.argv[2])))
print(len(library.modules), "yaml" in sys.modules, "markdown" in sys.modules)
"""


def test_a_load_from_the_cache_needs_no_yaml_or_markdown(
    fixture_library: Path, tmp_path: Path
) -> None:
    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", LAZY, str(fixture_library), str(tmp_path / "cache")],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert run() == ["2", "True", "True"]  # the first load parses
    assert run() == ["2", "False", "False"]  # the next is served from the cache


def test_problems_keep_their_severity(fixture_library: Path, tmp_path: Path) -> None:
    write(fixture_library, "modules/notes.md", "no front matter here\n")
    _first, cached, _cache = load_twice(fixture_library, tmp_path / "cache")
    [warning] = [p for p in cached.problems if p.path == "modules/notes.md"]
    assert warning.severity is Severity.WARNING


def test_a_cache_of_the_wrong_shape_is_ignored(fixture_library: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    expected = load_library(fixture_library, cache=ContentCache(cache_dir))
    path = cache_dir / CACHE_FILE
    for document in (
        (fingerprint(), (marshal.dumps(["not", "a", "dict"]),)),
        (fingerprint(), {"not": "chunks"}),
        (fingerprint(), (b"not marshal",)),
        ("just", "strings", "here"),
    ):
        rewrite(path, document)
        cache = ContentCache(cache_dir)
        assert load_library(fixture_library, cache=cache) == expected
        assert cache.hits == 0
