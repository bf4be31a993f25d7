"""The user-interface tests run with the app's English catalogue installed, as the app
does at start-up (`install_translators`): it gives the singular forms of the messages
written with ``%n`` ("1 question", not "1 questions")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from trainer.ui.app import install_translators


@pytest.fixture(scope="session", autouse=True)
def english_catalogue(qapp: QApplication) -> Iterator[None]:
    installed = install_translators(qapp, QLocale("en"))
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
