"""Render the trainer's screens offscreen at 1280×800 into ``docs/screenshots/``:
authoring mode (preview and problems; coverage) and installing a content pack (what the
pack is; the question for an unsigned pack).

    .venv/bin/python scripts/authoring_screenshots.py [--out DIR]

It works on a copy of the shipped content with a draft quiz that has mistakes (so the
Problems list has something to show) and one indicator that no question trains yet, and
on a throw-away data folder. Nothing outside the temporary folder is touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox, QWidget

from trainer.core.loader import load_library
from trainer.core.packs import (
    build_pack,
    generate_keypair,
    install_pack,
    sign_pack,
    trust_key,
    verify_pack,
)
from trainer.core.paths import shipped_content_dir
from trainer.core.progress import ProgressStore
from trainer.ui.app import install_translators
from trainer.ui.authoring import AuthoringWindow
from trainer.ui.authoring.coverage import COVERAGE_COLUMNS
from trainer.ui.main_window import MainWindow
from trainer.ui.settings import AppSettings
from trainer.ui.theme import Theme, apply_theme, current_colors

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 800)
PREVIEW_MODULE = "reading-indicators"

DRAFT_QUIZ = """---
kind: quiz
id: quiz-online-recruitment
title: Recruitment online
module: trafficking-terrorism-nexus
mode: practice
pass_mark: 70
version: 1
language: en
---

# Recruitment online

## Scenario: A message thread on a seized phone

A sixteen-year-old's phone holds months of messages from an older "friend" who
offers money, a job abroad and a family that will look after him.

### Question: Which detail is an indicator of recruitment?
Id: online-offer
Type: single
Indicators: deceived-about-nature-of-wrk

- [x] A job abroad offered by someone he has never met.
  Indicators: deceived-about-nature-of-wrk
  An offer too good to be true, from a stranger, is a classic lure.
- [ ] He uses a messaging app.
  Most young people do; on its own it indicates nothing.

### Question: A single message proves recruitment.
Id: online-proof
Type: true-false

- [ ] True
- [x] False
  No single message is proof; look at the whole thread and its context.
"""

UNTRAINED = """
  - id: groomed-online-for-recruitment
    name: Groomed online for recruitment
    dimension: armed-terrorist-groups
    strength: medium
    description: >-
      Someone builds trust with a young person online, then offers belonging, money or a
      cause, and moves them towards travel or violence.
    observe:
      - Months of messages from an older contact who offers money or a new family.
    sources: [osce-2021-thb-terrorism]
"""


def settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def save(pixmap: QPixmap, out: Path, name: str) -> None:
    target = out / f"{name}.png"
    pixmap.save(str(target))
    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)


def with_box(window: QWidget, box: QMessageBox, app: QApplication) -> QPixmap:
    """The window with ``box`` over its middle, as it appears on screen: the offscreen
    platform draws no window frame, so a plain title bar with the box's title is drawn
    above it."""
    box.show()
    settle(app)
    box.adjustSize()
    settle(app)
    picture = window.grab()
    dialog = box.grab()
    box.hide()
    colors = current_colors()
    font = QFont(box.font())
    font.setBold(True)
    bar = QFontMetrics(font).height() + 14
    width, height = dialog.width(), dialog.height() + bar
    corner = QPoint((picture.width() - width) // 2, (picture.height() - height) // 3)
    painter = QPainter(picture)
    painter.fillRect(QRect(corner + QPoint(6, 6), QSize(width, height)), QColor(0, 0, 0, 40))
    title = QRect(corner, QSize(width, bar))
    painter.fillRect(title, QColor(colors.alt_surface))
    painter.setFont(font)
    painter.setPen(QColor(colors.text))
    painter.drawText(
        title.adjusted(12, 0, -12, 0), Qt.AlignmentFlag.AlignVCenter, box.windowTitle()
    )
    painter.drawPixmap(corner + QPoint(0, bar), dialog)
    painter.setPen(QPen(QColor(colors.border), 1))
    painter.drawRect(QRect(corner, QSize(width, height)).adjusted(0, 0, -1, -1))
    painter.end()
    return picture


def authoring(content: Path, out: Path, app: QApplication) -> None:
    window = AuthoringWindow(content)
    window.resize(*SIZE)
    window.show()
    while not window.loaded_once:
        app.processEvents()
    window.tree.select(("module", PREVIEW_MODULE))
    reader = window.preview.reader
    if reader is not None and reader.showing_warning():
        reader.warning_continue.click()
    settle(app)
    if reader is not None:
        reader.go_to_section(1)
    window.problems.table.setFocus()
    save(window.grab(), out, "authoring")

    window.tabs.setCurrentWidget(window.coverage)
    window.splitter.setSizes([380, 420])
    window.tree.select(("taxonomy", "core-indicators"))
    coverage = window.coverage
    coverage.tree.sortByColumn(COVERAGE_COLUMNS["questions"], Qt.SortOrder.AscendingOrder)
    untrained = set(coverage.untrained())
    for key, item in coverage._indicator_items():
        dimension = item.parent()
        if key in untrained and dimension is not None:
            # Select its dimension, so the highlight of the untrained row shows.
            coverage.tree.setCurrentItem(dimension)
            coverage.tree.scrollToItem(dimension, QAbstractItemView.ScrollHint.PositionAtTop)
    coverage.tree.setFocus()
    settle(app)
    save(window.grab(), out, "authoring-coverage")
    window.close()


def pack_install(content: Path, temp: Path, out: Path, app: QApplication) -> None:
    data = temp / "data"
    store = ProgressStore.open(data)
    try:
        window = MainWindow(load_library(content), store, AppSettings(data))
        window.resize(*SIZE)
        window.show()
        window.set_profile(store.create_profile("Sam").profile_id)
        settle(app)

        source = temp / "academy"
        shutil.copytree(ROOT / "tests" / "fixtures" / "library", source)
        library_file = source / "library.yaml"
        library_file.write_text(
            library_file.read_text("utf-8")
            .replace("id: fixture-library", "id: border-academy")
            .replace("title: Fixture library", "title: Border Academy — first contact")
            .replace("version: 1.0.0", "version: 1.2.0")
            .replace("publisher: Test suite", "publisher: Border Academy"),
            "utf-8",
        )
        key = generate_keypair(temp / "keys" / "academy.key")
        trust_key(data, key.public_path)
        older = temp / "academy-1.1.0.zip"
        library_file.write_text(library_file.read_text("utf-8").replace("1.2.0", "1.1.0"), "utf-8")
        build_pack(source, older)
        sign_pack(older, key.private_path)
        install_pack(older, data, lambda _q: False)
        library_file.write_text(library_file.read_text("utf-8").replace("1.1.0", "1.2.0"), "utf-8")
        signed = temp / "academy-1.2.0.zip"
        build_pack(source, signed)
        sign_pack(signed, key.private_path)
        report = verify_pack(signed, data)
        save(with_box(window, window.packs.confirm_box(report), app), out, "pack-install")

        unsigned = temp / "academy-unsigned.zip"
        build_pack(source, unsigned)
        question = (
            "'Border Academy — first contact' version 1.2.0 from 'Border Academy' is not "
            "signed: nobody can tell who made it or whether it was changed on the way. "
            "Install it only if it came straight from a trainer you know. Install anyway?"
        )
        save(
            with_box(window, window.packs.question_box(question), app),
            out,
            "pack-install-unsigned",
        )
        window.close()
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_translators(app)  # English plural forms, as in the app
    apply_theme(Theme.LIGHT, 100)
    with tempfile.TemporaryDirectory(prefix="trainer-shots-") as folder:
        temp = Path(folder)
        content = temp / "content"
        shutil.copytree(shipped_content_dir(), content)
        (content / "quizzes" / "draft-online-recruitment.md").write_text(DRAFT_QUIZ, "utf-8")
        taxonomy = content / "taxonomy" / "indicators.yaml"
        taxonomy.write_text(taxonomy.read_text("utf-8") + UNTRAINED, "utf-8")
        authoring(content, out, app)
        pack_install(shipped_content_dir(), temp, out, app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
