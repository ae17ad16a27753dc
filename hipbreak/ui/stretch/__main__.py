"""Entry point of `python -m hipbreak.ui.stretch`."""

from __future__ import annotations

import sys

from hipbreak.ui.stretch.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
