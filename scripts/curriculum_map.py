"""Write docs/curriculum.md from the shipped content: `python scripts/curriculum_map.py`."""

from __future__ import annotations

import sys
from pathlib import Path

from trainer.core.coverage import curriculum_markdown
from trainer.core.loader import load_library
from trainer.core.paths import shipped_content_dir

TARGET = Path(__file__).resolve().parents[1] / "docs" / "curriculum.md"


def main() -> int:
    library = load_library(shipped_content_dir())
    if library.errors:
        for problem in library.errors:
            print(problem.format(), file=sys.stderr)
        return 1
    TARGET.write_text(curriculum_markdown(library), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
