"""Which content library names things in exports and reports (Qt-free)."""

from __future__ import annotations

import os
from pathlib import Path

from trainer.core.packs.folders import installed_content_dirs
from trainer.core.paths import CONTENT_DIR_ENV, shipped_content_dir

__all__ = ["content_roots"]


def content_roots(content: Path | None, data_dir: Path) -> list[Path]:
    """``content`` when given, else ``$TRAINER_CONTENT_DIR``, else the shipped curriculum
    followed by the packs installed in ``data_dir`` -- the folders the app loads."""
    if content is not None:
        return [Path(content).expanduser()]
    override = os.environ.get(CONTENT_DIR_ENV, "").strip()
    if override:
        return [Path(override).expanduser()]
    return [shipped_content_dir(), *installed_content_dirs(data_dir)]
