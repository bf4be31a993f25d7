"""Child process of ``bench/run.py``: the floor for ``trainer validate``.

Reads every Markdown file below a folder (in the order the loader does) and converts it
with python-markdown, reusing one converter: what any check that looks at each file's
Markdown once would cost. Prints the number of files converted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import markdown


def main() -> None:
    converter = markdown.Markdown()
    count = 0
    for folder, dirs, files in os.walk(sys.argv[1]):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith((".md", ".markdown")):
                text = Path(folder, name).read_text("utf-8")
                converter.reset()
                converter.convert(text)
                count += 1
    print(count, flush=True)


if __name__ == "__main__":
    main()
