"""Writing a file so that readers see either the old one or the complete new one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from trainer.core.packs.errors import PackIOError

__all__ = ["replacing"]


@contextmanager
def replacing(path: Path, mode: int = 0o644) -> Iterator[BinaryIO]:
    """Yield a temporary file beside ``path``; on success it is flushed to disk, given
    ``mode`` (a pack is for others to read) and renamed over ``path``. On any failure it
    is removed and ``path`` is untouched."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise PackIOError(f"could not write '{path}': {exc}") from None
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "w+b") as handle:
            yield handle
            handle.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise PackIOError(f"could not write '{path}': {exc}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
