"""Start the trainer from a source checkout: ``python main.py`` (same as ``trainer``)."""

import sys

from trainer.cli import main

if __name__ == "__main__":
    sys.exit(main())
