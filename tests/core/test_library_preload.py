"""The library read in the background before the user interface is imported."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

import pytest

from trainer.core import library_preload
from trainer.core.content_cache import CACHE_DIR, CACHE_FILE
from trainer.core.library_preload import LibraryPreload, start_preload
from trainer.core.loader import load_library
from trainer.core.model import Library


def test_the_preload_reads_the_given_content_through_the_cache(
    fixture_library: Path, data_dir: Path
) -> None:
    args = argparse.Namespace(content=fixture_library, data_dir=data_dir)
    preload = start_preload(args)
    preload.allow_parsing()
    assert preload.data_dir == data_dir
    library = preload.result(timeout=60)
    assert library == load_library(fixture_library)
    assert preload.roots == (fixture_library,)
    assert preload.seconds > 0
    assert (data_dir / CACHE_DIR / CACHE_FILE).is_file()


def test_what_reading_raised_is_raised_to_whoever_asks(
    fixture_library: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(roots: list[Path], cache_folder: Path | None, *_: object) -> Library:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(library_preload, "load_for_app", broken)
    preload = LibraryPreload(argparse.Namespace(content=fixture_library), data_dir).start()
    with pytest.raises(RuntimeError, match="the disk went away"):
        preload.result(timeout=60)
    assert preload.roots == (fixture_library,)


def test_asking_too_early_with_a_timeout_says_so(
    fixture_library: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = library_preload.load_for_app

    def slow(roots: list[Path], cache_folder: Path | None, *_: object) -> Library:
        release.wait(60)
        return real(roots, cache_folder)

    monkeypatch.setattr(library_preload, "load_for_app", slow)
    preload = LibraryPreload(argparse.Namespace(content=fixture_library), data_dir).start()
    with pytest.raises(TimeoutError):
        preload.result(timeout=0.05)
    release.set()
    assert preload.result(timeout=60).modules


def test_files_outside_the_cache_are_parsed_only_once_the_app_allows_it(
    fixture_library: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_preload, "PARSE_WAIT_SECONDS", 60.0)
    args = argparse.Namespace(content=fixture_library, data_dir=data_dir)
    first = LibraryPreload(args, data_dir).start()  # no cache yet: everything is parsed
    with pytest.raises(TimeoutError):
        first.result(timeout=0.3)  # waiting for the window
    first.allow_parsing()
    assert first.result(timeout=60) == load_library(fixture_library)
    # With every file in the cache, nothing waits.
    again = LibraryPreload(args, data_dir).start()
    assert again.result(timeout=60) == load_library(fixture_library)


def test_the_loader_paces_itself_before_each_file(fixture_library: Path, data_dir: Path) -> None:
    from trainer.core.content_cache import ContentCache

    asked: list[bool] = []
    library = load_library(fixture_library, cache=ContentCache(data_dir), pace=asked.append)
    # Before each file, and again before parsing it: nothing is in the cache yet.
    assert asked == [False, True] * library.file_count
    asked.clear()
    load_library(fixture_library, cache=ContentCache(data_dir), pace=asked.append)
    assert asked == [False] * library.file_count  # all from the cache


def test_a_paused_reading_waits_until_resumed(fixture_library: Path, data_dir: Path) -> None:
    args = argparse.Namespace(content=fixture_library, data_dir=data_dir)
    preload = LibraryPreload(args, data_dir)
    preload.allow_parsing()
    preload.pause()
    preload.start()
    with pytest.raises(TimeoutError):
        preload.result(timeout=0.3)
    preload.resume()
    assert preload.result(timeout=60) == load_library(fixture_library)
