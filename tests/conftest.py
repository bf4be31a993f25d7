"""Shared test set-up: Qt runs offscreen, and fixtures for content and data folders."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt must never try to open a real display in tests, and must never find a user's config.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

FIXTURES = Path(__file__).parent / "fixtures"
SHIPPED_CONTENT = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture
def fixture_library(tmp_path: Path) -> Path:
    """A private copy of the small fixture library (tests may break its files)."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "library", target)
    return target


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder, also set as $TRAINER_DATA_DIR so nothing touches the real one."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("TRAINER_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def close_leftover_windows() -> Iterator[None]:
    """After a test that used Qt, close and delete every window it left open.

    Leftover widgets pile up across hundreds of tests; an application-wide restyle in a
    later test would then re-polish them all, and one in a half-torn-down state can crash
    the interpreter. Tests without Qt are not touched (no QApplication is created).
    """
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
