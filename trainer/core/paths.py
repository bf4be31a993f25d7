"""Where the trainer keeps its per-user data."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "CONTENT_DIR_ENV",
    "DATA_DIR_ENV",
    "default_data_dir",
    "shipped_content_dir",
]

APP_NAME = "officer-trainer"
#: Environment variable that overrides the data folder (tests, portable installs).
DATA_DIR_ENV = "TRAINER_DATA_DIR"
#: Environment variable that names the content folder to load instead of the shipped one.
CONTENT_DIR_ENV = "TRAINER_CONTENT_DIR"


def default_data_dir() -> Path:
    """The per-user data folder, or ``$TRAINER_DATA_DIR`` when that is set.

    Linux: ``~/.local/share/officer-trainer``; Windows:
    ``%LOCALAPPDATA%\\officer-trainer``; macOS:
    ``~/Library/Application Support/officer-trainer``.
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def shipped_content_dir() -> Path:
    """The curriculum that ships with the trainer (``content/`` beside the package)."""
    return Path(__file__).resolve().parents[2] / "content"
