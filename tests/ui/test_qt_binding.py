"""The installed Qt binding survives a long session of ordinary calls.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call that returns
nothing; after a few thousand calls the interpreter aborted mid-session. pyproject.toml
excludes that release; this test fails if such a binding is ever installed again.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROGRAM = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("start")
before = sys.getrefcount(None)
for number in range(20000):
    label.setText(str(number))
    label.setToolTip("tip")
print(sys.getrefcount(None) - before)
"""


def test_twenty_thousand_void_calls_keep_none_alive() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip())) < 100
