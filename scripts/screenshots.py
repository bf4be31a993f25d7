"""Render every main screen of the learner app offscreen at 1280×800 into
``docs/screenshots/*.png``.

    .venv/bin/python scripts/screenshots.py [--out DIR] [--content DIR]

It uses a copy of the shipped content (plus one deliberately broken draft module, so
the content problems panel has something to show) and a throw-away data folder with
three learners and some progress. Nothing outside the temporary folder is touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QAbstractSlider, QApplication, QWidget

from trainer.core.loader import load_library
from trainer.core.paths import shipped_content_dir
from trainer.core.progress import ProgressStore
from trainer.ui.main_window import MainWindow
from trainer.ui.settings import AppSettings
from trainer.ui.theme import Theme, apply_theme
from trainer.ui.training_screenshots import training_screens

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 800)
READ_MODULE = "trafficking-terrorism-nexus"
DRAFT = """---
kind: module
id: draft-module
title: A draft module
track: foundations
order: 99
summary: A module still being written.
estimated_minutes: 5
language: en
audience: [police]
objectives:
  - Show what a content problem looks like.
indicators: [document-retension]
sources:
  - title: Draft
    publisher: Example
---

# A draft module

## Only section

Text.
"""


def settle(app: QApplication) -> None:
    """Let the window finish what it does in steps (a long lesson is rendered in parts),
    as it would in the moment before someone looks at it."""
    finish = time.monotonic() + 0.3
    while time.monotonic() < finish:
        app.processEvents()


def save(widget: QWidget, out: Path, name: str, app: QApplication) -> Path:
    settle(app)
    target = out / f"{name}.png"
    widget.grab().save(str(target))
    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
    return target


def seed_progress(store: ProgressStore, profile_id: str, window: MainWindow) -> None:
    """Some reading and one finished quiz, so the library shows every status."""
    library = window.library
    store.mark_module_complete(profile_id, "what-is-trafficking")
    first = library.modules.get("reading-indicators")
    if first is not None and first.sections:
        for section in first.sections[:3]:
            store.mark_section_read(profile_id, first.id, section.id)
    quiz = library.quizzes.get("quiz-act-means-purpose")
    if quiz is not None:
        when = datetime.now(UTC) - timedelta(days=1)
        ids = [q.id for q in quiz.questions]
        session = store.start_session(
            profile_id, quiz.id, "practice", ids, 7, quiz.content_version, started_at=when
        )
        store.finish_session(
            session, len(ids) * 0.8, float(len(ids)), True, finished_at=when + timedelta(minutes=9)
        )


def quiz_screens(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    try:
        from trainer.ui.quiz.screenshots import quiz_screens as screens
    except ImportError:
        return
    window.ensure_quiz_page()
    yield from screens(window)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--content", type=Path, default=shipped_content_dir())
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="trainer-shots-") as temp:
        content = Path(temp) / "content"
        shutil.copytree(args.content, content)
        (content / "modules" / "99-draft.md").write_text(DRAFT, encoding="utf-8")
        data = Path(temp) / "data"
        store = ProgressStore.open(data)
        try:
            settings = AppSettings(data)
            apply_theme(Theme.LIGHT, 100)
            library = load_library(content)
            window = MainWindow(library, store, settings)
            window.resize(*SIZE)
            window.show()
            save(window, out, "01-first-launch", app)

            for name in ("Amira", "Jonas"):
                store.create_profile(name)
            window.profile_page.name_form.field.setText("Sam")
            window.profile_page.create_button.click()
            assert window.profile_id is not None
            sam = window.profile_id
            seed_progress(store, sam, window)
            window.show_profiles()
            save(window, out, "02-choose-learner", app)

            window.set_profile(sam)
            window.library_page.problems.set_expanded(True)
            window.library_page.select_module("reading-indicators")
            save(window, out, "03-library", app)
            window.library_page.search.setText("forced marriage")
            save(window, out, "04-library-search", app)
            window.library_page.search.clear()
            window.library_page.problems.set_expanded(False)

            window.open_module(READ_MODULE)
            save(window, out, "05-content-warning", app)
            window.reader_page.warning_continue.click()
            settle(app)
            window.reader_page.go_to_section(1)
            save(window, out, "06-reader", app)
            for theme, name in (
                (Theme.DARK, "07-reader-dark"),
                (Theme.HIGH_CONTRAST, "08-reader-high-contrast"),
            ):
                window.set_theme(theme)
                window.reader_page.go_to_section(1)
                save(window, out, name, app)
            window.set_theme(Theme.DARK)
            window.show_library()
            save(window, out, "09-library-dark", app)
            window.set_theme(Theme.LIGHT)
            window.open_module("what-is-trafficking")
            settle(app)
            reader = window.reader_page
            if reader.showing_warning():
                reader.warning_continue.click()
                settle(app)
            bar = reader.browser.verticalScrollBar()
            bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)  # as a learner
            save(window, out, "10-reader-end", app)

            number = 11
            for name, widget in quiz_screens(window):
                save(widget, out, f"{number:02d}-{name}", app)
                number += 1
            window.show_library()
            for name, widget in training_screens(window):
                save(widget, out, f"{number:02d}-{name}", app)
                number += 1
            window.close()
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
