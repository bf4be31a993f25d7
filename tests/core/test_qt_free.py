"""The core never imports Qt: checked in a fresh interpreter and in the source."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "trainer" / "core"


def core_modules() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(CORE.parents[1]).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = core_modules()
    assert "trainer.core.loader" in modules and "trainer.core.engine" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == ""


def test_no_core_source_mentions_pyside() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6)", re.MULTILINE)
    offenders = [p for p in CORE.rglob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []
