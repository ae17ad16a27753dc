"""Entry point of `python -m hipbreak.stretch`."""

from __future__ import annotations

import sys

from hipbreak.stretch.command import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
